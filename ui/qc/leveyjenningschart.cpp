// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/leveyjenningschart.h"

#include <QApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace benchside {

using RunStatus = WestgardEvaluator::RunStatus;

namespace {
constexpr qint64 HourMs = 3'600'000;
const RunStatus AllStatuses[] = {RunStatus::NotEvaluated, RunStatus::Accepted, RunStatus::Warning,
                                 RunStatus::Rejected};

// Okabe & Ito's palette, told apart with every common colour-vision deficiency.
const QColor Blue(0x00, 0x72, 0xb2);
const QColor Orange(0xe6, 0x9f, 0x00);
const QColor Vermillion(0xd5, 0x5e, 0x00);
const QColor Purple(0xcc, 0x79, 0xa7);
const QColor Grey(0x99, 0x99, 0x99);
const QColor MeanLine(0x33, 0x33, 0x33);
const QColor OneSdLine(0xb0, 0xb0, 0xb0);

int statusIndex(RunStatus s)
{
    return static_cast<int>(s);
}

QString number(double v, int decimals)
{
    return QLocale().toString(v, 'f', decimals);
}

// Decimals that show a value to about a tenth of the SD: SD 0.15 → 2, SD 2.5 → 1, SD 40 → 0.
int decimalsFor(double sd)
{
    if (!(sd > 0))
        return 2;
    return std::clamp(1 - int(std::floor(std::log10(sd))), 0, 4);
}

void hideLegend(QChart *chart, QAbstractSeries *series)
{
    for (QLegendMarker *m : chart->legend()->markers(series))
        m->setVisible(false);
}
} // namespace

LeveyJenningsChart::LeveyJenningsChart(QGraphicsItem *parent) : QChart(parent)
{
    setObjectName(QStringLiteral("leveyJenningsChart"));
    setAnimationOptions(QChart::NoAnimation);
    setBackgroundRoundness(0);
    setMargins(QMargins(6, 6, 6, 6));
    legend()->setAlignment(Qt::AlignBottom);
    legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    connect(this, &QChart::plotAreaChanged, this, &LeveyJenningsChart::placeLotLabels);
    m_statusPoints.resize(4);
    m_statusSeries.resize(4);
}

QColor LeveyJenningsChart::statusColour(RunStatus status)
{
    switch (status) {
    case RunStatus::NotEvaluated:
        return Grey;
    case RunStatus::Accepted:
        return Blue;
    case RunStatus::Warning:
        return Orange;
    case RunStatus::Rejected:
        break;
    }
    return Vermillion;
}

QString LeveyJenningsChart::statusText(RunStatus status)
{
    switch (status) {
    case RunStatus::NotEvaluated:
        return tr("Not evaluated (no target)");
    case RunStatus::Accepted:
        return tr("Accepted");
    case RunStatus::Warning:
        return tr("Warning (1-2s)");
    case RunStatus::Rejected:
        break;
    }
    return tr("Rejected");
}

QImage LeveyJenningsChart::markerImage(RunStatus status)
{
    // Size and shape carry the status as well as the colour.
    const int size = status == RunStatus::Rejected ? 15 : (status == RunStatus::Warning ? 13 : 9);
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(0, 0, size, size).adjusted(1, 1, -1, -1);
    const QColor c = statusColour(status);
    switch (status) {
    case RunStatus::NotEvaluated:
        p.setPen(QPen(c, 1.5));
        p.setBrush(Qt::white);
        p.drawEllipse(r.adjusted(0.5, 0.5, -0.5, -0.5));
        break;
    case RunStatus::Accepted:
        p.setPen(QPen(c.darker(140), 1));
        p.setBrush(c);
        p.drawEllipse(r);
        break;
    case RunStatus::Warning: {
        QPainterPath triangle;
        triangle.moveTo(r.center().x(), r.top());
        triangle.lineTo(r.right(), r.bottom());
        triangle.lineTo(r.left(), r.bottom());
        triangle.closeSubpath();
        p.setPen(QPen(QColor(0x7a, 0x55, 0x00), 1));
        p.setBrush(c);
        p.drawPath(triangle);
        break;
    }
    case RunStatus::Rejected: {
        QPainterPath diamond;
        diamond.moveTo(r.center().x(), r.top());
        diamond.lineTo(r.right(), r.center().y());
        diamond.lineTo(r.center().x(), r.bottom());
        diamond.lineTo(r.left(), r.center().y());
        diamond.closeSubpath();
        p.setPen(QPen(QColor(0x40, 0x10, 0x00), 1.5));
        p.setBrush(c);
        p.drawPath(diamond);
        break;
    }
    }
    return image;
}

void LeveyJenningsChart::setData(const LeveyJenningsData &data)
{
    m_data = data;
    m_scale = Scale::ZScore;
    m_level = 0;
    rebuild();
}

void LeveyJenningsChart::setData(const LeveyJenningsData &data, int level)
{
    m_data = data;
    m_scale = Scale::Units;
    m_level = level;
    rebuild();
}

QScatterSeries *LeveyJenningsChart::statusSeries(RunStatus status) const
{
    return m_statusSeries.at(statusIndex(status));
}

QLineSeries *LeveyJenningsChart::levelLine(int level, const QString &lot) const
{
    for (const LevelLine &l : m_levelLines) {
        if (l.level == level && l.lot == lot)
            return l.series;
    }
    return nullptr;
}

QList<int> LeveyJenningsChart::statusPoints(RunStatus status) const
{
    return m_statusPoints.at(statusIndex(status));
}

void LeveyJenningsChart::clearAll()
{
    removeAllSeries(); // deletes them
    for (QAbstractAxis *axis : axes()) {
        removeAxis(axis);
        delete axis;
    }
    qDeleteAll(m_lotLabels);
    m_lotLabels.clear();
    m_levelLines.clear();
    m_limits.clear();
    m_lotLines.clear();
    m_statusSeries.fill(nullptr);
    for (QList<int> &l : m_statusPoints)
        l.clear();
    m_timeAxis = nullptr;
    m_valueAxis = nullptr;
}

QPointF LeveyJenningsChart::plotted(int index) const
{
    const LeveyJenningsData::Point &p = m_data.points.at(index);
    const double y = m_scale == Scale::ZScore ? (p.z ? *p.z : std::nan("")) : p.qc.value;
    return QPointF(double(p.qc.atMs), y);
}

void LeveyJenningsChart::rebuild()
{
    clearAll();
    const bool z = m_scale == Scale::ZScore;

    // Which points are drawn: on the z scale those with a target; in units, the chosen level's.
    QList<int> drawn;
    QList<int> levels;
    double low = z ? 0 : std::numeric_limits<double>::infinity();
    double high = z ? 0 : -std::numeric_limits<double>::infinity();
    for (qsizetype i = 0; i < m_data.points.size(); ++i) {
        const LeveyJenningsData::Point &p = m_data.points.at(i);
        if (z ? !p.z.has_value() : p.qc.level != m_level)
            continue;
        drawn << int(i);
        if (!levels.contains(p.qc.level))
            levels << p.qc.level;
        const double y = plotted(int(i)).y();
        low = std::min(low, y);
        high = std::max(high, y);
    }
    std::sort(levels.begin(), levels.end());

    qint64 from = m_data.fromMs;
    qint64 to = m_data.toMs;
    if (to <= from) {
        from -= 12 * HourMs;
        to += 12 * HourMs;
    }

    // Units: every lot's limits must fit as well as the values.
    double sd = 0;
    if (!z) {
        for (const QString &lot : m_data.lots()) {
            if (const std::optional<QcTarget> t = m_data.target(lot, m_level)) {
                low = std::min(low, t->limit(-3.5));
                high = std::max(high, t->limit(3.5));
                sd = sd > 0 ? std::min(sd, t->sd) : t->sd;
            }
        }
        if (!std::isfinite(low)) {
            low = 0;
            high = 1;
        } else if (high <= low) {
            low -= 1;
            high += 1;
        }
    } else {
        const double extent = std::max({4.0, std::ceil(std::max(-low, high) + 0.25)});
        low = -extent;
        high = extent;
    }

    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setTitleText(tr("Time"));
    const qint64 span = to - from;
    m_timeAxis->setFormat(
        span > 2 * 365 * 24 * HourMs
            ? QStringLiteral("MMM yyyy")
            : (span > 3 * 24 * HourMs ? QStringLiteral("dd MMM") : QStringLiteral("dd MMM HH:mm")));
    m_timeAxis->setTickCount(8);
    const qint64 pad = std::max<qint64>(span / 50, HourMs);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(from - pad),
                         QDateTime::fromMSecsSinceEpoch(to + pad));
    m_valueAxis = new QValueAxis;
    if (z) {
        m_valueAxis->setTitleText(tr("SD from target mean (z)"));
        // A label every SD up to ±4; beyond that every 2, 3… SD, at most nine labels: fifteen labels
        // for a run at +6 SD did not fit a window of normal height, and QtCharts then shows every one
        // of them as "…" (audit finding 17). The ±1, 2, 3 SD lines are drawn whatever the labels.
        const double step = std::max(1.0, std::ceil((high - low) / 8));
        high = std::ceil(high / step) * step;
        low = -high;
        m_valueAxis->setRange(low, high);
        m_valueAxis->setTickType(QValueAxis::TicksDynamic);
        m_valueAxis->setTickAnchor(0);
        m_valueAxis->setTickInterval(step);
        m_valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    } else {
        m_valueAxis->setTitleText(m_data.unit.isEmpty() ? tr("Level %1").arg(m_level)
                                                        : tr("Level %1 (%2)").arg(m_level).arg(m_data.unit));
        const double margin = (high - low) * 0.03;
        m_valueAxis->setRange(low - margin, high + margin);
        m_valueAxis->applyNiceNumbers();
        m_valueAxis->setLabelFormat(QStringLiteral("%.") +
                                    QString::number(decimalsFor(sd > 0 ? sd : (high - low) / 8)) +
                                    QStringLiteral("f"));
    }
    addAxis(m_timeAxis, Qt::AlignBottom);
    addAxis(m_valueAxis, Qt::AlignLeft);
    setTitle(z ? tr("%1: all levels, z-scores").arg(m_data.test)
               : tr("%1: level %2").arg(m_data.test).arg(m_level));

    const auto place = [this](QXYSeries *series) {
        addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
    };

    addLimitLines(from - pad, to + pad);

    // One line per level joining its measurements in time order. Solid, one pixel, told apart
    // by lightness: a dashed pen over thousands of points took 400 ms to draw (decisions.md).
    const QColor shades[] = {QColor(0x55, 0x55, 0x55), QColor(0x99, 0x99, 0x99), QColor(0xc4, 0xc4, 0xc4)};
    const QStringList lots = m_data.lots();
    for (int level : levels) {
        bool named = false;
        for (const QString &lot : lots) {
            QList<QPointF> pts;
            for (int i : drawn) {
                const QcPoint &q = m_data.points.at(i).qc;
                if (q.level == level && q.lot == lot)
                    pts << plotted(i);
            }
            if (pts.isEmpty())
                continue;
            auto *line = new QLineSeries;
            line->setName(tr("Level %1").arg(level));
            line->replace(pts);
            place(line);
            line->setPen(QPen(shades[std::clamp(level - 1, 0, 2)], 1));
            if (named)
                hideLegend(this, line);
            named = true;
            m_levelLines << LevelLine{level, lot, line};
        }
    }

    // Markers: one series per status, with a light marker (an image per point, no item each).
    for (RunStatus s : AllStatuses) {
        QList<int> &indexes = m_statusPoints[statusIndex(s)];
        QList<QPointF> pts;
        for (int i : drawn) {
            if (m_data.points.at(i).runStatus == s) {
                indexes << i;
                pts << plotted(i);
            }
        }
        if (pts.isEmpty())
            continue;
        auto *series = new QScatterSeries;
        series->setName(QStringLiteral("%1 (%2)").arg(statusText(s)).arg(pts.size()));
        series->replace(pts);
        place(series);
        const QImage marker = markerImage(s);
        series->setMarkerSize(marker.width());
        series->setColor(statusColour(s));
        series->setBorderColor(statusColour(s).darker(150));
        series->setMarkerShape(s == RunStatus::Rejected
                                   ? QScatterSeries::MarkerShapeRotatedRectangle
                                   : (s == RunStatus::Warning ? QScatterSeries::MarkerShapeTriangle
                                                              : QScatterSeries::MarkerShapeCircle));
        series->setLightMarker(marker);
        m_statusSeries[statusIndex(s)] = series;
    }

    // Lot changes: a vertical line and the new lot's name at the top of the plot.
    bool firstLot = true;
    for (const LeveyJenningsData::LotChange &c : m_data.lotChanges) {
        auto *line = new QLineSeries;
        line->setName(tr("New lot"));
        line->append(double(c.atMs), m_valueAxis->min());
        line->append(double(c.atMs), m_valueAxis->max());
        place(line);
        line->setPen(QPen(Purple, 1.5, Qt::DashDotLine));
        if (!firstLot)
            hideLegend(this, line);
        firstLot = false;
        m_lotLines << line;
        auto *label = new QGraphicsSimpleTextItem(tr("Lot %1").arg(c.lot), this);
        label->setBrush(Purple.darker(160));
        label->setZValue(20);
        label->setData(0, double(c.atMs));
        m_lotLabels << label;
    }
    placeLotLabels();
}

void LeveyJenningsChart::addLimitLines(qint64 fromMs, qint64 toMs)
{
    struct Segment
    {
        QString lot;
        double x0;
        double x1;
        QcTarget target;
    };
    QList<Segment> segments;
    if (m_scale == Scale::ZScore) {
        segments << Segment{QString(), double(fromMs), double(toMs), QcTarget{0, 1}};
    } else {
        // Each lot's target over the time that lot was measured (all of it for a single lot).
        const QStringList lots = m_data.lots();
        for (const QString &lot : lots) {
            const std::optional<QcTarget> t = m_data.target(lot, m_level);
            if (!t)
                continue;
            qint64 first = std::numeric_limits<qint64>::max();
            qint64 last = std::numeric_limits<qint64>::min();
            for (const LeveyJenningsData::Point &p : m_data.points) {
                if (p.qc.lot == lot && p.qc.level == m_level) {
                    first = std::min(first, p.qc.atMs);
                    last = std::max(last, p.qc.atMs);
                }
            }
            if (first > last)
                continue;
            if (lots.size() == 1) {
                first = fromMs;
                last = toMs;
            }
            segments << Segment{lot, double(first), double(last), *t};
        }
    }
    bool firstSegment = true;
    for (const Segment &seg : segments) {
        for (int k = -3; k <= 3; ++k) {
            auto *line = new QLineSeries;
            const int a = std::abs(k);
            line->setName(k == 0 ? tr("Mean") : tr("±%1 SD").arg(a));
            line->append(seg.x0, seg.target.limit(k));
            line->append(seg.x1, seg.target.limit(k));
            addSeries(line);
            line->attachAxis(m_timeAxis);
            line->attachAxis(m_valueAxis);
            const QPen pen = k == 0   ? QPen(MeanLine, 1.5)
                             : a == 1 ? QPen(OneSdLine, 1, Qt::DotLine)
                             : a == 2 ? QPen(Orange, 1.3, Qt::DashLine)
                                      : QPen(Vermillion, 1.5, Qt::DashLine);
            line->setPen(pen);
            // One legend entry for each kind of line.
            if (k < 0 || !firstSegment)
                hideLegend(this, line);
            m_limits << LimitLine{k, line, seg.lot};
        }
        firstSegment = false;
    }
}

void LeveyJenningsChart::placeLotLabels()
{
    if (!m_valueAxis || m_lotLines.isEmpty())
        return;
    const QRectF area = plotArea();
    for (QGraphicsSimpleTextItem *label : m_lotLabels) {
        const double x = label->data(0).toDouble();
        const QPointF top = mapToPosition(QPointF(x, m_valueAxis->max()), m_lotLines.first());
        label->setPos(top.x() + 3, area.top() + 2);
        label->setVisible(area.contains(QPointF(top.x(), area.center().y())));
    }
}

void LeveyJenningsChart::setTimeRange(qint64 fromMs, qint64 toMs)
{
    if (!m_timeAxis || toMs <= fromMs)
        return;
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
    placeLotLabels();
}

int LeveyJenningsChart::pointAt(const QPointF &position, qreal radius) const
{
    QAbstractSeries *any = m_levelLines.isEmpty() ? nullptr : m_levelLines.first().series;
    if (!any)
        return -1;
    auto *self = const_cast<LeveyJenningsChart *>(this); // mapToPosition is not const in Qt 6.4
    int best = -1;
    qreal bestDistance = radius * radius;
    for (const QList<int> &indexes : m_statusPoints) {
        for (int i : indexes) {
            const QPointF d = self->mapToPosition(plotted(i), any) - position;
            const qreal distance = d.x() * d.x() + d.y() * d.y();
            if (distance <= bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
    }
    return best;
}

QString LeveyJenningsChart::toolTip(int index) const
{
    if (index < 0 || index >= m_data.points.size())
        return QString();
    const LeveyJenningsData::Point &p = m_data.points.at(index);
    const std::optional<QcTarget> t = m_data.target(p.qc.lot, p.qc.level);
    const int decimals = t ? decimalsFor(t->sd) + 1 : 3;
    QString value = QLocale().toString(p.qc.value, 'g', 10);
    if (!m_data.unit.isEmpty())
        value += QLatin1Char(' ') + m_data.unit;
    if (p.z)
        value += tr(" (z %1%2)").arg(*p.z > 0 ? QStringLiteral("+") : QString(), number(*p.z, 2));
    QStringList lines;
    lines << tr("Level %1, lot %2").arg(p.qc.level).arg(p.qc.lot.isEmpty() ? tr("(none)") : p.qc.lot);
    lines << value;
    if (t)
        lines << tr("target %1 ± %2").arg(number(t->mean, decimals), number(t->sd, decimals));
    lines << QLocale().toString(QDateTime::fromMSecsSinceEpoch(p.qc.atMs).toLocalTime(),
                                QLocale::ShortFormat) +
                 (p.qc.user.isEmpty() ? QString() : tr(", by %1").arg(p.qc.user));
    lines << tr("Run: %1").arg(statusText(p.runStatus).toLower());
    if (!p.violations.isEmpty())
        lines << tr("Violates %1").arg(p.violations.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

QImage LeveyJenningsChart::renderImage(QSize size)
{
    // A scene of its own, so a chart shown in a view is drawn at the size asked for and then
    // put back.
    QGraphicsScene offscreen;
    QGraphicsScene *previous = scene();
    if (previous)
        previous->removeItem(this);
    offscreen.addItem(this);
    const QSizeF oldSize = this->size();
    resize(size);
    if (layout())
        layout()->activate();
    placeLotLabels();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        offscreen.render(&painter, QRectF(QPointF(0, 0), size), QRectF(QPointF(0, 0), size));
    }
    offscreen.removeItem(this);
    if (previous) {
        previous->addItem(this);
        resize(oldSize);
    }
    return image;
}

Status LeveyJenningsChart::renderPng(const LeveyJenningsData &data, const QString &path, QSize size,
                                     int level)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance()))
        return Status::failure(
            tr("Drawing a chart needs a QApplication (use the offscreen platform without a "
               "display)."));
    if (data.isEmpty())
        return Status::failure(tr("There are no QC results for %1 in this period to chart.").arg(data.test));
    if (level <= 0 &&
        std::none_of(data.points.cbegin(), data.points.cend(), [](const auto &p) { return p.z.has_value(); }))
        return Status::failure(
            tr("No QC result of %1 in this period has a target yet, so there are no z-scores to "
               "chart; chart one level in its unit instead.")
                .arg(data.test));
    if (size.width() < 200 || size.height() < 150)
        return Status::failure(tr("A chart needs at least 200 × 150 pixels."));
    LeveyJenningsChart chart;
    if (level > 0) {
        if (!data.levels().contains(level))
            return Status::failure(
                tr("%1 has no QC results of level %2 in this period.").arg(data.test).arg(level));
        chart.setData(data, level);
    } else {
        chart.setData(data);
    }
    const QImage image = chart.renderImage(size);
    if (!image.save(path, "PNG"))
        return Status::failure(
            tr("Could not write the chart to %1; check that the folder exists and can be written.")
                .arg(QFileInfo(path).absoluteFilePath()));
    return {};
}

} // namespace benchside
