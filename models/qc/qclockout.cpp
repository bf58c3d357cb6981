// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qclockout.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <limits>

namespace benchside {

namespace {
QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

const char *const EpisodeColumns =
    "SELECT test_code, bench, run_id, rejected_at, last_rejected_run, lookback_from, state, corrective_done, "
    "corrective_action, corrective_by, corrective_at, override_by, override_reason, override_at, "
    "resolved_run_id, resolved_at FROM qc_lockouts ";
} // namespace

Result<QList<QcLockoutEpisode>> QcLockout::select(const QString &where, const QStringList &keys) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QLatin1String(EpisodeColumns) + where);
    for (const QString &k : keys)
        q.addBindValue(k);
    if (!q.exec())
        return Result<QList<QcLockoutEpisode>>::failure(
            tr("Cannot read the QC lockouts: %1").arg(q.lastError().text()));
    QList<QcLockoutEpisode> out;
    while (q.next()) {
        QcLockoutEpisode e;
        e.testCode = q.value(0).toString();
        e.bench = q.value(1).toString();
        e.runId = q.value(2).toString();
        e.rejectedAtMs = q.value(3).toLongLong();
        e.lastRejectedRun = q.value(4).toString();
        e.lookbackFromMs = q.value(5).toLongLong();
        e.state = q.value(6).toString();
        e.correctiveDone = q.value(7).toInt() != 0;
        e.correctiveAction = q.value(8).toString();
        e.correctiveBy = q.value(9).toString();
        e.correctiveAtMs = q.value(10).toLongLong();
        e.overrideBy = q.value(11).toString();
        e.overrideReason = q.value(12).toString();
        e.overrideAtMs = q.value(13).toLongLong();
        e.resolvedRunId = q.value(14).toString();
        e.resolvedAtMs = q.value(15).toLongLong();
        out << e;
    }
    return out;
}

QString QcLockout::reason(const QcLockoutEpisode &e)
{
    // The run that opened the episode and its time; a later rejected run is named beside it.
    QString run = tr("run %1, %2").arg(e.runId, timeText(e.rejectedAtMs));
    if (!e.lastRejectedRun.isEmpty() && e.lastRejectedRun != e.runId)
        run += tr("; latest rejected run %1").arg(e.lastRejectedRun);
    // Overridden, results are released: saying they "cannot be released" would contradict the page.
    if (e.state == QLatin1String("overridden"))
        return tr("QC for %1 on %2 was rejected (%3). %4 overrode the lockout on %5, so results are released "
                  "meanwhile; reason: %6. An accepted QC run after a corrective action ends the episode.")
            .arg(e.testCode, e.bench, run, e.overrideBy, timeText(e.overrideAtMs), e.overrideReason);
    if (e.correctiveDone)
        return tr("QC for %1 on %2 was rejected (%3); a corrective action is documented, and results "
                  "cannot be released until an accepted QC run follows or a supervisor overrides the "
                  "lockout.")
            .arg(e.testCode, e.bench, run);
    return tr("QC for %1 on %2 was rejected (%3): results cannot be released until a corrective "
              "action is documented and an accepted QC run follows, or a supervisor overrides the lockout.")
        .arg(e.testCode, e.bench, run);
}

Result<QHash<QString, QString>> QcLockout::lockedTests(const QString &bench) const
{
    Result<QList<QcLockoutEpisode>> r =
        select(QStringLiteral("WHERE bench = ? AND state = 'locked'"), {bench});
    if (!r)
        return Result<QHash<QString, QString>>::failure(r.error());
    QHash<QString, QString> out;
    for (const QcLockoutEpisode &e : r.value())
        out.insert(e.testCode, reason(e));
    return out;
}

Result<std::optional<QString>> QcLockout::releaseBlock(const QString &testCode, const QString &bench) const
{
    Result<QList<QcLockoutEpisode>> r =
        select(QStringLiteral("WHERE bench = ? AND state = 'locked' AND test_code = ?"), {bench, testCode});
    if (!r)
        return Result<std::optional<QString>>::failure(r.error());
    if (r.value().isEmpty())
        return std::optional<QString>();
    return std::optional<QString>(reason(r.value().first()));
}

Result<std::optional<QcLockoutEpisode>> QcLockout::latestEpisode(const QString &testCode,
                                                                 const QString &bench) const
{
    Result<QList<QcLockoutEpisode>> r = episodes(testCode, bench);
    if (!r)
        return Result<std::optional<QcLockoutEpisode>>::failure(r.error());
    if (r.value().isEmpty())
        return std::optional<QcLockoutEpisode>();
    return std::optional<QcLockoutEpisode>(r.value().first());
}

Result<std::optional<QcLockoutEpisode>> QcLockout::episode(const QString &testCode, const QString &bench,
                                                           const QString &runId) const
{
    Result<QList<QcLockoutEpisode>> r =
        select(QStringLiteral("WHERE test_code = ? AND bench = ? AND run_id = ?"), {testCode, bench, runId});
    if (!r)
        return Result<std::optional<QcLockoutEpisode>>::failure(r.error());
    if (r.value().isEmpty())
        return std::optional<QcLockoutEpisode>();
    return std::optional<QcLockoutEpisode>(r.value().first());
}

Result<QList<QcLockoutEpisode>> QcLockout::openEpisodes(const QString &bench) const
{
    if (bench.isEmpty())
        return select(QStringLiteral("WHERE state IN ('locked', 'overridden') ORDER BY bench, test_code"),
                      {});
    return select(QStringLiteral("WHERE bench = ? AND state IN ('locked', 'overridden') ORDER BY test_code"),
                  {bench});
}

Result<QList<QcLockoutEpisode>> QcLockout::episodes(const QString &testCode, const QString &bench) const
{
    return select(QStringLiteral("WHERE test_code = ? AND bench = ? ORDER BY rejected_at DESC, run_id DESC"),
                  {testCode, bench});
}

Result<QList<QcLookbackEntry>> QcLockout::lookback(const QcLockoutEpisode &e) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT r.order_id, r.accession, s.patient_mrn, coalesce(p.name, ''), r.value, r.unit, r.flag, "
        "r.released_at, r.verified_by, coalesce(v.outcome, ''), coalesce(v.note, ''), "
        "coalesce(v.reviewed_by, ''), v.reviewed_at "
        "FROM results r JOIN test_orders o ON o.order_id = r.order_id "
        "LEFT JOIN specimens s ON s.accession = r.accession LEFT JOIN patients p ON p.mrn = s.patient_mrn "
        "LEFT JOIN qc_lookback_reviews v ON v.test_code = r.test_code AND v.bench = o.bench AND v.run_id = ? "
        "AND v.order_id = r.order_id "
        "WHERE r.test_code = ? AND r.released_at > ? AND r.released_at <= ? AND o.bench = ? "
        "ORDER BY r.released_at, r.order_id"));
    q.addBindValue(e.runId);
    q.addBindValue(e.testCode);
    q.addBindValue(e.lookbackFromMs);
    q.addBindValue(e.state == QLatin1String("resolved") ? e.resolvedAtMs
                                                        : std::numeric_limits<qint64>::max());
    q.addBindValue(e.bench);
    if (!q.exec())
        return Result<QList<QcLookbackEntry>>::failure(
            tr("Cannot read the look-back: %1").arg(q.lastError().text()));
    QList<QcLookbackEntry> out;
    while (q.next()) {
        QcLookbackEntry l;
        l.orderId = q.value(0).toString();
        l.accession = q.value(1).toString();
        l.patientMrn = q.value(2).toString();
        l.patientName = q.value(3).toString();
        l.value = q.value(4).toString();
        l.unit = q.value(5).toString();
        l.flag = q.value(6).toString();
        l.releasedAtMs = q.value(7).toLongLong();
        l.verifiedBy = q.value(8).toString();
        l.outcome = q.value(9).toString();
        l.note = q.value(10).toString();
        l.reviewedBy = q.value(11).toString();
        l.reviewedAtMs = q.value(12).toLongLong();
        out << l;
    }
    return out;
}

} // namespace benchside
