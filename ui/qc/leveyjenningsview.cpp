// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/leveyjenningsview.h"

#include "qc/leveyjenningschart.h"

#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <cmath>

namespace benchside {

namespace {
QString fixed(const std::optional<double> &v, int decimals)
{
    return v ? QLocale().toString(*v, 'f', decimals) : QStringLiteral("–");
}

int decimalsFor(double sd)
{
    if (!(sd > 0))
        return 2;
    return std::clamp(2 - int(std::floor(std::log10(sd))), 0, 5);
}

qint64 startOfDay(QDate d)
{
    return d.startOfDay().toMSecsSinceEpoch();
}

qint64 endOfDay(QDate d)
{
    return d.addDays(1).startOfDay().toMSecsSinceEpoch() - 1;
}
} // namespace

LeveyJenningsView::LeveyJenningsView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("leveyJenningsView"));
    m_levels = new QComboBox;
    m_levels->setObjectName(QStringLiteral("levelChoice"));
    m_levels->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_from = new QDateEdit;
    m_from->setObjectName(QStringLiteral("periodFrom"));
    m_to = new QDateEdit;
    m_to->setObjectName(QStringLiteral("periodTo"));
    for (QDateEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    }
    m_whole = new QPushButton(tr("Whole period"));
    m_whole->setObjectName(QStringLiteral("wholePeriod"));
    m_export = new QPushButton(tr("Export PNG…"));
    m_export->setObjectName(QStringLiteral("exportPng"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show")));
    bar->addWidget(m_levels);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("From")));
    bar->addWidget(m_from);
    bar->addWidget(new QLabel(tr("to")));
    bar->addWidget(m_to);
    bar->addWidget(m_whole);
    bar->addStretch();
    bar->addWidget(m_export);

    m_chart = new LeveyJenningsChart;
    m_chartView = new QChartView(m_chart);
    m_chartView->setObjectName(QStringLiteral("leveyJenningsChartView"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumSize(480, 300);
    m_chartView->viewport()->setMouseTracking(true);
    m_chartView->viewport()->installEventFilter(this);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("periodSummary"));
    m_table = new QTableWidget(0, 9);
    m_table->setObjectName(QStringLiteral("statisticsTable"));
    m_table->setHorizontalHeaderLabels({tr("Level"), tr("Lot"), tr("n"), tr("Mean"), tr("SD"), tr("CV %"),
                                        tr("Target mean ± SD"), tr("Bias"), tr("Bias %")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);

    connect(m_levels, &QComboBox::currentIndexChanged, this,
            [this](int i) { showLevel(m_levels->itemData(i).toInt()); });
    connect(m_from, &QDateEdit::dateChanged, this, [this] { setPeriod(m_from->date(), m_to->date()); });
    connect(m_to, &QDateEdit::dateChanged, this, [this] { setPeriod(m_from->date(), m_to->date()); });
    connect(m_whole, &QPushButton::clicked, this, &LeveyJenningsView::showWholePeriod);
    connect(m_export, &QPushButton::clicked, this, &LeveyJenningsView::chooseExportFile);
}

void LeveyJenningsView::setData(const LeveyJenningsData &source)
{
    m_full = source;
    {
        const QSignalBlocker block(m_levels);
        m_levels->clear();
        m_levels->addItem(tr("All levels (z-scores)"), 0);
        for (int level : source.levels())
            m_levels->addItem(tr("Level %1").arg(level), level);
        const int index = m_levels->findData(m_level);
        m_levels->setCurrentIndex(index >= 0 ? index : 0);
        m_level = m_levels->currentData().toInt();
    }
    showWholePeriod();
}

void LeveyJenningsView::showWholePeriod()
{
    const QDate from = QDateTime::fromMSecsSinceEpoch(m_full.fromMs).date();
    const QDate to = QDateTime::fromMSecsSinceEpoch(m_full.toMs).date();
    {
        const QSignalBlocker a(m_from);
        const QSignalBlocker b(m_to);
        m_from->setDate(from);
        m_to->setDate(to);
    }
    m_shown = m_full;
    refresh();
}

bool LeveyJenningsView::setPeriod(QDate from, QDate to)
{
    if (!from.isValid() || !to.isValid() || to < from)
        return false;
    {
        const QSignalBlocker a(m_from);
        const QSignalBlocker b(m_to);
        m_from->setDate(from);
        m_to->setDate(to);
    }
    m_shown = m_full.between(startOfDay(from), endOfDay(to));
    refresh();
    return true;
}

void LeveyJenningsView::showLevel(int level)
{
    m_level = level;
    const int index = m_levels->findData(level);
    if (index >= 0 && index != m_levels->currentIndex()) {
        const QSignalBlocker block(m_levels);
        m_levels->setCurrentIndex(index);
    }
    refresh();
}

void LeveyJenningsView::refresh()
{
    if (m_level > 0)
        m_chart->setData(m_shown, m_level);
    else
        m_chart->setData(m_shown);
    fillStatistics();
}

void LeveyJenningsView::fillStatistics()
{
    using RunStatus = WestgardEvaluator::RunStatus;
    m_summary->setText(
        tr("%1 points in the period: %2 in accepted runs, %3 with a warning, %4 in rejected runs, "
           "%5 not evaluated")
            .arg(m_shown.points.size())
            .arg(m_shown.count(RunStatus::Accepted))
            .arg(m_shown.count(RunStatus::Warning))
            .arg(m_shown.count(RunStatus::Rejected))
            .arg(m_shown.count(RunStatus::NotEvaluated)));
    // One row per level and lot: bias only means something against the lot's own target.
    struct Row
    {
        int level;
        QString lot;
    };
    QList<Row> rows;
    for (int level : m_shown.levels()) {
        if (m_level > 0 && level != m_level)
            continue;
        for (const QString &lot : m_shown.lots()) {
            const bool has = std::any_of(m_shown.points.cbegin(), m_shown.points.cend(), [&](const auto &p) {
                return p.qc.level == level && p.qc.lot == lot;
            });
            if (has)
                rows << Row{level, lot};
        }
    }
    m_table->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        const Row &row = rows.at(r);
        const QcStatistics s = m_shown.statistics(row.level, row.lot);
        const std::optional<QcTarget> t = m_shown.target(row.lot, row.level);
        const int d = decimalsFor(t ? t->sd : (s.sd ? *s.sd : 0));
        const QStringList cells{
            QString::number(row.level),
            row.lot,
            QString::number(s.n),
            fixed(s.mean, d),
            fixed(s.sd, d),
            fixed(s.cvPercent, 2),
            t ? tr("%1 ± %2").arg(fixed(t->mean, d), fixed(t->sd, d)) : tr("not set"),
            s.bias ? (*s.bias > 0 ? QStringLiteral("+") : QString()) + fixed(s.bias, d) : QStringLiteral("–"),
            s.biasPercent ? (*s.biasPercent > 0 ? QStringLiteral("+") : QString()) + fixed(s.biasPercent, 2)
                          : QStringLiteral("–")};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setTextAlignment(c >= 2 ? Qt::AlignRight | Qt::AlignVCenter
                                          : Qt::AlignLeft | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    // Tall enough for its rows, and no taller.
    int height = m_table->horizontalHeader()->height() + 2 * m_table->frameWidth();
    for (int r = 0; r < m_table->rowCount(); ++r)
        height += m_table->rowHeight(r);
    m_table->setMaximumHeight(height);
    m_table->setMinimumHeight(height);
    m_table->resizeColumnsToContents();
    m_table->setMaximumWidth(m_table->horizontalHeader()->length() + 2 * m_table->frameWidth() + 2);
}

Status LeveyJenningsView::exportPng(const QString &path) const
{
    const QImage image = m_chartView->grab().toImage();
    if (image.isNull() || !image.save(path, "PNG"))
        return Status::failure(
            tr("Could not write the chart to %1; check that the folder exists and can be written.")
                .arg(path));
    return {};
}

void LeveyJenningsView::chooseExportFile()
{
    const QString suggested = QStringLiteral("%1-levey-jennings-%2.png")
                                  .arg(m_full.test.isEmpty() ? QStringLiteral("qc") : m_full.test,
                                       m_to->date().toString(Qt::ISODate));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export chart"), suggested, tr("PNG image (*.png)"));
    if (path.isEmpty())
        return;
    if (const Status s = exportPng(path); !s)
        QMessageBox::warning(this, tr("Export chart"), s.error());
}

bool LeveyJenningsView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_chartView->viewport() && event->type() == QEvent::MouseMove) {
        const auto *move = static_cast<QMouseEvent *>(event);
        const QPointF inChart = m_chart->mapFromScene(m_chartView->mapToScene(move->position().toPoint()));
        const int index = m_chart->pointAt(inChart);
        if (index >= 0)
            QToolTip::showText(move->globalPosition().toPoint(), m_chart->toolTip(index), m_chartView);
        else
            QToolTip::hideText();
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace benchside
