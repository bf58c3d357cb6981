// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackwellstyle.h"

#include <QCoreApplication>
#include <QHash>

namespace benchside {

RackWellStyle RackWellStyle::of(RackCell::Kind kind)
{
    const QColor white(Qt::white);
    const QColor ink(0x21, 0x21, 0x21);
    switch (kind) {
    case RackCell::Kind::Known:
        return {QColor(0x1b, 0x7f, 0x3b), white, QStringLiteral("\u2714"), tr("known")};
    case RackCell::Kind::Unknown:
        return {QColor(0x6a, 0x1b, 0x9a), white, QStringLiteral("?"), tr("unknown")};
    case RackCell::Kind::Empty:
        return {QColor(0xe0, 0xe3, 0xe6), QColor(0x54, 0x6e, 0x7a), QStringLiteral("\u2013"), tr("empty")};
    case RackCell::Kind::Unreadable:
        return {QColor(0xe6, 0x51, 0x00), white, QStringLiteral("\u26a0"), tr("unreadable")};
    case RackCell::Kind::Duplicate:
        return {QColor(0xff, 0xc1, 0x07), ink, QStringLiteral("2\u00d7"), tr("duplicate")};
    }
    return {};
}

RackWellStyle RackWellStyle::of(const RackCell &cell)
{
    if (cell.recorded)
        return recorded(cell.outcome);
    RackWellStyle style = of(cell.kind);
    if (!cell.outcome.isEmpty())
        style.label = outcomeWord(cell.outcome);
    return style;
}

RackWellStyle RackWellStyle::recorded(const QString &outcome)
{
    return {QColor(0x0d, 0x47, 0xa1), QColor(Qt::white), QStringLiteral("\u2714\u2714"),
            outcomeWord(outcome)};
}

QString RackWellStyle::outcomeWord(const QString &outcome)
{
    static const QHash<QString, const char *> words{
        {QStringLiteral("received"), QT_TRANSLATE_NOOP("RackWellStyle", "received")},
        {QStringLiteral("stored"), QT_TRANSLATE_NOOP("RackWellStyle", "stored")},
        {QStringLiteral("empty"), QT_TRANSLATE_NOOP("RackWellStyle", "empty")},
        {QStringLiteral("unreadable"), QT_TRANSLATE_NOOP("RackWellStyle", "unreadable")},
        {QStringLiteral("duplicate"), QT_TRANSLATE_NOOP("RackWellStyle", "duplicate")},
        {QStringLiteral("unknown"), QT_TRANSLATE_NOOP("RackWellStyle", "unknown")},
        {QStringLiteral("bad-check-character"), QT_TRANSLATE_NOOP("RackWellStyle", "misread")},
        {QStringLiteral("bad-characters"), QT_TRANSLATE_NOOP("RackWellStyle", "not an accession")},
        {QStringLiteral("not-received"), QT_TRANSLATE_NOOP("RackWellStyle", "not received")},
        {QStringLiteral("already-received"), QT_TRANSLATE_NOOP("RackWellStyle", "already received")},
        {QStringLiteral("disposed"), QT_TRANSLATE_NOOP("RackWellStyle", "disposed")},
        {QStringLiteral("rejected"), QT_TRANSLATE_NOOP("RackWellStyle", "rejected")},
    };
    // An outcome added to RackService later still shows, in its own spelling, rather than as nothing.
    const auto word = words.constFind(outcome);
    return word == words.constEnd() ? outcome : tr(word.value());
}

} // namespace benchside
