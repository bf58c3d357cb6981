// SPDX-License-Identifier: GPL-3.0-or-later
// What one late QC run costs a station that holds years of QC for the test (issue 22, decision 62).
// A QC run pulled from another station with an older hlc than runs already projected makes QcReplay
// delete the test's QC rows and replay all of its qc.* events; this measures that pull against the same
// pull of an in-order run and against the full rebuild the station did before decision 62.
//
//   qcreplay_bench [--runs N]...      (default: --runs 1000 --runs 3000 --runs 10000)
//
// For each N: station STA imports the demo catalogue and defines GLU's two-level lot; STC pulls that and
// records one GLU run (so its hlc is older); STA records N runs (one a day for N days ending now, as a
// CSV import would); STB pulls STA's journal (its first pull builds the views once). Then, timed:
// STB pulls STC's run (late: QcReplay), STB pulls one more run of STA's (in order), and a full rebuild
// of STB. The late pull's views are compared with the rebuild's (RebuildCheck), so a replay that is fast
// because it skipped work shows as "views_equal_rebuild": false. Prints one JSON object per N.
#include "benchsetup.h"
#include "benchtiming.h"
#include "labhelpers.h"
#include "projection/projector.h"
#include "projection/rebuildcheck.h"
#include "qc/qcservice.h"
#include "sync/journalpuller.h"
#include "sync/syncstate.h"
#include "testdatabase.h"

#include <QCoreApplication>
#include <QDate>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlQuery>
#include <cstdio>

using namespace benchside;
using benchsetup::check;
using benchsetup::die;

namespace {
const QString Tech = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
const QString Glu = QStringLiteral("GLU");

struct Station
{
    explicit Station(const QString &id) : db(id), lab(db.open()), qc(lab->store(), lab->catalog())
    {
        if (!lab)
            die(QStringLiteral("cannot open station %1").arg(id));
    }
    QSqlDatabase connection() { return lab->database().connection(); }

    TestDatabase db;
    std::unique_ptr<Lab> lab;
    QcService qc;
};

QcRunDraft glucoseRun(int i, qint64 atMs)
{
    QcRunDraft r;
    r.runId = QStringLiteral("R%1").arg(i);
    r.testCode = Glu;
    r.measuredAtMs = atMs;
    // Within 1 SD, so that no rule locks the test out and every run is accepted.
    r.values = {{QStringLiteral("G-1"), 1, 5.0 + 0.1 * ((i % 7) - 3) / 3.0, 0},
                {QStringLiteral("G-1"), 2, 15.0 + 0.3 * ((i % 5) - 2) / 2.0, 0}};
    return r;
}

// Everything `from` holds that `to` does not, in the server's order (station, then seq).
QList<JournalPuller::Pulled> unseen(Station &to, Station &from, qint64 &serverSeq)
{
    QHash<QString, qint64> held;
    QSqlQuery heads(to.connection());
    if (!heads.exec(QStringLiteral("SELECT station_id, last_seq FROM chain_heads")))
        die(QStringLiteral("chain heads"));
    while (heads.next())
        held.insert(heads.value(0).toString(), heads.value(1).toLongLong());
    QSqlQuery q(from.connection());
    if (!q.exec(QStringLiteral("SELECT %1 FROM journal ORDER BY station_id, station_seq")
                    .arg(QLatin1String(Event::Columns))))
        die(QStringLiteral("journal"));
    QList<JournalPuller::Pulled> batch;
    for (const Event &e : Event::fromRows(q)) {
        if (e.stationSeq > held.value(e.stationId))
            batch << JournalPuller::Pulled{e, ++serverSeq};
    }
    return batch;
}

SyncReport pull(Station &to, const QList<JournalPuller::Pulled> &batch)
{
    SyncState state(to.connection());
    SyncReport report;
    check(JournalPuller(to.lab->store(), state).apply(batch, report), "pull");
    if (report.pulled != batch.size())
        die(QStringLiteral("pulled %1 of %2: %3").arg(report.pulled).arg(batch.size()).arg(report.warning));
    return report;
}

bool stale(Station &s)
{
    return check(SyncState(s.connection()).projectionsStale(), "sync state");
}

QJsonObject measure(int runs)
{
    Station a(QStringLiteral("STA"));
    Station b(QStringLiteral("STB"));
    Station c(QStringLiteral("STC"));
    qint64 serverSeq = 0;
    // Setting up is not measured: the history is written without waiting for the disk.
    for (Station *s : {&a, &b, &c})
        check(s->lab->database().executeScript(QStringLiteral("PRAGMA synchronous=OFF;")), "pragma");
    check(testlab::importDemoCatalog(*a.lab), "catalogue");
    for (const auto &[level, mean, sd] : {std::tuple{1, 5.0, 0.2}, std::tuple{2, 15.0, 0.5}}) {
        QcService::LotDefinition d;
        d.testCode = Glu;
        d.lot = QStringLiteral("G-1");
        d.level = level;
        d.mean = mean;
        d.sd = sd;
        d.expires = QDate::currentDate().addYears(1).toString(Qt::ISODate);
        check(a.qc.defineLot(d, Supervisor), "lot");
    }
    pull(c, unseen(c, a, serverSeq));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 Day = 24 * 3600 * 1000;
    check(c.qc.record(glucoseRun(0, now - qint64(runs + 1) * Day), Tech), "STC's run");

    QList<QcRunDraft> history;
    for (int i = 1; i <= runs; ++i)
        history << glucoseRun(i, now - qint64(runs - i + 1) * Day);
    QElapsedTimer t;
    t.start();
    const QcService::Recording recorded = check(a.qc.recordAll(history, Tech), "history");
    const double recordMs = benchtiming::ms(t);
    pull(b, unseen(b, a, serverSeq));
    if (stale(b)) {
        check(b.lab->store().projector().rebuild(), "first rebuild");
        check(SyncState(b.connection()).setStale(false), "sync state");
    }
    for (Station *s : {&a, &b})
        check(s->lab->database().executeScript(QStringLiteral("PRAGMA synchronous=FULL;")), "pragma");

    QSqlQuery flags(b.connection());
    if (!flags.exec(QStringLiteral("SELECT count(*), group_concat(DISTINCT reason) FROM review_flags")) ||
        !flags.next())
        die(QStringLiteral("review flags"));
    const qint64 flagged = flags.value(0).toLongLong();
    const QString flagReasons = flags.value(1).toString().left(300);
    flags.finish();
    const QList<JournalPuller::Pulled> late = unseen(b, c, serverSeq);
    t.restart();
    const SyncReport lateReport = pull(b, late);
    const double lateMs = benchtiming::ms(t);
    const bool lateStale = stale(b);
    const QStringList differences = check(RebuildCheck::differences(b.lab->database()), "rebuild check");

    check(a.qc.record(glucoseRun(runs + 1, now), Tech), "last run");
    const QList<JournalPuller::Pulled> inOrder = unseen(b, a, serverSeq);
    t.restart();
    const SyncReport inOrderReport = pull(b, inOrder);
    const double inOrderMs = benchtiming::ms(t);

    t.restart();
    check(b.lab->store().projector().rebuild(), "rebuild");
    const double rebuildMs = benchtiming::ms(t);
    QSqlQuery events(b.connection());
    if (!events.exec(QStringLiteral("SELECT count(*), sum(kind GLOB 'qc.*') FROM journal")) || !events.next())
        die(QStringLiteral("count"));

    return QJsonObject{
        {QStringLiteral("qc_runs_of_the_test"), runs},
        {QStringLiteral("runs_recorded"), qint64(recorded.runs.size())},
        {QStringLiteral("record_history_ms"), benchtiming::round3(recordMs)},
        {QStringLiteral("journal_events"), events.value(0).toLongLong()},
        {QStringLiteral("qc_events"), events.value(1).toLongLong()},
        {QStringLiteral("review_flags_before"), flagged},
        {QStringLiteral("review_flag_reasons"), flagReasons},
        {QStringLiteral("late_pull_ms"), benchtiming::round3(lateMs)},
        {QStringLiteral("late_pull_replayed"), lateReport.replayed},
        {QStringLiteral("late_pull_left_views_stale"), lateStale},
        {QStringLiteral("views_equal_rebuild"), differences.isEmpty()},
        {QStringLiteral("in_order_pull_ms"), benchtiming::round3(inOrderMs)},
        {QStringLiteral("in_order_pull_replayed"), inOrderReport.replayed},
        {QStringLiteral("full_rebuild_ms"), benchtiming::round3(rebuildMs)},
    };
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QList<int> sizes;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        bool ok = false;
        if (args.at(i) == QLatin1String("--runs") && i + 1 < args.size())
            sizes << args.at(++i).toInt(&ok);
        if (!ok || sizes.last() < 1) {
            std::fputs("usage: qcreplay_bench [--runs N]...\n", stderr);
            return 2;
        }
    }
    if (sizes.isEmpty())
        sizes = {1000, 3000, 10000};
    for (int runs : sizes)
        std::printf("%s\n", QJsonDocument(measure(runs)).toJson(QJsonDocument::Compact).constData());
    return 0;
}
