// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QtGlobal>

namespace benchside {

// One control measurement as recorded: which run it belongs to (all levels of a run are measured
// together), which control level, the value in the test's unit, when (ms since the epoch, UTC),
// who entered it and which lot of control material was measured.
struct QcPoint
{
    QString id;
    QString runId; // empty: the point is a run of its own
    int level = 1;
    double value = 0;
    qint64 atMs = 0;
    QString user;
    QString lot;
};

} // namespace benchside
