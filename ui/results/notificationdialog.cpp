// SPDX-License-Identifier: GPL-3.0-or-later
#include "results/notificationdialog.h"

#include "result/resultservice.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace benchside {

NotificationDialog::NotificationDialog(const QString &summary, qint64 nowMs, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("notificationDialog"));
    setWindowTitle(tr("Document the critical result call"));
    auto *heading = new QLabel(tr("<b>Critical result:</b> %1<br>It cannot be released until the call "
                                  "to the care team is documented.")
                                   .arg(summary.toHtmlEscaped()),
                               this);
    heading->setWordWrap(true);

    m_to = new QLineEdit(this);
    m_to->setObjectName(QStringLiteral("notifiedTo"));
    m_to->setPlaceholderText(tr("Name and role, e.g. Dr. Lee, ward 3"));
    m_at = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(nowMs), this);
    m_at->setObjectName(QStringLiteral("notifiedAt"));
    m_at->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_at->setMaximumDateTime(QDateTime::fromMSecsSinceEpoch(nowMs).addSecs(60));
    m_readBack = new QCheckBox(tr("The receiver &read the result back and it was confirmed"), this);
    m_readBack->setObjectName(QStringLiteral("notifiedReadBack"));

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("notificationProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    m_problem->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Told:"), m_to);
    form->addRow(tr("&When:"), m_at);
    form->addRow(QString(), m_readBack);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Document call"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Later"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_to, &QLineEdit::textChanged, this, &NotificationDialog::updateButton);
    connect(m_readBack, &QCheckBox::toggled, this, &NotificationDialog::updateButton);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    updateButton();
}

Notification NotificationDialog::notification() const
{
    Notification n;
    n.to = m_to->text().trimmed();
    n.atMs = m_at->dateTime().toMSecsSinceEpoch();
    n.readBack = m_readBack->isChecked();
    return n;
}

void NotificationDialog::showProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

std::optional<Event> NotificationDialog::document(ResultService &service, const QString &orderId,
                                                  const QString &summary, const QString &actor,
                                                  QWidget *parent)
{
    NotificationDialog dialog(summary, QDateTime::currentMSecsSinceEpoch(), parent);
    while (dialog.exec() == QDialog::Accepted) {
        Result<Event> e = service.notify(orderId, dialog.notification(), actor);
        if (e)
            return e.value();
        dialog.showProblem(e.error());
    }
    return std::nullopt;
}

void NotificationDialog::updateButton()
{
    // Without a name and a read-back the call does not count; the model would refuse it anyway.
    m_ok->setEnabled(!m_to->text().trimmed().isEmpty() && m_readBack->isChecked());
}

} // namespace benchside
