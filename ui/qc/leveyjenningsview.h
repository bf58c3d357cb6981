// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/leveyjenningsdata.h"

#include <QWidget>

class QChartView;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableWidget;

namespace benchside {

class LeveyJenningsChart;

// A Levey-Jennings chart with what a technician needs around it: which levels (all on a z-score
// chart, or one level in the test's unit), the period shown (from/to dates; "Whole period"), a
// statistics table for that period (per level: n, mean, SD, CV, target, bias) and PNG export.
// Hovering a point shows its value, time, user, run status and violated rules.
//
// The rules were applied to the whole history when the data was built; narrowing the period only
// selects what is shown, so a point keeps the violations found with earlier runs.
class LeveyJenningsView : public QWidget
{
    Q_OBJECT

public:
    explicit LeveyJenningsView(QWidget *parent = nullptr);

    void setData(const LeveyJenningsData &source); // shows the whole period, all levels
    // Local dates, both included. An empty period (to before from) is refused (returns false).
    bool setPeriod(QDate from, QDate to);
    void showWholePeriod();
    void showLevel(int level); // 0: all levels on z-scores

    LeveyJenningsChart *chart() const { return m_chart; }
    QChartView *chartView() const { return m_chartView; }
    QTableWidget *statisticsTable() const { return m_table; }
    const LeveyJenningsData &shownData() const { return m_shown; }

    Status exportPng(const QString &path) const; // the chart as it is on screen

private:
    void refresh();
    void fillStatistics();
    void chooseExportFile();
    bool eventFilter(QObject *watched, QEvent *event) override;

    LeveyJenningsData m_full;
    LeveyJenningsData m_shown;
    int m_level = 0;
    LeveyJenningsChart *m_chart = nullptr;
    QChartView *m_chartView = nullptr;
    QComboBox *m_levels = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QPushButton *m_whole = nullptr;
    QPushButton *m_export = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
};

} // namespace benchside
