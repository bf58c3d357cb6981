// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings/settings.h"

#include "accession/accessionnumber.h"
#include "hl7/mllplistener.h"
#include "i18n/translations.h"
#include "sync/serverurl.h"

#include <QCoreApplication>

namespace benchside {

Settings::Settings() : m_settings(std::make_unique<QSettings>()) {}

Settings::Settings(const QString &file) : m_settings(std::make_unique<QSettings>(file, QSettings::IniFormat))
{}

const char *Settings::keyName(Key key)
{
    switch (key) {
    case Key::ScannerMaxGapMs:
        return "scanner/max_gap_ms";
    case Key::ScannerPrefix:
        return "scanner/prefix";
    case Key::ScannerSuffix:
        return "scanner/suffix";
    case Key::ScannerMinLength:
        return "scanner/min_length";
    case Key::DuplicateWindowSeconds:
        return "scanner/duplicate_window_s";
    case Key::SerialPort:
        return "serial/port";
    case Key::SerialBaudRate:
        return "serial/baud_rate";
    case Key::SerialSuffix:
        return "serial/suffix";
    case Key::LabelWidthMm:
        return "label/width_mm";
    case Key::LabelHeightMm:
        return "label/height_mm";
    case Key::LabelDpi:
        return "label/dpi";
    case Key::LabelPrinterAddress:
        return "label/printer_address";
    case Key::SyncUrl:
        return "sync/url";
    case Key::SyncIntervalSeconds:
        return "sync/interval_s";
    case Key::SyncSealedPassword:
        return "sync/password_sealed";
    case Key::IdleLockMinutes:
        return "security/idle_lock_min";
    case Key::UiLanguage:
        return "ui/language";
    case Key::Hl7ListenerEnabled:
        return "hl7/listener_enabled";
    case Key::Hl7ListenAddress:
        return "hl7/listen_address";
    case Key::CameraDevice:
        return "camera/device";
    }
    return "";
}

// Scanners type 7-8 ms apart and people rarely faster than 50 ms: 25 ms separates them.
QVariant Settings::defaultValue(Key key)
{
    switch (key) {
    case Key::ScannerMaxGapMs:
        return 25;
    case Key::ScannerPrefix:
        return QString();
    case Key::ScannerSuffix:
        return QStringLiteral("enter-or-tab");
    case Key::ScannerMinLength:
        return AccessionNumber::MinLength;
    case Key::DuplicateWindowSeconds:
        return 10;
    case Key::SerialPort:
        return QString();
    case Key::SerialBaudRate:
        return 9600;
    case Key::SerialSuffix:
        return QStringLiteral("cr");
    // 50 x 25 mm is the common small tube label; 203 dpi the common thermal print head.
    case Key::LabelWidthMm:
        return 50;
    case Key::LabelHeightMm:
        return 25;
    case Key::LabelDpi:
        return 203;
    case Key::LabelPrinterAddress:
    case Key::SyncUrl:
    case Key::SyncSealedPassword:
        return QString();
    case Key::SyncIntervalSeconds:
        return 60;
    // Long enough not to interrupt a technician between two runs, short enough for a walk-away.
    case Key::IdleLockMinutes:
        return 10;
    case Key::UiLanguage:
        return QStringLiteral("system");
    // Off, and on this computer only when turned on: a hospital system is connected on purpose, and
    // 2575 is the port registered for HL7 over MLLP.
    case Key::Hl7ListenerEnabled:
        return false;
    case Key::Hl7ListenAddress:
        return QStringLiteral("127.0.0.1:2575");
    // The camera the system offers first: a station with one webcam needs no setting at all.
    case Key::CameraDevice:
        return QString();
    }
    return {};
}

// A hand-edited settings file gets the same checks as the settings dialog: an invalid value is
// ignored in favour of the default, never passed on (a 0 ms key gap would turn every scan into typing).
QVariant Settings::value(Key key) const
{
    const QVariant stored = m_settings->value(QString::fromLatin1(keyName(key)), defaultValue(key));
    return check(key, stored) ? stored : defaultValue(key);
}

Status Settings::setValue(Key key, const QVariant &value)
{
    if (Status s = check(key, value); !s)
        return s;
    m_settings->setValue(QString::fromLatin1(keyName(key)), value);
    m_settings->sync();
    return {};
}

Status Settings::check(Key key, const QVariant &value)
{
    bool ok = true;
    switch (key) {
    case Key::ScannerMaxGapMs: {
        const int v = value.toInt(&ok);
        if (!ok || v < 5 || v > 200)
            return Status::failure(tr("The scanner key gap must be between 5 and 200 ms."));
        break;
    }
    case Key::ScannerPrefix:
        if (value.toString().size() > 4)
            return Status::failure(tr("A scanner prefix has at most 4 characters."));
        break;
    case Key::ScannerSuffix:
        if (!parseSuffix(value.toString()))
            return Status::failure(tr("The scanner suffix must be enter, tab, enter-or-tab or none."));
        break;
    case Key::ScannerMinLength: {
        const int v = value.toInt(&ok);
        if (!ok || v < 1 || v > AccessionNumber::MaxLength)
            return Status::failure(
                tr("The shortest scan must be 1 to %1 characters.").arg(AccessionNumber::MaxLength));
        break;
    }
    case Key::DuplicateWindowSeconds: {
        const int v = value.toInt(&ok);
        if (!ok || v < 0 || v > 3600)
            return Status::failure(tr("The duplicate-scan window must be 0 to 3600 seconds."));
        break;
    }
    case Key::SerialPort:
        if (value.toString().contains(QLatin1Char(' ')))
            return Status::failure(tr("A serial port name has no spaces (for example /dev/ttyACM0)."));
        break;
    case Key::SerialBaudRate:
        if (!serialBaudRates().contains(value.toInt(&ok)) || !ok)
            return Status::failure(tr("The serial baud rate must be one of 1200, 2400, 4800, 9600, 19200, "
                                      "38400, 57600 or 115200."));
        break;
    case Key::SerialSuffix:
        if (!serialSuffixes().contains(value.toString()))
            return Status::failure(tr("The serial suffix must be cr, lf, crlf, tab or none."));
        break;
    case Key::LabelWidthMm:
    case Key::LabelHeightMm: {
        const double v = value.toDouble(&ok);
        if (!ok || v < 15 || v > 150)
            return Status::failure(tr("A label side must be between 15 and 150 mm."));
        break;
    }
    case Key::LabelDpi:
        if (!labelDpis().contains(value.toInt(&ok)) || !ok)
            return Status::failure(tr("The label printer resolution must be 152, 203, 300 or 600 dpi."));
        break;
    case Key::LabelPrinterAddress: {
        const QString address = value.toString();
        if (address.isEmpty())
            break;
        const qsizetype colon = address.lastIndexOf(QLatin1Char(':'));
        const int port = colon > 0 ? address.mid(colon + 1).toInt(&ok) : 0;
        if (colon <= 0 || !ok || port < 1 || port > 65535)
            return Status::failure(
                tr("The label printer address must be host:port, for example 10.0.0.5:9100."));
        break;
    }
    case Key::SyncUrl: {
        if (value.toString().isEmpty())
            break;
        Result<ServerUrl> url = ServerUrl::parse(value.toString());
        if (!url)
            return Status::failure(url.error());
        if (!url.value().password.isEmpty())
            return Status::failure(
                tr("The server URL in the settings carries no password; the password is kept "
                   "sealed apart from it."));
        break;
    }
    case Key::SyncIntervalSeconds: {
        const int v = value.toInt(&ok);
        if (!ok || v < 5 || v > 3600)
            return Status::failure(tr("The sync interval must be 5 to 3600 seconds."));
        break;
    }
    case Key::SyncSealedPassword:
        break;
    case Key::IdleLockMinutes: {
        const int v = value.toInt(&ok);
        if (!ok || v < 0 || v > 240)
            return Status::failure(tr("The idle lock must be 0 (off) to 240 minutes."));
        break;
    }
    case Key::UiLanguage: {
        const QString v = value.toString();
        if (v != QLatin1String("system") && !Translations::languages().contains(v))
            return Status::failure(tr("The language must be system or one of %1.")
                                       .arg(Translations::languages().join(QStringLiteral(", "))));
        break;
    }
    case Key::Hl7ListenerEnabled: {
        // An INI file holds text: only the words QSettings writes for a bool are taken.
        const QString v = value.toString();
        if (value.typeId() != QMetaType::Bool && v != QLatin1String("true") && v != QLatin1String("false"))
            return Status::failure(tr("The HL7 listener setting must be true or false."));
        break;
    }
    case Key::Hl7ListenAddress: {
        Result<std::pair<QHostAddress, quint16>> address = MllpListener::parseAddress(value.toString());
        if (!address)
            return Status::failure(address.error());
        // Port 0 (any free port) would leave the hospital system not knowing where to connect.
        if (address.value().second == 0)
            return Status::failure(tr("The HL7 listener needs a port from 1 to 65535."));
        break;
    }
    case Key::CameraDevice: {
        // Device ids are paths or names the system gives (/dev/video0); a line break is no part of one.
        const QString v = value.toString();
        if (v.size() > 256 || v.contains(QLatin1Char('\n')) || v.contains(QLatin1Char('\r')))
            return Status::failure(tr("A camera is named by its device (for example /dev/video0), on one "
                                      "line."));
        break;
    }
    }
    return {};
}

WedgeSettings Settings::wedgeSettings() const
{
    WedgeSettings s;
    s.maxGapMs = value(Key::ScannerMaxGapMs).toInt();
    s.prefix = value(Key::ScannerPrefix).toString();
    s.suffix = parseSuffix(value(Key::ScannerSuffix).toString()).value_or(WedgeSettings::Suffix::EnterOrTab);
    s.minLength = value(Key::ScannerMinLength).toInt();
    return s;
}

qint64 Settings::idleLockMs() const
{
    return value(Key::IdleLockMinutes).toLongLong() * 60 * 1000;
}

qint64 Settings::duplicateWindowMs() const
{
    return value(Key::DuplicateWindowSeconds).toLongLong() * 1000;
}

const QList<int> &Settings::serialBaudRates()
{
    static const QList<int> rates{1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};
    return rates;
}

const QStringList &Settings::serialSuffixes()
{
    static const QStringList suffixes{QStringLiteral("cr"), QStringLiteral("lf"), QStringLiteral("crlf"),
                                      QStringLiteral("tab"), QStringLiteral("none")};
    return suffixes;
}

const QList<int> &Settings::labelDpis()
{
    static const QList<int> dpis{152, 203, 300, 600};
    return dpis;
}

QString Settings::suffixName(WedgeSettings::Suffix suffix)
{
    switch (suffix) {
    case WedgeSettings::Suffix::Enter:
        return QStringLiteral("enter");
    case WedgeSettings::Suffix::Tab:
        return QStringLiteral("tab");
    case WedgeSettings::Suffix::EnterOrTab:
        return QStringLiteral("enter-or-tab");
    case WedgeSettings::Suffix::None:
        return QStringLiteral("none");
    }
    return {};
}

std::optional<WedgeSettings::Suffix> Settings::parseSuffix(const QString &name)
{
    for (auto s : {WedgeSettings::Suffix::Enter, WedgeSettings::Suffix::Tab,
                   WedgeSettings::Suffix::EnterOrTab, WedgeSettings::Suffix::None}) {
        if (suffixName(s) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace benchside
