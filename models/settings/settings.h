#pragma once

#include "core/result.h"
#include "scan/wedgedetector.h"

#include <QSettings>
#include <memory>

namespace benchside {

// The station's preferences, behind one class so every key has one name, one default and one
// validation. Tests and tools can point it at a file of their own.
class Settings
{
public:
    enum class Key {
        ScannerMaxGapMs,
        ScannerPrefix,
        ScannerSuffix,
        ScannerMinLength,
        DuplicateWindowSeconds
    };

    Settings();                             // the user's settings (QSettings with the application's names)
    explicit Settings(const QString &file); // an INI file, for tests

    QVariant value(Key key) const;
    // Checks the value first and stores nothing if it is invalid.
    Status setValue(Key key, const QVariant &value);

    WedgeSettings wedgeSettings() const;
    qint64 duplicateWindowMs() const;

    static QString suffixName(WedgeSettings::Suffix suffix);
    static std::optional<WedgeSettings::Suffix> parseSuffix(const QString &name);

private:
    static Status check(Key key, const QVariant &value);
    static const char *keyName(Key key);
    static QVariant defaultValue(Key key);
    std::unique_ptr<QSettings> m_settings;
};

} // namespace benchside
