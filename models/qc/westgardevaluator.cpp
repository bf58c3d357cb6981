// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/westgardevaluator.h"

#include <QCoreApplication>
#include <QLocale>
#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace benchside {

namespace {
// Run ids are hashed with the standard library's string hash: QHash's seeded hash made looking
// up 50,000 run ids half of the evaluation's time (docs/benchmarks.md, issue 5).
struct ViewHash
{
    size_t operator()(QStringView v) const
    {
        return std::hash<std::u16string_view>{}(std::u16string_view(v.utf16(), size_t(v.size())));
    }
};

// The evaluation's working arrays, indexed by input position.
struct Work
{
    std::vector<int> runOf;
    std::vector<qint8> evaluated; // 1 when the point's level has a target
    std::vector<qint8> side;      // sign of z: −1, 0 (on the mean), +1
    std::vector<qint8> beyond1;   // −1 below mean − 1 SD, +1 above mean + 1 SD, 0 within
    std::vector<qint8> beyond2;
    std::vector<qint8> beyond3;
    std::vector<quint32> mask;
};

// Marks `bit` on the points of `seq` that belong to a window of `width` consecutive entries in
// which at least `count` have the same non-zero sign in `sign`: the entries of that sign that lie
// in the run of the window's last entry (the run that completes the pattern). Windows shorter
// than `width` at the start of the sequence count as well, so 2 of 2 satisfies 2 of 3.
void markWindows(const std::vector<int> &seq, const std::vector<qint8> &sign, int width, int count,
                 quint32 bit, Work &w)
{
    int plus = 0;
    int minus = 0;
    const int n = int(seq.size());
    for (int j = 0; j < n; ++j) {
        const qint8 in = sign[size_t(seq[size_t(j)])];
        plus += in > 0;
        minus += in < 0;
        if (j >= width) {
            const qint8 out = sign[size_t(seq[size_t(j - width)])];
            plus -= out > 0;
            minus -= out < 0;
        }
        const int s = plus >= count ? 1 : (minus >= count ? -1 : 0);
        if (s == 0)
            continue;
        const int run = w.runOf[size_t(seq[size_t(j)])];
        for (int k = j; k > j - width && k >= 0; --k) {
            const int p = seq[size_t(k)];
            if (w.runOf[size_t(p)] != run)
                break;
            if (sign[size_t(p)] == s)
                w.mask[size_t(p)] |= bit;
        }
    }
}

// 7T: seven consecutive entries of `seq` each above (or each below) the one before.
void markTrend(const std::vector<int> &seq, const QList<QcPoint> &points, quint32 bit, Work &w)
{
    constexpr int Length = 7;
    int streak = 0; // consecutive steps in direction `dir`
    int dir = 0;
    for (size_t j = 1; j < seq.size(); ++j) {
        const double a = points.at(seq[j - 1]).value;
        const double b = points.at(seq[j]).value;
        const int step = b > a ? 1 : (b < a ? -1 : 0);
        streak = step != 0 && step == dir ? streak + 1 : (step != 0 ? 1 : 0);
        dir = step;
        if (streak < Length - 1)
            continue;
        const int run = w.runOf[size_t(seq[j])];
        for (size_t k = j + 1; k-- > j + 1 - Length;) {
            const int p = seq[k];
            if (w.runOf[size_t(p)] != run)
                break;
            w.mask[size_t(p)] |= bit;
        }
    }
}
} // namespace

WestgardEvaluator::WestgardEvaluator(QcRuleSet rules, QMap<int, QcTarget> targets)
    : m_rules(rules), m_targets(std::move(targets))
{}

Result<WestgardEvaluator::Evaluation> WestgardEvaluator::evaluate(const QList<QcPoint> &points) const
{
    using R = Result<Evaluation>;
    if (const Status s = m_rules.validate(); !s)
        return R::failure(s.error());
    for (auto it = m_targets.cbegin(); it != m_targets.cend(); ++it) {
        if (!it.value().isValid())
            return R::failure(tr("The target of level %1 needs a mean and an SD above zero (SD %2).")
                                  .arg(it.key())
                                  .arg(QLocale::c().toString(it.value().sd, 'g', 6)));
    }

    const qsizetype n = points.size();
    Evaluation result;
    result.points.resize(n);
    Work w;
    w.runOf.assign(size_t(n), -1);
    w.evaluated.assign(size_t(n), 0);
    w.side.assign(size_t(n), 0);
    w.beyond1.assign(size_t(n), 0);
    w.beyond2.assign(size_t(n), 0);
    w.beyond3.assign(size_t(n), 0);
    w.mask.assign(size_t(n), 0);

    // Runs in order of their first point; most lists keep a run's points together, so the hash
    // is consulted only when the run id changes. Its keys are views into `points`.
    std::unordered_map<QStringView, int, ViewHash> runIndex;
    runIndex.reserve(size_t(n / std::max<qsizetype>(1, m_targets.size())) + 1);
    std::vector<int> runSize;
    int current = -1;
    for (qsizetype i = 0; i < n; ++i) {
        const QcPoint &p = points.at(i);
        if (!std::isfinite(p.value))
            return R::failure(tr("QC point %1 (level %2) has no numeric value.")
                                  .arg(p.id.isEmpty() ? QString::number(i + 1) : p.id)
                                  .arg(p.level));
        int run;
        if (p.runId.isEmpty()) {
            run = int(result.runs.size());
            result.runs.append(RunResult{});
            runSize.push_back(0);
        } else if (current >= 0 && result.runs.at(current).runId == p.runId) {
            run = current;
        } else {
            const auto it = runIndex.find(QStringView(p.runId));
            if (it == runIndex.end()) {
                run = int(result.runs.size());
                RunResult r;
                r.runId = p.runId;
                result.runs.append(r);
                runSize.push_back(0);
                runIndex.emplace(QStringView(p.runId), run);
            } else {
                run = it->second;
            }
        }
        current = p.runId.isEmpty() ? -1 : run;
        w.runOf[size_t(i)] = run;
        ++runSize[size_t(run)];

        const auto t = m_targets.constFind(p.level);
        if (t == m_targets.cend())
            continue;
        const double z = t->z(p.value);
        result.points[i].z = z;
        w.evaluated[size_t(i)] = 1;
        w.side[size_t(i)] = qint8(QcTarget::beyondZ(z, 0));
        w.beyond1[size_t(i)] = qint8(QcTarget::beyondZ(z, 1));
        w.beyond2[size_t(i)] = qint8(QcTarget::beyondZ(z, 2));
        w.beyond3[size_t(i)] = qint8(QcTarget::beyondZ(z, 3));
    }

    // The points in run order (a run's points together): a counting sort.
    const int runCount = int(result.runs.size());
    std::vector<int> start(size_t(runCount) + 1, 0);
    for (int r = 0; r < runCount; ++r)
        start[size_t(r) + 1] = start[size_t(r)] + runSize[size_t(r)];
    std::vector<int> order(static_cast<size_t>(n));
    {
        std::vector<int> fill(start.begin(), start.end() - 1);
        for (qsizetype i = 0; i < n; ++i)
            order[size_t(fill[size_t(w.runOf[size_t(i)])]++)] = int(i);
    }
    // Within a run, by time and then level, so that the order in which a run's points happen to
    // be listed (the store, the CSV import, the entry form) cannot change which run completes a
    // pattern across levels. Runs hold a handful of points: insertion sort.
    const auto before = [&points](int a, int b) {
        const QcPoint &x = points.at(a);
        const QcPoint &y = points.at(b);
        if (x.atMs != y.atMs)
            return x.atMs < y.atMs;
        if (x.level != y.level)
            return x.level < y.level;
        return a < b;
    };
    for (int r = 0; r < runCount; ++r) {
        for (int k = start[size_t(r)] + 1; k < start[size_t(r) + 1]; ++k) {
            const int v = order[size_t(k)];
            int j = k;
            for (; j > start[size_t(r)] && before(v, order[size_t(j - 1)]); --j)
                order[size_t(j)] = order[size_t(j - 1)];
            order[size_t(j)] = v;
        }
    }

    const QcRuleSet &rules = m_rules;
    const auto on = [&rules](QcRule r) {
        return rules.contains(r);
    };

    // One measurement on its own.
    for (qsizetype i = 0; i < n; ++i) {
        if (w.beyond2[size_t(i)] != 0)
            w.mask[size_t(i)] |= QcRuleSet::bit(QcRule::OneTwoS);
        if (w.beyond3[size_t(i)] != 0)
            w.mask[size_t(i)] |= QcRuleSet::bit(QcRule::OneThreeS);
    }

    // Within each run, across levels: 2-2s, 2of3-2s, R-4s.
    for (int r = 0; r < runCount; ++r) {
        int above = 0;
        int below = 0;
        for (int k = start[size_t(r)]; k < start[size_t(r) + 1]; ++k) {
            const qint8 b = w.beyond2[size_t(order[size_t(k)])];
            above += b > 0;
            below += b < 0;
        }
        quint32 aboveBits = 0;
        quint32 belowBits = 0;
        if (above >= 2 || below >= 2) {
            const quint32 pair = (on(QcRule::TwoTwoS) ? QcRuleSet::bit(QcRule::TwoTwoS) : 0) |
                                 (on(QcRule::TwoOfThreeTwoS) ? QcRuleSet::bit(QcRule::TwoOfThreeTwoS) : 0);
            aboveBits |= above >= 2 ? pair : 0;
            belowBits |= below >= 2 ? pair : 0;
        }
        if (above >= 1 && below >= 1) {
            aboveBits |= QcRuleSet::bit(QcRule::RangeFourS);
            belowBits |= QcRuleSet::bit(QcRule::RangeFourS);
        }
        if ((aboveBits | belowBits) == 0)
            continue;
        for (int k = start[size_t(r)]; k < start[size_t(r) + 1]; ++k) {
            const int p = order[size_t(k)];
            const qint8 b = w.beyond2[size_t(p)];
            w.mask[size_t(p)] |= b > 0 ? aboveBits : (b < 0 ? belowBits : 0);
        }
    }

    // Consecutive measurements: of each level, and of all levels together, in run order.
    std::vector<int> all;
    all.reserve(size_t(n));
    std::map<int, std::vector<int>> byLevel;
    for (int p : order) {
        if (!w.evaluated[size_t(p)])
            continue;
        all.push_back(p);
        byLevel[points.at(p).level].push_back(p);
    }
    struct Consecutive
    {
        QcRule rule;
        int width;
        int count;
        const std::vector<qint8> *sign;
    };
    const Consecutive consecutive[] = {
        {QcRule::FourOneS, 4, 4, &w.beyond1}, {QcRule::ThreeOneS, 3, 3, &w.beyond1},
        {QcRule::TenX, 10, 10, &w.side},      {QcRule::EightX, 8, 8, &w.side},
        {QcRule::TwelveX, 12, 12, &w.side},
    };
    for (const Consecutive &c : consecutive) {
        if (!on(c.rule))
            continue;
        markWindows(all, *c.sign, c.width, c.count, QcRuleSet::bit(c.rule), w);
        for (const auto &[level, seq] : byLevel)
            markWindows(seq, *c.sign, c.width, c.count, QcRuleSet::bit(c.rule), w);
    }
    for (const auto &[level, seq] : byLevel) {
        if (on(QcRule::TwoTwoS))
            markWindows(seq, w.beyond2, 2, 2, QcRuleSet::bit(QcRule::TwoTwoS), w);
        if (on(QcRule::TwoOfThreeTwoS))
            markWindows(seq, w.beyond2, 3, 2, QcRuleSet::bit(QcRule::TwoOfThreeTwoS), w);
        if (on(QcRule::SevenT))
            markTrend(seq, points, QcRuleSet::bit(QcRule::SevenT), w);
    }

    // Results, and each run's status from its points.
    quint32 rejecting = 0;
    for (QcRule r : QcRuleSet::allRules()) {
        if (QcRuleSet::rejects(r))
            rejecting |= QcRuleSet::bit(r);
    }
    std::vector<qint8> runEvaluated(size_t(runCount), 0);
    for (qsizetype i = 0; i < n; ++i) {
        const quint32 m = w.mask[size_t(i)] & rules.mask();
        PointResult &pr = result.points[i];
        pr.violationMask = m;
        if (m != 0)
            pr.violations = QcRuleSet::names(m);
        pr.run = w.runOf[size_t(i)];
        RunResult &run = result.runs[pr.run];
        run.points.append(int(i));
        run.violationMask |= m;
        runEvaluated[size_t(pr.run)] |= w.evaluated[size_t(i)];
    }
    for (int r = 0; r < runCount; ++r) {
        RunResult &run = result.runs[r];
        if (!runEvaluated[size_t(r)])
            run.status = RunStatus::NotEvaluated;
        else if (run.violationMask & rejecting)
            run.status = RunStatus::Rejected;
        else if (run.violationMask != 0)
            run.status = RunStatus::Warning;
        else
            run.status = RunStatus::Accepted;
    }
    for (PointResult &pr : result.points)
        pr.runStatus = result.runs.at(pr.run).status;
    return result;
}

QString WestgardEvaluator::statusCode(RunStatus status)
{
    switch (status) {
    case RunStatus::NotEvaluated:
        return QStringLiteral("not_evaluated");
    case RunStatus::Accepted:
        return QStringLiteral("accepted");
    case RunStatus::Warning:
        return QStringLiteral("warning");
    case RunStatus::Rejected:
        break;
    }
    return QStringLiteral("rejected");
}

std::optional<WestgardEvaluator::RunStatus> WestgardEvaluator::parseStatus(const QString &code)
{
    for (RunStatus s :
         {RunStatus::NotEvaluated, RunStatus::Accepted, RunStatus::Warning, RunStatus::Rejected}) {
        if (statusCode(s) == code)
            return s;
    }
    return std::nullopt;
}

} // namespace benchside
