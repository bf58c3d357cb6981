// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7outbox.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace benchside {

// Where released results go: pick a destination to change it or "New destination", set its address,
// the events it is sent and how our messages address it (MSH-5/6). Saving records the definition
// (Hl7Outbox::defineDestination); a refusal is shown in the dialog, which stays open.
class DestinationDialog : public QDialog
{
    Q_OBJECT

public:
    DestinationDialog(Hl7Outbox &outbox, QString actor, QWidget *parent = nullptr);

    // The destination saved, after exec() returned Accepted.
    const Hl7Destination &saved() const { return m_saved; }

private:
    void load();
    void showDestination(int index);
    void save();

    Hl7Outbox &m_outbox;
    QString m_actor;
    QList<Hl7Destination> m_existing;
    Hl7Destination m_saved;
    QComboBox *m_pick;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QList<QCheckBox *> m_events; // in the order of Hl7Outbox::eventKinds()
    QLineEdit *m_app;
    QLineEdit *m_facility;
    QCheckBox *m_active;
    QLabel *m_error;
};

} // namespace benchside
