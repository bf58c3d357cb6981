// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal/chainverifier.h"

#include "journal/event.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace benchside {

QString ChainVerifier::problemName(Problem p)
{
    switch (p) {
    case Problem::Altered:
        return QStringLiteral("altered");
    case Problem::Removed:
        return QStringLiteral("removed");
    case Problem::Inserted:
        return QStringLiteral("inserted");
    case Problem::Reordered:
        return QStringLiteral("reordered");
    }
    return {};
}

Result<ChainVerifier::Report> ChainVerifier::verify() const
{
    QSqlQuery stations(m_db);
    stations.prepare(QStringLiteral("SELECT station_id FROM journal UNION SELECT station_id FROM chain_heads "
                                    "ORDER BY 1"));
    if (!stations.exec())
        return Result<Report>::failure(tr("Cannot read the journal: %1").arg(stations.lastError().text()));
    QStringList ids;
    while (stations.next())
        ids << stations.value(0).toString();

    Report report;
    report.stations = static_cast<int>(ids.size());
    for (const QString &id : std::as_const(ids)) {
        Result<std::optional<Finding>> r = verifyStation(id, report.entries);
        if (!r)
            return Result<Report>::failure(r.error());
        if (r.value()) {
            report.finding = r.value();
            break;
        }
    }
    return report;
}

Result<std::optional<ChainVerifier::Finding>> ChainVerifier::verifyStation(const QString &stationId,
                                                                           qint64 &entries) const
{
    using R = Result<std::optional<Finding>>;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM journal WHERE station_id = ? ORDER BY station_seq")
                  .arg(QLatin1String(Event::Columns)));
    q.addBindValue(stationId);
    if (!q.exec())
        return R::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));

    auto finding = [&](Problem p, qint64 seq, const QString &eventId, const QString &message) {
        return R(std::optional<Finding>(Finding{p, stationId, seq, eventId, message}));
    };

    qint64 expected = 1;
    QString prevHash = Event::genesisHash();
    while (q.next()) {
        const Event e = Event::fromRow(q);
        ++entries;

        if (e.stationSeq > expected)
            return finding(Problem::Removed, expected, QString(),
                           tr("station %1: entry %2 is missing (removed); the chain jumps from %3 to %4")
                               .arg(stationId)
                               .arg(expected)
                               .arg(expected - 1)
                               .arg(e.stationSeq));
        if (e.stationSeq < expected)
            return finding(Problem::Inserted, e.stationSeq, e.id,
                           tr("station %1: entry %2 appears twice (an entry was inserted)")
                               .arg(stationId)
                               .arg(e.stationSeq));
        if (e.computeHash() != e.hash)
            return finding(
                Problem::Altered, e.stationSeq, e.id,
                tr("station %1: entry %2 (%3 %4) was altered: its content no longer matches its hash")
                    .arg(stationId)
                    .arg(e.stationSeq)
                    .arg(e.kind, e.subject));
        if (e.prevHash != prevHash) {
            QSqlQuery other(m_db);
            other.prepare(
                QStringLiteral("SELECT station_seq FROM journal WHERE station_id = ? AND hash = ?"));
            other.addBindValue(stationId);
            other.addBindValue(e.prevHash);
            if (other.exec() && other.next())
                return finding(
                    Problem::Reordered, e.stationSeq, e.id,
                    tr("station %1: entry %2 (%3 %4) was reordered: it was written after entry %5, "
                       "not after entry %6")
                        .arg(stationId)
                        .arg(e.stationSeq)
                        .arg(e.kind, e.subject)
                        .arg(other.value(0).toLongLong())
                        .arg(e.stationSeq - 1));
            return finding(
                Problem::Inserted, e.stationSeq, e.id,
                tr("station %1: entry %2 (%3 %4) does not continue the chain: an entry was inserted "
                   "or replaced here")
                    .arg(stationId)
                    .arg(e.stationSeq)
                    .arg(e.kind, e.subject));
        }
        prevHash = e.hash;
        ++expected;
    }

    QSqlQuery head(m_db);
    head.prepare(QStringLiteral("SELECT last_seq, last_hash FROM chain_heads WHERE station_id = ?"));
    head.addBindValue(stationId);
    if (!head.exec())
        return R::failure(tr("Cannot read the journal: %1").arg(head.lastError().text()));
    if (head.next()) {
        const qint64 lastSeq = head.value(0).toLongLong();
        if (lastSeq > expected - 1)
            return finding(Problem::Removed, expected, QString(),
                           tr("station %1: entries %2 to %3 are missing (removed from the end of the chain)")
                               .arg(stationId)
                               .arg(expected)
                               .arg(lastSeq));
        // Every genuine append moves the head in the same transaction: entries beyond it were
        // written behind the store's back.
        if (lastSeq < expected - 1)
            return finding(Problem::Inserted, lastSeq + 1, QString(),
                           tr("station %1: entries after %2 were added outside Benchside (the chain head "
                              "ends at %2)")
                               .arg(stationId)
                               .arg(lastSeq));
        if (lastSeq == expected - 1 && head.value(1).toString() != prevHash)
            return finding(Problem::Altered, lastSeq, QString(),
                           tr("station %1: the newest entry %2 was replaced").arg(stationId).arg(lastSeq));
    }
    return R(std::optional<Finding>());
}

} // namespace benchside
