#pragma once

#include "barcode/symbology.h"

#include <QImage>
#include <QList>
#include <QString>

// Test images made from scratch with ZXing's writer and QImage, so tests and benchmarks never
// depend on downloaded photographs and every expected answer is known.
namespace synthetic {

// What fills one well of a rack image.
struct Well
{
    enum class Content { Tube, Empty, Damaged };
    Content content = Content::Tube;
    QString text; // the tube's code (for Tube and Damaged)
};

struct RackSpec
{
    int rows = 8;
    int cols = 12;
    QList<Well> wells; // row-major, rows * cols
    QSize size{2000, 1400};
    double fill = 0.94; // share of the image's width or height the wells span (less leaves room to turn)
    int moduleSize =
        0; // pixels per Data Matrix module; 0: the symbol spans half the well pitch, as on real tubes
    double tubeJitterDegrees = 0; // each tube turned by a random angle up to this, as tubes turn in wells
    quint32 seed = 1;
};

// A rack scanner's view of tube bottoms: light tube bottoms with a Data Matrix each, dark empty wells.
QImage rack(const RackSpec &spec);

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
