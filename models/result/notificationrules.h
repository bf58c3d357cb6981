// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "result/orderresult.h"

#include <QCoreApplication>

namespace benchside {

// A documented telephone call (or other direct report) of a result to the care team.
struct Notification
{
    QString to;            // who was told, as they gave their name
    qint64 atMs = 0;       // when; 0 = now
    bool readBack = false; // the receiver read the result back and it was confirmed
};

// What makes a notification count: a result to report, a named receiver, a confirmed read-back
// and a time that is neither in the future nor before the value was entered.
class NotificationRules
{
    Q_DECLARE_TR_FUNCTIONS(NotificationRules)

public:
    static Status check(const OrderResult &order, const Notification &n, qint64 nowMs);
};

} // namespace benchside
