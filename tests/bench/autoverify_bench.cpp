// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 21: autoverification at speed, against the three targets.
//
// A station with the demo catalogue, an analyzer (CHEM-BENCH, Roche profile) mapping ten chemistry
// tests, QC patterns for the lots in use of GLU, NA and K, a month of daily accepted QC runs sent by
// the analyzer, and autoverification rules (the range widened by 10 %) for the ten tests. Then:
// (a) decision: D analyzer results, one tube (ten results) per journal write as an analyzer message
//     makes them; AutoverifyService::decide alone is timed (facts read with SQL + Autoverifier),
//     inside the write, whose drafts are then committed.
// (b) session: the same 500-result session (50 tubes × 10 results, in 10 messages) taken in by
//     AnalyzerIntake::receive in-process (no ASTM link, no socket: the intake and its commits only),
//     with the rules off and on for the ten tests, R rounds taking turns on fresh tubes; the ratio
//     of the summed wall times.
// (c) try: N result.entered events with an `instrument` (payloads shaped exactly as the intake
//     wrote them for this station, varied in value, order and measuring time) spread over the last 30
//     days, appended to the journal as another station's (synced) events in large transactions,
//     without projection; then AutoverifyTrial::run over 30 days in-process, and `benchside-cli
//     --json autoverify try GLU --days 30 --widen 20` as a process.
// Prints JSON; see docs/benchmarks.md.
//
//   autoverify_bench [decisions=2000] [rounds=3] [history=1000000] [benchside-cli]
#include "analyzer/analyzerintake.h"
#include "analyzer/analyzerregistry.h"
#include "astm/astmsimulator.h"
#include "autoverify/autoverifyservice.h"
#include "autoverify/autoverifytrial.h"
#include "benchsetup.h"
#include "benchtiming.h"
#include "catalog/catalogimporter.h"
#include "journal/eventstore.h"
#include "journal/hybridclock.h"
#include "journal/uuid7.h"
#include "lab/lab.h"
#include "qc/qcservice.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <cstdio>

using namespace benchside;
using benchsetup::check;
using benchsetup::demoCatalog;
using benchsetup::die;
using benchtiming::ms;
using benchtiming::round3;

namespace {
const QString Analyzer = QStringLiteral("CHEM-BENCH");
const QString Admin = QStringLiteral("admin");
const QString Supervisor = QStringLiteral("a.okafor");
// Test, a normal value, an abnormal one.
struct BenchTest
{
    QString code;
    QString normal;
    QString abnormal;
};
const QList<BenchTest> Tests{{QStringLiteral("GLU"), QStringLiteral("5.4"), QStringLiteral("9.8")},
                             {QStringLiteral("NA"), QStringLiteral("140"), QStringLiteral("128")},
                             {QStringLiteral("K"), QStringLiteral("4.2"), QStringLiteral("5.9")},
                             {QStringLiteral("CL"), QStringLiteral("102"), QStringLiteral("92")},
                             {QStringLiteral("CO2"), QStringLiteral("25"), QStringLiteral("35")},
                             {QStringLiteral("BUN"), QStringLiteral("5.0"), QStringLiteral("14.0")},
                             {QStringLiteral("CREA"), QStringLiteral("80"), QStringLiteral("300")},
                             {QStringLiteral("CA"), QStringLiteral("2.30"), QStringLiteral("2.90")},
                             {QStringLiteral("MG"), QStringLiteral("0.90"), QStringLiteral("1.40")},
                             {QStringLiteral("PHOS"), QStringLiteral("1.10"), QStringLiteral("2.20")}};

qint64 count(Lab &lab, const QString &sql)
{
    QSqlQuery q(lab.database().connection());
    if (!q.exec(sql) || !q.next())
        die(QStringLiteral("query failed: ") + sql);
    return q.value(0).toLongLong();
}

// Received serum tubes with the ten tests ordered.
QStringList receivedTubes(Lab &lab, int n, int offset)
{
    QStringList codes;
    for (const BenchTest &t : Tests)
        codes << t.code;
    QStringList tubes;
    for (int i = 0; i < n; ++i) {
        AccessionRequest r;
        r.patient = {QStringLiteral("M%1").arg(4000000 + offset + i),
                     QStringLiteral("Bench, Patient %1").arg(offset + i), QStringLiteral("1970-01-01"),
                     QStringLiteral("F")};
        r.specimenType = QStringLiteral("SERUM");
        r.collector = QStringLiteral("Ward 3");
        r.tests = codes;
        Result<Specimen> s = lab.accessioner().accession(r, Admin);
        if (!s)
            die(s.error());
        if (lab.scanner().process(s.value().accession, ScanProcessor::Action::Receive, Admin).type !=
            ScanOutcome::Type::Received)
            die(QStringLiteral("receipt of %1 failed").arg(s.value().accession));
        tubes << s.value().accession;
    }
    return tubes;
}

// The value a tube's result gets: one in eight abnormal, so that both paths of the rules run.
QString valueFor(const BenchTest &t, int i)
{
    return i % 8 == 7 ? t.abnormal : t.normal;
}

QByteArray session(const AstmSimulator &sim, const QStringList &tubes, int messages, const QDateTime &at)
{
    QByteArray text;
    const int perMessage = int((tubes.size() + messages - 1) / messages);
    for (int from = 0; from < tubes.size(); from += perMessage) {
        QList<AstmSimulatedTube> batch;
        for (int i = from; i < std::min<int>(int(tubes.size()), from + perMessage); ++i) {
            AstmSimulatedTube tube{tubes.at(i), tubes.at(i), {}};
            for (const BenchTest &t : Tests)
                tube.results.append({t.code, valueFor(t, i), {}, {}, QStringLiteral("F")});
            batch.append(tube);
        }
        for (const QByteArray &r : sim.resultRecords(batch, at))
            text += r + '\n';
    }
    return text;
}

void setRules(AutoverifyService &service, bool on)
{
    for (const BenchTest &t : Tests) {
        AutoverifyRules r;
        r.test = t.code;
        r.enabled = on;
        r.widenPercent = 10;
        if (Result<Event> e = service.set(r, QStringLiteral("autoverify_bench"), Supervisor); !e)
            die(QStringLiteral("rules of %1: %2").arg(t.code, e.error()));
    }
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int decisions = args.value(1, QStringLiteral("2000")).toInt();
    const int rounds = args.value(2, QStringLiteral("3")).toInt();
    const int history = args.value(3, QStringLiteral("1000000")).toInt();
    const QString cli =
        args.value(4, QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/benchside-cli"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.db"));
    check(Lab::initialise(path, Station{QStringLiteral("BEN"), QStringLiteral("MAIN"),
                                        QStringLiteral("Main Lab / Receiving"), Admin, false}),
          "init");
    Result<std::unique_ptr<Lab>> opened = Lab::open(path);
    if (!opened)
        die(opened.error());
    Lab &lab = *opened.value();
    check(Status::from(CatalogImporter::import(lab.store(), lab.permissions(), demoCatalog(), Admin)),
          "catalogue");
    AnalyzerRegistry registry(lab.store(), lab.permissions(), lab.catalog());
    AnalyzerDefinition d;
    d.name = Analyzer;
    d.endpoint = AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), 5799);
    d.profile = AstmProfile::Roche;
    QList<AnalyzerMapEntry> map;
    for (const BenchTest &t : Tests)
        map.append({t.code, t.code, {}, std::nullopt});
    check(Status::from(registry.define(d, Admin)), "analyzer");
    check(Status::from(registry.setMap(Analyzer, map, Admin)), "map");
    Result<std::optional<AnalyzerDefinition>> found = registry.find(Analyzer);
    if (!found || !found.value())
        die(QStringLiteral("the analyzer was not defined"));
    const AnalyzerDefinition analyzer = *found.value();

    // QC: a lot of two levels for GLU, NA and K with the demo's targets (models/demo/demoqc.cpp),
    // under the IDs the demo's analyzer gives its controls, and a month of daily runs at each level's
    // mean, sent by the analyzer.
    QcService qc(lab.store(), lab.catalog());
    struct Control
    {
        QString test;
        QString lot;
        int level;
        double mean;
        double sd;
    };
    const QList<Control> controls{{QStringLiteral("GLU"), QStringLiteral("GL-2409"), 1, 5.30, 0.12},
                                  {QStringLiteral("GLU"), QStringLiteral("GL-2409"), 2, 16.80, 0.35},
                                  {QStringLiteral("NA"), QStringLiteral("NA-2411"), 1, 125.0, 1.4},
                                  {QStringLiteral("NA"), QStringLiteral("NA-2411"), 2, 155.0, 1.7},
                                  {QStringLiteral("K"), QStringLiteral("K-2410"), 1, 3.60, 0.07},
                                  {QStringLiteral("K"), QStringLiteral("K-2410"), 2, 6.40, 0.11}};
    for (const Control &c : controls) {
        QcService::LotDefinition l;
        l.testCode = c.test;
        l.lot = c.lot;
        l.level = c.level;
        l.mean = c.mean;
        l.sd = c.sd;
        l.material = QStringLiteral("Bench control");
        l.expires = QDate::currentDate().addYears(1).toString(Qt::ISODate);
        check(Status::from(qc.defineLot(l, Admin)), "QC lot");
        check(Status::from(qc.definePattern(
                  {c.test, c.lot, c.level, QStringLiteral("QC-%1-L%2-*").arg(c.test).arg(c.level)}, Admin)),
              "QC pattern");
    }
    AstmSimulator sim(Analyzer);
    AnalyzerIntake intake(lab, Admin);
    const QDateTime now = QDateTime::currentDateTime();
    int qcRuns = 0;
    for (int day = 30; day >= 0; --day) {
        QList<AstmSimulatedTube> batch;
        for (const Control &c : controls) {
            const QString id = QStringLiteral("QC-%1-L%2-%3").arg(c.test).arg(c.level).arg(day);
            batch.append({id, id, {{c.test, QString::number(c.mean), {}, {}, QStringLiteral("F")}}});
        }
        QByteArray text;
        // Each day's controls an hour before now, so that today's run is the last and recent.
        for (const QByteArray &r : sim.resultRecords(batch, now.addDays(-day).addSecs(-3600)))
            text += r + '\n';
        Result<AnalyzerIntake::Outcome> o = intake.receive(analyzer, text);
        if (!o)
            die(o.error());
        qcRuns += o.value().qcRuns;
    }
    AutoverifyService rulesService(lab.store(), lab.catalog(), lab.permissions());
    setRules(rulesService, true);
    QJsonObject out{{QStringLiteral("qc_runs"), qcRuns},
                    {QStringLiteral("qc_accepted"),
                     count(lab, QStringLiteral("SELECT count(*) FROM qc_results WHERE analyzer = '%1' AND "
                                               "run_status = 'accepted'")
                                    .arg(Analyzer))}};

    // (a) The decision alone, one tube's ten results per write.
    {
        const int tubeCount = (decisions + int(Tests.size()) - 1) / int(Tests.size());
        const QStringList tubes = receivedTubes(lab, tubeCount, 0);
        ResultRepository repository(lab.database().connection());
        ResultService results(lab.store(), repository, lab.catalog());
        std::vector<double> decideMs;
        int released = 0;
        int held = 0;
        for (int i = 0; i < tubeCount; ++i) {
            Result<QList<Event>> w = lab.store().write(Admin, [&]() -> Result<QList<EventDraft>> {
                using R = Result<QList<EventDraft>>;
                AutoverifyService autoverify(lab.store(), lab.catalog(), lab.permissions());
                QList<EventDraft> drafts;
                for (const BenchTest &t : Tests) {
                    const QString value = valueFor(t, i);
                    const QJsonObject instrument{
                        {QStringLiteral("analyzer"), Analyzer},
                        {QStringLiteral("analyzer_code"), t.code},
                        {QStringLiteral("specimen_id"), tubes.at(i)},
                        {QStringLiteral("measured_at"), now.toString(QStringLiteral("yyyyMMddHHmmss"))},
                        {QStringLiteral("value"), value},
                        {QStringLiteral("unit"), QString()},
                        {QStringLiteral("flags"), QJsonArray()},
                        {QStringLiteral("status"), QStringLiteral("F")}};
                    QSqlQuery o(lab.database().connection());
                    o.prepare(QStringLiteral(
                        "SELECT order_id FROM test_orders WHERE accession = ? AND test_code = ?"));
                    o.addBindValue(tubes.at(i));
                    o.addBindValue(t.code);
                    if (!o.exec() || !o.next())
                        return R::failure(QStringLiteral("no order of %1 on %2").arg(t.code, tubes.at(i)));
                    Result<ResultService::InstrumentEntry> entry =
                        results.instrumentEntry(o.value(0).toString(), value, QString(), instrument);
                    if (!entry)
                        return R::failure(entry.error());
                    drafts << entry.value().draft;
                    QElapsedTimer timer;
                    timer.start();
                    Result<AutoverifyService::Outcome> decided = autoverify.decide(
                        entry.value().order, entry.value().evaluation, instrument, drafts.last(),
                        int(drafts.size() - 1), QDateTime::currentMSecsSinceEpoch());
                    decideMs.push_back(ms(timer));
                    if (!decided)
                        return R::failure(decided.error());
                    if (decided.value().release) {
                        drafts << *decided.value().release;
                        ++released;
                    } else {
                        ++held;
                    }
                }
                return drafts;
            });
            if (!w)
                die(w.error());
        }
        const QJsonObject stats = benchtiming::stats(decideMs);
        out.insert(QStringLiteral("decision"),
                   QJsonObject{{QStringLiteral("decide_ms"), stats},
                               {QStringLiteral("released"), released},
                               {QStringLiteral("held"), held},
                               {QStringLiteral("p99_below_1_ms"),
                                stats.value(QLatin1String("p99")).toDouble() < 1.0}});
    }

    // (b) The 500-result session, rules off and on, taking turns on fresh tubes.
    {
        double offMs = 0;
        double onMs = 0;
        QJsonArray perRound;
        int autoverified = 0;
        int heldByRules = 0;
        int matched = 0;
        for (int round = 0; round < rounds; ++round) {
            QJsonObject r;
            // Alternate which goes first, so that neither always meets the larger database.
            for (const bool on : round % 2 == 0 ? QList<bool>{false, true} : QList<bool>{true, false}) {
                setRules(rulesService, on);
                const QStringList tubes = receivedTubes(lab, 50, 100000 + (2 * round + (on ? 1 : 0)) * 50);
                const QByteArray text = session(sim, tubes, 10, QDateTime::currentDateTime());
                QElapsedTimer t;
                t.start();
                Result<AnalyzerIntake::Outcome> o = intake.receive(analyzer, text);
                const double wall = ms(t);
                if (!o)
                    die(o.error());
                if (o.value().matched != 500)
                    die(QStringLiteral("a session matched %1 of 500 results").arg(o.value().matched));
                matched += o.value().matched;
                (on ? onMs : offMs) += wall;
                if (on) {
                    autoverified += o.value().autoverified;
                    heldByRules += o.value().heldByRules;
                }
                r.insert(on ? QStringLiteral("on_ms") : QStringLiteral("off_ms"), round3(wall));
            }
            r.insert(QStringLiteral("ratio"), round3(r.value(QLatin1String("on_ms")).toDouble() /
                                                     r.value(QLatin1String("off_ms")).toDouble()));
            perRound.append(r);
        }
        setRules(rulesService, true);
        // The median round too: one round that meets a checkpoint or a neighbour's compile moves the
        // sum, not the median.
        std::vector<double> ratios;
        for (const QJsonValue &r : std::as_const(perRound))
            ratios.push_back(r.toObject().value(QLatin1String("ratio")).toDouble());
        std::sort(ratios.begin(), ratios.end());
        const double medianRatio = ratios.empty() ? 0 : ratios.at(ratios.size() / 2);
        out.insert(QStringLiteral("session"),
                   QJsonObject{{QStringLiteral("mode"), QStringLiteral("AnalyzerIntake::receive in-process")},
                               {QStringLiteral("results_per_session"), 500},
                               {QStringLiteral("messages_per_session"), 10},
                               {QStringLiteral("rounds"), perRound},
                               {QStringLiteral("off_ms_per_session"), round3(offMs / rounds)},
                               {QStringLiteral("on_ms_per_session"), round3(onMs / rounds)},
                               {QStringLiteral("ratio"), round3(onMs / offMs)},
                               {QStringLiteral("median_round_ratio"), round3(medianRatio)},
                               {QStringLiteral("autoverified_on"), autoverified},
                               {QStringLiteral("held_by_rules_on"), heldByRules},
                               {QStringLiteral("ratio_at_most_1_2"), onMs / offMs <= 1.2}});
    }

    // (c) `autoverify try` over 30 days of `history` analyzer results of GLU.
    {
        QSqlQuery tq(lab.database().connection());
        tq.exec(QStringLiteral("SELECT payload FROM journal WHERE kind = 'result.entered' AND subject IN "
                               "(SELECT accession FROM test_orders) ORDER BY hlc DESC"));
        QJsonObject normal, abnormal;
        while (tq.next() && (normal.isEmpty() || abnormal.isEmpty())) {
            const QJsonObject p = QJsonDocument::fromJson(tq.value(0).toString().toUtf8()).object();
            if (p.value(QLatin1String("test")).toString() != QLatin1String("GLU") ||
                !p.contains(QLatin1String("instrument")))
                continue;
            QJsonObject &slot =
                p.value(QLatin1String("flag")).toString() == QLatin1String("N") ? normal : abnormal;
            if (slot.isEmpty()) {
                slot = p;
                slot.remove(QStringLiteral("autoverify")); // the hold's reasons, added after the entry
            }
        }
        tq.finish();
        if (normal.isEmpty() || abnormal.isEmpty())
            die(QStringLiteral("no GLU analyzer results to copy the payloads of"));
        QSqlDatabase db = lab.database().connection();
        QElapsedTimer gen;
        gen.start();
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        const qint64 spanMs = 30LL * 86'400'000 - 3'600'000; // inside the 30 days, an hour to spare
        const QString station = QStringLiteral("HIST");
        QString prev = Event::genesisHash();
        const int batch = 50000;
        for (int done = 0; done < history;) {
            if (!db.transaction())
                die(QStringLiteral("cannot begin: ") + db.lastError().text());
            QSqlQuery ins(db);
            ins.prepare(
                QStringLiteral("INSERT INTO journal (id, station_id, station_seq, hlc, actor, kind, "
                               "subject, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            const int n = std::min(batch, history - done);
            for (int k = 0; k < n; ++k) {
                const int i = done + k;
                const bool isNormal = i % 8 != 7;
                QJsonObject p = isNormal ? normal : abnormal;
                const double v = isNormal ? 4.5 + (i % 20) / 10.0 : 9.0 + (i % 30) / 10.0;
                const QString value = QString::number(v, 'f', 1);
                const qint64 atMs = nowMs - spanMs + qint64(double(spanMs) * i / history);
                const QString accession = QStringLiteral("H%1").arg(i / 10, 9, 10, QLatin1Char('0'));
                const QString measured =
                    QDateTime::fromMSecsSinceEpoch(atMs).toString(QStringLiteral("yyyyMMddHHmmss"));
                p.insert(QStringLiteral("order_id"), accession + QStringLiteral("-GLU"));
                p.insert(QStringLiteral("value"), value);
                p.insert(QStringLiteral("numeric"), v);
                p.insert(QStringLiteral("base"), QString());
                QJsonObject instrument = p.value(QLatin1String("instrument")).toObject();
                instrument.insert(QStringLiteral("specimen_id"), accession);
                instrument.insert(QStringLiteral("measured_at"), measured);
                instrument.insert(QStringLiteral("value"), value);
                p.insert(QStringLiteral("instrument"), instrument);
                Event e;
                e.hlc = HybridClock::fromMs(atMs) + (i & 0xff);
                e.id = makeUuid7(atMs);
                e.stationId = station;
                e.stationSeq = i + 1;
                e.actor = Admin;
                e.kind = QStringLiteral("result.entered");
                e.subject = accession;
                e.payload = Event::canonicalJson(p);
                e.prevHash = prev;
                e.hash = e.computeHash();
                prev = e.hash;
                for (const QVariant &col :
                     {QVariant(e.id), QVariant(e.stationId), QVariant(e.stationSeq), QVariant(e.hlc),
                      QVariant(e.actor), QVariant(e.kind), QVariant(e.subject), QVariant(e.payload),
                      QVariant(e.prevHash), QVariant(e.hash)})
                    ins.addBindValue(col);
                if (!ins.exec())
                    die(QStringLiteral("history insert: ") + ins.lastError().text());
            }
            ins.finish();
            if (!db.commit())
                die(QStringLiteral("cannot commit: ") + db.lastError().text());
            done += n;
        }
        const double generateS = ms(gen) / 1000.0;
        QSqlQuery analyze(db);
        analyze.exec(QStringLiteral("ANALYZE"));

        AutoverifyService service(lab.store(), lab.catalog(), lab.permissions());
        Result<AutoverifyRules> current = service.rules(QStringLiteral("GLU"));
        if (!current)
            die(current.error());
        AutoverifyRules proposed = current.value();
        proposed.enabled = true;
        proposed.widenPercent = 20;
        QElapsedTimer t;
        t.start();
        Result<AutoverifyTrial::Outcome> o =
            AutoverifyTrial(db).run(current.value(), proposed, 30, QDateTime::currentMSecsSinceEpoch());
        const double inProcessS = ms(t) / 1000.0;
        if (!o)
            die(o.error());

        QProcess tryCli;
        QElapsedTimer c;
        c.start();
        tryCli.start(cli,
                     {QStringLiteral("--db"), path, QStringLiteral("--json"), QStringLiteral("autoverify"),
                      QStringLiteral("try"), QStringLiteral("GLU"), QStringLiteral("--days"),
                      QStringLiteral("30"), QStringLiteral("--widen"), QStringLiteral("20")});
        if (!tryCli.waitForFinished(600'000))
            die(QStringLiteral("autoverify try did not finish in 10 minutes"));
        const double cliS = ms(c) / 1000.0;
        const QJsonObject said = QJsonDocument::fromJson(tryCli.readAllStandardOutput()).object();
        if (tryCli.exitCode() != 0)
            die(QStringLiteral("autoverify try failed: ") + QString::fromUtf8(tryCli.readAllStandardError()));
        out.insert(
            QStringLiteral("try"),
            QJsonObject{
                {QStringLiteral("history_results"), history},
                {QStringLiteral("journal_rows"), count(lab, QStringLiteral("SELECT count(*) FROM journal"))},
                {QStringLiteral("generate_s"), round3(generateS)},
                {QStringLiteral("results"), o.value().results},
                {QStringLiteral("would_release"), o.value().wouldRelease},
                {QStringLiteral("would_hold"), o.value().wouldHold},
                {QStringLiteral("changed"), qint64(o.value().changed.size())},
                {QStringLiteral("in_process_s"), round3(inProcessS)},
                {QStringLiteral("cli_s"), round3(cliS)},
                {QStringLiteral("cli_results"), said.value(QLatin1String("results"))},
                {QStringLiteral("cli_would_release"), said.value(QLatin1String("would_release"))},
                {QStringLiteral("cli_changed"),
                 qint64(said.value(QLatin1String("changed")).toArray().size())},
                {QStringLiteral("below_10_s"), cliS < 10.0 && inProcessS < 10.0}});
    }
    out.insert(QStringLiteral("memory"), benchtiming::memory());
    out.insert(QStringLiteral("cpus"), QThread::idealThreadCount());
    std::printf("%s", QJsonDocument(out).toJson().constData());
    return 0;
}
