// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodyrules.h"

#include "catalog/catalog.h"

#include <QCoreApplication>
#include <QDateTime>

namespace benchside {

namespace {
CustodyRules::Check refuse(CustodyRules::Verdict v, const QString &message)
{
    return {v, message};
}

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
} // namespace

const QStringList &CustodyRules::statuses()
{
    static const QStringList s{QStringLiteral("accessioned"), QStringLiteral("received"),
                               QStringLiteral("centrifuged"), QStringLiteral("aliquoted"),
                               QStringLiteral("stored"),      QStringLiteral("at_bench"),
                               QStringLiteral("in_transit"),  QStringLiteral("retrieved"),
                               QStringLiteral("disposed"),    QStringLiteral("rejected")};
    return s;
}

CustodyRules::Check CustodyRules::check(const Specimen &s, const Step &step)
{
    using V = Verdict;
    const QString name = CustodyKinds::label(QString::fromLatin1(CustodyKinds::info(step.kind).eventKind));

    // A correction is the one step allowed at any point: it is how a mistaken entry is set right
    // without rewriting history, so it must say why.
    if (step.kind == CustodyKind::Corrected) {
        if (step.reason.trimmed().isEmpty())
            return refuse(V::MissingReason, tr("A correction must say why it is made."));
        if (!step.correctedStatus.isEmpty() && !statuses().contains(step.correctedStatus))
            return refuse(V::BadStatus,
                          tr("\"%1\" is not a specimen status. Use one of: %2.")
                              .arg(step.correctedStatus, statuses().join(QStringLiteral(", "))));
        return {};
    }
    if (s.status == QLatin1String("disposed"))
        return refuse(V::Disposed,
                      tr("%1 was disposed of on %2; nothing more can be recorded for it. If the disposal "
                         "was recorded in error, record a correction with the reason.")
                          .arg(s.accession, when(s.lastEventAtMs)));
    if (s.status == QLatin1String("rejected") && step.kind != CustodyKind::Disposed &&
        step.kind != CustodyKind::Stored)
        return refuse(V::Rejected,
                      tr("%1 was rejected; it can only be stored or disposed of. Recollect the specimen, "
                         "or record a correction with the reason if the rejection was a mistake.")
                          .arg(s.accession));

    const bool received = s.status != QLatin1String("accessioned");
    switch (step.kind) {
    case CustodyKind::Received:
        if (received && s.status != QLatin1String("in_transit"))
            return refuse(V::AlreadyReceived, tr("%1 was already received on %2 at station %3.")
                                                  .arg(s.accession, when(s.receivedAtMs), s.receivedStation));
        break;
    case CustodyKind::Rejected:
        if (step.reasonCode.isEmpty())
            return refuse(V::MissingReason, tr("Choose why %1 is rejected.").arg(s.accession));
        {
            bool known = false;
            for (const RejectionReason &r : Catalog::rejectionReasons())
                known = known || r.code == step.reasonCode;
            if (!known)
                return refuse(V::MissingReason, tr("\"%1\" is not a rejection reason.").arg(step.reasonCode));
        }
        break;
    case CustodyKind::Retrieved:
        if (s.status != QLatin1String("stored"))
            return refuse(V::NotStored,
                          tr("%1 is not in storage, so it cannot be retrieved.").arg(s.accession));
        break;
    default:
        if (!received)
            return refuse(V::NotReceived,
                          tr("%1 has not been received yet: receive it before recording \"%2\".")
                              .arg(s.accession, name));
        break;
    }
    if ((step.kind == CustodyKind::Stored || step.kind == CustodyKind::InTransit) &&
        step.location.trimmed().isEmpty())
        return refuse(
            V::MissingLocation,
            step.kind == CustodyKind::Stored
                ? tr("Say where %1 is stored (for example Freezer 2 / Rack 5 / B7).").arg(s.accession)
                : tr("Say where %1 is being sent.").arg(s.accession));
    if (step.kind == CustodyKind::Aliquoted && (step.aliquots < 1 || step.aliquots > MaxAliquots))
        return refuse(V::BadAliquotCount, tr("An aliquoting step makes 1 to %1 aliquots.").arg(MaxAliquots));
    return {};
}

} // namespace benchside
