// SPDX-License-Identifier: GPL-3.0-or-later
#include "specimencommands.h"

#include "accession/accessionnumber.h"
#include "commandcontext.h"
#include "custody/custodykind.h"
#include "scan/keycapture.h"
#include "scan/scanreplayer.h"
#include "settings/settings.h"
#include "specimen/specimenjson.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

void printSpecimen(QTextStream &out, const Specimen &s)
{
    out << s.accession << "  " << CustodyKinds::statusLabel(s.status) << '\n';
    out << "  " << s.summary() << '\n';
    if (!s.location.isEmpty())
        out << "  " << tr("Location: %1").arg(s.location) << '\n';
    if (!s.parent.isEmpty())
        out << "  " << tr("Aliquot of %1").arg(s.parent) << '\n';
    if (!s.children.isEmpty())
        out << "  " << tr("Aliquots: %1").arg(s.children.join(QStringLiteral(", "))) << '\n';
}

// --action receive|lookup, with the command's default when not given.
int scanAction(CommandContext &ctx, const char *fallback, ScanProcessor::Action &action)
{
    const QString name = ctx.invocation().option("--action", QString::fromLatin1(fallback));
    if (name != QLatin1String("lookup") && name != QLatin1String("receive"))
        return ctx.fail(BadInput, tr("--action must be receive or lookup."));
    action =
        name == QLatin1String("receive") ? ScanProcessor::Action::Receive : ScanProcessor::Action::Lookup;
    return Ok;
}

// The one positional argument as a known specimen.
int specimenArgument(CommandContext &ctx, Specimen &specimen)
{
    if (int e = ctx.needPositional(1, tr("an accession number")); e != Ok)
        return e;
    const QString accession = ctx.positional(0).trimmed();
    if (const auto problem = AccessionNumber::validate(accession); problem != AccessionNumber::Problem::None)
        return ctx.fail(BadInput, AccessionNumber::problemText(problem, accession));
    Result<std::optional<Specimen>> s = ctx.lab().specimens().find(accession);
    if (!s)
        return ctx.fail(BadInput, s.error());
    if (!s.value())
        return ctx.fail(BadInput, tr("No specimen %1 is known at this station.").arg(accession));
    specimen = *s.value();
    return Ok;
}

int accession(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(0, QString()); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    AccessionRequest r;
    r.barcode = inv.option("--barcode");
    r.specimenType = inv.option("--type");
    if (r.specimenType.isEmpty())
        return ctx.fail(BadInput, tr("accession needs --type (a specimen type from \"catalog\")."));
    r.tests = inv.option("--tests").split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &t : r.tests)
        t = t.trimmed().toUpper();
    r.priority = inv.option("--priority", QStringLiteral("routine")).toLower();
    r.patient = Patient{inv.option("--patient"), inv.option("--name"), inv.option("--dob"),
                        inv.option("--sex").toUpper()};
    r.container = inv.option("--container");
    r.collector = inv.option("--collector");
    r.location = inv.option("--location");
    if (inv.flag("--collected")) {
        const QDateTime when = QDateTime::fromString(inv.option("--collected"), Qt::ISODate);
        if (!when.isValid())
            return ctx.fail(BadInput, tr("--collected needs a date and time such as 2026-11-21T08:30."));
        r.collectedAtMs = when.toMSecsSinceEpoch();
    }
    Result<Specimen> s = ctx.lab().accessioner().accession(r, ctx.actor());
    if (!s)
        return ctx.fail(BadInput, s.error());
    if (inv.json)
        ctx.printJson(SpecimenJson::specimen(s.value()));
    else
        printSpecimen(ctx.out(), s.value());
    return Ok;
}

int scan(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, tr("the scanned code")); e != Ok)
        return e;
    ScanProcessor::Action action{};
    if (int e = scanAction(ctx, "lookup", action); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    const ScanOutcome o = ctx.lab().scanner().process(ctx.positional(0), action, ctx.actor());
    if (ctx.invocation().json)
        ctx.printJson(SpecimenJson::outcome(o));
    else
        ctx.out() << o.name() << ": " << o.message << '\n';
    if (o.type == ScanOutcome::Type::Failed)
        return ctx.fail(Failure, o.message);
    if (!o.isConfirmation()) {
        ctx.note(o.message);
        return BadInput;
    }
    return Ok;
}

int replay(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, tr("a keystroke capture file")); e != Ok)
        return e;
    ScanProcessor::Action action{};
    if (int e = scanAction(ctx, "receive", action); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    QFile file(ctx.positional(0));
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(BadInput, tr("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
    Result<QList<CapturedKey>> keys = KeyCapture::parse(file.readAll());
    if (!keys)
        return ctx.fail(BadInput, tr("%1: %2").arg(file.fileName(), keys.error()));

    Settings settings;
    ScanReplayer replayer(ctx.lab().scanner(), settings.wedgeSettings(), action, ctx.actor());
    QTextStream &out = ctx.out();
    int failures = 0;
    replayer.run(keys.value(), !inv.flag("--fast"), [&](const ScanReplayer::Scan &s) {
        if (s.outcome.type == ScanOutcome::Type::Failed)
            ++failures;
        if (inv.json) {
            out << SpecimenJson::replayLine(s.outcome, s.commitMs) << '\n';
        } else {
            out << s.outcome.code << '\t' << s.outcome.name() << '\t' << QString::number(s.commitMs, 'f', 3)
                << " ms\t" << s.outcome.message << '\n';
        }
        out.flush();
    });
    return failures > 0 ? Failure : Ok;
}

int event(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, tr("an accession number")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    const std::optional<CustodyKind> kind = CustodyKinds::parse(inv.option("--kind"));
    if (!kind) {
        QStringList names;
        for (const CustodyKindInfo &i : CustodyKinds::all())
            names << QString::fromLatin1(i.shortName);
        return ctx.fail(BadInput, tr("--kind must be one of: %1.").arg(names.join(QStringLiteral(", "))));
    }
    CustodyRules::Step step{
        *kind, inv.option("--location"), inv.option("--reason-code"), inv.option("--reason"),
        0,     inv.option("--status")};
    if (*kind == CustodyKind::Rejected && step.reasonCode.isEmpty()) {
        // "--reason hemolyzed" is the natural way to say it; accept a listed reason there too.
        for (const RejectionReason &r : Catalog::rejectionReasons()) {
            if (r.code == step.reason.trimmed().toLower()) {
                step.reasonCode = r.code;
                step.reason.clear();
            }
        }
    }
    if (*kind == CustodyKind::Aliquoted) {
        bool ok = false;
        step.aliquots = inv.option("--count", QStringLiteral("1")).toInt(&ok);
        if (!ok)
            return ctx.fail(BadInput, tr("--count needs the number of aliquots."));
    }
    const QString accession = ctx.positional(0).trimmed();
    if (const auto problem = AccessionNumber::validate(accession); problem != AccessionNumber::Problem::None)
        return ctx.fail(BadInput, AccessionNumber::problemText(problem, accession));
    Result<CustodyService::Recorded> r = ctx.lab().custody().record(accession, step, ctx.actor());
    if (!r)
        return ctx.fail(BadInput, r.error());
    const Event &e = r.value().event;
    if (inv.json) {
        ctx.printJson(QJsonObject{
            {QStringLiteral("id"), e.id},
            {QStringLiteral("kind"), e.kind},
            {QStringLiteral("accession"), e.subject},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("station"), e.stationId},
            {QStringLiteral("at"), SpecimenJson::timestamp(e.atMs())},
            {QStringLiteral("location"), e.payloadObject().value(QLatin1String("location")).toString()},
            {QStringLiteral("aliquots"), QJsonArray::fromStringList(r.value().aliquots)}});
    } else {
        ctx.out() << tr("%1: %2 recorded").arg(e.subject, CustodyKinds::label(e.kind)) << '\n';
        for (const QString &a : r.value().aliquots)
            ctx.out() << "  " << tr("aliquot %1").arg(a) << '\n';
    }
    return Ok;
}

int custody(CommandContext &ctx)
{
    Specimen s;
    if (int e = specimenArgument(ctx, s); e != Ok)
        return e;
    Result<QList<CustodyEntry>> entries = ctx.lab().specimens().custody(s.accession);
    if (!entries)
        return ctx.fail(Failure, entries.error());
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const CustodyEntry &c : entries.value())
            a.append(QJsonObject{{QStringLiteral("event_id"), c.eventId},
                                 {QStringLiteral("kind"), c.kind},
                                 {QStringLiteral("label"), CustodyKinds::label(c.kind)},
                                 {QStringLiteral("actor"), c.actor},
                                 {QStringLiteral("station"), c.station},
                                 {QStringLiteral("location"), c.location},
                                 {QStringLiteral("reason"), c.reason},
                                 {QStringLiteral("detail"), c.detail},
                                 {QStringLiteral("at"), SpecimenJson::timestamp(c.atMs)}});
        ctx.printJson(a);
        return Ok;
    }
    QTextStream &out = ctx.out();
    printSpecimen(out, s);
    for (const CustodyEntry &c : entries.value()) {
        out << "  " << QDateTime::fromMSecsSinceEpoch(c.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
            << "  " << CustodyKinds::label(c.kind).leftJustified(18) << c.actor.leftJustified(14)
            << c.station.leftJustified(8) << c.location;
        if (!c.reason.isEmpty())
            out << "  (" << c.reason << ')';
        if (!c.detail.isEmpty())
            out << "  " << c.detail;
        out << '\n';
    }
    return Ok;
}

int where(CommandContext &ctx)
{
    Specimen s;
    if (int e = specimenArgument(ctx, s); e != Ok)
        return e;
    if (ctx.invocation().json) {
        ctx.printJson(QJsonObject{{QStringLiteral("accession"), s.accession},
                                  {QStringLiteral("status"), s.status},
                                  {QStringLiteral("location"), s.location},
                                  {QStringLiteral("since"), SpecimenJson::timestamp(s.lastEventAtMs)}});
        return Ok;
    }
    ctx.out() << tr("%1 is %2 — %3 (since %4)")
                     .arg(s.accession, CustodyKinds::statusLabel(s.status).toLower(),
                          s.location.isEmpty() ? tr("no location recorded") : s.location,
                          QDateTime::fromMSecsSinceEpoch(s.lastEventAtMs)
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")))
              << '\n';
    return Ok;
}

} // namespace

const QList<Command> &specimenCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"accession", OpenLab, &accession,
         QT_TRANSLATE_NOOP(
             "benchside::cli",
             "accession --type TYPE --tests CODE,CODE [--priority routine|asap|stat] [--barcode CODE]\n"
             "          [--patient MRN [--name NAME --dob YYYY-MM-DD --sex F|M|U]] [--collector NAME]\n"
             "          [--collected DATETIME] [--container CODE] [--location PATH]"),
         nullptr},
        {"scan", OpenLab, &scan, QT_TRANSLATE_NOOP("benchside::cli", "scan CODE [--action receive|lookup]"),
         nullptr},
        {"replay", OpenLab, &replay,
         QT_TRANSLATE_NOOP("benchside::cli", "replay FILE [--action receive|lookup] [--fast]"),
         QT_TRANSLATE_NOOP("benchside::cli", "replay a keystroke capture through the scanner detector")},
        {"event", OpenLab, &event,
         QT_TRANSLATE_NOOP(
             "benchside::cli",
             "event ACCESSION --kind KIND [--location PATH] [--reason TEXT] [--reason-code CODE]\n"
             "                [--count N (aliquoted)] [--status S (corrected)]"),
         nullptr},
        {"custody", OpenLab, &custody, QT_TRANSLATE_NOOP("benchside::cli", "custody ACCESSION"),
         QT_TRANSLATE_NOOP("benchside::cli", "the chain of custody, newest first")},
        {"where", OpenLab, &where, QT_TRANSLATE_NOOP("benchside::cli", "where ACCESSION"),
         QT_TRANSLATE_NOOP("benchside::cli", "current location and status")},
    };
    return commands;
}

} // namespace benchside::cli
