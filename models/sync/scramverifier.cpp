// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/scramverifier.h"

#include <sodium.h>

namespace benchside {

namespace {
using Digest = QByteArray;

Digest hmac(const QByteArray &key, const QByteArray &message)
{
    unsigned char out[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(key.constData()),
                                static_cast<size_t>(key.size()));
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char *>(message.constData()),
                                  static_cast<unsigned long long>(message.size()));
    crypto_auth_hmacsha256_final(&state, out);
    return QByteArray(reinterpret_cast<const char *>(out), sizeof out);
}

Digest sha256(const QByteArray &data)
{
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char *>(data.constData()),
                       static_cast<unsigned long long>(data.size()));
    return QByteArray(reinterpret_cast<const char *>(out), sizeof out);
}

// Hi() of RFC 5802: PBKDF2 with HMAC-SHA-256, one block.
Digest hi(const QByteArray &password, const QByteArray &salt, int iterations)
{
    Digest u = hmac(password, salt + QByteArray("\x00\x00\x00\x01", 4));
    Digest result = u;
    for (int i = 1; i < iterations; ++i) {
        u = hmac(password, u);
        for (qsizetype b = 0; b < result.size(); ++b)
            result[b] = static_cast<char>(result[b] ^ u[b]);
    }
    return result;
}
} // namespace

QString ScramVerifier::compute(const QString &password, const QByteArray &salt, int iterations)
{
    // PostgreSQL runs SASLprep over the password; for the ASCII passwords we generate it is the identity.
    const Digest salted = hi(password.toUtf8(), salt, iterations);
    const Digest storedKey = sha256(hmac(salted, QByteArrayLiteral("Client Key")));
    const Digest serverKey = hmac(salted, QByteArrayLiteral("Server Key"));
    return QStringLiteral("SCRAM-SHA-256$%1:%2$%3:%4")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(storedKey.toBase64()),
             QString::fromLatin1(serverKey.toBase64()));
}

QString ScramVerifier::compute(const QString &password)
{
    QByteArray salt(16, Qt::Uninitialized);
    randombytes_buf(salt.data(), static_cast<size_t>(salt.size()));
    return compute(password, salt);
}

QString ScramVerifier::randomPassword(int length)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString out;
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[randombytes_uniform(sizeof alphabet - 1)]);
    return out;
}

} // namespace benchside
