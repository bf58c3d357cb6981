// SPDX-License-Identifier: GPL-3.0-or-later
#include "overview/tatchartview.h"

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QCursor>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QSet>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace benchside {

namespace {
QString minutesText(double minutes)
{
    // Tenths at most: "64.5 min" is honest about an interpolated percentile, "64.4999" is noise.
    return TatChartView::tr("%1 min").arg(QLocale().toString(std::round(minutes * 10) / 10, 'g', 7));
}

const QColor BoxColour(0x4a, 0x7e, 0xbb);
const QColor TargetColour(0xc0, 0x39, 0x2b);
} // namespace

TatChartView::TatChartView(QWidget *parent) : QChartView(parent)
{
    setObjectName(QStringLiteral("tatChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 240);
    m_emptyMessage = tr("No verified results in this period.");
    m_emptyText = new QGraphicsSimpleTextItem(chart());
    QFont f = m_emptyText->font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    m_emptyText->setFont(f);
    m_emptyText->setBrush(QColor(0x66, 0x66, 0x66));
    connect(chart(), &QChart::geometryChanged, this, &TatChartView::placeEmptyText);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    setDistributions({});
}

void TatChartView::setEmptyMessage(const QString &message)
{
    m_emptyMessage = message;
    m_emptyText->setText(message);
    placeEmptyText();
}

void TatChartView::setGroupAxisTitle(const QString &title)
{
    m_groupAxisTitle = title;
    for (QAbstractAxis *axis : chart()->axes(Qt::Horizontal)) {
        if (axis->isVisible())
            axis->setTitleText(title);
    }
}

bool TatChartView::isShowingEmptyState() const
{
    return m_emptyText->isVisible();
}

QString TatChartView::toolTipForBox(int box) const
{
    return m_toolTips.value(box);
}

QString TatChartView::describe(const TatDistribution &group, const TatDistribution::Summary &s)
{
    QStringList lines{group.label, tr("n = %1").arg(s.count), tr("median %1").arg(minutesText(s.median)),
                      tr("p90 %1").arg(minutesText(s.p90)), tr("max %1").arg(minutesText(s.maximum))};
    if (group.hasTarget())
        lines << tr("target %1: %2 of %3 over")
                     .arg(minutesText(group.targetMinutes))
                     .arg(s.overTarget)
                     .arg(s.count);
    return lines.join(QLatin1Char('\n'));
}

void TatChartView::clear()
{
    QChart *c = chart();
    c->removeAllSeries(); // deletes them
    for (QAbstractAxis *axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    m_boxes = nullptr;
    m_shown.clear();
    m_toolTips.clear();
}

void TatChartView::setDistributions(const QList<TatDistribution> &groups)
{
    clear();
    QList<TatDistribution::Summary> summaries;
    for (const TatDistribution &g : groups) {
        TatDistribution::Summary s = g.summary();
        if (s.isEmpty())
            continue;
        m_shown.append(g);
        summaries.append(std::move(s));
    }
    m_emptyText->setText(m_emptyMessage);
    m_emptyText->setVisible(m_shown.isEmpty());
    chart()->legend()->setVisible(!m_shown.isEmpty());
    placeEmptyText();
    if (m_shown.isEmpty())
        return;

    QChart *c = chart();
    m_boxes = new QBoxPlotSeries;
    m_boxes->setName(tr("Turnaround"));
    auto *outliers = new QScatterSeries;
    outliers->setName(tr("Outliers"));
    outliers->setMarkerSize(6);

    // A category axis refuses repeated names; two tests may share a name on different benches.
    QStringList categories;
    QSet<QString> used;
    double top = 0;
    QList<QLineSeries *> targetLines;
    for (qsizetype i = 0; i < m_shown.size(); ++i) {
        const TatDistribution &g = m_shown.at(i);
        const TatDistribution::Summary &s = summaries.at(i);
        const QString base = g.label.isEmpty() ? tr("(no name)") : g.label;
        QString name = base;
        for (int n = 2; used.contains(name); ++n)
            name = QStringLiteral("%1 (%2)").arg(base).arg(n);
        used.insert(name);
        categories << name;

        auto *set =
            new QBoxSet(s.lowerWhisker, s.lowerQuartile, s.median, s.upperQuartile, s.upperWhisker, name);
        m_boxes->append(set);
        m_toolTips << describe(g, s);
        for (double o : s.outliers)
            outliers->append(double(i), o);
        top = std::max(top, s.maximum);
        if (g.hasTarget()) {
            auto *line = new QLineSeries;
            line->setName(tr("Target"));
            line->append(double(i) - 0.35, g.targetMinutes);
            line->append(double(i) + 0.35, g.targetMinutes);
            targetLines << line;
            top = std::max(top, g.targetMinutes);
        }
    }

    c->addSeries(m_boxes);
    auto *groupAxis = new QBarCategoryAxis;
    groupAxis->append(categories);
    groupAxis->setTitleText(m_groupAxisTitle);
    auto *minutesAxis = new QValueAxis;
    minutesAxis->setTitleText(tr("minutes received → verified"));
    minutesAxis->setRange(0, top > 0 ? top * 1.08 : 1);
    minutesAxis->setLabelFormat(QStringLiteral("%.0f"));
    minutesAxis->applyNiceNumbers();
    c->addAxis(groupAxis, Qt::AlignBottom);
    c->addAxis(minutesAxis, Qt::AlignLeft);
    m_boxes->attachAxis(groupAxis);
    m_boxes->attachAxis(minutesAxis);

    // Lines and points are placed in the boxes' own coordinates (box i centred on x = i) through
    // a hidden value axis, because a category axis gives line series no room between categories.
    auto *positionAxis = new QValueAxis;
    positionAxis->setRange(-0.5, double(m_shown.size()) - 0.5);
    positionAxis->setVisible(false);
    c->addAxis(positionAxis, Qt::AlignBottom);
    const auto place = [&](QXYSeries *series) {
        c->addSeries(series);
        series->attachAxis(positionAxis);
        series->attachAxis(minutesAxis);
    };
    // Colours after adding: adding a series applies the chart theme over them.
    for (QLineSeries *line : targetLines) {
        place(line);
        line->setPen(QPen(TargetColour, 2, Qt::DashLine));
    }
    if (outliers->count() > 0) {
        place(outliers);
        outliers->setColor(QColor(0x55, 0x55, 0x55));
        outliers->setBorderColor(Qt::transparent);
    } else {
        delete outliers;
    }
    m_boxes->setBrush(BoxColour.lighter(160));
    m_boxes->setPen(QPen(BoxColour, 1.5));
    for (QBoxSet *set : m_boxes->boxSets()) {
        set->setBrush(BoxColour.lighter(160));
        set->setPen(QPen(BoxColour, 1.5));
    }

    // One legend entry per kind of mark, not one per target line.
    for (qsizetype i = 1; i < targetLines.size(); ++i) {
        for (QLegendMarker *marker : c->legend()->markers(targetLines.at(i)))
            marker->setVisible(false);
    }
    connect(m_boxes, &QBoxPlotSeries::hovered, this, &TatChartView::showBoxToolTip);
}

void TatChartView::showBoxToolTip(bool hovering, QBoxSet *set)
{
    if (!hovering || !m_boxes) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(QCursor::pos(), toolTipForBox(int(m_boxes->boxSets().indexOf(set))), this);
}

void TatChartView::placeEmptyText()
{
    const QRectF area = chart()->rect();
    const QRectF text = m_emptyText->boundingRect();
    m_emptyText->setPos(area.center() - text.center());
}

} // namespace benchside
