// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7orderintake.h"

#include "accession/accessionallocator.h"
#include "hl7/hl7ackrequest.h"
#include "hl7/hl7orderreader.h"
#include "hl7/hl7testcodes.h"
#include "lab/lab.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QUuid>
#include <list>
#include <optional>

namespace benchside {

namespace {
const QStringList &supportedVersions()
{
    static const QStringList v{QStringLiteral("2.3"), QStringLiteral("2.3.1"), QStringLiteral("2.4"),
                               QStringLiteral("2.5"), QStringLiteral("2.5.1"), QStringLiteral("2.6")};
    return v;
}

int rank(const QString &priority)
{
    return priority == QLatin1String("stat") ? 0 : priority == QLatin1String("asap") ? 1 : 2;
}

// Several ORC groups with the same placer number and order control are one order (senders write a
// panel as one ORC/OBR pair per test): their tests and specimens together.
QList<Hl7Order> mergedByPlacer(const QList<Hl7Order> &orders)
{
    QList<Hl7Order> out;
    for (const Hl7Order &order : orders) {
        auto same = std::find_if(out.begin(), out.end(), [&](const Hl7Order &o) {
            return o.placer == order.placer && o.control == order.control;
        });
        if (same == out.end()) {
            out << order;
            continue;
        }
        for (const TestDefinition &t : order.tests) {
            if (std::none_of(same->tests.cbegin(), same->tests.cend(),
                             [&](const TestDefinition &o) { return o.code == t.code; }))
                same->tests << t;
        }
        same->specimens << order.specimens;
        if (same->collectedAtMs == 0)
            same->collectedAtMs = order.collectedAtMs;
        if (same->provider.isEmpty())
            same->provider = order.provider;
    }
    return out;
}

// An answer goes out in the character set its message came in, the same bytes every time it is sent.
QByteArray encoded(const Hl7Message &m, const QString &text)
{
    return m.charset() == QLatin1String("ISO-8859-1") ? text.toLatin1() : text.toUtf8();
}

QJsonArray codesOf(const QStringList &codes)
{
    QJsonArray out;
    for (const QString &c : codes)
        out.append(c);
    return out;
}

// An order of this placer number that is another patient's: the number names one order, so a
// message about it that names someone else is about the wrong order, or has the wrong patient.
std::optional<Hl7Error> otherPatient(const Hl7Order &order, const Hl7Patient &patient,
                                     const QList<Hl7PlacedTube> &known, const QString &done)
{
    for (const Hl7PlacedTube &tube : known) {
        if (!tube.patientId.isEmpty() && tube.patientId != patient.id)
            return Hl7Error{QStringLiteral("PID"), 1, 3, QStringLiteral("204"),
                            Hl7OrderIntake::tr("Order %1 here is another patient's (tube %2), not %3's, so "
                                               "nothing was %4: check the order number and the patient.")
                                .arg(order.placer, tube.accession, patient.id, done)};
    }
    return std::nullopt;
}
} // namespace

struct Hl7OrderIntake::Plan
{
    QList<EventDraft> drafts;
    QStringList accessions;
    QList<Hl7FilledOrder> filled; // for an application response
    QStringList notes;
    QList<Hl7Error> errors;
};

Hl7OrderIntake::Hl7OrderIntake(Lab &lab, QString actor)
    : m_lab(lab), m_actor(std::move(actor)), m_repository(lab.database().connection()),
      m_statements(lab.database().connection())
{}

QString Hl7OrderIntake::newControlId()
{
    // 20 characters: MSH-10 is limited to 20 up to version 2.4.
    return QStringLiteral("BS") + QUuid::createUuid().toString(QUuid::Id128).left(18).toUpper();
}

Hl7OrderIntake::Outcome Hl7OrderIntake::oversize(qsizetype limit, const QByteArray &head)
{
    Outcome o;
    o.error = tr("The message is larger than %1 bytes and was not read.").arg(limit);
    // The AR names the message when its MSH came whole in the first bytes: a sender that matches
    // MSA-2 with its MSH-10 would drop an AR that names none and wait for its timeout.
    const qsizetype mshEnd = head.indexOf('\r');
    Result<Hl7Message> msh =
        mshEnd > 0 ? Hl7Message::parse(head.left(mshEnd + 1)) : Result<Hl7Message>::failure(QString());
    if (msh && !msh.value().value(0, 10).trimmed().isEmpty()) {
        o.controlId = msh.value().value(0, 10);
        o.response = encoded(msh.value(),
                             Hl7Ack::build(msh.value(), Hl7Ack::Code::Reject, newControlId(),
                                           QDateTime::currentDateTime(), o.error.left(80),
                                           {{QStringLiteral("MSH"), 1, 0, QStringLiteral("207"), o.error}}));
        return o;
    }
    o.response = Hl7Ack::rejectUnreadable(o.error, newControlId(), QDateTime::currentDateTime()).toUtf8();
    return o;
}

Hl7OrderIntake::Outcome Hl7OrderIntake::handle(const QByteArray &frame, const QString &peer)
{
    Result<Hl7Message> parsed = Hl7Message::parse(frame);
    if (!parsed) {
        Outcome o;
        o.error = parsed.error();
        o.response =
            Hl7Ack::rejectUnreadable(parsed.error(), newControlId(), QDateTime::currentDateTime()).toUtf8();
        return o;
    }
    const Hl7Message &m = parsed.value();
    const int msh = m.find(QStringLiteral("MSH"));
    const QString type = m.value(msh, 9, 1).trimmed();
    const QString trigger = m.value(msh, 9, 2).trimmed();
    if (type != QLatin1String("ORM") && type != QLatin1String("OML"))
        return reject(m, peer, frame,
                      {QStringLiteral("MSH"), 1, 9, QStringLiteral("200"),
                       tr("Message type %1 is not taken here: send orders as ORM^O01 or OML^O21.")
                           .arg(m.value(msh, 9))});
    if ((type == QLatin1String("ORM") && trigger != QLatin1String("O01")) ||
        (type == QLatin1String("OML") && trigger != QLatin1String("O21")))
        return reject(m, peer, frame,
                      {QStringLiteral("MSH"), 1, 9, QStringLiteral("201"),
                       tr("Trigger event %1 is not taken here: send orders as ORM^O01 or OML^O21.")
                           .arg(m.value(msh, 9))});
    if (const int second = m.find(QStringLiteral("MSH"), 1); second >= 0)
        return reject(m, peer, frame,
                      {QStringLiteral("MSH"), 2, 0, QStringLiteral("100"),
                       tr("The frame holds more than one message (a second MSH is segment %1), and none "
                          "of them was taken: send one message per frame.")
                           .arg(second + 1)});
    if (m.value(msh, 10).trimmed().isEmpty())
        return reject(m, peer, frame,
                      {QStringLiteral("MSH"), 1, 10, QStringLiteral("101"),
                       tr("The message has no control ID (MSH-10), so a repeat could not be told from a new "
                          "order: send it with one.")});
    const QString processing = m.value(msh, 11, 1).trimmed();
    if (processing != QLatin1String("P") && processing != QLatin1String("T") &&
        processing != QLatin1String("D"))
        return reject(m, peer, frame,
                      {QStringLiteral("MSH"), 1, 11, QStringLiteral("202"),
                       tr("Processing ID \"%1\" (MSH-11) is not P, T or D.").arg(processing)});
    const QString version = m.value(msh, 12, 1).trimmed();
    if (!supportedVersions().contains(version))
        return reject(m, peer, frame,
                      {QStringLiteral("MSH"), 1, 12, QStringLiteral("203"),
                       tr("HL7 version \"%1\" (MSH-12) is not supported: use 2.3 to 2.6.").arg(version)});

    Result<const Hl7TestCodes *> codes = testCodes();
    if (!codes) {
        Outcome o;
        o.error = codes.error();
        o.controlId = m.value(msh, 10);
        o.response = encoded(
            m, Hl7Ack::build(m, Hl7Ack::Code::Reject, newControlId(), QDateTime::currentDateTime(), {},
                             {{QStringLiteral("MSH"), 1, 0, QStringLiteral("207"), codes.error()}}));
        return o;
    }
    return record(m, peer, frame, Hl7OrderReader(*codes.value()).read(m), Hl7Ack::Code::Error);
}

Result<const Hl7TestCodes *> Hl7OrderIntake::testCodes()
{
    using R = Result<const Hl7TestCodes *>;
    // Reading and parsing the catalogue's tests costs more than the rest of an order's reading; it
    // is read again only when a test was defined since (a redefinition replaces its row: new rowid).
    SqliteStatement &q = m_statements.prepared("SELECT count(*), coalesce(max(rowid), 0) FROM tests");
    if (!q.exec() || !q.next())
        return R::failure(tr("Cannot read the catalogue: %1").arg(q.errorText()));
    const QString stamp = q.value(0).toString() + QLatin1Char(':') + q.value(1).toString();
    q.finish();
    if (!m_codes || stamp != m_codesStamp) {
        Result<QList<TestDefinition>> tests = m_lab.catalog().tests();
        if (!tests)
            return R::failure(tests.error());
        m_codes = std::make_unique<Hl7TestCodes>(tests.value());
        m_codesStamp = stamp;
    }
    return static_cast<const Hl7TestCodes *>(m_codes.get());
}

Hl7OrderIntake::Outcome Hl7OrderIntake::reject(const Hl7Message &m, const QString &peer,
                                               const QByteArray &frame, const Hl7Error &error)
{
    Hl7OrderMessage none;
    none.errors << error;
    return record(m, peer, frame, none, Hl7Ack::Code::Reject);
}

QJsonObject Hl7OrderIntake::receivedPayload(const Hl7Message &m, const QString &peer, Hl7Ack::Code code,
                                            const QString &ack, const QString &error,
                                            const QStringList &accessions) const
{
    const int msh = m.find(QStringLiteral("MSH"));
    QJsonObject p{
        {QStringLiteral("sending_app"), m.designator(msh, 3)},
        {QStringLiteral("sending_facility"), m.designator(msh, 4)},
        {QStringLiteral("control_id"), m.value(msh, 10)},
        {QStringLiteral("message_type"), m.value(msh, 9, 1) + QLatin1Char('^') + m.value(msh, 9, 2)},
        {QStringLiteral("version"), m.value(msh, 12, 1)},
        {QStringLiteral("ack_code"), Hl7Ack::codeName(code)},
        {QStringLiteral("ack"), ack},
        {QStringLiteral("message"), m.encode()},
        {QStringLiteral("charset"), m.charset()},
        {QStringLiteral("accessions"), codesOf(accessions)},
    };
    if (!peer.isEmpty())
        p.insert(QStringLiteral("peer"), peer);
    if (!error.isEmpty())
        p.insert(QStringLiteral("error"), error);
    if (!m.warnings().isEmpty())
        p.insert(QStringLiteral("warnings"), codesOf(m.warnings()));
    return p;
}

Hl7OrderIntake::Outcome Hl7OrderIntake::record(const Hl7Message &m, const QString &peer,
                                               const QByteArray &frame, const Hl7OrderMessage &orders,
                                               Hl7Ack::Code onError)
{
    const int msh = m.find(QStringLiteral("MSH"));
    const QString app = m.designator(msh, 3);
    const QString facility = m.designator(msh, 4);
    const QString controlId = m.value(msh, 10);
    const bool structural = onError == Hl7Ack::Code::Reject;
    Outcome o;
    o.controlId = controlId;

    Result<QList<Event>> written = m_lab.store().write(m_actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        o = Outcome{};
        o.controlId = controlId;
        if (!structural) {
            Result<std::optional<QString>> earlier = m_repository.acceptedAck(app, facility, controlId);
            if (!earlier)
                return R::failure(earlier.error());
            if (earlier.value()) {
                o.duplicate = true;
                o.code = Hl7Ack::Code::Accept;
                o.response = encoded(m, *earlier.value());
                return QList<EventDraft>{};
            }
        }
        Plan plan;
        plan.errors = orders.errors;
        if (plan.errors.isEmpty()) {
            if (Status s = this->plan(m, orders, plan); !s)
                return R::failure(s.error());
        }
        QString text;
        if (!plan.errors.isEmpty()) {
            o.code = onError;
            QStringList texts;
            for (const Hl7Error &e : std::as_const(plan.errors))
                texts << e.text;
            o.error = texts.join(QLatin1Char(' '));
            text = o.error.left(80);
            plan.drafts.clear();
            plan.filled = refused(orders);
        } else {
            o.code = Hl7Ack::Code::Accept;
            o.accessions = plan.accessions;
            text = plan.notes.join(QStringLiteral("; "));
        }
        const QString ack = respond(m, o.code, text, plan.errors,
                                    structural ? QList<Hl7FilledOrder>{} : plan.filled, structural);
        QJsonObject payload = receivedPayload(m, peer, o.code, ack, o.error, o.accessions);
        if (!m.warnings().isEmpty() && !frame.isEmpty())
            payload.insert(QStringLiteral("raw_base64"), QString::fromLatin1(frame.toBase64()));
        plan.drafts << EventDraft{QStringLiteral("interface.received"),
                                  QStringLiteral("hl7:%1|%2|%3").arg(app, facility, controlId), payload};
        o.response = encoded(m, ack);
        o.recorded = true;
        o.warnings = m.warnings();
        return plan.drafts;
    });
    if (!written) {
        // Nothing was recorded: the sender must send it again, so this is AR (not AE, which says the
        // content is wrong).
        Outcome failed;
        failed.controlId = controlId;
        failed.error = tr("The message could not be recorded: %1").arg(written.error());
        const QList<Hl7Error> errors{{QStringLiteral("MSH"), 1, 10, QStringLiteral("207"), failed.error}};
        QString response;
        switch (Hl7AckRequest::of(m).reply(Hl7Ack::Code::Reject)) {
        case Hl7AckRequest::Reply::Ack:
        case Hl7AckRequest::Reply::OrderResponse:
            response = Hl7Ack::build(m, Hl7Ack::Code::Reject, newControlId(), QDateTime::currentDateTime(),
                                     failed.error.left(80), errors);
            break;
        case Hl7AckRequest::Reply::CommitAck:
            // Not committed for a reason of ours, not of the message's: CE, which a sender may retry.
            response = Hl7Ack::compose(m, Hl7Ack::ackType(m), QStringLiteral("CE"), newControlId(),
                                       QDateTime::currentDateTime(), failed.error.left(80), errors);
            break;
        case Hl7AckRequest::Reply::None:
            break;
        }
        failed.response = encoded(m, response);
        return failed;
    }
    return o;
}

QString Hl7OrderIntake::respond(const Hl7Message &m, Hl7Ack::Code code, const QString &text,
                                const QList<Hl7Error> &errors, const QList<Hl7FilledOrder> &filled,
                                bool structural)
{
    const QDateTime now = QDateTime::currentDateTime();
    switch (Hl7AckRequest::of(m).reply(code)) {
    case Hl7AckRequest::Reply::Ack:
        break;
    case Hl7AckRequest::Reply::OrderResponse:
        // A message refused for its type or version has no order an ORR or ORL could answer.
        if (structural)
            break;
        return Hl7OrderResponse::build(m, code, newControlId(), now, text, errors, filled);
    case Hl7AckRequest::Reply::CommitAck:
        return Hl7Ack::buildCommit(m, code, newControlId(), now, text, errors);
    case Hl7AckRequest::Reply::None:
        return {};
    }
    return Hl7Ack::build(m, code, newControlId(), now, text, errors);
}

QList<Hl7FilledOrder> Hl7OrderIntake::refused(const Hl7OrderMessage &orders)
{
    QList<Hl7FilledOrder> out;
    for (const Hl7Order &o : orders.orders) {
        QString control = QStringLiteral("UA");
        if (o.control == QLatin1String("CA"))
            control = QStringLiteral("UC");
        else if (o.control == QLatin1String("XO"))
            control = QStringLiteral("UX");
        out << Hl7FilledOrder{o.orcSegment, o.obrSegment, control, {}, {}};
    }
    return out;
}

Result<std::optional<Hl7Error>> Hl7OrderIntake::repeatConflict(const Hl7Order &order,
                                                               const Hl7Patient &patient,
                                                               const QList<Hl7PlacedTube> &known)
{
    using R = Result<std::optional<Hl7Error>>;
    const auto conflict = [&](const QString &text) {
        return std::optional<Hl7Error>(
            Hl7Error{QStringLiteral("ORC"), order.occurrence, 2, QStringLiteral("205"), text});
    };
    QStringList accessions;
    for (const Hl7PlacedTube &tube : known)
        accessions << tube.accession;
    const QString tubes = accessions.join(QStringLiteral(", "));
    if (std::optional<Hl7Error> other = otherPatient(order, patient, known, tr("placed")))
        return other;
    QSet<QString> active;
    QSet<QString> specimens;
    for (const Hl7PlacedTube &tube : known) {
        Result<QHash<QString, QString>> statuses = m_repository.orderStatuses(tube.accession);
        if (!statuses)
            return R::failure(statuses.error());
        for (const QString &code : tube.tests) {
            const QString status = statuses.value().value(code);
            if (!status.isEmpty() && status != QLatin1String("cancelled"))
                active.insert(code);
        }
        if (!tube.placerSpecimen.isEmpty())
            specimens.insert(tube.placerSpecimen);
    }
    if (active.isEmpty())
        return conflict(tr("Order %1 was cancelled here (%2), so it was not placed again: a new order "
                           "needs a new placer order number.")
                            .arg(order.placer, tubes));
    QStringList missing;
    for (const TestDefinition &t : order.tests) {
        if (!active.contains(t.code))
            missing << t.code;
    }
    if (!missing.isEmpty())
        return conflict(tr("Order %1 is already here (%2) without %3: send the change as XO, or the new "
                           "tests as a new order.")
                            .arg(order.placer, tubes, missing.join(QStringLiteral(", "))));
    for (const Hl7Specimen &spm : order.specimens) {
        if (!spm.placerId.isEmpty() && !specimens.contains(spm.placerId))
            return conflict(tr("Order %1 is already here (%2) without specimen %3: send the specimen as a "
                               "new order.")
                                .arg(order.placer, tubes, spm.placerId));
    }
    return std::optional<Hl7Error>();
}

Status Hl7OrderIntake::plan(const Hl7Message &m, const Hl7OrderMessage &orders, Plan &out)
{
    const int msh = m.find(QStringLiteral("MSH"));
    const QString source = m.designator(msh, 3);
    const QJsonObject via{{QStringLiteral("app"), source},
                          {QStringLiteral("facility"), m.designator(msh, 4)},
                          {QStringLiteral("control_id"), m.value(msh, 10)}};
    const Hl7Patient &patient = orders.patient;

    struct Tube
    {
        QString key;
        QString specimenType;
        QString container;
        QString placerSpecimen;
        QString rejectReason;
        QString priority = QStringLiteral("routine");
        QString provider;
        qint64 collectedAtMs = 0;
        QList<TestDefinition> tests;
        QList<std::pair<const Hl7Order *, QStringList>> placers;
    };
    QList<Tube> tubes;
    const auto tubeFor = [&](const QString &key, const TestDefinition &first) -> Tube & {
        for (Tube &t : tubes) {
            if (t.key == key)
                return t;
        }
        Tube t;
        t.key = key;
        t.specimenType = first.specimenType;
        t.container = first.container;
        tubes << t;
        return tubes.last();
    };
    const auto place = [&](const Hl7Order &order, const QString &key, const QString &placerSpecimen,
                           qint64 collectedAtMs, int spmSegment) -> bool {
        Tube &tube = tubeFor(key, order.tests.first());
        tube.placerSpecimen = placerSpecimen;
        if (rank(order.priority) < rank(tube.priority))
            tube.priority = order.priority;
        if (tube.provider.isEmpty())
            tube.provider = order.provider;
        if (collectedAtMs > 0)
            tube.collectedAtMs = collectedAtMs;
        QStringList codes;
        for (const TestDefinition &t : order.tests) {
            if (t.specimenType != tube.specimenType) {
                out.errors << Hl7Error{spmSegment >= 0 ? QStringLiteral("SPM") : QStringLiteral("OBR"),
                                       order.occurrence, spmSegment >= 0 ? 4 : 4, QStringLiteral("103"),
                                       tr("%1 needs a %2 specimen, not %3: order it on its own specimen.")
                                           .arg(t.code, t.specimenType, tube.specimenType)};
                return false;
            }
            codes << t.code;
            if (!std::any_of(tube.tests.cbegin(), tube.tests.cend(),
                             [&](const TestDefinition &o) { return o.code == t.code; }))
                tube.tests << t;
        }
        tube.placers << std::make_pair(&order, codes);
        return true;
    };

    const QList<Hl7Order> merged = mergedByPlacer(orders.orders);
    // Orders split by specimen type; a list that never reallocates, since tubes point into it.
    std::list<Hl7Order> parts;
    for (const Hl7Order &order : merged) {
        const QString &c = order.control;
        if (c == QLatin1String("NW")) {
            Result<QList<Hl7PlacedTube>> known =
                m_repository.tubesOfOrder(order.placer, order.placerNamespace, source);
            if (!known)
                return Status::failure(known.error());
            if (!known.value().isEmpty()) {
                Result<std::optional<Hl7Error>> conflict = repeatConflict(order, patient, known.value());
                if (!conflict)
                    return Status::failure(conflict.error());
                if (conflict.value()) {
                    out.errors << *conflict.value();
                    return {};
                }
                // The same order again under a new control ID: what it made before is the answer.
                for (const Hl7PlacedTube &t : known.value()) {
                    if (!out.accessions.contains(t.accession))
                        out.accessions << t.accession;
                    out.filled << Hl7FilledOrder{order.orcSegment, order.obrSegment, QStringLiteral("OK"),
                                                 t.accession, t.placerSpecimen};
                }
                out.notes << tr("%1 was already ordered").arg(order.placer);
                continue;
            }
            if (order.tests.isEmpty())
                continue;
            if (order.specimens.isEmpty()) {
                // No SPM: the tests of the whole message share one tube per specimen type.
                QStringList types;
                for (const TestDefinition &t : order.tests) {
                    if (!types.contains(t.specimenType))
                        types << t.specimenType;
                }
                for (const QString &type : std::as_const(types)) {
                    Hl7Order part = order;
                    part.tests.clear();
                    for (const TestDefinition &t : order.tests) {
                        if (t.specimenType == type)
                            part.tests << t;
                    }
                    parts.push_back(part);
                    if (!place(parts.back(), QStringLiteral("type:") + type, QString(), order.collectedAtMs,
                               -1))
                        return {};
                }
            }
            for (const Hl7Specimen &s : order.specimens) {
                const QString key = s.placerId.isEmpty() ? QStringLiteral("spm:%1").arg(s.segment)
                                                         : QStringLiteral("id:") + s.placerId;
                if (!place(order, key, s.placerId,
                           s.collectedAtMs > 0 ? s.collectedAtMs : order.collectedAtMs, s.segment))
                    return {};
                // Kept, not acted on: receiving the tube is where the lab judges it.
                for (Tube &t : tubes) {
                    if (t.key == key && !s.rejectReason.isEmpty())
                        t.rejectReason = s.rejectReason;
                }
            }
        } else if (c == QLatin1String("CA") || c == QLatin1String("XO") || c == QLatin1String("SC")) {
            Result<QList<Hl7PlacedTube>> known =
                m_repository.tubesOfOrder(order.placer, order.placerNamespace, source);
            if (!known)
                return Status::failure(known.error());
            const QString done = c == QLatin1String("CA")   ? tr("cancelled")
                                 : c == QLatin1String("XO") ? tr("changed")
                                                            : tr("given a status");
            if (known.value().isEmpty()) {
                out.errors << Hl7Error{
                    QStringLiteral("ORC"), order.occurrence, 2, QStringLiteral("103"),
                    tr("Order %1 (ORC-2) is not known here, so it cannot be %2.").arg(order.placer, done)};
                return {};
            }
            if (std::optional<Hl7Error> other = otherPatient(order, patient, known.value(), done)) {
                out.errors << *other;
                return {};
            }
            if (c == QLatin1String("SC")) {
                out.notes << tr("status of %1 noted").arg(order.placer);
                continue;
            }
            QStringList wanted;
            QSet<QString> held; // the new list's tests some tube of the order holds, or will
            for (const TestDefinition &t : order.tests)
                wanted << t.code;
            for (const Hl7PlacedTube &tube : known.value()) {
                for (const QString &code : tube.tests)
                    held.insert(code);
            }
            for (const Hl7PlacedTube &tube : known.value()) {
                Result<QHash<QString, QString>> statuses = m_repository.orderStatuses(tube.accession);
                if (!statuses)
                    return Status::failure(statuses.error());
                QStringList cancel;
                QStringList started;
                QJsonArray added;
                QStringList after = tube.tests;
                const QStringList candidates =
                    c == QLatin1String("CA") ? (wanted.isEmpty() ? tube.tests : wanted) : tube.tests;
                for (const QString &code : candidates) {
                    if (c == QLatin1String("XO") && wanted.contains(code))
                        continue;
                    const QString status = statuses.value().value(code);
                    if (status == QLatin1String("ordered")) {
                        cancel << code;
                        after.removeAll(code);
                    } else if (!status.isEmpty() && status != QLatin1String("cancelled")) {
                        started << code;
                    }
                }
                if (!started.isEmpty()) {
                    out.errors << Hl7Error{
                        QStringLiteral("ORC"), order.occurrence, 1, QStringLiteral("207"),
                        tr("%1 on %2 already has a result and cannot be %3.")
                            .arg(started.join(QStringLiteral(", ")), tube.accession,
                                 c == QLatin1String("CA") ? tr("cancelled") : tr("removed"))};
                    return {};
                }
                if (c == QLatin1String("XO")) {
                    // A new test goes on the first of the order's tubes of its specimen type.
                    for (const TestDefinition &t : order.tests) {
                        if (held.contains(t.code) || t.specimenType != tube.specimenType)
                            continue;
                        added.append(QJsonObject{{QStringLiteral("code"), t.code},
                                                 {QStringLiteral("bench"), t.bench}});
                        after << t.code;
                        held.insert(t.code);
                    }
                }
                out.filled << Hl7FilledOrder{order.orcSegment, order.obrSegment,
                                             c == QLatin1String("CA") ? QStringLiteral("CR")
                                                                      : QStringLiteral("XR"),
                                             tube.accession, tube.placerSpecimen};
                if (cancel.isEmpty() && added.isEmpty())
                    continue;
                QJsonObject payload{
                    {QStringLiteral("placer"), order.placer},
                    {QStringLiteral("ordered_via"), via},
                    {QStringLiteral("placer_tests"), codesOf(after)},
                    {QStringLiteral("reason"),
                     c == QLatin1String("CA")
                         ? tr("cancelled by %1").arg(via.value(QLatin1String("app")).toString())
                         : tr("changed by %1").arg(via.value(QLatin1String("app")).toString())}};
                if (!cancel.isEmpty())
                    payload.insert(QStringLiteral("cancelled"), codesOf(cancel));
                if (!added.isEmpty())
                    payload.insert(QStringLiteral("added"), added);
                out.drafts << EventDraft{c == QLatin1String("CA") ? QStringLiteral("order.cancelled")
                                                                  : QStringLiteral("order.changed"),
                                         tube.accession, payload};
                out.accessions << tube.accession;
            }
            if (c == QLatin1String("XO")) {
                // Tests the new list asks for that no tube of the order can hold.
                for (const TestDefinition &t : order.tests) {
                    if (!held.contains(t.code)) {
                        out.errors << Hl7Error{
                            QStringLiteral("OBR"), order.occurrence, 4, QStringLiteral("103"),
                            tr("%1 needs a %2 specimen, which order %3 has no tube for: send it "
                               "as a new order.")
                                .arg(t.code, t.specimenType, order.placer)};
                        return {};
                    }
                }
            }
        } else {
            out.errors << Hl7Error{
                QStringLiteral("ORC"), order.occurrence, 1, QStringLiteral("103"),
                tr("Order control code \"%1\" (ORC-1) is not taken here: use NW, CA, XO or SC.").arg(c)};
            return {};
        }
    }
    if (tubes.isEmpty())
        return {};

    AccessionAllocator allocator(m_lab.specimens(), m_lab.station().id);
    Result<AccessionAllocator::Allocation> numbers =
        allocator.allocate(int(tubes.size()), QDate::currentDate().year());
    if (!numbers)
        return Status::failure(numbers.error());
    for (qsizetype i = 0; i < tubes.size(); ++i) {
        const Tube &tube = tubes.at(i);
        const QString accession = numbers.value().numbers.at(i);
        QJsonArray tests;
        for (const TestDefinition &t : tube.tests)
            tests.append(QJsonObject{{QStringLiteral("code"), t.code}, {QStringLiteral("bench"), t.bench}});
        QJsonArray placers;
        for (const auto &[order, codes] : tube.placers)
            placers.append(QJsonObject{{QStringLiteral("placer"), order->placer},
                                       {QStringLiteral("namespace"), order->placerNamespace},
                                       {QStringLiteral("tests"), codesOf(codes)}});
        QJsonObject payload{
            {QStringLiteral("specimen_type"), tube.specimenType},
            {QStringLiteral("container"), tube.container},
            {QStringLiteral("collector"), QString()},
            {QStringLiteral("priority"), tube.priority},
            {QStringLiteral("tests"), tests},
            {QStringLiteral("location"), m_lab.station().defaultLocation},
            {QStringLiteral("patient"), QJsonObject{{QStringLiteral("mrn"), patient.id},
                                                    {QStringLiteral("name"), patient.name},
                                                    {QStringLiteral("birth_date"), patient.birthDate},
                                                    {QStringLiteral("sex"), patient.sex},
                                                    {QStringLiteral("authority"), patient.authority}}},
            {QStringLiteral("ordered_via"), via},
            {QStringLiteral("ordering_provider"), tube.provider},
            {QStringLiteral("placer_orders"), placers},
            {QStringLiteral("placer_specimen"), tube.placerSpecimen},
            {QStringLiteral("placer_reject_reason"), tube.rejectReason},
        };
        if (tube.collectedAtMs > 0)
            payload.insert(QStringLiteral("collected_at"), static_cast<double>(tube.collectedAtMs));
        numbers.value().writeTo(payload);
        out.drafts << EventDraft{QStringLiteral("specimen.accessioned"), accession, payload};
        out.accessions << accession;
        for (const auto &entry : tube.placers)
            out.filled << Hl7FilledOrder{entry.first->orcSegment, entry.first->obrSegment,
                                         QStringLiteral("OK"), accession, tube.placerSpecimen};
        QStringList placerNumbers;
        for (const auto &entry : tube.placers)
            placerNumbers << entry.first->placer;
        placerNumbers.removeDuplicates();
        out.notes << tr("%1 is %2").arg(placerNumbers.join(QLatin1Char('/')), accession);
    }
    return {};
}

} // namespace benchside
