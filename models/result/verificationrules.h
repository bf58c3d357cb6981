// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "result/orderresult.h"
#include "result/resultspec.h"

#include <QCoreApplication>
#include <optional>

namespace benchside {

// Who may release a result: a supervisor, or a technician other than the one who entered it where
// the catalogue allows it for the test. Nobody verifies their own result, and a critical value is
// not released before its notification is documented.
class VerificationRules
{
    Q_DECLARE_TR_FUNCTIONS(VerificationRules)

public:
    static Status check(const OrderResult &order, const ResultSpec &spec,
                        const std::optional<User> &verifier);
    // Only who may verify a result of this test entered by `enteredBy`, whatever the result: what the
    // GUI mirrors to disable its buttons. Its refusals name the role that may (a supervisor alone for a
    // test the catalogue keeps from technicians).
    static Status mayVerify(const QString &enteredBy, const ResultSpec &spec,
                            const std::optional<User> &verifier);
};

} // namespace benchside
