// SPDX-License-Identifier: GPL-3.0-or-later
#include "projection/rebuildcheck.h"

#include "projection/projector.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace benchside {

Result<QStringList> RebuildCheck::differences(Database &live)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return Result<QStringList>::failure(tr("Cannot create a scratch folder for the check."));
    Result<std::unique_ptr<Database>> scratch = Database::open(dir.filePath(QStringLiteral("rebuild.db")));
    if (!scratch)
        return Result<QStringList>::failure(scratch.error());
    QSqlDatabase db = scratch.value()->connection();

    QSqlQuery attach(db);
    attach.prepare(QStringLiteral("ATTACH DATABASE ? AS live"));
    attach.addBindValue(live.path());
    if (!attach.exec())
        return Result<QStringList>::failure(
            tr("Cannot read %1: %2").arg(live.path(), attach.lastError().text()));
    QSqlQuery copy(db);
    if (!copy.exec(QStringLiteral("INSERT INTO main.journal SELECT * FROM live.journal")))
        return Result<QStringList>::failure(tr("Cannot copy the journal: %1").arg(copy.lastError().text()));

    if (Status s = Projector(db).rebuild(); !s)
        return Result<QStringList>::failure(s.error());

    QStringList found;
    for (const QString &table : Projector::tables()) {
        for (const auto &[from, against, what] :
             {std::tuple{QStringLiteral("main"), QStringLiteral("live"), tr("missing from the live table")},
              std::tuple{QStringLiteral("live"), QStringLiteral("main"),
                         tr("in the live table but not in the journal")}}) {
            QSqlQuery diff(db);
            const QString sql =
                QStringLiteral("SELECT count(*) FROM (SELECT * FROM %1.%3 EXCEPT SELECT * FROM %2.%3)")
                    .arg(from, against, table);
            if (!diff.exec(sql) || !diff.next())
                return Result<QStringList>::failure(
                    tr("Cannot compare %1: %2").arg(table, diff.lastError().text()));
            const qint64 n = diff.value(0).toLongLong();
            if (n > 0)
                found << tr("%1: %2 row(s) %3").arg(table).arg(n).arg(what);
        }
    }
    return found;
}

} // namespace benchside
