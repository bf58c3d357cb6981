// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionallocator.h"

#include "accession/accessionnumber.h"

namespace benchside {

void AccessionAllocator::Allocation::writeTo(QJsonObject &payload) const
{
    payload.insert(QStringLiteral("counter"), counter);
    payload.insert(QStringLiteral("last_seq"), static_cast<double>(lastSeq));
}

AccessionAllocator::AccessionAllocator(SpecimenRepository &repository, QString stationPrefix)
    : m_repository(repository), m_prefix(std::move(stationPrefix))
{}

Result<AccessionAllocator::Allocation> AccessionAllocator::allocate(int count, int year)
{
    Allocation a;
    a.counter = m_prefix + QStringLiteral("%1").arg(year % 100, 2, 10, QLatin1Char('0'));
    Result<qint64> last = m_repository.lastCounterValue(a.counter);
    if (!last)
        return Result<Allocation>::failure(last.error());
    qint64 seq = last.value();
    while (a.numbers.size() < count) {
        ++seq;
        const QString number = AccessionNumber::compose(m_prefix, year, seq);
        // A pre-printed label may already carry a number from this station's range.
        if (!m_repository.exists(number))
            a.numbers << number;
    }
    a.lastSeq = seq;
    return a;
}

} // namespace benchside
