// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QList>
#include <QRect>

namespace benchside {

// Finds the regions of an image that look like 2-D symbols: dense, fine-grained contrast, unlike the
// smooth tube bottoms, dark empty wells and thin rack edges around them. ZXing-C++ 1.4 reads one
// Data Matrix per image region well but not a whole rack at once, so each region is decoded on its own.
class SymbolFinder
{
public:
    // `expectedCount` (rows x cols for a rack) sets how large a symbol can be: a region never spans
    // more than one well's share of the image.
    struct Region
    {
        QRect rect;
        bool compact = true; // shaped like a whole symbol, not a fragment
    };

    QList<Region> find(const QImage &gray, int expectedCount) const;

    // Whether an area shows fine detail (several light-dark transitions per row at a contrast
    // above noise): what is left of a symbol too damaged to be found, as opposed to an empty well.
    static bool isTextured(const QImage &gray, const QRect &area);

private:
    static constexpr int MinDetailContrast = 48; // grey levels; sensor noise stays well below
    static constexpr int Block = 16;             // pixels per side of the texture grid
    // A block crossed by one straight edge (a tube rim) measures about Block transitions.
    // (in a half-resolution block of Block / 2 pixels).
    static constexpr int Transitions = 7 * Block / 8;
};

} // namespace benchside
