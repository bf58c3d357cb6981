// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/resultservice.h"

#include "qc/qclockout.h"
#include "result/entryrules.h"
#include "result/verificationrules.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSet>

namespace benchside {

namespace {
template<typename T> Result<T> fail(const QString &message)
{
    return Result<T>::failure(message);
}
} // namespace

ResultService::ResultService(EventStore &store, ResultRepository &results, Catalog &catalog)
    : m_store(store), m_results(results), m_catalog(catalog)
{}

qint64 ResultService::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

Result<QJsonObject> ResultService::withBase(const QString &orderId, QJsonObject payload) const
{
    Result<QString> base = m_results.lastEvent(orderId);
    if (!base)
        return fail<QJsonObject>(base.error());
    payload.insert(QStringLiteral("base"), base.value());
    return payload;
}

Result<OrderResult> ResultService::load(const QString &orderId) const
{
    Result<std::optional<OrderResult>> o = m_results.order(orderId.trimmed());
    if (!o)
        return fail<OrderResult>(o.error());
    if (!o.value())
        return fail<OrderResult>(tr("No test order %1 is known at this station.").arg(orderId));
    return *o.value();
}

Result<ResultEvaluation> ResultService::evaluate(const QString &orderId, const QString &value,
                                                 const QString &unit) const
{
    Result<OrderResult> o = load(orderId);
    if (!o)
        return fail<ResultEvaluation>(o.error());
    return ResultEvaluator(m_results).evaluate(o.value(), value, unit);
}

Result<QString> ResultService::implausibility(const QString &orderId, const QString &value,
                                              const QString &unit) const
{
    Result<OrderResult> o = load(orderId);
    if (!o)
        return fail<QString>(o.error());
    Result<ResultEvaluation> e = ResultEvaluator(m_results).evaluate(o.value(), value, unit);
    if (!e)
        return fail<QString>(e.error());
    return e.value().implausibility;
}

Result<ResultEvaluation> ResultService::evaluateForRecord(const OrderResult &order, const QString &value,
                                                          const QString &unit,
                                                          const QString &confirmation) const
{
    Result<ResultEvaluation> e = ResultEvaluator(m_results).evaluate(order, value, unit);
    if (!e || !e.value().implausible)
        return e;
    if (confirmation.trimmed().isEmpty())
        return fail<ResultEvaluation>(e.value().implausibility);
    e.value().implausibleReason = confirmation.trimmed();
    return e;
}

Result<ResultService::Recorded> ResultService::enter(const QString &orderId, const QString &value,
                                                     const QString &unit, const QString &actor,
                                                     const QString &confirmation)
{
    ResultEvaluation evaluation;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<OrderResult> o = load(orderId);
        if (!o)
            return R::failure(o.error());
        if (Status s = EntryRules::canEnter(o.value()); !s)
            return R::failure(s.error());
        Result<ResultEvaluation> e = evaluateForRecord(o.value(), value, unit, confirmation);
        if (!e)
            return R::failure(e.error());
        evaluation = e.value();
        Result<QJsonObject> payload = withBase(orderId, evaluation.payload());
        if (!payload)
            return R::failure(payload.error());
        return QList<EventDraft>{{QStringLiteral("result.entered"), o.value().accession, payload.value()}};
    });
    if (!written)
        return fail<Recorded>(written.error());
    return Recorded{written.value().first(), evaluation};
}

Result<ResultService::InstrumentEntry> ResultService::instrumentEntry(const QString &orderId,
                                                                      const QString &value,
                                                                      const QString &unit,
                                                                      const QJsonObject &instrument) const
{
    Result<OrderResult> o = load(orderId);
    if (!o)
        return fail<InstrumentEntry>(o.error());
    if (Status s = EntryRules::canEnter(o.value()); !s)
        return fail<InstrumentEntry>(s.error());
    Result<ResultEvaluation> e = evaluateForRecord(o.value(), value, unit, QString());
    if (!e)
        return fail<InstrumentEntry>(e.error());
    QJsonObject payload = e.value().payload();
    payload.insert(QStringLiteral("instrument"), instrument);
    Result<QJsonObject> based = withBase(orderId, payload);
    if (!based)
        return fail<InstrumentEntry>(based.error());
    return InstrumentEntry{EventDraft{QStringLiteral("result.entered"), o.value().accession, based.value()},
                           o.value(), e.value()};
}

Result<ResultService::Recorded> ResultService::amend(const QString &orderId, const QString &value,
                                                     const QString &unit, const QString &reason,
                                                     const QString &actor, const QString &confirmation)
{
    ResultEvaluation evaluation;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<OrderResult> o = load(orderId);
        if (!o)
            return R::failure(o.error());
        if (Status s = EntryRules::canAmend(o.value(), reason); !s)
            return R::failure(s.error());
        Result<ResultEvaluation> e = evaluateForRecord(o.value(), value, unit, confirmation);
        if (!e)
            return R::failure(e.error());
        evaluation = e.value();
        Result<QJsonObject> payload = withBase(orderId, evaluation.payload());
        if (!payload)
            return R::failure(payload.error());
        payload.value().insert(QStringLiteral("reason"), reason.trimmed());
        payload.value().insert(QStringLiteral("replaces"), o.value().result->value);
        return QList<EventDraft>{{QStringLiteral("result.amended"), o.value().accession, payload.value()}};
    });
    if (!written)
        return fail<Recorded>(written.error());
    return Recorded{written.value().first(), evaluation};
}

Result<Event> ResultService::notify(const QString &orderId, const Notification &n, const QString &actor)
{
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<OrderResult> o = load(orderId);
        if (!o)
            return R::failure(o.error());
        const qint64 at = n.atMs > 0 ? n.atMs : now();
        if (Status s = NotificationRules::check(o.value(), n, now()); !s)
            return R::failure(s.error());
        return QList<EventDraft>{{QStringLiteral("result.notified"), o.value().accession,
                                  QJsonObject{{QStringLiteral("order_id"), o.value().orderId},
                                              {QStringLiteral("to"), n.to.trimmed()},
                                              {QStringLiteral("at"), static_cast<double>(at)},
                                              {QStringLiteral("read_back"), true},
                                              {QStringLiteral("value"), o.value().result->value},
                                              {QStringLiteral("unit"), o.value().result->unit},
                                              {QStringLiteral("flag"), o.value().result->flag}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

std::optional<QString> ResultService::batchHold(const OrderResult &o, const ResultSpec &spec)
{
    if (!o.result)
        return std::nullopt; // VerificationRules says why there is nothing to release
    const ResultRecord &r = *o.result;
    const ResultFlag flag = ResultJudge::currentFlag(o, spec);
    if (ResultFlags::isAbnormal(flag))
        return tr("flagged %1: review it on its own").arg(ResultFlags::code(flag));
    if (ResultJudge::recordedUnjudged(o) || !r.rangeBasis.isEmpty())
        return tr("judged without the patient's own range (%1): review it on its own")
            .arg(r.rangeBasis.isEmpty() ? tr("recorded before ranges were judged for every patient")
                                        : ResultJudge::basisText(r.rangeBasis));
    if (!r.implausibleReason.isEmpty())
        return tr("confirmed beyond the plausible limits: review it on its own");
    if (r.delta == QLatin1String("exceeded"))
        return tr("delta check exceeded: review it on its own");
    // What the analyzer said about it is for a person to read, not for a batch to pass over.
    if (!r.instrumentStatus.isEmpty())
        return tr("the analyzer's status is %1, not final: review it on its own").arg(r.instrumentStatus);
    QStringList flags = r.instrumentFlags;
    flags.removeAll(QStringLiteral("N"));
    if (!flags.isEmpty())
        return tr("the analyzer flagged it %1: review it on its own").arg(flags.join(QStringLiteral(", ")));
    if (!r.instrumentComments.isEmpty())
        return tr("the analyzer commented on it (%1): review it on its own")
            .arg(r.instrumentComments.join(QStringLiteral("; ")));
    return std::nullopt;
}

Result<EventDraft> ResultService::decideVerify(const QString &orderId, const QString &actor,
                                               Release release) const
{
    Result<OrderResult> o = load(orderId);
    if (!o)
        return fail<EventDraft>(o.error());
    Result<ResultSpec> spec = m_results.spec(o.value().testCode);
    if (!spec)
        return fail<EventDraft>(spec.error());
    if (release == Release::BatchOfNormal) {
        if (std::optional<QString> held = batchHold(o.value(), spec.value()))
            return fail<EventDraft>(*held);
    }
    // While the test's latest QC run on the bench is rejected, none of its results is released
    // (issue 5): checked here, under the write lock, for single and batch verification alike.
    Result<std::optional<QString>> blocked =
        QcLockout(m_store.database()).releaseBlock(o.value().testCode, o.value().bench);
    if (!blocked)
        return fail<EventDraft>(blocked.error());
    if (blocked.value())
        return fail<EventDraft>(*blocked.value());
    if (Status s = VerificationRules::check(o.value(), spec.value(), m_catalog.user(actor)); !s)
        return fail<EventDraft>(s.error());
    const ResultRecord &r = *o.value().result;
    QJsonObject released{{QStringLiteral("order_id"), o.value().orderId},
                         {QStringLiteral("value"), r.value},
                         {QStringLiteral("unit"), r.unit},
                         {QStringLiteral("flag"), r.flag}};
    // The release says how its flag was judged, as the entry did.
    if (!r.rangeBasis.isEmpty())
        released.insert(QStringLiteral("range_basis"), r.rangeBasis);
    Result<QJsonObject> payload = withBase(orderId, released);
    if (!payload)
        return fail<EventDraft>(payload.error());
    return EventDraft{QStringLiteral("result.verified"), o.value().accession, payload.value()};
}

Result<Event> ResultService::verify(const QString &orderId, const QString &actor)
{
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        Result<EventDraft> d = decideVerify(orderId, actor, Release::One);
        if (!d)
            return Result<QList<EventDraft>>::failure(d.error());
        return QList<EventDraft>{d.value()};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<ResultService::BatchOutcome> ResultService::verifyNormal(const QStringList &orderIds,
                                                                const QString &actor)
{
    BatchOutcome outcome;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        outcome = {};
        QList<EventDraft> drafts;
        QSet<QString> seen;
        for (const QString &id : orderIds) {
            if (seen.contains(id))
                continue;
            seen.insert(id);
            Result<EventDraft> d = decideVerify(id, actor, Release::BatchOfNormal);
            if (!d) {
                outcome.skipped.append({id, d.error()});
                continue;
            }
            drafts << d.value();
            outcome.verified << d.value().payload.value(QLatin1String("order_id")).toString();
        }
        return drafts;
    });
    if (!written)
        return fail<BatchOutcome>(written.error());
    return outcome;
}

} // namespace benchside
