// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcservice.h"

#include "qc/qcrunjudge.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <cmath>

namespace benchside {

namespace {
template<typename T> Result<T> fail(const QString &message)
{
    return Result<T>::failure(message);
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString levelKey(const QString &test, const QString &lot, int level)
{
    return test + QLatin1Char('\x1f') + lot + QLatin1Char('\x1f') + QString::number(level);
}

constexpr int MaxLevel = 6;
constexpr qsizetype MaxLotLength = 40;
} // namespace

QcService::QcService(EventStore &store, Catalog &catalog)
    : m_store(store), m_catalog(catalog), m_permissions(catalog, store.station().defaultActor),
      m_repository(store.database()), m_lockout(store.database())
{}

qint64 QcService::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

const QStringList &QcService::reviewOutcomes()
{
    static const QStringList outcomes{QStringLiteral("stands"), QStringLiteral("amended"),
                                      QStringLiteral("retested")};
    return outcomes;
}

Result<TestDefinition> QcService::qcTest(const QString &testCode) const
{
    const std::optional<TestDefinition> t = m_catalog.test(testCode.trimmed().toUpper());
    if (!t)
        return fail<TestDefinition>(tr("\"%1\" is not a test in the catalogue.").arg(testCode.trimmed()));
    if (t->resultType != QLatin1String("numeric"))
        return fail<TestDefinition>(
            tr("%1 has %2 results; quality control here is for numeric tests.").arg(t->code, t->resultType));
    return *t;
}

Result<Event> QcService::defineLot(const LotDefinition &d, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ConfigureQc); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(d.testCode);
        if (!test)
            return R::failure(test.error());
        const QString lot = d.lot.trimmed();
        if (lot.isEmpty() || lot.size() > MaxLotLength)
            return R::failure(tr("A lot number needs 1 to %1 characters.").arg(MaxLotLength));
        for (QChar c : lot) {
            if (!c.isPrint())
                return R::failure(tr("A lot number cannot hold control characters."));
        }
        if (d.level < 1 || d.level > MaxLevel)
            return R::failure(tr("The level must be a whole number from 1 to %1.").arg(MaxLevel));
        if (d.mean.has_value() != d.sd.has_value())
            return R::failure(tr("Give both the target mean and SD (from the insert), or neither to let the "
                                 "lab's first %1 values set them.")
                                  .arg(QcRunJudge::establishingCount()));
        if (d.mean && (!std::isfinite(*d.mean) || !std::isfinite(*d.sd) || *d.sd <= 0))
            return R::failure(tr("The target SD must be a number above zero, and the mean a number."));
        QString expires;
        if (!d.expires.trimmed().isEmpty()) {
            const QDate date = QDate::fromString(d.expires.trimmed(), Qt::ISODate);
            if (!date.isValid())
                return R::failure(tr("The expiry date must be a date such as 2027-03-31."));
            if (date < QDateTime::fromMSecsSinceEpoch(now()).date())
                return R::failure(tr("Lot %1 expired on %2; it cannot be put into use.")
                                      .arg(lot, date.toString(Qt::ISODate)));
            expires = date.toString(Qt::ISODate);
        }
        Result<std::optional<QcLot>> existing = m_repository.lot(test.value().code, lot, d.level);
        if (!existing)
            return R::failure(existing.error());
        if (existing.value())
            return R::failure(tr("Lot %1 level %2 of %3 is already defined; its targets are frozen, so a "
                                 "change means a new lot.")
                                  .arg(lot)
                                  .arg(d.level)
                                  .arg(test.value().code));
        QJsonObject payload{{QStringLiteral("test"), test.value().code},
                            {QStringLiteral("bench"), test.value().bench},
                            {QStringLiteral("lot"), lot},
                            {QStringLiteral("level"), d.level},
                            {QStringLiteral("material"), d.material.trimmed()},
                            {QStringLiteral("expires"), expires}};
        if (d.mean) {
            payload.insert(QStringLiteral("mean"), *d.mean);
            payload.insert(QStringLiteral("sd"), *d.sd);
        }
        return QList<EventDraft>{{QStringLiteral("qc.lot.defined"), lot, payload}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> QcService::setTargets(const QString &testCode, const QString &lotNumber, int level, double mean,
                                    double sd, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ConfigureQc); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(testCode);
        if (!test)
            return R::failure(test.error());
        if (!std::isfinite(mean) || !std::isfinite(sd) || sd <= 0)
            return R::failure(tr("The target SD must be a number above zero, and the mean a number."));
        Result<std::optional<QcLot>> lot = m_repository.lot(test.value().code, lotNumber.trimmed(), level);
        if (!lot)
            return R::failure(lot.error());
        if (!lot.value())
            return R::failure(tr("Lot %1 level %2 of %3 is not defined.")
                                  .arg(lotNumber.trimmed())
                                  .arg(level)
                                  .arg(test.value().code));
        if (lot.value()->hasTargets())
            return R::failure(tr("The targets of lot %1 level %2 of %3 are already set and frozen.")
                                  .arg(lot.value()->lot)
                                  .arg(level)
                                  .arg(test.value().code));
        return QList<EventDraft>{{QStringLiteral("qc.targets.set"), lot.value()->lot,
                                  QJsonObject{{QStringLiteral("test"), test.value().code},
                                              {QStringLiteral("lot"), lot.value()->lot},
                                              {QStringLiteral("level"), level},
                                              {QStringLiteral("mean"), mean},
                                              {QStringLiteral("sd"), sd},
                                              {QStringLiteral("n"), 0},
                                              {QStringLiteral("source"), QStringLiteral("insert")}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

// Decides which values of `runs` can be recorded. A value is refused for an unknown test or lot, an
// expired lot, a number that is not finite, a level its run already holds, or a new run measured
// before the newest run already recorded for its test on the bench (runs are judged in the order
// they were measured). `strict` refuses everything when anything is refused.
Result<QList<EventDraft>> QcService::decideRecording(const QList<QcRunDraft> &runs, bool strict,
                                                     Recording &outcome,
                                                     QList<QPair<QString, QString>> &recordedRuns)
{
    using R = Result<QList<EventDraft>>;
    outcome = {};
    recordedRuns.clear();
    QList<EventDraft> drafts;
    QHash<QString, qint64> latest;              // test + bench -> newest measurement
    QHash<QString, QString> newestRun;          // test + bench -> the run recorded last
    QHash<QString, QList<double>> establishing; // lot level -> its values so far
    QSet<QString> established;                  // lot levels established in this recording
    QSet<QString> taken;                        // test + run + lot + level already holding a value
    QHash<QString, std::optional<QcLot>> lots;
    const qint64 clock = now();

    auto reject = [&](const QcRunDraft &run, const QcRunValue &v, const QString &why) {
        outcome.rejected.append({v.line, run.testCode.trimmed().toUpper(), v.lot.trimmed(), v.level, why});
    };
    for (const QcRunDraft &run : runs) {
        Result<TestDefinition> test = qcTest(run.testCode);
        if (!test) {
            for (const QcRunValue &v : run.values)
                reject(run, v, test.error());
            continue;
        }
        const QString code = test.value().code;
        const QString bench = test.value().bench;
        const qint64 at = run.measuredAtMs > 0 ? run.measuredAtMs : clock;
        if (at > clock + 5 * 60'000) {
            for (const QcRunValue &v : run.values)
                reject(run, v, tr("measured at %1, which is in the future").arg(timeText(at)));
            continue;
        }
        QString runId = run.runId.trimmed();
        QList<QcResultRow> existing;
        if (runId.isEmpty()) {
            const QString base = m_store.station().id + QLatin1Char('-') +
                                 QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("yyMMdd-HHmmss"));
            runId = base;
            for (int n = 2;; ++n) {
                Result<QList<QcResultRow>> r = m_repository.run(code, runId);
                if (!r)
                    return R::failure(r.error());
                bool inBatch = false;
                for (const auto &rr : std::as_const(recordedRuns))
                    inBatch = inBatch || (rr.first == code && rr.second == runId);
                if (r.value().isEmpty() && !inBatch)
                    break;
                runId = base + QLatin1Char('-') + QString::number(n);
            }
        } else {
            Result<QList<QcResultRow>> r = m_repository.run(code, runId);
            if (!r)
                return R::failure(r.error());
            existing = r.value();
        }
        for (const QcResultRow &row : std::as_const(existing))
            taken.insert(code + QLatin1Char('\x1f') + runId + QLatin1Char('\x1f') + row.lot +
                         QLatin1Char('\x1f') + QString::number(row.level));
        bool continuing = !existing.isEmpty();
        for (const auto &rr : std::as_const(recordedRuns))
            continuing = continuing || (rr.first == code && rr.second == runId);
        const QString benchKey = code + QLatin1Char('\x1f') + bench;
        if (!latest.contains(benchKey)) {
            Result<qint64> l = m_repository.latestMeasuredAt(code, bench);
            if (!l)
                return R::failure(l.error());
            latest.insert(benchKey, l.value());
        }
        if (!newestRun.contains(benchKey)) {
            Result<QString> n = m_repository.latestRunId(code, bench);
            if (!n)
                return R::failure(n.error());
            newestRun.insert(benchKey, n.value());
        }
        // A level added to a run once another run has followed it would be judged out of order.
        if (continuing && newestRun.value(benchKey) != runId) {
            for (const QcRunValue &v : run.values)
                reject(
                    run, v,
                    tr("run %1 of %2 is no longer the newest (run %3 came after it); record the value in a "
                       "new run")
                        .arg(runId, code, newestRun.value(benchKey)));
            continue;
        }
        if (!continuing && at < latest.value(benchKey)) {
            for (const QcRunValue &v : run.values)
                reject(run, v,
                       tr("measured %1, before the newest QC run of %2 already recorded (%3); runs are "
                          "judged in the order they were measured")
                           .arg(timeText(at), code, timeText(latest.value(benchKey))));
            continue;
        }

        QJsonArray values;
        QList<QcRunValue> kept;
        for (const QcRunValue &v : run.values) {
            const QString lotNumber = v.lot.trimmed();
            const QString key = levelKey(code, lotNumber, v.level);
            if (!lots.contains(key)) {
                Result<std::optional<QcLot>> l = m_repository.lot(code, lotNumber, v.level);
                if (!l)
                    return R::failure(l.error());
                lots.insert(key, l.value());
            }
            const std::optional<QcLot> &lot = lots[key];
            if (!lot) {
                reject(run, v, tr("unknown lot %1 level %2 for %3").arg(lotNumber).arg(v.level).arg(code));
                continue;
            }
            if (!lot->expires.isEmpty() &&
                QDateTime::fromMSecsSinceEpoch(at).date() > QDate::fromString(lot->expires, Qt::ISODate)) {
                reject(run, v, tr("lot %1 expired on %2").arg(lotNumber, lot->expires));
                continue;
            }
            if (!std::isfinite(v.value)) {
                reject(run, v, tr("the value is not a number"));
                continue;
            }
            const QString slot = code + QLatin1Char('\x1f') + runId + QLatin1Char('\x1f') + lotNumber +
                                 QLatin1Char('\x1f') + QString::number(v.level);
            if (taken.contains(slot)) {
                reject(run, v,
                       tr("run %1 already has a value of lot %2 level %3 for %4")
                           .arg(runId, lotNumber)
                           .arg(v.level)
                           .arg(code));
                continue;
            }
            taken.insert(slot);
            kept << v;
            values.append(QJsonObject{{QStringLiteral("lot"), lotNumber},
                                      {QStringLiteral("level"), v.level},
                                      {QStringLiteral("value"), v.value}});
        }
        if (kept.isEmpty())
            continue;
        drafts << EventDraft{QStringLiteral("qc.recorded"), runId,
                             QJsonObject{{QStringLiteral("run_id"), runId},
                                         {QStringLiteral("test"), code},
                                         {QStringLiteral("bench"), bench},
                                         {QStringLiteral("analyzer"), run.analyzer.trimmed()},
                                         {QStringLiteral("at"), static_cast<double>(at)},
                                         {QStringLiteral("values"), values}}};
        outcome.recordedValues += static_cast<int>(kept.size());
        latest[benchKey] = std::max(latest.value(benchKey), at);
        newestRun[benchKey] = runId;
        bool listed = false;
        for (const auto &rr : std::as_const(recordedRuns))
            listed = listed || (rr.first == code && rr.second == runId);
        if (!listed)
            recordedRuns.append({code, runId});

        // A lot level establishing its targets freezes them with its establishingCount()-th value.
        for (const QcRunValue &v : std::as_const(kept)) {
            const QString key = levelKey(code, v.lot.trimmed(), v.level);
            const std::optional<QcLot> &lot = lots[key];
            if (lot->hasTargets() || established.contains(key))
                continue;
            if (!establishing.contains(key)) {
                Result<QList<double>> so = m_repository.levelValues(code, lot->lot, v.level);
                if (!so)
                    return R::failure(so.error());
                establishing.insert(key, so.value());
            }
            QList<double> &so = establishing[key];
            so << v.value;
            if (so.size() < QcRunJudge::establishingCount())
                continue;
            Result<QPair<double, double>> t =
                QcRunJudge::estimateTargets(so.mid(0, QcRunJudge::establishingCount()));
            if (!t)
                continue; // e.g. every value the same: the lot keeps establishing until they can set targets
            established.insert(key);
            drafts << EventDraft{QStringLiteral("qc.targets.set"), lot->lot,
                                 QJsonObject{{QStringLiteral("test"), code},
                                             {QStringLiteral("lot"), lot->lot},
                                             {QStringLiteral("level"), v.level},
                                             {QStringLiteral("mean"), t.value().first},
                                             {QStringLiteral("sd"), t.value().second},
                                             {QStringLiteral("n"), QcRunJudge::establishingCount()},
                                             {QStringLiteral("source"), QStringLiteral("established")}}};
        }
    }
    if (strict && !outcome.rejected.isEmpty())
        return R::failure(outcome.rejected.first().reason);
    return drafts;
}

Result<QcService::Import> QcService::importExport(const QByteArray &data, const QcAnalyzerMapping &mapping,
                                                  const QString &actor)
{
    Result<QcCsvImporter::Parsed> parsed = QcCsvImporter::parse(data, mapping);
    if (!parsed)
        return Result<Import>::failure(parsed.error());
    Result<Recording> recorded = recordAll(parsed.value().runs, actor);
    if (!recorded)
        return Result<Import>::failure(recorded.error());
    Import import{recorded.value(), parsed.value().bad};
    for (const RejectedValue &r : recorded.value().rejected)
        import.bad.append({r.line, r.reason});
    std::stable_sort(import.bad.begin(), import.bad.end(),
                     [](const auto &a, const auto &b) { return a.line < b.line; });
    return import;
}

Result<QcService::Recording> QcService::recordAll(const QList<QcRunDraft> &runs, const QString &actor)
{
    Recording outcome;
    QList<QPair<QString, QString>> recordedRuns;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        return decideRecording(runs, false, outcome, recordedRuns);
    });
    if (!written)
        return fail<Recording>(written.error());
    for (const auto &[test, runId] : std::as_const(recordedRuns)) {
        Result<QList<QcResultRow>> values = m_repository.run(test, runId);
        if (!values)
            return fail<Recording>(values.error());
        RecordedRun r{runId,
                      test,
                      values.value().isEmpty() ? QString() : values.value().first().runStatus,
                      values.value(),
                      {}};
        outcome.runs << r;
    }
    for (const Event &e : written.value()) {
        if (e.kind != QLatin1String("qc.targets.set"))
            continue;
        const QJsonObject p = e.payloadObject();
        const QString test = p.value(QLatin1String("test")).toString();
        Result<std::optional<QcLot>> lot = m_repository.lot(test, p.value(QLatin1String("lot")).toString(),
                                                            p.value(QLatin1String("level")).toInt());
        if (!lot)
            return fail<Recording>(lot.error());
        for (RecordedRun &r : outcome.runs) {
            if (r.testCode == test && lot.value())
                r.targetsSet << *lot.value();
        }
    }
    return outcome;
}

Result<QcService::RecordedRun> QcService::record(const QcRunDraft &run, const QString &actor)
{
    Recording outcome;
    QList<QPair<QString, QString>> recordedRuns;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        if (run.values.isEmpty())
            return Result<QList<EventDraft>>::failure(tr("A QC run needs at least one value."));
        return decideRecording({run}, true, outcome, recordedRuns);
    });
    if (!written)
        return fail<RecordedRun>(written.error());
    if (recordedRuns.isEmpty())
        return fail<RecordedRun>(tr("Nothing was recorded."));
    Result<QList<QcResultRow>> values =
        m_repository.run(recordedRuns.first().first, recordedRuns.first().second);
    if (!values)
        return fail<RecordedRun>(values.error());
    RecordedRun r{recordedRuns.first().second,
                  recordedRuns.first().first,
                  values.value().isEmpty() ? QString() : values.value().first().runStatus,
                  values.value(),
                  {}};
    for (const Event &e : written.value()) {
        if (e.kind != QLatin1String("qc.targets.set"))
            continue;
        const QJsonObject p = e.payloadObject();
        Result<std::optional<QcLot>> lot = m_repository.lot(
            r.testCode, p.value(QLatin1String("lot")).toString(), p.value(QLatin1String("level")).toInt());
        if (lot && lot.value())
            r.targetsSet << *lot.value();
    }
    return r;
}

Result<Event> QcService::definePattern(const QcPattern &pattern, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ConfigureQc); !s)
        return fail<Event>(s.error());
    const QString text = pattern.pattern.trimmed();
    if (Status s = QcPattern::validate(text); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(pattern.testCode);
        if (!test)
            return R::failure(test.error());
        Result<std::optional<QcLot>> lot =
            m_repository.lot(test.value().code, pattern.lot.trimmed(), pattern.level);
        if (!lot)
            return R::failure(lot.error());
        if (!lot.value())
            return R::failure(tr("Lot %1 level %2 of %3 is not defined: define it first (qc lot add).")
                                  .arg(pattern.lot.trimmed())
                                  .arg(pattern.level)
                                  .arg(test.value().code));
        // The same pattern as SQL LIKE: '*' is '%', '?' is '_', and the two LIKE wildcards are escaped.
        QString like = text;
        like.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"))
            .replace(QLatin1Char('*'), QLatin1Char('%'))
            .replace(QLatin1Char('?'), QLatin1Char('_'));
        QSqlQuery tube(m_store.database());
        tube.prepare(
            QStringLiteral("SELECT accession FROM specimens WHERE accession LIKE ? ESCAPE '\\' LIMIT 1"));
        tube.addBindValue(like);
        if (!tube.exec())
            return R::failure(tr("Cannot read the specimens: %1").arg(tube.lastError().text()));
        if (tube.next())
            return R::failure(tr("\"%1\" matches the patient tube %2: a control pattern must never catch a "
                                 "patient's tube. Use the analyzer's own QC IDs, such as QC-GLU-L1-*.")
                                  .arg(text, tube.value(0).toString()));
        return QList<EventDraft>{{QStringLiteral("qc.pattern.defined"), test.value().code,
                                  QJsonObject{{QStringLiteral("test"), test.value().code},
                                              {QStringLiteral("lot"), pattern.lot.trimmed()},
                                              {QStringLiteral("level"), pattern.level},
                                              {QStringLiteral("pattern"), text}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<QList<QcPattern>> QcService::patterns(const QString &testCode) const
{
    QSqlQuery q(m_store.database());
    q.prepare(
        QStringLiteral("SELECT test_code, lot, level, pattern FROM qc_patterns WHERE test_code = ? ORDER BY "
                       "lot, level, pattern"));
    q.addBindValue(testCode);
    if (!q.exec())
        return fail<QList<QcPattern>>(tr("Cannot read the QC patterns: %1").arg(q.lastError().text()));
    QList<QcPattern> out;
    while (q.next())
        out << QcPattern{q.value(0).toString(), q.value(1).toString(), q.value(2).toInt(),
                         q.value(3).toString()};
    return out;
}

Result<QList<EventDraft>> QcService::recordingDrafts(const QList<QcRunDraft> &runs, Recording &outcome)
{
    QList<QPair<QString, QString>> recordedRuns;
    return decideRecording(runs, false, outcome, recordedRuns);
}

Result<Event> QcService::configureRules(const QString &testCode, const QString &rules, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ConfigureQc); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(testCode);
        if (!test)
            return R::failure(test.error());
        Result<QString> parsed = QcRunJudge::parseRules(rules);
        if (!parsed)
            return R::failure(parsed.error());
        return QList<EventDraft>{{QStringLiteral("qc.rules.configured"), test.value().code,
                                  QJsonObject{{QStringLiteral("test"), test.value().code},
                                              {QStringLiteral("rules"), parsed.value()}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> QcService::defineAnalyzer(const QcAnalyzerMapping &mapping, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::ConfigureQc); !s)
        return fail<Event>(s.error());
    if (Status s = mapping.validate(); !s)
        return fail<Event>(s.error());
    return m_store.writeOne(actor, {QStringLiteral("qc.analyzer.mapped"), mapping.analyzer,
                                    QJsonObject{{QStringLiteral("analyzer"), mapping.analyzer},
                                                {QStringLiteral("mapping"), mapping.toJson()}}});
}

Result<QcLockoutEpisode> QcService::openEpisode(const TestDefinition &test) const
{
    Result<std::optional<QcLockoutEpisode>> e = m_lockout.latestEpisode(test.code, test.bench);
    if (!e)
        return fail<QcLockoutEpisode>(e.error());
    if (!e.value() || !e.value()->open())
        return fail<QcLockoutEpisode>(
            tr("QC for %1 on %2 is not locked out: there is no rejected run to act on.")
                .arg(test.code, test.bench));
    return *e.value();
}

Result<Event> QcService::correctiveAction(const QString &testCode, const QString &action,
                                          const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::DocumentQcAction); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(testCode);
        if (!test)
            return R::failure(test.error());
        if (action.trimmed().isEmpty())
            return R::failure(tr("Describe the corrective action (what was found and what was done)."));
        Result<QcLockoutEpisode> e = openEpisode(test.value());
        if (!e)
            return R::failure(e.error());
        return QList<EventDraft>{{QStringLiteral("qc.corrective_action"), test.value().code,
                                  QJsonObject{{QStringLiteral("test"), test.value().code},
                                              {QStringLiteral("bench"), test.value().bench},
                                              {QStringLiteral("run_id"), e.value().lastRejectedRun},
                                              {QStringLiteral("action"), action.trimmed()}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> QcService::reviewLookback(const QString &testCode, const QString &orderId,
                                        const QString &outcome, const QString &note, const QString &actor,
                                        const QString &runId)
{
    if (Status s = m_permissions.check(actor, Permission::DocumentQcAction); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(testCode);
        if (!test)
            return R::failure(test.error());
        const QString o = outcome.trimmed().toLower();
        if (!reviewOutcomes().contains(o))
            return R::failure(
                tr("The outcome of a review is one of %1.").arg(reviewOutcomes().join(QStringLiteral(", "))));
        if (o != QLatin1String("stands") && note.trimmed().isEmpty())
            return R::failure(tr("Say what was done (a note) when a result was %1.").arg(o));
        Result<std::optional<QcLockoutEpisode>> e =
            runId.trimmed().isEmpty()
                ? m_lockout.latestEpisode(test.value().code, test.value().bench)
                : m_lockout.episode(test.value().code, test.value().bench, runId.trimmed());
        if (!e)
            return R::failure(e.error());
        if (!e.value())
            return R::failure(
                runId.trimmed().isEmpty()
                    ? tr("QC for %1 on %2 has never been rejected: there is no look-back to review.")
                          .arg(test.value().code, test.value().bench)
                    : tr("Run %1 did not lock %2 on %3.")
                          .arg(runId.trimmed(), test.value().code, test.value().bench));
        Result<QList<QcLookbackEntry>> list = m_lockout.lookback(*e.value());
        if (!list)
            return R::failure(list.error());
        const QcLookbackEntry *entry = nullptr;
        for (const QcLookbackEntry &l : list.value()) {
            if (l.orderId == orderId.trimmed())
                entry = &l;
        }
        if (!entry)
            return R::failure(tr("%1 is not in the look-back of the rejected %2 run %3.")
                                  .arg(orderId.trimmed(), test.value().code, e.value()->runId));
        if (entry->reviewed())
            return R::failure(tr("%1 was already reviewed by %2 (%3).")
                                  .arg(entry->orderId, entry->reviewedBy, entry->outcome));
        return QList<EventDraft>{{QStringLiteral("qc.lookback.reviewed"), entry->accession,
                                  QJsonObject{{QStringLiteral("test"), test.value().code},
                                              {QStringLiteral("bench"), test.value().bench},
                                              {QStringLiteral("run_id"), e.value()->runId},
                                              {QStringLiteral("order_id"), entry->orderId},
                                              {QStringLiteral("value"), entry->value},
                                              {QStringLiteral("outcome"), o},
                                              {QStringLiteral("note"), note.trimmed()}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

Result<Event> QcService::overrideLockout(const QString &testCode, const QString &reason, const QString &actor)
{
    if (Status s = m_permissions.check(actor, Permission::OverrideQcLockout); !s)
        return fail<Event>(s.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<TestDefinition> test = qcTest(testCode);
        if (!test)
            return R::failure(test.error());
        if (reason.trimmed().isEmpty())
            return R::failure(tr("An override needs a reason; the journal keeps it."));
        Result<QcLockoutEpisode> e = openEpisode(test.value());
        if (!e)
            return R::failure(e.error());
        if (!e.value().locked())
            return R::failure(tr("The lockout of %1 on %2 is already overridden (by %3).")
                                  .arg(test.value().code, test.value().bench, e.value().overrideBy));
        return QList<EventDraft>{{QStringLiteral("qc.lockout.overridden"), test.value().code,
                                  QJsonObject{{QStringLiteral("test"), test.value().code},
                                              {QStringLiteral("bench"), test.value().bench},
                                              {QStringLiteral("run_id"), e.value().lastRejectedRun},
                                              {QStringLiteral("reason"), reason.trimmed()}}}};
    });
    if (!written)
        return fail<Event>(written.error());
    return written.value().first();
}

} // namespace benchside
