// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/chainaudit.h"

#include "lab/lab.h"

namespace benchside {

Result<ChainVerifier::Report> ChainAudit::verifyAs(Lab &lab, const QString &actor)
{
    if (Status s = lab.permissions().check(actor, Permission::VerifyChains); !s)
        return Result<ChainVerifier::Report>::failure(s.error());
    return ChainVerifier(lab.database().connection()).verify();
}

} // namespace benchside
