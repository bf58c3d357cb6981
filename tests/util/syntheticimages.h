// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/symbology.h"
#include "demo/rackpicture.h"

#include <QImage>
#include <QList>
#include <QString>

// Test images made from scratch with ZXing's writer and QImage, so tests and benchmarks never
// depend on downloaded photographs and every expected answer is known.
namespace synthetic {

// Racks are drawn by the same code that makes the demo's rack image.
using Well = benchside::RackPicture::Well;
using RackSpec = benchside::RackPicture::Spec;
inline QImage rack(const RackSpec &spec)
{
    return benchside::RackPicture::draw(spec);
}

// A label photo: one Code 128 (or other) symbol on a light background, `moduleSize` px per module.
QImage tube(const QString &text, benchside::Symbology symbology = benchside::Symbology::Code128,
            int moduleSize = 3, QSize size = {900, 500});

// Distortions, each as a photograph or a worn scanner glass would produce it.
QImage rotated(const QImage &image,
               double degrees);                  // about the centre, background filled with the edge colour
QImage blurred(const QImage &image, int radius); // box blur, applied twice (close to Gaussian)
QImage noisy(const QImage &image, int amplitude,
             quint32 seed = 7); // uniform noise of +-amplitude grey levels
QImage lowContrast(const QImage &image, double contrast, int brightness = 128); // grey = b + (g-128)*c

// Well names in row-major order: A1, A2, …
QString wellName(int row, int col);

} // namespace synthetic
