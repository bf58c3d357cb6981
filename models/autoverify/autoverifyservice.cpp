// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifyservice.h"

#include "auth/permissions.h"
#include "catalog/catalog.h"
#include "journal/eventstore.h"
#include "qc/qclockout.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

AutoverifyService::AutoverifyService(EventStore &store, Catalog &catalog, const Permissions &permissions)
    : m_store(store), m_catalog(catalog), m_permissions(permissions), m_db(store.database())
{}

const QString &AutoverifyService::actor()
{
    static const QString name = QStringLiteral("autoverify");
    return name;
}

Result<AutoverifyRules> AutoverifyService::rules(const QString &test) const
{
    using R = Result<AutoverifyRules>;
    if (const auto it = m_rules.constFind(test); it != m_rules.cend())
        return *it;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT rules, version FROM autoverify_rules WHERE test_code = ?"));
    q.addBindValue(test);
    if (!q.exec())
        return R::failure(tr("Cannot read the autoverification rules: %1").arg(q.lastError().text()));
    AutoverifyRules r;
    r.test = test;
    if (q.next()) {
        Result<AutoverifyRules> stored =
            AutoverifyRules::fromJson(test, QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
        if (!stored)
            return R::failure(
                tr("The autoverification rules of %1 cannot be read: %2").arg(test, stored.error()));
        r = stored.value();
        r.version = q.value(1).toInt();
    }
    m_rules.insert(test, r);
    return r;
}

Result<Event> AutoverifyService::set(const AutoverifyRules &rules, const QString &reason,
                                     const QString &actor)
{
    using R = Result<Event>;
    if (Status s = m_permissions.check(actor, Permission::ConfigureAutoverification); !s)
        return R::failure(s.error());
    if (reason.trimmed().isEmpty())
        return R::failure(tr("Say why the rules change (--reason): it is kept with the new version."));
    const std::optional<TestDefinition> test = m_catalog.test(rules.test);
    if (!test)
        return R::failure(tr("\"%1\" is not a test in the catalogue.").arg(rules.test));
    if (Result<AutoverifyRules> valid = AutoverifyRules::fromJson(rules.test, rules.toJson()); !valid)
        return R::failure(valid.error());
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        return QList<EventDraft>{{QStringLiteral("autoverify.rules_set"), rules.test,
                                  QJsonObject{{QStringLiteral("rules"), rules.toJson()},
                                              {QStringLiteral("reason"), reason.trimmed()}}}};
    });
    m_rules.remove(rules.test);
    if (!written)
        return R::failure(written.error());
    return written.value().first();
}

Result<AutoverifyFacts> AutoverifyService::facts(const OrderResult &order, const ResultEvaluation &e,
                                                 const QJsonObject &instrument, qint64 nowMs) const
{
    using R = Result<AutoverifyFacts>;
    AutoverifyFacts f;
    f.value = e.value.number;
    f.flag = e.flag;
    f.basis = e.basis;
    f.range = e.range;
    f.implausible = e.implausible;
    f.delta = e.delta.outcome;
    f.hasPrevious = !e.delta.previousValue.isEmpty();
    f.deltaChange = e.delta.change;
    f.takeInstrument(instrument);
    f.nowMs = nowMs;
    // Asked of every result and almost always no: a cached statement answers, and the lockout's
    // reason is read in words only when there is one.
    SqliteStatement &locked = m_statements.prepared(
        "SELECT 1 FROM qc_lockouts WHERE bench = ? AND state = 'locked' AND test_code = ? LIMIT 1");
    locked.addBindValue(order.bench);
    locked.addBindValue(order.testCode);
    if (!locked.exec())
        return R::failure(tr("Cannot read the QC lockouts: %1").arg(locked.errorText()));
    const bool isLocked = locked.next();
    locked.finish();
    if (isLocked) {
        Result<std::optional<QString>> blocked = QcLockout(m_db).releaseBlock(order.testCode, order.bench);
        if (!blocked)
            return R::failure(blocked.error());
        f.qcLockout = blocked.value();
    }
    SqliteStatement &qc =
        m_statements.prepared("SELECT run_status, measured_at FROM qc_results WHERE test_code = ? "
                              "AND analyzer = ? ORDER BY measured_at DESC, hlc DESC LIMIT 1");
    qc.addBindValue(order.testCode);
    qc.addBindValue(instrument.value(QLatin1String("analyzer")).toString());
    if (!qc.exec())
        return R::failure(tr("Cannot read the QC runs: %1").arg(qc.errorText()));
    if (qc.next()) {
        f.lastQcStatus = qc.value(0).toString();
        f.lastQcAtMs = qc.value(1).toLongLong();
    }
    qc.finish();
    SqliteStatement &review = m_statements.prepared(
        "SELECT EXISTS (SELECT 1 FROM review_flags WHERE accession = ?1 AND resolved_at IS NULL), "
        "(SELECT manual_review FROM specimens WHERE accession = ?1)");
    review.addBindValue(order.accession);
    if (!review.exec() || !review.next())
        return R::failure(tr("Cannot read the review flags: %1").arg(review.errorText()));
    f.reviewFlagged = review.value(0).toBool();
    if (!review.value(1).isNull())
        f.manualReview = review.value(1).toString();
    review.finish();
    return f;
}

Result<AutoverifyService::Outcome> AutoverifyService::decide(const OrderResult &order,
                                                             const ResultEvaluation &e,
                                                             const QJsonObject &instrument, EventDraft &entry,
                                                             int entryIndex, qint64 nowMs)
{
    using R = Result<Outcome>;
    Result<AutoverifyRules> r = rules(order.testCode);
    if (!r)
        return R::failure(r.error());
    Outcome out;
    if (!r.value().enabled)
        return out;
    Result<AutoverifyFacts> f = facts(order, e, instrument, nowMs);
    if (!f)
        return R::failure(f.error());
    out.decided = true;
    out.decision = Autoverifier::decide(r.value(), f.value());
    const QJsonObject decision{{QStringLiteral("version"), r.value().version},
                               {QStringLiteral("reasons"), QJsonArray::fromStringList(out.decision.reasons)}};
    if (!out.decision.release) {
        entry.payload.insert(QStringLiteral("autoverify"), decision);
        return out;
    }
    QJsonObject released{{QStringLiteral("order_id"), order.orderId},
                         {QStringLiteral("value"), e.value.text},
                         {QStringLiteral("unit"), e.value.unit},
                         {QStringLiteral("flag"), ResultFlags::code(e.flag)},
                         {QStringLiteral("autoverified"), decision}};
    EventDraft verify{QStringLiteral("result.verified"), order.accession, released, actor()};
    verify.baseOf = entryIndex;
    out.release = verify;
    return out;
}

} // namespace benchside
