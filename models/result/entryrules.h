#pragma once

#include "core/result.h"
#include "result/orderresult.h"

namespace benchside {

// When a value may be recorded for an order: entered while the order is unreleased (a second
// entry replaces the first, which stays in the history); amended, with a reason, once released.
class EntryRules
{
public:
    static Status canEnter(const OrderResult &order);
    static Status canAmend(const OrderResult &order, const QString &reason);
};

} // namespace benchside
