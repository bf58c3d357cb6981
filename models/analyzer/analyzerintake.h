// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/analyzerdefinition.h"
#include "core/result.h"
#include "journal/event.h"
#include "qc/qclot.h"
#include "qc/qcpattern.h"
#include "result/resultservice.h"
#include "store/statementcache.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QSet>
#include <functional>

namespace benchside {

class Lab;
class AstmMessage;
struct AstmOrder;
struct AstmResult;

// What an analyzer sent, taken in: each E1394 message of a session in one journal transaction
// (instrument.received with the message's text, then its results), so that a message is recorded
// whole or not at all. A result for a known tube and an ordered test becomes result.entered, judged
// like a typed one and marked with the analyzer, its flags and when it measured. Anything else (an
// unknown tube, a test not ordered or not in the map, a foreign unit, a tube not yet received, a
// released result, an implausible value, a measurement the analyzer could not make) becomes
// instrument.unmatched with the reason, for a person to match or discard: nothing is dropped. A
// reading already recorded by an earlier message (same analyzer, sample, code and measurement time,
// and the same value, unit, status and flags) adds nothing; within one message nothing is a repeat. A host
// query (Q) is answered with the tests ordered on the tube that this analyzer runs, and journaled.
class AnalyzerIntake
{
    Q_DECLARE_TR_FUNCTIONS(AnalyzerIntake)

public:
    // A reading that went to the unmatched list although its tube and test were found.
    struct Held
    {
        QString accession;
        QString test;
        QString reason;
    };
    struct Outcome
    {
        int records = 0;      // every record of every message
        int results = 0;      // R records
        int matched = 0;      // entered into the worklist
        int unmatched = 0;    // no tube, test not ordered, code not in the map
        int duplicates = 0;   // recorded before
        int qcValues = 0;     // readings of control material (QC patterns), recorded as QC
        int qcRuns = 0;       // the QC runs they made
        int autoverified = 0; // entered and released by the test's autoverification rules
        int heldByRules = 0;  // entered, and held by those rules for a person
        QList<Held> held;
        QList<QList<QByteArray>> answers; // host-query answers to send, one message each
        QStringList notes;                // what a person should know: messages not taken and why
    };

    AnalyzerIntake(Lab &lab, QString actor);

    // One session's text as AstmLink::takeMessages() gives it (or a file's records, one per line).
    Result<Outcome> receive(const AnalyzerDefinition &analyzer, const QByteArray &sessionText);

    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

private:
    struct Reading
    {
        QString specimenId;
        QString measuredAt;
        const AstmResult *result = nullptr;
        bool control = false; // the analyzer says it ran a control (O-12 action code Q)
        QJsonObject indices;  // the specimen's serum indices ("H", "L", "I") sent in the same order
    };
    Status takeMessage(const AnalyzerDefinition &analyzer, const AstmMessage &message, Outcome &out);
    // Records that could not be read as a message (none has an H record before it): journaled as
    // instrument.received, not taken, with the reason.
    Status keepUnread(const AnalyzerDefinition &analyzer, const QStringList &records, const QString &note);
    // The event for one reading: result.entered, instrument.unmatched, or none for a repeat.
    Result<std::optional<EventDraft>> judge(const AnalyzerDefinition &analyzer, const Reading &r,
                                            ResultService &results, QSet<QString> &seen, Outcome &out);
    // Whether a reading with this key was recorded before, and with the same measurement.
    enum class Recorded { No, Same, Differently };
    Result<Recorded> recordedBefore(const AnalyzerDefinition &analyzer, const QString &specimenId,
                                    const QString &code, const QString &measuredAt, const QString &measured);
    static QJsonObject serumIndices(const AnalyzerDefinition &analyzer, const AstmOrder &order);
    Result<QList<QByteArray>> answer(const AnalyzerDefinition &analyzer, const AstmMessage &message,
                                     QJsonArray &journaled);
    // Our accession number for what the analyzer read on the tube: ours, or the ward's label of one
    // tube; empty when no tube is known. A label of several tubes is a problem of the data, not a
    // failure: `problem` says why no tube is taken.
    struct Tube
    {
        QString accession;
        QString problem;
    };
    Result<Tube> accessionOf(const QString &specimenId) const;
    // A control's reading: collected into the message's QC run for its test; nullopt when the
    // specimen ID is no control of that test.
    Result<std::optional<EventDraft>> takeQc(const AnalyzerDefinition &analyzer, const Reading &r,
                                             const AnalyzerMapEntry &entry, bool &taken, Outcome &out);
    Status recordQc(const AnalyzerDefinition &analyzer, QList<EventDraft> &drafts, Outcome &out);

    // The QC of the message being taken in: one run per test, its values, and the readings (for
    // recognising a repeat), reset for each message.
    struct QcCollected
    {
        QMap<QString, QcRunDraft> runs;       // by test, in a stable order
        QHash<QString, QJsonObject> readings; // "test|lot|level" → the reading, for refusals
        QJsonArray keys;
        QHash<QString, QList<QcPattern>> patterns; // by test
    };
    QcCollected m_qc;
    // The entry judge() just made, for the autoverification decision on it.
    std::optional<ResultService::InstrumentEntry> m_entry;

    Lab &m_lab;
    QString m_actor;
    StatementCache m_statements; // the per-reading lookups, prepared once
    std::function<QDateTime()> m_clock;
};

} // namespace benchside
