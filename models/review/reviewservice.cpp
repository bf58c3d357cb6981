// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/reviewservice.h"

#include "auth/permissions.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

Result<QList<ReviewFlag>> ReviewService::flags(const QString &accession) const
{
    using R = Result<QList<ReviewFlag>>;
    QSqlQuery q(m_store.database());
    q.setForwardOnly(true);
    // Every flag of one specimen, or the open flags of all of them.
    q.prepare(
        QStringLiteral("SELECT event_id, other_event, accession, order_id, reason, flagged_at, resolved_by, "
                       "coalesce(resolved_at, 0), resolution FROM review_flags "
                       "WHERE accession = ? OR (? = '' AND resolved_by = '') ORDER BY hlc"));
    q.addBindValue(accession);
    q.addBindValue(accession);
    if (!q.exec())
        return R::failure(tr("Cannot read the review list: %1").arg(q.lastError().text()));
    QList<ReviewFlag> out;
    while (q.next()) {
        out << ReviewFlag{q.value(0).toString(), q.value(1).toString(),   q.value(2).toString(),
                          q.value(3).toString(), q.value(4).toString(),   q.value(5).toLongLong(),
                          q.value(6).toString(), q.value(7).toLongLong(), q.value(8).toString()};
    }
    return out;
}

Result<Event> ReviewService::resolve(const QString &accession, const QString &resolution,
                                     const QString &actor)
{
    using R = Result<QList<EventDraft>>;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> R {
        if (Status s =
                Permissions(m_catalog, m_store.station().defaultActor).check(actor, Permission::DecideReview);
            !s)
            return R::failure(s.error());
        if (resolution.trimmed().isEmpty())
            return R::failure(tr("Say which result stands and why (--note)."));
        Result<QList<ReviewFlag>> all = flags(accession);
        if (!all)
            return R::failure(all.error());
        QJsonArray open;
        for (const ReviewFlag &f : all.value()) {
            if (f.resolvedBy.isEmpty())
                open.append(f.eventId);
        }
        if (open.isEmpty())
            return R::failure(tr("%1 has nothing waiting for review.").arg(accession));
        return QList<EventDraft>{{QStringLiteral("review.resolved"), accession,
                                  QJsonObject{{QStringLiteral("flags"), open},
                                              {QStringLiteral("resolution"), resolution.trimmed()}}}};
    });
    if (!written)
        return Result<Event>::failure(written.error());
    return written.value().first();
}

} // namespace benchside
