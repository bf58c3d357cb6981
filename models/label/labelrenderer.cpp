// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/labelrenderer.h"

#include <QCoreApplication>
#include <QFile>
#include <QFontMetrics>
#include <QPageLayout>
#include <QPageSize>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

namespace benchside {

namespace {
// Consecutive dark modules of one row as one rectangle: fewer, cleaner shapes in a PDF, and no
// hairline seams between modules when a viewer antialiases.
void paintModules(QPainter &painter, const BarcodeSymbol &symbol, const QRect &area, int module)
{
    for (int y = 0; y < symbol.height; ++y) {
        const int top = area.top() + y * module;
        const int height = symbol.isLinear() ? area.height() : module;
        int x = 0;
        while (x < symbol.width) {
            if (!symbol.isDark(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < symbol.width && symbol.isDark(end, y))
                ++end;
            painter.fillRect(QRect(area.left() + x * module, top, (end - x) * module, height), Qt::black);
            x = end;
        }
    }
}

QPageLayout pageLayout(const LabelFormat &format)
{
    // A QPageSize is always portrait; a label wider than tall is that size turned to landscape.
    const QPageSize size(
        QSizeF(std::min(format.widthMm, format.heightMm), std::max(format.widthMm, format.heightMm)),
        QPageSize::Millimeter, QStringLiteral("Label %1x%2 mm").arg(format.widthMm).arg(format.heightMm),
        QPageSize::ExactMatch);
    return QPageLayout(size,
                       format.widthMm > format.heightMm ? QPageLayout::Landscape : QPageLayout::Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter);
}

} // namespace

void LabelRenderer::paint(QPainter &painter, const LabelLayout &layout)
{
    painter.save();
    const QRect label(0, 0, layout.widthDots(), layout.heightDots());
    painter.setClipRect(label);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(label, Qt::white);
    paintModules(painter, layout.code128(), layout.code128Bars(), layout.code128Module());
    paintModules(painter, layout.dataMatrix(), layout.dataMatrixSymbol(), layout.dataMatrixModule());

    painter.setPen(Qt::black);
    for (const LabelLayout::TextField &t : layout.texts()) {
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setStyleHint(QFont::SansSerif);
        font.setPixelSize(t.pixelHeight);
        font.setBold(t.bold);
        painter.setFont(font);
        // Metrics of the device being painted, so what is elided is what would not fit there.
        const QFontMetrics metrics(font, painter.device());
        const QString text = metrics.elidedText(t.text, Qt::ElideRight, t.box.width());
        painter.drawText(t.box, (t.centered ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignTop, text);
    }
    painter.restore();
}

Result<QImage> LabelRenderer::toImage(const TubeLabel &label, const LabelFormat &format)
{
    Result<LabelLayout> layout = LabelLayout::compute(label, format);
    if (!layout)
        return Result<QImage>::failure(layout.error());
    QImage image(layout->widthDots(), layout->heightDots(), QImage::Format_RGB32);
    const int dotsPerMeter = qRound(format.dpi / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::white);
    QPainter painter(&image);
    paint(painter, layout.value());
    painter.end();
    return image;
}

Status LabelRenderer::writePng(const TubeLabel &label, const LabelFormat &format, const QString &path)
{
    Result<QImage> image = toImage(label, format);
    if (!image)
        return Status::failure(image.error());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Status::failure(tr("Cannot write the label to %1: %2").arg(path, file.errorString()));
    if (!image->save(&file, "PNG"))
        return Status::failure(tr("Cannot write the label to %1: %2").arg(path, file.errorString()));
    file.close();
    if (file.error() != QFileDevice::NoError)
        return Status::failure(tr("Cannot write the label to %1: %2").arg(path, file.errorString()));
    return {};
}

Status LabelRenderer::writePdf(const QList<TubeLabel> &labels, const LabelFormat &format, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Status::failure(tr("Cannot write the labels to %1: %2").arg(path, file.errorString()));
    {
        QPdfWriter writer(&file);
        writer.setResolution(PdfDpi);
        writer.setCreator(QStringLiteral("Benchside"));
        if (!labels.isEmpty())
            writer.setTitle(tr("Tube label %1").arg(labels.first().accession));
        if (Status printed = print(labels, format, writer); !printed)
            return printed;
    }
    file.close();
    if (file.error() != QFileDevice::NoError)
        return Status::failure(tr("Cannot write the labels to %1: %2").arg(path, file.errorString()));
    return {};
}

Status LabelRenderer::print(const QList<TubeLabel> &labels, const LabelFormat &format,
                            QPagedPaintDevice &device)
{
    if (labels.isEmpty())
        return Status::failure(tr("There is no label to print."));
    if (!device.setPageLayout(pageLayout(format)))
        return Status::failure(
            tr("The printer does not accept a %1 × %2 mm page.").arg(format.widthMm).arg(format.heightMm));
    // Lay the labels out first, so a label that cannot be printed leaves no half-printed job.
    LabelFormat deviceFormat = format;
    deviceFormat.dpi = device.logicalDpiX();
    QList<LabelLayout> layouts;
    for (const TubeLabel &label : labels) {
        Result<LabelLayout> layout = LabelLayout::compute(label, deviceFormat);
        if (!layout)
            return Status::failure(layout.error());
        layouts.append(layout.value());
    }
    QPainter painter;
    if (!painter.begin(&device))
        return Status::failure(tr("Cannot start printing the labels."));
    for (qsizetype i = 0; i < layouts.size(); ++i) {
        if (i > 0 && !device.newPage())
            return Status::failure(tr("Cannot start a new page for label %1.").arg(labels.at(i).accession));
        paint(painter, layouts.at(i));
    }
    if (!painter.end())
        return Status::failure(tr("Cannot finish printing the labels."));
    return {};
}

} // namespace benchside
