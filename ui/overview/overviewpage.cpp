// SPDX-License-Identifier: GPL-3.0-or-later
#include "overview/overviewpage.h"

#include "autoverify/autoverifyrate.h"
#include "autoverify/autoverifyratetable.h"
#include "lab/lab.h"
#include "overview/benchcountstable.h"
#include "overview/slowestorderstable.h"
#include "overview/tatchartview.h"
#include "overview/tatsampler.h"
#include "worklist/tatstatistics.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace benchside {

namespace {
constexpr int SlowestShown = 10;
}

OverviewPage::OverviewPage(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    setObjectName(QStringLiteral("overviewPage"));
    auto *heading = new QLabel(tr("<b>Overview</b> — open work on every bench and turnaround time "
                                  "(received → released)."),
                               this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    heading->setFont(headingFont);
    auto *refreshButton = new QPushButton(tr("&Refresh"), this);
    refreshButton->setObjectName(QStringLiteral("overviewRefresh"));
    connect(refreshButton, &QPushButton::clicked, this, &OverviewPage::refresh);

    m_counts = new BenchCountsTable(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("overviewMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));

    m_period = new QComboBox(this);
    m_period->setObjectName(QStringLiteral("overviewPeriod"));
    m_period->addItem(tr("Today"), int(Period::Today));
    m_period->addItem(tr("This week"), int(Period::ThisWeek));
    m_period->addItem(tr("Chosen range"), int(Period::Range));
    const QDate today = QDate::currentDate();
    m_from = new QDateEdit(today.addDays(-7), this);
    m_from->setObjectName(QStringLiteral("overviewFrom"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("overviewTo"));
    for (QDateEdit *e : {m_from, m_to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        e->setEnabled(false);
    }
    m_groupBy = new QComboBox(this);
    m_groupBy->setObjectName(QStringLiteral("overviewGroupBy"));
    m_groupBy->addItem(tr("Per bench"), int(TatSampler::GroupBy::Bench));
    m_groupBy->addItem(tr("Per test"), int(TatSampler::GroupBy::Test));
    m_bench = new QComboBox(this);
    m_bench->setObjectName(QStringLiteral("overviewBench"));
    m_bench->addItem(tr("All benches"), QString());
    if (const Result<QList<CodeName>> benches = m_lab.catalog().benches(); benches)
        for (const CodeName &b : benches.value())
            m_bench->addItem(QStringLiteral("%1 — %2").arg(b.code, b.name), b.code);

    m_chart = new TatChartView(this);
    m_chart->setMinimumHeight(280);
    m_slowest = new SlowestOrdersTable(this);
    m_autoverifyRate = new AutoverifyRateTable(this);

    const auto chartChanged = [this] {
        const bool range = m_period->currentData().toInt() == int(Period::Range);
        m_from->setEnabled(range);
        m_to->setEnabled(range);
        if (Status s = refreshChart(QDateTime::currentMSecsSinceEpoch()); !s)
            showMessage(s.error());
    };
    for (QComboBox *box : {m_period, m_groupBy, m_bench})
        connect(box, &QComboBox::currentIndexChanged, this, chartChanged);
    for (QDateEdit *e : {m_from, m_to})
        connect(e, &QDateEdit::dateChanged, this, chartChanged);

    auto *top = new QHBoxLayout;
    top->addWidget(heading, 1);
    top->addWidget(refreshButton);
    auto *tatControls = new QHBoxLayout;
    tatControls->addWidget(new QLabel(tr("Turnaround:"), this));
    tatControls->addWidget(m_period);
    tatControls->addWidget(m_from);
    tatControls->addWidget(new QLabel(tr("to"), this));
    tatControls->addWidget(m_to);
    tatControls->addSpacing(16);
    tatControls->addWidget(m_groupBy);
    tatControls->addWidget(m_bench);
    tatControls->addStretch(1);

    auto *slowBox = new QGroupBox(tr("Waiting longest"), this);
    auto *slowLayout = new QVBoxLayout(slowBox);
    slowLayout->addWidget(m_slowest);
    auto *lower = new QSplitter(Qt::Horizontal, this);
    lower->addWidget(m_chart);
    lower->addWidget(slowBox);
    lower->setStretchFactor(0, 1);
    lower->setStretchFactor(1, 1);
    // Neither side collapses: the table keeps the width of its columns (audit finding 21).
    lower->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_counts);
    m_autoverifyCaption = new QLabel(this);
    m_autoverifyCaption->setObjectName(QStringLiteral("autoverifyCaption"));
    layout->addWidget(m_autoverifyCaption);
    layout->addWidget(m_autoverifyRate);
    layout->addLayout(tatControls);
    layout->addWidget(lower, 1);
    m_message->hide();
}

void OverviewPage::setPeriod(Period period)
{
    m_period->setCurrentIndex(m_period->findData(int(period)));
}

std::pair<qint64, qint64> OverviewPage::period(qint64 nowMs) const
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    switch (Period(m_period->currentData().toInt())) {
    // Whole days: a release stamped a moment ahead of this computer's clock is still today's.
    case Period::Today:
        return {today.startOfDay().toMSecsSinceEpoch(), today.addDays(1).startOfDay().toMSecsSinceEpoch()};
    case Period::ThisWeek: {
        const QDate monday = today.addDays(1 - today.dayOfWeek());
        return {monday.startOfDay().toMSecsSinceEpoch(), monday.addDays(7).startOfDay().toMSecsSinceEpoch()};
    }
    case Period::Range:
        break;
    }
    // The chosen last day is included whole.
    return {m_from->date().startOfDay().toMSecsSinceEpoch(),
            m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch()};
}

Status OverviewPage::refresh()
{
    m_message->hide();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const Result<QList<CodeName>> benches = m_lab.catalog().benches();
    Status s = Status::from(benches);
    if (s)
        s = m_counts->load(benches.value(), m_lab.database().connection(), now);
    if (s) {
        const Result<QList<AutoverifyRate::Row>> rate =
            AutoverifyRate(m_lab.database().connection()).today(now);
        s = Status::from(rate);
        if (s) {
            m_autoverifyRate->setRows(rate.value());
            // An empty table would only take the chart's room.
            m_autoverifyRate->setVisible(!rate.value().isEmpty());
            m_autoverifyCaption->setText(
                rate.value().isEmpty()
                    ? tr("No analyzer results today, so none released by the autoverification rules.")
                    : tr("Analyzer results today and the share released by the autoverification rules:"));
        }
    }
    if (s)
        s = refreshChart(now);
    if (!s)
        showMessage(s.error());
    return s;
}

Status OverviewPage::refreshChart(qint64 nowMs)
{
    m_message->hide();
    const auto [from, to] = period(nowMs);
    const QString bench = m_bench->currentData().toString();
    const Result<TatStatistics::Report> report =
        TatStatistics(m_lab.database().connection()).compute(bench, from, to, SlowestShown);
    if (!report)
        return Status::failure(report.error());
    m_slowest->setRows(report.value().slowestOpen, nowMs);

    QStringList benches;
    if (!bench.isEmpty())
        benches << bench;
    else
        for (int i = 1; i < m_bench->count(); ++i)
            benches << m_bench->itemData(i).toString();
    const auto by = TatSampler::GroupBy(m_groupBy->currentData().toInt());
    const Result<QList<TatDistribution>> groups =
        TatSampler(m_lab.database().connection()).sample(benches, by, from, to);
    if (!groups)
        return Status::failure(groups.error());
    m_chart->setGroupAxisTitle(by == TatSampler::GroupBy::Bench ? tr("Bench") : tr("Test"));
    m_chart->setDistributions(groups.value());
    return {};
}

void OverviewPage::showMessage(const QString &text)
{
    m_message->setText(text);
    m_message->show();
}

void OverviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

} // namespace benchside
