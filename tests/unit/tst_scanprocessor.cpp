// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"
#include "labhelpers.h"
#include "scan/keycapture.h"
#include "scan/scanprocessor.h"
#include "scan/scanreplayer.h"
#include "testdatabase.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace benchside;
using Type = ScanOutcome::Type;

Q_DECLARE_METATYPE(benchside::ScanOutcome::Type)

namespace {
const QString Tech = QStringLiteral("j.kowalski");
constexpr qint64 Hour = 3'600'000;

// The specimens a receiving bench meets in one morning, set up three hours ago.
struct Bench
{
    QStringList fresh; // accessioned, on their way
    QString receivedEarlier;
    QString rejected;
    QString disposed;
    QString inTransit; // sent to another site: received again when it arrives
};

Result<Bench> setUpBench(Lab &lab)
{
    using R = Result<Bench>;
    const qint64 past = QDateTime::currentMSecsSinceEpoch() - 3 * Hour;
    EventStore earlier(lab.database().connection(), lab.station(), HybridClock([past] { return past; }));
    SpecimenRepository specimens(lab.database().connection());
    Accessioner accessioner(earlier, specimens, lab.catalog());
    CustodyService custody(earlier, specimens);

    Result<QList<EventDraft>> catalog = CatalogImporter::drafts(testlab::demoCatalogJson());
    if (!catalog)
        return R::failure(catalog.error());
    if (Result<QList<Event>> w = earlier.write(QStringLiteral("admin"), [&]() { return catalog; }); !w)
        return R::failure(w.error());

    QStringList numbers;
    for (int i = 0; i < 10; ++i) {
        AccessionRequest r = testlab::serumRequest();
        r.collectedAtMs = past - Hour;
        Result<Specimen> s = accessioner.accession(r, QStringLiteral("p.nair"));
        if (!s)
            return R::failure(s.error());
        numbers << s.value().accession;
    }
    Bench b;
    b.fresh = numbers.mid(0, 6);
    b.receivedEarlier = numbers.at(6);
    b.rejected = numbers.at(7);
    b.disposed = numbers.at(8);
    b.inTransit = numbers.at(9);
    using K = CustodyKind;
    const QList<std::pair<QString, CustodyRules::Step>> steps{
        {b.receivedEarlier, {K::Received, {}, {}, {}, 0, {}}},
        {b.rejected, {K::Rejected, {}, QStringLiteral("leaking"), {}, 0, {}}},
        {b.disposed, {K::Received, {}, {}, {}, 0, {}}},
        {b.disposed, {K::Disposed, {}, {}, {}, 0, {}}},
        {b.inTransit, {K::Received, {}, {}, {}, 0, {}}},
        {b.inTransit,
         {K::InTransit, QStringLiteral("Transit / Courier to Reference Laboratory"), {}, {}, 0, {}}},
    };
    for (const auto &[accession, step] : steps) {
        if (Result<CustodyService::Recorded> r = custody.record(accession, step, QStringLiteral("p.nair"));
            !r)
            return R::failure(r.error());
    }
    return b;
}

QString withBadCheck(const QString &code)
{
    QString bad = code;
    bad.back() = code.back() == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
    return bad;
}

// What a scanner set to a French AZERTY layout types for digits on a US workstation.
QString azerty(const QString &code)
{
    static const QString digits = QStringLiteral("\u00e0&\u00e9\"'(-\u00e8_\u00e7");
    QString out;
    for (QChar c : code)
        out += c.isDigit() ? digits.at(c.digitValue()) : c;
    return out;
}

} // namespace

class TestScanProcessor : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void receivedIsRecordedWithActorStationAndLocation();
    void secondScanWithinTheWindowIsADuplicate_data();
    void secondScanWithinTheWindowIsADuplicate();
    void warnings_data();
    void warnings();
    void tubeFromTransitIsReceivedAgain();
    void scannerSuffixRemnantsAreTrimmed();
    void lookupFindsWithoutRecording();
    void replayedCaptureGivesTheSameOutcomes();

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    Bench m_bench;
};

void TestScanProcessor::init()
{
    m_db = std::make_unique<TestDatabase>(QStringLiteral("SCN"));
    m_lab = m_db->open();
    Result<Bench> bench = setUpBench(*m_lab);
    QVERIFY2(bench.ok(), qPrintable(bench.error()));
    m_bench = bench.value();
}

void TestScanProcessor::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

void TestScanProcessor::receivedIsRecordedWithActorStationAndLocation()
{
    const QString code = m_bench.fresh.first();
    const qint64 before = testlab::journalCount(*m_lab);
    const qint64 start = QDateTime::currentMSecsSinceEpoch();
    const ScanOutcome o = m_lab->scanner().process(code, ScanProcessor::Action::Receive, Tech);
    QCOMPARE(o.type, Type::Received);
    QVERIFY(o.isConfirmation());
    QCOMPARE(o.name(), QStringLiteral("received"));
    QCOMPARE(o.code, code);
    QVERIFY(o.specimen);
    QCOMPARE(o.specimen->status, QStringLiteral("received"));
    QVERIFY2(o.message.contains(QLatin1String("Doe, Jane")) && o.message.contains(QLatin1String("GLU")),
             qPrintable(o.message));
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);

    QSqlQuery q(m_lab->database().connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT kind, subject, actor, station_id, payload, hlc FROM journal ORDER BY "
                              "station_seq DESC LIMIT 1")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("custody.received"));
    QCOMPARE(q.value(1).toString(), code);
    QCOMPARE(q.value(2).toString(), Tech);
    QCOMPARE(q.value(3).toString(), QStringLiteral("SCN"));
    QCOMPARE(
        QJsonDocument::fromJson(q.value(4).toString().toUtf8()).object().value(QLatin1String("location")),
        QJsonValue(QStringLiteral("Main Lab / Receiving")));
    const qint64 at = HybridClock::toMs(q.value(5).toLongLong());
    QVERIFY(at >= start);

    Result<std::optional<Specimen>> s = m_lab->specimens().find(code);
    QCOMPARE(s.value()->status, QStringLiteral("received"));
    QCOMPARE(s.value()->receivedStation, QStringLiteral("SCN"));
    QCOMPARE(s.value()->receivedAtMs, at);
    QCOMPARE(o.specimen->receivedAtMs, at);
    QCOMPARE(s.value()->location, QStringLiteral("Main Lab / Receiving"));

    const Result<QList<CustodyEntry>> timeline = m_lab->specimens().custody(code);
    QCOMPARE(timeline.value().first().kind, QStringLiteral("custody.received"));
    QCOMPARE(timeline.value().first().actor, Tech);
    QCOMPARE(timeline.value().first().station, QStringLiteral("SCN"));
    QCOMPARE(timeline.value().first().location, QStringLiteral("Main Lab / Receiving"));
    QCOMPARE(timeline.value().first().atMs, at);
}

void TestScanProcessor::secondScanWithinTheWindowIsADuplicate_data()
{
    QTest::addColumn<qint64>("window");
    QTest::addColumn<qint64>("after"); // ms from the receipt to the second scan
    QTest::addColumn<Type>("expected");

    QTest::newRow("at once") << qint64(10'000) << qint64(0) << Type::Duplicate;
    QTest::newRow("a second later") << qint64(10'000) << qint64(1'000) << Type::Duplicate;
    QTest::newRow("just inside") << qint64(10'000) << qint64(9'999) << Type::Duplicate;
    QTest::newRow("window over") << qint64(10'000) << qint64(10'000) << Type::AlreadyReceived;
    QTest::newRow("a minute later") << qint64(10'000) << qint64(60'000) << Type::AlreadyReceived;
    QTest::newRow("longer window") << qint64(120'000) << qint64(60'000) << Type::Duplicate;
    QTest::newRow("no window") << qint64(0) << qint64(0) << Type::AlreadyReceived;
}

void TestScanProcessor::secondScanWithinTheWindowIsADuplicate()
{
    QFETCH(qint64, window);
    QFETCH(qint64, after);
    QFETCH(Type, expected);

    ScanProcessor &scanner = m_lab->scanner();
    scanner.setDuplicateWindowMs(window);
    const QString code = m_bench.fresh.at(1);
    const ScanOutcome first = scanner.process(code, ScanProcessor::Action::Receive, Tech);
    QCOMPARE(first.type, Type::Received);
    const qint64 receivedAt = first.specimen->receivedAtMs;

    const QStringList journal = testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal"));
    scanner.setClock([=] { return receivedAt + after; });
    const ScanOutcome second = scanner.process(code, ScanProcessor::Action::Receive, Tech);
    QCOMPARE(second.type, expected);
    QVERIFY(!second.isConfirmation());
    QVERIFY(!second.message.isEmpty());
    QVERIFY2(second.message.contains(code), qPrintable(second.message));
    QCOMPARE(testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal")), journal);
}

void TestScanProcessor::warnings_data()
{
    QTest::addColumn<QString>("which");
    QTest::addColumn<Type>("expected");
    QTest::addColumn<QString>("name");

    QTest::newRow("unknown tube") << "unknown" << Type::Unknown << "unknown";
    QTest::newRow("check character fails") << "bad-check" << Type::BadCheckCharacter << "bad-check-character";
    QTest::newRow("digit misread") << "misread" << Type::BadCheckCharacter << "bad-check-character";
    QTest::newRow("keyboard layout (AZERTY digits)") << "azerty" << Type::BadCharacters << "bad-characters";
    QTest::newRow("Caps Lock (lower case)") << "lower" << Type::BadCharacters << "bad-characters";
    QTest::newRow("German layout (# for \\)") << "hash" << Type::BadCharacters << "bad-characters";
    QTest::newRow("nothing") << "empty" << Type::BadCharacters << "bad-characters";
    QTest::newRow("rejected at the desk") << "rejected" << Type::Rejected << "rejected";
    QTest::newRow("disposed of") << "disposed" << Type::Disposed << "disposed";
    QTest::newRow("received hours ago") << "earlier" << Type::AlreadyReceived << "already-received";
}

void TestScanProcessor::warnings()
{
    QFETCH(QString, which);
    QFETCH(Type, expected);
    QFETCH(QString, name);

    const QString fresh = m_bench.fresh.at(2);
    QString misread = fresh;
    misread[4] = misread[4] == QLatin1Char('7') ? QLatin1Char('1') : QLatin1Char('7');
    const QHash<QString, QString> codes{
        {QStringLiteral("unknown"), AccessionNumber::compose(QStringLiteral("SCN"), 2026, 999'999)},
        {QStringLiteral("bad-check"), withBadCheck(fresh)},
        {QStringLiteral("misread"), misread},
        {QStringLiteral("azerty"), azerty(fresh)},
        {QStringLiteral("lower"), fresh.toLower()},
        {QStringLiteral("hash"), QString(fresh).replace(3, 1, QLatin1Char('#'))},
        {QStringLiteral("empty"), QString()},
        {QStringLiteral("rejected"), m_bench.rejected},
        {QStringLiteral("disposed"), m_bench.disposed},
        {QStringLiteral("earlier"), m_bench.receivedEarlier},
    };
    const QString code = codes.value(which);
    const QSqlDatabase db = m_lab->database().connection();
    QHash<QString, QStringList> before;
    for (const QString &table : Projector::tables() + QStringList{QStringLiteral("journal")})
        before.insert(table, testlab::tableRows(db, table));

    const ScanOutcome o = m_lab->scanner().process(code, ScanProcessor::Action::Receive, Tech);
    QCOMPARE(o.type, expected);
    QCOMPARE(o.name(), name);
    QVERIFY(!o.isConfirmation());
    QCOMPARE(o.isMalformed(), expected == Type::BadCheckCharacter || expected == Type::BadCharacters);
    QVERIFY(!o.message.isEmpty());
    if (which == QLatin1String("azerty"))
        QVERIFY2(o.message.contains(QLatin1String("keyboard layout")), qPrintable(o.message));
    // A malformed code must never find a tube; a well-formed one is named in the warning.
    QCOMPARE(o.specimen.has_value(),
             expected == Type::Rejected || expected == Type::Disposed || expected == Type::AlreadyReceived);
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QVERIFY2(testlab::tableRows(db, it.key()) == it.value(), qPrintable(it.key()));
}

void TestScanProcessor::tubeFromTransitIsReceivedAgain()
{
    const ScanOutcome o = m_lab->scanner().process(m_bench.inTransit, ScanProcessor::Action::Receive, Tech);
    QCOMPARE(o.type, Type::Received);
    QCOMPARE(
        testlab::scalar(m_lab->database().connection(),
                        QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'custody.received' AND "
                                       "subject = '%1'")
                            .arg(m_bench.inTransit)),
        qint64(2));
    QCOMPARE(m_lab->specimens().find(m_bench.inTransit).value()->status, QStringLiteral("received"));
}

void TestScanProcessor::scannerSuffixRemnantsAreTrimmed()
{
    const QString code = m_bench.fresh.at(3);
    const ScanOutcome o =
        m_lab->scanner().process(code + QStringLiteral("\r\n"), ScanProcessor::Action::Receive, Tech);
    QCOMPARE(o.type, Type::Received);
    QCOMPARE(o.code, code);
}

void TestScanProcessor::lookupFindsWithoutRecording()
{
    const QStringList journal = testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal"));
    const ScanOutcome found =
        m_lab->scanner().process(m_bench.fresh.at(4), ScanProcessor::Action::Lookup, Tech);
    QCOMPARE(found.type, Type::Found);
    QVERIFY(found.isConfirmation());
    QCOMPARE(found.specimen->accession, m_bench.fresh.at(4));
    QCOMPARE(found.specimen->status, QStringLiteral("accessioned"));
    QCOMPARE(m_lab->scanner().process(m_bench.disposed, ScanProcessor::Action::Lookup, Tech).type,
             Type::Found);
    QCOMPARE(m_lab->scanner()
                 .process(AccessionNumber::compose(QStringLiteral("SCN"), 2026, 999'999),
                          ScanProcessor::Action::Lookup, Tech)
                 .type,
             Type::Unknown);
    QCOMPARE(
        m_lab->scanner().process(withBadCheck(m_bench.fresh.at(4)), ScanProcessor::Action::Lookup, Tech).type,
        Type::BadCheckCharacter);
    QCOMPARE(testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal")), journal);
}

void TestScanProcessor::replayedCaptureGivesTheSameOutcomes()
{
    // The same morning on a second, identical station: one scans through the processor directly,
    // the other replays what the scanner typed through the WedgeDetector.
    TestDatabase otherDb(QStringLiteral("SCN"));
    std::unique_ptr<Lab> other = otherDb.open();
    Result<Bench> otherBench = setUpBench(*other);
    QVERIFY2(otherBench.ok(), qPrintable(otherBench.error()));
    QCOMPARE(otherBench.value().fresh, m_bench.fresh);

    const QString unknown = AccessionNumber::compose(QStringLiteral("SCN"), 2026, 999'999);
    const QList<std::pair<QString, Type>> morning{
        {m_bench.fresh.at(0), Type::Received},
        {m_bench.fresh.at(0), Type::Duplicate},
        {m_bench.fresh.at(1), Type::Received},
        {unknown, Type::Unknown},
        {withBadCheck(m_bench.fresh.at(2)), Type::BadCheckCharacter},
        {azerty(m_bench.fresh.at(2)), Type::BadCharacters},
        {m_bench.fresh.at(2), Type::Received},
        {m_bench.rejected, Type::Rejected},
        {m_bench.disposed, Type::Disposed},
        {m_bench.receivedEarlier, Type::AlreadyReceived},
        {m_bench.inTransit, Type::Received},
    };

    QByteArray capture = "# a receiving bench, scanner at 8 ms per key\n";
    double t = 0;
    for (const auto &[code, type] : morning) {
        testlab::appendScan(capture, t, code, 450);
        if (code == unknown) {
            // Someone types a note by hand between scans: slow keys are not a scan.
            for (const char *k : {"o", "k", "Space", "2"}) {
                capture += QByteArray::number(t, 'f', 1) + ' ' + k + '\n';
                t += 180;
            }
            capture += QByteArray::number(t, 'f', 1) + " Enter\n";
            t += 400;
        }
    }
    // A scan cut short: the burst ends without its Enter.
    const QString cut = m_bench.fresh.at(5).left(8);
    for (QChar c : cut) {
        capture += QByteArray::number(t, 'f', 1) + ' ' + QString(c).toUtf8() + '\n';
        t += 8;
    }

    const Result<QList<CapturedKey>> keys = KeyCapture::parse(capture);
    QVERIFY2(keys.ok(), qPrintable(keys.error()));

    QList<ScanOutcome> replayed;
    ScanReplayer replayer(other->scanner(), WedgeSettings{}, ScanProcessor::Action::Receive, Tech);
    replayer.run(keys.value(), false, [&](const ScanReplayer::Scan &s) {
        replayed << s.outcome;
        QVERIFY(s.commitMs >= 0);
    });

    QList<ScanOutcome> direct;
    for (const auto &[code, type] : morning)
        direct << m_lab->scanner().process(code, ScanProcessor::Action::Receive, Tech);

    QCOMPARE(replayed.size(), morning.size() + 1);
    for (qsizetype i = 0; i < morning.size(); ++i) {
        const QString row = QStringLiteral("scan %1 (%2)").arg(i).arg(morning.at(i).first);
        QVERIFY2(direct.at(i).type == morning.at(i).second,
                 qPrintable(row + QLatin1Char(' ') + direct.at(i).name()));
        QVERIFY2(replayed.at(i).type == morning.at(i).second,
                 qPrintable(row + QLatin1Char(' ') + replayed.at(i).name()));
        QCOMPARE(replayed.at(i).code, direct.at(i).code);
        QCOMPARE(replayed.at(i).message.isEmpty(), direct.at(i).message.isEmpty());
    }
    QCOMPARE(replayed.last().type, Type::Incomplete);
    QCOMPARE(replayed.last().code, cut);

    // Both stations end up in the same state (wall-clock columns aside).
    const QStringList times{QStringLiteral("collected_at"), QStringLiteral("accessioned_at"),
                            QStringLiteral("received_at"),  QStringLiteral("last_event_at"),
                            QStringLiteral("ordered_at"),   QStringLiteral("at"),
                            QStringLiteral("hlc"),          QStringLiteral("event_id")};
    for (const QString &table : {QStringLiteral("specimens"), QStringLiteral("test_orders")})
        QVERIFY2(testlab::tableRows(m_lab->database().connection(), table, times) ==
                     testlab::tableRows(other->database().connection(), table, times),
                 qPrintable(table));
    // And every tube's custody trail tells the same steps.
    const auto trails = [](Lab &lab) {
        QStringList steps;
        QSqlQuery q(lab.database().connection());
        if (!q.exec(QStringLiteral("SELECT accession FROM specimens ORDER BY accession")))
            return QStringList{QStringLiteral("cannot list the specimens")};
        while (q.next()) {
            const QString accession = q.value(0).toString();
            const Result<QList<CustodyEntry>> trail = lab.specimens().custody(accession);
            if (!trail)
                return QStringList{trail.error()};
            for (const CustodyEntry &e : trail.value())
                steps << QStringList{accession, e.kind, e.actor, e.location, e.reason, e.detail}.join(u'|');
        }
        return steps;
    };
    const QStringList here = trails(*m_lab);
    QVERIFY(here.size() > 10);
    QCOMPARE(trails(*other), here);
    QCOMPARE(testlab::journalCount(*other), testlab::journalCount(*m_lab));
}

QTEST_GUILESS_MAIN(TestScanProcessor)
#include "tst_scanprocessor.moc"
