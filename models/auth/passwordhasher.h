// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QString>

namespace benchside {

// Argon2id through libsodium's crypto_pwhash_str: the stored string carries its own salt and
// parameters, so a hash made with older (cheaper) parameters still verifies and can be recognised
// for rehashing.
class PasswordHasher
{
public:
    struct Cost
    {
        unsigned long long operations;
        size_t memoryBytes;
    };
    // libsodium's "interactive" parameters: 2 passes over 64 MiB, about 0.1 s on a workstation.
    static Cost standardCost();
    // The smallest libsodium accepts; for tests, which hash hundreds of times.
    static Cost minimumCost();

    explicit PasswordHasher(Cost cost = standardCost()) : m_cost(cost) {}

    Result<QString> hash(const QString &secret) const;
    // Constant-time; false for a malformed hash as for a wrong secret.
    static bool verify(const QString &hash, const QString &secret);
    // True when the hash was made with other parameters than this hasher's (or is not one).
    bool needsRehash(const QString &hash) const;

private:
    Cost m_cost;
};

} // namespace benchside
