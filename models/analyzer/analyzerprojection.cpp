// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerprojection.h"

#include "core/jsonfield.h"
#include "journal/hybridclock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

namespace benchside {

namespace {
// Never a null QString: SqliteStatement binds that as NULL, and these columns are NOT NULL.
QString nonNull(const QString &v)
{
    return v.isNull() ? QStringLiteral("") : v;
}

QString joined(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out << e.toString();
    return nonNull(out.join(QLatin1Char('~')));
}
} // namespace

AnalyzerProjection::AnalyzerProjection(StatementCache &statements) : m_statements(statements) {}

const QStringList &AnalyzerProjection::tables()
{
    static const QStringList names{
        QStringLiteral("analyzers"),
        QStringLiteral("analyzer_map"),
        QStringLiteral("instrument_readings"),
        QStringLiteral("instrument_unmatched"),
    };
    return names;
}

Status AnalyzerProjection::exec(SqliteStatement &q)
{
    if (!q.exec())
        return Status::failure(tr("Updating the analyzer views failed: %1").arg(q.errorText()));
    return {};
}

Status AnalyzerProjection::apply(const Event &e, const QJsonObject &p)
{
    const QString &k = e.kind;
    if (k == QLatin1String("analyzer.defined")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO analyzers (name, endpoint, profile, active, "
                                       "defined_by, defined_at) VALUES (?, ?, ?, ?, ?, ?)");
        for (const QVariant &v :
             {QVariant(e.subject),
              QVariant(QString::fromUtf8(QJsonDocument(p.value(QLatin1String("endpoint")).toObject())
                                             .toJson(QJsonDocument::Compact))),
              QVariant(jsonText(p, "profile")),
              QVariant(p.value(QLatin1String("active")).toBool(true) ? 1 : 0), QVariant(e.actor),
              QVariant(e.atMs())})
            q.addBindValue(v);
        return exec(q);
    }
    if (k == QLatin1String("analyzer.map_defined")) {
        SqliteStatement &clear = statement("DELETE FROM analyzer_map WHERE analyzer = ?");
        clear.addBindValue(e.subject);
        if (Status s = exec(clear); !s)
            return s;
        SqliteStatement &insert = statement(
            "INSERT OR REPLACE INTO analyzer_map (analyzer, analyzer_code, test_code, unit, factor) VALUES "
            "(?, ?, ?, ?, ?)");
        for (const QJsonValue &row : p.value(QLatin1String("map")).toArray()) {
            const QJsonObject r = row.toObject();
            const QJsonValue factor = r.value(QLatin1String("factor"));
            for (const QVariant &v :
                 {QVariant(e.subject), QVariant(jsonText(r, "code")), QVariant(jsonText(r, "test")),
                  QVariant(jsonText(r, "unit")),
                  factor.isDouble() ? QVariant(factor.toDouble()) : QVariant(QMetaType(QMetaType::Double))})
                insert.addBindValue(v);
            if (Status s = exec(insert); !s)
                return s;
        }
        return {};
    }
    if (k == QLatin1String("instrument.unmatched"))
        return applyUnmatched(e, p);
    if (k == QLatin1String("instrument.qc_taken")) {
        for (const QJsonValue &reading : p.value(QLatin1String("readings")).toArray()) {
            if (Status s = noteReading(e, reading.toObject()); !s)
                return s;
        }
        return {};
    }
    if (k == QLatin1String("instrument.matched") || k == QLatin1String("instrument.discarded"))
        return applyResolution(e.subject, k, e.actor, e.atMs(), p);
    // instrument.received and instrument.query_answered are the record of the line: the audit
    // view reads them from the journal.
    return {};
}

QString AnalyzerProjection::measuredText(const QJsonObject &instrument)
{
    if (!instrument.contains(QLatin1String("value")))
        return QStringLiteral("");
    // Unit separator between the fields: migration 0022 builds the same text from the journal.
    const QChar separator(0x1f);
    return QStringList{jsonText(instrument, "value"), jsonText(instrument, "unit"),
                       jsonText(instrument, "status"), joined(instrument.value(QLatin1String("flags")))}
        .join(separator);
}

Status AnalyzerProjection::noteReading(const Event &e, const QJsonObject &instrument)
{
    SqliteStatement &q =
        statement("INSERT OR IGNORE INTO instrument_readings (analyzer, specimen_id, analyzer_code, "
                  "measured_at, measured, event_id) VALUES (?, ?, ?, ?, ?, ?)");
    for (const QVariant &v :
         {QVariant(jsonText(instrument, "analyzer")), QVariant(jsonText(instrument, "specimen_id")),
          QVariant(jsonText(instrument, "analyzer_code")), QVariant(jsonText(instrument, "measured_at")),
          QVariant(measuredText(instrument)), QVariant(e.id)})
        q.addBindValue(v);
    return exec(q);
}

Status AnalyzerProjection::applyUnmatched(const Event &e, const QJsonObject &p)
{
    SqliteStatement &q = statement("INSERT OR REPLACE INTO instrument_unmatched (event_id, analyzer, "
                                   "specimen_id, analyzer_code, test_code, "
                                   "accession, value, unit, flags, status, measured_at, reason, received_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const QVariant &v :
         {QVariant(e.id), QVariant(jsonText(p, "analyzer")), QVariant(jsonText(p, "specimen_id")),
          QVariant(jsonText(p, "analyzer_code")), QVariant(jsonText(p, "test")),
          QVariant(jsonText(p, "accession")), QVariant(jsonText(p, "value")), QVariant(jsonText(p, "unit")),
          QVariant(joined(p.value(QLatin1String("flags")))), QVariant(jsonText(p, "status")),
          QVariant(jsonText(p, "measured_at")), QVariant(jsonText(p, "reason")), QVariant(e.atMs())})
        q.addBindValue(v);
    if (Status s = exec(q); !s)
        return s;
    if (Status s = noteReading(e, p); !s)
        return s;
    // A resolution that came in before the reading (another station's, pulled first).
    SqliteStatement &resolved =
        statement("SELECT kind, actor, hlc, payload FROM journal WHERE subject = ? AND "
                  "kind IN ('instrument.matched', 'instrument.discarded') "
                  "ORDER BY hlc DESC LIMIT 1");
    resolved.addBindValue(e.id);
    if (Status s = exec(resolved); !s)
        return s;
    if (!resolved.next()) {
        resolved.finish();
        return {};
    }
    const QString kind = resolved.value(0).toString();
    const QString actor = resolved.value(1).toString();
    const qint64 atMs = HybridClock::toMs(resolved.value(2).toLongLong());
    const QJsonObject payload = QJsonDocument::fromJson(resolved.value(3).toString().toUtf8()).object();
    resolved.finish();
    return applyResolution(e.id, kind, actor, atMs, payload);
}

Status AnalyzerProjection::applyResolution(const QString &unmatchedId, const QString &kind,
                                           const QString &actor, qint64 atMs, const QJsonObject &p)
{
    const bool matched = kind == QLatin1String("instrument.matched");
    SqliteStatement &q =
        statement("UPDATE instrument_unmatched SET state = ?, resolved_by = ?, resolved_at = ?, "
                  "resolution = ? WHERE event_id = ?");
    for (const QVariant &v :
         {QVariant(matched ? QStringLiteral("matched") : QStringLiteral("discarded")), QVariant(actor),
          QVariant(atMs), QVariant(matched ? jsonText(p, "order_id") : jsonText(p, "reason")),
          QVariant(unmatchedId)})
        q.addBindValue(v);
    return exec(q);
}

} // namespace benchside
