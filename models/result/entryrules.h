// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "result/orderresult.h"

#include <QCoreApplication>

namespace benchside {

// When a value may be recorded for an order: entered while the order is unreleased (a second
// entry replaces the first, which stays in the history); amended, with a reason, once released.
class EntryRules
{
    Q_DECLARE_TR_FUNCTIONS(EntryRules)

public:
    static Status canEnter(const OrderResult &order);
    static Status canAmend(const OrderResult &order, const QString &reason);
};

} // namespace benchside
