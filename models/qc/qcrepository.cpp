// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcrepository.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

namespace {
template<typename T> Result<T> readFailed(const QSqlQuery &q)
{
    return Result<T>::failure(QcRepository::tr("Cannot read the QC records: %1").arg(q.lastError().text()));
}

const char *const LotColumns =
    "SELECT test_code, lot, level, bench, material, expires, mean, sd, target_source, "
    "target_n, defined_by, defined_at FROM qc_lots ";

const char *const ValueColumns =
    "SELECT test_code, run_id, lot, level, bench, value, measured_at, analyzer, "
    "recorded_by, event_id, hlc, position, z, violations, run_status, judged FROM qc_results ";
} // namespace

Result<QList<QcLot>> QcRepository::selectLots(const char *where, const QStringList &keys, int level) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QLatin1String(LotColumns) + QLatin1String(where) +
              QStringLiteral(" ORDER BY test_code, lot, level"));
    for (const QString &k : keys)
        q.addBindValue(k);
    if (level >= 0)
        q.addBindValue(level);
    if (!q.exec())
        return readFailed<QList<QcLot>>(q);
    QList<QcLot> out;
    while (q.next()) {
        QcLot l;
        l.testCode = q.value(0).toString();
        l.lot = q.value(1).toString();
        l.level = q.value(2).toInt();
        l.bench = q.value(3).toString();
        l.material = q.value(4).toString();
        l.expires = q.value(5).toString();
        if (!q.value(6).isNull())
            l.mean = q.value(6).toDouble();
        if (!q.value(7).isNull())
            l.sd = q.value(7).toDouble();
        l.targetSource = q.value(8).toString();
        l.targetN = q.value(9).toInt();
        l.definedBy = q.value(10).toString();
        l.definedAtMs = q.value(11).toLongLong();
        out << l;
    }
    return out;
}

Result<QList<QcLot>> QcRepository::lots(const QString &testCode) const
{
    if (testCode.isEmpty())
        return selectLots("", {});
    return selectLots("WHERE test_code = ?", {testCode});
}

Result<std::optional<QcLot>> QcRepository::lot(const QString &testCode, const QString &lot, int level) const
{
    Result<QList<QcLot>> r =
        selectLots("WHERE test_code = ? AND lot = ? AND level = ?", {testCode, lot}, level);
    if (!r)
        return Result<std::optional<QcLot>>::failure(r.error());
    if (r.value().isEmpty())
        return std::optional<QcLot>();
    return std::optional<QcLot>(r.value().first());
}

Result<QList<QcLot>> QcRepository::lotLevels(const QString &testCode, const QString &lot) const
{
    return selectLots("WHERE test_code = ? AND lot = ?", {testCode, lot});
}

Result<QList<QcResultRow>> QcRepository::selectValues(const char *where, const QVariantList &binds) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QLatin1String(ValueColumns) + QLatin1String(where));
    for (const QVariant &b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return readFailed<QList<QcResultRow>>(q);
    QList<QcResultRow> out;
    while (q.next()) {
        QcResultRow r;
        r.testCode = q.value(0).toString();
        r.runId = q.value(1).toString();
        r.lot = q.value(2).toString();
        r.level = q.value(3).toInt();
        r.bench = q.value(4).toString();
        r.value = q.value(5).toDouble();
        r.measuredAtMs = q.value(6).toLongLong();
        r.analyzer = q.value(7).toString();
        r.recordedBy = q.value(8).toString();
        r.eventId = q.value(9).toString();
        r.hlc = q.value(10).toLongLong();
        r.position = q.value(11).toInt();
        if (!q.value(12).isNull())
            r.z = q.value(12).toDouble();
        const QString violations = q.value(13).toString();
        if (!violations.isEmpty())
            r.violations = violations.split(QLatin1Char(','));
        r.runStatus = q.value(14).toString();
        r.judged = q.value(15).toInt() != 0;
        out << r;
    }
    return out;
}

Result<QList<QcResultRow>> QcRepository::values(const QString &testCode, const QString &lot, qint64 fromMs,
                                                qint64 toMs) const
{
    return selectValues(
        "WHERE test_code = ? AND lot = ? AND measured_at BETWEEN ? AND ? ORDER BY hlc, position",
        {testCode, lot, fromMs, toMs});
}

Result<QList<QcResultRow>> QcRepository::run(const QString &testCode, const QString &runId) const
{
    return selectValues("WHERE test_code = ? AND run_id = ? ORDER BY hlc, position", {testCode, runId});
}

Result<QList<double>> QcRepository::levelValues(const QString &testCode, const QString &lot, int level) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT value FROM qc_results WHERE test_code = ? AND lot = ? AND level = ? "
                             "ORDER BY hlc, position"));
    q.addBindValue(testCode);
    q.addBindValue(lot);
    q.addBindValue(level);
    if (!q.exec())
        return readFailed<QList<double>>(q);
    QList<double> out;
    while (q.next())
        out << q.value(0).toDouble();
    return out;
}

Result<qint64> QcRepository::latestMeasuredAt(const QString &testCode, const QString &bench) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT max(measured_at) FROM qc_results WHERE bench = ? AND test_code = ?"));
    q.addBindValue(bench);
    q.addBindValue(testCode);
    if (!q.exec() || !q.next())
        return readFailed<qint64>(q);
    return q.value(0).toLongLong();
}

Result<QString> QcRepository::latestRunId(const QString &testCode, const QString &bench) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT run_id FROM qc_results WHERE bench = ? AND test_code = ? "
                             "ORDER BY measured_at DESC, hlc DESC LIMIT 1"));
    q.addBindValue(bench);
    q.addBindValue(testCode);
    if (!q.exec())
        return readFailed<QString>(q);
    return q.next() ? q.value(0).toString() : QString();
}

Result<QString> QcRepository::rules(const QString &testCode) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT rules FROM qc_rules WHERE test_code = ?"));
    q.addBindValue(testCode);
    if (!q.exec())
        return readFailed<QString>(q);
    return q.next() ? q.value(0).toString() : QString();
}

Result<std::optional<QcAnalyzerMapping>> QcRepository::analyzer(const QString &name) const
{
    using R = Result<std::optional<QcAnalyzerMapping>>;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT name, mapping FROM qc_analyzers WHERE name = ?"));
    q.addBindValue(name);
    if (!q.exec())
        return readFailed<std::optional<QcAnalyzerMapping>>(q);
    if (!q.next())
        return std::optional<QcAnalyzerMapping>();
    Result<QcAnalyzerMapping> m = QcAnalyzerMapping::fromJson(
        q.value(0).toString(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
    if (!m)
        return R::failure(m.error());
    return std::optional<QcAnalyzerMapping>(m.value());
}

Result<QList<QcAnalyzerMapping>> QcRepository::analyzers() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name, mapping FROM qc_analyzers ORDER BY name")))
        return readFailed<QList<QcAnalyzerMapping>>(q);
    QList<QcAnalyzerMapping> out;
    while (q.next()) {
        Result<QcAnalyzerMapping> m = QcAnalyzerMapping::fromJson(
            q.value(0).toString(), QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object());
        if (!m)
            return Result<QList<QcAnalyzerMapping>>::failure(m.error());
        out << m.value();
    }
    return out;
}

} // namespace benchside
