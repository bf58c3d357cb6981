// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/permissions.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"
#include "qc/qcanalyzermapping.h"
#include "qc/qccsvimporter.h"
#include "qc/qclockout.h"
#include "qc/qclot.h"
#include "qc/qcpattern.h"
#include "qc/qcrepository.h"

#include <QCoreApplication>
#include <functional>
#include <optional>

namespace benchside {

// Records quality control: lots and their targets, runs (by hand or from an analyzer's CSV), rule
// sets, analyzer mappings, and what a lockout needs (corrective action, look-back review, override).
// Every decision is checked against the projections under the journal's write lock and written as
// qc.* events (docs/decisions.md, "Quality control"); the projector judges each run as it is applied.
class QcService
{
    Q_DECLARE_TR_FUNCTIONS(QcService)

public:
    struct LotDefinition
    {
        QString testCode;
        QString lot;
        int level = 0;
        std::optional<double> mean; // both empty: the lot establishes its own targets
        std::optional<double> sd;
        QString material;
        QString expires; // ISO date, last day of use; empty for none
    };
    struct RecordedRun
    {
        QString runId;
        QString testCode;
        QString status;            // accepted, warning, rejected, establishing
        QList<QcResultRow> values; // the whole run as judged, including values recorded before
        QList<QcLot> targetsSet;   // lot levels whose targets this recording established
    };
    struct RejectedValue
    {
        int line = 0; // the CSV line; 0 for values entered by hand
        QString testCode;
        QString lot;
        int level = 0;
        QString reason;
    };
    struct Recording
    {
        QList<RecordedRun> runs;
        QList<RejectedValue> rejected;
        int recordedValues = 0;
    };

    QcService(EventStore &store, Catalog &catalog);

    Result<Event> defineLot(const LotDefinition &definition, const QString &actor);
    // The analyzer specimen IDs that are this lot and level (QcPattern). Refused when the pattern
    // matches a tube already here: a patient's tube must never be taken for a control.
    Result<Event> definePattern(const QcPattern &pattern, const QString &actor);
    Result<QList<QcPattern>> patterns(const QString &testCode) const;
    // For use inside a journal write (an analyzer message's): the events that record `runs`, leaving
    // out what cannot be recorded, with the reason, in `outcome.rejected`.
    Result<QList<EventDraft>> recordingDrafts(const QList<QcRunDraft> &runs, Recording &outcome);
    // Targets for a lot level that is still establishing (from the insert after all, say); targets
    // once set are frozen.
    Result<Event> setTargets(const QString &testCode, const QString &lot, int level, double mean, double sd,
                             const QString &actor);
    // Records one run; refuses it whole when any value cannot be recorded.
    Result<RecordedRun> record(const QcRunDraft &run, const QString &actor);
    // Records every value that can be recorded, in one transaction, and says why the others were not.
    // Runs are recorded in the order given (an importer sorts them by time first).
    Result<Recording> recordAll(const QList<QcRunDraft> &runs, const QString &actor);
    // An analyzer's export read with its column mapping and recorded as recordAll() does. `bad`
    // holds every row left out, unreadable or refused, by line. Fails only when the file cannot
    // be read at all (or the database cannot be written).
    struct Import
    {
        Recording recording;
        QList<QcCsvImporter::BadRow> bad;
    };
    Result<Import> importExport(const QByteArray &data, const QcAnalyzerMapping &mapping,
                                const QString &actor);

    Result<Event> configureRules(const QString &testCode, const QString &rules, const QString &actor);
    Result<Event> defineAnalyzer(const QcAnalyzerMapping &mapping, const QString &actor);

    Result<Event> correctiveAction(const QString &testCode, const QString &action, const QString &actor);
    // outcome: stands, amended or retested; a note is required unless the result stands. The
    // look-back is the newest lockout's of the test, or the one `runId` opened.
    Result<Event> reviewLookback(const QString &testCode, const QString &orderId, const QString &outcome,
                                 const QString &note, const QString &actor, const QString &runId = {});
    Result<Event> overrideLockout(const QString &testCode, const QString &reason, const QString &actor);

    static const QStringList &reviewOutcomes();

    void setClock(std::function<qint64()> clock) { m_clock = std::move(clock); }

private:
    Result<TestDefinition> qcTest(const QString &testCode) const;
    Result<QList<EventDraft>> decideRecording(const QList<QcRunDraft> &runs, bool strict, Recording &outcome,
                                              QList<QPair<QString, QString>> &recordedRuns);
    Result<QcLockoutEpisode> openEpisode(const TestDefinition &test) const;
    qint64 now() const;

    EventStore &m_store;
    Catalog &m_catalog;
    Permissions m_permissions;
    QcRepository m_repository;
    QcLockout m_lockout;
    std::function<qint64()> m_clock;
};

} // namespace benchside
