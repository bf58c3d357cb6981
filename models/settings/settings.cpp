#include "settings/settings.h"

#include "accession/accessionnumber.h"

#include <QCoreApplication>

namespace benchside {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("Settings", text);
}
} // namespace

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

qint64 Settings::duplicateWindowMs() const
{
    return value(Key::DuplicateWindowSeconds).toLongLong() * 1000;
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
