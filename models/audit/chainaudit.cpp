#include "audit/chainaudit.h"

#include "lab/lab.h"

#include <QCoreApplication>

namespace benchside {

Result<ChainVerifier::Report> ChainAudit::verifyAs(Lab &lab, const QString &actor)
{
    using R = Result<ChainVerifier::Report>;
    Result<QString> user = lab.actor(actor);
    if (!user)
        return R::failure(user.error());
    // Lab::actor admits the station's own administrator before any catalogue exists.
    const std::optional<User> known = lab.catalog().user(user.value());
    if (known && known->role != QLatin1String("administrator"))
        return R::failure(QCoreApplication::translate("ChainAudit", "Only an administrator may run the chain "
                                                                    "verification; you work as %1.")
                              .arg(user.value()));
    return ChainVerifier(lab.database().connection()).verify();
}

} // namespace benchside
