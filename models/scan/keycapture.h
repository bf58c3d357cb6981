// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "scan/wedgedetector.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <optional>

namespace benchside {

struct CapturedKey
{
    double ms = 0; // since the start of the capture
    WedgeKey key;
};

// A keystroke capture as replayed by `benchside-cli replay FILE` (format: docs/replay-format.md):
// one key per line, "<milliseconds> <key>", so a scanner's real timing can be reproduced and tested.
class KeyCapture
{
    Q_DECLARE_TR_FUNCTIONS(KeyCapture)

public:
    // A week in milliseconds: the latest time a line may give.
    static constexpr double MaxMs = 7.0 * 24 * 60 * 60 * 1000;

    // Fails on the first broken line, naming its number and what is wrong with it.
    static Result<QList<CapturedKey>> parse(const QByteArray &utf8);

    // The key a name such as "Enter" or "Shift" stands for (case-insensitive), if it is one.
    static std::optional<WedgeKey> namedKey(const QString &name);
};

} // namespace benchside
