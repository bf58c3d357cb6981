// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/syncsettingsdialog.h"

#include "settings/settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace benchside {

namespace {
const QStringList &sslModes()
{
    static const QStringList modes{QStringLiteral("verify-full"), QStringLiteral("verify-ca"),
                                   QStringLiteral("require"), QStringLiteral("prefer"),
                                   QStringLiteral("disable")};
    return modes;
}
} // namespace

SyncSettingsDialog::SyncSettingsDialog(const ServerUrl &current, int intervalSeconds, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("syncSettingsDialog"));
    setWindowTitle(tr("Sync settings"));

    ServerUrl shown = current;
    shown.password.clear();
    shown.sslMode.clear();
    shown.sslRootCert.clear();
    shown.sslCert.clear();
    shown.sslKey.clear();
    m_url = new QLineEdit(current.host.isEmpty() ? QString() : shown.toString(), this);
    m_url->setObjectName(QStringLiteral("serverUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("postgresql://benchside_rec1@sync.lab.example:5432/benchside"));
    m_url->setMinimumWidth(m_url->fontMetrics().horizontalAdvance(m_url->placeholderText()) + 24);
    m_password = new QLineEdit(current.password, this);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("as printed by benchside-cli server add-station"));

    m_sslMode = new QComboBox(this);
    m_sslMode->setObjectName(QStringLiteral("sslModeCombo"));
    const QStringList labels{tr("verify-full — encrypted, server certificate and name checked (recommended)"),
                             tr("verify-ca — encrypted, server certificate checked"),
                             tr("require — encrypted, server not checked"),
                             tr("prefer — encrypted if the server offers it"), tr("disable — not encrypted")};
    for (int i = 0; i < sslModes().size(); ++i)
        m_sslMode->addItem(labels.at(i), sslModes().at(i));
    const int mode =
        sslModes().indexOf(current.sslMode.isEmpty() ? QStringLiteral("prefer") : current.sslMode);
    m_sslMode->setCurrentIndex(mode < 0 ? 0 : mode);
    m_rootCert = fileField("rootCertEdit", current.sslRootCert);
    m_clientCert = fileField("clientCertEdit", current.sslCert);
    m_clientKey = fileField("clientKeyEdit", current.sslKey);

    m_interval = new QSpinBox(this);
    m_interval->setObjectName(QStringLiteral("intervalSpin"));
    m_interval->setRange(1, 86'400); // wider than allowed, so that a wrong value gets a message
    m_interval->setSuffix(tr(" s"));
    m_interval->setValue(intervalSeconds);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Server &URL:"), m_url);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&TLS:"), m_sslMode);
    auto addFile = [&](const QString &label, QLineEdit *edit) {
        auto *row = new QHBoxLayout;
        row->addWidget(edit, 1);
        auto *browse = new QPushButton(tr("Browse…"), this);
        connect(browse, &QPushButton::clicked, this, [this, edit] {
            const QString file = QFileDialog::getOpenFileName(this, tr("Choose a file"), edit->text());
            if (!file.isEmpty())
                edit->setText(QDir::toNativeSeparators(file));
        });
        row->addWidget(browse);
        auto *caption = new QLabel(label, this);
        caption->setBuddy(edit); // addRow(QString, QLayout *) would show the & of the shortcut
        form->addRow(caption, row);
    };
    addFile(tr("CA &certificate:"), m_rootCert);
    addFile(tr("Client c&ertificate:"), m_clientCert);
    addFile(tr("Client &key:"), m_clientKey);
    form->addRow(tr("Sync &every:"), m_interval);

    auto *note =
        new QLabel(tr("The password is stored sealed with a key only this user can read; the settings file "
                      "never holds it."),
                   this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SyncSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SyncSettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

QLineEdit *SyncSettingsDialog::fileField(const char *name, const QString &value)
{
    auto *edit = new QLineEdit(value, this);
    edit->setObjectName(QLatin1String(name));
    return edit;
}

int SyncSettingsDialog::intervalSeconds() const
{
    return m_interval->value();
}

Result<ServerUrl> SyncSettingsDialog::collect() const
{
    Result<ServerUrl> parsed = ServerUrl::parse(m_url->text().trimmed());
    if (!parsed)
        return parsed;
    ServerUrl url = parsed.value();
    // A password pasted inside the URL wins over the field, so the add-station URL works as printed.
    if (url.password.isEmpty())
        url.password = m_password->text();
    url.sslMode = m_sslMode->currentData().toString();
    url.sslRootCert = m_rootCert->text().trimmed();
    url.sslCert = m_clientCert->text().trimmed();
    url.sslKey = m_clientKey->text().trimmed();
    for (const QString &file : {url.sslRootCert, url.sslCert, url.sslKey}) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable())
            return Result<ServerUrl>::failure(tr("Cannot read the file %1.").arg(file));
    }
    if (url.sslCert.isEmpty() != url.sslKey.isEmpty())
        return Result<ServerUrl>::failure(
            tr("A client certificate needs its key, and a key its certificate."));
    // Checked the way it will be read back, so what is saved is what the station will use (a
    // verify-ca or verify-full without a CA file is refused there).
    return ServerUrl::parse(url.toString(true));
}

void SyncSettingsDialog::accept()
{
    Result<ServerUrl> url = collect();
    Status interval = Settings::check(Settings::Key::SyncIntervalSeconds, m_interval->value());
    if (!url || !interval) {
        m_error->setText(!url ? url.error() : interval.error());
        m_error->show();
        return;
    }
    m_result = url.value();
    QDialog::accept();
}

} // namespace benchside
