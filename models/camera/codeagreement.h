// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"

#include <QHash>
#include <QStringList>

namespace benchside {

// Decides when a code read by the camera is a tube to scan (decision 59). A code read in one frame
// only is not trusted: a blurred frame can read wrong, and a second, separately decoded frame that
// agrees makes a misread as unlikely as a scanner's. Once trusted, the code is sent once and then
// stays "in view" while frames keep reading it, so a tube held under the camera is not sent again;
// a tube that has not been read for goneAfterMs has left, and coming back it is sent again (the scan
// path's duplicate rule then says it was just received). Pure: the caller gives the time.
class CodeAgreement
{
public:
    struct Rules
    {
        qint64 agreeWithinMs = 1000; // the second read must follow the first this closely
        qint64 goneAfterMs = 1500;   // unread this long: the tube has left the picture
    };

    CodeAgreement() = default;
    explicit CodeAgreement(Rules rules) : m_rules(rules) {}

    // The codes one decoded frame read, taken at atMs (non-decreasing from call to call). Returns the
    // codes this frame made trusted, each once per stay in view. Unreadable symbols count for nothing,
    // and a label's two symbols of the same number in one frame are one reading, not two.
    QStringList add(const QList<DecodedCode> &codes, qint64 atMs);

    // Sent and still in view (the page outlines it as read; a code still waiting for its second
    // frame is outlined as seen).
    bool isTrusted(const QString &code) const;
    int inView() const { return int(m_seen.size()); }
    void clear() { m_seen.clear(); }

    const Rules &rules() const { return m_rules; }

private:
    struct Seen
    {
        qint64 lastMs = 0;
        int frames = 0;
        bool sent = false;
    };

    Rules m_rules;
    QHash<QString, Seen> m_seen;
};

} // namespace benchside
