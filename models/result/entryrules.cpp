// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/entryrules.h"

#include <QCoreApplication>

namespace benchside {

Status EntryRules::canEnter(const OrderResult &o)
{
    if (o.status == QLatin1String("cancelled"))
        return Status::failure(
            tr("%1 was cancelled (its specimen was rejected); no result can be entered.").arg(o.orderId));
    if (o.receivedAtMs <= 0)
        return Status::failure(
            tr("%1 has not been received in the laboratory. Receive the tube before entering a result.")
                .arg(o.accession));
    if (o.status == QLatin1String("verified") || o.status == QLatin1String("amended"))
        return Status::failure(
            tr("The result of %1 has been released. Amend it with a reason instead.").arg(o.orderId));
    return {};
}

Status EntryRules::canAmend(const OrderResult &o, const QString &reason)
{
    if (!o.result || o.result->releasedAtMs <= 0)
        return Status::failure(
            tr("The result of %1 has not been released yet: enter the corrected value instead of amending.")
                .arg(o.orderId));
    if (o.status == QLatin1String("cancelled"))
        return Status::failure(tr("%1 was cancelled; its result cannot be amended.").arg(o.orderId));
    if (reason.trimmed().isEmpty())
        return Status::failure(tr("An amendment needs a reason (what was wrong with the released value)."));
    return {};
}

} // namespace benchside
