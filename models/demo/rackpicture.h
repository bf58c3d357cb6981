// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

namespace benchside {

// Draws what a rack scanner sees from below: light tube bottoms with a Data Matrix each, dark empty
// wells. The demo uses it to give a new user a rack image of the demo's own tubes, and the tests
// and benchmarks to make rack images whose every well is known.
class RackPicture
{
public:
    struct Well
    {
        enum class Content { Tube, Empty, Damaged };
        Content content = Content::Tube;
        QString text; // the tube's code (for Tube and Damaged)
    };

    struct Spec
    {
        int rows = 8;
        int cols = 12;
        QList<Well> wells; // row-major, rows * cols
        QSize size{2000, 1400};
        double fill = 0.94; // share of the image's width or height the wells span (less leaves room to turn)
        int moduleSize =
            0; // pixels per Data Matrix module; 0: the symbol spans half the pitch, as on real tubes
        double tubeJitterDegrees = 0; // each tube turned by a random angle up to this, as tubes turn in wells
        quint32 seed = 1;
    };

    static QImage draw(const Spec &spec);
};

} // namespace benchside
