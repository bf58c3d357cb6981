// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QString>

namespace benchside {

// Strings as one JSON array, bound as a single value and read with SQLite's json_each(): an IN list
// of any length through one placeholder.
template<typename Strings> QString jsonList(const Strings &values)
{
    QJsonArray a;
    for (const QString &v : values)
        a.append(v);
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

} // namespace benchside
