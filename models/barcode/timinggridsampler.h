// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QTransform>
#include <optional>

namespace benchside {

// Redraws an upright Data Matrix whose modules are not all the same size (a label printer that
// scales by a fraction stretches some columns a pixel more than others) as a clean symbol with even
// modules and a quiet zone. ZXing-C++ 1.4 samples a symbol on an even grid between its corners and
// misses such a one; its own timing patterns say where each column and row is: the top edge and the
// right edge alternate dark and light, one module each.
class TimingGridSampler
{
public:
    struct Redrawn
    {
        QImage image;
        QTransform back; // from the redrawn image to the original's coordinates
    };

    // `inset` says where the timing patterns are read: 0 on the symbol's outermost pixel line, 1
    // through the middle of its outer modules. The two readings measure the grid independently.
    static std::optional<Redrawn> redraw(const QImage &gray, int inset);

    static constexpr int Module = 4;       // pixels per module in the redrawn symbol
    static constexpr int QuietZone = 4;    // modules
    static constexpr int MaxModules = 144; // the largest Data Matrix
};

} // namespace benchside
