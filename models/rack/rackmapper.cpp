// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackmapper.h"

#include <QCoreApplication>
#include <QHash>
#include <QLineF>
#include <QTransform>
#include <QtMath>
#include <algorithm>

namespace benchside {

namespace {
double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    const qsizetype mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + mid, values.end());
    return values.at(mid);
}

// Folds a direction into [-45, 45): a grid looks the same turned by any multiple of 90 degrees.
double foldQuarter(double degrees)
{
    double a = std::fmod(degrees + 45.0, 90.0);
    if (a < 0)
        a += 90.0;
    return a - 45.0;
}

double normalise180(double degrees)
{
    double a = std::fmod(degrees + 180.0, 360.0);
    if (a < 0)
        a += 360.0;
    return a - 180.0;
}

struct Grid
{
    QTransform toRack; // image coordinates -> upright rack coordinates
    double pitchX = 0, pitchY = 0;
    double originX = 0, originY = 0; // centre of well A1 in rack coordinates
};

// The nearest neighbour of every point: its distance and its direction.
void neighbours(const QList<QPointF> &points, QList<double> &distances, QList<double> &angles)
{
    for (qsizetype i = 0; i < points.size(); ++i) {
        double best = -1;
        QPointF bestVector;
        for (qsizetype j = 0; j < points.size(); ++j) {
            if (i == j)
                continue;
            const QPointF v = points.at(j) - points.at(i);
            const double d = std::hypot(v.x(), v.y());
            if (best < 0 || d < best) {
                best = d;
                bestVector = v;
            }
        }
        if (best > 0) {
            distances.append(best);
            angles.append(foldQuarter(qRadiansToDegrees(std::atan2(bestVector.y(), bestVector.x()))));
        }
    }
}

// Median spacing along one axis between points that are neighbours along that axis.
double pitchAlong(const QList<QPointF> &points, double spacing, bool horizontal)
{
    QList<double> steps;
    for (qsizetype i = 0; i < points.size(); ++i) {
        for (qsizetype j = i + 1; j < points.size(); ++j) {
            const QPointF v = points.at(j) - points.at(i);
            const double along = qAbs(horizontal ? v.x() : v.y());
            const double across = qAbs(horizontal ? v.y() : v.x());
            if (across < 0.3 * spacing && along > 0.6 * spacing && along < 1.6 * spacing)
                steps.append(along);
        }
    }
    return median(steps);
}

// Which of the possible first rows (or columns) puts the rack's centre nearest the image's.
double originFor(double firstCentre, int span, int count, double pitch, double imageCentre)
{
    double best = firstCentre;
    double bestDistance = -1;
    for (int shift = 0; shift <= count - 1 - span; ++shift) {
        const double origin = firstCentre - shift * pitch;
        const double distance = qAbs(origin + (count - 1) * pitch / 2 - imageCentre);
        if (bestDistance < 0 || distance < bestDistance) {
            bestDistance = distance;
            best = origin;
        }
    }
    return best;
}

} // namespace

Result<RackReading> RackMapper::map(const QList<DecodedCode> &codes, const RackLayout &layout,
                                    QSize imageSize)
{
    using R = Result<RackReading>;
    RackReading reading;
    reading.layout = layout;
    reading.imageSize = imageSize;

    QList<QPointF> readable;
    QList<double> orientations;
    for (const DecodedCode &c : codes) {
        if (c.readable) {
            readable.append(c.center());
            orientations.append(c.orientation);
        }
    }
    if (readable.isEmpty())
        return R::failure(tr("No code in the image could be read, so no well can be placed. Check that the "
                             "image shows the bottoms of the tubes, in focus."));

    QList<double> distances, angles;
    neighbours(readable, distances, angles);
    const double spacing = median(distances);
    const double angle = angles.isEmpty() ? foldQuarter(orientations.first()) : median(angles);

    // Tubes sit in the rack the way their codes were printed (give or take a few degrees), so the
    // codes tell which way up the rack lies once the grid's own angle is taken out.
    int upsideDownVotes = 0;
    for (double o : orientations)
        upsideDownVotes += qAbs(normalise180(o - angle)) > 90 ? 1 : -1;
    const bool upsideDown = upsideDownVotes > 0;

    const QPointF centre(imageSize.width() / 2.0, imageSize.height() / 2.0);
    Grid grid;
    // QTransform products apply left to right to a point: move the centre to 0, turn, move back.
    grid.toRack = QTransform::fromTranslate(-centre.x(), -centre.y()) *
                  QTransform().rotate(-(angle + (upsideDown ? 180.0 : 0.0))) *
                  QTransform::fromTranslate(centre.x(), centre.y());

    QList<QPointF> upright;
    for (const QPointF &p : readable)
        upright.append(grid.toRack.map(p));

    const double fallbackPitch =
        qMin(imageSize.width() / double(layout.cols), imageSize.height() / double(layout.rows));
    const double along = spacing > 0 ? spacing : fallbackPitch;
    grid.pitchX = pitchAlong(upright, along, true);
    grid.pitchY = pitchAlong(upright, along, false);
    if (grid.pitchX <= 0)
        grid.pitchX = grid.pitchY > 0 ? grid.pitchY : along;
    if (grid.pitchY <= 0)
        grid.pitchY = grid.pitchX;

    double minX = upright.first().x(), minY = upright.first().y();
    for (const QPointF &p : upright) {
        minX = qMin(minX, p.x());
        minY = qMin(minY, p.y());
    }
    int spanCols = 0, spanRows = 0;
    for (const QPointF &p : upright) {
        spanCols = qMax(spanCols, int(std::lround((p.x() - minX) / grid.pitchX)));
        spanRows = qMax(spanRows, int(std::lround((p.y() - minY) / grid.pitchY)));
    }
    if (spanCols >= layout.cols || spanRows >= layout.rows)
        return R::failure(tr("The codes in the image spread over %1 rows and %2 columns, but the rack is %3. "
                             "Check the rack size, and that the image is not turned a quarter.")
                              .arg(spanRows + 1)
                              .arg(spanCols + 1)
                              .arg(layout.toString()));
    grid.originX = originFor(minX, spanCols, layout.cols, grid.pitchX, centre.x());
    grid.originY = originFor(minY, spanRows, layout.rows, grid.pitchY, centre.y());

    reading.angle = angle;
    reading.upsideDown = upsideDown;
    reading.pitch = QSizeF(grid.pitchX, grid.pitchY);
    reading.wells.resize(layout.wellCount());
    const QTransform toImage = grid.toRack.inverted();
    for (int r = 0; r < layout.rows; ++r) {
        for (int c = 0; c < layout.cols; ++c) {
            WellReading &w = reading.wells[r * layout.cols + c];
            w.well = layout.wellName(r, c);
            w.row = r;
            w.col = c;
            w.position = toImage.map(QPointF(grid.originX + c * grid.pitchX, grid.originY + r * grid.pitchY));
        }
    }

    // Every symbol, read or not, goes to the well under it; one outside the rack is ignored.
    QList<QList<const DecodedCode *>> inWell(layout.wellCount());
    for (const DecodedCode &code : codes) {
        const QPointF p = grid.toRack.map(code.center());
        const double fc = (p.x() - grid.originX) / grid.pitchX;
        const double fr = (p.y() - grid.originY) / grid.pitchY;
        const int c = int(std::lround(fc)), r = int(std::lround(fr));
        if (c < 0 || r < 0 || c >= layout.cols || r >= layout.rows || qAbs(fc - c) > 0.4 ||
            qAbs(fr - r) > 0.4)
            continue;
        inWell[r * layout.cols + c].append(&code);
    }
    for (int i = 0; i < inWell.size(); ++i) {
        WellReading &w = reading.wells[i];
        const QList<const DecodedCode *> &symbols = inWell.at(i);
        if (symbols.isEmpty())
            continue;
        w.position = symbols.first()->center();
        QString text;
        bool agree = true;
        for (const DecodedCode *s : symbols) {
            if (!s->readable)
                continue;
            if (!text.isEmpty() && s->text != text)
                agree = false;
            text = s->text;
        }
        // Two different codes under one well cannot both be its tube: trust neither.
        if (text.isEmpty() || !agree) {
            w.state = WellReading::State::Unreadable;
            continue;
        }
        w.state = WellReading::State::Decoded;
        w.text = text;
    }
    markDuplicates(reading);
    return reading;
}

void RackMapper::markDuplicates(RackReading &reading)
{
    QHash<QString, int> seen;
    for (const WellReading &w : reading.wells) {
        if (w.state == WellReading::State::Decoded || w.state == WellReading::State::Duplicate)
            ++seen[w.text];
    }
    for (WellReading &w : reading.wells) {
        if (w.state == WellReading::State::Decoded && seen.value(w.text) > 1)
            w.state = WellReading::State::Duplicate;
    }
}

} // namespace benchside
