// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/keycapture.h"

#include <QCoreApplication>
#include <QHash>
#include <QStringDecoder>
#include <cmath>

namespace benchside {

namespace {
const QHash<QString, WedgeKey> &namedKeys()
{
    // Modifiers are kept apart from other keys: scanners press Shift around capitals in mid-burst.
    static const QHash<QString, WedgeKey> keys = [] {
        QHash<QString, WedgeKey> k;
        for (const char *name : {"enter", "return"})
            k.insert(QLatin1String(name), WedgeKey::enter());
        k.insert(QStringLiteral("tab"), WedgeKey::tab());
        k.insert(QStringLiteral("space"), WedgeKey::text(QLatin1Char(' ')));
        for (const char *name : {"shift", "control", "ctrl", "alt", "altgr", "meta", "super", "capslock"})
            k.insert(QLatin1String(name), WedgeKey::modifier());
        for (const char *name :
             {"escape", "esc", "backspace", "delete", "del", "insert", "home", "end", "pageup", "pagedown",
              "up", "down", "left", "right", "menu", "pause", "print", "numlock", "scrolllock"})
            k.insert(QLatin1String(name), WedgeKey::other());
        for (int f = 1; f <= 24; ++f)
            k.insert(QStringLiteral("f%1").arg(f), WedgeKey::other());
        return k;
    }();
    return keys;
}

int whitespaceAt(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isSpace())
            return int(i);
    }
    return -1;
}

// Captures write whole milliseconds; QString::toDouble costs 4,500 instructions a line, a quarter of
// replaying a receipt, so digits alone are read directly.
double wholeMs(const QString &time, bool *ok)
{
    constexpr qsizetype MaxDigits = 15; // exact in a double
    if (time.isEmpty() || time.size() > MaxDigits)
        return time.toDouble(ok);
    qint64 value = 0;
    for (const QChar c : time) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return time.toDouble(ok);
        value = value * 10 + (c.unicode() - u'0');
    }
    *ok = true;
    return double(value);
}
} // namespace

std::optional<WedgeKey> KeyCapture::namedKey(const QString &name)
{
    const auto it = namedKeys().constFind(name.toLower());
    if (it == namedKeys().constEnd())
        return std::nullopt;
    return *it;
}

Result<QList<CapturedKey>> KeyCapture::parse(const QByteArray &utf8)
{
    using R = Result<QList<CapturedKey>>;
    QList<CapturedKey> keys;
    const QList<QByteArray> lines = utf8.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int lineNumber = int(i) + 1;
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString line = decoder.decode(lines.at(i));
        if (decoder.hasError())
            return R::failure(tr("Line %1 is not valid UTF-8.").arg(lineNumber));
        if (i == 0 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;

        const int split = whitespaceAt(line);
        const QString time = split < 0 ? line : line.left(split);
        const QString name = split < 0 ? QString() : line.mid(split).trimmed();

        bool isNumber = false;
        const double ms = wholeMs(time, &isNumber);
        if (!isNumber || !std::isfinite(ms) || ms < 0) {
            return R::failure(tr("Line %1: \"%2\" is not a time; each line starts with the milliseconds "
                                 "since the start of the capture, zero or more.")
                                  .arg(lineNumber)
                                  .arg(time));
        }
        // The replay counts in whole milliseconds: a time beyond any real capture would not fit one.
        if (ms > MaxMs) {
            return R::failure(tr("Line %1: the time %2 ms is more than a week after the start of the "
                                 "capture; a capture covers at most a week.")
                                  .arg(lineNumber)
                                  .arg(time));
        }
        if (!keys.isEmpty() && ms < keys.back().ms) {
            return R::failure(tr("Line %1: the time %2 ms is earlier than the line before (%3 ms); "
                                 "keys must be listed in the order they were typed.")
                                  .arg(lineNumber)
                                  .arg(ms)
                                  .arg(keys.back().ms));
        }
        if (name.isEmpty())
            return R::failure(tr("Line %1: a key is missing after the time %2.").arg(lineNumber).arg(time));
        if (whitespaceAt(name) >= 0) {
            return R::failure(
                tr("Line %1: one key per line is allowed, found \"%2\".").arg(lineNumber).arg(name));
        }

        if (name.size() == 1 && name.at(0).isPrint()) {
            keys.append({ms, WedgeKey::text(name.at(0))});
            continue;
        }
        const std::optional<WedgeKey> key = namedKey(name);
        if (!key) {
            return R::failure(tr("Line %1: \"%2\" is not a key; write one character, or a key name such as "
                                 "Enter, Tab, Space, Escape or Shift.")
                                  .arg(lineNumber)
                                  .arg(name));
        }
        keys.append({ms, *key});
    }
    return keys;
}

} // namespace benchside
