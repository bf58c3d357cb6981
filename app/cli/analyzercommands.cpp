// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzercommands.h"

#include "analyzer/analyzerintake.h"
#include "analyzer/analyzermapcsv.h"
#include "analyzer/analyzerregistry.h"
#include "analyzer/analyzerservice.h"
#include "analyzer/unmatchedreadings.h"
#include "astm/astmlink.h"
#include "astm/astmptyline.h"
#include "astm/astmsimulator.h"
#include "commandcontext.h"
#include "hl7/mllplistener.h"
#include "lab/lab.h"
#include "qc/qcrepository.h"
#include "qc/qcservice.h"
#include "result/resultrepository.h"
#include "stopsignals.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace benchside::cli {

namespace {
AnalyzerRegistry registry(CommandContext &ctx)
{
    return AnalyzerRegistry(ctx.lab().store(), ctx.lab().permissions(), ctx.lab().catalog());
}

Result<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Result<QByteArray>::failure(tr("Cannot read %1: %2").arg(path, f.errorString()));
    return f.readAll();
}

// HOST:PORT, with the host allowed to be empty for --listen (all addresses).
bool hostPort(const QString &text, QString &host, quint16 &port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    const uint p = colon >= 0 ? text.mid(colon + 1).toUInt(&ok) : 0;
    if (!ok || p > 65535)
        return false;
    host = text.left(colon);
    port = quint16(p);
    return true;
}

QJsonObject mapJson(const AnalyzerMapEntry &e)
{
    QJsonObject o{{QStringLiteral("analyzer_code"), e.analyzerCode},
                  {QStringLiteral("test"), e.test},
                  {QStringLiteral("unit"), e.unit}};
    o.insert(QStringLiteral("factor"), e.factor ? QJsonValue(*e.factor) : QJsonValue());
    return o;
}

Result<AstmEndpoint> endpointFrom(const Invocation &inv)
{
    using R = Result<AstmEndpoint>;
    const int given = int(inv.flag("--serial")) + int(inv.flag("--tcp")) + int(inv.flag("--listen"));
    if (given != 1)
        return R::failure(
            tr("Say where the analyzer is with one of --serial DEVICE, --tcp HOST:PORT (we connect) or "
               "--listen ADDR:PORT (it connects)."));
    QString host;
    quint16 port = 0;
    if (inv.flag("--tcp")) {
        if (!hostPort(inv.option("--tcp"), host, port) || host.isEmpty() || port == 0)
            return R::failure(tr("--tcp needs HOST:PORT, e.g. 10.20.1.15:5000."));
        return AstmEndpoint::tcpClient(host, port);
    }
    if (inv.flag("--listen")) {
        // As the HL7 listener reads it: an IP address (127.0.0.1 when only a port is given).
        Result<std::pair<QHostAddress, quint16>> address = MllpListener::parseAddress(inv.option("--listen"));
        if (!address || address.value().second == 0)
            return R::failure(tr("--listen needs ADDR:PORT, e.g. 0.0.0.0:5001."));
        return AstmEndpoint::tcpServer(address.value().first.toString(), address.value().second);
    }
    QJsonObject o{{QStringLiteral("kind"), QStringLiteral("serial")},
                  {QStringLiteral("device"), inv.option("--serial")},
                  {QStringLiteral("baud"), inv.option("--baud", QStringLiteral("9600")).toInt()},
                  {QStringLiteral("data_bits"), inv.option("--data", QStringLiteral("8")).toInt()},
                  {QStringLiteral("parity"), inv.option("--parity", QStringLiteral("none"))},
                  {QStringLiteral("stop_bits"), inv.option("--stop", QStringLiteral("1")).toInt()}};
    return AstmEndpoint::fromJson(o);
}

int setMap(CommandContext &ctx, const QString &name, const QString &file)
{
    Result<QByteArray> data = readFile(file);
    if (!data)
        return ctx.fail(BadInput, data.error());
    Result<QList<AnalyzerMapEntry>> map = AnalyzerMapCsv::parse(data.value());
    if (!map)
        return ctx.fail(BadInput, tr("%1: %2").arg(file, map.error()));
    Result<Event> written = registry(ctx).setMap(name, map.value(), ctx.actor());
    if (!written)
        return ctx.fail(BadInput, written.error());
    if (!ctx.invocation().json)
        ctx.out() << tr("%1 maps %2 analyzer codes now.").arg(name).arg(map.value().size()) << '\n';
    return Ok;
}

// analyzer add NAME (--serial DEV [--baud N --data 8 --parity none --stop 1] | --tcp HOST:PORT |
// --listen ADDR:PORT) [--profile P] [--map FILE]
int add(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("an analyzer name")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Result<AstmEndpoint> endpoint = endpointFrom(ctx.invocation());
    if (!endpoint)
        return ctx.fail(BadInput, endpoint.error());
    const std::optional<AstmProfile> profile =
        AnalyzerDefinition::profileFromName(ctx.invocation().option("--profile"));
    if (!profile)
        return ctx.fail(
            BadInput,
            tr("--profile is one of %1.").arg(AnalyzerDefinition::profileNames().join(QStringLiteral(", "))));
    AnalyzerDefinition d;
    d.name = ctx.positional(1);
    d.endpoint = endpoint.value();
    d.profile = *profile;
    // The map is checked before anything is recorded: a bad file must not leave an analyzer without one.
    QList<AnalyzerMapEntry> map;
    if (ctx.invocation().flag("--map")) {
        Result<QByteArray> data = readFile(ctx.invocation().option("--map"));
        if (!data)
            return ctx.fail(BadInput, data.error());
        Result<QList<AnalyzerMapEntry>> parsed = AnalyzerMapCsv::parse(data.value());
        if (!parsed)
            return ctx.fail(BadInput, tr("%1: %2").arg(ctx.invocation().option("--map"), parsed.error()));
        map = parsed.value();
    }
    if (Result<Event> written = registry(ctx).define(d, ctx.actor()); !written)
        return ctx.fail(BadInput, written.error());
    if (!map.isEmpty()) {
        if (Result<Event> written = registry(ctx).setMap(d.name, map, ctx.actor()); !written)
            return ctx.fail(BadInput, written.error());
    }
    if (ctx.invocation().json) {
        QJsonArray rows;
        for (const AnalyzerMapEntry &e : std::as_const(map))
            rows.append(mapJson(e));
        ctx.printJson(QJsonObject{{QStringLiteral("name"), d.name},
                                  {QStringLiteral("endpoint"), d.endpoint.describe()},
                                  {QStringLiteral("profile"), AnalyzerDefinition::profileName(d.profile)},
                                  {QStringLiteral("map"), rows}});
    } else {
        ctx.out()
            << tr("%1 is set up: %2, mapped codes: %3.").arg(d.name, d.endpoint.describe()).arg(map.size())
            << '\n';
    }
    return Ok;
}

int list(CommandContext &ctx)
{
    Result<QList<AnalyzerDefinition>> all = registry(ctx).list();
    if (!all)
        return ctx.fail(Failure, all.error());
    if (ctx.invocation().json) {
        QJsonArray out;
        for (const AnalyzerDefinition &d : all.value()) {
            QJsonArray rows;
            for (const AnalyzerMapEntry &e : d.map)
                rows.append(mapJson(e));
            out.append(QJsonObject{{QStringLiteral("name"), d.name},
                                   {QStringLiteral("endpoint"), d.endpoint.describe()},
                                   {QStringLiteral("connection"), d.endpoint.toJson()},
                                   {QStringLiteral("profile"), AnalyzerDefinition::profileName(d.profile)},
                                   {QStringLiteral("active"), d.active},
                                   {QStringLiteral("map"), rows}});
        }
        ctx.printJson(out);
        return Ok;
    }
    if (all.value().isEmpty())
        ctx.out() << tr("No analyzer is set up (analyzer add NAME --tcp HOST:PORT …).") << '\n';
    for (const AnalyzerDefinition &d : all.value())
        ctx.out() << d.name << "  " << d.endpoint.describe() << "  "
                  << AnalyzerDefinition::profileName(d.profile) << "  " << tr("codes: %1").arg(d.map.size())
                  << '\n';
    return Ok;
}

// analyzer import NAME FILE: a captured byte stream (framed E1381, with or without its ENQ/EOT) or
// bare E1394 records, one per line, taken in as if it had arrived on the analyzer's line.
int import(CommandContext &ctx)
{
    if (int e = ctx.needPositional(3, tr("an analyzer name and a capture file")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Result<std::optional<AnalyzerDefinition>> analyzer = registry(ctx).find(ctx.positional(1));
    if (!analyzer)
        return ctx.fail(Failure, analyzer.error());
    if (!analyzer.value())
        return ctx.fail(BadInput,
                        tr("No analyzer %1 is set up here (analyzer list).").arg(ctx.positional(1)));
    Result<QByteArray> data = readFile(ctx.positional(2));
    if (!data)
        return ctx.fail(BadInput, data.error());
    QList<QByteArray> sessions;
    QStringList lineLog;
    if (data.value().contains(AstmLink::Stx)) {
        QByteArray bytes = data.value();
        if (!bytes.contains(AstmLink::Enq))
            bytes.prepend(AstmLink::Enq);
        if (!bytes.contains(AstmLink::Eot))
            bytes.append(AstmLink::Eot);
        AstmLink link;
        link.feed(bytes, 0);
        sessions = link.takeMessages();
        lineLog = link.takeLog();
    } else {
        sessions << data.value();
    }
    if (sessions.isEmpty() || std::all_of(sessions.cbegin(), sessions.cend(),
                                          [](const QByteArray &s) { return s.trimmed().isEmpty(); }))
        return ctx.fail(BadInput, tr("%1 holds no ASTM message%2")
                                      .arg(ctx.positional(2),
                                           lineLog.isEmpty()
                                               ? QStringLiteral(".")
                                               : QStringLiteral(": ") + lineLog.join(QStringLiteral("; "))));
    AnalyzerIntake intake(ctx.lab(), ctx.actor());
    AnalyzerIntake::Outcome total;
    for (const QByteArray &session : std::as_const(sessions)) {
        Result<AnalyzerIntake::Outcome> o = intake.receive(*analyzer.value(), session);
        if (!o)
            return ctx.fail(Failure, o.error());
        total.records += o.value().records;
        total.results += o.value().results;
        total.matched += o.value().matched;
        total.unmatched += o.value().unmatched;
        total.duplicates += o.value().duplicates;
        total.qcValues += o.value().qcValues;
        total.qcRuns += o.value().qcRuns;
        total.held << o.value().held;
        total.notes << o.value().notes;
        total.answers << o.value().answers;
    }
    if (total.records == 0)
        return ctx.fail(BadInput, tr("%1 holds no ASTM records: %2")
                                      .arg(ctx.positional(2), total.notes.join(QStringLiteral("; "))));
    if (ctx.invocation().json) {
        QJsonArray held;
        for (const AnalyzerIntake::Held &h : std::as_const(total.held))
            held.append(QJsonObject{{QStringLiteral("accession"), h.accession},
                                    {QStringLiteral("test"), h.test},
                                    {QStringLiteral("reason"), h.reason}});
        ctx.printJson(
            QJsonObject{{QStringLiteral("records"), total.records},
                        {QStringLiteral("results"), total.results},
                        {QStringLiteral("matched"), total.matched},
                        {QStringLiteral("unmatched"), total.unmatched},
                        {QStringLiteral("duplicates"), total.duplicates},
                        {QStringLiteral("qc_runs"), total.qcRuns},
                        {QStringLiteral("qc_values"), total.qcValues},
                        {QStringLiteral("held"), held},
                        {QStringLiteral("queries_answered"), int(total.answers.size())},
                        {QStringLiteral("notes"), QJsonArray::fromStringList(total.notes + lineLog)}});
        return Ok;
    }
    ctx.out() << tr("%1 records, %2 results: %3 entered, %4 unmatched, %5 held, %6 already recorded.")
                     .arg(total.records)
                     .arg(total.results)
                     .arg(total.matched)
                     .arg(total.unmatched)
                     .arg(total.held.size())
                     .arg(total.duplicates)
              << '\n';
    for (const AnalyzerIntake::Held &h : std::as_const(total.held))
        ctx.out() << "  " << h.accession << ' ' << h.test << ": " << h.reason << '\n';
    for (const QString &n : std::as_const(total.notes) + lineLog)
        ctx.out() << "  " << n << '\n';
    return Ok;
}

int unmatched(CommandContext &ctx)
{
    Result<QList<UnmatchedReading>> list = UnmatchedReadings(ctx.lab()).list(
        !ctx.invocation().flag("--all"), ctx.invocation().option("--limit", QStringLiteral("500")).toInt());
    if (!list)
        return ctx.fail(Failure, list.error());
    if (ctx.invocation().json) {
        QJsonArray out;
        for (const UnmatchedReading &u : list.value())
            out.append(QJsonObject{{QStringLiteral("id"), u.id},
                                   {QStringLiteral("analyzer"), u.analyzer},
                                   {QStringLiteral("specimen_id"), u.specimenId},
                                   {QStringLiteral("analyzer_code"), u.analyzerCode},
                                   {QStringLiteral("test"), u.test},
                                   {QStringLiteral("accession"), u.accession},
                                   {QStringLiteral("value"), u.value},
                                   {QStringLiteral("unit"), u.unit},
                                   {QStringLiteral("flags"), QJsonArray::fromStringList(u.flags)},
                                   {QStringLiteral("status"), u.status},
                                   {QStringLiteral("measured_at"), u.measuredAt},
                                   {QStringLiteral("reason"), u.reason},
                                   {QStringLiteral("state"), u.state}});
        ctx.printJson(out);
        return Ok;
    }
    if (list.value().isEmpty())
        ctx.out() << tr("Nothing is waiting: every analyzer result found its tube.") << '\n';
    for (const UnmatchedReading &u : list.value())
        ctx.out() << u.id << "  " << u.analyzer << "  " << u.specimenId << "  " << u.analyzerCode << " = "
                  << u.value << ' ' << u.unit << "  " << u.reason << '\n';
    return Ok;
}

int resolve(CommandContext &ctx, bool match)
{
    if (int e = ctx.needPositional(match ? 3 : 2,
                                   match ? tr("an unmatched result's ID and a tube's accession number")
                                         : tr("an unmatched result's ID"));
        e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    UnmatchedReadings readings(ctx.lab());
    const QString id = ctx.positional(1);
    Result<Event> done = match ? readings.match(id, ctx.positional(2), ctx.actor())
                               : readings.discard(id, ctx.invocation().option("--reason"), ctx.actor());
    if (!done)
        return ctx.fail(BadInput, done.error());
    if (ctx.invocation().json)
        ctx.printJson(QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("state"), match ? QStringLiteral("matched") : QStringLiteral("discarded")},
            {QStringLiteral("event"), done.value().id}});
    else
        ctx.out() << (match ? tr("%1 is entered on %2.").arg(id, ctx.positional(2))
                            : tr("%1 is discarded.").arg(id))
                  << '\n';
    return Ok;
}

// analyzer serve [NAME…]: the analyzers' lines until SIGINT/SIGTERM, one line per event on stdout.
int serve(CommandContext &ctx)
{
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    AnalyzerService service(ctx.lab(), ctx.actor());
    service.setTranscript(
        QFileInfo(ctx.lab().database().path()).dir().filePath(QStringLiteral("transcripts")),
        ctx.invocation().option("--transcript-days", QStringLiteral("30")).toInt());
    QTextStream &out = ctx.out();
    QObject::connect(&service, &AnalyzerService::lineChanged,
                     [&out](const QString &name, AstmConnection::State state, const QString &detail) {
                         switch (state) {
                         case AstmConnection::State::Connected:
                             out << "connected " << name << Qt::endl;
                             break;
                         case AstmConnection::State::Listening:
                             out << "listening " << name << ' ' << detail << Qt::endl;
                             break;
                         case AstmConnection::State::Error: // the log line says why
                         case AstmConnection::State::Connecting:
                         case AstmConnection::State::Stopped:
                             break;
                         }
                     });
    QObject::connect(
        &service, &AnalyzerService::taken,
        [&out](const QString &name, int results, int matched, int unmatched, int held, int duplicates) {
            if (matched + unmatched + held + duplicates == 0)
                return; // a host query or controls: the log line says what became of them
            out << QDateTime::currentDateTime().toString(Qt::ISODate) << ' ' << name << ' ' << results
                << " results: " << matched << " entered, " << unmatched << " unmatched, " << held << " held, "
                << duplicates << " repeated" << Qt::endl;
        });
    QObject::connect(&service, &AnalyzerService::logged,
                     [&out](const QString &name, const QString &level, const QString &text) {
                         out << level << ' ' << name << " : " << text << Qt::endl;
                     });
    if (Status s = service.start(ctx.invocation().positional.mid(1)); !s)
        return ctx.fail(BadInput, s.error());
    if (service.lines().isEmpty())
        return ctx.fail(BadInput,
                        tr("No analyzer is set up to serve (analyzer add NAME --tcp HOST:PORT …)."));
    StopSignals stop;
    QObject::connect(&stop, &StopSignals::stopRequested, QCoreApplication::instance(),
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    service.stop();
    out << "stopped" << Qt::endl;
    return Ok;
}

// analyzer simulate NAME [--tubes A,B,…] [--count N]: plays the analyzer NAME against this station's
// `analyzer serve`, over the line NAME is set up with (the other end of it): for each tube a host
// query, then a result for every test the answer asks for, drawn inside the test's reference range.
// For the demo and for trying a map; it reads the catalogue only to make plausible values.
int simulate(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("the name of the analyzer to play")); e != Ok)
        return e;
    Result<std::optional<AnalyzerDefinition>> found = registry(ctx).find(ctx.positional(1));
    if (!found)
        return ctx.fail(Failure, found.error());
    if (!found.value())
        return ctx.fail(BadInput,
                        tr("No analyzer %1 is set up here (analyzer list).").arg(ctx.positional(1)));
    const AnalyzerDefinition analyzer = *found.value();

    QStringList tubes = ctx.invocation().option("--tubes").split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (tubes.isEmpty()) {
        // Received tubes with tests still open that this analyzer runs.
        QStringList mapped;
        for (const AnalyzerMapEntry &e : analyzer.map)
            mapped << e.test;
        QSqlQuery q(ctx.lab().database().connection());
        q.prepare(QStringLiteral(
            "SELECT DISTINCT o.accession FROM test_orders o JOIN specimens s ON s.accession = "
            "o.accession WHERE o.status = 'ordered' AND s.received_at IS NOT NULL AND o.test_code "
            "IN (SELECT value FROM json_each(?)) ORDER BY s.received_at DESC LIMIT ?"));
        q.addBindValue(QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(mapped)).toJson(QJsonDocument::Compact)));
        q.addBindValue(ctx.invocation().option("--count", QStringLiteral("5")).toInt());
        if (!q.exec())
            return ctx.fail(Failure, tr("Cannot read the worklist: %1").arg(q.lastError().text()));
        while (q.next())
            tubes << q.value(0).toString();
        if (tubes.isEmpty())
            return ctx.fail(
                BadInput,
                tr("No received tube has a test open that %1 runs; receive one first.").arg(analyzer.name));
    }

    AstmSimulator simulator(analyzer.name);
    ResultRepository specs(ctx.lab().database().connection());
    QTextStream &out = ctx.out();
    int pending = int(tubes.size());
    int exitCode = Ok;
    int results = 0;
    QHash<qsizetype, std::pair<QString, int>> resultMessages; // message id → tube, results
    // One tube at a time, as an analyzer works through its rack: its query goes out once the last
    // one is answered, so the two ends never bid for the line at once (contention costs 20 s).
    qsizetype asked = 0;
    const auto askNext = [&] {
        if (asked < tubes.size())
            simulator.sendQuery(tubes.at(asked++));
    };
    const auto done = [&] {
        if (--pending == 0)
            // A moment for the EOT just written to leave before the line is closed.
            QTimer::singleShot(200, [&] { QCoreApplication::exit(exitCode); });
    };
    QObject::connect(
        &simulator, &AstmSimulator::queryAnswered,
        [&](const QString &tube, const QStringList &codes, const QString &reportType) {
            out << tube << ": asked, told " << reportType << ' ' << codes.join(QLatin1Char(',')) << Qt::endl;
            if (codes.isEmpty()) {
                done();
                askNext();
                return;
            }
            AstmSimulatedTube t;
            t.specimenId = tube;
            for (const QString &code : codes) {
                const AnalyzerMapEntry *entry = analyzer.entryForCode(code);
                Result<ResultSpec> spec = entry ? specs.spec(entry->test) : Result<ResultSpec>::failure({});
                double low = 1, high = 10;
                if (spec && !spec.value().ranges.isEmpty()) {
                    low = spec.value().ranges.first().low;
                    high = spec.value().ranges.first().high;
                }
                // One value in five outside the range, so that some results wait for a person.
                QRandomGenerator *random = QRandomGenerator::global();
                const double ours = random->bounded(5) == 0
                                        ? high + (high - low) * (0.3 + random->generateDouble())
                                        : low + (high - low) * random->generateDouble();
                const double factor = entry && entry->factor ? *entry->factor : 1.0;
                t.results << AstmSimulatedResult{
                    code,
                    QString::number(ours / factor, 'g', 3),
                    entry && !entry->unit.isEmpty() ? entry->unit : (spec ? spec.value().unit : QString()),
                    {QStringLiteral("N")},
                    QStringLiteral("F")};
            }
            resultMessages.insert(simulator.sendResults({t}), {tube, int(t.results.size())});
            askNext();
        });
    // A tube's work ends when its results are acknowledged; its query's answer comes as queryAnswered.
    QObject::connect(&simulator, &AstmSimulator::messageAcknowledged, [&](qsizetype id) {
        if (!resultMessages.contains(id))
            return;
        const auto [tube, count] = resultMessages.take(id);
        out << tube << ": " << count << " results sent and acknowledged" << Qt::endl;
        results += count;
        done();
    });
    QObject::connect(&simulator, &AstmSimulator::logLine,
                     [&out](const QString &text) { out << "  " << text << Qt::endl; });
    QObject::connect(&simulator, &AstmSimulator::messageAbandoned, [&](qsizetype id) {
        out << "message " << id << " was given up (no answer or refused)" << Qt::endl;
        exitCode = Failure;
    });

    std::unique_ptr<QTcpSocket> socket;
    QTcpServer server;
    // The analyzer's controls first, as a real one runs them at start-up: one specimen per QC
    // pattern of its tests, valued near the lot's mean, so that the QC page shows the run and the
    // autoverification rules have a recent accepted run to go by.
    QList<AstmSimulatedTube> controls;
    {
        QcService qc(ctx.lab().store(), ctx.lab().catalog());
        QcRepository lots(ctx.lab().database().connection());
        for (const AnalyzerMapEntry &e : analyzer.map) {
            Result<QList<QcPattern>> patterns = qc.patterns(e.test);
            if (!patterns)
                return ctx.fail(Failure, patterns.error());
            for (const QcPattern &p : patterns.value()) {
                Result<std::optional<QcLot>> lot = lots.lot(p.testCode, p.lot, p.level);
                if (!lot || !lot.value() || !lot.value()->hasTargets())
                    continue;
                const double value =
                    *lot.value()->mean +
                    *lot.value()->sd * 0.5 * (QRandomGenerator::global()->generateDouble() * 2 - 1);
                QString id = p.pattern;
                id.replace(QLatin1Char('*'), QDateTime::currentDateTime().toString(QStringLiteral("hhmmss")))
                    .replace(QLatin1Char('?'), QLatin1Char('0'));
                controls << AstmSimulatedTube{
                    id,
                    QString(),
                    {AstmSimulatedResult{e.analyzerCode,
                                         QString::number(value / e.factor.value_or(1.0), 'g', 4),
                                         e.unit,
                                         {QStringLiteral("N")},
                                         QStringLiteral("F")}}};
            }
        }
    }
    const auto begin = [&](QIODevice *line) {
        simulator.attach(line);
        if (!controls.isEmpty()) {
            simulator.sendResults(controls);
            out << "controls: " << controls.size() << " QC specimen(s) sent" << Qt::endl;
        }
        askNext();
    };
    AstmPtyLine pty;
    const QString device = analyzer.endpoint.device;
    // The pseudo-terminal's slave is put where the analyzer's serial device is set up to be, as a
    // link; a real device there (a file that is not a link) is never replaced.
    const auto unlinkDevice = qScopeGuard([&] {
        if (analyzer.endpoint.kind == AstmEndpoint::Kind::Serial && QFileInfo(device).isSymLink())
            QFile::remove(device);
    });
    if (analyzer.endpoint.kind == AstmEndpoint::Kind::Serial) {
        if (!pty.isValid())
            return ctx.fail(Failure, tr("Cannot open a pseudo-terminal: %1").arg(pty.error()));
        const QFileInfo existing(device);
        if (existing.exists() && !existing.isSymLink())
            return ctx.fail(BadInput,
                            tr("%1 is a real device; the simulator plays serial analyzers only on a "
                               "path that is free or a link it may replace.")
                                .arg(device));
        QFile::remove(device);
        if (!QFile::link(pty.slavePath(), device))
            return ctx.fail(
                Failure, tr("Cannot make %1 point to the pseudo-terminal %2.").arg(device, pty.slavePath()));
        if (!pty.open(QIODevice::ReadWrite))
            return ctx.fail(Failure, tr("Cannot open the pseudo-terminal %1.").arg(pty.slavePath()));
        out << "playing " << analyzer.name << " on " << device << " (" << pty.slavePath() << ')' << Qt::endl;
        begin(&pty);
    } else if (analyzer.endpoint.kind == AstmEndpoint::Kind::TcpServer) {
        socket = std::make_unique<QTcpSocket>();
        const QString host =
            analyzer.endpoint.host == QLatin1String("0.0.0.0") || analyzer.endpoint.host.isEmpty()
                ? QStringLiteral("127.0.0.1")
                : analyzer.endpoint.host;
        socket->connectToHost(host, analyzer.endpoint.port);
        if (!socket->waitForConnected(5000))
            return ctx.fail(Failure, tr("Cannot reach %1:%2 (%3): is `analyzer serve` running?")
                                         .arg(host)
                                         .arg(analyzer.endpoint.port)
                                         .arg(socket->errorString()));
        out << "connected to " << host << ':' << analyzer.endpoint.port << Qt::endl;
        begin(socket.get());
    } else {
        if (!server.listen(QHostAddress::Any, analyzer.endpoint.port))
            return ctx.fail(
                Failure,
                tr("Cannot listen on port %1: %2").arg(analyzer.endpoint.port).arg(server.errorString()));
        out << "waiting for " << analyzer.name << " on port " << analyzer.endpoint.port << Qt::endl;
        QObject::connect(&server, &QTcpServer::newConnection, [&] {
            if (QTcpSocket *line = server.nextPendingConnection(); line && !simulator.isAttached())
                begin(line);
        });
    }
    QTimer::singleShot(ctx.invocation().option("--timeout", QStringLiteral("60")).toInt() * 1000, [&] {
        out << "timed out with " << pending << " tube(s) unanswered" << Qt::endl;
        QCoreApplication::exit(Failure);
    });
    const int code = QCoreApplication::exec();
    out << "sent " << results << " results for " << tubes.size() << " tube(s)" << Qt::endl;
    return code;
}

int analyzer(CommandContext &ctx)
{
    if (ctx.invocation().positional.isEmpty())
        return ctx.needPositional(
            1, tr("what to do (add, list, map, serve, import, unmatched, match, discard)"));
    const QString what = ctx.positional(0);
    if (what == QLatin1String("add"))
        return add(ctx);
    if (what == QLatin1String("list"))
        return list(ctx);
    if (what == QLatin1String("map")) {
        if (int e = ctx.needPositional(3, tr("an analyzer name and a CSV file")); e != Ok)
            return e;
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        return setMap(ctx, ctx.positional(1), ctx.positional(2));
    }
    if (what == QLatin1String("import"))
        return import(ctx);
    if (what == QLatin1String("serve"))
        return serve(ctx);
    if (what == QLatin1String("simulate"))
        return simulate(ctx);
    if (what == QLatin1String("unmatched"))
        return unmatched(ctx);
    if (what == QLatin1String("match") || what == QLatin1String("discard"))
        return resolve(ctx, what == QLatin1String("match"));
    return ctx.fail(BadInput,
                    tr("\"%1\" is not an analyzer command; use add, list, map, serve, import, unmatched, "
                       "match or discard.")
                        .arg(what));
}
} // namespace

const QList<Command> &analyzerCommands()
{
    static const QList<Command> commands{
        {"analyzer", Command::Needs::OpenLab, analyzer,
         QT_TRANSLATE_NOOP(
             "benchside::cli",
             "analyzer add NAME (--serial DEV [--baud N --data 8 --parity none --stop 1]\n"
             "      | --tcp HOST:PORT | --listen ADDR:PORT) [--profile P] [--map FILE]\n"
             "      | analyzer list | analyzer map NAME FILE (CSV: analyzer_code,test,unit,factor)\n"
             "      | analyzer serve [NAME…] [--transcript-days N]\n"
             "      | analyzer simulate NAME [--tubes A,B,…] [--count N]\n"
             "      | analyzer import NAME FILE | analyzer unmatched [--all]\n"
             "      | analyzer match ID ACCESSION | analyzer discard ID --reason TEXT"),
         QT_TRANSLATE_NOOP(
             "benchside::cli",
             "ASTM analyzers: where each is and its test-code map; a captured session taken in as if "
             "it had arrived; results that found no tube, to match or discard")},
    };
    return commands;
}

} // namespace benchside::cli
