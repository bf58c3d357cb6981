// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/serverurl.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace benchside {

// The sync server and its TLS options. Takes the URL `benchside-cli server add-station` printed
// (password included) or its parts; accept() refuses an invalid URL or interval with a message and
// keeps the dialog open, so nothing half-valid is handed on.
class SyncSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    SyncSettingsDialog(const ServerUrl &current, int intervalSeconds, QWidget *parent = nullptr);

    ServerUrl url() const { return m_result; }
    int intervalSeconds() const;

    void accept() override;

private:
    Result<ServerUrl> collect() const;
    QLineEdit *fileField(const char *name, const QString &value);

    QLineEdit *m_url;
    QLineEdit *m_password;
    QComboBox *m_sslMode;
    QLineEdit *m_rootCert;
    QLineEdit *m_clientCert;
    QLineEdit *m_clientKey;
    QSpinBox *m_interval;
    QLabel *m_error;
    ServerUrl m_result;
};

} // namespace benchside
