// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings/settingsdialog.h"

#include "i18n/translations.h"
#include "store/station.h"

#include <QCameraDevice>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMediaDevices>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace benchside {

namespace {
SettingsDialog::Choices numbers(const QList<int> &values)
{
    SettingsDialog::Choices out;
    for (int v : values)
        out.append({QString::number(v), QString::number(v)});
    return out;
}
} // namespace

SettingsDialog::SettingsDialog(Settings &settings, const Station &station, QWidget *parent)
    : QDialog(parent), m_settings(settings)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    // Every tab in sight: with seven, scroll arrows hid Language and half of Server (audit finding 28).
    // Without them the tab bar's width is the dialog's minimum.
    tabs->setUsesScrollButtons(false);
    auto page = [&](const QString &title) {
        auto *w = new QWidget(tabs);
        w->setLayout(new QFormLayout);
        tabs->addTab(w, title);
        return w;
    };
    using K = Settings::Key;

    QWidget *stationPage = page(tr("&Station"));
    auto *stationForm = static_cast<QFormLayout *>(stationPage->layout());
    stationForm->addRow(tr("Station:"), new QLabel(station.id, stationPage));
    stationForm->addRow(tr("Site:"), new QLabel(station.site, stationPage));
    stationForm->addRow(tr("Location:"), new QLabel(station.defaultLocation, stationPage));
    auto *fixed =
        new QLabel(tr("Set when the station was set up and written into every entry of its journal; "
                      "a workstation that moves is set up as a new station."),
                   stationPage);
    fixed->setWordWrap(true);
    stationForm->addRow(fixed);
    addField(K::IdleLockMinutes, tr("Lock when idle for (minutes):"), {},
             tr("0 to 240; 0 locks only with Ctrl+L"), stationPage);

    QWidget *scanner = page(tr("S&canner"));
    addField(K::ScannerMaxGapMs, tr("Longest gap between keys of a scan (ms):"), {}, tr("5 to 200"), scanner);
    addField(K::ScannerPrefix, tr("Prefix the scanner sends:"), {}, tr("up to 4 characters; empty for none"),
             scanner);
    addField(K::ScannerSuffix, tr("Suffix that ends a scan:"),
             {{QStringLiteral("enter"), tr("Enter")},
              {QStringLiteral("tab"), tr("Tab")},
              {QStringLiteral("enter-or-tab"), tr("Enter or Tab")},
              {QStringLiteral("none"), tr("none: a pause ends the scan")}},
             {}, scanner);
    addField(K::ScannerMinLength, tr("Shortest scan (characters):"), {}, {}, scanner);
    addField(K::DuplicateWindowSeconds, tr("Same tube again within (s) is a duplicate:"), {}, tr("0 to 3600"),
             scanner);

    QWidget *serial = page(tr("Se&rial scanner"));
    addField(K::SerialPort, tr("Port:"), {}, tr("for example /dev/ttyACM0; empty for none"), serial);
    addField(K::SerialBaudRate, tr("Baud rate:"), numbers(Settings::serialBaudRates()), {}, serial);
    const QHash<QString, QString> serialEnds{{QStringLiteral("cr"), tr("CR (carriage return)")},
                                             {QStringLiteral("lf"), tr("LF (line feed)")},
                                             {QStringLiteral("crlf"), tr("CR LF")},
                                             {QStringLiteral("tab"), tr("Tab")},
                                             {QStringLiteral("none"), tr("none: a pause ends the code")}};
    Choices ends;
    for (const QString &value : Settings::serialSuffixes())
        ends.append({value, serialEnds.value(value, value)});
    addField(K::SerialSuffix, tr("End of a code:"), ends, {}, serial);

    QWidget *labels = page(tr("&Labels"));
    addField(K::LabelWidthMm, tr("Label width (mm):"), {}, tr("15 to 150"), labels);
    addField(K::LabelHeightMm, tr("Label height (mm):"), {}, tr("15 to 150"), labels);
    addField(K::LabelDpi, tr("Printer resolution (dpi):"), numbers(Settings::labelDpis()), {}, labels);
    addField(K::LabelPrinterAddress, tr("ZPL printer (host:port):"), {}, tr("for example 10.0.0.5:9100"),
             labels);

    QWidget *camera = page(tr("Ca&mera"));
    Choices cameras{{QString(), tr("The system's default camera")},
                    {QStringLiteral("none"), tr("No camera")}};
    for (const QCameraDevice &device : QMediaDevices::videoInputs())
        cameras.append({QString::fromUtf8(device.id()), device.description()});
    // A camera chosen earlier and unplugged now stays chosen, rather than being replaced unseen.
    const QString chosenCamera = m_settings.value(K::CameraDevice).toString();
    if (std::none_of(cameras.cbegin(), cameras.cend(),
                     [&](const auto &c) { return c.first == chosenCamera; }))
        cameras.append({chosenCamera, tr("%1 (not connected)").arg(chosenCamera)});
    addField(K::CameraDevice, tr("Camera over the bench:"), cameras, {}, camera);
    auto *cameraNote = new QLabel(tr("The Camera page, and the Camera button on the Receiving page, read "
                                     "tubes held under it; Capture rack reads a rack from it."),
                                  camera);
    cameraNote->setWordWrap(true);
    static_cast<QFormLayout *>(camera->layout())->addRow(cameraNote);

    QWidget *sync = page(tr("Ser&ver"));
    auto *syncForm = static_cast<QFormLayout *>(sync->layout());
    const QString url = m_settings.value(K::SyncUrl).toString();
    syncForm->addRow(tr("Sync server:"), new QLabel(url.isEmpty() ? tr("not set up") : url, sync));
    auto *edit = new QPushButton(tr("Server URL and &TLS…"), sync);
    edit->setObjectName(QStringLiteral("syncSettingsButton"));
    connect(edit, &QPushButton::clicked, this, &SettingsDialog::syncSettingsRequested);
    syncForm->addRow(edit);

    QWidget *language = page(tr("Lan&guage"));
    Choices languages{{QStringLiteral("system"),
                       tr("As the system (%1)")
                           .arg(Translations::nativeName(Translations::resolve(QStringLiteral("system"))))}};
    for (const QString &code : Translations::languages())
        languages.append({code, Translations::nativeName(code)});
    addField(K::UiLanguage, tr("Language:"), languages, {}, language);
    auto *restart = new QLabel(tr("Benchside shows the new language when it is started again."), language);
    restart->setObjectName(QStringLiteral("languageRestartNote"));
    restart->setWordWrap(true);
    static_cast<QFormLayout *>(language->layout())->addRow(restart);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

void SettingsDialog::addField(Settings::Key key, const QString &label, const Choices &choices,
                              const QString &hint, QWidget *page)
{
    const QString current = m_settings.value(key).toString();
    QWidget *editor = nullptr;
    if (choices.isEmpty()) {
        auto *line = new QLineEdit(current, page);
        line->setPlaceholderText(hint);
        editor = line;
    } else {
        auto *combo = new QComboBox(page);
        for (const auto &[value, text] : choices)
            combo->addItem(text, value);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
        editor = combo;
    }
    editor->setObjectName(QStringLiteral("field%1").arg(int(key)));
    static_cast<QFormLayout *>(page->layout())->addRow(label, editor);
    m_fields.insert(key, editor);
}

void SettingsDialog::setField(Settings::Key key, const QString &value)
{
    QWidget *w = m_fields.value(key);
    if (auto *line = qobject_cast<QLineEdit *>(w))
        line->setText(value);
    else if (auto *combo = qobject_cast<QComboBox *>(w))
        combo->setCurrentIndex(combo->findData(value)); // -1 (none chosen) for a value not offered
}

QString SettingsDialog::field(Settings::Key key) const
{
    QWidget *w = m_fields.value(key);
    if (auto *line = qobject_cast<QLineEdit *>(w))
        return line->text().trimmed();
    if (auto *combo = qobject_cast<QComboBox *>(w))
        return combo->currentData().toString();
    return {};
}

void SettingsDialog::accept()
{
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (Status s = Settings::check(it.key(), field(it.key())); !s) {
            m_error->setText(s.error());
            m_error->show();
            it.value()->setFocus();
            return;
        }
    }
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (Status s = m_settings.setValue(it.key(), field(it.key())); !s) {
            m_error->setText(s.error()); // cannot happen after the check above; said rather than hidden
            m_error->show();
            return;
        }
    }
    QDialog::accept();
}

} // namespace benchside
