// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodytrail.h"

#include "core/jsonfield.h"
#include "custody/custodykind.h"

#include <QJsonArray>
#include <QJsonObject>

namespace benchside {

namespace {
CustodyEntry make(const Event &e, const QString &kind, const QString &location, const QString &reason,
                  const QString &detail)
{
    return {e.id, kind, e.actor, e.stationId, location, reason, detail, e.atMs()};
}

QString accessionedDetail(const QJsonObject &p)
{
    const QJsonObject via = p.value(QLatin1String("ordered_via")).toObject();
    const QString provider = jsonText(p, "ordering_provider");
    QString detail;
    if (!via.isEmpty())
        detail = provider.isEmpty()
                     ? CustodyTrail::tr("ordered via %1").arg(jsonText(via, "app"))
                     : CustodyTrail::tr("ordered by %1 via %2").arg(provider, jsonText(via, "app"));
    if (const QString reject = jsonText(p, "placer_reject_reason"); !reject.isEmpty())
        detail += CustodyTrail::tr("; the ward reports the specimen unfit: %1").arg(reject);
    return detail;
}

QString orderChangeDetail(const QJsonObject &p)
{
    QStringList cancelled;
    for (const QJsonValue &v : p.value(QLatin1String("cancelled")).toArray())
        cancelled << v.toString();
    QStringList added;
    for (const QJsonValue &v : p.value(QLatin1String("added")).toArray())
        added << jsonText(v.toObject(), "code");
    QStringList parts;
    if (!cancelled.isEmpty())
        parts << CustodyTrail::tr("cancelled %1").arg(cancelled.join(QStringLiteral(", ")));
    if (!added.isEmpty())
        parts << CustodyTrail::tr("added %1").arg(added.join(QStringLiteral(", ")));
    const QJsonObject via = p.value(QLatin1String("ordered_via")).toObject();
    if (!via.isEmpty())
        parts << CustodyTrail::tr("via %1").arg(jsonText(via, "app"));
    return parts.join(QStringLiteral("; "));
}
} // namespace

const char *const CustodyTrail::KindCondition =
    "(kind GLOB 'custody.*' OR kind GLOB 'order.*' OR kind IN ('specimen.accessioned', "
    "'specimen.review_marked'))";

std::optional<CustodyEntry> CustodyTrail::entry(const Event &e, const QString &accession)
{
    const QJsonObject p = e.payloadObject();
    const bool own = e.subject == accession;
    if (e.kind == QLatin1String("specimen.accessioned"))
        return own ? std::optional(make(e, e.kind, jsonText(p, "location"), QString(), accessionedDetail(p)))
                   : std::nullopt;
    if (e.kind == QLatin1String("specimen.review_marked"))
        return own ? std::optional(make(e, e.kind, QString(), jsonText(p, "reason"),
                                        p.value(QLatin1String("marked")).toBool()
                                            ? tr("marked for manual review")
                                            : tr("manual review cleared")))
                   : std::nullopt;
    if (e.kind.startsWith(QLatin1String("order.")))
        return own ? std::optional(make(e, e.kind, QString(), jsonText(p, "reason"), orderChangeDetail(p)))
                   : std::nullopt;

    const std::optional<CustodyKind> kind = CustodyKinds::parse(e.kind);
    if (!kind)
        return std::nullopt;
    const QString location = jsonText(p, "location");
    QString reason = jsonText(p, "reason");
    if (const QString code = jsonText(p, "reason_code"); !code.isEmpty())
        reason = reason.isEmpty() ? code : code + QStringLiteral(": ") + reason;
    if (*kind == CustodyKind::Aliquoted) {
        QStringList children;
        for (const QJsonValue &c : p.value(QLatin1String("children")).toArray())
            children << jsonText(c.toObject(), "accession");
        if (!own)
            return children.contains(accession)
                       ? std::optional(make(e, QStringLiteral("specimen.aliquot_created"), location, reason,
                                            tr("from %1").arg(e.subject)))
                       : std::nullopt;
        return make(e, e.kind, location, reason, tr("into %1").arg(children.join(QStringLiteral(", "))));
    }
    if (!own)
        return std::nullopt;
    QString detail;
    if (*kind == CustodyKind::Corrected) {
        if (const QString status = jsonText(p, "status"); !status.isEmpty())
            detail = tr("status set to %1").arg(CustodyKinds::statusLabel(status));
    }
    return make(e, e.kind, location, reason, detail);
}

} // namespace benchside
