// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"

#include <QTimer>
#include <QWidget>
#include <functional>

class QLabel;
class QPushButton;
class QPrinter;
class QTableView;

namespace benchside {

class Lab;
class TableExporter;
class ResultEntryPanel;
class WorklistFilterBar;
class WorklistModel;

// A bench's work: its received orders, STAT first and then oldest, with overdue and near-due rows
// marked, and result entry for the selected row below. The list follows what happens (receipts,
// results, sync) without losing the row the technician is on or where they had scrolled to.
class WorklistPage : public QWidget
{
    Q_OBJECT

public:
    explicit WorklistPage(Lab &lab, QWidget *parent = nullptr);

    void setActor(const QString &actor);
    // A scanned tube: selects its rows on this bench, or says that it has none here.
    void showScanned(const QString &code);
    // Re-reads the rows on show, and on a timer while shown, for work recorded elsewhere.
    void refresh();
    void applyEvents(const QList<Event> &events);
    void setRefreshInterval(int ms) { m_refreshTimer.setInterval(ms); }

    Status saveCsv(const QString &path);
    Status savePdf(const QString &path);
    // The whole worklist on a printer the caller set up (the Print button asks with QPrintDialog).
    Status print(QPrinter &printer);

    WorklistModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString currentOrderId() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyFilter();
    void sortBy(int column, Qt::SortOrder order);
    void showSortIndicator();
    void loadAboveIfAtTop();
    void showQcHolds();
    // Runs an update of the model and puts the view back on the rows it showed and had selected.
    void keepingView(const std::function<Status()> &update);
    void selectRow(int row);
    void onRecorded(const QList<Event> &events);
    void advance();
    void exportAs(bool pdf);
    void printWorklist();
    Status withWholeWorklist(const std::function<Status(TableExporter &)> &write);
    void showMessage(const QString &text, bool problem);
    void updateCount();

    Lab &m_lab;
    QString m_actor;
    WorklistModel *m_model;
    WorklistFilterBar *m_filters;
    QTableView *m_table;
    ResultEntryPanel *m_entry;
    QLabel *m_count;
    QLabel *m_message;
    QLabel *m_qcHold;
    QTimer m_refreshTimer;
    QString m_lastRecorded;
    int m_lastRecordedRow = -1;
};

} // namespace benchside
