// SPDX-License-Identifier: GPL-3.0-or-later
#include "result/resultrepository.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
const char *const OrderColumns =
    "SELECT o.order_id, o.accession, o.test_code, o.bench, o.priority, o.status, o.received_at, "
    "o.tat_minutes, s.patient_mrn, coalesce(p.name, ''), coalesce(p.sex, ''), coalesce(p.birth_date, ''), "
    "s.collected_at, r.order_id, r.value, r.numeric_value, r.unit, r.flag, r.delta, r.delta_previous, "
    "r.entered_by, r.entered_at, r.verified_by, r.verified_at, r.released_at, r.notified_to, r.notified_by, "
    "r.notified_at, r.amend_count, r.range_basis, r.implausible_reason, r.instrument_flags, "
    "r.instrument_status, r.instrument_comments "
    "FROM test_orders o JOIN specimens s ON s.accession = o.accession "
    "LEFT JOIN patients p ON p.mrn = s.patient_mrn LEFT JOIN results r ON r.order_id = o.order_id ";

OrderResult orderFrom(const QSqlQuery &q)
{
    OrderResult o;
    o.orderId = q.value(0).toString();
    o.accession = q.value(1).toString();
    o.testCode = q.value(2).toString();
    o.bench = q.value(3).toString();
    o.priority = q.value(4).toString();
    o.status = q.value(5).toString();
    o.receivedAtMs = q.value(6).toLongLong();
    o.tatMinutes = q.value(7).toInt();
    o.patientMrn = q.value(8).toString();
    o.patientName = q.value(9).toString();
    o.patientSex = q.value(10).toString();
    o.patientBirthDate = q.value(11).toString();
    o.collectedAtMs = q.value(12).toLongLong();
    if (!q.value(13).isNull()) {
        ResultRecord r;
        r.value = q.value(14).toString();
        if (!q.value(15).isNull())
            r.number = q.value(15).toDouble();
        r.unit = q.value(16).toString();
        r.flag = q.value(17).toString();
        r.delta = q.value(18).toString();
        r.deltaPrevious = q.value(19).toString();
        r.enteredBy = q.value(20).toString();
        r.enteredAtMs = q.value(21).toLongLong();
        r.verifiedBy = q.value(22).toString();
        r.verifiedAtMs = q.value(23).toLongLong();
        r.releasedAtMs = q.value(24).toLongLong();
        r.notifiedTo = q.value(25).toString();
        r.notifiedBy = q.value(26).toString();
        r.notifiedAtMs = q.value(27).toLongLong();
        r.amendCount = q.value(28).toInt();
        r.rangeBasis = q.value(29).toString();
        r.implausibleReason = q.value(30).toString();
        r.instrumentFlags = q.value(31).toString().split(QLatin1Char('~'), Qt::SkipEmptyParts);
        r.instrumentStatus = q.value(32).toString();
        r.instrumentComments = q.value(33).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        o.result = r;
    }
    return o;
}
} // namespace

Result<QList<OrderResult>> ResultRepository::select(const char *where, const QStringList &keys) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QString::fromLatin1(OrderColumns) + QString::fromLatin1(where));
    for (const QString &key : keys)
        q.addBindValue(key);
    if (!q.exec())
        return Result<QList<OrderResult>>::failure(
            tr("Cannot read the orders: %1").arg(q.lastError().text()));
    QList<OrderResult> out;
    while (q.next())
        out << orderFrom(q);
    return out;
}

Result<std::optional<OrderResult>> ResultRepository::order(const QString &orderId) const
{
    Result<QList<OrderResult>> r = select("WHERE o.order_id = ?", {orderId});
    if (!r)
        return Result<std::optional<OrderResult>>::failure(r.error());
    if (r.value().isEmpty())
        return std::optional<OrderResult>();
    return std::optional<OrderResult>(r.value().first());
}

Result<QList<OrderResult>> ResultRepository::orders(const QString &accession) const
{
    return select("WHERE o.accession = ? ORDER BY o.test_code", {accession});
}

Result<QList<OrderResult>> ResultRepository::unjudged() const
{
    // Word for word the WHERE clause of the partial index results_unjudged (migration 0010).
    return select("WHERE r.order_id IN (SELECT order_id FROM results WHERE numeric_value IS NOT NULL AND "
                  "flag = '' AND range_basis = '') ORDER BY o.order_id",
                  {});
}

Result<ResultSpec> ResultRepository::spec(const QString &testCode) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT definition FROM tests WHERE code = ?"));
    q.addBindValue(testCode);
    if (!q.exec())
        return Result<ResultSpec>::failure(tr("Cannot read the catalogue: %1").arg(q.lastError().text()));
    if (!q.next())
        return Result<ResultSpec>::failure(tr("\"%1\" is not a test in the catalogue.").arg(testCode));
    return ResultSpec::fromDefinition(testCode,
                                      QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
}

Result<std::optional<PreviousResult>> ResultRepository::previous(const QString &mrn, const QString &testCode,
                                                                 const QString &excludeOrderId,
                                                                 qint64 collectedAtMs) const
{
    using R = Result<std::optional<PreviousResult>>;
    if (mrn.isEmpty())
        return std::optional<PreviousResult>();
    // specimens_by_patient, then each specimen's orders by accession: a patient's history, not
    // the table.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT r.order_id, r.value, r.numeric_value, s.collected_at FROM specimens s "
        "JOIN test_orders o ON o.accession = s.accession JOIN results r ON r.order_id = o.order_id "
        "WHERE s.patient_mrn = ? AND o.test_code = ? AND o.order_id <> ? AND r.released_at IS NOT NULL "
        "AND coalesce(s.collected_at, 0) <= ? ORDER BY s.collected_at DESC, r.released_at DESC LIMIT 1"));
    q.addBindValue(mrn);
    q.addBindValue(testCode);
    q.addBindValue(excludeOrderId);
    q.addBindValue(collectedAtMs);
    if (!q.exec())
        return R::failure(tr("Cannot read the patient's previous results: %1").arg(q.lastError().text()));
    if (!q.next())
        return std::optional<PreviousResult>();
    PreviousResult p{q.value(0).toString(), q.value(1).toString(), std::nullopt, q.value(3).toLongLong()};
    if (!q.value(2).isNull())
        p.number = q.value(2).toDouble();
    return std::optional<PreviousResult>(p);
}

Result<QList<ResultHistoryEntry>> ResultRepository::history(const QString &orderId) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(
        QStringLiteral("SELECT event_id, kind, value, unit, flag, actor, detail, at FROM result_history "
                       "WHERE order_id = ? ORDER BY hlc"));
    q.addBindValue(orderId);
    if (!q.exec())
        return Result<QList<ResultHistoryEntry>>::failure(
            tr("Cannot read the result history: %1").arg(q.lastError().text()));
    QList<ResultHistoryEntry> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                    q.value(6).toString(), q.value(7).toLongLong()});
    return out;
}

Result<QString> ResultRepository::lastEvent(const QString &orderId) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT last_event FROM results WHERE order_id = ?"));
    q.addBindValue(orderId);
    if (!q.exec())
        return Result<QString>::failure(
            tr("Cannot read the result of %1: %2").arg(orderId, q.lastError().text()));
    return q.next() ? q.value(0).toString() : QStringLiteral("");
}

} // namespace benchside
