// SPDX-License-Identifier: GPL-3.0-or-later
#include "interfaces/destinationdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace benchside {

namespace {
QString eventLabel(const QString &kind)
{
    if (kind == QLatin1String("released"))
        return DestinationDialog::tr("&Released results");
    if (kind == QLatin1String("amended"))
        return DestinationDialog::tr("&Corrections of released results");
    return DestinationDialog::tr("Ca&ncelled orders and rejected tubes");
}
} // namespace

DestinationDialog::DestinationDialog(Hl7Outbox &outbox, QString actor, QWidget *parent)
    : QDialog(parent), m_outbox(outbox), m_actor(std::move(actor))
{
    setObjectName(QStringLiteral("destinationDialog"));
    setWindowTitle(tr("HL7 destinations"));

    m_pick = new QComboBox(this);
    m_pick->setObjectName(QStringLiteral("destinationPick"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("destinationName"));
    m_name->setPlaceholderText(tr("e.g. HIS"));
    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("destinationHost"));
    m_host->setPlaceholderText(tr("host name or address"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("destinationPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(2575);
    auto *address = new QHBoxLayout;
    address->addWidget(m_host, 1);
    address->addWidget(new QLabel(QStringLiteral(":"), this));
    address->addWidget(m_port);
    auto *events = new QVBoxLayout;
    for (const QString &kind : Hl7Outbox::eventKinds()) {
        auto *box = new QCheckBox(eventLabel(kind), this);
        box->setObjectName(QStringLiteral("destinationEvent_") + kind);
        box->setChecked(true);
        m_events << box;
        events->addWidget(box);
    }
    m_app = new QLineEdit(this);
    m_app->setObjectName(QStringLiteral("destinationApp"));
    m_facility = new QLineEdit(this);
    m_facility->setObjectName(QStringLiteral("destinationFacility"));
    m_active = new QCheckBox(tr("&Send to this destination"), this);
    m_active->setObjectName(QStringLiteral("destinationActive"));
    m_active->setToolTip(
        tr("Cleared: results released from now on are not queued for it; what is queued stays."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Destination:"), m_pick);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Address:"), address);
    form->addRow(tr("Sends:"), events);
    form->addRow(tr("Receiving a&pplication (MSH-5):"), m_app);
    form->addRow(tr("Receiving &facility (MSH-6):"), m_facility);
    form->addRow(QString(), m_active);
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(address)))
        label->setBuddy(m_host);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("destinationError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #7a0000; }"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &DestinationDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Released results are sent as ORU^R01 to each destination, one message "
                                    "at a time, each waiting for its ACK."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_pick, &QComboBox::currentIndexChanged, this, &DestinationDialog::showDestination);
    load();
}

void DestinationDialog::load()
{
    m_pick->addItem(tr("New destination"));
    Result<QList<Hl7Destination>> existing = m_outbox.destinations();
    if (!existing) {
        m_error->setText(existing.error());
        m_error->show();
    } else {
        m_existing = existing.value();
    }
    for (const Hl7Destination &d : std::as_const(m_existing))
        m_pick->addItem(QStringLiteral("%1 → %2:%3").arg(d.name, d.host).arg(d.port));
    showDestination(0);
}

void DestinationDialog::showDestination(int index)
{
    const bool isNew = index <= 0 || index > m_existing.size();
    const Hl7Destination d = isNew ? Hl7Destination{} : m_existing.at(index - 1);
    m_name->setText(d.name);
    // A destination is known by its name: changing it would make another one.
    m_name->setReadOnly(!isNew);
    m_host->setText(d.host);
    m_port->setValue(d.port == 0 ? 2575 : d.port);
    for (qsizetype i = 0; i < m_events.size(); ++i)
        m_events.at(i)->setChecked(isNew || d.events.contains(Hl7Outbox::eventKinds().at(i)));
    m_app->setText(d.receivingApp);
    m_facility->setText(d.receivingFacility);
    m_active->setChecked(true);
}

void DestinationDialog::save()
{
    Hl7Destination d;
    d.name = m_name->text().trimmed();
    d.host = m_host->text().trimmed();
    d.port = quint16(m_port->value());
    for (qsizetype i = 0; i < m_events.size(); ++i) {
        if (m_events.at(i)->isChecked())
            d.events << Hl7Outbox::eventKinds().at(i);
    }
    d.receivingApp = m_app->text().trimmed();
    d.receivingFacility = m_facility->text().trimmed();
    d.active = m_active->isChecked();
    if (Result<Event> e = m_outbox.defineDestination(d, m_actor); !e) {
        m_error->setText(e.error());
        m_error->show();
        return;
    }
    m_saved = d;
    accept();
}

} // namespace benchside
