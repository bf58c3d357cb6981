// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/codeagreement.h"

#include <QSet>

namespace benchside {

QStringList CodeAgreement::add(const QList<DecodedCode> &codes, qint64 atMs)
{
    for (auto it = m_seen.begin(); it != m_seen.end();) {
        if (atMs - it->lastMs > m_rules.goneAfterMs)
            it = m_seen.erase(it);
        else
            ++it;
    }

    QStringList trusted;
    QSet<QString> thisFrame;
    for (const DecodedCode &code : codes) {
        if (!code.readable || code.text.isEmpty() || thisFrame.contains(code.text))
            continue;
        thisFrame.insert(code.text);
        auto it = m_seen.find(code.text);
        if (it == m_seen.end()) {
            m_seen.insert(code.text, Seen{atMs, 1, false});
            continue;
        }
        Seen &seen = *it;
        if (!seen.sent && atMs - seen.lastMs > m_rules.agreeWithinMs) {
            // The earlier read is too old to vouch for this one: it starts over as a first read.
            seen = Seen{atMs, 1, false};
            continue;
        }
        seen.lastMs = atMs;
        if (seen.sent)
            continue;
        if (++seen.frames >= 2) {
            seen.sent = true;
            trusted.append(code.text);
        }
    }
    return trusted;
}

bool CodeAgreement::isTrusted(const QString &code) const
{
    const auto it = m_seen.constFind(code);
    return it != m_seen.cend() && it->sent;
}

} // namespace benchside
