// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7commands.h"

#include "commandcontext.h"
#include "hl7/hl7message.h"
#include "hl7/hl7orderrepository.h"
#include "hl7/hl7outbox.h"
#include "hl7/hl7sender.h"
#include "hl7/mllpframer.h"
#include "hl7/mllplistener.h"
#include "lab/lab.h"
#include "stopsignals.h"
#include "sync/serverurl.h"
#include "sync/syncworker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

namespace benchside::cli {

namespace {

// hl7 parse FILE: the segments and fields of a message as Benchside reads it, from a file saved by
// an interface engine or a capture (with or without its MLLP framing bytes).
int parse(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("an HL7 message file")); e != Ok)
        return e;
    QFile file(ctx.positional(1));
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(BadInput, tr("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    QByteArray bytes = file.readAll();
    if (bytes.contains(MllpFramer::StartBlock)) {
        MllpFramer framer;
        const QList<MllpFramer::Frame> frames = framer.feed(bytes);
        if (frames.isEmpty() || frames.first().kind != MllpFramer::Frame::Kind::Message)
            return ctx.fail(BadInput, tr("%1 starts an MLLP frame but holds no complete message (0x1C 0x0D "
                                         "missing, or over 1 MiB).")
                                          .arg(file.fileName()));
        bytes = frames.first().payload;
    }
    Result<Hl7Message> m = Hl7Message::parse(bytes);
    if (!m)
        return ctx.fail(BadInput, tr("%1: %2").arg(file.fileName(), m.error()));
    if (ctx.invocation().json) {
        QJsonArray segments;
        for (const Hl7Message::Segment &s : m.value().segments())
            segments.append(
                QJsonObject{{QStringLiteral("name"), s.name},
                            {QStringLiteral("fields"), QJsonArray::fromStringList(s.fields.mid(1))}});
        ctx.printJson(
            QJsonObject{{QStringLiteral("segments"), segments},
                        {QStringLiteral("charset"), m.value().charset()},
                        {QStringLiteral("warnings"), QJsonArray::fromStringList(m.value().warnings())}});
        return Ok;
    }
    QTextStream &out = ctx.out();
    for (const QString &w : m.value().warnings())
        ctx.note(w);
    for (const Hl7Message::Segment &s : m.value().segments()) {
        out << s.name << '\n';
        for (qsizetype i = 1; i < s.fields.size(); ++i) {
            if (!s.fields.at(i).isEmpty())
                out << "  " << QStringLiteral("%1-%2").arg(s.name).arg(i).leftJustified(9) << s.fields.at(i)
                    << '\n';
        }
    }
    return Ok;
}

// hl7 serve: the MLLP listener in the foreground until SIGINT/SIGTERM. One line "listening on
// ADDR:PORT" once it accepts connections (what scripts wait for), then one line per message.
int serve(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    if (int e = ctx.openLab(); e != Ok)
        return e;
    MllpListener::Options options;
    Result<std::pair<QHostAddress, quint16>> address =
        MllpListener::parseAddress(ctx.invocation().option("--listen", QStringLiteral("127.0.0.1:2575")));
    if (!address)
        return ctx.fail(BadInput, address.error());
    options.address = address.value().first;
    options.port = address.value().second;
    if (const QString allow = ctx.invocation().option("--allow"); !allow.isEmpty()) {
        Result<QList<std::pair<QHostAddress, int>>> list = MllpListener::parseAllowList(allow);
        if (!list)
            return ctx.fail(BadInput, list.error());
        options.allow = list.value();
    }
    options.tlsCertificate = ctx.invocation().option("--tls-cert");
    options.tlsKey = ctx.invocation().option("--tls-key");
    options.tlsCa = ctx.invocation().option("--tls-ca");
    if (options.tlsCertificate.isEmpty() != options.tlsKey.isEmpty() ||
        (!options.tlsCa.isEmpty() && options.tlsCertificate.isEmpty()))
        return ctx.fail(BadInput,
                        tr("TLS needs both --tls-cert and --tls-key (and --tls-ca only with them)."));
    if (const QString idle = ctx.invocation().option("--idle-timeout"); !idle.isEmpty()) {
        bool ok = false;
        options.idleTimeoutMs = idle.toInt(&ok) * 1000;
        if (!ok || options.idleTimeoutMs <= 0)
            return ctx.fail(BadInput, tr("--idle-timeout takes whole seconds, more than 0."));
    }

    // Hidden, for tests that cannot wait the default 30 s for a missing ACK: --ack-timeout S and
    // --retry-first S (seconds, fractions allowed) for the sender.
    Hl7Sender::Options senderOptions;
    for (const auto &[name, target] : {std::pair{"--ack-timeout", &senderOptions.ackTimeoutMs},
                                       std::pair{"--retry-first", &senderOptions.firstRetryMs}}) {
        if (const QString value = ctx.invocation().option(name); !value.isEmpty()) {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || seconds <= 0 || seconds > 86'400)
                return ctx.fail(BadInput, tr("%1 takes seconds, more than 0.").arg(QLatin1String(name)));
            *target = int(seconds * 1000);
        }
    }

    MllpListener listener(ctx.lab(), options);
    if (Status s = listener.listen(); !s)
        return ctx.fail(Failure, s.error());
    QTextStream &out = ctx.out();
    out << "listening on " << listener.address() << Qt::endl;
    QObject::connect(&listener, &MllpListener::messageHandled,
                     [&out](const QString &peer, const QString &controlId, const QString &ackCode,
                            const QStringList &accessions, const QString &error, bool duplicate) {
                         out << QDateTime::currentDateTime().toString(Qt::ISODate) << ' ' << ackCode << ' '
                             << (controlId.isEmpty() ? QStringLiteral("-") : controlId) << ' ' << peer;
                         if (duplicate)
                             out << " duplicate";
                         if (!accessions.isEmpty())
                             out << ' ' << accessions.join(QLatin1Char(','));
                         if (!error.isEmpty())
                             out << " : " << error;
                         out << Qt::endl;
                     });
    Hl7Sender sender(ctx.lab(), senderOptions);
    QObject::connect(&sender, &Hl7Sender::delivered, [&out](const QString &id, const QString &destination) {
        out << QDateTime::currentDateTime().toString(Qt::ISODate) << " sent " << id << " to " << destination
            << Qt::endl;
    });
    QObject::connect(&sender, &Hl7Sender::deadLettered,
                     [&out](const QString &id, const QString &destination, const QString &error) {
                         out << QDateTime::currentDateTime().toString(Qt::ISODate) << " dead " << id << " at "
                             << destination << " : " << error << Qt::endl;
                     });
    sender.start();
    // A station of its own: with --sync-url it pushes what it accepted and pulls what other benches
    // released, in the background (SyncWorker's thread and schedule, as in the GUI).
    QThread syncThread;
    SyncWorker *syncWorker = nullptr;
    if (const QString syncUrl = ctx.invocation().option("--sync-url"); !syncUrl.isEmpty()) {
        Result<ServerUrl> url = ServerUrl::parse(syncUrl);
        if (!url)
            return ctx.fail(BadInput, url.error());
        syncWorker = new SyncWorker(ctx.lab().database().path(), url.value(), 10);
        syncWorker->moveToThread(&syncThread);
        QObject::connect(&syncThread, &QThread::finished, syncWorker, &QObject::deleteLater);
        QObject::connect(syncWorker, &SyncWorker::finished, &listener, [&out](const SyncOutcome &o) {
            out << QDateTime::currentDateTime().toString(Qt::ISODate) << " sync "
                << (o.ok ? QStringLiteral("pushed %1 pulled %2").arg(o.report.pushed).arg(o.report.pulled)
                         : o.error)
                << Qt::endl;
        });
        syncThread.start();
        QMetaObject::invokeMethod(syncWorker, &SyncWorker::start, Qt::QueuedConnection);
    }
    StopSignals stop;
    QObject::connect(&stop, &StopSignals::stopRequested, QCoreApplication::instance(),
                     &QCoreApplication::quit);
    QCoreApplication::exec();
    sender.stop();
    listener.close();
    if (syncWorker) {
        QMetaObject::invokeMethod(syncWorker, &SyncWorker::stop, Qt::BlockingQueuedConnection);
        syncThread.quit();
        syncThread.wait();
    }
    out << "stopped" << Qt::endl;
    return Ok;
}

// hl7 inbox: the inbound messages, newest first.
int inbox(CommandContext &ctx)
{
    if (int e = ctx.openLab(); e != Ok)
        return e;
    const int limit = ctx.invocation().option("--limit", QStringLiteral("50")).toInt();
    Result<QList<Hl7InboxEntry>> entries = Hl7OrderRepository(ctx.lab().database().connection()).inbox(limit);
    if (!entries)
        return ctx.fail(Failure, entries.error());
    if (ctx.invocation().json) {
        QJsonArray list;
        for (const Hl7InboxEntry &e : entries.value())
            list.append(
                QJsonObject{{QStringLiteral("id"), e.eventId},
                            {QStringLiteral("received_at"),
                             QDateTime::fromMSecsSinceEpoch(e.receivedAtMs).toString(Qt::ISODateWithMs)},
                            {QStringLiteral("peer"), e.peer},
                            {QStringLiteral("sending_application"), e.sendingApp},
                            {QStringLiteral("sending_facility"), e.sendingFacility},
                            {QStringLiteral("type"), e.messageType},
                            {QStringLiteral("control_id"), e.controlId},
                            {QStringLiteral("ack"), e.ackCode},
                            {QStringLiteral("accessions"), QJsonArray::fromStringList(e.accessions)},
                            {QStringLiteral("error"), e.error}});
        ctx.printJson(list);
        return Ok;
    }
    for (const Hl7InboxEntry &e : entries.value())
        ctx.out()
            << QDateTime::fromMSecsSinceEpoch(e.receivedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
            << "  " << e.ackCode << "  " << e.messageType << "  " << e.sendingApp << "  " << e.controlId
            << "  " << e.accessions.join(QLatin1Char(','))
            << (e.error.isEmpty() ? QString() : QStringLiteral("  ") + e.error) << '\n';
    return Ok;
}

QJsonObject outboxJson(const Hl7OutboxEntry &e)
{
    return QJsonObject{{QStringLiteral("id"), e.id},
                       {QStringLiteral("destination"), e.destination},
                       {QStringLiteral("type"), QStringLiteral("ORU^R01")},
                       {QStringLiteral("control_id"), e.id},
                       {QStringLiteral("accession"), e.accession},
                       {QStringLiteral("test"), e.tests.join(QLatin1Char(','))},
                       {QStringLiteral("event"), e.kind},
                       {QStringLiteral("state"), e.state},
                       {QStringLiteral("attempts"), e.attempts},
                       {QStringLiteral("ack"), e.ackCode},
                       {QStringLiteral("last_error"), e.error.isEmpty() ? e.lastError : e.error}};
}

// hl7 destination add NAME --to HOST:PORT [--events released,amended,cancelled] | hl7 destination list
int destination(CommandContext &ctx)
{
    if (int e = ctx.openLab(); e != Ok)
        return e;
    Hl7Outbox outbox(ctx.lab().store(), ctx.lab().permissions());
    const QString what = ctx.positional(1);
    if (what == QLatin1String("add")) {
        if (int e = ctx.needPositional(3, tr("a destination name")); e != Ok)
            return e;
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        const QString target = ctx.invocation().option("--to");
        const qsizetype colon = target.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const uint port = colon > 0 ? target.mid(colon + 1).toUInt(&ok) : 0;
        if (!ok || port == 0 || port > 65535)
            return ctx.fail(BadInput,
                            tr("destination add needs --to HOST:PORT (e.g. his.example.org:2576)."));
        Hl7Destination d;
        d.name = ctx.positional(2);
        d.host = target.left(colon);
        d.port = quint16(port);
        d.events = ctx.invocation()
                       .option("--events", QStringLiteral("released,amended,cancelled"))
                       .split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &e : d.events)
            e = e.trimmed();
        Result<Event> written = outbox.defineDestination(d, ctx.actor());
        if (!written)
            return ctx.fail(BadInput, written.error());
        if (ctx.invocation().json)
            ctx.printJson(QJsonObject{{QStringLiteral("name"), d.name},
                                      {QStringLiteral("host"), d.host},
                                      {QStringLiteral("port"), int(d.port)},
                                      {QStringLiteral("events"), QJsonArray::fromStringList(d.events)}});
        else
            ctx.out() << tr("Results go to %1 at %2:%3 (%4) from now on.")
                             .arg(d.name, d.host)
                             .arg(d.port)
                             .arg(d.events.join(QStringLiteral(", ")))
                      << '\n';
        return Ok;
    }
    if (what == QLatin1String("list")) {
        if (int e = ctx.needPositional(2, QString()); e != Ok)
            return e;
        Result<QList<Hl7Destination>> list = outbox.destinations();
        if (!list)
            return ctx.fail(Failure, list.error());
        if (ctx.invocation().json) {
            QJsonArray out;
            for (const Hl7Destination &d : list.value())
                out.append(QJsonObject{{QStringLiteral("name"), d.name},
                                       {QStringLiteral("host"), d.host},
                                       {QStringLiteral("port"), int(d.port)},
                                       {QStringLiteral("events"), QJsonArray::fromStringList(d.events)}});
            ctx.printJson(out);
            return Ok;
        }
        for (const Hl7Destination &d : list.value())
            ctx.out() << d.name << "  " << d.host << ':' << d.port << "  " << d.events.join(QLatin1Char(','))
                      << '\n';
        return Ok;
    }
    return ctx.fail(
        BadInput,
        tr("Use: hl7 destination add NAME --to HOST:PORT [--events LIST], or hl7 destination list."));
}

// hl7 outbox [--state pending|delivered|dead|discarded]
int outboxList(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    if (int e = ctx.openLab(); e != Ok)
        return e;
    const QString state = ctx.invocation().option("--state");
    static const QStringList states{QStringLiteral("pending"), QStringLiteral("delivered"),
                                    QStringLiteral("dead"), QStringLiteral("discarded")};
    if (!state.isEmpty() && !states.contains(state))
        return ctx.fail(BadInput, tr("--state takes pending, delivered, dead or discarded."));
    Result<QList<Hl7OutboxEntry>> entries =
        Hl7Outbox(ctx.lab().store(), ctx.lab().permissions())
            .entries(state, ctx.invocation().option("--limit", QStringLiteral("1000")).toInt());
    if (!entries)
        return ctx.fail(Failure, entries.error());
    if (ctx.invocation().json) {
        QJsonArray out;
        for (const Hl7OutboxEntry &e : entries.value())
            out.append(outboxJson(e));
        ctx.printJson(out);
        return Ok;
    }
    for (const Hl7OutboxEntry &e : entries.value())
        ctx.out() << e.id << "  " << e.destination << "  " << e.kind << "  " << e.accession << "  "
                  << e.tests.join(QLatin1Char(',')) << "  " << e.state << "  " << e.attempts
                  << (e.error.isEmpty() && e.lastError.isEmpty()
                          ? QString()
                          : QStringLiteral("  ") + (e.error.isEmpty() ? e.lastError : e.error))
                  << '\n';
    return Ok;
}

// hl7 resend ID | hl7 discard ID --reason TEXT
int resendOrDiscard(CommandContext &ctx, bool resend)
{
    if (int e = ctx.needPositional(2, tr("an outbound message ID (hl7 outbox)")); e != Ok)
        return e;
    if (int e = ctx.openLab(); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Hl7Outbox outbox(ctx.lab().store(), ctx.lab().permissions());
    const QString id = ctx.positional(1);
    Result<Event> done = resend ? outbox.resend(id, ctx.actor())
                                : outbox.discard(id, ctx.invocation().option("--reason"), ctx.actor());
    if (!done)
        return ctx.fail(BadInput, done.error());
    Result<std::optional<Hl7OutboxEntry>> entry = outbox.entry(id);
    if (ctx.invocation().json && entry && entry.value()) {
        ctx.printJson(outboxJson(*entry.value()));
        return Ok;
    }
    ctx.out() << (resend ? tr("%1 is queued again with its control ID.")
                         : tr("%1 is discarded and will not be sent."))
                     .arg(id)
              << '\n';
    return Ok;
}

int hl7(CommandContext &ctx)
{
    if (ctx.invocation().positional.isEmpty())
        return ctx.needPositional(1, tr("what to do (parse, serve, inbox)"));
    const QString what = ctx.positional(0);
    if (what == QLatin1String("parse"))
        return parse(ctx);
    if (what == QLatin1String("serve"))
        return serve(ctx);
    if (what == QLatin1String("inbox"))
        return inbox(ctx);
    if (what == QLatin1String("destination"))
        return destination(ctx);
    if (what == QLatin1String("outbox"))
        return outboxList(ctx);
    if (what == QLatin1String("resend") || what == QLatin1String("discard"))
        return resendOrDiscard(ctx, what == QLatin1String("resend"));
    return ctx.fail(
        BadInput,
        tr("\"%1\" is not an hl7 command; use parse, serve, inbox, destination, outbox, resend or discard.")
            .arg(what));
}

// order PLACER: what the hospital's order number became here.
int order(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, tr("a placer order number")); e != Ok)
        return e;
    const QString placer = ctx.positional(0);
    Result<QList<Hl7PlacedTube>> tubes =
        Hl7OrderRepository(ctx.lab().database().connection()).tubesOfPlacer(placer);
    if (!tubes)
        return ctx.fail(Failure, tubes.error());
    if (tubes.value().isEmpty())
        return ctx.fail(BadInput, tr("No order %1 has come in here.").arg(placer));
    QJsonArray tests;
    QStringList accessions;
    QStringList statuses;
    QJsonObject patient;
    QStringList lines;
    for (const Hl7PlacedTube &tube : tubes.value()) {
        Result<std::optional<Specimen>> found = ctx.lab().specimens().find(tube.accession);
        if (!found || !found.value())
            return ctx.fail(Tampered,
                            tr("Order %1 names tube %2, which is not recorded.").arg(placer, tube.accession));
        const Specimen &s = *found.value();
        accessions << s.accession;
        patient = QJsonObject{{QStringLiteral("id"), s.patient.mrn},
                              {QStringLiteral("name"), s.patient.name},
                              {QStringLiteral("birth_date"), s.patient.birthDate},
                              {QStringLiteral("sex"), s.patient.sex}};
        for (const TestOrder &o : s.orders) {
            if (!tube.tests.contains(o.testCode))
                continue;
            const std::optional<TestDefinition> definition = ctx.lab().catalog().test(o.testCode);
            tests.append(QJsonObject{{QStringLiteral("code"), o.testCode},
                                     {QStringLiteral("loinc"), definition ? definition->loinc : QString()},
                                     {QStringLiteral("accession"), s.accession},
                                     {QStringLiteral("status"), o.status}});
            statuses << o.status;
            lines << QStringLiteral("  %1  %2  %3").arg(o.testCode.leftJustified(6), s.accession, o.status);
        }
        if (s.status != QLatin1String("accessioned"))
            statuses << QStringLiteral("received");
    }
    // One word for the whole order: cancelled when every test is, resulted when every live test is
    // released, in progress once a tube is received or a result entered, else ordered.
    const QStringList live = [&] {
        QStringList l = statuses;
        l.removeAll(QStringLiteral("cancelled"));
        l.removeAll(QStringLiteral("received"));
        return l;
    }();
    QString status = QStringLiteral("ordered");
    if (live.isEmpty())
        status = QStringLiteral("cancelled");
    else if (std::all_of(live.cbegin(), live.cend(),
                         [](const QString &s) { return s == QLatin1String("verified"); }))
        status = QStringLiteral("resulted");
    else if (statuses.contains(QStringLiteral("received")) || statuses.contains(QStringLiteral("entered")) ||
             statuses.contains(QStringLiteral("amended")) || statuses.contains(QStringLiteral("verified")))
        status = QStringLiteral("in progress");
    if (ctx.invocation().json) {
        ctx.printJson(QJsonObject{{QStringLiteral("placer"), placer},
                                  {QStringLiteral("filler"), accessions.first()},
                                  {QStringLiteral("accession"), accessions.first()},
                                  {QStringLiteral("accessions"), QJsonArray::fromStringList(accessions)},
                                  {QStringLiteral("patient"), patient},
                                  {QStringLiteral("tests"), tests},
                                  {QStringLiteral("status"), status}});
        return Ok;
    }
    ctx.out() << tr("Order %1 (%2): %3, %4")
                     .arg(placer, status, accessions.join(QStringLiteral(", ")),
                          patient.value(QLatin1String("name")).toString())
              << '\n'
              << lines.join(QLatin1Char('\n')) << '\n';
    return Ok;
}

} // namespace

const QList<Command> &hl7Commands()
{
    static const QList<Command> commands{
        {"hl7", Command::Needs::DatabasePath, hl7,
         QT_TRANSLATE_NOOP(
             "benchside::cli",
             "hl7 parse FILE | hl7 serve [--listen ADDR:PORT] [--allow ADDR[/BITS],…]\n"
             "      [--tls-cert F --tls-key F [--tls-ca F]] [--idle-timeout S] [--sync-url URL]\n"
             "      | hl7 inbox [--limit N]\n"
             "      | hl7 destination add NAME --to HOST:PORT [--events released,amended,cancelled]\n"
             "      | hl7 destination list | hl7 outbox [--state pending|delivered|dead|discarded]\n"
             "      | hl7 resend ID | hl7 discard ID --reason TEXT"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "HL7 v2: read a message as Benchside does; take orders and send results over MLLP "
                           "until stopped; the inbound messages; where results go and what became of them")},
        {"order", Command::Needs::OpenLab, order,
         QT_TRANSLATE_NOOP("benchside::cli", "order PLACER_ORDER_NUMBER"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "what a hospital order number became here: tubes, tests, status")},
    };
    return commands;
}

} // namespace benchside::cli
