// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal/uuid7.h"

#include <QRandomGenerator>
#include <QUuid>
#include <array>

namespace benchside {

QString makeUuid7(qint64 unixMs)
{
    std::array<quint8, 16> b{};
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(b.data()), 4);
    for (int i = 0; i < 6; ++i)
        b[static_cast<size_t>(i)] = static_cast<quint8>((unixMs >> (8 * (5 - i))) & 0xff);
    b[6] = static_cast<quint8>(0x70 | (b[6] & 0x0f));
    b[8] = static_cast<quint8>(0x80 | (b[8] & 0x3f));
    const QUuid uuid = QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char *>(b.data()), 16));
    return uuid.toString(QUuid::WithoutBraces);
}

} // namespace benchside
