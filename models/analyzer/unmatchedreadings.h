// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace benchside {

class Lab;

// A reading an analyzer sent that is not (yet) a result: why it was not entered and what became of it.
struct UnmatchedReading
{
    QString id; // the instrument.unmatched event
    QString analyzer;
    QString specimenId;
    QString analyzerCode;
    QString test;      // through the map, when it maps
    QString accession; // when the tube was found
    QString value;
    QString unit;
    QStringList flags;
    QString status;
    QString measuredAt;
    QString reason;
    qint64 receivedAtMs = 0;
    QString state; // open, matched, discarded
    QString resolvedBy;
    QString resolution;
};

// A host query about a tube this station does not know: the analyzer holds a tube nobody ordered
// here, or read its label wrong.
struct UnknownQuery
{
    QString analyzer;
    QString specimenId;
    qint64 atMs = 0;
};

// The unmatched list: readings waiting for a person, who matches each to a tube (it is then entered
// like any analyzer result: instrument.matched and result.entered in one transaction) or discards it
// with a reason (instrument.discarded). Bench work: technicians do it.
class UnmatchedReadings
{
    Q_DECLARE_TR_FUNCTIONS(UnmatchedReadings)

public:
    explicit UnmatchedReadings(Lab &lab) : m_lab(lab) {}

    Result<QList<UnmatchedReading>> list(bool openOnly = true, int limit = 500) const;
    Result<UnmatchedReading> find(const QString &id) const;
    // Enters the reading on `accession` (the test from the analyzer's map): judged as if the
    // analyzer had read that tube. Refused, with nothing recorded, when it still cannot be entered.
    Result<Event> match(const QString &id, const QString &accession, const QString &actor);
    Result<Event> discard(const QString &id, const QString &reason, const QString &actor);
    // The newest host queries since `sinceMs` that named a tube unknown here.
    Result<QList<UnknownQuery>> unknownQueries(qint64 sinceMs, int limit = 20) const;

private:
    Lab &m_lab;
};

} // namespace benchside
