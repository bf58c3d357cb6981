// SPDX-License-Identifier: GPL-3.0-or-later
#include "labelcommands.h"

#include "accession/accessionnumber.h"
#include "commandcontext.h"
#include "label/labelformat.h"
#include "label/labelprinterclient.h"
#include "label/labelrenderer.h"
#include "label/tubelabel.h"
#include "label/zplwriter.h"
#include "settings/settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

namespace benchside::cli {

namespace {

Status writeZpl(const QByteArray &zpl, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Status::failure(tr("Cannot write the label to %1: %2").arg(path, file.errorString()));
    if (file.write(zpl) != zpl.size() || !file.flush())
        return Status::failure(tr("Cannot write the label to %1: %2").arg(path, file.errorString()));
    return {};
}

int label(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, tr("an accession number")); e != Ok)
        return e;
    const QString printer = inv.option("--printer");
    const QString out = inv.option("--out");
    // A raw printer port only speaks ZPL, so --printer needs no --format.
    const QString format =
        inv.option("--format", printer.isEmpty() ? QString() : QStringLiteral("zpl")).toLower();
    const QStringList formats{QStringLiteral("pdf"), QStringLiteral("png"), QStringLiteral("zpl")};
    if (format.isEmpty())
        return ctx.fail(BadInput, tr("label needs --format pdf, png or zpl (or --printer HOST:PORT)."));
    if (!formats.contains(format))
        return ctx.fail(BadInput,
                        tr("--format must be pdf, png or zpl, not \"%1\".").arg(inv.option("--format")));
    if (inv.flag("--printer") && inv.flag("--out"))
        return ctx.fail(BadInput, tr("Give either --out FILE or --printer HOST:PORT, not both."));
    std::optional<LabelPrinterClient::Address> address;
    if (inv.flag("--printer")) {
        if (format != QLatin1String("zpl"))
            return ctx.fail(BadInput, tr("A label printer takes ZPL: use --format zpl with --printer."));
        Result<LabelPrinterClient::Address> parsed = LabelPrinterClient::parseAddress(printer);
        if (!parsed)
            return ctx.fail(BadInput, parsed.error());
        address = parsed.value();
    } else if (out.isEmpty()) {
        return ctx.fail(BadInput, tr("label needs --out FILE (or --printer HOST:PORT for ZPL)."));
    }

    Settings settings;
    LabelFormat labelFormat = LabelFormat::fromSettings(settings);
    if (inv.flag("--dpi")) {
        bool ok = false;
        labelFormat.dpi = inv.option("--dpi").toInt(&ok);
        if (!ok || !Settings::labelDpis().contains(labelFormat.dpi))
            return ctx.fail(BadInput, tr("--dpi must be 152, 203, 300 or 600."));
    }

    const QString accession = ctx.positional(0).trimmed();
    if (const auto problem = AccessionNumber::validate(accession); problem != AccessionNumber::Problem::None)
        return ctx.fail(BadInput, AccessionNumber::problemText(problem, accession));
    Result<std::optional<Specimen>> found = ctx.lab().specimens().find(accession, false);
    if (!found)
        return ctx.fail(Failure, found.error());
    if (!found.value())
        return ctx.fail(BadInput, tr("No specimen %1 is known at this station.").arg(accession));
    const Specimen &specimen = *found.value();
    const QString typeName =
        Catalog::namesByCode(ctx.lab().catalog().specimenTypes()).value(specimen.specimenType);
    const TubeLabel tube = TubeLabel::fromSpecimen(specimen, typeName);

    Status written;
    if (format == QLatin1String("png")) {
        written = LabelRenderer::writePng(tube, labelFormat, out);
    } else if (format == QLatin1String("pdf")) {
        written = LabelRenderer::writePdf({tube}, labelFormat, out);
    } else {
        Result<QByteArray> zpl = ZplWriter::write({tube}, labelFormat);
        if (!zpl)
            return ctx.fail(Failure, zpl.error());
        written = address ? LabelPrinterClient(*address).send(zpl.value()) : writeZpl(zpl.value(), out);
    }
    if (!written)
        return ctx.fail(Failure, written.error());

    const QString target = address ? address->text() : QDir::cleanPath(QFileInfo(out).absoluteFilePath());
    if (inv.json) {
        QJsonObject o{{QStringLiteral("accession"), accession},
                      {QStringLiteral("format"), format},
                      {QStringLiteral("width_mm"), labelFormat.widthMm},
                      {QStringLiteral("height_mm"), labelFormat.heightMm},
                      {QStringLiteral("dpi"), labelFormat.dpi}};
        o.insert(address ? QStringLiteral("printer") : QStringLiteral("path"), target);
        ctx.printJson(o);
    } else if (address) {
        ctx.out() << tr("Label %1 sent to the label printer at %2.").arg(accession, target) << '\n';
    } else {
        ctx.out() << tr("Label %1 written to %2 (%3).").arg(accession, target, format) << '\n';
    }
    return Ok;
}

} // namespace

const QList<Command> &labelCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"label", OpenLab, &label,
         QT_TRANSLATE_NOOP("benchside::cli", "label ACCESSION --format pdf|png|zpl --out FILE [--dpi N]\n"
                                             "      label ACCESSION --printer HOST:PORT"),
         QT_TRANSLATE_NOOP("benchside::cli", "a tube label (size from the settings)")},
    };
    return commands;
}

} // namespace benchside::cli
