// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/passwordhasher.h"

#include <QByteArray>
#include <QCoreApplication>
#include <sodium.h>

namespace benchside {

PasswordHasher::Cost PasswordHasher::standardCost()
{
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::Cost PasswordHasher::minimumCost()
{
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<QString> PasswordHasher::hash(const QString &secret) const
{
    if (sodium_init() < 0)
        return Result<QString>::failure(
            QCoreApplication::translate("PasswordHasher", "The cryptography library could not start."));
    const QByteArray bytes = secret.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, bytes.constData(), static_cast<unsigned long long>(bytes.size()),
                          m_cost.operations, m_cost.memoryBytes) != 0)
        return Result<QString>::failure(QCoreApplication::translate(
            "PasswordHasher", "Not enough memory to hash the password; close other programs and try again."));
    return QString::fromLatin1(out);
}

bool PasswordHasher::verify(const QString &hash, const QString &secret)
{
    if (hash.isEmpty() || sodium_init() < 0)
        return false;
    const QByteArray stored = hash.toLatin1();
    const QByteArray bytes = secret.toUtf8();
    return crypto_pwhash_str_verify(stored.constData(), bytes.constData(),
                                    static_cast<unsigned long long>(bytes.size())) == 0;
}

bool PasswordHasher::needsRehash(const QString &hash) const
{
    const QByteArray stored = hash.toLatin1();
    return crypto_pwhash_str_needs_rehash(stored.constData(), m_cost.operations, m_cost.memoryBytes) != 0;
}

} // namespace benchside
