// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "overview/tatdistribution.h"

#include <QChartView>

class QBoxPlotSeries;
class QBoxSet;
class QGraphicsSimpleTextItem;

namespace benchside {

// Turnaround time (received → verified) of each bench or test as box plots side by side, so a
// supervisor sees at a glance which group is slow and how wide its spread is: the box is the
// middle half of the orders, whiskers follow the 1.5 IQR rule, points beyond them are outliers,
// and a red line across a box marks the group's target. Hovering a box gives n, median, p90 and
// max. Groups without values are left out; with none at all the chart says so instead.
class TatChartView : public QChartView
{
    Q_OBJECT

public:
    explicit TatChartView(QWidget *parent = nullptr);

    void setDistributions(const QList<TatDistribution> &groups);
    void setEmptyMessage(const QString &message);
    void setGroupAxisTitle(const QString &title);

    // The groups drawn, in order: one box each (empty groups are not among them).
    const QList<TatDistribution> &shownGroups() const { return m_shown; }
    QBoxPlotSeries *boxSeries() const { return m_boxes; }
    bool isShowingEmptyState() const;
    QString emptyMessage() const { return m_emptyMessage; }
    QString toolTipForBox(int box) const;
    static QString describe(const TatDistribution &group, const TatDistribution::Summary &summary);

private:
    void clear();
    void showBoxToolTip(bool hovering, QBoxSet *set);
    void placeEmptyText();

    QList<TatDistribution> m_shown;
    QStringList m_toolTips;
    QBoxPlotSeries *m_boxes = nullptr;
    QGraphicsSimpleTextItem *m_emptyText = nullptr;
    QString m_emptyMessage;
    QString m_groupAxisTitle;
};

} // namespace benchside
