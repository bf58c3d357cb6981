// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodykind.h"

#include <QCoreApplication>

namespace benchside {

const QList<CustodyKindInfo> &CustodyKinds::all()
{
    static const QList<CustodyKindInfo> kinds{
        {CustodyKind::Received, "custody.received", "received", "received"},
        {CustodyKind::Centrifuged, "custody.centrifuged", "centrifuged", "centrifuged"},
        {CustodyKind::Aliquoted, "custody.aliquoted", "aliquoted", "aliquoted"},
        {CustodyKind::Stored, "custody.stored", "stored", "stored"},
        {CustodyKind::SentToBench, "custody.sent_to_bench", "sent_to_bench", "at_bench"},
        {CustodyKind::InTransit, "custody.in_transit", "in_transit", "in_transit"},
        {CustodyKind::Retrieved, "custody.retrieved", "retrieved", "retrieved"},
        {CustodyKind::Disposed, "custody.disposed", "disposed", "disposed"},
        {CustodyKind::Rejected, "custody.rejected", "rejected", "rejected"},
        {CustodyKind::Corrected, "custody.corrected", "corrected", ""},
    };
    return kinds;
}

const CustodyKindInfo &CustodyKinds::info(CustodyKind kind)
{
    for (const CustodyKindInfo &i : all()) {
        if (i.kind == kind)
            return i;
    }
    Q_UNREACHABLE();
}

std::optional<CustodyKind> CustodyKinds::parse(const QString &name)
{
    const QString n = name.trimmed().toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
    for (const CustodyKindInfo &i : all()) {
        if (n == QLatin1String(i.shortName) || n == QLatin1String(i.eventKind))
            return i.kind;
    }
    return std::nullopt;
}

QString CustodyKinds::label(const QString &eventKind)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("specimen.accessioned"), QT_TRANSLATE_NOOP("CustodyKinds", "Accessioned")},
        {QStringLiteral("specimen.aliquot_created"), QT_TRANSLATE_NOOP("CustodyKinds", "Created as aliquot")},
        {QStringLiteral("custody.received"), QT_TRANSLATE_NOOP("CustodyKinds", "Received")},
        {QStringLiteral("custody.centrifuged"), QT_TRANSLATE_NOOP("CustodyKinds", "Centrifuged")},
        {QStringLiteral("custody.aliquoted"), QT_TRANSLATE_NOOP("CustodyKinds", "Aliquoted")},
        {QStringLiteral("custody.stored"), QT_TRANSLATE_NOOP("CustodyKinds", "Stored")},
        {QStringLiteral("custody.sent_to_bench"), QT_TRANSLATE_NOOP("CustodyKinds", "Sent to bench")},
        {QStringLiteral("custody.in_transit"), QT_TRANSLATE_NOOP("CustodyKinds", "In transit")},
        {QStringLiteral("custody.retrieved"), QT_TRANSLATE_NOOP("CustodyKinds", "Retrieved")},
        {QStringLiteral("custody.disposed"), QT_TRANSLATE_NOOP("CustodyKinds", "Disposed")},
        {QStringLiteral("custody.rejected"), QT_TRANSLATE_NOOP("CustodyKinds", "Rejected")},
        {QStringLiteral("custody.corrected"), QT_TRANSLATE_NOOP("CustodyKinds", "Corrected")},
        {QStringLiteral("order.cancelled"), QT_TRANSLATE_NOOP("CustodyKinds", "Order cancelled")},
        {QStringLiteral("order.changed"), QT_TRANSLATE_NOOP("CustodyKinds", "Order changed")},
        {QStringLiteral("autoverify.released"),
         QT_TRANSLATE_NOOP("CustodyKinds", "Released by autoverification")},
        {QStringLiteral("autoverify.held"), QT_TRANSLATE_NOOP("CustodyKinds", "Held for a person")},
        {QStringLiteral("specimen.review_marked"), QT_TRANSLATE_NOOP("CustodyKinds", "Manual review")},
    };
    const auto it = labels.constFind(eventKind);
    return it == labels.constEnd() ? eventKind : QCoreApplication::translate("CustodyKinds", it.value());
}

QString CustodyKinds::statusLabel(const QString &status)
{
    static const QHash<QString, const char *> labels{
        {QStringLiteral("accessioned"), QT_TRANSLATE_NOOP("CustodyKinds", "Accessioned, not yet received")},
        {QStringLiteral("received"), QT_TRANSLATE_NOOP("CustodyKinds", "Received")},
        {QStringLiteral("centrifuged"), QT_TRANSLATE_NOOP("CustodyKinds", "Centrifuged")},
        {QStringLiteral("aliquoted"), QT_TRANSLATE_NOOP("CustodyKinds", "Aliquoted")},
        {QStringLiteral("stored"), QT_TRANSLATE_NOOP("CustodyKinds", "Stored")},
        {QStringLiteral("at_bench"), QT_TRANSLATE_NOOP("CustodyKinds", "At bench")},
        {QStringLiteral("in_transit"), QT_TRANSLATE_NOOP("CustodyKinds", "In transit")},
        {QStringLiteral("retrieved"), QT_TRANSLATE_NOOP("CustodyKinds", "Retrieved")},
        {QStringLiteral("disposed"), QT_TRANSLATE_NOOP("CustodyKinds", "Disposed")},
        {QStringLiteral("rejected"), QT_TRANSLATE_NOOP("CustodyKinds", "Rejected")},
    };
    const auto it = labels.constFind(status);
    return it == labels.constEnd() ? status : QCoreApplication::translate("CustodyKinds", it.value());
}

} // namespace benchside
