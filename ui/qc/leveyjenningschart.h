// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/leveyjenningsdata.h"

#include <QChart>
#include <QScatterSeries>

class QDateTimeAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;

namespace benchside {

// A Levey-Jennings chart built from LeveyJenningsData, in one of two scales:
//   - z-scores (setData(data)): every level on one chart, y in SD from each level's target mean,
//     so levels with different means share the mean and ±1, ±2, ±3 SD lines;
//   - units (setData(data, level)): one level in the test's unit, with each lot's own mean and
//     ±1, ±2, ±3 SD lines over the period that lot was measured.
// Each level's measurements of a lot are joined by a thin solid line, darker grey for lower levels;
// a lot run in parallel with another gets a line of its own.
// The markers on them show the run's status in colour AND shape and size, so the chart reads
// without colour vision and in grey print: accepted small blue circle, warning orange triangle,
// rejected larger vermillion diamond with a dark rim, not evaluated hollow grey circle (Okabe-Ito
// colours). A new lot is a vertical dash-dot line labelled with the lot. The x axis is time.
//
// Markers are light markers (one image painted per point) rather than scatter items: a
// QScatterSeries otherwise creates a graphics item per point, see docs/decisions.md.
class LeveyJenningsChart : public QChart
{
    Q_OBJECT

public:
    enum class Scale { ZScore, Units };
    struct LevelLine
    {
        int level = 0;
        QString lot;
        QLineSeries *series = nullptr;
    };
    struct LimitLine
    {
        int k = 0; // −3 … 3; 0 is the mean
        QLineSeries *series = nullptr;
        QString lot; // units scale: the lot whose target it draws
    };

    explicit LeveyJenningsChart(QGraphicsItem *parent = nullptr);

    void setData(const LeveyJenningsData &data);            // z-scores, all levels
    void setData(const LeveyJenningsData &data, int level); // units, one level
    const LeveyJenningsData &data() const { return m_data; }
    Scale scale() const { return m_scale; }
    int level() const { return m_level; } // 0 on the z-score scale

    // Shows only [fromMs, toMs] of the data set (zoom); the series keep all points.
    void setTimeRange(qint64 fromMs, qint64 toMs);

    // What is drawn, for the view and for tests.
    // One line per level and lot (lots run in parallel are not joined), by level, then lot order.
    const QList<LevelLine> &levelLines() const { return m_levelLines; }
    QLineSeries *levelLine(int level, const QString &lot) const;
    QScatterSeries *statusSeries(WestgardEvaluator::RunStatus status) const;
    QList<int> statusPoints(WestgardEvaluator::RunStatus status) const; // indexes into data().points
    const QList<LimitLine> &limitLines() const { return m_limits; }
    QList<QLineSeries *> lotChangeLines() const { return m_lotLines; }
    QList<QGraphicsSimpleTextItem *> lotChangeLabels() const { return m_lotLabels; }
    QDateTimeAxis *timeAxis() const { return m_timeAxis; }
    QValueAxis *valueAxis() const { return m_valueAxis; }

    // The point drawn nearest to `position` (chart coordinates) within `radius` pixels, or −1.
    int pointAt(const QPointF &position, qreal radius = 8) const;
    // Level, lot, value (and z), time, user, run status and the rules violated.
    QString toolTip(int index) const;

    static QColor statusColour(WestgardEvaluator::RunStatus status);
    static QString statusText(WestgardEvaluator::RunStatus status);
    static QImage markerImage(WestgardEvaluator::RunStatus status);

    // Draws the chart into an image of `size` pixels without a window (needs a QApplication).
    QImage renderImage(QSize size);
    // Builds the chart (level 0: z-scores, all levels; else units of that level) and writes it
    // as PNG. Fails with a message when there is nothing to draw (no points; on z-scores, no point
    // with a target), the level has no points, the file cannot be written, or there is no
    // QApplication (the CLI creates one on the offscreen platform).
    static Status renderPng(const LeveyJenningsData &data, const QString &path, QSize size = QSize(1200, 600),
                            int level = 0);

private:
    void rebuild();
    void clearAll();
    QPointF plotted(int index) const;
    void addLimitLines(qint64 fromMs, qint64 toMs);
    void placeLotLabels();

    LeveyJenningsData m_data;
    Scale m_scale = Scale::ZScore;
    int m_level = 0;
    QList<LevelLine> m_levelLines;
    QList<QScatterSeries *> m_statusSeries; // indexed by RunStatus
    QList<QList<int>> m_statusPoints;       // indexed by RunStatus
    QList<LimitLine> m_limits;
    QList<QLineSeries *> m_lotLines;
    QList<QGraphicsSimpleTextItem *> m_lotLabels;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_valueAxis = nullptr;
};

} // namespace benchside
