// SPDX-License-Identifier: GPL-3.0-or-later
// A rack received or stored in one transaction: every recordable tube is recorded, every other well
// says why not, and a failure part-way records nothing at all.

#include "accession/accessionnumber.h"
#include "demo/demorack.h"
#include "labhelpers.h"
#include "rack/rackdecoder.h"
#include "syntheticimages.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

using namespace benchside;
using State = WellReading::State;

class TestRackService : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void receivesKnownTubesAndSaysWhyNotForTheRest();
    void storesEachTubeAtItsWell();
    void storeNeedsALocation();
    void failurePartWayRecordsNothing();
    void rackWithNothingRecordableWritesNothing();
    void rackImageToReceiptsEndToEnd();
    void demoRackShowsTheWaitingTubes();

private:
    // A 2 x 4 rack: A1-A3 known tubes, A4 unknown, B1 empty, B2 unreadable, B3/B4 a duplicate.
    RackReading reading() const;
    QString locationOf(const QString &accession);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    QStringList m_known;
    QString m_unknown;
    QString m_duplicated;
};

void TestRackService::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab).ok());
    m_known.clear();
    for (int i = 0; i < 4; ++i) {
        Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("tech1"));
        QVERIFY2(s.ok(), qPrintable(s.error()));
        m_known << s.value().accession;
    }
    m_duplicated = m_known.takeLast();
    m_unknown = AccessionNumber::compose(QStringLiteral("ZZ"), 26, 424242);
}

void TestRackService::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

RackReading TestRackService::reading() const
{
    RackReading r;
    r.layout = {2, 4};
    const QList<QPair<State, QString>> wells{{State::Decoded, m_known.at(0)},
                                             {State::Decoded, m_known.at(1)},
                                             {State::Decoded, m_known.at(2)},
                                             {State::Decoded, m_unknown},
                                             {State::Empty, {}},
                                             {State::Unreadable, {}},
                                             {State::Duplicate, m_duplicated},
                                             {State::Duplicate, m_duplicated}};
    for (int i = 0; i < wells.size(); ++i) {
        WellReading w;
        w.row = i / 4;
        w.col = i % 4;
        w.well = r.layout.wellName(w.row, w.col);
        w.state = wells.at(i).first;
        w.text = wells.at(i).second;
        r.wells.append(w);
    }
    return r;
}

QString TestRackService::locationOf(const QString &accession)
{
    Result<std::optional<Specimen>> s = m_lab->specimens().find(accession, false);
    if (!s || !s.value())
        qFatal("no specimen %s", qPrintable(accession));
    return s.value()->location;
}

void TestRackService::receivesKnownTubesAndSaysWhyNotForTheRest()
{
    // A3 was received already: it must say so, not count twice.
    QCOMPARE(
        m_lab->scanner().process(m_known.at(2), ScanProcessor::Action::Receive, QStringLiteral("tech1")).type,
        ScanOutcome::Type::Received);
    const qint64 before = testlab::journalCount(*m_lab);

    const Result<RackService::Outcome> o = m_lab->racks().receive(reading(), QStringLiteral("tech2"));
    QVERIFY2(o.ok(), qPrintable(o.error()));
    QCOMPARE(o.value().recorded, 2);
    QCOMPARE(testlab::journalCount(*m_lab), before + 2);

    const QStringList expected{
        QStringLiteral("received"),  QStringLiteral("received"), QStringLiteral("already-received"),
        QStringLiteral("unknown"),   QStringLiteral("empty"),    QStringLiteral("unreadable"),
        QStringLiteral("duplicate"), QStringLiteral("duplicate")};
    QCOMPARE(o.value().wells.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i) {
        const RackService::WellOutcome &w = o.value().wells.at(i);
        QCOMPARE(w.outcome, expected.at(i));
        QCOMPARE(w.recorded, i < 2);
        QVERIFY2(!w.message.isEmpty(), qPrintable(w.well));
    }
    QCOMPARE(o.value().wells.at(6).well, QStringLiteral("B3"));
    for (const QString &a : {m_known.at(0), m_known.at(1)}) {
        Result<std::optional<Specimen>> s = m_lab->specimens().find(a, false);
        QCOMPARE(s.value()->status, QStringLiteral("received"));
    }
    // The duplicated tube is left alone: neither well can be trusted.
    QCOMPARE(m_lab->specimens().find(m_duplicated, false).value()->status, QStringLiteral("accessioned"));
    QCOMPARE(
        testlab::scalar(m_lab->database().connection(),
                        QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'custody.received' AND "
                                       "actor = 'tech2'")),
        qint64(2));
}

void TestRackService::storesEachTubeAtItsWell()
{
    for (const QString &a : m_known)
        QCOMPARE(m_lab->scanner().process(a, ScanProcessor::Action::Receive, QStringLiteral("tech1")).type,
                 ScanOutcome::Type::Received);
    RackReading r = reading();
    const Result<RackService::Outcome> o =
        m_lab->racks().store(r, QStringLiteral(" Freezer 2/Rack 5 "), QStringLiteral("tech1"));
    QVERIFY2(o.ok(), qPrintable(o.error()));
    QCOMPARE(o.value().recorded, 3);
    QCOMPARE(locationOf(m_known.at(0)), QStringLiteral("Freezer 2 / Rack 5 / A1"));
    QCOMPARE(locationOf(m_known.at(2)), QStringLiteral("Freezer 2 / Rack 5 / A3"));
    QCOMPARE(o.value().wells.at(1).message, QStringLiteral("Freezer 2 / Rack 5 / A2"));
    // The well is in the event itself, not only in the location text.
    QSqlQuery q(m_lab->database().connection());
    QVERIFY(q.exec(
        QStringLiteral("SELECT payload FROM journal WHERE kind = 'custody.stored' ORDER BY station_seq")));
    QStringList wells;
    while (q.next())
        wells << QJsonDocument::fromJson(q.value(0).toString().toUtf8())
                     .object()
                     .value(QLatin1String("well"))
                     .toString();
    QCOMPARE(wells, (QStringList{QStringLiteral("A1"), QStringLiteral("A2"), QStringLiteral("A3")}));
    // A tube never received cannot be stored.
    Result<Specimen> fresh = m_lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("tech1"));
    r.wells[0].text = fresh.value().accession;
    const Result<RackService::Outcome> again =
        m_lab->racks().store(r, QStringLiteral("Freezer 2"), QStringLiteral("tech1"));
    QVERIFY(again.ok());
    QCOMPARE(again.value().wells.at(0).outcome, QStringLiteral("not-received"));
    QVERIFY(!again.value().wells.at(0).recorded);
}

void TestRackService::storeNeedsALocation()
{
    const qint64 before = testlab::journalCount(*m_lab);
    const Result<RackService::Outcome> o =
        m_lab->racks().store(reading(), QStringLiteral("  "), QStringLiteral("tech1"));
    QVERIFY(!o.ok());
    QVERIFY2(o.error().contains(QLatin1String("where")), qPrintable(o.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestRackService::failurePartWayRecordsNothing()
{
    // The projection of the second tube's receipt fails: the first must not stay recorded.
    QSqlQuery q(m_lab->database().connection());
    QVERIFY2(
        q.exec(
            QStringLiteral(
                "CREATE TEMP TRIGGER fail_second BEFORE UPDATE ON main.specimens WHEN NEW.accession = '%1' "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
                .arg(m_known.at(1))),
        qPrintable(q.lastError().text()));
    const qint64 before = testlab::journalCount(*m_lab);
    const Result<RackService::Outcome> o = m_lab->racks().receive(reading(), QStringLiteral("tech1"));
    QVERIFY(!o.ok());
    QVERIFY2(o.error().contains(QLatin1String("injected failure")), qPrintable(o.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(m_lab->specimens().find(m_known.at(0), false).value()->status, QStringLiteral("accessioned"));
}

void TestRackService::rackWithNothingRecordableWritesNothing()
{
    RackReading r = reading();
    for (WellReading &w : r.wells)
        if (w.state == State::Decoded)
            w.state = State::Empty;
    const qint64 before = testlab::journalCount(*m_lab);
    const Result<RackService::Outcome> o = m_lab->racks().receive(r, QStringLiteral("tech1"));
    QVERIFY2(o.ok(), qPrintable(o.error()));
    QCOMPARE(o.value().recorded, 0);
    QCOMPARE(o.value().wells.size(), 8);
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestRackService::rackImageToReceiptsEndToEnd()
{
    synthetic::RackSpec spec;
    spec.rows = 2;
    spec.cols = 4;
    spec.size = QSize(900, 500);
    for (int i = 0; i < 8; ++i)
        spec.wells.append({i < 3 ? synthetic::Well::Content::Tube : synthetic::Well::Content::Empty,
                           i < 3 ? m_known.at(i) : QString()});
    const QImage image = synthetic::rotated(synthetic::rack(spec), 180);
    const Result<RackReading> r = RackDecoder().read(image, {2, 4});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    const Result<RackService::Outcome> o = m_lab->racks().receive(r.value(), QStringLiteral("tech1"));
    QVERIFY2(o.ok(), qPrintable(o.error()));
    QCOMPARE(o.value().recorded, 3);
    QCOMPARE(o.value().wells.at(0).code, m_known.at(0));
    QCOMPARE(o.value().wells.at(7).outcome, QStringLiteral("empty"));
}

void TestRackService::demoRackShowsTheWaitingTubes()
{
    QCOMPARE(
        m_lab->scanner().process(m_known.at(0), ScanProcessor::Action::Receive, QStringLiteral("tech1")).type,
        ScanOutcome::Type::Received);
    const Result<QImage> picture = DemoRack::picture(m_lab->database().connection(), {2, 4});
    QVERIFY2(picture.ok(), qPrintable(picture.error()));
    const Result<RackReading> r = RackDecoder().read(picture.value(), {2, 4});
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QStringList decoded;
    for (const WellReading &w : r.value().wells)
        if (w.state == State::Decoded)
            decoded << w.text;
    // The three tubes still waiting (not the received one), and one tube from elsewhere.
    QCOMPARE(decoded.size(), 4);
    for (const QString &waiting : {m_known.at(1), m_known.at(2), m_duplicated})
        QVERIFY2(decoded.contains(waiting), qPrintable(decoded.join(QLatin1Char(' '))));
    QVERIFY(!decoded.contains(m_known.at(0)));
    QCOMPARE(r.value().count(State::Empty), 4);
    QCOMPARE(r.value().wells.at(4).text, AccessionNumber::compose(QStringLiteral("EXT"), 26, 4711));
    const Result<RackService::Outcome> o = m_lab->racks().receive(r.value(), QStringLiteral("tech1"));
    QVERIFY2(o.ok(), qPrintable(o.error()));
    QCOMPARE(o.value().recorded, 3);
}

QTEST_GUILESS_MAIN(TestRackService)
#include "tst_rackservice.moc"
