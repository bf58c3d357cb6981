// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qclockoutpanel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace benchside {

namespace {
QString when(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                  : QString();
}
} // namespace

QcLockoutPanel::QcLockoutPanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("qcLockoutPanel"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("qcLockoutState"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_corrective = new QPushButton(tr("Corrective &action…"), this);
    m_corrective->setObjectName(QStringLiteral("qcCorrectiveButton"));
    m_override = new QPushButton(tr("&Override…"), this);
    m_override->setObjectName(QStringLiteral("qcOverrideButton"));
    m_override->setToolTip(
        tr("Supervisors only: release patient results despite the rejected run, with a reason."));
    m_review = new QPushButton(tr("Re&view result…"), this);
    m_review->setObjectName(QStringLiteral("qcReviewButton"));
    connect(m_corrective, &QPushButton::clicked, this, &QcLockoutPanel::correctiveActionRequested);
    connect(m_override, &QPushButton::clicked, this, &QcLockoutPanel::overrideRequested);
    connect(m_review, &QPushButton::clicked, this, [this] {
        if (!selectedOrderId().isEmpty())
            emit reviewRequested(selectedOrderId());
    });

    m_lookback = new QTableWidget(0, 7, this);
    m_lookback->setObjectName(QStringLiteral("qcLookbackTable"));
    m_lookback->setHorizontalHeaderLabels(
        {tr("Released"), tr("Accession"), tr("Patient"), tr("Result"), tr("Flag"), tr("Review"), tr("Note")});
    m_lookback->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_lookback->setSelectionMode(QAbstractItemView::SingleSelection);
    m_lookback->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_lookback->verticalHeader()->hide();
    m_lookback->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_lookback->horizontalHeader()->setStretchLastSection(true);
    connect(m_lookback, &QTableWidget::itemSelectionChanged, this,
            [this] { m_review->setEnabled(!selectedOrderId().isEmpty()); });
    connect(m_lookback, &QTableWidget::cellDoubleClicked, this, [this] {
        if (!selectedOrderId().isEmpty())
            emit reviewRequested(selectedOrderId());
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_corrective);
    buttons->addWidget(m_override);
    buttons->addStretch(1);
    buttons->addWidget(m_review);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_state);
    layout->addLayout(buttons);
    layout->addWidget(m_lookback, 1);
    setEpisode(std::nullopt, {});
}

void QcLockoutPanel::setEpisode(const std::optional<QcLockoutEpisode> &episode,
                                const QList<QcLookbackEntry> &lookback)
{
    const bool open = episode && episode->open();
    m_entries = open ? lookback : QList<QcLookbackEntry>();
    if (!open) {
        m_state->setText(episode ? tr("QC in control: the last lockout was resolved by run %1 on %2.")
                                       .arg(episode->resolvedRunId, when(episode->resolvedAtMs))
                                 : tr("QC in control: no lockout."));
        m_state->setStyleSheet(QString());
    } else {
        QString text = QStringLiteral("<b>%1</b>").arg(QcLockout::reason(*episode).toHtmlEscaped());
        if (episode->correctiveDone)
            text += QStringLiteral("<br>") + tr("Corrective action by %1 on %2: %3")
                                                 .arg(episode->correctiveBy.toHtmlEscaped(),
                                                      when(episode->correctiveAtMs),
                                                      episode->correctiveAction.toHtmlEscaped());
        const qsizetype unreviewed = std::count_if(lookback.cbegin(), lookback.cend(),
                                                   [](const QcLookbackEntry &e) { return !e.reviewed(); });
        text +=
            QStringLiteral("<br>") + tr("Look-back: %1 patient result(s) released since the last accepted "
                                        "run, %2 not yet reviewed.")
                                         .arg(lookback.size())
                                         .arg(unreviewed);
        m_state->setText(text);
        m_state->setStyleSheet(
            episode->locked()
                ? QStringLiteral("QLabel { background: #fde0dc; color: #7f0000; padding: 6px; }")
                : QStringLiteral("QLabel { background: #fff4d6; color: #5d4300; padding: 6px; }"));
    }
    m_episode = episode;
    fitState();
    m_corrective->setEnabled(open && m_mayDocument.ok());
    m_corrective->setToolTip(m_mayDocument ? QString() : m_mayDocument.error());
    m_override->setEnabled(open && episode->locked() && m_mayOverride.ok());
    m_override->setToolTip(
        !m_mayOverride ? m_mayOverride.error()
        : open && !episode->locked()
            ? tr("The lockout is already overridden; an accepted run after a corrective action ends it.")
            : tr("Supervisors only: release patient results despite the rejected run, with a reason."));
    m_lookback->setRowCount(0);
    m_lookback->setRowCount(int(m_entries.size()));
    for (int row = 0; row < m_entries.size(); ++row) {
        const QcLookbackEntry &e = m_entries.at(row);
        const QStringList cells{when(e.releasedAtMs),
                                e.accession,
                                e.patientName.isEmpty() ? e.patientMrn : e.patientName,
                                QStringLiteral("%1 %2").arg(e.value, e.unit).trimmed(),
                                e.flag,
                                e.reviewed() ? tr("%1 (%2)").arg(e.outcome, e.reviewedBy) : tr("to review"),
                                e.note};
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setData(Qt::UserRole, e.orderId);
            if (!e.reviewed())
                item->setBackground(QColor(0xff, 0xf4, 0xd6));
            m_lookback->setItem(row, column, item);
        }
    }
    m_review->setEnabled(false);
}

void QcLockoutPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitState();
}

void QcLockoutPanel::fitState()
{
    m_state->setMinimumHeight(m_state->heightForWidth(std::max(1, m_state->width())));
}

void QcLockoutPanel::setPermissions(const Status &mayOverride, const Status &mayDocument)
{
    m_mayOverride = mayOverride;
    m_mayDocument = mayDocument;
    setEpisode(m_episode, m_entries);
}

QString QcLockoutPanel::selectedOrderId() const
{
    const QList<QTableWidgetItem *> selected = m_lookback->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(Qt::UserRole).toString();
}

} // namespace benchside
