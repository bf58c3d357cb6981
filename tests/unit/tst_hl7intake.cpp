// SPDX-License-Identifier: GPL-3.0-or-later
// HL7 orders in: real ORM^O01/OML^O21 messages from ../shared/testdata/interfaces/hl7 and variants of
// them through Hl7OrderIntake on a station database with the demo catalogue. What is acknowledged AA
// is on disk; a repeat gets the same ACK and records nothing; AE/AR record no order.
#include "hl7/hl7message.h"
#include "hl7/hl7orderintake.h"
#include "hl7/hl7orderrepository.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlRecord>
#include <QTest>

using namespace benchside;

namespace {
QByteArray readSample(const QString &name)
{
    QFile f(QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/interfaces/hl7/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s (BENCHSIDE_SHARED_TESTDATA)", qPrintable(f.fileName()));
    return f.readAll();
}

// The acknowledgement as a message, with a check that it is one.
Hl7Message ackOf(const QByteArray &response)
{
    Result<Hl7Message> m = Hl7Message::parse(response);
    if (!m)
        qFatal("the response is not HL7: %s", response.constData());
    return m.value();
}

// The details the custody trails of every specimen show for `kind`, sorted, one per line.
QString trailDetails(Lab &lab, const char *kind)
{
    QSqlQuery q(lab.database().connection());
    if (!q.exec(QStringLiteral("SELECT accession FROM specimens")))
        qFatal("cannot list the specimens");
    QStringList details;
    while (q.next()) {
        const Result<QList<CustodyEntry>> trail = lab.specimens().custody(q.value(0).toString());
        if (!trail)
            qFatal("cannot read a custody trail: %s", qPrintable(trail.error()));
        for (const CustodyEntry &entry : trail.value()) {
            if (entry.kind == QLatin1String(kind))
                details << entry.detail;
        }
    }
    details.sort();
    return details.join(QLatin1Char('\n'));
}

QString text(const QSqlDatabase &db, const QString &sql, const QVariant &bind = {})
{
    QSqlQuery q(db);
    q.prepare(sql);
    if (bind.isValid())
        q.addBindValue(bind);
    if (!q.exec())
        qFatal("query failed: %s", qPrintable(sql));
    QStringList rows;
    while (q.next()) {
        QStringList cols;
        for (int i = 0; i < q.record().count(); ++i)
            cols << q.value(i).toString();
        rows << cols.join(QLatin1Char('|'));
    }
    return rows.join(QLatin1Char('\n'));
}

const QByteArray Nw = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|C0001|P|2.4\r"
                      "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                      "ORC|NW|ORD-1^HIS|||||^^^^^S||20261206075500|||D77^Hart^Mira\r"
                      "OBR|1|ORD-1^HIS||14749-6^Glucose^LN|||20261206074500\r"
                      "ORC|NW|ORD-1^HIS\r"
                      "OBR|2|ORD-1^HIS||K^Potassium^BENCHSIDE\r"
                      "ORC|NW|ORD-2^HIS\r"
                      "OBR|3|ORD-2^HIS||6690-2^WBC^LN\r";

QByteArray with(QByteArray message, const QByteArray &from, const QByteArray &to)
{
    return message.replace(from, to);
}
} // namespace

class TestHl7Intake : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<TestDatabase>();
        m_lab = m_db->open();
        QVERIFY(testlab::importDemoCatalog(*m_lab));
        m_intake = std::make_unique<Hl7OrderIntake>(*m_lab, QStringLiteral("hl7"));
    }
    void cleanup()
    {
        testlab::verifyViewsMatchJournal(*m_lab);
        m_intake.reset();
        m_lab.reset();
        m_db.reset();
    }

    // ORM^O01: one tube per specimen type, tests matched on LOINC and on our own code, the patient,
    // priority, provider and collection time taken over; AA names our accession numbers.
    void newOrderMakesTubesInOrderedState()
    {
        const Hl7OrderIntake::Outcome o = m_intake->handle(Nw, QStringLiteral("127.0.0.1:5000"));
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AA"));
        QCOMPARE(o.accessions.size(), 2);
        const Hl7Message ack = ackOf(o.response);
        QCOMPARE(ack.value(QStringLiteral("MSA"), 1), QStringLiteral("AA"));
        QCOMPARE(ack.value(QStringLiteral("MSA"), 2), QStringLiteral("C0001"));
        QVERIFY(ack.value(QStringLiteral("MSA"), 3).contains(o.accessions.first()));
        QCOMPARE(ack.value(QStringLiteral("MSH"), 3), QStringLiteral("BENCHSIDE"));
        QCOMPARE(ack.value(QStringLiteral("MSH"), 5), QStringLiteral("HIS"));

        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(
            text(db,
                 "SELECT specimen_type, status, patient_mrn, priority, collected_at IS NOT NULL, received_at "
                 "IS NULL FROM specimens ORDER BY specimen_type"),
            QStringLiteral("SERUM|accessioned|P1001|stat|1|1\nWB_EDTA|accessioned|P1001|routine|0|1"));
        QCOMPARE(text(db, "SELECT name, birth_date, sex FROM patients"),
                 QStringLiteral("Garcia, Elena|1975-03-14|F"));
        QCOMPARE(
            text(db,
                 "SELECT group_concat(test_code) FROM (SELECT test_code FROM test_orders WHERE accession = "
                 "(SELECT accession FROM specimens WHERE specimen_type = 'SERUM') ORDER BY test_code)"),
            QStringLiteral("GLU,K"));
        QCOMPARE(text(db, "SELECT placer_order, placer_namespace, source, ordering_provider, tests FROM "
                          "external_orders ORDER BY placer_order"),
                 QStringLiteral("ORD-1|HIS|HIS|D77 Hart Mira|GLU,K\nORD-2|HIS|HIS||WBC"));
        QCOMPARE(trailDetails(*m_lab, "specimen.accessioned"),
                 QStringLiteral("ordered by D77 Hart Mira via HIS\nordered via HIS"));
        QCOMPARE(text(db, "SELECT sending_app, control_id, ack_code, peer FROM hl7_inbox"),
                 QStringLiteral("HIS|C0001|AA|127.0.0.1:5000"));
        // The specimen is received by scanning it, like any other.
        QVERIFY(m_lab->custody().record(o.accessions.first(),
                                        CustodyRules::Step{CustodyKind::Received, {}, {}, {}, 0, {}},
                                        QStringLiteral("admin")));
        QCOMPARE(text(db, "SELECT status FROM specimens WHERE accession = ?", o.accessions.first()),
                 QStringLiteral("received"));
    }

    // A repeat of an accepted control ID gets the first ACK, byte for byte, and records nothing.
    void duplicateGetsTheSameAckAndRecordsNothing()
    {
        const Hl7OrderIntake::Outcome first = m_intake->handle(Nw);
        const qint64 events = testlab::journalCount(*m_lab);
        const Hl7OrderIntake::Outcome again = m_intake->handle(Nw);
        QVERIFY(again.duplicate);
        QCOMPARE(again.response, first.response);
        QCOMPARE(testlab::journalCount(*m_lab), events);
        // The same order under a new control ID: acknowledged with the tubes it made, no new tube.
        const Hl7OrderIntake::Outcome resent = m_intake->handle(with(Nw, "|C0001|", "|C0002|"));
        QCOMPARE(Hl7Ack::codeName(resent.code), QStringLiteral("AA"));
        QCOMPARE(resent.accessions, first.accessions);
        QCOMPARE(
            testlab::scalar(m_lab->database().connection(), QStringLiteral("SELECT count(*) FROM specimens")),
            2);
    }

    // The HL7 specification's OML^O21: one order, three SPM, three tubes of serum for glucose at their
    // own collection times; priority A from TQ1-9, the provider from OBR-16.
    void omlEachSpecimenIsOneTube()
    {
        const Hl7OrderIntake::Outcome o =
            m_intake->handle(readSample("oml_o21_v251_hl7spec_glucose_tolerance_nw.hl7"));
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        QCOMPARE(o.accessions.size(), 3);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, "SELECT count(*), min(priority), max(priority) FROM specimens"),
                 QStringLiteral("3|asap|asap"));
        QCOMPARE(text(db, "SELECT placer_specimen FROM external_orders ORDER BY placer_specimen"),
                 QStringLiteral("123456781\n123456782\n123456783"));
        QCOMPARE(text(db, "SELECT count(*) FROM test_orders WHERE test_code = 'GLU' AND status = 'ordered'"),
                 QStringLiteral("3"));
        QCOMPARE(text(db, "SELECT DISTINCT ordering_provider FROM external_orders"),
                 QStringLiteral("222222 PHYSICIAN"));
        // 07:35, 07:55, 08:15 local time on 6 September 2003, 20 minutes apart.
        QCOMPARE(text(db, "SELECT (max(collected_at) - min(collected_at)) / 60000 FROM specimens"),
                 QStringLiteral("40"));
        QCOMPARE(text(db, "SELECT name, birth_date, sex FROM patients"),
                 QStringLiteral("EVERYMAN, ADAM|1980-01-01|M"));
    }

    // An unknown test code anywhere: AE with ERR at OBR n, field 4, code 103, and no order at all (the
    // message itself is journaled with its ACK).
    void unknownCodeIsAeAndNothingIsOrdered()
    {
        const Hl7OrderIntake::Outcome o =
            m_intake->handle(readSample("orm_o01_v24_zorgdomein_lab_panel.hl7"));
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        const Hl7Message ack = ackOf(o.response);
        QCOMPARE(ack.value(QStringLiteral("MSA"), 1), QStringLiteral("AE"));
        QCOMPARE(ack.value(QStringLiteral("MSA"), 2), QStringLiteral("e49ce31d"));
        // Version 2.4: the error is in ERR-1 (location ^ code & text & table).
        const int err = ack.find(QStringLiteral("ERR"));
        QVERIFY(err > 0);
        QCOMPARE(ack.value(err, 1, 1), QStringLiteral("OBR"));
        QCOMPARE(ack.value(err, 1, 2), QStringLiteral("1"));
        QCOMPARE(ack.value(err, 1, 3), QStringLiteral("4"));
        QCOMPARE(ack.value(err, 1, 4, 1), QStringLiteral("103"));
        QVERIFY(ack.value(err, 1, 4, 2).contains(QStringLiteral("MALB")));
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, "SELECT count(*) FROM specimens"), QStringLiteral("0"));
        QCOMPARE(text(db, "SELECT count(*) FROM patients"), QStringLiteral("0"));
        QCOMPARE(text(db, "SELECT ack_code FROM hl7_inbox"), QStringLiteral("AE"));
        // Not accepted, so not a duplicate: the same message once the codes are known is taken.
        QVERIFY(!m_intake->handle(readSample("orm_o01_v24_zorgdomein_lab_panel.hl7")).duplicate);
    }

    void notTakenAtAllIsAr_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("code");
        QTest::newRow("no control id") << with(Nw, "|C0001|", "||") << "MSH^1^10"
                                       << "101";
        QTest::newRow("result message") << with(Nw, "ORM^O01", "ORU^R01") << "MSH^1^9"
                                        << "200";
        QTest::newRow("wrong trigger") << with(Nw, "ORM^O01", "ORM^O02") << "MSH^1^9"
                                       << "201";
        QTest::newRow("processing id") << with(Nw, "|C0001|P|", "|C0001|X|") << "MSH^1^11"
                                       << "202";
        QTest::newRow("version") << with(Nw, "|P|2.4", "|P|2.9") << "MSH^1^12"
                                 << "203";
    }
    void notTakenAtAllIsAr()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, location);
        QFETCH(QString, code);
        const Hl7OrderIntake::Outcome o = m_intake->handle(message);
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AR"));
        const Hl7Message ack = ackOf(o.response);
        QCOMPARE(ack.value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
        const int err = ack.find(QStringLiteral("ERR"));
        // Up to 2.4 the error is in ERR-1; from 2.5 (and for versions we do not know) ERR-2 and ERR-3.
        const bool err1 = !ack.value(err, 1, 1).isEmpty();
        const int at = err1 ? 1 : 2;
        QCOMPARE(ack.value(err, at, 1) + QLatin1Char('^') + ack.value(err, at, 2) + QLatin1Char('^') +
                     ack.value(err, at, 3),
                 location);
        QCOMPARE(err1 ? ack.value(err, 1, 4, 1) : ack.value(err, 3, 1), code);
        QCOMPARE(
            testlab::scalar(m_lab->database().connection(), QStringLiteral("SELECT count(*) FROM specimens")),
            0);
    }

    // Bytes that do not fit the character set MSH-18 declares are read as what they are (Latin-1
    // where they are not UTF-8, UTF-8 where ASCII was declared): the order is taken, and the warning
    // and the bytes as received are kept with the message (ANCHORS 4). Refusing them would hold up
    // every order of every patient with an accent in the name from such a sender.
    void misdeclaredCharacterSetIsReadAndKept_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("warning");
        QTest::newRow("not utf-8 as declared")
            << with(with(Nw, "|P|2.4", "|P|2.4||||||UNICODE UTF-8"), "Elena",
                    "El\xe9"
                    "na")
            << QStringLiteral("Garcia, El\u00e9na") << "not valid UTF-8";
        QTest::newRow("not ascii as declared") << with(with(Nw, "|P|2.4", "|P|2.4||||||ASCII"), "Garcia",
                                                       "Garc\xc3\xad"
                                                       "a")
                                               << QStringLiteral("Garc\u00eda, Elena") << "declares ASCII";
    }
    void misdeclaredCharacterSetIsReadAndKept()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, name);
        QFETCH(QString, warning);
        const Hl7OrderIntake::Outcome o = m_intake->handle(message);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        QCOMPARE(o.warnings.size(), 1);
        QVERIFY2(o.warnings.first().contains(warning), qPrintable(o.warnings.first()));
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, "SELECT name FROM patients WHERE mrn = 'P1001'"), name);
        const QJsonObject payload =
            QJsonDocument::fromJson(
                text(db, "SELECT payload FROM journal WHERE kind = 'interface.received'").toUtf8())
                .object();
        QCOMPARE(QByteArray::fromBase64(payload.value(QLatin1String("raw_base64")).toString().toLatin1()),
                 message);
        QCOMPARE(payload.value(QLatin1String("warnings")).toArray().size(), 1);
    }

    // The real message without a control ID: AR with MSA-2 empty (nothing to tie a repeat to).
    void realMessageWithoutControlId()
    {
        const Hl7OrderIntake::Outcome o =
            m_intake->handle(readSample("oml_o21_v25_no_ctrl_id_utf8_name.hl7"));
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AR"));
        const Hl7Message ack = ackOf(o.response);
        QCOMPARE(ack.value(QStringLiteral("MSA"), 2), QString());
        const int err = ack.find(QStringLiteral("ERR"));
        QVERIFY(err > 0);
        // Version 2.5: ERR-2 location, ERR-3 code.
        QCOMPARE(ack.value(err, 2, 1), QStringLiteral("MSH"));
        QCOMPARE(ack.value(err, 3, 1), QStringLiteral("101"));
    }

    void unreadableBytesAreAr()
    {
        const Hl7OrderIntake::Outcome o = m_intake->handle("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AR"));
        QVERIFY(!o.recorded);
        QCOMPARE(ackOf(o.response).value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
        QCOMPARE(testlab::journalCount(*m_lab),
                 testlab::scalar(m_lab->database().connection(),
                                 QStringLiteral("SELECT count(*) FROM journal WHERE kind "
                                                "LIKE 'catalog.%'")));
    }

    // CA cancels what has no result yet and says so on the tube's timeline; a test with a result
    // cannot be cancelled (AE, nothing changed).
    void cancelTestsWithoutResults()
    {
        const Hl7OrderIntake::Outcome placed = m_intake->handle(Nw);
        QVERIFY(placed.code == Hl7Ack::Code::Accept);
        const QByteArray cancel = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0010|P|2.4\r"
                                  "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                                  "ORC|CA|ORD-2^HIS\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(cancel);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, "SELECT status FROM test_orders WHERE test_code = 'WBC'"),
                 QStringLiteral("cancelled"));
        QCOMPARE(text(db, "SELECT count(*) FROM test_orders WHERE status = 'ordered'"), QStringLiteral("2"));
        QCOMPARE(trailDetails(*m_lab, "order.cancelled"), QStringLiteral("cancelled WBC; via HIS"));

        const QString serum = text(db, "SELECT accession FROM specimens WHERE specimen_type = 'SERUM'");
        QVERIFY(testlab::writeResultEvent(*m_lab, QStringLiteral("admin"), QStringLiteral("result.entered"),
                                          serum + QStringLiteral("-GLU"),
                                          {{QStringLiteral("test"), QStringLiteral("GLU")},
                                           {QStringLiteral("value"), QStringLiteral("5.1")},
                                           {QStringLiteral("numeric"), 5.1},
                                           {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                                           {QStringLiteral("flag"), QStringLiteral("N")}}));
        const qint64 events = testlab::journalCount(*m_lab);
        const Hl7OrderIntake::Outcome refused =
            m_intake->handle(with(with(cancel, "C0010", "C0011"), "ORC|CA|ORD-2^HIS", "ORC|CA|ORD-1^HIS"));
        QCOMPARE(Hl7Ack::codeName(refused.code), QStringLiteral("AE"));
        QVERIFY(refused.error.contains(QStringLiteral("GLU")));
        QCOMPARE(testlab::journalCount(*m_lab), events + 1); // the message and its AE, nothing else
        QCOMPARE(text(db, "SELECT status FROM test_orders WHERE test_code = 'K'"), QStringLiteral("ordered"));
    }

    // XO replaces the order's test list on its tube: K out, NA in.
    void changeReplacesTheTestList()
    {
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        const QByteArray change = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0020|P|2.4\r"
                                  "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                                  "ORC|XO|ORD-1^HIS\r"
                                  "OBR|1|ORD-1^HIS||GLU^Glucose\r"
                                  "ORC|XO|ORD-1^HIS\r"
                                  "OBR|2|ORD-1^HIS||2951-2^Sodium^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(change);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(
            text(db, "SELECT test_code || ':' || status FROM test_orders WHERE accession = (SELECT accession "
                     "FROM specimens WHERE specimen_type = 'SERUM') ORDER BY test_code"),
            QStringLiteral("GLU:ordered\nK:cancelled\nNA:ordered"));
        QCOMPARE(text(db, "SELECT tests FROM external_orders WHERE placer_order = 'ORD-1'"),
                 QStringLiteral("GLU,NA"));
    }

    void unknownOrderControlIsAe()
    {
        const Hl7OrderIntake::Outcome o = m_intake->handle(with(Nw, "ORC|NW|ORD-2^HIS", "ORC|OC|ORD-2^HIS"));
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        QVERIFY(o.error.contains(QStringLiteral("\"OC\"")));
        QCOMPARE(
            testlab::scalar(m_lab->database().connection(), QStringLiteral("SELECT count(*) FROM specimens")),
            0);
    }

    // Senders that end segments with LF or CR LF: read the same.
    void lineEndingsAreTolerated()
    {
        QByteArray lf = Nw;
        lf.replace('\r', '\n');
        const Hl7OrderIntake::Outcome o = m_intake->handle(lf);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        QCOMPARE(o.accessions.size(), 2);
    }

    // The journaled message keeps the text as received and the ACK sent.
    void messageAndAckAreJournaled()
    {
        const Hl7OrderIntake::Outcome o = m_intake->handle(Nw);
        Hl7OrderRepository repository(m_lab->database().connection());
        const Result<QList<Hl7InboxEntry>> inbox = repository.inbox(10);
        QVERIFY(inbox);
        QCOMPARE(inbox.value().size(), 1);
        QCOMPARE(inbox.value().first().accessions, o.accessions);
        const auto texts = repository.messageText(inbox.value().first().eventId);
        QVERIFY(texts);
        QCOMPARE(texts.value().first, QString::fromLatin1(Nw));
        QCOMPARE(texts.value().second.toUtf8(), o.response);
    }

    // One order (several ORC/OBR pairs, one placer number) for tests of two specimen types: a tube
    // each, both under the same placer number.
    void oneOrderTwoSpecimenTypes()
    {
        const QByteArray panel = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|C0030|P|2.4\r"
                                 "PID|1||P1002^^^HOSP^MR||Berg^Ola||19600101|M\r"
                                 "ORC|NW|ORD-9^HIS\rOBR|1|ORD-9^HIS||2823-3^Potassium^LN\r"
                                 "ORC|NW|ORD-9^HIS\rOBR|2|ORD-9^HIS||718-7^Hemoglobin^LN\r"
                                 "ORC|NW|ORD-9^HIS\rOBR|3|ORD-9^HIS||2951-2^Sodium^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(panel);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        QCOMPARE(o.accessions.size(), 2);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db,
                      "SELECT s.specimen_type || ':' || e.tests FROM external_orders e JOIN specimens s ON "
                      "s.accession = e.accession ORDER BY s.specimen_type"),
                 QStringLiteral("SERUM:K,NA\nWB_EDTA:HGB"));
    }

    // XO on an order with a tube per specimen type: each new test goes on the tube of its type, once.
    void changeAcrossTwoTubes()
    {
        const QByteArray panel = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|C0050|P|2.4\r"
                                 "PID|1||P1004^^^HOSP^MR||Berg^Ola||19600101|M\r"
                                 "ORC|NW|ORD-8^HIS\rOBR|1|ORD-8^HIS||2823-3^Potassium^LN\r"
                                 "ORC|NW|ORD-8^HIS\rOBR|2|ORD-8^HIS||718-7^Hemoglobin^LN\r";
        QVERIFY(m_intake->handle(panel).code == Hl7Ack::Code::Accept);
        QByteArray change = panel;
        change.replace("|C0050|", "|C0051|").replace("ORC|NW|", "ORC|XO|");
        change += "ORC|XO|ORD-8^HIS\rOBR|3|ORD-8^HIS||2951-2^Sodium^LN\r"
                  "ORC|XO|ORD-8^HIS\rOBR|4|ORD-8^HIS||777-3^Platelets^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(change);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, "SELECT s.specimen_type || ':' || group_concat(t.test_code) FROM specimens s JOIN "
                          "(SELECT * FROM test_orders ORDER BY test_code) t ON t.accession = s.accession "
                          "GROUP BY s.accession ORDER BY s.specimen_type"),
                 QStringLiteral("SERUM:K,NA\nWB_EDTA:HGB,PLT"));
    }

    // SPM-21: the placer's own verdict on a specimen is kept and shown on the tube's timeline; the
    // lab still judges the tube when it arrives.
    void placerRejectReasonIsKept()
    {
        const QByteArray oml =
            "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||OML^O21^OML_O21|C0040|P|2.5.1\r"
            "PID|1||P1003^^^HOSP^MR||Sand^Ida||19800101|F\r"
            "ORC|NW|ORD-40^HIS\rOBR|1|ORD-40^HIS||2823-3^Potassium^LN\r"
            "SPM|1|W-1&WARD||SER||||||||||||||||N|RB^Broken container\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(oml);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const QSqlDatabase db = m_lab->database().connection();
        QVERIFY(trailDetails(*m_lab, "specimen.accessioned")
                    .endsWith(QStringLiteral("the ward reports the specimen unfit: Broken container")));
        QCOMPARE(text(db, "SELECT status FROM specimens"), QStringLiteral("accessioned"));
    }

    // A ward's own label on a tube ordered by HL7 finds our tube at Receiving and on a rack: the
    // placer's specimen ID, or an order number with one tube. An order number of several tubes, or a
    // code that matches nothing, is refused as before.
    void hospitalLabelsFindTheirTubes()
    {
        const Hl7OrderIntake::Outcome o =
            m_intake->handle(readSample("oml_o21_v251_hl7spec_glucose_tolerance_nw.hl7"));
        QVERIFY(o.code == Hl7Ack::Code::Accept);
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        const QSqlDatabase db = m_lab->database().connection();
        const QString second = text(db, "SELECT accession FROM external_orders WHERE placer_specimen = ?",
                                    QStringLiteral("123456782"));

        const ScanOutcome bySpecimen = m_lab->scanner().process(
            QStringLiteral("123456782"), ScanProcessor::Action::Receive, QStringLiteral("admin"));
        QCOMPARE(bySpecimen.name(), QStringLiteral("received"));
        QCOMPARE(bySpecimen.code, second);
        QCOMPARE(bySpecimen.hospitalLabel, QStringLiteral("123456782"));
        QVERIFY(bySpecimen.message.contains(second));
        QCOMPARE(text(db, "SELECT status FROM specimens WHERE accession = ?", second),
                 QStringLiteral("received"));

        const ScanOutcome byOrder = m_lab->scanner().process(
            QStringLiteral("ORD-2"), ScanProcessor::Action::Lookup, QStringLiteral("admin"));
        QCOMPARE(byOrder.name(), QStringLiteral("found"));
        QCOMPARE(byOrder.specimen->specimenType, QStringLiteral("WB_EDTA"));

        const ScanOutcome ambiguous = m_lab->scanner().process(
            QStringLiteral("12345678"), ScanProcessor::Action::Receive, QStringLiteral("admin"));
        QVERIFY(!ambiguous.isConfirmation());
        QVERIFY2(ambiguous.message.contains(QStringLiteral("3 tubes")), qPrintable(ambiguous.message));
        QCOMPARE(text(db, "SELECT count(*) FROM specimens WHERE status = 'received'"), QStringLiteral("1"));

        const ScanOutcome nothing = m_lab->scanner().process(
            QStringLiteral("123456789"), ScanProcessor::Action::Receive, QStringLiteral("admin"));
        QVERIFY(nothing.isMalformed());
        QVERIFY(!m_lab->scanner().isHospitalLabel(QStringLiteral("123456789")));
        QVERIFY(m_lab->scanner().isHospitalLabel(QStringLiteral("123456781")));
    }

    // MSH-16 AL asks for the application response: ORR^O02 for an ORM, with our accession number as
    // the filler order number (ORC-3, OBR-3) of each tube, in the namespace of our application.
    void applicationResponseCarriesFillerNumbers()
    {
        const Hl7OrderIntake::Outcome o = m_intake->handle(with(Nw, "|P|2.4\r", "|P|2.4|||NE|AL\r"));
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const Hl7Message orr = ackOf(o.response);
        QCOMPARE(orr.value(QStringLiteral("MSH"), 9), QStringLiteral("ORR^O02^ORR_O02"));
        QCOMPARE(orr.value(QStringLiteral("MSA"), 1), QStringLiteral("AA"));
        QCOMPARE(orr.value(QStringLiteral("MSA"), 2), QStringLiteral("C0001"));
        QCOMPARE(orr.value(QStringLiteral("PID"), 3), QStringLiteral("P1001^^^HOSP^MR"));
        const QSqlDatabase db = m_lab->database().connection();
        QStringList answered;
        for (int i = 0; i < 2; ++i) {
            const int orc = orr.find(QStringLiteral("ORC"), i);
            const int obr = orr.find(QStringLiteral("OBR"), i);
            QVERIFY(orc > 0 && obr == orc + 1);
            QCOMPARE(orr.value(orc, 1), QStringLiteral("OK"));
            QCOMPARE(orr.value(orc, 3, 2), QStringLiteral("BENCHSIDE"));
            QCOMPARE(orr.value(obr, 3, 1), orr.value(orc, 3, 1));
            answered << orr.value(orc, 2, 1) + QLatin1Char('=') + orr.value(orc, 3, 1);
        }
        QCOMPARE(orr.find(QStringLiteral("ORC"), 2), -1);
        answered.sort();
        QCOMPARE(
            answered.join(QLatin1Char('\n')),
            text(db, "SELECT placer_order || '=' || accession FROM external_orders ORDER BY placer_order"));
        QCOMPARE(orr.value(orr.find(QStringLiteral("OBR")), 4), QStringLiteral("14749-6^Glucose^LN"));
        // A repeat is answered with the same ORR.
        QCOMPARE(m_intake->handle(with(Nw, "|P|2.4\r", "|P|2.4|||NE|AL\r")).response, o.response);
    }

    // OML^O21 is answered ORL^O22, with one SPM per tube naming the placer's specimen and ours.
    void omlApplicationResponseIsOrl()
    {
        QByteArray oml = readSample("oml_o21_v251_hl7spec_glucose_tolerance_nw.hl7");
        const int mshEnd = oml.indexOf('\r');
        QList<QByteArray> msh = oml.left(mshEnd).split('|');
        while (msh.size() < 16)
            msh << QByteArray();
        msh[14] = "AL";
        msh[15] = "AL";
        oml = msh.join('|') + oml.mid(mshEnd);
        const Hl7OrderIntake::Outcome o = m_intake->handle(oml);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const Hl7Message orl = ackOf(o.response);
        QCOMPARE(orl.value(QStringLiteral("MSH"), 9), QStringLiteral("ORL^O22^ORL_O22"));
        QCOMPARE(orl.value(QStringLiteral("MSA"), 1), QStringLiteral("AA"));
        QStringList specimens;
        for (int i = 0; i < 3; ++i) {
            const int spm = orl.find(QStringLiteral("SPM"), i);
            QVERIFY(spm > 0);
            QVERIFY(o.accessions.contains(orl.value(spm, 2, 2, 1)));
            specimens << orl.value(spm, 2, 1);
        }
        QCOMPARE(specimens, (QStringList{QStringLiteral("123456781"), QStringLiteral("123456782"),
                                         QStringLiteral("123456783")}));
        QCOMPARE(orl.find(QStringLiteral("SPM"), 3), -1);
    }

    // A refused order in an application response: MSA AE with the ERR, and each order with ORC-1 UA.
    void applicationResponseNamesRefusedOrders()
    {
        const Hl7OrderIntake::Outcome o = m_intake->handle(
            with(with(Nw, "|P|2.4\r", "|P|2.4|||AL|ER\r"), "6690-2^WBC^LN", "99999-9^Unknown^LN"));
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        const Hl7Message orr = ackOf(o.response);
        QCOMPARE(orr.value(QStringLiteral("MSH"), 9, 1), QStringLiteral("ORR"));
        QCOMPARE(orr.value(QStringLiteral("MSA"), 1), QStringLiteral("AE"));
        QVERIFY(orr.find(QStringLiteral("ERR")) > 0);
        const int orc = orr.find(QStringLiteral("ORC"));
        QVERIFY(orc > 0);
        QCOMPARE(orr.value(orc, 1), QStringLiteral("UA"));
        QCOMPARE(orr.value(orc, 3), QString());
    }

    // Enhanced mode with only an accept acknowledgement asked for: CA once committed, CE when the
    // content was refused, CR when the message is not taken at all; MSH-9 stays ACK.
    void commitAcknowledgements()
    {
        const QByteArray enhanced = with(Nw, "|P|2.4\r", "|P|2.4|||AL|NE\r");
        const Hl7Message ca = ackOf(m_intake->handle(enhanced).response);
        QCOMPARE(ca.value(QStringLiteral("MSH"), 9), QStringLiteral("ACK^O01^ACK"));
        QCOMPARE(ca.value(QStringLiteral("MSA"), 1), QStringLiteral("CA"));
        const Hl7Message ce = ackOf(
            m_intake->handle(with(with(enhanced, "C0001", "C0002"), "6690-2^WBC^LN", "99999-9^Unknown^LN"))
                .response);
        QCOMPARE(ce.value(QStringLiteral("MSA"), 1), QStringLiteral("CE"));
        const Hl7Message cr =
            ackOf(m_intake->handle(with(with(enhanced, "C0001", "C0003"), "|2.4|", "|9.9|")).response);
        QCOMPARE(cr.value(QStringLiteral("MSA"), 1), QStringLiteral("CR"));
        QCOMPARE(cr.value(QStringLiteral("MSA"), 2), QStringLiteral("C0003"));
    }

    // NE where nothing is asked for in this case: no answer at all, but the order is recorded, and
    // its repeat is not answered either.
    void neverMeansNoAnswer()
    {
        const QByteArray onError = with(Nw, "|P|2.4\r", "|P|2.4|||NE|ER\r");
        const Hl7OrderIntake::Outcome o = m_intake->handle(onError);
        QVERIFY(o.code == Hl7Ack::Code::Accept);
        QVERIFY(o.recorded);
        QVERIFY(o.response.isEmpty());
        QCOMPARE(o.accessions.size(), 2);
        const Hl7OrderIntake::Outcome again = m_intake->handle(onError);
        QVERIFY(again.duplicate);
        QVERIFY(again.response.isEmpty());
        // The same sender's failure is answered, since it asked for errors.
        const Hl7OrderIntake::Outcome failed =
            m_intake->handle(with(with(onError, "C0001", "C0005"), "6690-2^WBC^LN", "99999-9^Unknown^LN"));
        QCOMPARE(ackOf(failed.response).value(QStringLiteral("MSA"), 1), QStringLiteral("AE"));
    }

    // A cancellation answered with an application response: ORC-1 CR on each tube of the order.
    void cancellationResponse()
    {
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        const QByteArray cancel =
            "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0020|P|2.4|||NE|AL\r"
            "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
            "ORC|CA|ORD-2^HIS\rOBR|1|ORD-2^HIS||6690-2^WBC^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(cancel);
        QVERIFY2(o.code == Hl7Ack::Code::Accept, qPrintable(o.error));
        const Hl7Message orr = ackOf(o.response);
        const int orc = orr.find(QStringLiteral("ORC"));
        QCOMPARE(orr.value(orc, 1), QStringLiteral("CR"));
        QCOMPARE(orr.value(orc, 3, 1),
                 text(m_lab->database().connection(),
                      "SELECT accession FROM external_orders WHERE placer_order = 'ORD-2'"));
    }

    // A placer order number is unique only within its placer (ANCHORS 7): the same number from
    // another hospital system is another order, for its own patient, on its own tube. Found by the
    // audit of session 15: the second system's order was answered AA with the first one's tube.
    void samePlacerNumberFromAnotherSenderIsAnotherOrder()
    {
        const QByteArray a = "MSH|^~\\&|HIS_A|NORTH|BENCHSIDE|LAB|20261206080000||ORM^O01|A-1|P|2.4\r"
                             "PID|1||PA001^^^HOSP^MR||Alpha^Anna||19750314|F\r"
                             "ORC|NW|ORD-77\rOBR|1|ORD-77||14749-6^Glucose^LN\r";
        const QByteArray b = with(with(with(a, "HIS_A|NORTH", "HIS_B|SOUTH"), "|A-1|", "|B-1|"),
                                  "PA001^^^HOSP^MR||Alpha^Anna", "PB999^^^HOSP^MR||Beta^Bert");
        const Hl7OrderIntake::Outcome first = m_intake->handle(a);
        const Hl7OrderIntake::Outcome second = m_intake->handle(b);
        QVERIFY2(second.code == Hl7Ack::Code::Accept, qPrintable(second.error));
        QCOMPARE(second.accessions.size(), 1);
        QVERIFY(second.accessions.first() != first.accessions.first());
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, "SELECT patient_mrn FROM specimens WHERE accession = ?", second.accessions.first()),
                 QStringLiteral("PB999"));
        QCOMPARE(text(db, "SELECT patient_mrn FROM specimens WHERE accession = ?", first.accessions.first()),
                 QStringLiteral("PA001"));

        // A cancellation from one system reaches its own order only.
        const QByteArray cancelB = with(with(b, "|B-1|", "|B-2|"), "ORC|NW|ORD-77", "ORC|CA|ORD-77");
        QVERIFY(m_intake->handle(cancelB).code == Hl7Ack::Code::Accept);
        QCOMPARE(text(db, "SELECT status FROM test_orders WHERE accession = ?", first.accessions.first()),
                 QStringLiteral("ordered"));
        QCOMPARE(text(db, "SELECT status FROM test_orders WHERE accession = ?", second.accessions.first()),
                 QStringLiteral("cancelled"));
    }

    // Within one system, an order number names one patient's order: a message that names it for
    // another patient is refused (AE, nothing recorded but the message) whatever it asks.
    void samePlacerNumberForAnotherPatientIsRefused_data()
    {
        QTest::addColumn<QByteArray>("control");
        QTest::newRow("NW") << QByteArray("NW");
        QTest::newRow("CA") << QByteArray("CA");
        QTest::newRow("XO") << QByteArray("XO");
        QTest::newRow("SC") << QByteArray("SC");
    }
    void samePlacerNumberForAnotherPatientIsRefused()
    {
        QFETCH(QByteArray, control);
        const Hl7OrderIntake::Outcome placed = m_intake->handle(Nw);
        QVERIFY(placed.code == Hl7Ack::Code::Accept);
        const QSqlDatabase db = m_lab->database().connection();
        const QString before =
            text(db, "SELECT accession || test_code || status FROM test_orders ORDER BY 1");
        const qint64 events = testlab::journalCount(*m_lab);
        const QByteArray other = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0090|P|2.4\r"
                                 "PID|1||P2002^^^HOSP^MR||Other^Olga||19600101|F\r"
                                 "ORC|" +
                                 control + "|ORD-2^HIS\rOBR|1|ORD-2^HIS||6690-2^WBC^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(other);
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        const Hl7Message ack = ackOf(o.response);
        const int err = ack.find(QStringLiteral("ERR"));
        QCOMPARE(ack.value(err, 1, 1) + ack.value(err, 1, 3), QStringLiteral("PID3"));
        QCOMPARE(ack.value(err, 1, 4, 1), QStringLiteral("204"));
        QVERIFY2(o.error.contains(QStringLiteral("another patient")), qPrintable(o.error));
        QCOMPARE(testlab::journalCount(*m_lab), events + 1);
        QCOMPARE(text(db, "SELECT accession || test_code || status FROM test_orders ORDER BY 1"), before);
        QCOMPARE(text(db, "SELECT count(*) FROM patients WHERE mrn = 'P2002'"), QStringLiteral("0"));
    }

    // A repeated NW is answered by what it made only when it asks for nothing new. New tests, a new
    // specimen, or an order cancelled since are refused (AE 205), never acknowledged as ordered.
    void repeatedOrderAskingForMoreIsRefused_data()
    {
        QTest::addColumn<QByteArray>("repeat");
        QTest::addColumn<QString>("says");
        QTest::newRow("new test") << with(with(Nw, "|C0001|", "|C0003|"), "6690-2^WBC^LN", "2951-2^Sodium^LN")
                                  << "without NA";
        QTest::newRow("new specimen")
            << QByteArray("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||OML^O21|C0004|P|2.5.1\r"
                          "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                          "ORC|NW|ORD-2^HIS\rOBR|1|ORD-2^HIS||6690-2^WBC^LN\r"
                          "SPM|1|S-NEW||BLD\r")
            << "without specimen S-NEW";
    }
    void repeatedOrderAskingForMoreIsRefused()
    {
        QFETCH(QByteArray, repeat);
        QFETCH(QString, says);
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        const QSqlDatabase db = m_lab->database().connection();
        const QString before =
            text(db, "SELECT accession || test_code || status FROM test_orders ORDER BY 1");
        const Hl7OrderIntake::Outcome o = m_intake->handle(repeat);
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        QVERIFY2(o.error.contains(says), qPrintable(o.error));
        // Up to 2.4 the code is in ERR-1.4, from 2.5 in ERR-3.
        const Hl7Message ack = ackOf(o.response);
        const int err = ack.find(QStringLiteral("ERR"));
        QCOMPARE(ack.value(err, 1, 4, 1) + ack.value(err, 3, 1), QStringLiteral("205"));
        QCOMPARE(text(db, "SELECT accession || test_code || status FROM test_orders ORDER BY 1"), before);
        QCOMPARE(text(db, "SELECT count(*) FROM specimens"), QStringLiteral("2"));
    }

    void orderCancelledThenPlacedAgainIsRefused()
    {
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        const QByteArray cancel = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0010|P|2.4\r"
                                  "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                                  "ORC|CA|ORD-2^HIS\r";
        QVERIFY(m_intake->handle(cancel).code == Hl7Ack::Code::Accept);
        const Hl7OrderIntake::Outcome again = m_intake->handle(with(Nw, "|C0001|", "|C0011|"));
        QCOMPARE(Hl7Ack::codeName(again.code), QStringLiteral("AE"));
        QVERIFY2(again.error.contains(QStringLiteral("ORD-2 was cancelled")), qPrintable(again.error));
        // The repeat of the whole message is refused as a whole: ORD-1 keeps its one tube.
        QCOMPARE(text(m_lab->database().connection(), "SELECT count(*) FROM specimens"), QStringLiteral("2"));
    }

    // One frame, one message; one message, one patient. A second MSH or a second PID would put the
    // second patient's orders on the first one's tube (found by the audit of session 15).
    void secondMessageInAFrameIsRefused()
    {
        const QByteArray second =
            with(with(with(Nw, "|C0001|", "|C0002|"), "P1001", "P3003"), "Garcia^Elena", "Two^Tina");
        const Hl7OrderIntake::Outcome o = m_intake->handle(Nw + second);
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AR"));
        QCOMPARE(ackOf(o.response).value(QStringLiteral("MSA"), 2), QStringLiteral("C0001"));
        QVERIFY2(o.error.contains(QStringLiteral("one message per frame")), qPrintable(o.error));
        QCOMPARE(text(m_lab->database().connection(), "SELECT count(*) FROM specimens"), QStringLiteral("0"));
        // Each sent on its own is taken.
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        QVERIFY(m_intake->handle(with(with(second, "ORD-1", "ORD-5"), "ORD-2", "ORD-6")).code ==
                Hl7Ack::Code::Accept);
    }

    void secondPatientInAMessageIsRefused()
    {
        const QByteArray two = Nw + "PID|2||P3003^^^HOSP^MR||Two^Tina||19800101|F\r"
                                    "ORC|NW|ORD-9^HIS\rOBR|4|ORD-9^HIS||2823-3^Potassium^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(two);
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        QVERIFY2(o.error.contains(QStringLiteral("more than one patient")), qPrintable(o.error));
        QCOMPARE(text(m_lab->database().connection(), "SELECT count(*) FROM specimens"), QStringLiteral("0"));
    }

    // Systems that name themselves by OID alone (MSH-3 `^OID^ISO`) are told apart by the OID: the
    // same MSH-10 from two of them is two messages, not a duplicate.
    void sendersNamedByOidAreApart()
    {
        const QByteArray a =
            "MSH|^~\\&|^2.16.840.1.113883.19.3.1^ISO|^2.16.840.1.113883.19.3.1.1^ISO|BENCHSIDE|"
            "LAB|20261206080000||ORM^O01|1001|P|2.5.1\r"
            "PID|1||PC100^^^HOSP^MR||Gamma^Greta||19750314|F\r"
            "ORC|NW|HX-1\rOBR|1|HX-1||14749-6^Glucose^LN\r";
        const QByteArray b = with(with(with(a, "19.3.1^ISO|", "19.3.2^ISO|"), "19.3.1.1^ISO", "19.3.2.1^ISO"),
                                  "PC100^^^HOSP^MR||Gamma^Greta", "PD200^^^HOSP^MR||Delta^Dora");
        const Hl7OrderIntake::Outcome first = m_intake->handle(a);
        const Hl7OrderIntake::Outcome second = m_intake->handle(b);
        QVERIFY(first.code == Hl7Ack::Code::Accept);
        QVERIFY2(second.code == Hl7Ack::Code::Accept, qPrintable(second.error));
        QVERIFY(!second.duplicate);
        QCOMPARE(ackOf(second.response).value(QStringLiteral("MSH"), 5, 2),
                 QStringLiteral("2.16.840.1.113883.19.3.2"));
        QCOMPARE(text(m_lab->database().connection(), "SELECT count(*) FROM patients WHERE mrn = 'PD200'"),
                 QStringLiteral("1"));
        QVERIFY(m_intake->handle(b).duplicate);
    }

    // A repeat of a Latin-1 message gets its first ACK byte for byte, in Latin-1.
    void duplicateAckKeepsTheMessagesCharacterSet()
    {
        const QByteArray latin1 = with(with(Nw, "HIS|WARD|",
                                            "HIS|Klinikum M\xfc"
                                            "nchen|"),
                                       "|P|2.4\r", "|P|2.4||||||8859/1\r");
        const Hl7OrderIntake::Outcome first = m_intake->handle(latin1);
        QVERIFY(first.code == Hl7Ack::Code::Accept);
        QVERIFY(first.response.contains("M\xfc"
                                        "nchen"));
        const Hl7OrderIntake::Outcome again = m_intake->handle(latin1);
        QVERIFY(again.duplicate);
        QCOMPARE(again.response, first.response);
    }

    // SC names an order too: one not known here is AE, as for CA and XO.
    void statusOfAnUnknownOrderIsAe()
    {
        const QByteArray sc = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|C0030|P|2.4\r"
                              "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                              "ORC|SC|NO-SUCH-ORDER||||IP\rOBR|1|NO-SUCH-ORDER||14749-6^Glucose^LN\r";
        const Hl7OrderIntake::Outcome o = m_intake->handle(sc);
        QCOMPARE(Hl7Ack::codeName(o.code), QStringLiteral("AE"));
        QVERIFY2(o.error.contains(QStringLiteral("NO-SUCH-ORDER")), qPrintable(o.error));
        QVERIFY(m_intake->handle(Nw).code == Hl7Ack::Code::Accept);
        QVERIFY(m_intake->handle(with(with(sc, "NO-SUCH-ORDER", "ORD-1^HIS"), "C0030", "C0031")).code ==
                Hl7Ack::Code::Accept);
    }

    // A frame over the limit is answered AR naming its MSH-10, when its MSH came whole in the
    // first bytes, so that a sender matching MSA-2 takes it.
    void oversizeArNamesTheMessage()
    {
        const Hl7OrderIntake::Outcome named = m_intake->oversize(1024, Nw.left(200));
        const Hl7Message ack = ackOf(named.response);
        QCOMPARE(ack.value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
        QCOMPARE(ack.value(QStringLiteral("MSA"), 2), QStringLiteral("C0001"));
        QCOMPARE(ack.value(QStringLiteral("MSH"), 5), QStringLiteral("HIS"));
        QCOMPARE(ack.value(QStringLiteral("MSH"), 12), QStringLiteral("2.4"));
        const Hl7OrderIntake::Outcome unnamed = m_intake->oversize(1024, Nw.left(40));
        QCOMPARE(ackOf(unnamed.response).value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
        QCOMPARE(ackOf(unnamed.response).value(QStringLiteral("MSA"), 2), QString());
    }

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<Hl7OrderIntake> m_intake;
};

QTEST_GUILESS_MAIN(TestHl7Intake)
#include "tst_hl7intake.moc"
