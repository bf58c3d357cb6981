// SPDX-License-Identifier: GPL-3.0-or-later
// QC evaluation benchmark (issue 5, "Quality and performance"): evaluate 100,000 QC points over
// two levels (50,000 runs) with the default Westgard multirule. Target: under 50 ms.
//
//   qc_bench [--points N] [--levels L] [--reps R]
//
// The history comes from tests/util/qcsynthetic.h (normal values with shifts and outliers, so
// the rules have violations to find). Each repetition evaluates the whole list from scratch
// (WestgardEvaluator::evaluate, including building the per-point results and rule names); the
// list is built once, as the store would hand it over. Also timed: LeveyJenningsData::build over
// the same points (evaluation, time sort and lot changes), which the chart and the CLI use.
// Prints JSON: median (p50) and max of the repetitions, in ms (wall time; evaluate_cpu_ms is the
// process's CPU time for the same evaluations).

#include "benchtiming.h"
#include "qc/leveyjenningsdata.h"
#include "qc/westgardevaluator.h"
#include "qcsynthetic.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace benchside;

namespace {
// CPU time of the process, in ms: unlike wall time, not stretched when other builds share the
// machine's two cores (docs/benchmarks.md gives both).
double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int pointCount = 100'000;
    int levels = 2;
    int reps = 15;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--points"))
            pointCount = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--levels"))
            levels = args.at(i + 1).toInt();
        else if (args.at(i) == QLatin1String("--reps"))
            reps = args.at(i + 1).toInt();
    }
    if (pointCount <= 0 || levels < 1 || levels > 3 || reps < 1) {
        std::fputs("usage: qc_bench [--points N] [--levels 1-3] [--reps R]\n", stderr);
        return 2;
    }

    const QList<QcPoint> points =
        qcsynthetic::history(pointCount / levels, levels, 20261122, 1'700'000'000'000, 3'600'000);
    QMap<int, QcTarget> targets;
    for (int l = 1; l <= levels; ++l)
        targets.insert(l, qcsynthetic::glucoseTargets().value(l));
    const QcRuleSet rules = QcRuleSet::defaults(levels);
    const WestgardEvaluator evaluator(rules, targets);

    std::vector<double> evaluate;
    std::vector<double> evaluateCpu;
    int rejected = 0;
    int warnings = 0;
    int violatingPoints = 0;
    evaluator.evaluate(points); // warm-up
    for (int r = 0; r < reps; ++r) {
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuMs();
        const Result<WestgardEvaluator::Evaluation> e = evaluator.evaluate(points);
        evaluateCpu.push_back(cpuMs() - cpu0);
        evaluate.push_back(benchtiming::ms(t));
        if (!e) {
            std::fprintf(stderr, "%s\n", qPrintable(e.error()));
            return 1;
        }
        rejected = warnings = violatingPoints = 0;
        for (const WestgardEvaluator::RunResult &run : e->runs) {
            rejected += run.status == WestgardEvaluator::RunStatus::Rejected;
            warnings += run.status == WestgardEvaluator::RunStatus::Warning;
        }
        for (const WestgardEvaluator::PointResult &p : e->points)
            violatingPoints += !p.violations.isEmpty();
    }

    // Every rule the evaluator has (7T and 8x on instead of 10x): the most work per point.
    QcRuleSet every = rules;
    every.setEnabled(QcRule::SevenT, true);
    every.setEnabled(QcRule::TwoOfThreeTwoS, true);
    every.setEnabled(QcRule::ThreeOneS, true);
    every.setEnabled(QcRule::TwoTwoS, true);
    every.setEnabled(QcRule::FourOneS, true);
    const WestgardEvaluator everyEvaluator(every, targets);
    std::vector<double> everyRule;
    for (int r = 0; r < reps; ++r) {
        QElapsedTimer t;
        t.start();
        const auto e = everyEvaluator.evaluate(points);
        everyRule.push_back(benchtiming::ms(t));
        if (!e)
            return 1;
    }

    std::vector<double> build;
    for (int r = 0; r < reps; ++r) {
        QElapsedTimer t;
        t.start();
        const auto d =
            LeveyJenningsData::build(QStringLiteral("GLU"), points, {{QStringLiteral("L1"), targets}}, rules);
        build.push_back(benchtiming::ms(t));
        if (!d)
            return 1;
    }

    const QJsonObject out{
        {QStringLiteral("benchmark"), QStringLiteral("qc_evaluate")},
        {QStringLiteral("points"), pointCount},
        {QStringLiteral("levels"), levels},
        {QStringLiteral("runs"), pointCount / levels},
        {QStringLiteral("rules"), rules.toString()},
        {QStringLiteral("rejected_runs"), rejected},
        {QStringLiteral("warning_runs"), warnings},
        {QStringLiteral("points_with_violations"), violatingPoints},
        {QStringLiteral("evaluate_ms"), benchtiming::stats(evaluate)},
        {QStringLiteral("evaluate_cpu_ms"), benchtiming::stats(evaluateCpu)},
        {QStringLiteral("evaluate_every_rule_ms"), benchtiming::stats(everyRule)},
        {QStringLiteral("levey_jennings_build_ms"), benchtiming::stats(build)},
        {QStringLiteral("limit_ms"), 50},
    };
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}
