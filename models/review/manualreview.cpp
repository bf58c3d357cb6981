// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/manualreview.h"

#include "auth/permissions.h"

#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

Result<Event> ManualReview::mark(const QString &accession, const QString &reason, const QString &actor)
{
    return set(accession, true, reason, actor);
}

Result<Event> ManualReview::clear(const QString &accession, const QString &reason, const QString &actor)
{
    return set(accession, false, reason, actor);
}

Result<std::optional<QString>> ManualReview::reason(const QString &accession) const
{
    using R = Result<std::optional<QString>>;
    QSqlQuery q(m_store.database());
    q.prepare(QStringLiteral("SELECT manual_review FROM specimens WHERE accession = ?"));
    q.addBindValue(accession);
    if (!q.exec())
        return R::failure(tr("Cannot read the specimen: %1").arg(q.lastError().text()));
    if (!q.next())
        return R::failure(tr("No specimen %1 is known here.").arg(accession));
    if (q.value(0).isNull())
        return std::optional<QString>();
    return std::optional<QString>(q.value(0).toString());
}

Result<Event> ManualReview::set(const QString &accession, bool marked, const QString &reason,
                                const QString &actor)
{
    using R = Result<QList<EventDraft>>;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> R {
        const Permission needed = marked ? Permission::BenchWork : Permission::VerifyResults;
        if (Status s = Permissions(m_catalog, m_store.station().defaultActor).check(actor, needed); !s)
            return R::failure(s.error());
        if (reason.trimmed().isEmpty())
            return R::failure(
                marked ? tr("Say why %1 needs a person's review (--reason).").arg(accession)
                       : tr("Say why %1 no longer needs a person's review (--reason).").arg(accession));
        Result<std::optional<QString>> current = this->reason(accession);
        if (!current)
            return R::failure(current.error());
        if (marked && current.value())
            return R::failure(
                tr("%1 is already marked for manual review: %2").arg(accession, *current.value()));
        if (!marked && !current.value())
            return R::failure(tr("%1 is not marked for manual review.").arg(accession));
        return QList<EventDraft>{
            {QStringLiteral("specimen.review_marked"), accession,
             QJsonObject{{QStringLiteral("marked"), marked}, {QStringLiteral("reason"), reason.trimmed()}}}};
    });
    if (!written)
        return Result<Event>::failure(written.error());
    return written.value().first();
}

} // namespace benchside
