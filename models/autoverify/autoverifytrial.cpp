// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifytrial.h"

#include "autoverify/autoverifier.h"
#include "journal/hybridclock.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace benchside {

namespace {
std::optional<double> number(const QJsonValue &v)
{
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}
} // namespace

Result<AutoverifyTrial::Outcome> AutoverifyTrial::run(const AutoverifyRules &current,
                                                      const AutoverifyRules &proposed, int days,
                                                      qint64 nowMs) const
{
    using R = Result<Outcome>;
    const qint64 fromHlc = (nowMs - qint64(days) * 86'400'000) << 16;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Analyzer results only: typed ones are never autoverified. The test is in the payload; the
    // kind and the time bound come from the journal's own index.
    q.prepare(QStringLiteral(
        "SELECT payload, hlc FROM journal WHERE kind = 'result.entered' AND hlc >= ? AND "
        "json_extract(payload, '$.test') = ? AND json_extract(payload, '$.instrument') IS NOT NULL "
        "ORDER BY hlc"));
    q.addBindValue(fromHlc);
    q.addBindValue(proposed.test);
    if (!q.exec())
        return R::failure(tr("Cannot read the journal: %1").arg(q.lastError().text()));
    // The test's QC runs per analyzer, read once: looking the last one up per result cost most of
    // a trial over a month of results (an index seek and a sort each).
    struct Run
    {
        qint64 measuredAt;
        QString status;
    };
    QHash<QString, QList<Run>> runs;
    {
        QSqlQuery qc(m_db);
        qc.setForwardOnly(true);
        qc.prepare(
            QStringLiteral("SELECT analyzer, measured_at, run_status FROM qc_results WHERE test_code = ? "
                           "ORDER BY measured_at, hlc"));
        qc.addBindValue(proposed.test);
        if (!qc.exec())
            return R::failure(tr("Cannot read the QC runs: %1").arg(qc.lastError().text()));
        while (qc.next())
            runs[qc.value(0).toString()].append(Run{qc.value(1).toLongLong(), qc.value(2).toString()});
    }
    Outcome out;
    while (q.next()) {
        const QJsonObject p = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
        const qint64 at = HybridClock::toMs(q.value(1).toLongLong());
        const QJsonObject instrument = p.value(QLatin1String("instrument")).toObject();
        AutoverifyFacts f;
        f.value = number(p.value(QLatin1String("numeric")));
        f.flag = ResultFlags::parse(p.value(QLatin1String("flag")).toString());
        const QString basis = p.value(QLatin1String("range_basis")).toString();
        f.basis = basis.isEmpty() ? (f.value ? RangeBasis::Patient : RangeBasis::NotApplicable)
                                  : ResultJudge::parseBasis(basis);
        const QJsonObject range = p.value(QLatin1String("range")).toObject();
        if (!range.isEmpty()) {
            ReferenceRange r;
            r.low = range.value(QLatin1String("low")).toDouble();
            r.high = range.value(QLatin1String("high")).toDouble();
            r.criticalLow = number(range.value(QLatin1String("critical_low")));
            r.criticalHigh = number(range.value(QLatin1String("critical_high")));
            f.range = r;
        }
        f.implausible = p.contains(QLatin1String("implausible_confirmed"));
        f.delta = DeltaCheck::parseOutcome(p.value(QLatin1String("delta")).toString());
        f.hasPrevious = !p.value(QLatin1String("delta_previous")).toString().isEmpty();
        if (f.hasPrevious && f.value)
            f.deltaChange = *f.value - p.value(QLatin1String("delta_previous")).toString().toDouble();
        f.takeInstrument(instrument);
        f.nowMs = at;
        // The analyzer's last run measured at or before the result, the newest recorded among equals
        // (as AutoverifyService reads it live).
        const QList<Run> &mine = runs[instrument.value(QLatin1String("analyzer")).toString()];
        const auto after = std::upper_bound(mine.cbegin(), mine.cend(), at,
                                            [](qint64 t, const Run &r) { return t < r.measuredAt; });
        if (after != mine.cbegin()) {
            const Run &last = *(after - 1);
            f.lastQcStatus = last.status;
            f.lastQcAtMs = last.measuredAt;
            // A rejected last run is what locks the test; the lockout itself is not kept per moment.
            if (f.lastQcStatus == QLatin1String("rejected"))
                f.qcLockout = tr("the QC run of %1 was rejected").arg(proposed.test);
        }
        const AutoverifyDecision now = Autoverifier::decide(current, f, false);
        const AutoverifyDecision then = Autoverifier::decide(proposed, f, false);
        ++out.results;
        then.release ? ++out.wouldRelease : ++out.wouldHold;
        if (now.release != then.release)
            out.changed << Change{p.value(QLatin1String("order_id")).toString(),
                                  p.value(QLatin1String("value")).toString(), now.release, then.release,
                                  then.release ? tr("released") : then.reasons.value(0)};
    }
    return out;
}

} // namespace benchside
