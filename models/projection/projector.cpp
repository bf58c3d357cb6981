// SPDX-License-Identifier: GPL-3.0-or-later
#include "projection/projector.h"

#include "analyzer/analyzerprojection.h"
#include "core/jsonfield.h"
#include "core/jsonnumber.h"
#include "custody/custodykind.h"
#include "qc/qcprojection.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <limits>

namespace benchside {

namespace {
QString nonNull(const QString &v)
{
    return v.isNull() ? QStringLiteral("") : v;
}

// What the autoverification rules decided about a result, as the verification list shows it.
QString autoverifyText(const QJsonObject &decision, bool released)
{
    if (decision.isEmpty())
        return QStringLiteral("");
    QStringList reasons;
    for (const QJsonValue &r : decision.value(QLatin1String("reasons")).toArray())
        reasons << r.toString();
    return (released ? QStringLiteral("released by rules v%1: %2") : QStringLiteral("held by rules v%1: %2"))
        .arg(decision.value(QLatin1String("version")).toInt())
        .arg(reasons.join(QStringLiteral("; ")));
}

int priorityRank(const QString &priority)
{
    return priority == QLatin1String("stat") ? 0 : priority == QLatin1String("asap") ? 1 : 2;
}

QVariant nullableMs(const QJsonValue &v)
{
    const std::optional<qint64> ms = jsonInteger(v);
    return ms ? QVariant(*ms) : QVariant(QMetaType(QMetaType::LongLong));
}
} // namespace

Projector::Projector(QSqlDatabase db)
    : m_db(std::move(db)), m_statements(m_db), m_qc(std::make_unique<QcProjection>(m_statements)),
      m_analyzers(std::make_unique<AnalyzerProjection>(m_statements))
{}

Projector::~Projector() = default;

const QStringList &Projector::tables()
{
    static const QStringList names =
        QStringList{
            QStringLiteral("benches"),
            QStringLiteral("sites"),
            QStringLiteral("specimen_types"),
            QStringLiteral("containers"),
            QStringLiteral("tests"),
            QStringLiteral("locations"),
            QStringLiteral("users"),
            QStringLiteral("patients"),
            QStringLiteral("specimens"),
            QStringLiteral("test_orders"),
            QStringLiteral("accession_counters"),
            QStringLiteral("results"),
            QStringLiteral("result_history"),
            QStringLiteral("review_flags"),
            QStringLiteral("user_credentials"),
            QStringLiteral("hl7_inbox"),
            QStringLiteral("external_orders"),
            QStringLiteral("hl7_destinations"),
            QStringLiteral("hl7_outbox"),
            QStringLiteral("hl7_outbox_state"),
            QStringLiteral("autoverify_rules"),
        } +
        QcProjection::tables() + AnalyzerProjection::tables();
    return names;
}

Status Projector::exec(SqliteStatement &q)
{
    if (!q.exec())
        return Status::failure(tr("Updating the views failed: %1").arg(q.errorText()));
    return {};
}

Status Projector::apply(const Event &event)
{
    const QJsonObject p = event.payloadObject();
    if (event.kind.startsWith(QLatin1String("catalog.")))
        return applyCatalog(event, p);
    if (event.kind == QLatin1String("specimen.accessioned"))
        return applyAccessioned(event, p);
    if (event.kind.startsWith(QLatin1String("custody.")))
        return applyCustody(event, p);
    if (event.kind.startsWith(QLatin1String("result.")))
        return applyResult(event, p);
    if (event.kind.startsWith(QLatin1String("qc.")))
        return m_qc->apply(event, p);
    if (event.kind == QLatin1String("review.resolved"))
        return applyReviewResolved(event, p);
    if (event.kind == QLatin1String("specimen.review_marked"))
        return applyManualReview(event, p);
    if (event.kind.startsWith(QLatin1String("user.")))
        return applyCredential(event, p);
    if (event.kind.startsWith(QLatin1String("order.")))
        return applyOrderChange(event, p);
    if (event.kind == QLatin1String("interface.received"))
        return applyHl7Received(event, p);
    if (event.kind.startsWith(QLatin1String("interface.")))
        return applyHl7Outbound(event, p);
    if (event.kind == QLatin1String("autoverify.rules_set"))
        return applyAutoverifyRules(event, p);
    if (event.kind.startsWith(QLatin1String("analyzer.")) ||
        event.kind.startsWith(QLatin1String("instrument.")))
        return m_analyzers->apply(event, p);
    // Kinds this version does not know (from a newer station) stay in the journal untouched and
    // are projected once this station is updated and rebuilt.
    return {};
}

Status Projector::applyOrFlag(const Event &event)
{
    if (Status s = exec(statement("SAVEPOINT project_event")); !s)
        return s;
    const Status applied = apply(event);
    if (applied)
        return exec(statement("RELEASE project_event"));
    if (Status s = exec(statement("ROLLBACK TO project_event")); !s)
        return s;
    if (Status s = exec(statement("RELEASE project_event")); !s)
        return s;
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO review_flags (event_id, other_event, accession, order_id, reason, "
                  "flagged_at, hlc) VALUES (?, '', ?, '', ?, ?, ?)");
    const QString reason = tr("%1 of %2 from station %3 (#%4) could not be applied here and is left out of "
                              "the views: %5")
                               .arg(event.kind, event.subject, event.stationId)
                               .arg(event.stationSeq)
                               .arg(applied.error());
    for (const QVariant &v : {QVariant(event.id), QVariant(event.subject), QVariant(reason),
                              QVariant(event.atMs()), QVariant(event.hlc)})
        q.addBindValue(v);
    return exec(q);
}

Status Projector::applyCatalog(const Event &e, const QJsonObject &p)
{
    const QString &k = e.kind;
    if (k == QLatin1String("catalog.bench.defined")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO benches (code, name) VALUES (?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "name"));
        return exec(q);
    }
    if (k == QLatin1String("catalog.site.defined")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO sites (code, name) VALUES (?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "name"));
        return exec(q);
    }
    if (k == QLatin1String("catalog.specimen_type.defined")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO specimen_types (code, name) VALUES (?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "name"));
        return exec(q);
    }
    if (k == QLatin1String("catalog.container.defined")) {
        SqliteStatement &q =
            statement("INSERT OR REPLACE INTO containers (code, name, color) VALUES (?, ?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "name"));
        q.addBindValue(jsonText(p, "color"));
        return exec(q);
    }
    if (k == QLatin1String("catalog.test.defined")) {
        SqliteStatement &q =
            statement("INSERT OR REPLACE INTO tests (code, name, bench, specimen_type, container, "
                      "tat_minutes, unit, result_type, definition) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "name"));
        q.addBindValue(jsonText(p, "bench"));
        q.addBindValue(jsonText(p, "specimen_type"));
        q.addBindValue(jsonText(p, "container"));
        q.addBindValue(p.value(QLatin1String("tat_minutes")).toInt());
        q.addBindValue(jsonText(p, "unit"));
        q.addBindValue(p.value(QLatin1String("result_type")).toString(QStringLiteral("numeric")));
        q.addBindValue(e.payload);
        return exec(q);
    }
    if (k == QLatin1String("catalog.location.defined")) {
        SqliteStatement &q = statement("INSERT OR REPLACE INTO locations (path, kind) VALUES (?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "kind"));
        return exec(q);
    }
    if (k == QLatin1String("catalog.user.defined")) {
        SqliteStatement &q =
            statement("INSERT OR REPLACE INTO users (name, display_name, role) VALUES (?, ?, ?)");
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "display_name"));
        q.addBindValue(jsonText(p, "role"));
        return exec(q);
    }
    return {};
}

// Order-free (SubjectReplay::isOrderFree): each credential keeps the newest setting by (hlc,
// station), whichever order the events arrive in. Sign-in attempts are read from the journal.
Status Projector::applyCredential(const Event &e, const QJsonObject &p)
{
    const char *sql = nullptr;
    if (e.kind == QLatin1String("user.password.set"))
        sql = "INSERT INTO user_credentials (name, password_hash, password_hlc, password_station) "
              "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash, "
              "password_hlc = excluded.password_hlc, password_station = excluded.password_station "
              "WHERE (excluded.password_hlc, excluded.password_station) > (password_hlc, password_station)";
    else if (e.kind == QLatin1String("user.pin.set"))
        sql = "INSERT INTO user_credentials (name, pin_hash, pin_hlc, pin_station) "
              "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET pin_hash = excluded.pin_hash, "
              "pin_hlc = excluded.pin_hlc, pin_station = excluded.pin_station "
              "WHERE (excluded.pin_hlc, excluded.pin_station) > (pin_hlc, pin_station)";
    else if (e.kind == QLatin1String("user.badge.set"))
        sql = "INSERT INTO user_credentials (name, badge, badge_hlc, badge_station) "
              "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET badge = excluded.badge, "
              "badge_hlc = excluded.badge_hlc, badge_station = excluded.badge_station "
              "WHERE (excluded.badge_hlc, excluded.badge_station) > (badge_hlc, badge_station)";
    if (!sql)
        return {};
    const bool badge = e.kind == QLatin1String("user.badge.set");
    SqliteStatement &q = statement(sql);
    q.addBindValue(e.subject);
    q.addBindValue(jsonText(p, badge ? "badge" : "hash"));
    q.addBindValue(e.hlc);
    q.addBindValue(e.stationId);
    return exec(q);
}

Status Projector::applyAccessioned(const Event &e, const QJsonObject &p)
{
    const QJsonObject patient = p.value(QLatin1String("patient")).toObject();
    const QString mrn = jsonText(patient, "mrn");
    if (!mrn.isEmpty()) {
        SqliteStatement &q =
            statement("INSERT INTO patients (mrn, name, birth_date, sex) VALUES (?, ?, ?, ?) "
                      "ON CONFLICT (mrn) DO UPDATE SET name = excluded.name, "
                      "birth_date = excluded.birth_date, sex = excluded.sex");
        q.addBindValue(mrn);
        q.addBindValue(jsonText(patient, "name"));
        q.addBindValue(jsonText(patient, "birth_date"));
        q.addBindValue(jsonText(patient, "sex"));
        if (Status s = exec(q); !s)
            return s;
    }
    const QString priority = p.value(QLatin1String("priority")).toString(QStringLiteral("routine"));
    const QString location = jsonText(p, "location");
    {
        SqliteStatement &q = statement(
            "INSERT OR REPLACE INTO specimens (accession, parent, patient_mrn, specimen_type, container, "
            "collected_at, collector, priority, status, location, accessioned_at, accessioned_by, "
            "received_at, "
            "received_station, last_event_at) VALUES (?, '', ?, ?, ?, ?, ?, ?, 'accessioned', ?, ?, ?, NULL, "
            "'', ?)");
        q.addBindValue(e.subject);
        q.addBindValue(mrn);
        q.addBindValue(jsonText(p, "specimen_type"));
        q.addBindValue(jsonText(p, "container"));
        q.addBindValue(nullableMs(p.value(QLatin1String("collected_at"))));
        q.addBindValue(jsonText(p, "collector"));
        q.addBindValue(priority);
        q.addBindValue(location);
        q.addBindValue(e.atMs());
        q.addBindValue(e.actor);
        q.addBindValue(e.atMs());
        if (Status s = exec(q); !s)
            return s;
    }
    const QJsonArray tests = p.value(QLatin1String("tests")).toArray();
    for (const QJsonValue &t : tests) {
        const QJsonObject test = t.toObject();
        if (Status s = insertTestOrder(e, jsonText(test, "code"), jsonText(test, "bench"), priority); !s)
            return s;
    }
    // An order from the hospital's system: its identifiers, and who ordered it through which system
    // (the tube's trail words the same from the event itself, CustodyTrail).
    const QJsonObject via = p.value(QLatin1String("ordered_via")).toObject();
    const QString provider = jsonText(p, "ordering_provider");
    for (const QJsonValue &v : p.value(QLatin1String("placer_orders")).toArray()) {
        const QJsonObject placer = v.toObject();
        SqliteStatement &q =
            statement("INSERT OR REPLACE INTO external_orders (accession, placer_order, placer_namespace, "
                      "placer_specimen, source, ordering_provider, tests) VALUES (?, ?, ?, ?, ?, ?, ?)");
        QStringList codes;
        for (const QJsonValue &c : placer.value(QLatin1String("tests")).toArray())
            codes << c.toString();
        for (const QVariant &value :
             {QVariant(e.subject), QVariant(jsonText(placer, "placer")),
              QVariant(jsonText(placer, "namespace")), QVariant(jsonText(p, "placer_specimen")),
              QVariant(jsonText(via, "app")), QVariant(provider),
              QVariant(nonNull(codes.join(QLatin1Char(','))))})
            q.addBindValue(value);
        if (Status s = exec(q); !s)
            return s;
    }
    return bumpCounter(p);
}

Status Projector::applyCustody(const Event &e, const QJsonObject &p)
{
    const std::optional<CustodyKind> kind = CustodyKinds::parse(e.kind);
    if (!kind)
        return {};
    const CustodyKindInfo &info = CustodyKinds::info(*kind);
    const QString location = jsonText(p, "location");

    QString status = nonNull(QString::fromLatin1(info.status));
    if (*kind == CustodyKind::Corrected)
        status = jsonText(p, "status");

    {
        SqliteStatement &q =
            statement("UPDATE specimens SET status = CASE WHEN ? = '' THEN status ELSE ? END, "
                      "location = CASE WHEN ? = '' THEN location ELSE ? END, "
                      "received_at = CASE WHEN ? THEN ? ELSE received_at END, "
                      "received_station = CASE WHEN ? THEN ? ELSE received_station END, "
                      "last_event_at = ? WHERE accession = ?");
        const int received = *kind == CustodyKind::Received ? 1 : 0;
        for (const QVariant &v :
             {QVariant(status), QVariant(status), QVariant(location), QVariant(location), QVariant(received),
              QVariant(e.atMs()), QVariant(received), QVariant(e.stationId), QVariant(e.atMs())})
            q.addBindValue(v);
        q.addBindValue(e.subject);
        if (Status s = exec(q); !s)
            return s;
    }
    if (*kind == CustodyKind::Received) {
        // The first receipt starts the turnaround clock; a later one does not restart it.
        SqliteStatement &q =
            statement("UPDATE test_orders SET received_at = ? WHERE accession = ? AND received_at IS NULL");
        q.addBindValue(e.atMs());
        q.addBindValue(e.subject);
        if (Status s = exec(q); !s)
            return s;
    }
    if (*kind == CustodyKind::Rejected) {
        // The tests the rejection cancels, for the hospital's system (an ORU with OBR-25 X).
        QStringList cancelled;
        SqliteStatement &open = statement("SELECT test_code FROM test_orders WHERE accession = ? AND status "
                                          "NOT IN ('verified', 'cancelled') "
                                          "ORDER BY test_code");
        open.addBindValue(e.subject);
        if (Status s = exec(open); !s)
            return s;
        while (open.next())
            cancelled << open.value(0).toString();
        open.finish();
        // A released result stays released: a rejection afterwards does not unsay it.
        SqliteStatement &q = statement(
            "UPDATE test_orders SET status = 'cancelled' WHERE accession = ? AND status <> 'verified'");
        q.addBindValue(e.subject);
        if (Status s = exec(q); !s)
            return s;
        if (!cancelled.isEmpty()) {
            if (Status s = queueOutbound(e, QStringLiteral("cancelled"), cancelled); !s)
                return s;
        }
    }

    if (*kind == CustodyKind::Aliquoted) {
        for (const QJsonValue &c : p.value(QLatin1String("children")).toArray()) {
            const QString child = c.toObject().value(QLatin1String("accession")).toString();
            SqliteStatement &q = statement(
                "INSERT OR REPLACE INTO specimens (accession, parent, patient_mrn, specimen_type, container, "
                "collected_at, collector, priority, status, location, accessioned_at, accessioned_by, "
                "received_at, "
                "received_station, last_event_at) SELECT ?, accession, patient_mrn, specimen_type, ?, "
                "collected_at, "
                "collector, priority, 'received', ?, ?, ?, ?, ?, ? FROM specimens WHERE accession = ?");
            q.addBindValue(child);
            q.addBindValue(jsonText(c.toObject(), "container"));
            q.addBindValue(location);
            q.addBindValue(e.atMs());
            q.addBindValue(e.actor);
            q.addBindValue(e.atMs());
            q.addBindValue(e.stationId);
            q.addBindValue(e.atMs());
            q.addBindValue(e.subject);
            if (Status s = exec(q); !s)
                return s;
        }
        return bumpCounter(p);
    }
    return {};
}

Status Projector::applyResult(const Event &e, const QJsonObject &p)
{
    const QString orderId = jsonText(p, "order_id");
    const QString &k = e.kind;
    QString detail;
    const bool changesValue = k == QLatin1String("result.entered") || k == QLatin1String("result.amended") ||
                              k == QLatin1String("result.verified");
    if (changesValue) {
        if (Status s = checkBase(e, p, orderId); !s)
            return s;
    }
    if (k == QLatin1String("result.entered") || k == QLatin1String("result.amended")) {
        const bool amended = k == QLatin1String("result.amended");
        // A new value needs its own notification and verification: the old ones were about
        // another value.
        SqliteStatement &q = statement(
            "INSERT INTO results (order_id, accession, test_code, value, numeric_value, unit, flag, "
            "range_basis, implausible_reason, delta, delta_previous, entered_by, entered_at, amend_count, "
            "last_event, analyzer, instrument_flags, measured_at, autoverify, instrument_status, "
            "instrument_comments) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (order_id) DO UPDATE SET value = excluded.value, numeric_value = "
            "excluded.numeric_value, unit = excluded.unit, flag = excluded.flag, range_basis = "
            "excluded.range_basis, implausible_reason = excluded.implausible_reason, delta = excluded.delta, "
            "delta_previous = excluded.delta_previous, entered_by = excluded.entered_by, entered_at = "
            "excluded.entered_at, verified_by = '', verified_at = NULL, notified_to = '', notified_by = '', "
            "notified_at = NULL, amend_count = amend_count + excluded.amend_count, "
            "last_event = excluded.last_event, analyzer = excluded.analyzer, "
            "instrument_flags = excluded.instrument_flags, measured_at = excluded.measured_at, "
            "autoverify = excluded.autoverify, instrument_status = excluded.instrument_status, "
            "instrument_comments = excluded.instrument_comments");
        const QJsonObject instrument = p.value(QLatin1String("instrument")).toObject();
        QStringList instrumentFlags;
        for (const QJsonValue &f : instrument.value(QLatin1String("flags")).toArray())
            instrumentFlags << f.toString();
        // The analyzer's R-9 when it is not final (W questionable, P preliminary, C correction …),
        // and its comments on the result: both for the verifier (migration 0023).
        QString instrumentStatus = jsonText(instrument, "status");
        if (instrumentStatus == QLatin1String("F"))
            instrumentStatus = QStringLiteral("");
        QStringList instrumentComments;
        for (const QJsonValue &c : instrument.value(QLatin1String("comments")).toArray())
            instrumentComments << c.toString();
        const QJsonValue numeric = p.value(QLatin1String("numeric"));
        for (const QVariant &v :
             {QVariant(orderId),
              QVariant(e.subject),
              QVariant(jsonText(p, "test")),
              QVariant(jsonText(p, "value")),
              numeric.isDouble() ? QVariant(numeric.toDouble()) : QVariant(QMetaType(QMetaType::Double)),
              QVariant(jsonText(p, "unit")),
              QVariant(jsonText(p, "flag")),
              QVariant(jsonText(p, "range_basis")),
              QVariant(jsonText(p, "implausible_confirmed")),
              QVariant(jsonText(p, "delta")),
              QVariant(jsonText(p, "delta_previous")),
              QVariant(e.actor),
              QVariant(e.atMs()),
              QVariant(amended ? 1 : 0),
              QVariant(e.id),
              QVariant(jsonText(instrument, "analyzer")),
              QVariant(nonNull(instrumentFlags.join(QLatin1Char('~')))),
              QVariant(jsonText(instrument, "measured_at")),
              QVariant(autoverifyText(p.value(QLatin1String("autoverify")).toObject(), false)),
              QVariant(instrumentStatus),
              QVariant(nonNull(instrumentComments.join(QLatin1Char('\n'))))})
            q.addBindValue(v);
        if (Status s = exec(q); !s)
            return s;
        if (!instrument.isEmpty()) {
            if (Status s = m_analyzers->noteReading(e, instrument); !s)
                return s;
        }
        if (Status s =
                setOrderStatus(orderId, amended ? QStringLiteral("amended") : QStringLiteral("entered"));
            !s)
            return s;
        if (amended)
            detail = jsonText(p, "reason");
        else
            detail = autoverifyText(p.value(QLatin1String("autoverify")).toObject(), false);
    } else if (k == QLatin1String("result.notified")) {
        SqliteStatement &q = statement(
            "UPDATE results SET notified_to = ?, notified_by = ?, notified_at = ? WHERE order_id = ?");
        q.addBindValue(jsonText(p, "to"));
        q.addBindValue(e.actor);
        q.addBindValue(jsonInteger(p.value(QLatin1String("at"))).value_or(e.atMs()));
        q.addBindValue(orderId);
        if (Status s = exec(q); !s)
            return s;
        detail = jsonText(p, "to");
    } else if (k == QLatin1String("result.verified")) {
        SqliteStatement &q =
            statement("UPDATE results SET verified_by = ?, verified_at = ?, released_at = "
                      "coalesce(released_at, ?), last_event = ?, autoverify = ? WHERE order_id = ?");
        q.addBindValue(e.actor);
        q.addBindValue(e.atMs());
        q.addBindValue(e.atMs());
        q.addBindValue(e.id);
        q.addBindValue(autoverifyText(p.value(QLatin1String("autoverified")).toObject(), true));
        q.addBindValue(orderId);
        if (Status s = exec(q); !s)
            return s;
        if (Status s = setOrderStatus(orderId, QStringLiteral("verified")); !s)
            return s;
        detail = autoverifyText(p.value(QLatin1String("autoverified")).toObject(), true);
        SqliteStatement &amended = statement("SELECT amend_count FROM results WHERE order_id = ?");
        amended.addBindValue(orderId);
        const bool correction = amended.exec() && amended.next() && amended.value(0).toInt() > 0;
        amended.finish();
        const QString test = orderId.mid(e.subject.size() + 1);
        if (Status s =
                queueOutbound(e, correction ? QStringLiteral("amended") : QStringLiteral("released"), {test});
            !s)
            return s;
    } else {
        return {};
    }
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO result_history (order_id, event_id, kind, value, unit, "
                  "flag, actor, detail, at, hlc, analyzer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const QString analyzer =
        p.value(QLatin1String("instrument")).toObject().value(QLatin1String("analyzer")).toString();
    for (const QVariant &v :
         {QVariant(orderId), QVariant(e.id), QVariant(e.kind), QVariant(jsonText(p, "value")),
          QVariant(jsonText(p, "unit")), QVariant(jsonText(p, "flag")), QVariant(e.actor),
          QVariant(nonNull(detail)), QVariant(e.atMs()), QVariant(e.hlc), QVariant(nonNull(analyzer))})
        q.addBindValue(v);
    return exec(q);
}

// A result event names as its base the order's last value-changing event its station knew of. Any
// other base means a second station changed the result meanwhile (entered it too, amended or verified
// it): replay order alone would pick a winner, so both stay recorded and a person decides.
Status Projector::checkBase(const Event &e, const QJsonObject &p, const QString &orderId)
{
    if (!p.contains(QLatin1String("base")))
        return {}; // written before stations compared bases
    SqliteStatement &current = statement("SELECT r.last_event, j.kind, j.station_id, j.actor FROM results r "
                                         "LEFT JOIN journal j ON j.id = r.last_event WHERE r.order_id = ?");
    current.addBindValue(orderId);
    if (Status s = exec(current); !s)
        return s;
    QString last, otherKind, otherStation, otherActor;
    if (current.next()) {
        last = current.value(0).toString();
        otherKind = current.value(1).toString();
        otherStation = current.value(2).toString();
        otherActor = current.value(3).toString();
    }
    current.finish();
    const QString base = p.value(QLatin1String("base")).toString();
    if (base == last)
        return {};
    const QString reason =
        tr("%1 %2 by %3 at station %4 was decided without knowing of %5 by %6 at station %7. Both are kept; "
           "decide which result stands.")
            .arg(orderId, e.kind.mid(7), e.actor, e.stationId, otherKind.mid(7), otherActor, otherStation);
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO review_flags (event_id, other_event, accession, order_id, "
                  "reason, flagged_at, hlc) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const QVariant &v : {QVariant(e.id), QVariant(nonNull(last)), QVariant(e.subject), QVariant(orderId),
                              QVariant(reason), QVariant(e.atMs()), QVariant(e.hlc)})
        q.addBindValue(v);
    return exec(q);
}

Status Projector::applyManualReview(const Event &e, const QJsonObject &p)
{
    SqliteStatement &q =
        statement("UPDATE specimens SET manual_review = ? WHERE accession = ? RETURNING accession");
    q.addBindValue(p.value(QLatin1String("marked")).toBool() ? QVariant(jsonText(p, "reason"))
                                                             : QVariant(QMetaType(QMetaType::QString)));
    q.addBindValue(e.subject);
    if (Status s = exec(q); !s)
        return s;
    const bool known = q.next();
    q.finish();
    if (!known)
        return Status::failure(tr("no specimen %1 is known here").arg(e.subject));
    return {};
}

// Resolves the flags the reviewer saw, not one another station raised meanwhile.
Status Projector::applyReviewResolved(const Event &e, const QJsonObject &p)
{
    for (const QJsonValue &flag : p.value(QLatin1String("flags")).toArray()) {
        SqliteStatement &q =
            statement("UPDATE review_flags SET resolved_by = ?, resolved_at = ?, resolution = ? "
                      "WHERE event_id = ? AND accession = ?");
        q.addBindValue(e.actor);
        q.addBindValue(e.atMs());
        q.addBindValue(jsonText(p, "resolution"));
        q.addBindValue(flag.toString());
        q.addBindValue(e.subject);
        if (Status s = exec(q); !s)
            return s;
    }
    return {};
}

Status Projector::setOrderStatus(const QString &orderId, const QString &status)
{
    SqliteStatement &q = statement("UPDATE test_orders SET status = ? WHERE order_id = ?");
    q.addBindValue(status);
    q.addBindValue(orderId);
    return exec(q);
}

Status Projector::insertTestOrder(const Event &e, const QString &code, const QString &bench,
                                  const QString &priority)
{
    // The turnaround time is the catalogue's when the order was placed: a later change to the
    // catalogue does not move the due time of work already in the laboratory.
    SqliteStatement &q = statement(
        "INSERT OR REPLACE INTO test_orders (order_id, accession, test_code, bench, priority, status, "
        "ordered_at, received_at, tat_minutes, priority_rank) VALUES (?, ?, ?, ?, ?, 'ordered', ?, "
        "(SELECT received_at FROM specimens WHERE accession = ?), "
        "coalesce((SELECT tat_minutes FROM tests WHERE code = ?), 0), ?)");
    q.addBindValue(e.subject + QLatin1Char('-') + code);
    q.addBindValue(e.subject);
    q.addBindValue(code);
    q.addBindValue(bench);
    q.addBindValue(priority);
    q.addBindValue(e.atMs());
    q.addBindValue(e.subject);
    q.addBindValue(code);
    q.addBindValue(priorityRank(priority));
    return exec(q);
}

// The hospital's system cancelled tests of a tube (ORC-1 CA) or replaced its test list (XO). Only
// tests without a result are cancelled: the decision was checked when the message was taken in.
Status Projector::applyOrderChange(const Event &e, const QJsonObject &p)
{
    QStringList cancelled;
    for (const QJsonValue &v : p.value(QLatin1String("cancelled")).toArray()) {
        const QString code = v.toString();
        SqliteStatement &q = statement(
            "UPDATE test_orders SET status = 'cancelled' WHERE order_id = ? AND status = 'ordered'");
        q.addBindValue(e.subject + QLatin1Char('-') + code);
        if (Status s = exec(q); !s)
            return s;
        cancelled << code;
    }
    const QString priority = [&] {
        SqliteStatement &q = statement("SELECT priority FROM specimens WHERE accession = ?");
        q.addBindValue(e.subject);
        const QString found = q.exec() && q.next() ? q.value(0).toString() : QStringLiteral("routine");
        q.finish();
        return found;
    }();
    for (const QJsonValue &v : p.value(QLatin1String("added")).toArray()) {
        const QJsonObject test = v.toObject();
        if (Status s = insertTestOrder(e, jsonText(test, "code"), jsonText(test, "bench"), priority); !s)
            return s;
    }
    if (p.contains(QLatin1String("placer_tests"))) {
        QStringList codes;
        for (const QJsonValue &c : p.value(QLatin1String("placer_tests")).toArray())
            codes << c.toString();
        SqliteStatement &q =
            statement("UPDATE external_orders SET tests = ? WHERE accession = ? AND placer_order = ?");
        q.addBindValue(nonNull(codes.join(QLatin1Char(','))));
        q.addBindValue(e.subject);
        q.addBindValue(jsonText(p, "placer"));
        if (Status s = exec(q); !s)
            return s;
    }
    if (!cancelled.isEmpty())
        return queueOutbound(e, QStringLiteral("cancelled"), cancelled);
    return {};
}

Status Projector::applyAutoverifyRules(const Event &e, const QJsonObject &p)
{
    SqliteStatement &q = statement(
        "INSERT INTO autoverify_rules (test_code, rules, version, set_by, set_at, reason) VALUES (?, ?, "
        "coalesce((SELECT version FROM autoverify_rules WHERE test_code = ?), 0) + 1, ?, ?, ?) "
        "ON CONFLICT (test_code) DO UPDATE SET rules = excluded.rules, version = excluded.version, "
        "set_by = excluded.set_by, set_at = excluded.set_at, reason = excluded.reason");
    for (const QVariant &v :
         {QVariant(e.subject),
          QVariant(QString::fromUtf8(
              QJsonDocument(p.value(QLatin1String("rules")).toObject()).toJson(QJsonDocument::Compact))),
          QVariant(e.subject), QVariant(e.actor), QVariant(e.atMs()), QVariant(jsonText(p, "reason"))})
        q.addBindValue(v);
    return exec(q);
}

Status Projector::applyHl7Received(const Event &e, const QJsonObject &p)
{
    QStringList accessions;
    for (const QJsonValue &v : p.value(QLatin1String("accessions")).toArray())
        accessions << v.toString();
    SqliteStatement &q =
        statement("INSERT OR REPLACE INTO hl7_inbox (event_id, received_at, station, peer, sending_app, "
                  "sending_facility, control_id, message_type, ack_code, error, accessions, ack) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const QVariant &v :
         {QVariant(e.id), QVariant(e.atMs()), QVariant(e.stationId), QVariant(jsonText(p, "peer")),
          QVariant(jsonText(p, "sending_app")), QVariant(jsonText(p, "sending_facility")),
          QVariant(jsonText(p, "control_id")), QVariant(jsonText(p, "message_type")),
          QVariant(jsonText(p, "ack_code")), QVariant(jsonText(p, "error")),
          QVariant(accessions.join(QLatin1Char(','))), QVariant(jsonText(p, "ack"))})
        q.addBindValue(v);
    return exec(q);
}

Status Projector::queueOutbound(const Event &e, const QString &kind, const QStringList &tests)
{
    SqliteStatement &d = statement("SELECT name FROM hl7_destinations WHERE active = 1 AND "
                                   "(',' || events || ',') LIKE ('%,' || ? || ',%') ORDER BY name");
    d.addBindValue(kind);
    if (!d.exec())
        return Status::failure(tr("Updating the views failed: %1").arg(d.errorText()));
    QStringList destinations;
    while (d.next())
        destinations << d.value(0).toString();
    d.finish();
    for (const QString &destination : std::as_const(destinations)) {
        const QString id = outboundControlId(destination, e.id);
        SqliteStatement &q = statement(
            "INSERT OR IGNORE INTO hl7_outbox (id, destination, event_id, hlc, kind, accession, tests, "
            "patient, "
            "state, ack_code, error, state_at) "
            "SELECT ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT patient_mrn FROM specimens WHERE accession = ?), "
            "''), "
            "coalesce(st.state, 'pending'), coalesce(st.ack_code, ''), coalesce(st.error, ''), st.at "
            "FROM (SELECT 1) LEFT JOIN hl7_outbox_state st ON st.id = ?");
        for (const QVariant &v :
             {QVariant(id), QVariant(destination), QVariant(e.id), QVariant(e.hlc), QVariant(kind),
              QVariant(e.subject), QVariant(tests.join(QLatin1Char(','))), QVariant(e.subject), QVariant(id)})
            q.addBindValue(v);
        if (Status s = exec(q); !s)
            return s;
    }
    return {};
}

QString Projector::outboundControlId(const QString &destination, const QString &eventId)
{
    // "BS" and 18 hex digits of a hash of destination and event: the same on every station and at
    // every resend, and within the 20 characters MSH-10 holds up to version 2.4.
    const QByteArray hash = QCryptographicHash::hash((destination + QLatin1Char('/') + eventId).toUtf8(),
                                                     QCryptographicHash::Sha256);
    return QStringLiteral("BS") + QString::fromLatin1(hash.toHex().left(18).toUpper());
}

// Destinations, and what became of each outbound message (order-free: the newest outcome by hlc
// wins, whichever order the events arrive in).
Status Projector::applyHl7Outbound(const Event &e, const QJsonObject &p)
{
    if (e.kind == QLatin1String("interface.destination.defined")) {
        QStringList events;
        for (const QJsonValue &v : p.value(QLatin1String("events")).toArray())
            events << v.toString();
        SqliteStatement &q =
            statement("INSERT OR REPLACE INTO hl7_destinations (name, host, port, events, receiving_app, "
                      "receiving_facility, active) VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (const QVariant &v :
             {QVariant(e.subject), QVariant(jsonText(p, "host")),
              QVariant(p.value(QLatin1String("port")).toInt()),
              QVariant(nonNull(events.join(QLatin1Char(',')))), QVariant(jsonText(p, "receiving_app")),
              QVariant(jsonText(p, "receiving_facility")),
              QVariant(p.value(QLatin1String("active")).toBool(true) ? 1 : 0)})
            q.addBindValue(v);
        return exec(q);
    }
    static const QHash<QString, QString> states{
        {QStringLiteral("interface.delivered"), QStringLiteral("delivered")},
        {QStringLiteral("interface.rejected"), QStringLiteral("dead")},
        {QStringLiteral("interface.resent"), QStringLiteral("pending")},
        {QStringLiteral("interface.discarded"), QStringLiteral("discarded")}};
    const QString state = states.value(e.kind);
    if (state.isEmpty())
        return {};
    const QString error =
        e.kind == QLatin1String("interface.discarded") ? jsonText(p, "reason") : jsonText(p, "error");
    {
        SqliteStatement &q = statement(
            "INSERT INTO hl7_outbox_state (id, state, ack_code, error, at, hlc) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET state = excluded.state, ack_code = excluded.ack_code, "
            "error = excluded.error, at = excluded.at, hlc = excluded.hlc WHERE excluded.hlc > hlc");
        for (const QVariant &v : {QVariant(e.subject), QVariant(state), QVariant(jsonText(p, "ack_code")),
                                  QVariant(nonNull(error)), QVariant(e.atMs()), QVariant(e.hlc)})
            q.addBindValue(v);
        if (Status s = exec(q); !s)
            return s;
    }
    SqliteStatement &q = statement(
        "UPDATE hl7_outbox SET state = s.state, ack_code = s.ack_code, error = s.error, state_at = s.at "
        "FROM (SELECT state, ack_code, error, at FROM hl7_outbox_state WHERE id = ?) AS s WHERE "
        "hl7_outbox.id = ?");
    q.addBindValue(e.subject);
    q.addBindValue(e.subject);
    return exec(q);
}

Status Projector::bumpCounter(const QJsonObject &p)
{
    const QString counter = jsonText(p, "counter");
    if (counter.isEmpty())
        return {};
    const qint64 last = jsonInteger(p.value(QLatin1String("last_seq"))).value_or(0);
    SqliteStatement &q =
        statement("INSERT INTO accession_counters (prefix, last_seq) VALUES (?, ?) ON CONFLICT (prefix) "
                  "DO UPDATE SET last_seq = max(last_seq, ?)");
    q.addBindValue(counter);
    q.addBindValue(last);
    q.addBindValue(last);
    return exec(q);
}

Status Projector::rebuild()
{
    QSqlQuery begin(m_db);
    if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return Status::failure(tr("Cannot start the rebuild: %1").arg(begin.lastError().text()));
    auto fail = [this](const QString &message) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        return Status::failure(message);
    };
    for (const QString &table : tables()) {
        QSqlQuery clear(m_db);
        if (!clear.exec(QStringLiteral("DELETE FROM ") + table))
            return fail(tr("Cannot clear %1: %2").arg(table, clear.lastError().text()));
    }
    // The worklist, timeline and release indexes are read by the views (and one by
    // SubjectReplay), never by apply(). Kept up to date row by row they cost a replay more than a
    // third of its time; built once from the finished tables they cost a few per cent. Dropped and
    // created inside the transaction: a failed rebuild rolls them back with everything else.
    QSqlQuery viewIndexes(m_db);
    if (!viewIndexes.exec(QStringLiteral(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND (name LIKE "
            "'test_orders_open%' OR name IN ('test_orders_verified', 'specimens_by_patient', "
            "'specimens_by_parent', "
            "'result_history_timeline', 'results_by_release', 'results_by_test_release', "
            "'results_by_accession', 'review_flags_open'))")))
        return fail(tr("Cannot read the indexes: %1").arg(viewIndexes.lastError().text()));
    QStringList recreate;
    QStringList names;
    while (viewIndexes.next()) {
        names << viewIndexes.value(0).toString();
        recreate << viewIndexes.value(1).toString();
    }
    viewIndexes.finish();
    for (const QString &name : std::as_const(names)) {
        QSqlQuery drop(m_db);
        // An identifier cannot be a bound value; the name is one sqlite_master just gave.
        if (!drop.exec(QStringLiteral("DROP INDEX \"%1\"").arg(name)))
            return fail(tr("Cannot set index %1 aside: %2").arg(name, drop.lastError().text()));
    }
    // Read in pages, with no read open while the events are applied: an event set aside for review
    // rolls back to its savepoint, and after the schema change above that would abort any open read.
    SqliteStatement events(m_db, QByteArray("SELECT ") + Event::Columns +
                                     " FROM journal WHERE (hlc, station_id, station_seq) > (?, ?, ?) "
                                     "ORDER BY hlc, station_id, station_seq LIMIT 4096");
    qint64 hlc = std::numeric_limits<qint64>::min();
    QString station = QStringLiteral("");
    qint64 seq = 0;
    for (;;) {
        events.addBindValue(hlc);
        events.addBindValue(station);
        events.addBindValue(seq);
        if (!events.exec())
            return fail(tr("Cannot read the journal: %1").arg(events.errorText()));
        QList<Event> page;
        while (events.next())
            page << Event::fromRow(events);
        if (!events.errorText().isEmpty())
            return fail(tr("Cannot read the journal: %1").arg(events.errorText()));
        events.finish();
        if (page.isEmpty())
            break;
        for (const Event &e : std::as_const(page)) {
            if (Status s = applyOrFlag(e); !s)
                return fail(s.error());
        }
        hlc = page.last().hlc;
        station = page.last().stationId;
        seq = page.last().stationSeq;
    }
    for (const QString &sql : std::as_const(recreate)) {
        QSqlQuery create(m_db);
        if (!create.exec(sql))
            return fail(tr("Cannot rebuild an index: %1").arg(create.lastError().text()));
    }
    QSqlQuery commit(m_db);
    if (!commit.exec(QStringLiteral("COMMIT")))
        return fail(tr("Cannot commit the rebuild: %1").arg(commit.lastError().text()));
    return {};
}

} // namespace benchside
