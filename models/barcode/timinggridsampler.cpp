// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/timinggridsampler.h"

#include <QList>
#include <QRect>
#include <algorithm>

namespace benchside {

namespace {

// Halfway between the darkest and the brightest twentieth of the pixels: a rendered or scanned
// symbol has two clear levels, and a few stray pixels move neither end.
int threshold(const QImage &gray)
{
    QList<int> histogram(256, 0);
    for (int y = 0; y < gray.height(); ++y) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < gray.width(); ++x)
            ++histogram[line[x]];
    }
    const qint64 tail = qint64(gray.width()) * gray.height() / 20;
    int lo = 0, hi = 255;
    for (qint64 n = 0; lo < 255 && (n += histogram.at(lo)) <= tail;)
        ++lo;
    for (qint64 n = 0; hi > 0 && (n += histogram.at(hi)) <= tail;)
        --hi;
    return (lo + hi) / 2;
}

// The bounding box of the largest eight-connected dark area: the symbol's L-shaped finder joins its
// left column to its bottom row, so the box is the symbol's.
QRect largestDarkArea(const QImage &gray, int level)
{
    const int w = gray.width(), h = gray.height();
    QList<quint8> seen(qsizetype(w) * h, 0);
    auto dark = [&](int x, int y) {
        return gray.constScanLine(y)[x] <= level;
    };
    QRect best;
    qint64 bestCount = 0;
    QList<int> stack;
    for (int start = 0; start < w * h; ++start) {
        if (seen.at(start) || !dark(start % w, start / w))
            continue;
        seen[start] = 1;
        stack = {start};
        qint64 count = 0;
        int minX = w, minY = h, maxX = -1, maxY = -1;
        while (!stack.isEmpty()) {
            const int i = stack.takeLast();
            const int x = i % w, y = i / w;
            ++count;
            minX = qMin(minX, x), maxX = qMax(maxX, x), minY = qMin(minY, y), maxY = qMax(maxY, y);
            for (int dy = -1; dy <= 1; ++dy) {
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                        continue;
                    const int n = ny * w + nx;
                    if (!seen.at(n) && dark(nx, ny)) {
                        seen[n] = 1;
                        stack.append(n);
                    }
                }
            }
        }
        if (count > bestCount) {
            bestCount = count;
            best = QRect(QPoint(minX, minY), QPoint(maxX, maxY));
        }
    }
    return best;
}

// The centres of the runs of equal colour along a line: one run per module of a timing pattern.
QList<double> runCentres(const QList<bool> &line)
{
    QList<double> centres;
    qsizetype start = 0;
    for (qsizetype i = 1; i <= line.size(); ++i) {
        if (i == line.size() || line.at(i) != line.at(start)) {
            centres.append((start + i - 1) / 2.0);
            start = i;
        }
    }
    return centres;
}

bool plausible(qsizetype modules)
{
    return modules >= 8 && modules <= TimingGridSampler::MaxModules && modules % 2 == 0;
}

} // namespace

std::optional<TimingGridSampler::Redrawn> TimingGridSampler::redraw(const QImage &gray, int inset)
{
    const int level = threshold(gray);
    const QRect box = largestDarkArea(gray, level);
    if (box.width() < 8 || box.height() < 8)
        return std::nullopt;
    auto dark = [&](int x, int y) {
        return gray.constScanLine(y)[x] <= level;
    };
    auto timing = [&](int row, int column) {
        QList<bool> top, right;
        for (int x = box.left(); x <= box.right(); ++x)
            top.append(dark(x, row));
        for (int y = box.bottom(); y >= box.top(); --y) // from the finder's dark corner upwards
            right.append(dark(column, y));
        return std::make_pair(runCentres(top), runCentres(right));
    };
    auto [columns, rows] = timing(box.top(), box.right());
    if (!plausible(columns.size()) || !plausible(rows.size()))
        return std::nullopt;
    if (inset > 0) {
        // Through the centres of the top row's and the right column's modules, as the first reading
        // placed them.
        std::tie(columns, rows) =
            timing(box.bottom() - qRound(rows.last()), box.left() + qRound(columns.last()));
        if (!plausible(columns.size()) || !plausible(rows.size()))
            return std::nullopt;
    }

    const int side = Module, quiet = QuietZone * Module;
    const qsizetype cols = columns.size(), rowCount = rows.size();
    QImage out(int(cols) * side + 2 * quiet, int(rowCount) * side + 2 * quiet, QImage::Format_Grayscale8);
    out.fill(Qt::white);
    for (qsizetype r = 0; r < rowCount; ++r) {
        const int y = box.bottom() - qRound(rows.at(r));
        const int outY = quiet + int(rowCount - 1 - r) * side;
        for (qsizetype c = 0; c < cols; ++c) {
            if (!dark(box.left() + qRound(columns.at(c)), y))
                continue;
            for (int dy = 0; dy < side; ++dy)
                std::fill_n(out.scanLine(outY + dy) + quiet + int(c) * side, side, uchar(0));
        }
    }
    const QTransform back =
        QTransform::fromTranslate(-quiet, -quiet) *
        QTransform::fromScale(box.width() / double(cols * side), box.height() / double(rowCount * side)) *
        QTransform::fromTranslate(box.left(), box.top());
    return Redrawn{out, back};
}

} // namespace benchside
