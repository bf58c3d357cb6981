// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcprojection.h"

#include "core/jsonfield.h"
#include "core/jsonnumber.h"
#include "qc/qcrunjudge.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QVariant>

namespace benchside {

namespace {
QVariant nullableDouble(const QJsonValue &v)
{
    return v.isDouble() ? QVariant(v.toDouble()) : QVariant(QMetaType(QMetaType::Double));
}

bool isGood(const QString &status)
{
    return status == QLatin1String("accepted") || status == QLatin1String("warning");
}

// The values of a lot the rules look back over: enough for the longest rule (12x) across three levels.
constexpr int HistoryValues = 60;
} // namespace

QcProjection::QcProjection(StatementCache &statements) : m_statements(statements) {}

QcProjection::~QcProjection() = default;

const QStringList &QcProjection::tables()
{
    static const QStringList names{
        QStringLiteral("qc_lots"),
        QStringLiteral("qc_results"),
        QStringLiteral("qc_rules"),
        QStringLiteral("qc_analyzers"),
        QStringLiteral("qc_test_state"),
        QStringLiteral("qc_lockouts"),
        QStringLiteral("qc_lookback_reviews"),
        QStringLiteral("qc_patterns"),
    };
    return names;
}

bool QcProjection::projects(const QString &kind)
{
    static const QSet<QString> kinds{
        QStringLiteral("qc.pattern.defined"),   QStringLiteral("qc.lot.defined"),
        QStringLiteral("qc.targets.set"),       QStringLiteral("qc.recorded"),
        QStringLiteral("qc.rules.configured"),  QStringLiteral("qc.analyzer.mapped"),
        QStringLiteral("qc.corrective_action"), QStringLiteral("qc.lockout.overridden"),
        QStringLiteral("qc.lookback.reviewed"),
    };
    return kinds.contains(kind);
}

Status QcProjection::exec(SqliteStatement &q)
{
    if (!q.exec())
        return Status::failure(tr("Updating the QC views failed: %1").arg(q.errorText()));
    return {};
}

Status QcProjection::apply(const Event &e, const QJsonObject &p)
{
    const QString &k = e.kind;
    if (!projects(k))
        return {};
    if (k != QLatin1String("qc.analyzer.mapped")) {
        if (Status s = checkTest(e, p); !s)
            return s;
    }
    if (k == QLatin1String("qc.pattern.defined")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO qc_patterns (test_code, lot, level, pattern, "
                                       "defined_by, defined_at) VALUES (?, ?, ?, ?, ?, ?)");
        for (const QVariant &v : {QVariant(jsonText(p, "test")), QVariant(jsonText(p, "lot")),
                                  QVariant(p.value(QLatin1String("level")).toInt()),
                                  QVariant(jsonText(p, "pattern")), QVariant(e.actor), QVariant(e.atMs())})
            q.addBindValue(v);
        return exec(q);
    }
    if (k == QLatin1String("qc.lot.defined"))
        return applyLot(e, p);
    if (k == QLatin1String("qc.targets.set"))
        return applyTargets(e, p);
    if (k == QLatin1String("qc.recorded"))
        return applyRecorded(e, p);
    if (k == QLatin1String("qc.rules.configured")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO qc_rules (test_code, rules, configured_by, "
                                       "configured_at) VALUES (?, ?, ?, ?)");
        q.addBindValue(jsonText(p, "test"));
        q.addBindValue(jsonText(p, "rules"));
        q.addBindValue(e.actor);
        q.addBindValue(e.atMs());
        return exec(q);
    }
    if (k == QLatin1String("qc.analyzer.mapped")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO qc_analyzers (name, mapping, defined_by, "
                                       "defined_at) VALUES (?, ?, ?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(Event::canonicalJson(p.value(QLatin1String("mapping")).toObject()));
        q.addBindValue(e.actor);
        q.addBindValue(e.atMs());
        return exec(q);
    }
    if (k == QLatin1String("qc.corrective_action"))
        return applyCorrective(e, p);
    if (k == QLatin1String("qc.lockout.overridden"))
        return applyOverride(e, p);
    if (k == QLatin1String("qc.lookback.reviewed"))
        return applyReview(e, p);
    return {};
}

// QcReplay finds a test's events by the test SQLite's JSON reads in the payload (journal_qc_by_test);
// the projection reads it with Qt's. A payload the two read differently (a key given twice, which no
// station writes) is left out of the views, here and in every replay, so that replaying one test can
// neither miss an event of its own nor apply another test's.
Status QcProjection::checkTest(const Event &e, const QJsonObject &p)
{
    const QJsonValue test = p.value(QLatin1String("test"));
    SqliteStatement &q = statement("SELECT json_extract(?1, '$.test') WHERE json_valid(?1)");
    q.addBindValue(e.payload);
    if (Status s = exec(q); !s)
        return s;
    const QVariant read = q.next() ? q.value(0) : QVariant();
    q.finish();
    const QString sqlite = read.typeId() == QMetaType::QString ? read.toString() : QString();
    if (sqlite == (test.isString() ? test.toString() : QString()))
        return {};
    return Status::failure(tr("its payload does not name one test unambiguously"));
}

Status QcProjection::applyLot(const Event &e, const QJsonObject &p)
{
    const bool targets = p.value(QLatin1String("mean")).isDouble() && p.value(QLatin1String("sd")).isDouble();
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO qc_lots (test_code, lot, level, bench, material, expires, "
                  "mean, sd, target_source, target_n, defined_by, defined_at, targets_set_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)");
    for (const QVariant &v :
         {QVariant(jsonText(p, "test")), QVariant(jsonText(p, "lot")),
          QVariant(p.value(QLatin1String("level")).toInt()), QVariant(jsonText(p, "bench")),
          QVariant(jsonText(p, "material")), QVariant(jsonText(p, "expires")),
          targets ? nullableDouble(p.value(QLatin1String("mean"))) : QVariant(QMetaType(QMetaType::Double)),
          targets ? nullableDouble(p.value(QLatin1String("sd"))) : QVariant(QMetaType(QMetaType::Double)),
          QVariant(targets ? QStringLiteral("insert") : QStringLiteral("establishing")), QVariant(e.actor),
          QVariant(e.atMs()), targets ? QVariant(e.atMs()) : QVariant(QMetaType(QMetaType::LongLong))})
        q.addBindValue(v);
    return exec(q);
}

Status QcProjection::applyTargets(const Event &e, const QJsonObject &p)
{
    const double mean = p.value(QLatin1String("mean")).toDouble();
    const double sd = p.value(QLatin1String("sd")).toDouble();
    const QString test = jsonText(p, "test");
    const QString lot = jsonText(p, "lot");
    const int level = p.value(QLatin1String("level")).toInt();
    {
        SqliteStatement &q =
            statement("UPDATE qc_lots SET mean = ?, sd = ?, target_source = ?, target_n = ?, "
                      "targets_set_at = ? WHERE test_code = ? AND lot = ? AND level = ?");
        for (const QVariant &v : {QVariant(mean), QVariant(sd), QVariant(jsonText(p, "source")),
                                  QVariant(p.value(QLatin1String("n")).toInt()), QVariant(e.atMs()),
                                  QVariant(test), QVariant(lot), QVariant(level)})
            q.addBindValue(v);
        if (Status s = exec(q); !s)
            return s;
    }
    if (sd <= 0)
        return {};
    // The values the targets were established from get their z-scores now, for the chart and for
    // the rules that look back over them; they were never judged, so they keep no violations.
    SqliteStatement &q =
        statement("UPDATE qc_results SET z = (value - ?) / ? WHERE test_code = ? AND lot = ? AND "
                  "level = ? AND z IS NULL");
    for (const QVariant &v : {QVariant(mean), QVariant(sd), QVariant(test), QVariant(lot), QVariant(level)})
        q.addBindValue(v);
    return exec(q);
}

Status QcProjection::applyRecorded(const Event &e, const QJsonObject &p)
{
    const QString test = jsonText(p, "test");
    const QString bench = jsonText(p, "bench");
    const QString runId = jsonText(p, "run_id");
    const qint64 at = jsonInteger(p.value(QLatin1String("at"))).value_or(0);
    const QJsonArray values = p.value(QLatin1String("values")).toArray();
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QJsonObject v = values.at(i).toObject();
        SqliteStatement &q = statement(
            "INSERT OR REPLACE INTO qc_results (test_code, run_id, lot, level, bench, value, measured_at, "
            "analyzer, recorded_by, event_id, hlc, position, z, violations, run_status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, '', 'establishing')");
        for (const QVariant &x : {QVariant(test), QVariant(runId), QVariant(jsonText(v, "lot")),
                                  QVariant(v.value(QLatin1String("level")).toInt()), QVariant(bench),
                                  QVariant(v.value(QLatin1String("value")).toDouble()), QVariant(at),
                                  QVariant(jsonText(p, "analyzer")), QVariant(e.actor), QVariant(e.id),
                                  QVariant(e.hlc), QVariant(static_cast<int>(i))})
            q.addBindValue(x);
        if (Status s = exec(q); !s)
            return s;
    }
    QString status;
    if (Status s = judgeRun(test, bench, runId, status); !s)
        return s;
    SqliteStatement &first =
        statement("SELECT min(measured_at) FROM qc_results WHERE test_code = ? AND run_id = ?");
    first.addBindValue(test);
    first.addBindValue(runId);
    if (Status s = exec(first); !s)
        return s;
    const qint64 measuredAt = first.next() ? first.value(0).toLongLong() : at;
    first.finish();
    return updateLockout(test, bench, runId, status, measuredAt);
}

// Judges every lot of the run against its own history (a new lot running beside the old one is
// judged on its own values); the run's status is the worst of them.
Status QcProjection::judgeRun(const QString &test, const QString &bench, const QString &runId,
                              QString &status)
{
    QString rules; // empty: the default set for the lot's number of levels
    {
        SqliteStatement &q = statement("SELECT rules FROM qc_rules WHERE test_code = ?");
        q.addBindValue(test);
        if (Status s = exec(q); !s)
            return s;
        if (q.next())
            rules = q.value(0).toString();
        q.finish();
    }
    QStringList lots;
    QHash<QString, QList<QcRunJudge::Value>> byLot;
    {
        SqliteStatement &q = statement(
            "SELECT r.lot, r.level, r.value, r.measured_at, r.recorded_by, l.mean, l.sd FROM qc_results r "
            "LEFT JOIN qc_lots l ON l.test_code = r.test_code AND l.lot = r.lot AND l.level = r.level "
            "WHERE r.test_code = ? AND r.run_id = ? ORDER BY r.hlc, r.position");
        q.addBindValue(test);
        q.addBindValue(runId);
        if (Status s = exec(q); !s)
            return s;
        while (q.next()) {
            if (q.value(5).isNull() || q.value(6).isNull() || q.value(6).toDouble() <= 0)
                continue; // establishing: nothing to judge it against yet
            QcRunJudge::Value v{runId,
                                q.value(0).toString(),
                                q.value(1).toInt(),
                                q.value(2).toDouble(),
                                q.value(3).toLongLong(),
                                q.value(4).toString(),
                                q.value(5).toDouble(),
                                q.value(6).toDouble()};
            if (!byLot.contains(v.lot))
                lots << v.lot;
            byLot[v.lot] << v;
        }
        q.finish();
    }
    int worst = -1;
    for (const QString &lot : lots) {
        QList<QcRunJudge::Value> history;
        SqliteStatement &q = statement(
            "SELECT r.run_id, r.level, r.value, r.measured_at, r.recorded_by, l.mean, l.sd FROM qc_results r "
            "JOIN qc_lots l ON l.test_code = r.test_code AND l.lot = r.lot AND l.level = r.level "
            "WHERE r.test_code = ? AND r.lot = ? AND r.bench = ? AND r.run_id <> ? AND r.z IS NOT NULL "
            "AND l.sd > 0 ORDER BY r.hlc DESC, r.position DESC LIMIT ?");
        for (const QVariant &v :
             {QVariant(test), QVariant(lot), QVariant(bench), QVariant(runId), QVariant(HistoryValues)})
            q.addBindValue(v);
        if (Status s = exec(q); !s)
            return s;
        while (q.next())
            history.prepend(QcRunJudge::Value{q.value(0).toString(), lot, q.value(1).toInt(),
                                              q.value(2).toDouble(), q.value(3).toLongLong(),
                                              q.value(4).toString(), q.value(5).toDouble(),
                                              q.value(6).toDouble()});
        q.finish();
        int levels = 0;
        {
            SqliteStatement &c = statement("SELECT count(*) FROM qc_lots WHERE test_code = ? AND lot = ?");
            c.addBindValue(test);
            c.addBindValue(lot);
            if (Status s = exec(c); !s)
                return s;
            levels = c.next() ? c.value(0).toInt() : 0;
            c.finish();
        }
        const QList<QcRunJudge::Value> &run = byLot.value(lot);
        Result<QcRunJudge::Verdict> judged = QcRunJudge::judge(history, run, rules, levels);
        if (!judged)
            return Status::failure(judged.error());
        const QcRunJudge::Verdict &verdict = judged.value();
        worst = std::max(worst, QcRunJudge::statusRank(verdict.status));
        for (qsizetype i = 0; i < run.size() && i < verdict.values.size(); ++i) {
            SqliteStatement &u =
                statement("UPDATE qc_results SET z = ?, judged = 1, violations = ? WHERE test_code = ? AND "
                          "run_id = ? AND lot = ? AND level = ?");
            for (const QVariant &v :
                 {QVariant(verdict.values.at(i).z),
                  QVariant(verdict.values.at(i).violations.join(QLatin1Char(',')) + QStringLiteral("")),
                  QVariant(test), QVariant(runId), QVariant(lot), QVariant(run.at(i).level)})
                u.addBindValue(v);
            if (Status s = exec(u); !s)
                return s;
        }
    }
    status = worst == 2   ? QStringLiteral("rejected")
             : worst == 1 ? QStringLiteral("warning")
             : worst == 0 ? QStringLiteral("accepted")
                          : QStringLiteral("establishing");
    SqliteStatement &q = statement("UPDATE qc_results SET run_status = ? WHERE test_code = ? AND run_id = ?");
    q.addBindValue(status);
    q.addBindValue(test);
    q.addBindValue(runId);
    return exec(q);
}

// The lockout state machine (docs/decisions.md): a rejected run locks the test on the bench; a
// corrective action and then an accepted run resolve it; a supervisor's override lifts it until the
// next rejected run.
Status QcProjection::updateLockout(const QString &test, const QString &bench, const QString &runId,
                                   const QString &status, qint64 measuredAt)
{
    if (status == QLatin1String("establishing"))
        return {};
    const bool good = isGood(status);
    {
        SqliteStatement &q = statement(
            "INSERT INTO qc_test_state (test_code, bench, last_run_id, last_run_status, last_run_at, "
            "last_good_run_id, last_good_at, first_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (test_code, bench) DO UPDATE SET last_run_id = excluded.last_run_id, "
            "last_run_status = excluded.last_run_status, last_run_at = excluded.last_run_at, "
            "last_good_run_id = CASE WHEN ? THEN excluded.last_good_run_id ELSE last_good_run_id END, "
            "last_good_at = CASE WHEN ? THEN excluded.last_good_at ELSE last_good_at END, "
            "first_run_at = min(first_run_at, excluded.first_run_at)");
        for (const QVariant &v : {QVariant(test), QVariant(bench), QVariant(runId), QVariant(status),
                                  QVariant(measuredAt), QVariant(good ? runId : QStringLiteral("")),
                                  good ? QVariant(measuredAt) : QVariant(QMetaType(QMetaType::LongLong)),
                                  QVariant(measuredAt), QVariant(good ? 1 : 0), QVariant(good ? 1 : 0)})
            q.addBindValue(v);
        if (Status s = exec(q); !s)
            return s;
    }
    QString openRun, lastRejected;
    bool corrected = false;
    {
        SqliteStatement &q =
            statement("SELECT run_id, last_rejected_run, corrective_done FROM qc_lockouts WHERE "
                      "test_code = ? AND bench = ? AND state IN ('locked', 'overridden')");
        q.addBindValue(test);
        q.addBindValue(bench);
        if (Status s = exec(q); !s)
            return s;
        if (q.next()) {
            openRun = q.value(0).toString();
            lastRejected = q.value(1).toString();
            corrected = q.value(2).toInt() != 0;
        }
        q.finish();
    }
    if (good) {
        if (openRun.isEmpty() || !corrected)
            return {};
        SqliteStatement &q =
            statement("UPDATE qc_lockouts SET state = 'resolved', resolved_run_id = ?, resolved_at = ? "
                      "WHERE test_code = ? AND bench = ? AND run_id = ?");
        for (const QVariant &v :
             {QVariant(runId), QVariant(measuredAt), QVariant(test), QVariant(bench), QVariant(openRun)})
            q.addBindValue(v);
        return exec(q);
    }
    if (!openRun.isEmpty()) {
        if (lastRejected == runId)
            return {}; // the same run judged again with another of its levels
        // Rejected again: what was done did not bring QC back, and an override was for the earlier run.
        SqliteStatement &q =
            statement("UPDATE qc_lockouts SET state = 'locked', corrective_done = 0, "
                      "last_rejected_run = ? WHERE test_code = ? AND bench = ? AND run_id = ?");
        for (const QVariant &v : {QVariant(runId), QVariant(test), QVariant(bench), QVariant(openRun)})
            q.addBindValue(v);
        return exec(q);
    }
    // The look-back starts at the last accepted run before this one, or where QC on the bench began.
    qint64 from = measuredAt;
    {
        SqliteStatement &q =
            statement("SELECT max(CASE WHEN run_status IN ('accepted', 'warning') THEN measured_at END), "
                      "min(measured_at) FROM qc_results WHERE test_code = ? AND bench = ?");
        q.addBindValue(test);
        q.addBindValue(bench);
        if (Status s = exec(q); !s)
            return s;
        if (q.next())
            from = !q.value(0).isNull()   ? q.value(0).toLongLong()
                   : !q.value(1).isNull() ? std::min(measuredAt, q.value(1).toLongLong())
                                          : measuredAt;
        q.finish();
    }
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO qc_lockouts (test_code, bench, run_id, rejected_at, "
                  "last_rejected_run, lookback_from, state) VALUES (?, ?, ?, ?, ?, ?, 'locked')");
    for (const QVariant &v : {QVariant(test), QVariant(bench), QVariant(runId), QVariant(measuredAt),
                              QVariant(runId), QVariant(from)})
        q.addBindValue(v);
    return exec(q);
}

Status QcProjection::applyCorrective(const Event &e, const QJsonObject &p)
{
    SqliteStatement &q =
        statement("UPDATE qc_lockouts SET corrective_done = 1, corrective_action = ?, corrective_by = ?, "
                  "corrective_at = ? WHERE test_code = ? AND bench = ? AND state IN ('locked', "
                  "'overridden')");
    for (const QVariant &v : {QVariant(jsonText(p, "action")), QVariant(e.actor), QVariant(e.atMs()),
                              QVariant(jsonText(p, "test")), QVariant(jsonText(p, "bench"))})
        q.addBindValue(v);
    return exec(q);
}

Status QcProjection::applyOverride(const Event &e, const QJsonObject &p)
{
    SqliteStatement &q =
        statement("UPDATE qc_lockouts SET state = 'overridden', override_by = ?, override_reason = ?, "
                  "override_at = ? WHERE test_code = ? AND bench = ? AND state = 'locked'");
    for (const QVariant &v : {QVariant(e.actor), QVariant(jsonText(p, "reason")), QVariant(e.atMs()),
                              QVariant(jsonText(p, "test")), QVariant(jsonText(p, "bench"))})
        q.addBindValue(v);
    return exec(q);
}

Status QcProjection::applyReview(const Event &e, const QJsonObject &p)
{
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO qc_lookback_reviews (test_code, bench, run_id, order_id, "
                  "outcome, note, reviewed_by, reviewed_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const QVariant &v :
         {QVariant(jsonText(p, "test")), QVariant(jsonText(p, "bench")), QVariant(jsonText(p, "run_id")),
          QVariant(jsonText(p, "order_id")), QVariant(jsonText(p, "outcome")), QVariant(jsonText(p, "note")),
          QVariant(e.actor), QVariant(e.atMs()), QVariant(e.id)})
        q.addBindValue(v);
    return exec(q);
}

} // namespace benchside
