// SPDX-License-Identifier: GPL-3.0-or-later
#include "journal/chainverifier.h"
#include "journal/event.h"
#include "journal/eventstore.h"
#include "journal/hybridclock.h"
#include "journal/uuid7.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>

using namespace benchside;
using Problem = ChainVerifier::Problem;

Q_DECLARE_METATYPE(benchside::ChainVerifier::Problem)

namespace {
constexpr int EventCount = 6;

Event eventAt(const QSqlDatabase &db, qint64 seq)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT %1 FROM journal WHERE station_seq = ?").arg(QLatin1String(Event::Columns)));
    q.addBindValue(seq);
    if (!q.exec() || !q.next())
        qFatal("no journal entry %lld", seq);
    return Event::fromRow(q);
}

QString randomHash()
{
    return QString::fromLatin1((QUuid::createUuid().toRfc4122() + QUuid::createUuid().toRfc4122()).toHex());
}
} // namespace

class TestJournal : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void appendedEventsFormAnIntactChain();
    void tampering_data();
    void tampering();
    void swappedRowsAreDetectedAtTheFirst();
    void forgedRowWithWrongLinkIsInserted();
    void forgedRowLinkedToAnOlderEntryIsReordered();
    void forgedRowAppendedBehindTheStoresBackIsDetected();
    void rehashedEntryIsStillDetected();
    void updateAndDeleteAreRefused_data();
    void updateAndDeleteAreRefused();
    void hashCoversEveryField_data();
    void hashCoversEveryField();
    void fieldBoundariesAreUnambiguous();
    void canonicalBytesAreThoseOfQJsonDocument();
    void failedDecisionWritesNothing();
    void hlcIncreasesWhenTheWallClockGoesBack();
    void hybridClockMovesPastWhatItHasSeen();
    void uuid7Layout();
    void uuid7IsTimeOrdered();
    void journalIdsAreUuid7OfTheirTime();

private:
    Status tamper(const QString &sql);
    Event forgedEntry(const QString &prevHash) const;
    bool insertEntry(const Event &e);
    ChainVerifier::Report verify();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    QList<Event> m_events;
};

void TestJournal::init()
{
    m_db = std::make_unique<TestDatabase>(QStringLiteral("JRN"));
    m_lab = m_db->open();
    m_events.clear();
    const QStringList actors{QStringLiteral("p.nair"), QStringLiteral("j.kowalski")};
    for (int i = 1; i <= EventCount; ++i) {
        Result<Event> e = m_lab->store().writeOne(
            actors.at(i % 2),
            EventDraft{QStringLiteral("test.noted"), QStringLiteral("S%1").arg(i % 3),
                       QJsonObject{{QStringLiteral("n"), i},
                                   {QStringLiteral("text"), QStringLiteral("entry %1").arg(i)}}});
        QVERIFY2(e.ok(), qPrintable(e.error()));
        m_events << e.value();
    }
    QCOMPARE(testlab::journalCount(*m_lab), qint64(EventCount));
}

void TestJournal::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

// Tampering goes through a connection of its own, as someone with the file and sqlite3 would.
Status TestJournal::tamper(const QString &sql)
{
    Result<std::unique_ptr<Database>> raw = Database::open(m_db->path());
    if (!raw)
        return Status::failure(raw.error());
    return raw.value()->executeScript(
        QStringLiteral("DROP TRIGGER IF EXISTS journal_is_append_only_update;"
                       "DROP TRIGGER IF EXISTS journal_is_append_only_delete;") +
        sql);
}

// A self-consistent entry after the newest one, as a forger who knows the hash function would write it.
Event TestJournal::forgedEntry(const QString &prevHash) const
{
    Event forged;
    forged.id = makeUuid7(m_events.last().atMs() + 1);
    forged.stationId = QStringLiteral("JRN");
    forged.stationSeq = EventCount + 1;
    forged.hlc = m_events.last().hlc + 1;
    forged.actor = QStringLiteral("admin");
    forged.kind = QStringLiteral("test.noted");
    forged.subject = QStringLiteral("S1");
    forged.payload = QStringLiteral("{\"n\":7}");
    forged.prevHash = prevHash;
    forged.hash = forged.computeHash();
    return forged;
}

bool TestJournal::insertEntry(const Event &e)
{
    QSqlQuery insert(m_lab->database().connection());
    insert.prepare(QStringLiteral("INSERT INTO journal (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                       .arg(QLatin1String(Event::Columns)));
    for (const QVariant &v :
         {QVariant(e.id), QVariant(e.stationId), QVariant(e.stationSeq), QVariant(e.hlc), QVariant(e.actor),
          QVariant(e.kind), QVariant(e.subject), QVariant(e.payload), QVariant(e.prevHash), QVariant(e.hash)})
        insert.addBindValue(v);
    if (!insert.exec())
        qWarning("insert failed: %s", qPrintable(insert.lastError().text()));
    return insert.isActive();
}

ChainVerifier::Report TestJournal::verify()
{
    Result<ChainVerifier::Report> r = ChainVerifier(m_lab->database().connection()).verify();
    if (!r)
        qFatal("verify failed to run: %s", qPrintable(r.error()));
    return r.value();
}

void TestJournal::appendedEventsFormAnIntactChain()
{
    const ChainVerifier::Report report = verify();
    QVERIFY2(report.intact(), report.finding ? qPrintable(report.finding->message) : "");
    QCOMPARE(report.entries, qint64(EventCount));
    QCOMPARE(report.stations, 1);

    QString prev = Event::genesisHash();
    qint64 lastHlc = 0;
    for (int i = 0; i < EventCount; ++i) {
        const Event stored = eventAt(m_lab->database().connection(), i + 1);
        const Event &returned = m_events.at(i);
        QCOMPARE(stored.id, returned.id);
        QCOMPARE(stored.hash, returned.hash);
        QCOMPARE(stored.stationId, QStringLiteral("JRN"));
        QCOMPARE(stored.stationSeq, qint64(i + 1));
        QCOMPARE(stored.prevHash, prev);
        QCOMPARE(stored.computeHash(), stored.hash);
        QCOMPARE(stored.hash.size(), 64);
        QVERIFY(stored.hlc > lastHlc);
        QCOMPARE(stored.payloadObject().value(QLatin1String("n")).toInt(), i + 1);
        prev = stored.hash;
        lastHlc = stored.hlc;
    }
    QCOMPARE(testlab::scalar(m_lab->database().connection(),
                             QStringLiteral("SELECT last_seq FROM chain_heads WHERE station_id = 'JRN'")),
             qint64(EventCount));
}

void TestJournal::tampering_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<qint64>("seq");

    QTest::newRow("payload altered")
        << "UPDATE journal SET payload = '{\"n\":99,\"text\":\"entry 3\"}' WHERE "
           "station_seq = 3;"
        << Problem::Altered << qint64(3);
    QTest::newRow("payload of the first entry altered")
        << "UPDATE journal SET payload = replace(payload, 'entry', 'Entry') WHERE station_seq = 1;"
        << Problem::Altered << qint64(1);
    QTest::newRow("payload of the newest entry altered")
        << "UPDATE journal SET payload = '{}' WHERE station_seq = 6;" << Problem::Altered << qint64(6);
    QTest::newRow("actor altered") << "UPDATE journal SET actor = 'admin' WHERE station_seq = 2;"
                                   << Problem::Altered << qint64(2);
    QTest::newRow("kind altered") << "UPDATE journal SET kind = 'test.erased' WHERE station_seq = 4;"
                                  << Problem::Altered << qint64(4);
    QTest::newRow("subject altered") << "UPDATE journal SET subject = 'S9' WHERE station_seq = 5;"
                                     << Problem::Altered << qint64(5);
    QTest::newRow("hlc altered (back-dated)")
        << "UPDATE journal SET hlc = hlc - 65536 WHERE station_seq = 4;" << Problem::Altered << qint64(4);
    QTest::newRow("id altered") << "UPDATE journal SET id = '01800000-0000-7000-8000-000000000000' WHERE "
                                   "station_seq = 2;"
                                << Problem::Altered << qint64(2);
    QTest::newRow("middle row deleted")
        << "DELETE FROM journal WHERE station_seq = 3;" << Problem::Removed << qint64(3);
    QTest::newRow("first row deleted")
        << "DELETE FROM journal WHERE station_seq = 1;" << Problem::Removed << qint64(1);
    QTest::newRow("newest row deleted (truncation)")
        << "DELETE FROM journal WHERE station_seq = 6;" << Problem::Removed << qint64(6);
    QTest::newRow("newest two rows deleted")
        << "DELETE FROM journal WHERE station_seq >= 5;" << Problem::Removed << qint64(5);
    QTest::newRow("every row deleted") << "DELETE FROM journal;" << Problem::Removed << qint64(1);
    QTest::newRow("chain head rewritten")
        << "UPDATE chain_heads SET last_hash = '" + randomHash() + "';" << Problem::Altered << qint64(6);
}

void TestJournal::tampering()
{
    QFETCH(QString, sql);
    QFETCH(Problem, problem);
    QFETCH(qint64, seq);

    QVERIFY(verify().intact());
    const Status done = tamper(sql);
    QVERIFY2(done.ok(), qPrintable(done.error()));

    const ChainVerifier::Report report = verify();
    QVERIFY(!report.intact());
    QVERIFY2(report.finding->problem == problem,
             qPrintable(ChainVerifier::problemName(report.finding->problem) + QStringLiteral(": ") +
                        report.finding->message));
    QCOMPARE(report.finding->stationSeq, seq);
    QCOMPARE(report.finding->stationId, QStringLiteral("JRN"));
    QVERIFY(!report.finding->message.isEmpty());
    QVERIFY2(report.finding->message.contains(QString::number(seq)), qPrintable(report.finding->message));
}

void TestJournal::swappedRowsAreDetectedAtTheFirst()
{
    // station_seq is UNIQUE per station, so the swap goes through a spare value.
    QVERIFY(tamper(QStringLiteral("UPDATE journal SET station_seq = 1000 WHERE station_seq = 2;"
                                  "UPDATE journal SET station_seq = 2 WHERE station_seq = 4;"
                                  "UPDATE journal SET station_seq = 4 WHERE station_seq = 1000;"))
                .ok());
    QCOMPARE(eventAt(m_lab->database().connection(), 2).id, m_events.at(3).id);

    const ChainVerifier::Report report = verify();
    QVERIFY(!report.intact());
    QCOMPARE(report.finding->stationSeq, qint64(2));
    QVERIFY2(report.finding->problem == Problem::Altered || report.finding->problem == Problem::Reordered,
             qPrintable(report.finding->message));
}

void TestJournal::forgedRowWithWrongLinkIsInserted()
{
    // A forger who knows the hash function writes a self-consistent entry, but cannot link it.
    const Event forged = forgedEntry(randomHash());
    QVERIFY(insertEntry(forged));

    const ChainVerifier::Report report = verify();
    QVERIFY(!report.intact());
    QCOMPARE(report.finding->problem, Problem::Inserted);
    QCOMPARE(report.finding->stationSeq, qint64(EventCount + 1));
    QCOMPARE(report.finding->eventId, forged.id);
}

void TestJournal::forgedRowLinkedToAnOlderEntryIsReordered()
{
    Event forged = m_events.at(2); // a copy of entry 3, replayed at the end with a fresh id
    forged.id = makeUuid7(m_events.last().atMs() + 1);
    forged.stationSeq = EventCount + 1;
    forged.hlc = m_events.last().hlc + 1;
    forged.hash = forged.computeHash(); // prev_hash still points at entry 2
    QVERIFY(insertEntry(forged));       // inserts are allowed: the triggers stay in place

    const ChainVerifier::Report report = verify();
    QVERIFY(!report.intact());
    QCOMPARE(report.finding->problem, Problem::Reordered);
    QCOMPARE(report.finding->stationSeq, qint64(EventCount + 1));
    QVERIFY2(report.finding->message.contains(QLatin1String("after entry 2")),
             qPrintable(report.finding->message));
}

void TestJournal::forgedRowAppendedBehindTheStoresBackIsDetected()
{
    // A correctly linked entry appended with a plain INSERT, without going through the EventStore:
    // the chain itself is consistent, but chain_heads (written in the same transaction as every
    // genuine entry) still names entry 6 as the newest, so entry 7 did not come from this station.
    const Event forged = forgedEntry(m_events.last().hash);
    QVERIFY(insertEntry(forged));

    const ChainVerifier::Report report = verify();
    QVERIFY2(!report.intact(), "an entry appended past the recorded chain head was not reported");
    QCOMPARE(report.finding->problem, Problem::Inserted);
    QCOMPARE(report.finding->stationSeq, qint64(EventCount + 1));
}

void TestJournal::rehashedEntryIsStillDetected()
{
    // Altering an entry and recomputing its hash breaks the link of the entry after it.
    Event altered = m_events.at(2);
    altered.payload = QStringLiteral("{\"n\":333,\"text\":\"entry 3\"}");
    altered.hash = altered.computeHash();
    QVERIFY(tamper(QStringLiteral("UPDATE journal SET payload = '%1', hash = '%2' WHERE station_seq = 3;")
                       .arg(altered.payload, altered.hash))
                .ok());
    ChainVerifier::Report report = verify();
    QVERIFY(!report.intact());
    QCOMPARE(report.finding->stationSeq, qint64(4));

    // The same on the newest entry: only the chain head can tell.
    Event newest = m_events.last();
    newest.actor = QStringLiteral("admin");
    newest.hash = newest.computeHash();
    QVERIFY(tamper(QStringLiteral("UPDATE journal SET payload = '%1', hash = '%2' WHERE station_seq = 3;"
                                  "UPDATE journal SET actor = 'admin', hash = '%3' WHERE station_seq = 6;")
                       .arg(m_events.at(2).payload, m_events.at(2).hash, newest.hash))
                .ok());
    report = verify();
    QVERIFY(!report.intact());
    QCOMPARE(report.finding->problem, Problem::Altered);
    QCOMPARE(report.finding->stationSeq, qint64(6));
}

void TestJournal::updateAndDeleteAreRefused_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("why");

    QTest::newRow("update payload") << "UPDATE journal SET payload = '{}' WHERE station_seq = 2"
                                    << "cannot be changed";
    QTest::newRow("update every row") << "UPDATE journal SET actor = 'admin'"
                                      << "cannot be changed";
    QTest::newRow("delete one") << "DELETE FROM journal WHERE station_seq = 6"
                                << "cannot be deleted";
    QTest::newRow("delete all") << "DELETE FROM journal"
                                << "cannot be deleted";
    QTest::newRow("upsert over an entry")
        << "INSERT INTO journal SELECT * FROM journal WHERE station_seq = 1 ON CONFLICT DO UPDATE SET "
           "payload = '{}'"
        << "cannot be changed";
    QTest::newRow("replace an entry") << "INSERT OR REPLACE INTO journal (id, station_id, station_seq, hlc, "
                                         "actor, kind, subject, payload, prev_hash, hash) SELECT id, "
                                         "station_id, station_seq, hlc, 'admin', kind, subject, '{}', "
                                         "prev_hash, hash FROM journal WHERE station_seq = 2"
                                      << "append-only";
}

void TestJournal::updateAndDeleteAreRefused()
{
    QFETCH(QString, sql);
    QFETCH(QString, why);

    const QSqlDatabase db = m_lab->database().connection();
    const QStringList before = testlab::tableRows(db, QStringLiteral("journal"));
    QSqlQuery q(db);
    QVERIFY2(!q.exec(sql), "the journal accepted a change through the normal connection");
    QVERIFY2(q.lastError().text().contains(why), qPrintable(q.lastError().text()));
    QCOMPARE(testlab::tableRows(db, QStringLiteral("journal")), before);

    const Status script = m_lab->database().executeScript(sql + QLatin1Char(';'));
    QVERIFY(!script.ok());
    QCOMPARE(testlab::tableRows(db, QStringLiteral("journal")), before);
    QVERIFY(verify().intact());
}

void TestJournal::hashCoversEveryField_data()
{
    QTest::addColumn<QString>("field");
    for (const char *f :
         {"id", "stationId", "stationSeq", "hlc", "actor", "kind", "subject", "payload", "prevHash"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestJournal::hashCoversEveryField()
{
    QFETCH(QString, field);
    const Event original = m_events.at(3);
    QCOMPARE(original.computeHash(), original.hash);

    Event e = original;
    if (field == QLatin1String("id"))
        e.id = makeUuid7(e.atMs());
    else if (field == QLatin1String("stationId"))
        e.stationId = QStringLiteral("JRM");
    else if (field == QLatin1String("stationSeq"))
        e.stationSeq += 1;
    else if (field == QLatin1String("hlc"))
        e.hlc += 1;
    else if (field == QLatin1String("actor"))
        e.actor += QLatin1Char('x');
    else if (field == QLatin1String("kind"))
        e.kind = QStringLiteral("test.Noted");
    else if (field == QLatin1String("subject"))
        e.subject = QStringLiteral("S0");
    else if (field == QLatin1String("payload"))
        e.payload.replace(QLatin1String("\"n\":4"), QLatin1String("\"n\":5"));
    else if (field == QLatin1String("prevHash"))
        e.prevHash = Event::genesisHash();
    QVERIFY(e.canonicalBytes() != original.canonicalBytes());
    QVERIFY(e.computeHash() != original.hash);

    // The hash itself is not part of what it covers.
    Event rehashed = original;
    rehashed.hash = randomHash();
    QCOMPARE(rehashed.computeHash(), original.hash);
}

void TestJournal::fieldBoundariesAreUnambiguous()
{
    Event a = m_events.first();
    Event b = a;
    a.actor = QStringLiteral("ab");
    a.kind = QStringLiteral("c");
    b.actor = QStringLiteral("a");
    b.kind = QStringLiteral("bc");
    QVERIFY(a.computeHash() != b.computeHash());

    a.subject = QStringLiteral("x\",\"y");
    b = a;
    b.subject = QStringLiteral("x");
    b.payload = QStringLiteral("y\",") + b.payload;
    QVERIFY(a.computeHash() != b.computeHash());

    // Canonical payload JSON: keys sorted, compact; the same object always gives the same bytes.
    const QJsonObject o1{{QStringLiteral("b"), 1}, {QStringLiteral("a"), QStringLiteral("x")}};
    QJsonObject o2;
    o2.insert(QStringLiteral("a"), QStringLiteral("x"));
    o2.insert(QStringLiteral("b"), 1);
    QCOMPARE(Event::canonicalJson(o1), Event::canonicalJson(o2));
    QCOMPARE(Event::canonicalJson(o1), QStringLiteral("{\"a\":\"x\",\"b\":1}"));
}

// Every hash already in a journal was computed over QJsonDocument's bytes (and the server recomputes
// them with to_json): the hand-written serialisation must give the same bytes for any text.
void TestJournal::canonicalBytesAreThoseOfQJsonDocument()
{
    const QList<char16_t> palette{u'a',      u'Z',      u'0',      u' ',      u'"',   u'\\',  u'/',   u'\x7f',
                                  u'\u00e9', u'\u20ac', u'\u2028', u'\uffff', 0xd83d, 0xde00, 0xd800, 0xdfff};
    QRandomGenerator random(20261203);
    auto text = [&]() {
        QString s;
        const int length = random.bounded(12);
        for (int i = 0; i < length; ++i) {
            // One in four a control character, so that all 32 are met.
            const char16_t c = random.bounded(4) == 0 ? char16_t(random.bounded(0x20))
                                                      : palette.at(random.bounded(int(palette.size())));
            s += QChar(c);
        }
        return s;
    };
    for (int round = 0; round < 3000; ++round) {
        Event e;
        e.id = text();
        e.stationId = text();
        e.stationSeq = random.bounded(2) ? random.generate64() >> 1 : random.bounded(10);
        e.hlc = random.generate64() >> 1;
        e.actor = text();
        e.kind = text();
        e.subject = text();
        e.payload = text();
        e.prevHash = text();
        const QJsonArray fields{QStringLiteral("benchside-event-v1"),
                                e.id,
                                e.stationId,
                                QString::number(e.stationSeq),
                                QString::number(e.hlc),
                                e.actor,
                                e.kind,
                                e.subject,
                                e.payload,
                                e.prevHash};
        const QByteArray expected = QJsonDocument(fields).toJson(QJsonDocument::Compact);
        if (e.canonicalBytes() != expected)
            QFAIL(qPrintable(QStringLiteral("round %1: %2 instead of %3")
                                 .arg(round)
                                 .arg(QString::fromLatin1(e.canonicalBytes().toHex()),
                                      QString::fromLatin1(expected.toHex()))));
    }
    // The events init() appended still verify.
    QCOMPARE(m_events.size(), EventCount);
    for (const Event &e : std::as_const(m_events))
        QCOMPARE(e.computeHash(), e.hash);

    // A hash computed outside Qt (Python's json.dumps with ensure_ascii=False, compact, then SHA-256):
    // escapes, non-ASCII text and a control character inside the payload.
    Event fixed;
    fixed.id = QStringLiteral("0190f2c4-0000-7000-8000-000000000001");
    fixed.stationId = QStringLiteral("DEMO");
    fixed.stationSeq = 42;
    fixed.hlc = 123456789012345;
    fixed.actor = QStringLiteral("ana");
    fixed.kind = QStringLiteral("custody.received");
    fixed.subject = QStringLiteral("DEMO26-000001");
    fixed.payload =
        QStringLiteral("{\"location\":\"Main Lab / Receiving\",\"note\":\"tab\there \\\"quoted\\\" "
                       "caf\u00e9\u0001\"}");
    fixed.prevHash = Event::genesisHash();
    QCOMPARE(fixed.computeHash(),
             QStringLiteral("4743c824af341f688c55fcfb54af5d4f340028d24ea0d385dd6eb9ce5f68dd42"));
}

void TestJournal::failedDecisionWritesNothing()
{
    const QStringList before = testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal"));
    Result<QList<Event>> r =
        m_lab->store().write(QStringLiteral("p.nair"), []() -> Result<QList<EventDraft>> {
            return Result<QList<EventDraft>>::failure(QStringLiteral("no"));
        });
    QVERIFY(!r.ok());
    QCOMPARE(r.error(), QStringLiteral("no"));
    QCOMPARE(testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal")), before);

    // The next genuine write continues the chain where it was.
    Result<Event> next = m_lab->store().writeOne(QStringLiteral("p.nair"),
                                                 {QStringLiteral("test.noted"), QStringLiteral("S1"), {}});
    QVERIFY(next.ok());
    QCOMPARE(next.value().stationSeq, qint64(EventCount + 1));
    QCOMPARE(next.value().prevHash, m_events.last().hash);
    QVERIFY(verify().intact());
}

void TestJournal::hlcIncreasesWhenTheWallClockGoesBack()
{
    // The wall clock jumps back an hour, stands still, then jumps back a day (an NTP correction, a
    // wrongly set workstation): the hybrid clock must keep every entry after the one before.
    const qint64 start = m_events.last().atMs() + 1000;
    QList<qint64> readings{start,     start + 5, start - 3'600'000, start - 3'600'000, start - 86'400'000,
                           start + 10};
    QList<qint64> given;
    EventStore store(m_lab->database().connection(), m_lab->station(), HybridClock([&] {
                         const qint64 t = readings.takeFirst();
                         given << t;
                         return t;
                     }));
    qint64 lastHlc = m_events.last().hlc;
    QList<qint64> hlcs;
    for (int i = 0; i < 6; ++i) {
        Result<Event> e = store.writeOne(QStringLiteral("p.nair"),
                                         {QStringLiteral("test.noted"), QStringLiteral("S1"), {}});
        QVERIFY2(e.ok(), qPrintable(e.error()));
        QVERIFY2(e.value().hlc > lastHlc, qPrintable(QStringLiteral("entry %1").arg(i)));
        QVERIFY(e.value().atMs() >= HybridClock::toMs(lastHlc));
        lastHlc = e.value().hlc;
        hlcs << e.value().hlc;
    }
    QCOMPARE(given.size(), 6);
    QCOMPARE(HybridClock::toMs(hlcs.at(0)), start);
    QCOMPARE(HybridClock::toMs(hlcs.at(1)), start + 5);
    // While the wall clock is behind, the logical counter moves on from the last entry.
    QCOMPARE(hlcs.at(2), hlcs.at(1) + 1);
    QCOMPARE(hlcs.at(3), hlcs.at(2) + 1);
    QCOMPARE(hlcs.at(4), hlcs.at(3) + 1);
    QCOMPARE(hlcs.at(5), HybridClock::fromMs(start + 10));
    QVERIFY(verify().intact());
}

void TestJournal::hybridClockMovesPastWhatItHasSeen()
{
    qint64 wall = 1'700'000'000'000;
    HybridClock clock([&] { return wall; });
    QCOMPARE(clock.next(0), HybridClock::fromMs(wall));
    const qint64 fromTheFuture = HybridClock::fromMs(wall + 60'000) + 7;
    QCOMPARE(clock.next(fromTheFuture), fromTheFuture + 1);
    wall += 120'000;
    QCOMPARE(clock.next(fromTheFuture + 1), HybridClock::fromMs(wall));
    QCOMPARE(HybridClock::toMs(HybridClock::fromMs(wall) + 65535), wall);
}

void TestJournal::uuid7Layout()
{
    const qint64 ms = 0x0189ABCDEF01;
    static const QRegularExpression uuidForm(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    QSet<QString> seen;
    for (int i = 0; i < 500; ++i) {
        const QString id = makeUuid7(ms);
        QVERIFY2(uuidForm.match(id).hasMatch(), qPrintable(id));
        const QUuid u(id);
        QVERIFY(!u.isNull());
        QCOMPARE(u.data3 >> 12, 7);        // version 7 (Qt 6.4's QUuid::version() predates it)
        QCOMPARE(u.variant(), QUuid::DCE); // RFC 9562 variant: bits 10
        QCOMPARE(QString(id).remove(QLatin1Char('-')).left(12), QStringLiteral("0189abcdef01"));
        seen.insert(id);
    }
    QCOMPARE(seen.size(), 500); // the 74 random bits differ
}

void TestJournal::uuid7IsTimeOrdered()
{
    QStringList ids;
    for (qint64 ms : {qint64(0), qint64(1), qint64(255), qint64(256), qint64(1'700'000'000'000),
                      qint64(1'700'000'000'001), qint64(1'800'000'000'000), qint64(0xFFFFFFFFFFFF)})
        ids << makeUuid7(ms);
    QStringList sorted = ids;
    sorted.sort();
    QCOMPARE(sorted, ids);
}

void TestJournal::journalIdsAreUuid7OfTheirTime()
{
    qint64 previousMs = 0;
    for (const Event &e : std::as_const(m_events)) {
        QCOMPARE(QUuid(e.id).data3 >> 12, 7);
        bool ok = false;
        const qint64 ms = QString(e.id).remove(QLatin1Char('-')).left(12).toLongLong(&ok, 16);
        QVERIFY(ok);
        QCOMPARE(ms, e.atMs());
        QVERIFY(ms >= previousMs);
        previousMs = ms;
    }
}

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
