// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerintake.h"

#include "analyzer/analyzerprojection.h"
#include "astm/astmencoder.h"
#include "astm/astmmessage.h"
#include "autoverify/autoverifyservice.h"
#include "hl7/hl7orderrepository.h"
#include "lab/lab.h"
#include "qc/qcservice.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "result/valueparser.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>
#include <cmath>

namespace benchside {

namespace {
QString subjectOf(const QString &analyzer)
{
    return QStringLiteral("astm:") + analyzer;
}

QJsonArray array(const QStringList &values)
{
    return QJsonArray::fromStringList(values);
}

QString astmPriority(const QString &ours)
{
    if (ours == QLatin1String("stat"))
        return QStringLiteral("S");
    if (ours == QLatin1String("asap"))
        return QStringLiteral("A");
    return QStringLiteral("R");
}
} // namespace

AnalyzerIntake::AnalyzerIntake(Lab &lab, QString actor)
    : m_lab(lab), m_actor(std::move(actor)), m_statements(lab.database().connection()),
      m_clock([] { return QDateTime::currentDateTime(); })
{}

Result<AnalyzerIntake::Outcome> AnalyzerIntake::receive(const AnalyzerDefinition &analyzer,
                                                        const QByteArray &sessionText)
{
    Outcome out;
    const QList<Result<AstmMessage>> messages = AstmMessage::parseSession(sessionText, analyzer.profile);
    for (const Result<AstmMessage> &m : messages) {
        if (!m) {
            // Records before any H record: the link has ACKed them, so they are journaled as
            // received and not taken, with the reason, rather than only logged.
            const QString note =
                tr("Part of the session from %1 was not read: %2").arg(analyzer.name, m.error());
            if (Status s = keepUnread(analyzer, AstmMessage::recordsBeforeHeader(sessionText), note); !s)
                return Result<Outcome>::failure(s.error());
            out.notes << note;
            continue;
        }
        out.records += int(m.value().records().size());
        if (Status s = takeMessage(analyzer, m.value(), out); !s)
            return Result<Outcome>::failure(s.error());
    }
    return out;
}

Status AnalyzerIntake::takeMessage(const AnalyzerDefinition &analyzer, const AstmMessage &message,
                                   Outcome &out)
{
    ResultRepository repository(m_lab.database().connection());
    ResultService results(m_lab.store(), repository, m_lab.catalog());
    AutoverifyService autoverify(m_lab.store(), m_lab.catalog(), m_lab.permissions());
    Outcome counts; // this message's, added to `out` once it is on disk
    QList<QByteArray> reply;
    Result<QList<Event>> written = m_lab.store().write(m_actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        counts = Outcome{};
        reply.clear();
        m_qc = QcCollected{};
        m_entry.reset();
        // The message's own event comes first; its counts are known at the end (drafts[0] then).
        QList<EventDraft> drafts{EventDraft{}};
        QStringList notes = message.notes();
        int inMessage = 0;
        for (const AstmPatient &p : message.patients()) {
            for (const AstmOrder &o : p.orders)
                inMessage += int(o.results.size());
        }
        counts.results = inMessage;
        if (!message.isComplete() && inMessage > 0) {
            // E1394: a message counts once its L record is in; the analyzer sends it again.
            notes << tr("The message has no L record: its %n result(s) were not taken.", nullptr, inMessage);
        } else {
            // Without R-13, R-12 or H-14 a reading has no time of its own: the message's text stands
            // in, so that the same message sent again is still recognised.
            QStringList text;
            for (const AstmRecord &r : message.records())
                text << r.text();
            const QString fallbackTime =
                QStringLiteral("msg:") +
                QString::fromLatin1(QCryptographicHash::hash(text.join(QLatin1Char('\r')).toUtf8(),
                                                             QCryptographicHash::Sha256)
                                        .toHex()
                                        .left(16));
            QSet<QString> seen;
            for (const AstmPatient &p : message.patients()) {
                for (const AstmOrder &o : p.orders) {
                    const QJsonObject indices = serumIndices(analyzer, o);
                    for (const AstmResult &r : o.results) {
                        // The analyzer's own time of the test (R-13, else R-12) before the message's
                        // (H-14): a message resent from the analyzer's memory has a new H-14.
                        QString measured = r.completedAt;
                        if (measured.isEmpty())
                            measured = r.startedAt;
                        if (measured.isEmpty())
                            measured = message.timestamp();
                        if (measured.isEmpty())
                            measured = fallbackTime;
                        Result<std::optional<EventDraft>> d = judge(
                            analyzer,
                            Reading{o.specimenId, measured, &r, o.actionCode == QLatin1String("Q"), indices},
                            results, seen, counts);
                        if (!d)
                            return R::failure(d.error());
                        if (!d.value())
                            continue;
                        drafts << *d.value();
                        if (m_entry) {
                            Result<AutoverifyService::Outcome> decided = autoverify.decide(
                                m_entry->order, m_entry->evaluation,
                                drafts.last().payload.value(QLatin1String("instrument")).toObject(),
                                drafts.last(), int(drafts.size() - 1), m_clock().toMSecsSinceEpoch());
                            m_entry.reset();
                            if (!decided)
                                return R::failure(decided.error());
                            if (decided.value().release) {
                                drafts << *decided.value().release;
                                ++counts.autoverified;
                            } else if (decided.value().decided) {
                                ++counts.heldByRules;
                            }
                        }
                    }
                }
            }
            if (Status s = recordQc(analyzer, drafts, counts); !s)
                return R::failure(s.error());
        }
        QJsonArray queries;
        if (!message.queries().isEmpty()) {
            Result<QList<QByteArray>> a = answer(analyzer, message, queries);
            if (!a)
                return R::failure(a.error());
            reply = a.value();
        }
        QStringList records;
        for (const AstmRecord &r : message.records())
            records << r.text();
        QJsonArray held;
        for (const Held &h : std::as_const(counts.held))
            held.append(QJsonObject{{QStringLiteral("accession"), h.accession},
                                    {QStringLiteral("test"), h.test},
                                    {QStringLiteral("reason"), h.reason}});
        QJsonObject received{{QStringLiteral("analyzer"), analyzer.name},
                             {QStringLiteral("control_id"), message.controlId()},
                             {QStringLiteral("sender"), message.sender().join(QLatin1Char('^'))},
                             {QStringLiteral("records"), int(message.records().size())},
                             {QStringLiteral("results"), counts.results},
                             {QStringLiteral("matched"), counts.matched},
                             {QStringLiteral("unmatched"), counts.unmatched},
                             {QStringLiteral("duplicates"), counts.duplicates},
                             {QStringLiteral("qc_values"), counts.qcValues},
                             {QStringLiteral("qc_runs"), counts.qcRuns},
                             {QStringLiteral("autoverified"), counts.autoverified},
                             {QStringLiteral("held"), held},
                             {QStringLiteral("complete"), message.isComplete()},
                             {QStringLiteral("text"), records.join(QLatin1Char('\r'))}};
        if (!notes.isEmpty())
            received.insert(QStringLiteral("notes"), array(notes));
        counts.notes = notes;
        drafts[0] = EventDraft{QStringLiteral("instrument.received"), subjectOf(analyzer.name), received};
        if (!queries.isEmpty())
            drafts << EventDraft{QStringLiteral("instrument.query_answered"), subjectOf(analyzer.name),
                                 QJsonObject{{QStringLiteral("analyzer"), analyzer.name},
                                             {QStringLiteral("queries"), queries}}};
        return drafts;
    });
    if (!written)
        return Status::failure(tr("The message from %1 could not be recorded (%2); nothing of it was kept.")
                                   .arg(analyzer.name, written.error()));
    out.results += counts.results;
    out.matched += counts.matched;
    out.unmatched += counts.unmatched;
    out.duplicates += counts.duplicates;
    out.qcValues += counts.qcValues;
    out.qcRuns += counts.qcRuns;
    out.autoverified += counts.autoverified;
    out.heldByRules += counts.heldByRules;
    out.held << counts.held;
    out.notes << counts.notes;
    if (!reply.isEmpty())
        out.answers << reply;
    return {};
}

Status AnalyzerIntake::keepUnread(const AnalyzerDefinition &analyzer, const QStringList &records,
                                  const QString &note)
{
    int results = 0;
    for (const QString &r : records) {
        if (r.startsWith(QLatin1Char('R')))
            ++results;
    }
    // What is known of records that were not read: no header, so no sender or control ID, and
    // nothing matched or held; no projection reads instrument.received (the audit shows it whole).
    const QJsonObject received{{QStringLiteral("analyzer"), analyzer.name},
                               {QStringLiteral("records"), int(records.size())},
                               {QStringLiteral("results"), results},
                               {QStringLiteral("complete"), false},
                               {QStringLiteral("taken"), false},
                               {QStringLiteral("notes"), array({note})},
                               {QStringLiteral("text"), records.join(QLatin1Char('\r'))}};
    Result<QList<Event>> written = m_lab.store().write(m_actor, [&]() -> Result<QList<EventDraft>> {
        return QList<EventDraft>{
            EventDraft{QStringLiteral("instrument.received"), subjectOf(analyzer.name), received}};
    });
    if (!written)
        return Status::failure(tr("The message from %1 could not be recorded (%2); nothing of it was kept.")
                                   .arg(analyzer.name, written.error()));
    return {};
}

Result<std::optional<EventDraft>> AnalyzerIntake::judge(const AnalyzerDefinition &analyzer,
                                                        const Reading &reading, ResultService &results,
                                                        QSet<QString> &seen, Outcome &out)
{
    using R = Result<std::optional<EventDraft>>;
    const AstmResult &r = *reading.result;
    const QString key =
        QStringList{reading.specimenId, r.testCode, reading.measuredAt}.join(QLatin1Char('|'));
    QJsonObject instrument{{QStringLiteral("analyzer"), analyzer.name},
                           {QStringLiteral("analyzer_code"), r.testCode},
                           {QStringLiteral("specimen_id"), reading.specimenId},
                           {QStringLiteral("measured_at"), reading.measuredAt},
                           {QStringLiteral("value"), r.value},
                           {QStringLiteral("unit"), r.units},
                           {QStringLiteral("flags"), array(r.flags)},
                           {QStringLiteral("status"), r.status}};
    // A repeat is a reading recorded before (in an earlier message: within one message every R
    // record is a reading of its own) with the same key and the same measurement. The same key with
    // another value, unit, status or flags is a correction or a different reading, never a repeat.
    bool differs = false;
    if (!r.testCode.isEmpty()) {
        Result<Recorded> recorded =
            recordedBefore(analyzer, reading.specimenId, r.testCode, reading.measuredAt,
                           AnalyzerProjection::measuredText(instrument));
        if (!recorded)
            return R::failure(recorded.error());
        if (recorded.value() == Recorded::Same) {
            ++out.duplicates;
            return std::optional<EventDraft>();
        }
        differs = recorded.value() == Recorded::Differently;
    }

    if (!reading.indices.isEmpty())
        instrument.insert(QStringLiteral("indices"), reading.indices);
    // The analyzer's comments on the result (C records after the R: alarms such as "platelet
    // aggregates") travel with it to the worklist and the unmatched list.
    QStringList comments;
    for (const AstmComment &c : r.comments) {
        QStringList parts = c.text; // trimmed by the parser
        parts.removeAll(QString());
        const QString said = parts.join(QLatin1Char(' '));
        if (!said.isEmpty())
            comments << said;
    }
    if (!comments.isEmpty())
        instrument.insert(QStringLiteral("comments"), array(comments));
    QString accession;
    QString test;
    bool found = false; // tube and ordered test both known: a refusal from here on is "held"
    const auto unmatched = [&](const QString &reason) -> R {
        if (found)
            out.held << Held{accession, test, reason};
        else
            ++out.unmatched;
        QJsonObject p = instrument;
        p.insert(QStringLiteral("test"), test);
        p.insert(QStringLiteral("accession"), accession);
        p.insert(QStringLiteral("reason"), reason);
        return std::optional<EventDraft>(EventDraft{QStringLiteral("instrument.unmatched"),
                                                    QStringLiteral("astm:%1|%2").arg(analyzer.name, key), p});
    };

    if (r.testCode.isEmpty())
        return unmatched(tr("The result has no test code where %1's profile (%2) puts it in R-3: check the "
                            "analyzer's profile.")
                             .arg(analyzer.name, AnalyzerDefinition::profileName(analyzer.profile)));
    const AnalyzerMapEntry *entry = analyzer.entryForCode(r.testCode);
    if (!entry)
        return unmatched(tr("%1 does not know the analyzer's test code %2: add it to the analyzer's map.")
                             .arg(analyzer.name, r.testCode));
    if (entry->serumIndex())
        return std::optional<EventDraft>(); // on each of the specimen's results instead
    test = entry->test;
    Result<Tube> tube = accessionOf(reading.specimenId);
    if (!tube)
        return R::failure(tube.error());
    if (!tube.value().problem.isEmpty())
        return unmatched(tube.value().problem);
    accession = tube.value().accession;
    // What the analyzer ran as a control is never a patient's result, whatever its ID reads.
    if (reading.control) {
        if (!accession.isEmpty())
            return unmatched(
                tr("The analyzer ran %1 as a control (O-12 action code Q), but it is a patient's "
                   "tube here: check the sample ID on the analyzer.")
                    .arg(reading.specimenId));
        bool control = false;
        Result<std::optional<EventDraft>> qc = takeQc(analyzer, reading, *entry, control, out);
        if (!qc || control)
            return qc;
        return unmatched(tr("The analyzer ran %1 as a control of %2 (O-12 action code Q), but no QC pattern "
                            "matches it: give its lot and level one with \"qc lot pattern\".")
                             .arg(reading.specimenId, test));
    }
    if (accession.isEmpty()) {
        // Only an ID that is no tube of ours can be a control: a patient's tube is never taken for one.
        bool control = false;
        Result<std::optional<EventDraft>> qc = takeQc(analyzer, reading, *entry, control, out);
        if (!qc || control)
            return qc;
        return unmatched(tr("No tube %1 is known here.").arg(reading.specimenId));
    }
    SqliteStatement &order =
        m_statements.prepared("SELECT order_id FROM test_orders WHERE accession = ? AND "
                              "test_code = ? AND status <> 'cancelled' ORDER BY order_id "
                              "LIMIT 1");
    order.addBindValue(accession);
    order.addBindValue(test);
    if (!order.exec())
        return R::failure(tr("Cannot read the orders: %1").arg(order.errorText()));
    const QString orderId = order.next() ? order.value(0).toString() : QString();
    order.finish();
    if (orderId.isEmpty())
        return unmatched(tr("%1 is not ordered on %2.").arg(test, accession));
    found = true;

    if (r.status == QLatin1String("X") || r.value.trimmed().isEmpty())
        return unmatched(tr("The analyzer could not measure it (status %1, value \"%2\").")
                             .arg(r.status.isEmpty() ? QStringLiteral("–") : r.status, r.value));
    Result<std::pair<QString, QString>> ours = entry->toOurs(r.value, r.units);
    if (!ours)
        return unmatched(ours.error());
    // The same measurement sent before with another result: a correction (R-9 C) is a new value
    // (judged like any, so a released result is held); anything else a person must look at.
    if (differs && r.status != QLatin1String("C"))
        return unmatched(tr("%1 sent %2 for this measurement before (%3, measured %4) with another value, "
                            "unit, status or flags, and not as a correction: check which is right.")
                             .arg(analyzer.name, r.testCode, reading.specimenId, reading.measuredAt));
    if (seen.contains(QStringLiteral("order:") + orderId))
        return unmatched(tr("A second value for %1 in the same message.").arg(orderId));
    seen.insert(QStringLiteral("order:") + orderId);
    Result<ResultService::InstrumentEntry> entered =
        results.instrumentEntry(orderId, ours.value().first, ours.value().second, instrument);
    if (!entered)
        return unmatched(entered.error());
    ++out.matched;
    m_entry = entered.value();
    return std::optional<EventDraft>(entered.value().draft);
}

Result<std::optional<EventDraft>> AnalyzerIntake::takeQc(const AnalyzerDefinition &analyzer,
                                                         const Reading &reading,
                                                         const AnalyzerMapEntry &entry, bool &taken,
                                                         Outcome &out)
{
    using R = Result<std::optional<EventDraft>>;
    // Read once per test and message: a rack of unknown tubes asks the same question many times.
    if (!m_qc.patterns.contains(entry.test)) {
        Result<QList<QcPattern>> read = QcService(m_lab.store(), m_lab.catalog()).patterns(entry.test);
        if (!read)
            return R::failure(read.error());
        m_qc.patterns.insert(entry.test, read.value());
    }
    const QList<QcPattern> &patterns = m_qc.patterns[entry.test];
    const auto match = std::find_if(patterns.cbegin(), patterns.cend(),
                                    [&](const QcPattern &p) { return p.matches(reading.specimenId); });
    if (match == patterns.cend())
        return std::optional<EventDraft>();
    taken = true;
    const AstmResult &r = *reading.result;
    const QJsonObject instrument{{QStringLiteral("analyzer"), analyzer.name},
                                 {QStringLiteral("analyzer_code"), r.testCode},
                                 {QStringLiteral("specimen_id"), reading.specimenId},
                                 {QStringLiteral("measured_at"), reading.measuredAt},
                                 {QStringLiteral("value"), r.value},
                                 {QStringLiteral("unit"), r.units},
                                 {QStringLiteral("flags"), array(r.flags)},
                                 {QStringLiteral("status"), r.status},
                                 {QStringLiteral("test"), entry.test}};
    const auto refuse = [&](const QString &why) -> R {
        ++out.unmatched;
        QJsonObject p = instrument;
        p.insert(QStringLiteral("accession"), QString());
        p.insert(QStringLiteral("reason"),
                 tr("Control %1 level %2 of %3: %4").arg(match->lot).arg(match->level).arg(entry.test, why));
        return std::optional<EventDraft>(
            EventDraft{QStringLiteral("instrument.unmatched"),
                       QStringLiteral("astm:%1|%2|%3|%4")
                           .arg(analyzer.name, reading.specimenId, r.testCode, reading.measuredAt),
                       p});
    };
    if (r.status == QLatin1String("X"))
        return refuse(tr("the analyzer could not measure it"));
    const std::optional<TestDefinition> definition = m_lab.catalog().test(entry.test);
    if (entry.unit.isEmpty() && !r.units.trimmed().isEmpty() && definition &&
        !ValueParser::sameUnit(r.units, definition->unit))
        return refuse(tr("sent in %1, not the test's %2").arg(r.units.trimmed(), definition->unit));
    Result<std::pair<QString, QString>> ours = entry.toOurs(r.value, r.units);
    if (!ours)
        return refuse(ours.error());
    bool numeric = false;
    const double value = QLocale::c().toDouble(ours.value().first, &numeric);
    if (!numeric || !std::isfinite(value))
        return refuse(tr("\"%1\" is not a number").arg(r.value.trimmed()));
    QcRunDraft &run = m_qc.runs[entry.test];
    run.testCode = entry.test;
    run.analyzer = analyzer.name;
    const QDateTime measured =
        QDateTime::fromString(reading.measuredAt.left(14), QStringLiteral("yyyyMMddHHmmss"));
    if (measured.isValid() && run.measuredAtMs == 0)
        run.measuredAtMs = measured.toMSecsSinceEpoch();
    run.values << QcRunValue{match->lot, match->level, value, 0};
    m_qc.readings.insert(QStringLiteral("%1|%2|%3").arg(entry.test, match->lot).arg(match->level),
                         instrument);
    m_qc.keys.append(QJsonObject{{QStringLiteral("analyzer"), analyzer.name},
                                 {QStringLiteral("specimen_id"), reading.specimenId},
                                 {QStringLiteral("analyzer_code"), r.testCode},
                                 {QStringLiteral("measured_at"), reading.measuredAt},
                                 {QStringLiteral("value"), r.value},
                                 {QStringLiteral("unit"), r.units},
                                 {QStringLiteral("flags"), array(r.flags)},
                                 {QStringLiteral("status"), r.status}});
    ++out.qcValues;
    return std::optional<EventDraft>();
}

Status AnalyzerIntake::recordQc(const AnalyzerDefinition &analyzer, QList<EventDraft> &drafts, Outcome &out)
{
    if (m_qc.runs.isEmpty())
        return {};
    QcService qc(m_lab.store(), m_lab.catalog());
    QcService::Recording recording;
    Result<QList<EventDraft>> recorded = qc.recordingDrafts(m_qc.runs.values(), recording);
    if (!recorded)
        return Status::failure(recorded.error());
    for (const EventDraft &d : recorded.value()) {
        if (d.kind == QLatin1String("qc.recorded"))
            ++out.qcRuns;
    }
    drafts << recorded.value();
    // What the QC rules refused (an expired lot, say) waits with the rest, with the reason.
    for (const QcService::RejectedValue &v : recording.rejected) {
        --out.qcValues;
        ++out.unmatched;
        QJsonObject p = m_qc.readings.value(QStringLiteral("%1|%2|%3").arg(v.testCode, v.lot).arg(v.level));
        p.insert(QStringLiteral("accession"), QString());
        p.insert(QStringLiteral("reason"),
                 tr("Control %1 level %2 of %3: %4").arg(v.lot).arg(v.level).arg(v.testCode, v.reason));
        drafts << EventDraft{QStringLiteral("instrument.unmatched"),
                             QStringLiteral("astm:%1|%2|%3|%4")
                                 .arg(analyzer.name, p.value(QLatin1String("specimen_id")).toString(),
                                      p.value(QLatin1String("analyzer_code")).toString(),
                                      p.value(QLatin1String("measured_at")).toString()),
                             p};
    }
    drafts << EventDraft{QStringLiteral("instrument.qc_taken"), subjectOf(analyzer.name),
                         QJsonObject{{QStringLiteral("analyzer"), analyzer.name},
                                     {QStringLiteral("readings"), m_qc.keys},
                                     {QStringLiteral("runs"), out.qcRuns}}};
    return {};
}

Result<AnalyzerIntake::Recorded>
AnalyzerIntake::recordedBefore(const AnalyzerDefinition &analyzer, const QString &specimenId,
                               const QString &code, const QString &measuredAt, const QString &measured)
{
    SqliteStatement &q =
        m_statements.prepared("SELECT measured FROM instrument_readings WHERE analyzer = ? AND "
                              "specimen_id = ? AND analyzer_code = ? AND measured_at = ?");
    // Never a null QString (bound as NULL, which equals nothing): a sample whose barcode was not
    // read has the ID "", as its reading was recorded.
    for (const QString &v : {analyzer.name, specimenId, code, measuredAt})
        q.addBindValue(v.isNull() ? QStringLiteral("") : v);
    if (!q.exec())
        return Result<Recorded>::failure(tr("Cannot read the analyzer readings: %1").arg(q.errorText()));
    Recorded found = Recorded::No;
    while (q.next()) {
        const QString before = q.value(0).toString();
        // '' is a control's reading journaled before its measurement was (migration 0022).
        if (before.isEmpty() || before == measured) {
            found = Recorded::Same;
            break;
        }
        found = Recorded::Differently;
    }
    q.finish();
    return found;
}

QJsonObject AnalyzerIntake::serumIndices(const AnalyzerDefinition &analyzer, const AstmOrder &order)
{
    QJsonObject out;
    for (const AstmResult &r : order.results) {
        const AnalyzerMapEntry *entry = analyzer.entryForCode(r.testCode);
        const std::optional<QChar> index = entry ? entry->serumIndex() : std::nullopt;
        bool numeric = false;
        const double value = QLocale::c().toDouble(r.value.trimmed(), &numeric);
        // An index that is not a number is left out: a limit on it then holds the results.
        if (index && numeric && std::isfinite(value))
            out.insert(QString(*index), value);
    }
    return out;
}

Result<AnalyzerIntake::Tube> AnalyzerIntake::accessionOf(const QString &specimenId) const
{
    using R = Result<Tube>;
    if (specimenId.isEmpty())
        return Tube{};
    if (m_lab.specimens().exists(specimenId))
        return Tube{specimenId, {}};
    Result<QStringList> found =
        Hl7OrderRepository(m_lab.database().connection()).accessionsByLabel(specimenId);
    if (!found)
        return R::failure(found.error());
    const QStringList &accessions = found.value();
    if (accessions.size() > 1)
        return Tube{{},
                    tr("%1 is the hospital's label of %n tubes here (%2): the analyzer must read the "
                       "tube's own label.",
                       nullptr, int(accessions.size()))
                        .arg(specimenId, accessions.join(QStringLiteral(", ")))};
    return Tube{accessions.value(0), {}};
}

Result<QList<QByteArray>> AnalyzerIntake::answer(const AnalyzerDefinition &analyzer,
                                                 const AstmMessage &message, QJsonArray &journaled)
{
    using R = Result<QList<QByteArray>>;
    QList<AstmQueryAnswer> answers;
    for (const AstmQuery &q : message.queries()) {
        for (const QString &specimenId : q.specimenIds) {
            AstmQueryAnswer a;
            a.specimenId = specimenId;
            Result<Tube> tube = accessionOf(specimenId);
            if (!tube) // the database, not the query: nothing is answered, the analyzer asks again
                return R::failure(tube.error());
            QJsonObject row{{QStringLiteral("specimen_id"), specimenId}};
            if (!tube.value().problem.isEmpty()) {
                // A label that names several tubes is the data's problem, not the line's: answered
                // as for a tube not known here, and journaled with the reason.
                a.known = false;
                row.insert(QStringLiteral("answer"), QStringLiteral("unknown"));
                row.insert(QStringLiteral("reason"), tube.value().problem);
            } else if (tube.value().accession.isEmpty()) {
                a.known = false;
                row.insert(QStringLiteral("answer"), QStringLiteral("unknown"));
            } else {
                const QString accession = tube.value().accession;
                row.insert(QStringLiteral("accession"), accession);
                QSqlQuery t(m_lab.database().connection());
                t.prepare(
                    QStringLiteral("SELECT o.test_code, o.priority, s.patient_mrn FROM test_orders o JOIN "
                                   "specimens s ON s.accession = o.accession WHERE o.accession = ? AND "
                                   "o.status = 'ordered' ORDER BY o.test_code"));
                t.addBindValue(accession);
                if (!t.exec())
                    return R::failure(tr("Cannot read the orders: %1").arg(t.lastError().text()));
                QStringList tests;
                QString priority = QStringLiteral("R");
                while (t.next()) {
                    a.patientId = t.value(2).toString();
                    const QStringList codes = analyzer.codesForTest(t.value(0).toString());
                    if (codes.isEmpty())
                        continue;
                    a.testCodes << codes.first();
                    tests << t.value(0).toString();
                    const QString p = astmPriority(t.value(1).toString());
                    if (p == QLatin1String("S") ||
                        (p == QLatin1String("A") && priority == QLatin1String("R")))
                        priority = p;
                }
                a.priority = priority;
                row.insert(QStringLiteral("tests"), array(tests));
                row.insert(QStringLiteral("answer"),
                           tests.isEmpty() ? QStringLiteral("nothing") : QStringLiteral("tests"));
            }
            answers << a;
            journaled.append(row);
        }
    }
    const AstmEncoder encoder(analyzer.profile, message.delimiters());
    return encoder.answer(QStringLiteral("BENCHSIDE"), message.sender().value(0), m_clock(), answers);
}

} // namespace benchside
