// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "scan/wedgedetector.h"

#include <QCoreApplication>
#include <QSettings>
#include <memory>

namespace benchside {

// The station's preferences, behind one class so every key has one name, one default and one
// validation. Tests and tools can point it at a file of their own.
class Settings
{
    Q_DECLARE_TR_FUNCTIONS(Settings)

public:
    enum class Key {
        ScannerMaxGapMs,
        ScannerPrefix,
        ScannerSuffix,
        ScannerMinLength,
        DuplicateWindowSeconds,
        SerialPort, // device path or name; empty when no serial scanner is attached
        SerialBaudRate,
        SerialSuffix, // cr, lf, crlf, tab or none: what ends one code on the serial line
        LabelWidthMm,
        LabelHeightMm,
        LabelDpi,            // the thermal printer's resolution, for ZPL
        LabelPrinterAddress, // host:port of a raw (JetDirect-style) ZPL printer; empty for none
        SyncUrl,             // the sync server, postgresql://ROLE@HOST:PORT/DB?sslmode=…, without password
        SyncIntervalSeconds, // how often the GUI syncs in the background
        SyncSealedPassword,  // the station role's password, sealed by StationCredentials; never in clear
        IdleLockMinutes,     // the station locks after this long without input; 0: only on demand
        UiLanguage,          // "system", or a language of Translations::languages(); read at start-up
        Hl7ListenerEnabled,  // the GUI runs the HL7 listener and sender (a one-station lab)
        Hl7ListenAddress,    // ADDRESS:PORT the HL7 listener binds
        CameraDevice         // the camera's device id; empty: the system's default; "none": no camera
    };

    Settings();                             // the user's settings (QSettings with the application's names)
    explicit Settings(const QString &file); // an INI file, for tests

    QVariant value(Key key) const;
    // Checks the value first and stores nothing if it is invalid.
    Status setValue(Key key, const QVariant &value);
    // The same check alone, for a dialog that must refuse all its values before it stores any.
    static Status check(Key key, const QVariant &value);

    WedgeSettings wedgeSettings() const;
    qint64 duplicateWindowMs() const;
    qint64 idleLockMs() const;

    static const QList<int> &serialBaudRates();
    static const QStringList &serialSuffixes();
    static const QList<int> &labelDpis();

    static QString suffixName(WedgeSettings::Suffix suffix);
    static std::optional<WedgeSettings::Suffix> parseSuffix(const QString &name);

private:
    static const char *keyName(Key key);
    static QVariant defaultValue(Key key);
    std::unique_ptr<QSettings> m_settings;
};

} // namespace benchside
