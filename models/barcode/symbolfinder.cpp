// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/symbolfinder.h"

#include <QtMath>
#include <algorithm>

namespace benchside {

namespace {

struct BlockStats
{
    int variation = 0; // sum of absolute neighbour differences
    int range = 0;     // brightest minus darkest pixel
};

QList<BlockStats> blockStats(const QImage &gray, int block, int &bw, int &bh)
{
    bw = gray.width() / block;
    bh = gray.height() / block;
    QList<BlockStats> stats(bw * bh);
    QList<int> lo(bw * bh, 255), hi(bw * bh, 0);
    for (int y = 0; y + 1 < bh * block; ++y) {
        const uchar *line = gray.constScanLine(y);
        const uchar *next = gray.constScanLine(y + 1);
        const int rowStart = (y / block) * bw;
        for (int x = 0; x + 1 < bw * block; ++x) {
            const int i = rowStart + x / block;
            stats[i].variation += qAbs(line[x] - line[x + 1]) + qAbs(line[x] - next[x]);
            lo[i] = qMin(lo.at(i), int(line[x]));
            hi[i] = qMax(hi.at(i), int(line[x]));
        }
    }
    for (int i = 0; i < stats.size(); ++i)
        stats[i].range = hi.at(i) - lo.at(i);
    return stats;
}

// The threshold that best separates a histogram into two classes (Otsu, 1979).
int otsu(const QList<int> &histogram)
{
    double total = 0, weighted = 0;
    for (int i = 0; i < histogram.size(); ++i) {
        total += histogram.at(i);
        weighted += double(i) * histogram.at(i);
    }
    double below = 0, belowWeighted = 0, best = -1;
    int threshold = 0;
    for (int t = 0; t < histogram.size(); ++t) {
        below += histogram.at(t);
        belowWeighted += double(t) * histogram.at(t);
        const double above = total - below;
        if (below == 0 || above == 0)
            continue;
        const double meanBelow = belowWeighted / below;
        const double meanAbove = (weighted - belowWeighted) / above;
        const double between = below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
        if (between > best) {
            best = between;
            threshold = t + 1;
        }
    }
    return threshold;
}

} // namespace

bool SymbolFinder::isTextured(const QImage &gray, const QRect &area)
{
    const QRect r = area.intersected(gray.rect());
    if (r.width() < 4 || r.height() < 4)
        return false;
    // Per row, so one bright scratch does not count as detail.
    int texturedRows = 0;
    for (int y = r.top(); y <= r.bottom(); ++y) {
        const uchar *line = gray.constScanLine(y);
        int lo = 255, hi = 0, variation = 0;
        for (int x = r.left(); x <= r.right(); ++x) {
            lo = qMin(lo, int(line[x]));
            hi = qMax(hi, int(line[x]));
            if (x > r.left())
                variation += qAbs(line[x] - line[x - 1]);
        }
        if (hi - lo >= MinDetailContrast && variation >= 2 * 3 * (hi - lo))
            ++texturedRows;
    }
    return texturedRows * 5 >= r.height();
}

QList<SymbolFinder::Region> SymbolFinder::find(const QImage &gray, int expectedCount) const
{
    // Half resolution averages sensor noise away (a quarter of the work, too) and still leaves a
    // module of a readable symbol at least two pixels wide.
    const QImage half =
        gray.scaled(gray.width() / 2, gray.height() / 2, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    int bw = 0, bh = 0;
    const QList<BlockStats> stats = blockStats(half, Block / 2, bw, bh);
    if (stats.isEmpty())
        return {};

    // Variation divided by range counts the light-dark transitions in a block, whatever the contrast
    // or blur: a single edge (tube rim, rack border) crosses a block once per row and column, a
    // symbol's modules several times. The range must also stand clear of the sensor noise, which the
    // median block (a smooth surface) shows.
    QList<int> ranges;
    ranges.reserve(stats.size());
    for (const BlockStats &b : stats)
        ranges.append(b.range);
    const qsizetype smooth = ranges.size() / 10;
    std::nth_element(ranges.begin(), ranges.begin() + smooth, ranges.end());
    const int minRange = qMax(24, 3 * ranges.at(smooth));

    // Among the blocks with real contrast, symbol blocks and edge blocks form two groups of
    // transition counts; Otsu's threshold separates them whatever the blur, noise or module size,
    // but never below what a single edge produces.
    QList<int> histogram(Block * 4 + 1, 0);
    auto transitions = [&](const BlockStats &b) {
        return qMin(int(histogram.size()) - 1, 2 * b.variation / b.range);
    };
    for (const BlockStats &b : stats) {
        if (b.range >= minRange)
            ++histogram[transitions(b)];
    }
    // With no rims in the picture (a clean label) Otsu would split the symbol blocks themselves;
    // a diagonal edge, the busiest non-symbol block, stays below 2 * Block.
    const int threshold = qBound(Block / 2 + 2, otsu(histogram), 5 * Block / 2);
    QList<quint8> busy(bw * bh, 0);
    for (int i = 0; i < stats.size(); ++i)
        busy[i] = stats.at(i).range >= minRange && transitions(stats.at(i)) >= threshold;

    // A symbol is a patch of busy blocks; a busy block alone is a rim or a speck, and would bridge
    // two symbols once joined.
    QList<quint8> patch(bw * bh, 0);
    for (int y = 0; y < bh; ++y) {
        for (int x = 0; x < bw; ++x) {
            if (!busy.at(y * bw + x))
                continue;
            int neighbours = 0;
            for (int dy = -1; dy <= 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    neighbours +=
                        (dx || dy) && nx >= 0 && ny >= 0 && nx < bw && ny < bh && busy.at(ny * bw + nx);
                }
            }
            patch[y * bw + x] = neighbours >= 2;
        }
    }
    busy = patch;

    const double cellSide = std::sqrt(double(gray.width()) * gray.height() / qMax(1, expectedCount));
    const int minSide = qMax(2, int(cellSide * 0.12 / Block));
    const int maxSide = qMax(minSide + 1, int(std::ceil(cellSide * 1.2 / Block)));

    QList<Region> regions;
    QList<int> stack;
    QList<quint8> seen(bw * bh, 0);
    // Eight-connected patches: a symbol's busy blocks touch at least at corners, while one empty
    // block is enough to keep two neighbouring symbols apart.
    for (int start = 0; start < busy.size(); ++start) {
        if (!busy.at(start) || seen.at(start))
            continue;
        int minX = bw, minY = bh, maxX = -1, maxY = -1, busyCount = 0;
        stack = {start};
        seen[start] = 1;
        while (!stack.isEmpty()) {
            const int i = stack.takeLast();
            const int x = i % bw, y = i / bw;
            minX = qMin(minX, x), maxX = qMax(maxX, x), minY = qMin(minY, y), maxY = qMax(maxY, y);
            ++busyCount;
            for (int dy = -1; dy <= 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    const int n = ny * bw + nx;
                    if (nx >= 0 && ny >= 0 && nx < bw && ny < bh && busy.at(n) && !seen.at(n)) {
                        seen[n] = 1;
                        stack.append(n);
                    }
                }
            }
        }
        const int w = maxX - minX + 1, h = maxY - minY + 1;
        if (w > maxSide || h > maxSide || busyCount < 3)
            continue;
        // A symbol is compact and mostly busy. Smaller or odder patches are what is left of a
        // scratched or smeared symbol: worth a try, and evidence of a tube when they cannot be read.
        const bool compact =
            w >= minSide && h >= minSide && busyCount * 4 >= w * h && qMax(w, h) <= 2 * qMin(w, h);
        // The quiet zone and the symbol's outer modules lie outside the busiest blocks: add a margin.
        const int margin = qMax(w, h) * Block / 4 + Block;
        regions.append({QRect(minX * Block - margin, minY * Block - margin, w * Block + 2 * margin,
                              h * Block + 2 * margin)
                            .intersected(gray.rect()),
                        compact});
    }
    return regions;
}

} // namespace benchside
