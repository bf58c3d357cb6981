// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 20: an analyzer's session against `benchside-cli analyzer serve`, and the line it would have
// taken at 9600 baud.
//
// A station with T received serum tubes of the ten chemistry tests that an analyzer (--listen, a map
// of the ten codes) runs; `analyzer serve` on it; an AstmSimulator here, playing the analyzer over
// loopback TCP. First Q host queries, one at a time (each timed from sendQuery() to the whole answer
// read back by the simulator), then the session: T × 10 results in M messages, queued at once and
// sent back to back, each message's last ACK held by Benchside until the message is committed.
// Prints JSON; see docs/benchmarks.md.
//
// Benchside's share of the session, two ways, both against the line time (the bytes the session
// put on the wire, both ways, at 10 bits a byte (8N1) and 9600 bit/s, which is what the same
// session costs on a real serial line whoever answers):
// - wall: the session's wall time over loopback, from the first ENQ queued to the last message's ACK.
//   On loopback the wire costs nothing, so this is every wait the analyzer had for Benchside (link,
//   intake, commit with its fsync, the held ACKs), plus the simulator's own work, which it
//   overstates. An upper bound.
// - cpu: the CPU time (utime + stime, /proc/PID/stat) the serve process spent over the session: its
//   work alone, without the disk's waits. A lower bound.
// held_ack_ms is, per message, from its last frame written to that frame's ACK: the commit as the
// analyzer sees it.
//
//   astm_bench [tubes=50] [queries=200] [messages=10] [benchside-cli]
#include "analyzer/analyzerregistry.h"
#include "astm/astmlink.h"
#include "astm/astmsimulator.h"
#include "benchsetup.h"
#include "benchtiming.h"
#include "catalog/catalogimporter.h"
#include "lab/lab.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>
#include <functional>
#include <unistd.h>

using namespace benchside;
using benchsetup::check;
using benchsetup::demoCatalog;
using benchsetup::die;
using benchtiming::ms;
using benchtiming::round3;

namespace {
const QString Analyzer = QStringLiteral("CHEM-BENCH");
const QString Admin = QStringLiteral("admin");
const QList<std::pair<QString, QString>> Tests{
    {QStringLiteral("GLU"), QStringLiteral("5.4")}, {QStringLiteral("NA"), QStringLiteral("140")},
    {QStringLiteral("K"), QStringLiteral("4.2")},   {QStringLiteral("CL"), QStringLiteral("102")},
    {QStringLiteral("CO2"), QStringLiteral("25")},  {QStringLiteral("BUN"), QStringLiteral("5.0")},
    {QStringLiteral("CREA"), QStringLiteral("80")}, {QStringLiteral("CA"), QStringLiteral("2.30")},
    {QStringLiteral("MG"), QStringLiteral("0.90")}, {QStringLiteral("PHOS"), QStringLiteral("1.10")}};

// Handles events until `done`, for up to `ms`; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

// utime + stime of a process, in milliseconds.
double cpuMs(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        die(QStringLiteral("cannot read /proc/%1/stat").arg(pid));
    const QByteArray stat = f.readAll();
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
    // utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    const double ticks = fields.value(11).toDouble() + fields.value(12).toDouble();
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

qint64 count(Lab &lab, const QString &sql)
{
    QSqlQuery q(lab.database().connection());
    if (!q.exec(sql) || !q.next())
        die(QStringLiteral("query failed: ") + sql);
    return q.value(0).toLongLong();
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int tubeCount = args.value(1, QStringLiteral("50")).toInt();
    const int queries = args.value(2, QStringLiteral("200")).toInt();
    const int messageCount = args.value(3, QStringLiteral("10")).toInt();
    const QString cli =
        args.value(4, QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/benchside-cli"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.db"));
    check(Lab::initialise(path, Station{QStringLiteral("BEN"), QStringLiteral("MAIN"),
                                        QStringLiteral("Main Lab / Receiving"), Admin, false}),
          "init");
    quint16 port = 0;
    QStringList tubes;
    {
        Result<std::unique_ptr<Lab>> opened = Lab::open(path);
        if (!opened)
            die(opened.error());
        Lab &lab = *opened.value();
        check(Status::from(CatalogImporter::import(lab.store(), lab.permissions(), demoCatalog(), Admin)),
              "catalogue");
        QStringList codes;
        QList<AnalyzerMapEntry> map;
        for (const auto &t : Tests) {
            codes << t.first;
            map.append({t.first, t.first, {}, std::nullopt});
        }
        for (int i = 0; i < tubeCount; ++i) {
            AccessionRequest r;
            r.patient = {QStringLiteral("M%1").arg(3000000 + i), QStringLiteral("Bench, Patient %1").arg(i),
                         QStringLiteral("1970-01-01"), QStringLiteral("F")};
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
        {
            QTcpServer probe;
            probe.listen(QHostAddress::LocalHost, 0);
            port = probe.serverPort();
        }
        AnalyzerRegistry registry(lab.store(), lab.permissions(), lab.catalog());
        AnalyzerDefinition d;
        d.name = Analyzer;
        d.endpoint = AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), port);
        d.profile = AstmProfile::Roche;
        check(Status::from(registry.define(d, Admin)), "analyzer");
        check(Status::from(registry.setMap(Analyzer, map, Admin)), "map");
    }

    QProcess serve;
    const QString serveLog = dir.filePath(QStringLiteral("serve.log"));
    serve.setStandardOutputFile(serveLog);
    serve.start(
        cli, {QStringLiteral("--db"), path, QStringLiteral("analyzer"), QStringLiteral("serve"), Analyzer});
    if (!serve.waitForStarted(10000))
        die(QStringLiteral("analyzer serve did not start: ") + serve.errorString());
    const auto serveSaid = [&] {
        QFile log(serveLog);
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
    };
    if (!waitUntil([&] { return serveSaid().contains(QStringLiteral("listening ")); }, 15000))
        die(QStringLiteral("analyzer serve said: ") + serveSaid());

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        die(QStringLiteral("cannot connect to analyzer serve"));
    AstmSimulator sim(Analyzer);
    sim.attach(&socket);

    // Host queries, one at a time.
    std::vector<double> answerMs;
    int answered = 0;
    QObject::connect(
        &sim, &AstmSimulator::queryAnswered,
        [&](const QString &, const QStringList &codes, const QString &type) {
            if (type != QLatin1String("Q") || codes.size() != Tests.size())
                die(QStringLiteral("a query was answered %1 with %2 tests").arg(type).arg(codes.size()));
            ++answered;
        });
    for (int i = 0; i < queries; ++i) {
        QElapsedTimer t;
        t.start();
        sim.sendQuery(tubes.at(i % tubes.size()));
        if (!waitUntil([&] { return answered == i + 1; }, int(AstmLink::ReplyTimeoutMs)))
            die(QStringLiteral("query %1 was not answered within 15 s").arg(i + 1));
        answerMs.push_back(ms(t));
    }

    // The session: every result in `messageCount` messages, queued at once.
    qint64 bytesOut = 0; // the analyzer's: ENQ, frames, EOT (resends included)
    qint64 frames = 0;
    QObject::connect(&socket, &QTcpSocket::bytesWritten, [&](qint64 n) { bytesOut += n; });
    QElapsedTimer session;
    std::map<qsizetype, double> lastFrameAt;
    std::vector<double> heldMs;
    qsizetype acknowledged = 0;
    qsizetype current = 0; // the message being sent: ids are sent in order
    QObject::connect(&sim, &AstmSimulator::frameSent, [&](const QByteArray &frame) {
        ++frames;
        if (frame.size() > 2 && frame.at(2) == 'L')
            lastFrameAt[current] = ms(session);
    });
    QObject::connect(&sim, &AstmSimulator::messageAcknowledged, [&](qsizetype id) {
        heldMs.push_back(ms(session) - lastFrameAt.at(id));
        ++acknowledged;
        ++current;
    });
    QObject::connect(&sim, &AstmSimulator::messageAbandoned,
                     [&](qsizetype id) { die(QStringLiteral("message %1 was abandoned").arg(id)); });
    const double cpuBefore = cpuMs(serve.processId());
    bytesOut = 0;
    session.start();
    const int perMessage = (tubeCount + messageCount - 1) / messageCount;
    qsizetype firstId = -1;
    for (int at = 0; at < tubeCount; at += perMessage) {
        QList<AstmSimulatedTube> batch;
        for (const QString &a : tubes.mid(at, perMessage)) {
            AstmSimulatedTube t{a, a, {}};
            for (const auto &[code, value] : Tests)
                t.results.append({code, value, {}, {}, QStringLiteral("F")});
            batch.append(t);
        }
        const qsizetype id = sim.sendResults(batch);
        if (firstId < 0)
            firstId = id;
    }
    current = firstId;
    const qsizetype sent = (tubeCount + perMessage - 1) / perMessage;
    if (!waitUntil([&] { return acknowledged == sent; }, 120000))
        die(QStringLiteral("the session did not end: %1 of %2 messages acknowledged")
                .arg(acknowledged)
                .arg(sent));
    const double wallMs = ms(session);
    // Let the serve process finish what follows the last ACK (its EOT, the log line) before its CPU
    // time is read, so that the whole session is counted.
    waitUntil([] { return false; }, 200);
    const double serveCpuMs = cpuMs(serve.processId()) - cpuBefore;
    serve.terminate();
    if (!serve.waitForFinished(10000))
        serve.kill();
    sim.detach();

    Result<std::unique_ptr<Lab>> opened = Lab::open(path);
    if (!opened)
        die(opened.error());
    const qint64 committed = count(
        *opened.value(), QStringLiteral("SELECT count(*) FROM results WHERE analyzer = '%1'").arg(Analyzer));
    const qint64 history = count(*opened.value(), QStringLiteral("SELECT count(*) FROM result_history"));
    const qint64 unmatched =
        count(*opened.value(), QStringLiteral("SELECT count(*) FROM instrument_unmatched"));

    // Inbound to the analyzer: an ACK for its ENQ and for each frame.
    const qint64 bytesIn = sent + frames;
    const qint64 wireBytes = bytesOut + bytesIn;
    const double lineMs = double(wireBytes) * 10.0 / 9600.0 * 1000.0;
    const QJsonObject out{
        {QStringLiteral("tubes"), tubeCount},
        {QStringLiteral("results_sent"), tubeCount * int(Tests.size())},
        {QStringLiteral("messages"), qint64(sent)},
        {QStringLiteral("results_committed"), committed},
        {QStringLiteral("result_history_rows"), history},
        {QStringLiteral("unmatched"), unmatched},
        {QStringLiteral("host_query_answer_ms"), benchtiming::stats(answerMs)},
        {QStringLiteral("session"),
         QJsonObject{{QStringLiteral("frames"), frames},
                     {QStringLiteral("wire_bytes"), wireBytes},
                     {QStringLiteral("line_time_9600_ms"), round3(lineMs)},
                     {QStringLiteral("wall_loopback_ms"), round3(wallMs)},
                     {QStringLiteral("serve_cpu_ms"), round3(serveCpuMs)},
                     {QStringLiteral("share_wall_pct"), round3(100.0 * wallMs / lineMs)},
                     {QStringLiteral("share_cpu_pct"), round3(100.0 * serveCpuMs / lineMs)},
                     {QStringLiteral("held_ack_ms"), benchtiming::stats(heldMs)}}},
        {QStringLiteral("targets"),
         QJsonObject{{QStringLiteral("share_below_10_pct"), 100.0 * wallMs / lineMs < 10.0},
                     {QStringLiteral("host_query_p99_below_100_ms"),
                      benchtiming::stats(answerMs).value(QLatin1String("p99")).toDouble() < 100.0},
                     {QStringLiteral("every_result_committed"), committed == tubeCount * int(Tests.size())}}},
        {QStringLiteral("cpus"), QThread::idealThreadCount()}};
    std::printf("%s", QJsonDocument(out).toJson().constData());
    return committed == tubeCount * int(Tests.size()) ? 0 : 1;
}
