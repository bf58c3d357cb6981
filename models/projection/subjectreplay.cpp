// SPDX-License-Identifier: GPL-3.0-or-later
#include "projection/subjectreplay.h"

#include "core/jsonlist.h"
#include "projection/projector.h"
#include "projection/qcreplay.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace benchside {

bool SubjectReplay::isSpecimenEvent(const QString &kind)
{
    return kind == QLatin1String("specimen.accessioned") || kind.startsWith(QLatin1String("custody.")) ||
           kind.startsWith(QLatin1String("result.")) || kind == QLatin1String("review.resolved") ||
           kind.startsWith(QLatin1String("order."));
}

bool SubjectReplay::isOrderFree(const QString &kind)
{
    // An inbound HL7 message's row is keyed by its own event and read by nothing else's projection;
    // so is an analyzer's definition and an unmatched reading (whose resolution may come first:
    // AnalyzerProjection looks for it).
    return kind.startsWith(QLatin1String("user.")) || kind.startsWith(QLatin1String("interface.")) ||
           kind.startsWith(QLatin1String("analyzer.")) || kind.startsWith(QLatin1String("instrument."));
}

Status SubjectReplay::exec(QSqlQuery &q)
{
    if (!q.exec())
        return Status::failure(tr("Cannot update the views: %1").arg(q.lastError().text()));
    return {};
}

Result<bool> SubjectReplay::apply(const QList<Event> &events,
                                  const std::function<bool(const Event &)> &inOrder)
{
    QSet<QString> accessions, mrns;
    QList<Event> others;
    QcReplay qc(m_db, m_projector);
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Event &e : events) {
        if (isSpecimenEvent(e.kind)) {
            accessions.insert(e.subject);
            earliest = std::min(earliest, e.hlc);
            const QJsonObject p = e.payloadObject();
            const QString mrn =
                p.value(QLatin1String("patient")).toObject().value(QLatin1String("mrn")).toString();
            if (!mrn.isEmpty())
                mrns.insert(mrn);
            for (const QJsonValue &c : p.value(QLatin1String("children")).toArray())
                accessions.insert(c.toObject().value(QLatin1String("accession")).toString());
        } else if (e.kind.startsWith(QLatin1String("qc.")) && !inOrder(e)) {
            if (!qc.addLate(e))
                return false;
        } else if (isOrderFree(e.kind) || (inOrder(e) && !e.kind.startsWith(QLatin1String("catalog.")))) {
            others << e; // QC and the like: their views do not read the specimens' and vice versa
        } else {
            return false;
        }
    }
    // QC events in order of a test replayed for late ones are applied with it, not twice.
    others.removeIf([&qc](const Event &e) { return qc.claim(e); });
    // A catalogue change since the earliest late specimen event may have changed how it projects.
    if (!accessions.isEmpty()) {
        QSqlQuery catalog(m_db);
        catalog.prepare(
            QStringLiteral("SELECT 1 FROM journal WHERE hlc >= ? AND kind LIKE 'catalog.%' LIMIT 1"));
        catalog.addBindValue(earliest);
        if (Status s = exec(catalog); !s)
            return Result<bool>::failure(s.error());
        if (catalog.next())
            return false;
    }
    // First of what changes the views: it is the one step left that may still give up.
    Result<bool> qcReplayed = qc.apply();
    if (!qcReplayed || !qcReplayed.value())
        return qcReplayed;
    for (const Event &e : std::as_const(others)) {
        if (Status s = m_projector.applyOrFlag(e); !s)
            return Result<bool>::failure(s.error());
    }
    // Late sign-ins, credentials and QC from other stations: no specimen to replay.
    if (accessions.isEmpty())
        return true;
    Result<QSet<QString>> scope = widen(accessions, mrns);
    if (!scope)
        return Result<bool>::failure(scope.error());
    if (Status s = remove(scope.value(), mrns); !s)
        return Result<bool>::failure(s.error());
    if (Status s = replay(scope.value()); !s)
        return Result<bool>::failure(s.error());
    return true;
}

// Adds the specimens whose rows the same events touch: parents and aliquots (transitively) and the
// patients' other specimens (the patient row is the last accession's word on the patient).
Result<QSet<QString>> SubjectReplay::widen(QSet<QString> accessions, QSet<QString> &mrns)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT accession, parent, patient_mrn FROM specimens WHERE accession IN (SELECT value FROM "
        "json_each(?)) "
        "OR parent IN (SELECT value FROM json_each(?)) OR patient_mrn IN (SELECT value FROM json_each(?))"));
    for (;;) {
        const qsizetype before = accessions.size() + mrns.size();
        q.bindValue(0, jsonList(accessions));
        q.bindValue(1, jsonList(accessions));
        q.bindValue(2, jsonList(mrns));
        if (Status s = exec(q); !s)
            return Result<QSet<QString>>::failure(s.error());
        while (q.next()) {
            accessions.insert(q.value(0).toString());
            if (!q.value(1).toString().isEmpty())
                accessions.insert(q.value(1).toString());
            if (!q.value(2).toString().isEmpty())
                mrns.insert(q.value(2).toString());
        }
        q.finish();
        if (accessions.size() + mrns.size() == before)
            return accessions;
    }
}

Status SubjectReplay::remove(const QSet<QString> &accessions, const QSet<QString> &mrns)
{
    // Children before the rows they hang off; the order ids come from both orders and results.
    static const char *const byAccession[] = {
        "WITH s(a) AS (SELECT value FROM json_each(?)) DELETE FROM result_history WHERE order_id IN "
        "(SELECT order_id FROM test_orders WHERE accession IN s) OR order_id IN "
        "(SELECT order_id FROM results WHERE accession IN s)",
        "DELETE FROM results WHERE accession IN (SELECT value FROM json_each(?))",
        // A QC event's flag stays: replay() leaves QC events alone (see there).
        "WITH s(a) AS (SELECT value FROM json_each(?)) DELETE FROM review_flags WHERE accession IN s AND "
        "event_id NOT IN (SELECT id FROM journal WHERE subject IN s AND kind GLOB 'qc.*')",
        "DELETE FROM test_orders WHERE accession IN (SELECT value FROM json_each(?))",
        "DELETE FROM external_orders WHERE accession IN (SELECT value FROM json_each(?))",
        "DELETE FROM specimens WHERE accession IN (SELECT value FROM json_each(?))",
    };
    const QString list = jsonList(accessions);
    for (const char *sql : byAccession) {
        QSqlQuery q(m_db);
        q.prepare(QString::fromLatin1(sql));
        q.addBindValue(list);
        if (Status s = exec(q); !s)
            return s;
    }
    QSqlQuery patients(m_db);
    patients.prepare(QStringLiteral("DELETE FROM patients WHERE mrn IN (SELECT value FROM json_each(?))"));
    patients.addBindValue(jsonList(mrns));
    return exec(patients);
}

Status SubjectReplay::replay(const QSet<QString> &accessions)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Not the QC events that share a subject (a look-back review's is the specimen; any run or lot may
    // be named like one): their rows are the test's, which remove() keeps, and applied again here, out
    // of the test's order, a run would be judged against runs that came after it (QcReplay, decision 62).
    q.prepare(QStringLiteral("SELECT %1 FROM journal WHERE subject IN (SELECT value FROM json_each(?)) "
                             "AND kind NOT GLOB 'qc.*' ORDER BY hlc, station_id, station_seq")
                  .arg(QLatin1String(Event::Columns)));
    q.addBindValue(jsonList(accessions));
    if (Status s = exec(q); !s)
        return s;
    const QList<Event> events = Event::fromRows(q);
    q.finish();
    for (const Event &e : std::as_const(events)) {
        if (Status s = m_projector.applyOrFlag(e); !s)
            return s;
    }
    return {};
}

} // namespace benchside
