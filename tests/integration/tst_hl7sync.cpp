// SPDX-License-Identifier: GPL-3.0-or-later
// HL7 across stations, through a real PostgreSQL sync server: an order taken in by the interface
// station reaches a bench; the result released there comes back and is queued for the hospital at
// the interface station, with the same control ID the bench derives. Every interface event must be
// accepted by the server (its kind check once refused them and would have held the queue).
#include "catalog/catalogimporter.h"
#include "custody/custodyrules.h"
#include "hl7/hl7orderintake.h"
#include "hl7/hl7outbox.h"
#include "hl7/hl7resultcomposer.h"
#include "labhelpers.h"
#include "pgserver.h"
#include "projection/projector.h"
#include "sync/serveradmin.h"
#include "sync/serverconnection.h"
#include "syncstation.h"

#include <QTest>

using namespace benchside;
using benchside::test::PgServer;
using synctest::SyncStation;

namespace {
const QByteArray Order = "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|SYNC0001|P|2.4\r"
                         "PID|1||P7001^^^HOSP^MR||Lee^Kim||19700101|F\r"
                         "ORC|NW|SYNC-1^HIS\rOBR|1|SYNC-1^HIS||2823-3^Potassium^LN\r";

void syncClean(SyncStation &s)
{
    const Result<SyncReport> r = s.sync();
    QVERIFY2(r, qPrintable(r.error()));
    const QString refusal = r.value().refused.isEmpty() ? QString() : r.value().refused.first().reason;
    QVERIFY2(r.value().refused.isEmpty(), qPrintable(refusal));
    QVERIFY2(r.value().held.isEmpty(), qPrintable(r.value().held));
}
} // namespace

class TestHl7Sync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QString why;
        QVERIFY2(PgServer::available(&why), qPrintable(why));
        QVERIFY2(m_pg.start(&why), qPrintable(why));
        Result<ServerUrl> url = ServerUrl::parse(m_pg.adminUrl());
        QVERIFY2(url, qPrintable(url.error()));
        m_admin = url.value();
        Result<std::unique_ptr<ServerConnection>> admin = ServerConnection::open(m_admin);
        QVERIFY2(admin, qPrintable(admin.error()));
        QVERIFY(ServerAdmin(*admin.value()).init());
    }

    void orderInResultOutAcrossStations()
    {
        SyncStation bench(QStringLiteral("BEN"), QStringLiteral("MAIN"), m_admin);
        SyncStation interface(QStringLiteral("HLS"), QStringLiteral("MAIN"), m_admin);
        QVERIFY(testlab::importDemoCatalog(bench.lab()));
        syncClean(bench);
        syncClean(interface);

        Hl7Outbox outbox(interface.lab().store(), interface.lab().permissions());
        QVERIFY(
            outbox.defineDestination({QStringLiteral("HIS"), QStringLiteral("127.0.0.1"), 2576,
                                      Hl7Outbox::eventKinds(), QStringLiteral("HIS"), QStringLiteral("H")},
                                     QStringLiteral("admin")));
        Hl7OrderIntake intake(interface.lab(), QStringLiteral("hl7"));
        const Hl7OrderIntake::Outcome taken = intake.handle(Order);
        QVERIFY2(taken.code == Hl7Ack::Code::Accept, qPrintable(taken.error));
        const QString tube = taken.accessions.value(0);
        syncClean(interface);

        syncClean(bench);
        QCOMPARE(
            bench.count(QStringLiteral("SELECT count(*) FROM external_orders WHERE placer_order = 'SYNC-1'")),
            1);
        QCOMPARE(bench.count(QStringLiteral("SELECT count(*) FROM hl7_inbox WHERE ack_code = 'AA'")), 1);
        QVERIFY(bench.lab().custody().record(
            tube, CustodyRules::Step{CustodyKind::Received, {}, {}, {}, 0, {}}, QStringLiteral("p.nair")));
        QVERIFY(bench.results().enter(tube + QStringLiteral("-K"), QStringLiteral("4.9"),
                                      QStringLiteral("mmol/L"), QStringLiteral("p.nair")));
        const Result<Event> released =
            bench.results().verify(tube + QStringLiteral("-K"), QStringLiteral("a.okafor"));
        QVERIFY2(released, qPrintable(released.error()));
        syncClean(bench);

        syncClean(interface);
        const Result<QList<Hl7OutboxEntry>> pending = outbox.entries(QStringLiteral("pending"));
        QVERIFY(pending);
        QCOMPARE(pending.value().size(), 1);
        QCOMPARE(pending.value().first().id,
                 Projector::outboundControlId(QStringLiteral("HIS"), released.value().id));
        const Result<Hl7ResultReport> report =
            Hl7ResultComposer(interface.lab())
                .compose(pending.value().first(), outbox.destinations().value().first(),
                         QDateTime::currentMSecsSinceEpoch());
        QVERIFY2(report, qPrintable(report.error()));
        QCOMPARE(report.value().placerOrder, QStringLiteral("SYNC-1"));
        QCOMPARE(report.value().results.first().value, QStringLiteral("4.9"));
        QCOMPARE(report.value().results.first().verifierId, QStringLiteral("a.okafor"));

        // The delivery is journaled at the interface station and reaches the bench too.
        QVERIFY(outbox.recordOutcomes({{pending.value().first().id, QStringLiteral("AA"), {}, {}}},
                                      QStringLiteral("hl7")));
        syncClean(interface);
        syncClean(bench);
        QCOMPARE(bench.count(QStringLiteral("SELECT count(*) FROM hl7_outbox WHERE state = 'delivered'")), 1);
        for (const QString &table : {QStringLiteral("hl7_inbox"), QStringLiteral("external_orders"),
                                     QStringLiteral("hl7_destinations"), QStringLiteral("hl7_outbox")})
            QCOMPARE(testlab::tableRows(bench.db(), table), testlab::tableRows(interface.db(), table));
    }

private:
    PgServer m_pg;
    ServerUrl m_admin;
};

QTEST_GUILESS_MAIN(TestHl7Sync)
#include "tst_hl7sync.moc"
