// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringView>

namespace benchside {

// Exactly the escaping of QJsonDocument::toJson (and of PostgreSQL's to_json, which the server's
// check uses): the quote, the backslash and control characters escaped, everything else as UTF-8,
// a lone surrogate as \uXXXX. Written out because building QJsonObjects per event cost a pull more
// time than the SHA-256 itself, and a push a fifth of its time; tst_journal compares the two over
// random strings.
void appendJsonString(QByteArray &out, QStringView s);

} // namespace benchside
