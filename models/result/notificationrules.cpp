// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/notificationrules.h"

#include <QCoreApplication>

namespace benchside {

namespace {
// Station clocks drift; a call time a few minutes ahead is not an error.
constexpr qint64 ClockSkewMs = 5 * 60 * 1000;
} // namespace

Status NotificationRules::check(const OrderResult &o, const Notification &n, qint64 nowMs)
{
    if (!o.result)
        return Status::failure(tr("%1 has no result to report yet.").arg(o.orderId));
    if (n.to.trimmed().isEmpty())
        return Status::failure(tr("Name the person who was told the result."));
    if (!n.readBack)
        return Status::failure(tr("The notification needs a confirmed read-back: the receiver repeats the "
                                  "result and you confirm it."));
    const qint64 at = n.atMs > 0 ? n.atMs : nowMs;
    if (at > nowMs + ClockSkewMs)
        return Status::failure(tr("The notification time is in the future. Check the date and time."));
    if (at + ClockSkewMs < o.result->enteredAtMs)
        return Status::failure(
            tr("The notification time is before the current value of %1 was entered.").arg(o.orderId));
    return {};
}

} // namespace benchside
