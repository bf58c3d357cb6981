// SPDX-License-Identifier: GPL-3.0-or-later
#include "projection/qcreplay.h"

#include "core/jsonlist.h"
#include "projection/projector.h"
#include "qc/qcprojection.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
const QLatin1String AnalyzerMapped("qc.analyzer.mapped");

// The test whose rows the event writes, as QcProjection reads it from the payload.
QString testOf(const Event &e)
{
    const QJsonValue test = e.payloadObject().value(QLatin1String("test"));
    return test.isString() ? test.toString() : QString();
}
} // namespace

Status QcReplay::exec(QSqlQuery &q)
{
    if (!q.exec())
        return Status::failure(tr("Cannot update the QC views: %1").arg(q.lastError().text()));
    return {};
}

Status QcReplay::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    q.prepare(sql);
    return exec(q);
}

bool QcReplay::addLate(const Event &e)
{
    // A late one of a kind this version does not project is left to a full rebuild.
    if (!QcProjection::projects(e.kind))
        return false;
    if (e.kind == AnalyzerMapped) {
        m_analyzers[e.subject].insert(e.id);
        return true;
    }
    const QString test = testOf(e);
    if (test.isEmpty())
        return false;
    m_tests[test].insert(e.id);
    return true;
}

bool QcReplay::claim(const Event &e)
{
    if (!e.kind.startsWith(QLatin1String("qc.")))
        return false;
    Pulled &scopes = e.kind == AnalyzerMapped ? m_analyzers : m_tests;
    const auto it = scopes.find(e.kind == AnalyzerMapped ? e.subject : testOf(e));
    if (it == scopes.end())
        return false;
    it->insert(e.id);
    return true;
}

Result<bool> QcReplay::apply()
{
    if (m_tests.isEmpty() && m_analyzers.isEmpty())
        return true;
    if (Status s = exec(QStringLiteral("SAVEPOINT qc_replay")); !s)
        return Result<bool>::failure(s.error());
    auto giveUp = [this]() -> Result<bool> {
        for (const char *sql : {"ROLLBACK TO qc_replay", "RELEASE qc_replay"}) {
            if (Status s = exec(QString::fromLatin1(sql)); !s)
                return Result<bool>::failure(s.error());
        }
        return false;
    };
    QStringList replayed;
    for (const bool analyzers : {false, true}) {
        const Pulled &scopes = analyzers ? m_analyzers : m_tests;
        QStringList keys = scopes.keys();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            Result<bool> done = replay(key, scopes.value(key), analyzers, replayed);
            if (!done)
                return done;
            if (!done.value())
                return giveUp();
        }
    }
    Result<bool> flags = flagged(replayed);
    if (!flags)
        return flags;
    if (flags.value())
        return giveUp();
    if (Status s = exec(QStringLiteral("RELEASE qc_replay")); !s)
        return Result<bool>::failure(s.error());
    return true;
}

// Replays one test's (or analyzer's) events, or only those pulled now when nothing held comes after
// the earliest of them. `replayed` gets the ids of the events replayed whole.
Result<bool> QcReplay::replay(const QString &key, const QSet<QString> &pulled, bool analyzer,
                              QStringList &replayed)
{
    // journal_qc_by_test (migration 0019) for a test; journal_subject for an analyzer.
    const QString where =
        analyzer ? QStringLiteral("subject = ? AND kind = 'qc.analyzer.mapped'")
                 : QStringLiteral("kind GLOB 'qc.*' AND json_valid(payload) AND json_extract(payload, "
                                  "'$.test') = ? AND kind <> 'qc.analyzer.mapped'");
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM journal WHERE %2 ORDER BY hlc, station_id, station_seq")
                  .arg(QLatin1String(Event::Columns), where));
    q.addBindValue(key);
    if (Status s = exec(q); !s)
        return Result<bool>::failure(s.error());
    const QList<Event> events = Event::fromRows(q);
    q.finish();

    qsizetype first = -1, found = 0;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (pulled.contains(events.at(i).id)) {
            first = first < 0 ? i : first;
            ++found;
        }
    }
    // A pulled event the index files under another test than Qt reads (QcProjection::checkTest).
    if (found != pulled.size())
        return false;
    const bool onlyPulled = events.size() - first == found;
    if (!onlyPulled) {
        if (Status s = analyzer ? removeAnalyzer(key) : removeTest(key); !s)
            return Result<bool>::failure(s.error());
        for (const Event &e : events)
            replayed << e.id;
    }
    for (qsizetype i = onlyPulled ? first : 0; i < events.size(); ++i) {
        if (Status s = m_projector.applyOrFlag(events.at(i)); !s)
            return Result<bool>::failure(s.error());
    }
    return true;
}

Status QcReplay::removeTest(const QString &test)
{
    // Every QC table but the analyzers' is keyed by test first. One added that is not makes this
    // statement fail, loudly, rather than leave rows of the test behind.
    for (const QString &table : QcProjection::tables()) {
        if (table == QLatin1String("qc_analyzers"))
            continue;
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE test_code = ?").arg(table));
        q.addBindValue(test);
        if (Status s = exec(q); !s)
            return s;
    }
    return {};
}

Status QcReplay::removeAnalyzer(const QString &name)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM qc_analyzers WHERE name = ?"));
    q.addBindValue(name);
    return exec(q);
}

// A flag on an event replayed whole: the replay may raise it again, or no longer, but a resolution
// of it comes from a review.resolved event, which a replay of the test does not apply.
Result<bool> QcReplay::flagged(const QStringList &ids)
{
    if (ids.isEmpty())
        return false;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT 1 FROM review_flags WHERE event_id IN (SELECT value FROM json_each(?)) LIMIT 1"));
    q.addBindValue(jsonList(ids));
    if (Status s = exec(q); !s)
        return Result<bool>::failure(s.error());
    return q.next();
}

} // namespace benchside
