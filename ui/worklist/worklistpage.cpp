// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/worklistpage.h"

#include "export/tableexporter.h"
#include "lab/lab.h"
#include "qc/qclockout.h"
#include "results/resultentrypanel.h"
#include "worklist/worklistfilterbar.h"
#include "worklist/worklistmodel.h"
#include "worklist/worklistrowdelegate.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace benchside {

namespace {
constexpr int LiveRefreshMs = 20'000;
}

WorklistPage::WorklistPage(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    setObjectName(QStringLiteral("worklistPage"));
    auto *heading = new QLabel(tr("<b>Worklist</b> — STAT first, then oldest; click a column heading to "
                                  "sort. Type a result and press Enter; ↑/↓ move between rows; scan a "
                                  "tube to find it."),
                               this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    heading->setFont(headingFont);
    heading->setWordWrap(true);

    m_filters = new WorklistFilterBar(m_lab.catalog(), this);
    m_model = new WorklistModel(m_lab.database().connection(), this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("worklistTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new WorklistRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(WorklistModel::Patient, QHeaderView::Stretch);
    // The model sorts in the database (WorklistModel::sort); the view only shows the indicator.
    m_table->horizontalHeader()->setSectionsClickable(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, &WorklistPage::sortBy);
    // After a jump to a tube far down (WorklistModel::revealAccession), the rows above come as the
    // list is scrolled to its top, and the row that was at the top stays there.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &WorklistPage::loadAboveIfAtTop);

    m_entry = new ResultEntryPanel(m_lab, this);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("worklistCount"));
    m_qcHold = new QLabel(this);
    m_qcHold->setObjectName(QStringLiteral("worklistQcHold"));
    m_qcHold->setWordWrap(true);
    m_qcHold->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_qcHold->setStyleSheet(QStringLiteral("QLabel { background: #fde0dc; color: #7f0000; padding: 6px; }"));
    m_qcHold->hide();
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("worklistMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *pdf = new QPushButton(tr("Save as &PDF…"), this);
    pdf->setObjectName(QStringLiteral("worklistPdfButton"));
    pdf->setToolTip(tr("The whole worklist as shown, to print for a manual bench."));
    auto *csv = new QPushButton(tr("Save as &CSV…"), this);
    csv->setObjectName(QStringLiteral("worklistCsvButton"));
    auto *print = new QPushButton(tr("P&rint…"), this);
    print->setObjectName(QStringLiteral("worklistPrintButton"));
    print->setToolTip(tr("The whole worklist as shown, on paper for a manual bench."));
    for (QPushButton *b : {pdf, csv, print})
        b->setFocusPolicy(Qt::ClickFocus);
    connect(print, &QPushButton::clicked, this, &WorklistPage::printWorklist);
    connect(pdf, &QPushButton::clicked, this, [this] { exportAs(true); });
    connect(csv, &QPushButton::clicked, this, [this] { exportAs(false); });

    connect(m_filters, &WorklistFilterBar::filterChanged, this, &WorklistPage::applyFilter);
    connect(m_model, &WorklistModel::loadFailed, this, [this](const QString &m) { showMessage(m, true); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &WorklistPage::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &WorklistPage::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &WorklistPage::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { m_entry->showOrder(currentOrderId()); });
    connect(m_entry, &ResultEntryPanel::recorded, this, &WorklistPage::onRecorded);
    connect(m_entry, &ResultEntryPanel::advanceRequested, this, &WorklistPage::advance);
    connect(m_entry, &ResultEntryPanel::moveRequested, this, [this](int rows) {
        const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
        selectRow(std::clamp(current + rows, 0, std::max(0, m_model->rowCount() - 1)));
    });
    connect(m_table, &QTableView::activated, m_entry, &ResultEntryPanel::focusValue);
    // A row chosen with the mouse is a row to type a result for: the page says "type a result and press
    // Enter", and typed digits must not go to the table (audit finding 10). ↑/↓ still move from there.
    connect(m_table, &QTableView::clicked, m_entry, &ResultEntryPanel::focusValue);
    m_refreshTimer.setInterval(LiveRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &WorklistPage::refresh);

    auto *top = new QHBoxLayout;
    top->addWidget(m_filters, 1);
    top->addWidget(pdf);
    top->addWidget(csv);
    top->addWidget(print);

    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table, 1);
    tableLayout->addWidget(m_count);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tableBox);
    split->addWidget(m_entry);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(8);
    layout->addWidget(heading);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_qcHold);
    layout->addWidget(split, 1);
    setFocusProxy(m_entry);

    if (!m_filters->problem().isEmpty())
        showMessage(m_filters->problem(), true);
    applyFilter();
}

void WorklistPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        showMessage(QString(), false);
    m_actor = actor;
    m_entry->setActor(actor);
}

QString WorklistPage::currentOrderId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(WorklistModel::OrderIdRole).toString() : QString();
}

void WorklistPage::applyFilter()
{
    m_message->clear();
    WorklistFilter f = m_filters->filter(QDateTime::currentMSecsSinceEpoch());
    f.sort = m_model->filter().sort; // a filter change keeps the chosen order
    if (Status s = m_model->setFilter(f); !s)
        showMessage(s.error(), true);
    showSortIndicator();
    showQcHolds();
    selectRow(0);
    m_table->scrollToTop();
}

void WorklistPage::sortBy(int column, Qt::SortOrder order)
{
    if (!WorklistModel::sortFor(column, order)) {
        showMessage(
            tr("The worklist cannot be sorted by %1; sort by priority, accession, test, received, age "
               "or due time.")
                .arg(m_model->headerData(column, Qt::Horizontal).toString().toLower()),
            true);
        showSortIndicator();
        return;
    }
    // The order being worked on stays selected and in view in the new order.
    const QString selected = currentOrderId();
    const QString accession = m_table->currentIndex().data(WorklistModel::AccessionRole).toString();
    m_message->clear();
    m_model->sort(column, order);
    int row = -1;
    if (!accession.isEmpty()) {
        m_model->revealAccession(accession);
        row = m_model->rowOf(selected);
    }
    selectRow(std::max(row, 0));
    if (row >= 0)
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtCenter);
    else
        m_table->scrollToTop();
}

void WorklistPage::loadAboveIfAtTop()
{
    // Until the list can be scrolled up, or its top is reached: a short window would otherwise
    // leave no way to reach the rows above it.
    QScrollBar *bar = m_table->verticalScrollBar();
    while (m_model->canFetchBefore() && bar->value() == bar->minimum()) {
        const QString top = m_table->indexAt(QPoint(1, 1)).data(WorklistModel::OrderIdRole).toString();
        if (m_model->fetchBefore() == 0)
            break;
        m_table->doItemsLayout();
        if (const int row = m_model->rowOf(top); row >= 0)
            m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
    }
    updateCount();
}

void WorklistPage::showSortIndicator()
{
    const auto [column, order] = WorklistModel::headerFor(m_model->filter().sort);
    const QSignalBlocker blocker(m_table->horizontalHeader());
    m_table->horizontalHeader()->setSortIndicator(column, order);
}

void WorklistPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_table->selectionModel()->clear();
        m_entry->showOrder(QString());
        return;
    }
    const QModelIndex index = m_model->index(row, WorklistModel::Accession);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void WorklistPage::keepingView(const std::function<Status()> &update)
{
    // Selection follows its row through inserts and removals by itself; the scroll position is kept
    // on the row at the top, so that rows arriving above do not push the list down under the eyes.
    const QModelIndex topIndex = m_table->indexAt(QPoint(1, 1));
    const QString topOrder = topIndex.data(WorklistModel::OrderIdRole).toString();
    const QString selected = currentOrderId();
    const int selectedRow = m_table->currentIndex().row();
    if (Status s = update(); !s)
        showMessage(s.error(), true);
    if (const int top = m_model->rowOf(topOrder); top >= 0 && m_table->indexAt(QPoint(1, 1)).row() != top)
        m_table->scrollTo(m_model->index(top, 0), QAbstractItemView::PositionAtTop);
    if (selected.isEmpty())
        return;
    if (const int row = m_model->rowOf(selected); row >= 0) {
        if (m_table->currentIndex().row() != row)
            selectRow(row);
    } else {
        // The selected order left the list (released, or no longer matching): its neighbour takes over.
        selectRow(std::min(selectedRow, m_model->rowCount() - 1));
    }
}

void WorklistPage::refresh()
{
    keepingView([this] { return m_model->refresh(); });
    showQcHolds();
}

void WorklistPage::showQcHolds()
{
    // Results can still be entered; QcLockout refuses their release, and the bench should know why
    // before it works through the list.
    Result<QHash<QString, QString>> locked =
        QcLockout(m_lab.database().connection()).lockedTests(m_model->filter().bench);
    if (!locked) {
        showMessage(locked.error(), true);
        return;
    }
    QStringList lines;
    QStringList tests = locked.value().keys();
    tests.sort();
    for (const QString &test : std::as_const(tests))
        lines << QStringLiteral("<b>%1</b>: %2")
                     .arg(test.toHtmlEscaped(), locked.value().value(test).toHtmlEscaped());
    m_qcHold->setText(tr("QC lockout — these results cannot be released:") + QStringLiteral("<br>") +
                      lines.join(QStringLiteral("<br>")));
    m_qcHold->setVisible(!lines.isEmpty());
}

void WorklistPage::applyEvents(const QList<Event> &events)
{
    keepingView([this, &events] { return m_model->applyEvents(events); });
}

void WorklistPage::onRecorded(const QList<Event> &events)
{
    m_lastRecorded = m_entry->orderId();
    m_lastRecordedRow = m_model->rowOf(m_lastRecorded);
    applyEvents(events);
}

void WorklistPage::advance()
{
    const int row = m_model->rowOf(m_lastRecorded);
    // The next row after the one just recorded, or the one that took its place if it left.
    const int next = row >= 0 ? row + 1 : m_lastRecordedRow;
    if (next >= m_model->rowCount() && m_model->canFetchMore())
        m_model->fetchMore();
    if (next >= 0 && next < m_model->rowCount())
        selectRow(next);
    m_entry->focusValue();
}

void WorklistPage::showScanned(const QString &code)
{
    const ScanOutcome outcome = m_lab.scanner().process(code, ScanProcessor::Action::Lookup, m_actor);
    if (!outcome.specimen) {
        QApplication::beep();
        showMessage(outcome.message.isEmpty() ? tr("%1 is not known at this station.").arg(code)
                                              : outcome.message,
                    true);
        return;
    }
    const QString accession = outcome.specimen->accession;
    const QList<int> rows = m_model->revealAccession(accession);
    if (rows.isEmpty()) {
        QApplication::beep();
        showMessage(tr("%1 has no orders on this worklist (%2) with these filters.")
                        .arg(accession, m_filters->benchName()),
                    true);
        return;
    }
    m_message->clear();
    selectRow(rows.first());
    m_table->doItemsLayout();
    m_table->scrollTo(m_model->index(rows.first(), 0), QAbstractItemView::PositionAtCenter);
    loadAboveIfAtTop();
    m_entry->focusValue();
}

Status WorklistPage::saveCsv(const QString &path)
{
    return withWholeWorklist([&](TableExporter &e) { return e.writeCsv(path); });
}

Status WorklistPage::withWholeWorklist(const std::function<Status(TableExporter &)> &write)
{
    // Its own model: every row of the list as filtered, not only the pages the view has loaded.
    WorklistModel all(m_lab.database().connection());
    if (Status s = all.setFilter(m_model->filter()); !s)
        return s;
    TableExporter exporter(all);
    exporter.setTitle(tr("Worklist — %1").arg(m_filters->benchName()));
    exporter.setPrintedBy(m_actor);
    exporter.setPrintedAt(QDateTime::currentDateTime());
    return write(exporter);
}

Status WorklistPage::savePdf(const QString &path)
{
    return withWholeWorklist([&](TableExporter &e) { return Status::from(e.writePdf(path)); });
}

Status WorklistPage::print(QPrinter &printer)
{
    return withWholeWorklist([&](TableExporter &e) { return Status::from(e.print(printer)); });
}

void WorklistPage::printWorklist()
{
    QPrinter printer;
    printer.setPageOrientation(QPageLayout::Landscape);
    printer.setDocName(tr("Worklist — %1").arg(m_filters->benchName()));
    QPrintDialog dialog(&printer, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (const Status printed = print(printer); !printed)
        showMessage(printed.error(), true);
    else
        showMessage(
            tr("Worklist sent to %1.")
                .arg(printer.printerName().isEmpty() ? printer.outputFileName() : printer.printerName()),
            false);
}

void WorklistPage::exportAs(bool pdf)
{
    const QString name = QStringLiteral("worklist-%1-%2.%3")
                             .arg(m_model->filter().bench,
                                  QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")),
                                  pdf ? QStringLiteral("pdf") : QStringLiteral("csv"));
    const QString path = QFileDialog::getSaveFileName(
        this, pdf ? tr("Save worklist as PDF") : tr("Save worklist as CSV"), QDir::home().filePath(name),
        pdf ? tr("PDF files (*.pdf)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const Status saved = pdf ? savePdf(path) : saveCsv(path);
    if (!saved)
        showMessage(saved.error(), true);
    else
        showMessage(tr("Worklist saved to %1.").arg(QDir::toNativeSeparators(path)), false);
}

void WorklistPage::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel { color: #c62828; font-weight: bold; }")
                                     : QString());
}

void WorklistPage::updateCount()
{
    const int rows = m_model->rowCount();
    const bool above = !m_model->atStart();
    const bool below = m_model->canFetchMore();
    m_count->setText(above && below ? tr("Orders shown: %1, more above and below").arg(rows)
                     : above        ? tr("Orders shown: %1, more above").arg(rows)
                     : below        ? tr("Orders shown: %1, more below").arg(rows)
                                    : tr("Orders: %1").arg(rows));
}

void WorklistPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_refreshTimer.start();
}

void WorklistPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refreshTimer.stop();
}

} // namespace benchside
