// SPDX-License-Identifier: GPL-3.0-or-later
// HL7 results out, the queue: what the journal's releases, corrections, cancellations and rejections
// queue for each destination, the control IDs (stable across rebuilds and stations), delivery
// outcomes, dead letters holding back a patient's later results, and resend/discard with their
// permissions. The sender's wire side is in tests/integration/tst_hl7serve.
#include "custody/custodyrules.h"
#include "hl7/hl7outbox.h"
#include "hl7/hl7resultcomposer.h"
#include "labhelpers.h"
#include "projection/projector.h"
#include "testdatabase.h"

#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace benchside;

namespace {
// Enters and releases a potassium value (entered by p.nair, released by a.okafor); the release's event.
QString release(Lab &lab, const QString &accession, const QString &value, bool amend = false)
{
    const QString orderId = accession + QStringLiteral("-K");
    const QJsonObject v{
        {QStringLiteral("test"), QStringLiteral("K")},
        {QStringLiteral("value"), value},
        {QStringLiteral("numeric"), value.toDouble()},
        {QStringLiteral("unit"), QStringLiteral("mmol/L")},
        {QStringLiteral("flag"), QStringLiteral("N")},
        {QStringLiteral("range"), QJsonObject{{QStringLiteral("low"), 3.5}, {QStringLiteral("high"), 5.1}}}};
    QJsonObject entered = v;
    if (amend)
        entered.insert(QStringLiteral("reason"), QStringLiteral("recalculated"));
    if (!testlab::writeResultEvent(
            lab, QStringLiteral("p.nair"),
            amend ? QStringLiteral("result.amended") : QStringLiteral("result.entered"), orderId, entered))
        qFatal("entry failed");
    if (!testlab::writeResultEvent(lab, QStringLiteral("a.okafor"), QStringLiteral("result.verified"),
                                   orderId,
                                   {{QStringLiteral("value"), value},
                                    {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                                    {QStringLiteral("flag"), QStringLiteral("N")}}))
        qFatal("release failed");
    QSqlQuery q(lab.database().connection());
    q.exec(QStringLiteral("SELECT id FROM journal WHERE kind = 'result.verified' ORDER BY hlc DESC LIMIT 1"));
    q.next();
    return q.value(0).toString();
}
} // namespace

class TestHl7Outbox : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<TestDatabase>();
        m_lab = m_db->open();
        QVERIFY(testlab::importDemoCatalog(*m_lab));
        m_outbox = std::make_unique<Hl7Outbox>(m_lab->store(), m_lab->permissions());
    }
    void cleanup()
    {
        testlab::verifyViewsMatchJournal(*m_lab);
        m_outbox.reset();
        m_lab.reset();
        m_db.reset();
    }

    // Nothing is queued before a destination exists; afterwards each release is one message per
    // destination taking it, with a control ID derived from destination and event.
    void releasesAreQueuedPerDestination()
    {
        const QString early = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("K")});
        release(*m_lab, early, QStringLiteral("4.1"));
        QVERIFY(
            m_outbox->defineDestination({QStringLiteral("HIS"), QStringLiteral("127.0.0.1"), 2576,
                                         Hl7Outbox::eventKinds(), QStringLiteral("HIS"), QStringLiteral("H")},
                                        QStringLiteral("admin")));
        QVERIFY(m_outbox->defineDestination(
            {QStringLiteral("EHR"), QStringLiteral("127.0.0.1"), 2577, {QStringLiteral("cancelled")}, {}, {}},
            QStringLiteral("admin")));
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("K")});
        const QString event = release(*m_lab, tube, QStringLiteral("4.2"));
        const Result<QList<Hl7OutboxEntry>> all = m_outbox->entries();
        QVERIFY(all);
        QCOMPARE(all.value().size(), 1);
        const Hl7OutboxEntry &e = all.value().first();
        QCOMPARE(e.destination, QStringLiteral("HIS"));
        QCOMPARE(e.kind, QStringLiteral("released"));
        QCOMPARE(e.accession, tube);
        QCOMPARE(e.tests, QStringList{QStringLiteral("K")});
        QCOMPARE(e.state, QStringLiteral("pending"));
        QCOMPARE(e.id, Projector::outboundControlId(QStringLiteral("HIS"), event));
        QCOMPARE(e.id.size(), 20);
        QVERIFY(e.id != Projector::outboundControlId(QStringLiteral("EHR"), event));

        // The message the sender would build reports what was released.
        const Result<Hl7ResultReport> report = Hl7ResultComposer(*m_lab).compose(
            e, m_outbox->destinations().value().value(1), QDateTime::currentMSecsSinceEpoch());
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report.value().controlId, e.id);
        QCOMPARE(report.value().fillerOrder, tube);
        QCOMPARE(report.value().resultStatus, QStringLiteral("F"));
        QCOMPARE(report.value().results.size(), 1);
        QCOMPARE(report.value().results.first().value, QStringLiteral("4.2"));
        QCOMPARE(report.value().results.first().loinc, QStringLiteral("2823-3"));
        QCOMPARE(report.value().results.first().referenceRange, QStringLiteral("3.5-5.1"));
        QCOMPARE(report.value().results.first().verifierId, QStringLiteral("a.okafor"));
    }

    // A correction is its own message (OBR-25 C); a rejection cancels the open tests (X).
    void correctionsAndRejections()
    {
        QVERIFY(m_outbox->defineDestination(
            {QStringLiteral("HIS"), QStringLiteral("127.0.0.1"), 2576, Hl7Outbox::eventKinds(), {}, {}},
            QStringLiteral("admin")));
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("K")});
        release(*m_lab, tube, QStringLiteral("4.2"));
        release(*m_lab, tube, QStringLiteral("4.4"), true);
        const QString rejected = testlab::receivedFor(*m_lab, QStringLiteral("adult"),
                                                      {QStringLiteral("K"), QStringLiteral("NA")});
        QVERIFY(m_lab->custody().record(
            rejected, CustodyRules::Step{CustodyKind::Rejected, {}, QStringLiteral("hemolyzed"), {}, 0, {}},
            QStringLiteral("p.nair")));
        QStringList kinds;
        const Result<QList<Hl7OutboxEntry>> entries = m_outbox->entries();
        QVERIFY(entries);
        for (const Hl7OutboxEntry &e : entries.value())
            kinds << e.kind + QLatin1Char(':') + e.tests.join(QLatin1Char(','));
        QCOMPARE(kinds, (QStringList{QStringLiteral("cancelled:K,NA"), QStringLiteral("amended:K"),
                                     QStringLiteral("released:K")}));
        const Hl7OutboxEntry amended = m_outbox->entries().value().at(1);
        const Result<Hl7ResultReport> report =
            Hl7ResultComposer(*m_lab).compose(amended, m_outbox->destinations().value().first(), 0);
        QVERIFY(report);
        QCOMPARE(report.value().resultStatus, QStringLiteral("C"));
        QCOMPARE(report.value().results.first().value, QStringLiteral("4.4"));
    }

    // A message is composed at its first attempt, which may come after an amendment not yet
    // released: it reports the entry that was released, its range and its time, not the newer one's
    // (found by the audit of session 15).
    void releaseReportsTheEntryItReleased()
    {
        QVERIFY(m_outbox->defineDestination(
            {QStringLiteral("HIS"), QStringLiteral("127.0.0.1"), 2576, Hl7Outbox::eventKinds(), {}, {}},
            QStringLiteral("admin")));
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("K")});
        release(*m_lab, tube, QStringLiteral("4.2"));
        QSqlQuery q(m_lab->database().connection());
        QVERIFY(q.exec(QStringLiteral("SELECT at FROM result_history WHERE kind = 'result.entered'")) &&
                q.next());
        const qint64 enteredAt = q.value(0).toLongLong();
        QThread::msleep(20);
        QVERIFY(testlab::writeResultEvent(
            *m_lab, QStringLiteral("p.nair"), QStringLiteral("result.amended"), tube + QStringLiteral("-K"),
            {{QStringLiteral("test"), QStringLiteral("K")},
             {QStringLiteral("value"), QStringLiteral("6.0")},
             {QStringLiteral("numeric"), 6.0},
             {QStringLiteral("unit"), QStringLiteral("mmol/L")},
             {QStringLiteral("flag"), QStringLiteral("H")},
             {QStringLiteral("reason"), QStringLiteral("rerun")},
             {QStringLiteral("range"),
              QJsonObject{{QStringLiteral("low"), 3.0}, {QStringLiteral("high"), 4.0}}}}));
        const Result<QList<Hl7OutboxEntry>> entries = m_outbox->entries();
        QVERIFY(entries);
        QCOMPARE(entries.value().size(), 1);
        const Result<Hl7ResultReport> report = Hl7ResultComposer(*m_lab).compose(
            entries.value().first(), m_outbox->destinations().value().first(), 0);
        QVERIFY2(report, qPrintable(report.error()));
        const Hl7ReportedResult &k = report.value().results.first();
        QCOMPARE(k.value, QStringLiteral("4.2"));
        QCOMPARE(k.referenceRange, QStringLiteral("3.5-5.1"));
        QCOMPARE(k.observedAtMs, enteredAt);
    }

    // AE/AR makes a dead letter; the same patient's later messages wait behind it at that
    // destination, another patient's do not; resend and discard are for supervisors, with a reason.
    void deadLetterHoldsThePatientsLaterResults()
    {
        QVERIFY(m_outbox->defineDestination(
            {QStringLiteral("HIS"), QStringLiteral("127.0.0.1"), 2576, Hl7Outbox::eventKinds(), {}, {}},
            QStringLiteral("admin")));
        const QString first = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("K")});
        const QString second = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("K")});
        const QString other =
            testlab::receivedFor(*m_lab, QStringLiteral("sex unknown"), {QStringLiteral("K")});
        const QString a = Projector::outboundControlId(QStringLiteral("HIS"),
                                                       release(*m_lab, first, QStringLiteral("4.0")));
        const QString b = Projector::outboundControlId(QStringLiteral("HIS"),
                                                       release(*m_lab, second, QStringLiteral("4.1")));
        const QString c = Projector::outboundControlId(QStringLiteral("HIS"),
                                                       release(*m_lab, other, QStringLiteral("4.2")));
        QCOMPARE(m_outbox->next(QStringLiteral("HIS")).value()->id, a);

        const Result<QStringList> recorded = m_outbox->recordOutcomes(
            {{a, QStringLiteral("AE"), QStringLiteral("MSH|…"), QStringLiteral("unknown patient")}},
            QStringLiteral("hl7"));
        QVERIFY(recorded);
        QCOMPARE(m_outbox->entry(a).value()->state, QStringLiteral("dead"));
        QCOMPARE(m_outbox->entry(a).value()->error, QStringLiteral("unknown patient"));
        // b is the same patient's: held. c goes next.
        QCOMPARE(m_outbox->next(QStringLiteral("HIS")).value()->id, c);
        const Result<QList<Hl7OutboxEntry>> batch = m_outbox->nextBatch(QStringLiteral("HIS"), 10, {});
        QCOMPARE(batch.value().size(), 1);
        QVERIFY(batch.value().first().id != b);

        QVERIFY(!m_outbox->resend(a, QStringLiteral("p.nair")));               // a technician may not
        QVERIFY(!m_outbox->discard(a, QString(), QStringLiteral("a.okafor"))); // no reason
        QVERIFY(m_outbox->resend(a, QStringLiteral("a.okafor")));
        QCOMPARE(m_outbox->entry(a).value()->state, QStringLiteral("pending"));
        QCOMPARE(m_outbox->next(QStringLiteral("HIS")).value()->id, a);
        QVERIFY(m_outbox->discard(a, QStringLiteral("phoned to the ward"), QStringLiteral("a.okafor")));
        QCOMPARE(m_outbox->entry(a).value()->state, QStringLiteral("discarded"));
        QVERIFY(!m_outbox->resend(b, QStringLiteral("a.okafor"))); // pending, not dead: nothing to resend
        QVERIFY(m_outbox->recordOutcomes(
            {{b, QStringLiteral("AA"), {}, {}}, {c, QStringLiteral("CA"), {}, {}}}, QStringLiteral("hl7")));
        QCOMPARE(m_outbox->entries(QStringLiteral("delivered")).value().size(), 2);
        // Outcomes for messages no longer pending are left out, and said so.
        QCOMPARE(m_outbox->recordOutcomes({{a, QStringLiteral("AA"), {}, {}}}, QStringLiteral("hl7")).value(),
                 QStringList{a});
    }

    void destinationsAreChecked()
    {
        QVERIFY(!m_outbox->defineDestination(
            {QStringLiteral("X"), QStringLiteral("h"), 0, Hl7Outbox::eventKinds(), {}, {}},
            QStringLiteral("admin")));
        QVERIFY(!m_outbox->defineDestination(
            {QStringLiteral("X"), QStringLiteral("h"), 1, {QStringLiteral("all")}, {}, {}},
            QStringLiteral("admin")));
        QVERIFY(!m_outbox->defineDestination(
            {QStringLiteral("X"), QStringLiteral("h"), 1, Hl7Outbox::eventKinds(), {}, {}},
            QStringLiteral("p.nair")));
        QCOMPARE(m_outbox->destinations().value().size(), 0);
    }

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<Hl7Outbox> m_outbox;
};

QTEST_GUILESS_MAIN(TestHl7Outbox)
#include "tst_hl7outbox.moc"
