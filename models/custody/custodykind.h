// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace benchside {

// The steps of a specimen's chain of custody and what each one means for where it is.
enum class CustodyKind {
    Received,
    Centrifuged,
    Aliquoted,
    Stored,
    SentToBench,
    InTransit,
    Retrieved,
    Disposed,
    Rejected,
    Corrected,
};

struct CustodyKindInfo
{
    CustodyKind kind;
    const char *eventKind; // journal kind, e.g. "custody.received"
    const char *shortName; // CLI spelling, e.g. "received"
    const char *status;    // specimen status after this step ("" = unchanged)
};

class CustodyKinds
{
public:
    static const QList<CustodyKindInfo> &all();
    static const CustodyKindInfo &info(CustodyKind kind);
    // Accepts "received" or "custody.received".
    static std::optional<CustodyKind> parse(const QString &name);
    static QString label(const QString &eventKind); // "Received", "Sent to bench", "Accessioned", …
    static QString statusLabel(const QString &status);
};

} // namespace benchside
