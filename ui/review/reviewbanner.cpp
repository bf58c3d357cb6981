// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/reviewbanner.h"

#include "lab/lab.h"
#include "review/reviewservice.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace benchside {

ReviewBanner::ReviewBanner(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    setObjectName(QStringLiteral("reviewBanner"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("reviewText"));
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4e5; color: #5a3300; border: 2px solid #ef6c00; padding: 8px; }"));
    m_decide = new QPushButton(tr("&Decide…"), this);
    m_decide->setObjectName(QStringLiteral("decideButton"));
    m_decide->setToolTip(tr("Record which result stands (supervisors)"));
    connect(m_decide, &QPushButton::clicked, this, &ReviewBanner::askResolution);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_decide, 0, Qt::AlignTop);
    hide();
}

void ReviewBanner::showFor(const QString &accession)
{
    m_accession = accession;
    Result<QList<ReviewFlag>> flags = ReviewService(m_lab.store(), m_lab.catalog()).flags(accession);
    if (!flags) {
        m_text->setText(tr("Cannot read the review list: %1").arg(flags.error()));
        m_decide->hide();
        show();
        return;
    }
    QStringList open;
    for (const ReviewFlag &f : flags.value()) {
        if (f.resolvedBy.isEmpty())
            open << QStringLiteral("• ") + f.reason;
    }
    if (open.isEmpty()) {
        hide();
        return;
    }
    m_text->setText(tr("Needs review — records from two stations conflict:") + QLatin1Char('\n') +
                    open.join(QLatin1Char('\n')));
    m_decide->show();
    show();
}

Status ReviewBanner::resolve(const QString &resolution)
{
    Result<Event> done =
        ReviewService(m_lab.store(), m_lab.catalog()).resolve(m_accession, resolution, m_actor);
    if (!done)
        return Status::failure(done.error());
    showFor(m_accession);
    emit resolved(m_accession);
    return {};
}

void ReviewBanner::askResolution()
{
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(
        this, tr("Decide the conflict on %1").arg(m_accession),
        tr("Which result stands, and why (for example \"6.1 confirmed by rerun\"):"), QString(), &ok);
    if (!ok)
        return;
    if (Status s = resolve(note.trimmed()); !s)
        QMessageBox::warning(this, tr("Review not recorded"), s.error());
}

} // namespace benchside
