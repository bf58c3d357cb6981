// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/scanrefusal.h"

#include <QApplication>
#include <QBoxLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLayout>
#include <QVBoxLayout>
#include <algorithm>

namespace benchside {

namespace {
constexpr char AcceptsScans[] = "benchsideAcceptsScans";
constexpr int WarningBeeps = 3; // as the Receiving page's warnings
constexpr int BeepGapMs = 150;
} // namespace

void ScanRefusal::acceptScans(QWidget *field)
{
    field->setProperty(AcceptsScans, true);
}

bool ScanRefusal::acceptsScans(const QWidget *field)
{
    return field && field->property(AcceptsScans).toBool();
}

ScanRefusal *ScanRefusal::refuse(QWidget *dialog, const QString &code)
{
    auto *notice = dialog->findChild<ScanRefusal *>(QString(), Qt::FindDirectChildrenOnly);
    if (!notice)
        notice = new ScanRefusal(dialog);
    notice->add(code);
    return notice;
}

ScanRefusal::ScanRefusal(QWidget *dialog) : QFrame(dialog)
{
    setObjectName(QStringLiteral("scanRefusalNotice"));
    setStyleSheet(QStringLiteral("#scanRefusalNotice { background: #b71c1c; border-radius: 6px; }"
                                 "#scanRefusalNotice QLabel { color: white; font-weight: bold; }"));
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("scanRefusalText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(m_text);

    // Above the dialog's own fields, pushing them down rather than covering one of them; in a grid
    // (QMessageBox, QInputDialog's own) a row of its own below everything, so the question stays readable.
    if (auto *box = qobject_cast<QBoxLayout *>(dialog->layout())) {
        box->insertWidget(0, this);
    } else if (auto *grid = qobject_cast<QGridLayout *>(dialog->layout())) {
        grid->addWidget(this, grid->rowCount(), 0, 1, std::max(1, grid->columnCount()));
    } else {
        setGeometry(8, 8, dialog->width() - 16, heightForWidth(dialog->width() - 16));
        raise();
    }
    show();

    m_beeps.setInterval(BeepGapMs);
    connect(&m_beeps, &QTimer::timeout, this, [this] {
        QApplication::beep();
        if (--m_beepsLeft <= 0)
            m_beeps.stop();
    });
}

void ScanRefusal::add(const QString &code)
{
    if (!m_codes.contains(code))
        m_codes.append(code);
    m_text->setText(tr("Scan not used: %1. Nothing was recorded for it and no field of this dialog was "
                       "changed. Finish or cancel this dialog, then scan the tube again.")
                        .arg(m_codes.join(QStringLiteral(", "))));
    // The dialog grows, never shrinks, to show the notice whole. QMessageBox fixes its own size.
    QWidget *dialog = parentWidget();
    if (QLayout *layout = dialog->layout()) {
        layout->activate();
        const QSize wanted = dialog->size().expandedTo(layout->totalSizeHint());
        if (dialog->minimumSize() == dialog->maximumSize())
            dialog->setFixedSize(wanted);
        else
            dialog->resize(wanted);
    } else {
        adjustSize();
    }
    m_beeps.stop();
    QApplication::beep();
    m_beepsLeft = WarningBeeps - 1;
    m_beeps.start();
}

QString ScanRefusal::text() const
{
    return m_text->text();
}

} // namespace benchside
