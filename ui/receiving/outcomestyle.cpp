// SPDX-License-Identifier: GPL-3.0-or-later
#include "receiving/outcomestyle.h"

#include <QCoreApplication>

namespace benchside {

OutcomeStyle OutcomeStyle::of(ScanOutcome::Type type)
{
    using Type = ScanOutcome::Type;
    const QColor white(Qt::white);
    const QColor ink(0x21, 0x21, 0x21);
    switch (type) {
    case Type::Received:
        return {QColor(0x1b, 0x7f, 0x3b),
                white,
                QStringLiteral("\u2714"),
                tr("Received"),
                tr("Recorded. Put the tube in its rack."),
                false};
    case Type::Found:
        return {QColor(0x15, 0x65, 0xc0),
                white,
                QStringLiteral("\u2714"),
                tr("Found"),
                tr("Nothing was recorded: this was a lookup."),
                false};
    case Type::Duplicate:
        return {QColor(0xff, 0xc1, 0x07),
                ink,
                QStringLiteral("2\u00d7"),
                tr("Duplicate scan"),
                tr("Scanned twice, recorded once. Carry on."),
                true};
    case Type::AlreadyReceived:
        return {QColor(0x00, 0x83, 0x8f),
                white,
                QStringLiteral("\u21ba"),
                tr("Already received"),
                tr("This tube was received earlier. Nothing was recorded."),
                true};
    case Type::Unknown:
        return {QColor(0x6a, 0x1b, 0x9a),
                white,
                QStringLiteral("?"),
                tr("Unknown tube"),
                tr("Not known at this station. Accession it, or set it aside."),
                true};
    case Type::BadCheckCharacter:
        return {QColor(0xe6, 0x51, 0x00),
                white,
                QStringLiteral("\u26a0"),
                tr("Misread number"),
                tr("The check character does not match. Rescan or retype it. Nothing was recorded."),
                true};
    case Type::BadCharacters:
        return {QColor(0xad, 0x14, 0x57),
                white,
                QStringLiteral("\u2328"),
                tr("Not an accession number"),
                tr("Characters outside 0-9 and A-Z: is the scanner set to another keyboard layout? "
                   "Nothing was recorded."),
                true};
    case Type::Rejected:
        return {QColor(0xb7, 0x1c, 0x1c),
                white,
                QStringLiteral("\u2716"),
                tr("Rejected specimen"),
                tr("Do not process. Set the tube aside for the supervisor. Nothing was recorded."),
                true};
    case Type::Disposed:
        return {QColor(0x42, 0x42, 0x42),
                white,
                QStringLiteral("\u2716"),
                tr("Disposed specimen"),
                tr("This specimen was disposed of. Set it aside. Nothing was recorded."),
                true};
    case Type::Incomplete:
        return {QColor(0xf9, 0xe0, 0x7f),
                ink,
                QStringLiteral("\u2702"),
                tr("Incomplete scan"),
                tr("The scan ended without its Enter/Tab suffix. Check the scanner's suffix setting "
                   "and rescan. Nothing was recorded."),
                true};
    case Type::Failed:
        return {QColor(0xd5, 0x00, 0x00),
                white,
                QStringLiteral("\u2716"),
                tr("Not recorded"),
                tr("A database error stopped this scan. Nothing was recorded: rescan the tube, and call "
                   "support if it happens again."),
                true};
    }
    return idle();
}

OutcomeStyle OutcomeStyle::imageNotRead()
{
    return {QColor(0x5d, 0x40, 0x37),
            QColor(Qt::white),
            QStringLiteral("\u25a7"),
            tr("Image not read"),
            tr("No single code could be taken from the image. Nothing was recorded."),
            true};
}

OutcomeStyle OutcomeStyle::scanRefused()
{
    return {QColor(0x4e, 0x34, 0x2e),
            QColor(Qt::white),
            QStringLiteral("\u2298"),
            tr("Scan not used"),
            tr("A dialog was open. Nothing was recorded: scan the tube again now."),
            true};
}

OutcomeStyle OutcomeStyle::idle()
{
    return {QColor(0xec, 0xef, 0xf1),         QColor(0x37, 0x47, 0x4f),
            QStringLiteral("\u25a4"),         tr("Ready"),
            tr("Scan a tube to receive it."), false};
}

} // namespace benchside
