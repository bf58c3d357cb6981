// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings/settings.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QWidget;

namespace benchside {

struct Station;

// The station's preferences in one place: scanner, serial scanner, labels and printer, the sync
// server (through its own dialog, which keeps the password sealed) and the language (from the next
// start on). The station's id and site are
// shown, not edited: they are part of every journal entry it has written. accept() checks every
// value first and stores none unless all are valid, so nothing is ever half-applied.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // A combo box's entries: the value stored, and what the person reads.
    using Choices = QList<std::pair<QString, QString>>;

    SettingsDialog(Settings &settings, const Station &station, QWidget *parent = nullptr);

    // Sets a field as a person would type or choose it (for tests and for the dialog's own use).
    void setField(Settings::Key key, const QString &value);
    QString field(Settings::Key key) const;

    void accept() override;

signals:
    void syncSettingsRequested();

private:
    void addField(Settings::Key key, const QString &label, const Choices &choices, const QString &hint,
                  QWidget *page);

    Settings &m_settings;
    QHash<Settings::Key, QWidget *> m_fields;
    QLabel *m_error;
};

} // namespace benchside
