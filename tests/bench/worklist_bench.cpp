// SPDX-License-Identifier: GPL-3.0-or-later
// Worklist benchmark (issue 4, "Quality and performance"): with 1,000,000 test orders of which
// 50,000 are received and unresulted on one bench, how long do choosing the bench, changing a
// filter, re-sorting and a newly received tube take to show in an open worklist, and how much
// memory does the GUI hold with that worklist open? Targets: each under 50 ms, peak under 200 MB.
//
//   worklist_bench generate DATABASE [--orders N] [--pending P] [--bench CHEM] [--days D] [--seed S]
//   worklist_bench run DATABASE [--bench CHEM] [--reps N] [--receipts N] [--no-whole-list]
//
// `generate` writes a new database through the journal, as the app does: every specimen, receipt
// and result is an event appended by EventStore and projected by the Projector, in time order
// and in transactions of a few thousand events (the demo seeder's path, without the custody steps
// the worklist never reads, which would only make the database slower to build). Result values
// come from DemoResults, the seeder's own. The newest P orders of the bench that were received
// get no result: that is the bench's backlog. `benchside-cli rebuild --check` must match.
//
// `run` opens the database with Lab::open, puts WorklistModel in a QTableView set up as
// ui/worklist/worklistpage.cpp sets up its table, offscreen, and times (warm-up, then N
// repetitions: median and max) what a technician does. "Painted" means the viewport received its
// paint event after the change (see paint() below). Prints JSON.

#include "accession/accessionnumber.h"
#include "benchtiming.h"
#include "catalog/catalogimporter.h"
#include "demo/demoresults.h"
#include "demo/demoseeder.h"
#include "journal/eventstore.h"
#include "lab/lab.h"
#include "store/database.h"
#include "worklist/worklistmodel.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTextStream>
#include <algorithm>
#include <cstdio>
#include <deque>
#include <queue>
#include <vector>

using namespace benchside;
using benchtiming::memory;
using benchtiming::ms;
using benchtiming::procStatusKb;
using benchtiming::round3;

namespace {

constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

int fail(const QString &message)
{
    QTextStream(stderr) << "worklist_bench: " << message << '\n';
    return 1;
}

// Median and max, the figures the issue asks for, next to the full summary.
QJsonObject summary(const std::vector<double> &v)
{
    QJsonObject o = benchtiming::stats(v);
    if (!v.empty()) {
        std::vector<double> s = v;
        std::sort(s.begin(), s.end());
        const size_t n = s.size();
        o.insert(QStringLiteral("median"), round3(n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2));
    }
    return o;
}

struct Options
{
    QString mode, path, bench = QStringLiteral("CHEM");
    qint64 orders = 1'000'000, pending = 50'000, days = 60;
    quint32 seed = 4;
    int reps = 9, receipts = 5;
    bool whole = true; // false: skip what loads every row (a worklist of 900,000 rows)
};

// ---------------------------------------------------------------------------------------------
// generate

struct Draw
{
    qint64 at;
    QJsonArray tests; // {code, bench}
    QString priority;
    qint64 patient;
    bool received, rejected;
    int benchOrders; // orders on the backlog bench
};

struct Pending
{
    qint64 at;
    qint64 order; // ties keep creation order, so the same seed gives the same journal
    EventDraft draft;
    bool operator>(const Pending &o) const { return at != o.at ? at > o.at : order > o.order; }
};

int generate(const Options &opt)
{
    if (QFile::exists(opt.path))
        return fail(QStringLiteral("%1 exists; generate writes a new database").arg(opt.path));
    QElapsedTimer total;
    total.start();
    Result<std::unique_ptr<Database>> opened = Database::open(opt.path);
    if (!opened)
        return fail(opened.error());
    Database &database = *opened.value();
    if (Status s = DemoSeeder::claimForDemo(database); !s)
        return fail(s.error());
    Result<Station> station = Station::load(database.connection());
    if (!station)
        return fail(station.error());
    QFile file(QStringLiteral(":/demo/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("the demo catalogue is missing from this build"));
    const QByteArray json = file.readAll();
    const QJsonObject cat = QJsonDocument::fromJson(json).object();

    QHash<QString, QList<QJsonObject>> testsByType;
    QHash<QString, QString> benchOfTest;
    const QJsonArray tests = cat.value(QLatin1String("tests")).toArray();
    for (const QJsonValue &t : tests) {
        const QJsonObject o = t.toObject();
        testsByType[o.value(QLatin1String("specimen_type")).toString()] << o;
        benchOfTest.insert(o.value(QLatin1String("code")).toString(),
                           o.value(QLatin1String("bench")).toString());
    }
    QStringList technicians, collectors;
    for (const QJsonValue &u : cat.value(QLatin1String("users")).toArray()) {
        if (u.toObject().value(QLatin1String("role")).toString() != QLatin1String("administrator"))
            technicians << u.toObject().value(QLatin1String("name")).toString();
    }
    for (const QJsonValue &c : cat.value(QLatin1String("collectors")).toArray())
        collectors << c.toString();
    const QJsonArray firstNames = cat.value(QLatin1String("patient_first_names")).toArray();
    QStringList lastNames, reasons;
    for (const QJsonValue &v : cat.value(QLatin1String("patient_last_names")).toArray())
        lastNames << v.toString();
    for (const QJsonValue &v : cat.value(QLatin1String("rejection_reasons")).toArray())
        reasons << v.toObject().value(QLatin1String("code")).toString();
    if (technicians.isEmpty() || collectors.isEmpty() || firstNames.isEmpty() || reasons.isEmpty())
        return fail(QStringLiteral("the demo catalogue is incomplete"));

    // Pass 1, in memory: every specimen's time and tests, until the orders add up. Drawn first so
    // that the backlog (the newest received orders of the bench) is known before anything is
    // written; the journal only goes forward in time.
    QRandomGenerator rng(opt.seed);
    const qint64 end = QDateTime::currentMSecsSinceEpoch() - Minute;
    const qint64 start = end - opt.days * Day;
    std::vector<Draw> draws;
    qint64 orders = 0;
    while (orders < opt.orders) {
        const QJsonObject first = tests.at(rng.bounded(int(tests.size()))).toObject();
        const QList<QJsonObject> &sameType =
            testsByType[first.value(QLatin1String("specimen_type")).toString()];
        Draw d;
        d.tests.append(QJsonObject{{QStringLiteral("code"), first.value(QLatin1String("code"))},
                                   {QStringLiteral("bench"), first.value(QLatin1String("bench"))}});
        QStringList codes{first.value(QLatin1String("code")).toString()};
        const int extra = rng.bounded(std::min<int>(4, int(sameType.size())));
        for (int k = 0; k < extra && orders + d.tests.size() < opt.orders; ++k) {
            const QJsonObject t = sameType.at(rng.bounded(int(sameType.size())));
            if (codes.contains(t.value(QLatin1String("code")).toString()))
                continue;
            codes << t.value(QLatin1String("code")).toString();
            d.tests.append(QJsonObject{{QStringLiteral("code"), t.value(QLatin1String("code"))},
                                       {QStringLiteral("bench"), t.value(QLatin1String("bench"))}});
        }
        const int p = rng.bounded(100);
        d.priority = p < 70   ? QStringLiteral("routine")
                     : p < 85 ? QStringLiteral("asap")
                              : QStringLiteral("stat");
        d.rejected = rng.bounded(100) < 3;
        d.received = true;
        d.benchOrders = 0;
        for (const QJsonValue &t : std::as_const(d.tests))
            d.benchOrders += t.toObject().value(QLatin1String("bench")).toString() == opt.bench ? 1 : 0;
        orders += d.tests.size();
        draws.push_back(std::move(d));
    }
    const qint64 count = qint64(draws.size());
    for (qint64 i = 0; i < count; ++i) {
        draws[size_t(i)].at = start + (end - start - 2 * Hour) * i / count;
        draws[size_t(i)].patient = rng.bounded(std::max<qint64>(1, count / 3));
    }
    // The newest 0.2% are still on their way to the laboratory: the benchmark receives them.
    const qint64 unreceivedFrom = count - std::max<qint64>(20, count / 500);
    for (qint64 i = unreceivedFrom; i < count; ++i)
        draws[size_t(i)].received = false;
    qint64 backlogFrom = unreceivedFrom, backlog = 0;
    while (backlogFrom > 0 && backlog < opt.pending) {
        const Draw &d = draws[size_t(--backlogFrom)];
        if (!d.rejected)
            backlog += d.benchOrders;
    }

    // Pass 2: the events in time order, with back-dated clock readings (one per event).
    std::deque<qint64> times;
    EventStore store(database.connection(), station.value(), HybridClock([&times] {
                         const qint64 t = times.front();
                         times.pop_front();
                         return t;
                     }));
    qint64 events = 0;
    QList<EventDraft> batch;
    auto flush = [&]() -> Status {
        Result<QList<Event>> w =
            store.write(station.value().defaultActor, [&]() -> Result<QList<EventDraft>> { return batch; });
        if (!w)
            return Status::failure(w.error());
        events += batch.size();
        batch.clear();
        return {};
    };
    auto add = [&](qint64 at, const QString &actor, EventDraft d) -> Status {
        times.push_back(at);
        d.actor = actor;
        batch << d;
        return batch.size() >= 5000 ? flush() : Status();
    };
    Result<QList<EventDraft>> catalog = CatalogImporter::drafts(json);
    if (!catalog)
        return fail(catalog.error());
    for (const EventDraft &d : catalog.value()) {
        if (Status s = add(start - Hour, station.value().defaultActor, d); !s)
            return fail(s.error());
    }

    QRandomGenerator resultRng(opt.seed + 1);
    DemoResults results(cat, resultRng);
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> followUps;
    qint64 seq = 0;
    bool withholdBench = false;
    const DemoResults::Schedule schedule = [&](qint64 at, const EventDraft &draft) {
        // The backlog: this bench's results for the newest received orders never come.
        if (withholdBench &&
            benchOfTest.value(
                draft.payload.value(QLatin1String("order_id")).toString().section(QLatin1Char('-'), -1)) ==
                opt.bench)
            return;
        if (at < end)
            followUps.push({at, seq++, draft});
    };
    auto drain = [&](qint64 until) -> Status {
        while (!followUps.empty() && followUps.top().at <= until) {
            Pending p = followUps.top();
            followUps.pop();
            if (p.draft.kind.startsWith(QLatin1String("result.")) && !results.complete(p.draft))
                continue;
            const QString actor = p.draft.actor.isEmpty()
                                      ? technicians.at(rng.bounded(int(technicians.size())))
                                      : p.draft.actor;
            if (Status s = add(p.at, actor, p.draft); !s)
                return s;
        }
        return {};
    };
    QHash<qint64, QJsonObject> patients;
    const int year = QDateTime::fromMSecsSinceEpoch(end).date().year();
    const QString counter =
        station.value().id + QStringLiteral("%1").arg(year % 100, 2, 10, QLatin1Char('0'));
    auto between = [&rng](qint64 lo, qint64 hi) {
        return lo + qint64(rng.bounded(double(hi - lo)));
    };
    for (qint64 i = 0; i < count; ++i) {
        const Draw &d = draws[size_t(i)];
        if (Status s = drain(d.at); !s)
            return fail(s.error());
        if (!patients.contains(d.patient)) {
            const QJsonObject first = firstNames.at(rng.bounded(int(firstNames.size()))).toObject();
            const QDate dob = QDate::currentDate().addDays(-rng.bounded(1, 95 * 365));
            patients.insert(
                d.patient,
                QJsonObject{{QStringLiteral("mrn"), QStringLiteral("M%1").arg(1000000 + d.patient)},
                            {QStringLiteral("name"),
                             QStringLiteral("%1, %2").arg(lastNames.at(rng.bounded(int(lastNames.size()))),
                                                          first.value(QLatin1String("name")).toString())},
                            {QStringLiteral("birth_date"), dob.toString(Qt::ISODate)},
                            {QStringLiteral("sex"), first.value(QLatin1String("sex")).toString()}});
        }
        const QJsonObject patient = patients.value(d.patient);
        // One year's counter for the whole run: numbers stay unique even across New Year.
        const QString accession = AccessionNumber::compose(station.value().id, year, i + 1);
        const qint64 collectedAt = d.at - between(10 * Minute, 2 * Hour);
        const QJsonObject first = d.tests.at(0).toObject();
        QString type, container;
        for (const QJsonValue &t : tests) {
            if (t.toObject().value(QLatin1String("code")) == first.value(QLatin1String("code"))) {
                type = t.toObject().value(QLatin1String("specimen_type")).toString();
                container = t.toObject().value(QLatin1String("container")).toString();
            }
        }
        const QJsonObject payload{
            {QStringLiteral("specimen_type"), type},
            {QStringLiteral("container"), container},
            {QStringLiteral("collected_at"), double(collectedAt)},
            {QStringLiteral("collector"), collectors.at(rng.bounded(int(collectors.size())))},
            {QStringLiteral("priority"), d.priority},
            {QStringLiteral("tests"), d.tests},
            {QStringLiteral("location"), QStringLiteral("Main Lab / Receiving")},
            {QStringLiteral("patient"), patient},
            {QStringLiteral("counter"), counter},
            {QStringLiteral("last_seq"), double(i + 1)}};
        if (Status s = add(d.at, technicians.at(rng.bounded(int(technicians.size()))),
                           {QStringLiteral("specimen.accessioned"), accession, payload});
            !s)
            return fail(s.error());
        if (!d.received)
            continue;
        const qint64 receivedAt = d.at + between(10 * Minute, 90 * Minute);
        followUps.push({receivedAt,
                        seq++,
                        {QStringLiteral("custody.received"), accession,
                         QJsonObject{{QStringLiteral("location"), QStringLiteral("Main Lab / Receiving")}}}});
        if (d.rejected) {
            followUps.push({receivedAt + between(2 * Minute, 20 * Minute),
                            seq++,
                            {QStringLiteral("custody.rejected"), accession,
                             QJsonObject{{QStringLiteral("reason_code"),
                                          reasons.at(rng.bounded(int(reasons.size())))}}}});
            continue;
        }
        withholdBench = i >= backlogFrom;
        results.plan(accession, patient, collectedAt, receivedAt + between(15 * Minute, 45 * Minute), d.tests,
                     schedule);
        withholdBench = false;
    }
    if (Status s = drain(end); !s)
        return fail(s.error());
    if (Status s = flush(); !s)
        return fail(s.error());
    const QJsonObject out{{QStringLiteral("generated"), opt.path},
                          {QStringLiteral("specimens"), count},
                          {QStringLiteral("orders"), orders},
                          {QStringLiteral("backlog_bench"), opt.bench},
                          {QStringLiteral("backlog_orders"), backlog},
                          {QStringLiteral("unreceived_specimens"), count - unreceivedFrom},
                          {QStringLiteral("events"), events},
                          {QStringLiteral("seconds"), round3(ms(total) / 1000.0)}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// run

// The table as the worklist page sets it up (ui/worklist/worklistpage.cpp), so that its layout
// and header work are part of what is measured.
void setUpTable(QTableView &view, WorklistModel *model)
{
    view.setModel(model);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.setSelectionMode(QAbstractItemView::SingleSelection);
    view.verticalHeader()->hide();
    view.horizontalHeader()->setStretchLastSection(true);
    view.horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view.horizontalHeader()->setSectionResizeMode(WorklistModel::Patient, QHeaderView::Stretch);
    view.resize(1280, 800);
}

// Counts the paint events the view's viewport receives, to know that rows were painted.
class PaintCounter : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

PaintCounter *paintCounter = nullptr;

// Lays the view out and paints it, as the event loop does after a change: the view's delayed item
// layout and the header's ResizeToContents pass are zero timers, and the repaint they and the
// model's signals ask for is a posted UpdateRequest; processEvents runs all three, once. (grab()
// afterwards would paint a second time and double the figure.) True if `row` is in the viewport.
bool paint(QTableView &view, int row = 0)
{
    const int before = paintCounter->count;
    QCoreApplication::processEvents();
    if (paintCounter->count == before)
        view.viewport()->repaint(); // nothing was due: paint anyway, so every figure includes one
    if (row < 0 || row >= view.model()->rowCount())
        return false;
    const QRect r = view.visualRect(view.model()->index(row, WorklistModel::Accession));
    return r.isValid() && view.viewport()->rect().intersects(r);
}

qint64 scalar(QSqlDatabase db, const QString &sql, const QVariantList &binds = {})
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : binds)
        q.addBindValue(v);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

int run(const Options &opt)
{
    QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("worklist")},
                    {QStringLiteral("database"), opt.path},
                    {QStringLiteral("bench"), opt.bench},
                    {QStringLiteral("reps"), opt.reps}};
    QElapsedTimer openTimer;
    openTimer.start();
    Result<std::unique_ptr<Lab>> opened = Lab::open(opt.path);
    out.insert(QStringLiteral("open_ms"), round3(ms(openTimer)));
    if (!opened)
        return fail(opened.error());
    Lab &lab = *opened.value();
    QSqlDatabase db = lab.database().connection();
    out.insert(QStringLiteral("memory_after_open"), memory());

    // What the database holds, counted outside the timings.
    const QString open =
        QStringLiteral("status IN ('ordered', 'entered', 'amended') AND received_at IS NOT NULL");
    out.insert(QStringLiteral("orders"), scalar(db, QStringLiteral("SELECT count(*) FROM test_orders")));
    out.insert(QStringLiteral("specimens"), scalar(db, QStringLiteral("SELECT count(*) FROM specimens")));
    out.insert(QStringLiteral("open_on_bench"),
               scalar(db, QStringLiteral("SELECT count(*) FROM test_orders WHERE bench = ? AND ") + open,
                      {opt.bench}));
    out.insert(
        QStringLiteral("pending_on_bench"),
        scalar(db,
               QStringLiteral("SELECT count(*) FROM test_orders WHERE bench = ? AND status = 'ordered' "
                              "AND received_at IS NOT NULL"),
               {opt.bench}));
    {
        QJsonObject byStatus;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.exec(QStringLiteral("SELECT status, count(*) FROM test_orders GROUP BY status"));
        while (q.next())
            byStatus.insert(q.value(0).toString(), q.value(1).toLongLong());
        out.insert(QStringLiteral("orders_by_status"), byStatus);
    }

    WorklistModel model(db);
    QTableView view;
    setUpTable(view, &model);
    PaintCounter counter;
    paintCounter = &counter;
    view.viewport()->installEventFilter(&counter);
    view.show();
    const QString other =
        opt.bench == QLatin1String("HEME") ? QStringLiteral("CHEM") : QStringLiteral("HEME");
    WorklistFilter base;
    base.bench = opt.bench;
    WorklistFilter away;
    away.bench = other;

    // Choosing the bench: from another bench's worklist to this one's first rows on screen.
    // The first time in the process is reported on its own (SQLite's page cache is cold).
    std::vector<double> chooseMs, chooseQueryMs, choosePaintMs;
    double chooseFirst = -1;
    for (int i = 0; i <= opt.reps + 1; ++i) {
        if (Status s = model.setFilter(away); !s)
            return fail(s.error());
        paint(view);
        QElapsedTimer t;
        t.start();
        if (Status s = model.setFilter(base); !s)
            return fail(s.error());
        const double queryMs = ms(t);
        const bool visible = paint(view, 0);
        const double all = ms(t);
        if (!visible || model.rowCount() == 0)
            return fail(QStringLiteral("the first row of %1 was not painted").arg(opt.bench));
        if (i == 0)
            chooseFirst = all;
        if (i < 2) // the cold one and one warm-up
            continue;
        chooseMs.push_back(all);
        chooseQueryMs.push_back(queryMs);
        choosePaintMs.push_back(all - queryMs);
    }
    out.insert(QStringLiteral("choose_bench_ms"), summary(chooseMs));
    out.insert(QStringLiteral("choose_bench_first_in_process_ms"), round3(chooseFirst));
    out.insert(QStringLiteral("choose_bench_setfilter_ms"), summary(chooseQueryMs));
    out.insert(QStringLiteral("choose_bench_paint_ms"), summary(choosePaintMs));
    out.insert(QStringLiteral("first_page_rows"), model.rowCount());
    out.insert(QStringLiteral("memory_worklist_open"), memory());

    // Filter changes, each from the plain bench worklist to the filtered one, painted.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    struct Case
    {
        QString name;
        WorklistFilter filter;
    };
    QList<Case> cases;
    auto with = [&](auto change) {
        WorklistFilter f = base;
        change(f);
        return f;
    };
    cases << Case{QStringLiteral("status_pending"),
                  with([](WorklistFilter &f) { f.status = QStringLiteral("pending"); })}
          << Case{QStringLiteral("status_entered"),
                  with([](WorklistFilter &f) { f.status = QStringLiteral("entered"); })}
          << Case{QStringLiteral("status_verified"),
                  with([](WorklistFilter &f) { f.status = QStringLiteral("verified"); })}
          << Case{QStringLiteral("priority_stat"),
                  with([](WorklistFilter &f) { f.priority = QStringLiteral("stat"); })}
          << Case{QStringLiteral("priority_routine"),
                  with([](WorklistFilter &f) { f.priority = QStringLiteral("routine"); })}
          << Case{QStringLiteral("test_GLU"),
                  with([](WorklistFilter &f) { f.testCode = QStringLiteral("GLU"); })}
          << Case{QStringLiteral("test_MG"),
                  with([](WorklistFilter &f) { f.testCode = QStringLiteral("MG"); })}
          << Case{QStringLiteral("window_last_24h"),
                  with([&](WorklistFilter &f) { f.receivedFromMs = now - Day; })}
          << Case{QStringLiteral("window_last_2h"),
                  with([&](WorklistFilter &f) { f.receivedFromMs = now - 2 * Hour; })}
          << Case{QStringLiteral("window_day_before"), with([&](WorklistFilter &f) {
                      f.receivedFromMs = now - 2 * Day;
                      f.receivedToMs = now - Day;
                  })}
          << Case{QStringLiteral("stat_GLU_last_24h"), with([&](WorklistFilter &f) {
                      f.priority = QStringLiteral("stat");
                      f.testCode = QStringLiteral("GLU");
                      f.receivedFromMs = now - Day;
                  })};
    QJsonObject filters;
    std::vector<double> allFilterMs;
    for (const Case &c : std::as_const(cases)) {
        std::vector<double> v, queryV;
        int rows = 0;
        for (int i = 0; i <= opt.reps; ++i) {
            if (Status s = model.setFilter(base); !s)
                return fail(s.error());
            paint(view);
            QElapsedTimer t;
            t.start();
            if (Status s = model.setFilter(c.filter); !s)
                return fail(s.error());
            const double queryMs = ms(t);
            paint(view, 0);
            if (i > 0) {
                v.push_back(ms(t));
                queryV.push_back(queryMs);
            }
            rows = model.rowCount();
        }
        allFilterMs.insert(allFilterMs.end(), v.begin(), v.end());
        QJsonObject o = summary(v);
        o.insert(QStringLiteral("setfilter_median_ms"), summary(queryV).value(QLatin1String("median")));
        o.insert(QStringLiteral("first_page_rows"), rows);
        o.insert(QStringLiteral("matching"),
                 rows < 200 ? qint64(rows) : qint64(-1)); // -1: a full page, more to fetch
        filters.insert(c.name, o);
    }
    out.insert(QStringLiteral("filter_change_ms"), filters);
    out.insert(QStringLiteral("filter_change_all_ms"), summary(allFilterMs));

    // Re-sort: a header click on a QTableView with sorting enabled calls QAbstractItemModel::sort,
    // which re-reads the first page in the new order. Each column and direction, from the default
    // order, painted; and checked: the first page must be in the order asked for.
    {
        QJsonObject sorts;
        std::vector<double> allSortMs;
        view.setSortingEnabled(true);
        for (int column : {int(WorklistModel::Priority), int(WorklistModel::Accession),
                           int(WorklistModel::Test), int(WorklistModel::Received), int(WorklistModel::Due)}) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                std::vector<double> v;
                bool inOrder = true;
                for (int i = 0; i <= opt.reps; ++i) {
                    if (Status s = model.setFilter(base); !s)
                        return fail(s.error());
                    paint(view);
                    QElapsedTimer t;
                    t.start();
                    view.sortByColumn(column, order);
                    paint(view, 0);
                    if (i > 0)
                        v.push_back(ms(t));
                    const WorklistSort sort = model.filter().sort;
                    for (int r = 1; r < std::min(200, model.rowCount()); ++r)
                        inOrder = inOrder && sort.keyOf(model.rowAt(r - 1)) < sort.keyOf(model.rowAt(r));
                    inOrder = inOrder && sort == WorklistModel::sortFor(column, order);
                }
                allSortMs.insert(allSortMs.end(), v.begin(), v.end());
                QJsonObject o = summary(v);
                o.insert(QStringLiteral("first_page_in_order"), inOrder);
                sorts.insert(model.filter().sort.name(), o);
            }
        }
        view.setSortingEnabled(false);
        if (Status s = model.setFilter(base); !s)
            return fail(s.error());
        out.insert(QStringLiteral("resort_ms"), sorts);
        out.insert(QStringLiteral("resort_all_ms"), summary(allSortMs));
        out.insert(QStringLiteral("resort_max_under_50ms"),
                   summary(allSortMs).value(QLatin1String("max")).toDouble() < 50);
    }

    // A newly received tube: a real receipt through ScanProcessor, the events it committed read
    // back from the journal (as a station learns of them), applyEvents, and the tube's rows on
    // screen. Two states of the open worklist: (a) just opened, first page loaded, so the new
    // rows, which sort after everything received earlier in their priority, are not loaded and
    // are brought in by revealAccession (the page's "scan to jump") and scrollTo; (b) every row
    // loaded (scrolled to the end), so applyEvents inserts them at their place.
    QStringList tubes;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
            "SELECT s.accession FROM specimens s WHERE s.status = 'accessioned' AND s.received_at IS NULL "
            "AND EXISTS (SELECT 1 FROM test_orders o WHERE o.accession = s.accession AND o.bench = ?) "
            "ORDER BY s.accession LIMIT ?"));
        q.addBindValue(opt.bench);
        q.addBindValue(2 * (opt.receipts + 1));
        if (q.exec()) {
            while (q.next())
                tubes << q.value(0).toString();
        }
    }
    const QString actor = lab.station().defaultActor;
    auto receive = [&](const QString &acc, QJsonObject &o) -> QList<Event> {
        const qint64 seqBefore = scalar(
            db, QStringLiteral("SELECT coalesce(max(station_seq), 0) FROM journal WHERE station_id = ?"),
            {lab.station().id});
        QElapsedTimer t;
        t.start();
        const ScanOutcome outcome = lab.scanner().process(acc, ScanProcessor::Action::Receive, actor);
        o.insert(QStringLiteral("receipt_ms"), ms(t));
        o.insert(QStringLiteral("outcome"), outcome.name());
        QList<Event> events;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral(
                      "SELECT %1 FROM journal WHERE station_id = ? AND station_seq > ? ORDER BY station_seq")
                      .arg(QLatin1String(Event::Columns)));
        q.addBindValue(lab.station().id);
        q.addBindValue(seqBefore);
        if (q.exec()) {
            while (q.next())
                events << Event::fromRow(q);
        }
        return events;
    };
    auto measureReceipts = [&](bool allLoaded, QJsonObject &result) -> bool {
        std::vector<double> totalMs, receiptMs, applyMs, revealMs, paintMs;
        QJsonArray detail;
        int received = 0, visibleCount = 0;
        for (int i = 0; i <= opt.receipts && !tubes.isEmpty(); ++i) {
            const QString acc = tubes.takeFirst();
            if (Status s = model.setFilter(base); !s)
                return false;
            if (allLoaded) {
                while (model.canFetchMore())
                    model.fetchMore();
            }
            paint(view);
            QJsonObject o{{QStringLiteral("accession"), acc}};
            QElapsedTimer t;
            t.start();
            const QList<Event> events = receive(acc, o);
            const double afterReceipt = ms(t);
            if (Status s = model.applyEvents(events); !s)
                return false;
            const double afterApply = ms(t);
            // Without the whole list, revealing a tube that sorts after 900,000 rows would load
            // them all: only the receipt and applyEvents are timed then.
            const QList<int> rows = opt.whole ? model.revealAccession(acc) : QList<int>();
            if (!rows.isEmpty()) {
                // The view lays out inserted rows later (a zero timer); scrolling before that is
                // clamped to the old scroll range, so lay out first, as the event loop would.
                view.doItemsLayout();
                view.scrollTo(model.index(rows.first(), WorklistModel::Accession));
            }
            const double afterReveal = ms(t);
            const bool visible = opt.whole ? !rows.isEmpty() && paint(view, rows.first()) : false;
            const double all = ms(t);
            o.insert(QStringLiteral("rows"), int(rows.size()));
            o.insert(QStringLiteral("first_row"), rows.isEmpty() ? -1 : rows.first());
            o.insert(QStringLiteral("visible"), visible);
            o.insert(QStringLiteral("total_ms"), round3(all));
            o.insert(QStringLiteral("receipt_ms"), round3(o.value(QLatin1String("receipt_ms")).toDouble()));
            o.insert(QStringLiteral("events"), int(events.size()));
            detail.append(o);
            if (o.value(QLatin1String("outcome")).toString() == QLatin1String("received"))
                ++received;
            if (i == 0) // warm-up
                continue;
            visibleCount += visible ? 1 : 0;
            totalMs.push_back(all);
            receiptMs.push_back(afterReceipt);
            applyMs.push_back(afterApply - afterReceipt);
            revealMs.push_back(afterReveal - afterApply);
            paintMs.push_back(all - afterReveal);
        }
        result = QJsonObject{{QStringLiteral("received_to_visible_ms"), summary(totalMs)},
                             {QStringLiteral("receipt_commit_and_read_events_ms"), summary(receiptMs)},
                             {QStringLiteral("apply_events_ms"), summary(applyMs)},
                             {QStringLiteral("reveal_and_scroll_ms"), summary(revealMs)},
                             {QStringLiteral("paint_ms"), summary(paintMs)},
                             {QStringLiteral("received"), received},
                             {QStringLiteral("visible"), visibleCount},
                             {QStringLiteral("tubes"), detail}};
        return true;
    };
    QJsonObject firstPageCase, allLoadedCase;
    if (!measureReceipts(false, firstPageCase) || (opt.whole && !measureReceipts(true, allLoadedCase)))
        return fail(model.lastError());
    out.insert(QStringLiteral("new_tube_first_page_loaded"), firstPageCase);
    out.insert(QStringLiteral("new_tube_all_rows_loaded"), allLoadedCase);
    out.insert(QStringLiteral("tubes_available"), int(tubes.size()));

    // Scrolling to the end of the worklist: every page fetched, as the view asks for them.
    std::vector<double> scrollMs;
    std::vector<double> pageMs;
    int pages = 0;
    for (int i = 0; i <= (opt.whole ? 2 : -1); ++i) {
        if (Status s = model.setFilter(base); !s)
            return fail(s.error());
        paint(view);
        QElapsedTimer t;
        t.start();
        pages = 1;
        while (model.canFetchMore()) {
            QElapsedTimer p;
            p.start();
            model.fetchMore();
            if (i > 0)
                pageMs.push_back(ms(p));
            ++pages;
        }
        view.scrollToBottom();
        const bool visible = paint(view, model.rowCount() - 1);
        if (!visible)
            return fail(QStringLiteral("the last row was not painted"));
        if (i > 0)
            scrollMs.push_back(ms(t));
    }
    if (!opt.whole)
        out.insert(QStringLiteral("whole_list"), QStringLiteral("skipped (--no-whole-list)"));
    out.insert(QStringLiteral("scroll_to_end_ms"), summary(scrollMs));
    out.insert(QStringLiteral("scroll_to_end_page_ms"), summary(pageMs));
    out.insert(QStringLiteral("scroll_to_end_pages"), pages);
    out.insert(QStringLiteral("scroll_to_end_rows"), model.rowCount());
    out.insert(QStringLiteral("memory_all_rows_loaded"), memory());

    const double chooseP50 =
        chooseMs.empty() ? 0 : summary(chooseMs).value(QLatin1String("median")).toDouble();
    out.insert(QStringLiteral("choose_bench_median_under_50ms"), chooseP50 < 50);
    out.insert(QStringLiteral("filter_change_max_under_50ms"),
               summary(allFilterMs).value(QLatin1String("max")).toDouble() < 50);
    out.insert(QStringLiteral("peak_under_200mb"), double(procStatusKb("VmHWM")) / 1024.0 < 200);
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Offscreen unless told otherwise: the benchmark runs without a display, as the GUI tests do.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const QString usage = QStringLiteral(
        "usage: worklist_bench generate DATABASE [--orders N] [--pending P] [--bench B] "
        "[--days D] [--seed S]\n"
        "       worklist_bench run DATABASE [--bench B] [--reps N] [--receipts N] [--no-whole-list]");
    // generate needs no widgets; a QCoreApplication keeps its memory figure out of it.
    const bool generating = argc > 1 && QByteArray(argv[1]) == "generate";
    std::unique_ptr<QCoreApplication> app(generating ? new QCoreApplication(argc, argv)
                                                     : new QApplication(argc, argv));
    const QStringList args = QCoreApplication::arguments().mid(1);
    Options opt;
    for (qsizetype i = 0; i < args.size(); ++i) {
        bool ok = true;
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--orders") && hasValue)
            opt.orders = args[++i].toLongLong(&ok);
        else if (a == QLatin1String("--pending") && hasValue)
            opt.pending = args[++i].toLongLong(&ok);
        else if (a == QLatin1String("--days") && hasValue)
            opt.days = args[++i].toLongLong(&ok);
        else if (a == QLatin1String("--seed") && hasValue)
            opt.seed = args[++i].toUInt(&ok);
        else if (a == QLatin1String("--reps") && hasValue)
            opt.reps = args[++i].toInt(&ok);
        else if (a == QLatin1String("--receipts") && hasValue)
            opt.receipts = args[++i].toInt(&ok);
        else if (a == QLatin1String("--no-whole-list"))
            opt.whole = false;
        else if (a == QLatin1String("--bench") && hasValue)
            opt.bench = args[++i];
        else if (opt.mode.isEmpty() && !a.startsWith(QLatin1Char('-')))
            opt.mode = a;
        else if (opt.path.isEmpty() && !a.startsWith(QLatin1Char('-')))
            opt.path = a;
        else
            ok = false;
        if (!ok)
            return fail(usage);
    }
    if (opt.path.isEmpty() || opt.orders <= 0 || opt.pending < 0 || opt.days <= 0 || opt.reps <= 0 ||
        opt.receipts <= 0)
        return fail(usage);
    if (opt.mode == QLatin1String("generate"))
        return generate(opt);
    if (opt.mode == QLatin1String("run"))
        return run(opt);
    return fail(usage);
}
