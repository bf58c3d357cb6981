// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace benchside {

// The SCRAM-SHA-256 verifier PostgreSQL stores for a role (RFC 5802/7677), computed here so that a
// station's new password never travels to the server, nor into its logs, in clear.
class ScramVerifier
{
public:
    static QString compute(const QString &password, const QByteArray &salt, int iterations = 4096);
    static QString compute(const QString &password); // with a random 16-byte salt
    // A random password of letters and digits, `length` long.
    static QString randomPassword(int length = 32);
};

} // namespace benchside
