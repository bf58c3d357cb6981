// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "label/labelformat.h"
#include "label/labellayout.h"
#include "label/tubelabel.h"

#include <QCoreApplication>
#include <QImage>

class QPagedPaintDevice;
class QPainter;

namespace benchside {

// Paints tube labels with QPainter, one device pixel per layout dot: the same code draws the
// preview and PNG (a QImage), a PDF (QPdfWriter) and a printout (a QPrinter is a
// QPagedPaintDevice, so nothing here needs the print-support module). Barcodes are painted as
// rectangles, so a PDF carries them as vectors that any resolution prints sharply.
class LabelRenderer
{
    Q_DECLARE_TR_FUNCTIONS(LabelRenderer)

public:
    // PDF coordinates are laid out at this resolution: a module of 6 dots is 0.254 mm, 2 dots of a
    // 203-dpi head and 3 pixels of a 300-dpi rasterisation.
    static constexpr int PdfDpi = 600;

    // Paints one label with its top-left corner at the painter's origin.
    static void paint(QPainter &painter, const LabelLayout &layout);

    // The label at format.dpi, with that resolution recorded in the image for printing.
    static Result<QImage> toImage(const TubeLabel &label, const LabelFormat &format);
    static Status writePng(const TubeLabel &label, const LabelFormat &format, const QString &path);
    // One page per label, the page the size of the label.
    static Status writePdf(const QList<TubeLabel> &labels, const LabelFormat &format, const QString &path);
    // Sets the device's page to the label size and paints one page per label, laid out at the
    // device's resolution. A printer should be in full-page mode, so the label's corner is the
    // paper's corner.
    static Status print(const QList<TubeLabel> &labels, const LabelFormat &format, QPagedPaintDevice &device);
};

} // namespace benchside
