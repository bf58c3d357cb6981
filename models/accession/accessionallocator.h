// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "specimen/specimenrepository.h"

#include <QJsonObject>
#include <QStringList>

namespace benchside {

// Hands out the next accession numbers of this station for a given year. Must be called inside
// the write transaction that records them: the counter lives in the projections, so the numbers
// and the event that uses them commit together or not at all.
class AccessionAllocator
{
public:
    struct Allocation
    {
        QStringList numbers;
        QString counter;    // prefix + two-digit year, e.g. "RCV26"
        qint64 lastSeq = 0; // to be stored in the event payload as "counter" / "last_seq"
        void writeTo(QJsonObject &payload) const;
    };

    AccessionAllocator(SpecimenRepository &repository, QString stationPrefix);
    Result<Allocation> allocate(int count, int year);

private:
    SpecimenRepository &m_repository;
    QString m_prefix;
};

} // namespace benchside
