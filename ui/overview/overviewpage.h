// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;

namespace benchside {

class AutoverifyRateTable;
class BenchCountsTable;
class Lab;
class SlowestOrdersTable;
class TatChartView;

// The supervisor's board: every bench's open work side by side, the turnaround time of what was
// released in a period as box plots per bench or per test, and the orders waiting longest.
class OverviewPage : public QWidget
{
    Q_OBJECT

public:
    enum class Period { Today, ThisWeek, Range };

    explicit OverviewPage(Lab &lab, QWidget *parent = nullptr);

    // Reads everything again; a failure is shown on the page and returned.
    Status refresh();
    void setPeriod(Period period);

    BenchCountsTable *counts() const { return m_counts; }
    TatChartView *chart() const { return m_chart; }
    SlowestOrdersTable *slowest() const { return m_slowest; }
    AutoverifyRateTable *autoverifyRate() const { return m_autoverifyRate; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    // [from, to) of the chosen period, in ms.
    std::pair<qint64, qint64> period(qint64 nowMs) const;
    Status refreshChart(qint64 nowMs);
    void showMessage(const QString &text);

    Lab &m_lab;
    BenchCountsTable *m_counts;
    QComboBox *m_period;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_groupBy;
    QComboBox *m_bench;
    TatChartView *m_chart;
    SlowestOrdersTable *m_slowest;
    QLabel *m_message;
    QLabel *m_autoverifyCaption;
    AutoverifyRateTable *m_autoverifyRate;
};

} // namespace benchside
