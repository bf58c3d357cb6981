// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"
#include "result/notificationrules.h"
#include "result/resultevaluator.h"
#include "result/resultrepository.h"

#include <QCoreApplication>
#include <functional>

namespace benchside {

// Records results: entry, critical-result notification, verification (release) and amendment.
// Each decision is checked against the projections under the journal's write lock and written as
// one event whose subject is the specimen's accession number (so a specimen's journal holds its
// results): result.entered, result.notified, result.verified, result.amended.
class ResultService
{
    Q_DECLARE_TR_FUNCTIONS(ResultService)

public:
    struct Recorded
    {
        Event event;
        ResultEvaluation evaluation; // enter() and amend() only
    };
    struct BatchOutcome
    {
        QStringList verified;
        QList<QPair<QString, QString>> skipped; // order id, why it needs individual attention
    };

    ResultService(EventStore &store, ResultRepository &results, Catalog &catalog);

    // Judges a value without recording it: the flag and delta check as the technician types.
    Result<ResultEvaluation> evaluate(const QString &orderId, const QString &value,
                                      const QString &unit = {}) const;

    // "" when the value is within the test's plausible limits; otherwise what entry would refuse it
    // with, so that the GUI can ask for the confirmation before recording.
    Result<QString> implausibility(const QString &orderId, const QString &value, const QString &unit) const;

    // A value beyond the test's plausible limits is refused as a probable typing or unit error
    // unless `confirmation` says why it is right; the reason is journaled with the value.
    Result<Recorded> enter(const QString &orderId, const QString &value, const QString &unit,
                           const QString &actor, const QString &confirmation = {});
    // For use inside a journal write (EventStore::write's decision): the result.entered draft of a
    // value an analyzer measured, judged like a typed one, with `instrument` (analyzer, its code, the
    // specimen ID it read, when it measured, its flags and status) in the payload. Refused, with the
    // reason, where a person must look instead: the order cannot take a value now (not received,
    // released, cancelled), or the value is beyond the test's plausible limits.
    struct InstrumentEntry
    {
        EventDraft draft;
        OrderResult order;
        ResultEvaluation evaluation;
    };
    Result<InstrumentEntry> instrumentEntry(const QString &orderId, const QString &value, const QString &unit,
                                            const QJsonObject &instrument) const;
    Result<Event> notify(const QString &orderId, const Notification &notification, const QString &actor);
    Result<Event> verify(const QString &orderId, const QString &actor);
    Result<Recorded> amend(const QString &orderId, const QString &value, const QString &unit,
                           const QString &reason, const QString &actor, const QString &confirmation = {});
    // Releases the normal results among `orderIds` (flag N or none, delta within or not checked,
    // judged by the patient's own range) in one transaction; abnormal, critical, delta-failed ones,
    // those judged without a known range, confirmed implausible values and analyzer results with
    // flags other than N, a status that is not final or comments are skipped for individual review.
    Result<BatchOutcome> verifyNormal(const QStringList &orderIds, const QString &actor);

    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

private:
    Result<OrderResult> load(const QString &orderId) const;
    // The evaluation of a value about to be recorded, refused when implausible and unconfirmed.
    Result<ResultEvaluation> evaluateForRecord(const OrderResult &order, const QString &value,
                                               const QString &unit, const QString &confirmation) const;
    enum class Release { One, BatchOfNormal };
    // Why "Release all normal" leaves a result for individual review, if it does.
    static std::optional<QString> batchHold(const OrderResult &order, const ResultSpec &spec);
    Result<EventDraft> decideVerify(const QString &orderId, const QString &actor, Release release) const;
    // `payload` with "base": the order's last value-changing event this station knows of.
    Result<QJsonObject> withBase(const QString &orderId, QJsonObject payload) const;
    qint64 now() const;

    EventStore &m_store;
    ResultRepository &m_results;
    Catalog &m_catalog;
    std::function<qint64()> m_clock;
};

} // namespace benchside
