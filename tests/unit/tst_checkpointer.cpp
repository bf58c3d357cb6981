// SPDX-License-Identifier: GPL-3.0-or-later
// The write-ahead log is copied back by a thread of its own, not by the commit that makes it long
// (issue 22): a scan's commit waits for no more than the copy of what came while the thread copied,
// unless the thread cannot keep up.
#include "store/checkpointer.h"
#include "store/database.h"
#include "testdatabase.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>
#include <QtEndian>
#include <sqlite3.h>

using namespace benchside;

class TestCheckpointer : public QObject
{
    Q_OBJECT

private slots:
    void theThreadCheckpointsNotTheCommit();
    void aFloodOfCommitsStillStartsTheLogAgain();
    void theWriterTakesOverWhenTheLogCannotBeCopied();
    void closingAndReopeningKeepsEveryCommit();

private:
    static void commit(Database &db, int times)
    {
        for (int i = 0; i < times; ++i)
            QVERIFY(db.executeScript(QStringLiteral("INSERT INTO scratch VALUES (randomblob(200));")).ok());
    }
    // The checkpoint sequence number in the WAL header (bytes 12-15, big-endian).
    static quint32 logRestarts(const QString &path)
    {
        QFile wal(path + QStringLiteral("-wal"));
        if (!wal.open(QIODevice::ReadOnly))
            return 0;
        const QByteArray header = wal.read(16);
        return header.size() < 16 ? 0 : qFromBigEndian<quint32>(header.constData() + 12);
    }
};

void TestCheckpointer::theThreadCheckpointsNotTheCommit()
{
    TestDatabase t;
    auto db = Database::open(t.path());
    QVERIFY2(db.ok(), qPrintable(db.error()));
    Database &d = *db.value();
    QVERIFY(d.checkpointer());
    // Each commit is at least one frame; speed, not durability, is what this test needs.
    QVERIFY(d.executeScript(QStringLiteral("PRAGMA synchronous=OFF; CREATE TABLE scratch (b BLOB);")).ok());
    const quint32 restarts = logRestarts(t.path());
    commit(d, Checkpointer::WakeAtFrames + 200);
    QTRY_VERIFY_WITH_TIMEOUT(d.checkpointer()->backgroundCheckpoints() >= 1, 20000);
    QCOMPARE(d.checkpointer()->writerCheckpoints(), 0);
    // Once all of it is copied, the next commit starts the log again from its beginning (SQLite
    // counts that in the log's header) instead of letting it grow.
    QTRY_VERIFY_WITH_TIMEOUT((commit(d, 1), logRestarts(t.path()) > restarts), 20000);
    QCOMPARE(d.checkpointer()->writerCheckpoints(), 0);
}

// Commits that never pause (a rack, a replay, an analyzer's run) gave the thread no moment in which
// the whole log was copied, so the log never started again and every commit extended the file: an
// fdatasync that also had to write the file's new size, 0.2 ms more per receipt (issue 22). Now the
// writer copies what came while the thread copied, and the log starts again. On the old code the
// thread now and then finds the whole log copied by chance: this failed in 6 of 8 runs there (and
// passed in 22 of 22 with the change), so a regression shows within a few runs, not always in one.
void TestCheckpointer::aFloodOfCommitsStillStartsTheLogAgain()
{
    TestDatabase t;
    auto db = Database::open(t.path());
    QVERIFY2(db.ok(), qPrintable(db.error()));
    Database &d = *db.value();
    QVERIFY(d.executeScript(QStringLiteral("PRAGMA synchronous=OFF; CREATE TABLE scratch (b BLOB);")).ok());
    // First let the log the schema left start again at an unhurried pace, so that a restart in the
    // flood below cannot be one the thread managed between two commits of the set-up.
    const quint32 initial = logRestarts(t.path());
    commit(d, Checkpointer::WakeAtFrames);
    QTRY_VERIFY_WITH_TIMEOUT((commit(d, 1), logRestarts(t.path()) > initial), 20000);
    const quint32 restarts = logRestarts(t.path());
    int commits = 0;
    // Looked at only every 100 commits: reading the file between commits would give the thread pauses
    // that a flood does not.
    while (logRestarts(t.path()) == restarts && commits < Checkpointer::WriterTakesOverAt / 2) {
        commit(d, 100);
        commits += 100;
    }
    QVERIFY2(
        logRestarts(t.path()) > restarts,
        qPrintable(QStringLiteral("the log grew through %1 commits without starting again (%2 checkpoints "
                                  "by the thread)")
                       .arg(commits)
                       .arg(d.checkpointer()->backgroundCheckpoints())));
    qInfo("the log started again after %d commits; %d catch-ups by the writer", commits,
          d.checkpointer()->catchUps());
    QCOMPARE(d.checkpointer()->writerCheckpoints(), 0);
}

void TestCheckpointer::theWriterTakesOverWhenTheLogCannotBeCopied()
{
    TestDatabase t;
    auto db = Database::open(t.path());
    QVERIFY2(db.ok(), qPrintable(db.error()));
    Database &d = *db.value();
    QVERIFY(d.executeScript(QStringLiteral("PRAGMA synchronous=OFF; CREATE TABLE scratch (b BLOB);")).ok());
    // A reader that keeps its snapshot: no checkpoint may copy past it, so the log only grows.
    sqlite3 *reader = nullptr;
    QCOMPARE(sqlite3_open_v2(QFile::encodeName(t.path()).constData(), &reader, SQLITE_OPEN_READONLY, nullptr),
             SQLITE_OK);
    QCOMPARE(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM scratch;", nullptr, nullptr, nullptr),
             SQLITE_OK);
    commit(d, Checkpointer::WriterTakesOverAt + 100);
    QVERIFY(d.checkpointer()->writerCheckpoints() >= 1);
    QCOMPARE(sqlite3_exec(reader, "COMMIT;", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(reader);
}

void TestCheckpointer::closingAndReopeningKeepsEveryCommit()
{
    TestDatabase t;
    {
        auto db = Database::open(t.path());
        QVERIFY2(db.ok(), qPrintable(db.error()));
        QVERIFY(db.value()
                    ->executeScript(QStringLiteral("PRAGMA synchronous=OFF; CREATE TABLE scratch (b BLOB);"))
                    .ok());
        commit(*db.value(), 2 * Checkpointer::WakeAtFrames + 17);
    }
    auto again = Database::open(t.path());
    QVERIFY2(again.ok(), qPrintable(again.error()));
    QSqlQuery q(again.value()->connection());
    QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM scratch")) && q.next());
    QCOMPARE(q.value(0).toInt(), 2 * Checkpointer::WakeAtFrames + 17);
    QVERIFY(again.value()->checkIntegrity().ok());
}

QTEST_GUILESS_MAIN(TestCheckpointer)
#include "tst_checkpointer.moc"
