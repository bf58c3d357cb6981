// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

namespace benchside {

// The string at `key` of an event's payload, '' when it is missing or not a string. Projections store
// "no value" as '' (Qt would bind a null QString as SQL NULL), and the custody trail words the same
// fields the same way.
inline QString jsonText(const QJsonObject &o, const char *key)
{
    const QString v = o.value(QLatin1String(key)).toString();
    return v.isNull() ? QStringLiteral("") : v;
}

} // namespace benchside
