// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/verificationrules.h"

#include "auth/permissions.h"
#include "result/resultjudge.h"

#include <QCoreApplication>

namespace benchside {

Status VerificationRules::check(const OrderResult &o, const ResultSpec &spec,
                                const std::optional<User> &verifier)
{
    if (!o.result || (o.status != QLatin1String("entered") && o.status != QLatin1String("amended")))
        return Status::failure(o.status == QLatin1String("verified")
                                   ? tr("The result of %1 is already verified.").arg(o.orderId)
                                   : tr("%1 has no result awaiting verification.").arg(o.orderId));
    if (Status may = mayVerify(o.result->enteredBy, spec, verifier); !may)
        return may;
    // A value recorded before every patient's result was judged is judged now: it may be critical.
    const ResultFlag flag = ResultJudge::currentFlag(o, spec);
    if (ResultFlags::isCritical(flag) && o.result->notifiedTo.isEmpty())
        return Status::failure(
            tr("%1 is a critical result (%2 %3): document who was told, when, and the read-back before "
               "releasing it.")
                .arg(o.orderId, o.result->value, ResultFlags::code(flag)));
    return {};
}

Status VerificationRules::mayVerify(const QString &enteredBy, const ResultSpec &spec,
                                    const std::optional<User> &verifier)
{
    if (!verifier)
        return Status::failure(tr("Only a user of this station can verify results."));
    if (verifier->name == enteredBy)
        return Status::failure(
            spec.technicianMayVerify
                ? tr("%1 entered this result and cannot verify it: nobody verifies their own result. Ask a "
                     "supervisor or another technician.")
                      .arg(verifier->name)
                : tr("%1 entered this result and cannot verify it: nobody verifies their own result. Ask a "
                     "supervisor.")
                      .arg(verifier->name));
    // The one exception to the role table (decision 44): a test whose catalogue entry, which only an
    // administrator can change, lets technicians verify it.
    const bool technician = verifier->role == QLatin1String("technician");
    if (!Permissions::allows(verifier->role, Permission::VerifyResults) &&
        !(technician && spec.technicianMayVerify))
        return Status::failure(
            technician ? tr("%1 results are verified by a supervisor only.").arg(spec.code)
            : spec.technicianMayVerify
                ? tr("%1 (%2) cannot verify results; a supervisor or technician does.")
                      .arg(verifier->name, Permissions::roleLabel(verifier->role))
                : tr("%1 (%2) cannot verify results; %3 results are verified by a supervisor only.")
                      .arg(verifier->name, Permissions::roleLabel(verifier->role), spec.code));
    return {};
}

} // namespace benchside
