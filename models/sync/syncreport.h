// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace benchside {

// An event of this station the server refused, as the station keeps it.
struct SyncRefusal
{
    QString eventId;
    qint64 stationSeq = 0;
    int attempts = 0;
    QString reason;
    qint64 lastAtMs = 0;
    bool dead = false; // dead-lettered: no longer retried until someone asks
};

// What one sync round did.
struct SyncReport
{
    int pushed = 0;
    int pulled = 0;
    qint64 cursor = 0;          // the highest server sequence this station has pulled
    int waiting = 0;            // this station's events the server does not hold yet
    bool rebuilt = false;       // pulled events came out of replay order: the views were rebuilt
    bool replayed = false;      // …or only the specimens and QC tests they are about were re-projected
    int flagged = 0;            // new conflicts flagged for review
    QList<SyncRefusal> refused; // refusals in this round (dead ones included)
    QString held;               // why the rest of the queue waits ('' when nothing does)
    QString warning;            // something that went wrong without failing the round
    qint64 elapsedMs = 0;
};

// The station's view of its sync, for the status bar and `sync --status`.
struct SyncStatus
{
    int waiting = 0;
    qint64 lastSuccessAtMs = 0; // 0: never
    qint64 lastAttemptAtMs = 0;
    QString lastError;
    qint64 cursor = 0;
    QList<SyncRefusal> deadLetters;
};

} // namespace benchside
