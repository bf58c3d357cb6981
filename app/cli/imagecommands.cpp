// SPDX-License-Identifier: GPL-3.0-or-later
#include "imagecommands.h"

#include "barcode/imagedecoder.h"
#include "barcode/multicodereader.h"
#include "commandcontext.h"
#include "demo/demorack.h"
#include "rack/rackdecoder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

int loadImage(CommandContext &ctx, QImage &image)
{
    if (int e = ctx.needPositional(1, tr("an image file")); e != Ok)
        return e;
    Result<QImage> loaded = ImageDecoder::load(ctx.positional(0));
    if (!loaded)
        return ctx.fail(BadInput, loaded.error());
    image = loaded.value();
    return Ok;
}

int rackArgument(CommandContext &ctx, bool required, std::optional<RackLayout> &layout)
{
    const QString text = ctx.invocation().option("--rack");
    if (text.isEmpty()) {
        if (required)
            return ctx.fail(BadInput,
                            tr("Give the rack's size with --rack ROWSxCOLS, for example --rack 8x12."));
        return Ok;
    }
    Result<RackLayout> parsed = RackLayout::parse(text);
    if (!parsed)
        return ctx.fail(BadInput, parsed.error());
    layout = parsed.value();
    return Ok;
}

int readRack(CommandContext &ctx, RackReading &reading)
{
    QImage image;
    if (int e = loadImage(ctx, image); e != Ok)
        return e;
    std::optional<RackLayout> layout;
    if (int e = rackArgument(ctx, true, layout); e != Ok)
        return e;
    Result<RackReading> read = RackDecoder().read(image, *layout);
    if (!read)
        return ctx.fail(Failure, read.error());
    reading = read.value();
    return Ok;
}

QJsonObject rackJson(const RackReading &r)
{
    return QJsonObject{{QStringLiteral("rows"), r.layout.rows},
                       {QStringLiteral("cols"), r.layout.cols},
                       {QStringLiteral("angle"), qRound(r.angle * 10) / 10.0},
                       {QStringLiteral("upside_down"), r.upsideDown},
                       {QStringLiteral("decoded"), r.count(WellReading::State::Decoded)},
                       {QStringLiteral("empty"), r.count(WellReading::State::Empty)},
                       {QStringLiteral("unreadable"), r.count(WellReading::State::Unreadable)},
                       {QStringLiteral("duplicate"), r.count(WellReading::State::Duplicate)}};
}

// One line per row of the rack, the way it lies on the bench: a code, or what the well showed.
void printGrid(QTextStream &out, const RackReading &r)
{
    out << tr("Rack %1: %2 read, %3 empty, %4 unreadable, %5 duplicate")
               .arg(r.layout.toString())
               .arg(r.count(WellReading::State::Decoded))
               .arg(r.count(WellReading::State::Empty))
               .arg(r.count(WellReading::State::Unreadable))
               .arg(r.count(WellReading::State::Duplicate))
        << '\n';
    for (const WellReading &w : r.wells) {
        const QString shown =
            w.state == WellReading::State::Decoded ? w.text : WellReading::stateName(w.state).toUpper();
        out << w.well.leftJustified(4) << shown;
        if (w.state == WellReading::State::Duplicate)
            out << ' ' << w.text;
        out << '\n';
    }
}

int decode(CommandContext &ctx)
{
    QImage image;
    if (int e = loadImage(ctx, image); e != Ok)
        return e;
    std::optional<RackLayout> layout;
    if (int e = rackArgument(ctx, false, layout); e != Ok)
        return e;

    if (layout) {
        Result<RackReading> read = RackDecoder().read(image, *layout);
        if (!read)
            return ctx.fail(Failure, read.error());
        const RackReading &r = read.value();
        if (ctx.invocation().json) {
            QJsonArray wells;
            for (const WellReading &w : r.wells) {
                QJsonObject o{{QStringLiteral("well"), w.well},
                              {QStringLiteral("state"), WellReading::stateName(w.state)}};
                if (!w.text.isEmpty())
                    o.insert(QStringLiteral("text"), w.text);
                wells.append(o);
            }
            QJsonObject o = rackJson(r);
            o.insert(QStringLiteral("wells"), wells);
            ctx.printJson(o);
        } else {
            printGrid(ctx.out(), r);
        }
        return Ok;
    }

    const QList<DecodedCode> codes = MultiCodeReader::read(image);
    if (ctx.invocation().json) {
        QJsonArray list;
        for (const DecodedCode &c : codes)
            list.append(QJsonObject{{QStringLiteral("text"), c.text},
                                    {QStringLiteral("format"), symbologyName(c.symbology)},
                                    {QStringLiteral("x"), qRound(c.center().x())},
                                    {QStringLiteral("y"), qRound(c.center().y())}});
        ctx.printJson(list);
    } else {
        for (const DecodedCode &c : codes)
            ctx.out() << c.text << "  " << symbologyName(c.symbology) << "  " << qRound(c.center().x()) << ','
                      << qRound(c.center().y()) << '\n';
    }
    if (codes.isEmpty())
        return ctx.fail(Failure,
                        tr("No barcode could be read in %1. Photograph the label straight on, in focus, "
                           "or give --rack ROWSxCOLS for a rack image.")
                            .arg(ctx.positional(0)));
    return Ok;
}

int reportRack(CommandContext &ctx, const RackReading &reading, const RackService::Outcome &outcome,
               const char *done)
{
    int missed = 0;
    for (const RackService::WellOutcome &w : outcome.wells)
        missed += !w.recorded && w.state != WellReading::State::Empty;
    if (ctx.invocation().json) {
        QJsonArray wells;
        for (const RackService::WellOutcome &w : outcome.wells) {
            QJsonObject o{{QStringLiteral("well"), w.well},
                          {QStringLiteral("state"), WellReading::stateName(w.state)},
                          {QStringLiteral("outcome"), w.outcome},
                          {QStringLiteral("recorded"), w.recorded},
                          {QStringLiteral("message"), w.message}};
            if (!w.code.isEmpty())
                o.insert(QStringLiteral("text"), w.code);
            wells.append(o);
        }
        QJsonObject o = rackJson(reading);
        o.insert(QStringLiteral("recorded"), outcome.recorded);
        o.insert(QStringLiteral("not_recorded"), missed);
        o.insert(QStringLiteral("wells"), wells);
        ctx.printJson(o);
    } else {
        for (const RackService::WellOutcome &w : outcome.wells) {
            ctx.out() << w.well.leftJustified(4) << w.outcome.leftJustified(20)
                      << (w.code.isEmpty() ? QString() : w.code + QStringLiteral("  ")) << w.message << '\n';
        }
        ctx.out() << tr(done).arg(outcome.recorded) << '\n';
    }
    if (missed > 0)
        return ctx.fail(
            Failure, tr("%1 tube(s) in the rack were not recorded; each well above says why.").arg(missed));
    return Ok;
}

int rackReceive(CommandContext &ctx)
{
    RackReading reading;
    if (int e = readRack(ctx, reading); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Result<RackService::Outcome> outcome = ctx.lab().racks().receive(reading, ctx.actor());
    if (!outcome)
        return ctx.fail(Failure, outcome.error());
    return reportRack(ctx, reading, outcome.value(),
                      QT_TRANSLATE_NOOP("benchside::cli", "%1 tube(s) received in one transaction."));
}

int rackStore(CommandContext &ctx)
{
    const QString location = ctx.invocation().option("--location").trimmed();
    if (location.isEmpty())
        return ctx.fail(
            BadInput,
            tr("Say where the rack goes with --location, for example --location \"Freezer 2 / Rack 5\"."));
    RackReading reading;
    if (int e = readRack(ctx, reading); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Result<RackService::Outcome> outcome = ctx.lab().racks().store(reading, location, ctx.actor());
    if (!outcome)
        return ctx.fail(Failure, outcome.error());
    return reportRack(ctx, reading, outcome.value(),
                      QT_TRANSLATE_NOOP("benchside::cli", "%1 tube(s) stored in one transaction."));
}

int demoRackImage(CommandContext &ctx)
{
    if (!ctx.lab().station().isDemo)
        return ctx.fail(BadInput,
                        tr("demo-rack-image only works on the demo station: a made-up picture of real "
                           "tubes has no place in a laboratory's records."));
    const QString out = ctx.invocation().option("--out");
    if (out.isEmpty())
        return ctx.fail(BadInput, tr("Say where to write the image with --out FILE.png."));
    std::optional<RackLayout> layout;
    if (int e = rackArgument(ctx, false, layout); e != Ok)
        return e;
    Result<QImage> picture =
        DemoRack::picture(ctx.lab().database().connection(), layout.value_or(RackLayout{}));
    if (!picture)
        return ctx.fail(Failure, picture.error());
    if (!picture.value().save(out))
        return ctx.fail(Failure,
                        tr("%1 could not be written. Check the folder exists and is writable, and that "
                           "the name ends in .png.")
                            .arg(out));
    ctx.out() << tr("Wrote %1: a rack of demo tubes waiting for receipt. Try: benchside-cli rack-receive %1 "
                    "--rack %2")
                     .arg(out, layout.value_or(RackLayout{}).toString())
              << '\n';
    return Ok;
}

} // namespace

const QList<Command> &imageCommands()
{
    static const QList<Command> commands{
        {"decode", Command::Needs::DatabasePath, decode,
         QT_TRANSLATE_NOOP("benchside::cli", "decode IMAGE [--rack ROWSxCOLS]"),
         QT_TRANSLATE_NOOP("benchside::cli", "Read the barcodes in an image, or a rack well by well")},
        {"rack-receive", Command::Needs::OpenLab, rackReceive,
         QT_TRANSLATE_NOOP("benchside::cli", "rack-receive IMAGE --rack ROWSxCOLS"),
         QT_TRANSLATE_NOOP("benchside::cli", "Receive every known tube of a rack image in one transaction")},
        {"rack-store", Command::Needs::OpenLab, rackStore,
         QT_TRANSLATE_NOOP("benchside::cli", "rack-store IMAGE --rack ROWSxCOLS --location PATH"),
         QT_TRANSLATE_NOOP("benchside::cli", "Store a rack's tubes at PATH / WELL in one transaction")},
        {"demo-rack-image", Command::Needs::OpenLab, demoRackImage,
         QT_TRANSLATE_NOOP("benchside::cli", "demo-rack-image --out FILE.png [--rack ROWSxCOLS]"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "Draw a rack of demo tubes waiting for receipt, to try the above")},
    };
    return commands;
}

} // namespace benchside::cli
