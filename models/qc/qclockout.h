// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace benchside {

// One lockout episode: opened by a rejected QC run of a test on a bench, kept open by further
// rejected runs, and closed by an accepted run after a documented corrective action.
struct QcLockoutEpisode
{
    QString testCode;
    QString bench;
    QString runId; // the rejected run that opened it
    qint64 rejectedAtMs = 0;
    QString lastRejectedRun;
    qint64 lookbackFromMs = 0;   // patient results released after this are in the look-back
    QString state;               // locked, overridden, resolved
    bool correctiveDone = false; // since the latest rejected run
    QString correctiveAction;
    QString correctiveBy;
    qint64 correctiveAtMs = 0;
    QString overrideBy;
    QString overrideReason;
    qint64 overrideAtMs = 0;
    QString resolvedRunId;
    qint64 resolvedAtMs = 0;

    bool locked() const { return state == QLatin1String("locked"); }
    bool open() const { return state == QLatin1String("locked") || state == QLatin1String("overridden"); }
};

// A patient result in a lockout's look-back, with its review if one was recorded.
struct QcLookbackEntry
{
    QString orderId;
    QString accession;
    QString patientMrn;
    QString patientName;
    QString value;
    QString unit;
    QString flag;
    qint64 releasedAtMs = 0;
    QString verifiedBy;
    QString outcome; // empty until reviewed: stands, amended, retested
    QString note;
    QString reviewedBy;
    qint64 reviewedAtMs = 0;

    bool reviewed() const { return !outcome.isEmpty(); }
};

// Whether QC allows patient results of a test on a bench to be released, and why not. The
// worklist asks lockedTests() once per bench; ResultService asks releaseBlock() before every release.
class QcLockout
{
    Q_DECLARE_TR_FUNCTIONS(QcLockout)

public:
    explicit QcLockout(QSqlDatabase db) : m_db(std::move(db)) {}

    // Test code -> why its results cannot be released now, for every locked test of the bench.
    Result<QHash<QString, QString>> lockedTests(const QString &bench) const;
    // Why results of the test on the bench cannot be released; nullopt when they can.
    Result<std::optional<QString>> releaseBlock(const QString &testCode, const QString &bench) const;

    // The newest episode of the test on the bench, open or not.
    Result<std::optional<QcLockoutEpisode>> latestEpisode(const QString &testCode,
                                                          const QString &bench) const;
    Result<std::optional<QcLockoutEpisode>> episode(const QString &testCode, const QString &bench,
                                                    const QString &runId) const;
    // Locked and overridden episodes; of one bench when `bench` is not empty.
    Result<QList<QcLockoutEpisode>> openEpisodes(const QString &bench = {}) const;
    // Every episode of the test on the bench, newest first.
    Result<QList<QcLockoutEpisode>> episodes(const QString &testCode, const QString &bench) const;

    // The patient results of the episode's test and bench released since the last accepted run
    // before it (until the run that resolved it, or now), oldest first, with their reviews.
    Result<QList<QcLookbackEntry>> lookback(const QcLockoutEpisode &episode) const;

    static QString reason(const QcLockoutEpisode &episode);

private:
    Result<QList<QcLockoutEpisode>> select(const QString &where, const QStringList &keys) const;
    QSqlDatabase m_db;
};

} // namespace benchside
