// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demoqc.h"

#include "qc/qcanalyzermapping.h"
#include "qc/qcrunjudge.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <array>
#include <cmath>

namespace benchside {

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Day = 24 * 60 * Minute;
constexpr int HistoryValues = 60; // as QcProjection looks back

struct Spec
{
    const char *code;
    const char *bench;
    const char *analyzer;
    int decimals;
    std::array<double, 2> mean;
    std::array<double, 2> sd;
    const char *lot;
};

// Targets in the ranges of commercial two-level controls, in the demo catalogue's units.
const Spec Specs[] = {
    {"GLU", "CHEM", "AU680", 2, {5.30, 16.80}, {0.12, 0.35}, "GL-2409"},
    {"NA", "CHEM", "AU680", 1, {125.0, 155.0}, {1.4, 1.7}, "NA-2411"},
    {"K", "CHEM", "AU680", 2, {3.60, 6.40}, {0.07, 0.11}, "K-2410"},
    {"CREA", "CHEM", "AU680", 0, {88, 520}, {3.4, 13}, "CR-2407"},
    {"HGB", "HEME", "XN-1000", 1, {75.0, 160.0}, {1.6, 2.6}, "HB-2412"},
    {"PLT", "HEME", "XN-1000", 0, {72, 510}, {4.5, 16}, "PL-2412"},
    {"PT", "COAG", "CS-2500", 1, {12.4, 29.5}, {0.3, 0.9}, "PT-2405"},
};

// The new glucose lot: its true means differ a little from the old lot's, as real lots do.
const std::array<double, 2> NewGluMean{5.62, 17.20};
const char *const NewGluLot = "GL-2502";
const QString PtRules = QStringLiteral("1-2s,1-3s,2-2s,R-4s,4-1s,8x");

struct Value
{
    QcRunJudge::Value v;
    bool judged = false; // has a target (z), as qc_results.z IS NOT NULL
};

struct Lot
{
    QString lot;
    std::array<double, 2> trueMean{};
    std::array<double, 2> trueSd{};
    std::array<double, 2> mean{}; // targets; valid when hasTarget
    std::array<double, 2> sd{};
    std::array<bool, 2> hasTarget{};
    QList<Value> values;
    std::array<QList<double>, 2> establishing; // z of the values that will establish the targets
};

double round(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}
} // namespace

DemoQc::DemoQc(QRandomGenerator &rng, const QStringList &technicians, const QStringList &supervisors)
    : m_rng(rng), m_technicians(technicians), m_supervisors(supervisors)
{}

double DemoQc::gaussian()
{
    // Box-Muller on the seeder's generator, so the same seed draws the same values.
    const double u1 = std::max(m_rng.generateDouble(), 1e-12);
    const double u2 = m_rng.generateDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

Status DemoQc::plan(qint64 from, qint64 calmFrom, qint64 end, const Schedule &schedule)
{
    if (m_technicians.isEmpty() || m_supervisors.isEmpty())
        return Status::failure(tr("The demo catalogue has no technicians or supervisors for QC."));
    const QString supervisor = m_supervisors.first();
    const int days = static_cast<int>((end - from) / Day) + 1;
    // Days count from `from`, not from midnight: the whole demo moves with the moment it is seeded,
    // so QC and specimen events interleave the same way every time for the same seed.
    auto dayStart = [&](int d) {
        return from + d * Day;
    };
    auto draft = [](const char *kind, const QString &subject, const QJsonObject &payload,
                    const QString &actor) {
        EventDraft d{QString::fromLatin1(kind), subject, payload, actor};
        return d;
    };

    // The chemistry analyzer's export mapping, so qc import works on the demo out of the box.
    const QcAnalyzerMapping au680 =
        QcAnalyzerMapping::parse(
            QStringLiteral("AU680"),
            QStringLiteral("run=Sample ID,test=Test,lot=Lot,level=Level,value=Result,time=Time"))
            .value();
    schedule(from - 120 * Minute, draft("qc.analyzer.mapped", au680.analyzer,
                                        QJsonObject{{QStringLiteral("analyzer"), au680.analyzer},
                                                    {QStringLiteral("mapping"), au680.toJson()}},
                                        supervisor));

    const int lotChangeDay = std::min(30, days / 4);
    const int oldLotLastDay = lotChangeDay + 28;
    bool inPeriodPlanned = false;
    for (const Spec &spec : Specs) {
        const QString code = QString::fromLatin1(spec.code);
        const QString bench = QString::fromLatin1(spec.bench);
        const bool glucose = code == QLatin1String("GLU");
        const QString rules = code == QLatin1String("PT") ? PtRules : QString();
        QList<Lot> lots;
        Lot first;
        first.lot = QString::fromLatin1(spec.lot);
        first.trueMean = first.mean = spec.mean;
        first.trueSd = first.sd = spec.sd;
        first.hasTarget = {true, true};
        lots << first;

        auto defineLot = [&](qint64 at, const Lot &lot, bool targets, const QString &expires) {
            for (int level = 1; level <= 2; ++level) {
                QJsonObject p{{QStringLiteral("test"), code},
                              {QStringLiteral("bench"), bench},
                              {QStringLiteral("lot"), lot.lot},
                              {QStringLiteral("level"), level},
                              {QStringLiteral("material"), tr("%1 control, level %2").arg(bench).arg(level)},
                              {QStringLiteral("expires"), expires}};
                if (targets) {
                    p.insert(QStringLiteral("mean"), lot.mean[level - 1]);
                    p.insert(QStringLiteral("sd"), lot.sd[level - 1]);
                }
                schedule(at, draft("qc.lot.defined", lot.lot, p, supervisor));
            }
        };
        const QString farExpiry =
            QDateTime::fromMSecsSinceEpoch(end).date().addDays(180).toString(Qt::ISODate);
        defineLot(
            from - 90 * Minute, first, true,
            glucose ? QDateTime::fromMSecsSinceEpoch(dayStart(oldLotLastDay + 1)).date().toString(Qt::ISODate)
                    : farExpiry);
        if (!rules.isEmpty())
            schedule(from - 80 * Minute,
                     draft("qc.rules.configured", code,
                           QJsonObject{{QStringLiteral("test"), code}, {QStringLiteral("rules"), rules}},
                           supervisor));

        // Planned trouble, by day: forced values (z per level) or a shift of the true mean.
        const int plannedDay = code == QLatin1String("GLU")   ? 20
                               : code == QLatin1String("K")   ? 40
                               : code == QLatin1String("NA")  ? 70
                               : code == QLatin1String("HGB") ? 80
                                                              : -1;
        double shift = 0;
        int runNumber = 0;
        qint64 lastGoodAt = 0;
        const qint64 inPeriodAt = calmFrom + (end - calmFrom) / 2;

        // One run at `at`; forced: z per level for the current lot (NaN: drawn). Returns its status.
        auto oneRun = [&](qint64 at, std::array<double, 2> forced, bool calm) -> QString {
            const bool withOld = !glucose || at < dayStart(oldLotLastDay + 1);
            QList<int> active;
            for (int i = 0; i < lots.size(); ++i) {
                if (i == 0 && !withOld)
                    continue;
                active << i;
            }
            const QString runId =
                QStringLiteral("%1-QC%2").arg(code).arg(++runNumber, 4, 10, QLatin1Char('0'));
            const QString user = m_technicians.at(m_rng.bounded(static_cast<int>(m_technicians.size())));
            QList<QPair<int, Value>> values; // lot index, value
            QString status;
            for (int attempt = 0;; ++attempt) {
                values.clear();
                for (int li : active) {
                    const Lot &lot = lots.at(li);
                    for (int level = 1; level <= 2; ++level) {
                        const double f = forced[level - 1];
                        double z = !std::isnan(f) && li == active.first() ? f
                                   : !lot.hasTarget[level - 1] && !lot.establishing[level - 1].isEmpty()
                                       ? lot.establishing[level - 1].at(std::min<qsizetype>(
                                             lot.values.size() / 2, lot.establishing[level - 1].size() - 1))
                                   : shift != 0 ? shift + 0.5 * gaussian()
                                                : 0.8 * gaussian();
                        if (attempt >= 20)
                            z = 0; // exactly on target: breaks every pattern
                        const double value =
                            round(lot.trueMean[level - 1] + z * lot.trueSd[level - 1], spec.decimals);
                        Value v;
                        v.v = QcRunJudge::Value{
                            runId, lot.lot, level, value, at, user, lot.mean[level - 1], lot.sd[level - 1]};
                        v.judged = lot.hasTarget[level - 1];
                        values.append({li, v});
                    }
                }
                int worst = -1;
                for (int li : active) {
                    QList<QcRunJudge::Value> history, run;
                    for (const Value &h : lots.at(li).values) {
                        if (h.judged)
                            history << h.v;
                    }
                    history = history.mid(std::max<qsizetype>(0, history.size() - HistoryValues));
                    for (const auto &[lj, v] : values) {
                        if (lj == li && v.judged)
                            run << v.v;
                    }
                    if (run.isEmpty())
                        continue;
                    Result<QcRunJudge::Verdict> verdict = QcRunJudge::judge(history, run, rules, 2);
                    if (verdict)
                        worst = std::max(worst, QcRunJudge::statusRank(verdict.value().status));
                }
                status = worst == 2   ? QStringLiteral("rejected")
                         : worst == 1 ? QStringLiteral("warning")
                         : worst == 0 ? QStringLiteral("accepted")
                                      : QStringLiteral("establishing");
                // While the demo's patients are worked, QC stays in control unless a rejection is planned.
                if (!calm || status != QLatin1String("rejected") || !std::isnan(forced[0]) ||
                    !std::isnan(forced[1]))
                    break;
            }
            QJsonArray payloadValues;
            for (const auto &[li, v] : values) {
                payloadValues.append(QJsonObject{{QStringLiteral("lot"), v.v.lot},
                                                 {QStringLiteral("level"), v.v.level},
                                                 {QStringLiteral("value"), v.v.value}});
                lots[li].values << v;
            }
            schedule(at, draft("qc.recorded", runId,
                               QJsonObject{{QStringLiteral("run_id"), runId},
                                           {QStringLiteral("test"), code},
                                           {QStringLiteral("bench"), bench},
                                           {QStringLiteral("analyzer"), QString::fromLatin1(spec.analyzer)},
                                           {QStringLiteral("at"), static_cast<double>(at)},
                                           {QStringLiteral("values"), payloadValues}},
                               user));
            ++m_runs;
            // A lot establishing its targets freezes them with its 20th value of each level.
            for (int li : active) {
                Lot &lot = lots[li];
                for (int level = 1; level <= 2; ++level) {
                    if (lot.hasTarget[level - 1])
                        continue;
                    QList<double> own;
                    for (const Value &v : lot.values) {
                        if (v.v.level == level)
                            own << v.v.value;
                    }
                    if (own.size() < QcRunJudge::establishingCount())
                        continue;
                    Result<QPair<double, double>> t =
                        QcRunJudge::estimateTargets(own.mid(0, QcRunJudge::establishingCount()));
                    if (!t)
                        continue;
                    lot.mean[level - 1] = t.value().first;
                    lot.sd[level - 1] = t.value().second;
                    lot.hasTarget[level - 1] = true;
                    for (Value &v : lot.values) {
                        if (v.v.level == level) {
                            v.v.mean = t.value().first;
                            v.v.sd = t.value().second;
                            v.judged = true;
                        }
                    }
                    schedule(at, draft("qc.targets.set", lot.lot,
                                       QJsonObject{{QStringLiteral("test"), code},
                                                   {QStringLiteral("lot"), lot.lot},
                                                   {QStringLiteral("level"), level},
                                                   {QStringLiteral("mean"), t.value().first},
                                                   {QStringLiteral("sd"), t.value().second},
                                                   {QStringLiteral("n"), QcRunJudge::establishingCount()},
                                                   {QStringLiteral("source"), QStringLiteral("established")}},
                                       user));
                }
            }
            if (status == QLatin1String("accepted") || status == QLatin1String("warning"))
                lastGoodAt = at;
            return status;
        };

        // After a rejection: what the lab does until an accepted run follows (reruns are in control).
        auto recover = [&](qint64 rejectedAt, const QString &violation, bool override, bool lookback) {
            qint64 t = rejectedAt;
            const qint64 goodBefore = lastGoodAt;
            if (lookback)
                schedule(
                    t + 12 * Minute,
                    draft("qc.lookback.reviewed", code,
                          QJsonObject{{QStringLiteral("test"), code},
                                      {QStringLiteral("bench"), bench},
                                      {QStringLiteral("run_id"), QStringLiteral("%1-QC%2").arg(code).arg(
                                                                     runNumber, 4, 10, QLatin1Char('0'))},
                                      {QStringLiteral("from"), static_cast<double>(goodBefore)},
                                      {QStringLiteral("until"), static_cast<double>(rejectedAt)}},
                          m_technicians.first()));
            if (override)
                schedule(
                    t + 8 * Minute,
                    draft("qc.lockout.overridden", code,
                          QJsonObject{{QStringLiteral("test"), code},
                                      {QStringLiteral("bench"), bench},
                                      {QStringLiteral("run_id"), QStringLiteral("%1-QC%2").arg(code).arg(
                                                                     runNumber, 4, 10, QLatin1Char('0'))},
                                      {QStringLiteral("reason"),
                                       tr("STAT samples from ICU; patient pool and the previous run agree")}},
                          supervisor));
            shift = 0;
            for (int attempt = 0; attempt < 6; ++attempt) {
                const QString action =
                    violation == QLatin1String("1-3s") || violation == QLatin1String("R-4s")
                        ? tr("Random error: fresh control vials opened, sample probe cleaned, controls rerun")
                        : tr("Systematic error: reagent pack replaced and %1 recalibrated, controls rerun")
                              .arg(code);
                schedule(
                    t + 20 * Minute,
                    draft("qc.corrective_action", code,
                          QJsonObject{{QStringLiteral("test"), code},
                                      {QStringLiteral("bench"), bench},
                                      {QStringLiteral("run_id"), QStringLiteral("%1-QC%2").arg(code).arg(
                                                                     runNumber, 4, 10, QLatin1Char('0'))},
                                      {QStringLiteral("action"), action}},
                          m_technicians.at(m_rng.bounded(static_cast<int>(m_technicians.size())))));
                t += 40 * Minute;
                const QString status = oneRun(t, {std::nan(""), std::nan("")}, true);
                if (status != QLatin1String("rejected"))
                    break;
            }
            m_windows.append({code, rejectedAt, t});
        };

        for (int d = 0; d < days; ++d) {
            if (glucose && d == lotChangeDay) {
                Lot next;
                next.lot = QString::fromLatin1(NewGluLot);
                next.trueMean = NewGluMean;
                next.trueSd = spec.sd;
                // The demo's establishing values are drawn once and scaled to the process's spread
                // (0.8 of the insert's SD): twenty values of chance could set the targets far too
                // tight or too loose, and the demo would then show a lot that rejects run after run.
                for (int level = 0; level < 2; ++level) {
                    QList<double> z;
                    for (int i = 0; i < QcRunJudge::establishingCount(); ++i)
                        z << gaussian();
                    double mean = 0, ss = 0;
                    for (double x : z)
                        mean += x / z.size();
                    for (double x : z)
                        ss += (x - mean) * (x - mean);
                    const double sd = std::sqrt(ss / (z.size() - 1));
                    for (double &x : z)
                        x = 0.8 * (x - mean) / sd;
                    next.establishing[level] = z;
                }
                defineLot(dayStart(d) - 60 * Minute, next, false, farExpiry);
                lots << next;
            }
            const bool weekday = d % 7 < 5; // five days with two runs, two with one
            for (int slot = 0; slot < (weekday ? 2 : 1); ++slot) {
                const qint64 at =
                    dayStart(d) + (slot == 0 ? 0 : 8) * 60 * Minute + m_rng.bounded(50) * Minute;
                if (at < from || at >= end)
                    continue;
                const bool calm = at >= calmFrom;
                std::array<double, 2> forced{std::nan(""), std::nan("")};
                QString planned;
                if (!calm && d == plannedDay && slot == 0) {
                    if (code == QLatin1String("GLU"))
                        forced = {3.4, std::nan("")}, planned = QStringLiteral("1-3s");
                    else if (code == QLatin1String("K"))
                        forced = {2.3, 2.4}, planned = QStringLiteral("2-2s");
                    else if (code == QLatin1String("NA"))
                        shift = 1.4; // 4-1s within a run or two
                    else if (code == QLatin1String("HGB"))
                        shift = 0.6; // under 1 SD: only the mean rule (10x) sees it
                }
                const bool inPeriod = glucose && calm && !inPeriodPlanned && at >= inPeriodAt;
                if (inPeriod)
                    forced = {std::nan(""), 3.5}, planned = QStringLiteral("1-3s");
                const QString status = oneRun(at, forced, calm && !inPeriod);
                if (status == QLatin1String("rejected")) {
                    inPeriodPlanned = inPeriodPlanned || inPeriod;
                    recover(at, planned.isEmpty() ? QStringLiteral("shift") : planned,
                            code == QLatin1String("K"), inPeriod);
                }
            }
        }
    }
    return {};
}

} // namespace benchside
