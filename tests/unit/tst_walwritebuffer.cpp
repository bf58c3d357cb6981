// SPDX-License-Identifier: GPL-3.0-or-later
// A transaction's write-ahead-log frames reach the kernel in one write (issue 22), and never later
// than SQLite needs them: before a sync, before a read, before another connection can see them, and
// before a commit that a killed process acknowledged.
#include "store/walwritebuffer.h"

#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace benchside;

namespace {

struct Connection
{
    sqlite3 *db = nullptr;
    explicit Connection(const QString &path)
    {
        if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            db = nullptr;
        }
    }
    ~Connection() { sqlite3_close(db); }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    bool run(const char *sql) const { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; }
    qint64 number(const char *sql) const
    {
        sqlite3_stmt *s = nullptr;
        qint64 value = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            value = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return value;
    }
    QString text(const char *sql) const
    {
        sqlite3_stmt *s = nullptr;
        QString value;
        if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
            value = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(s, 0)));
        sqlite3_finalize(s);
        return value;
    }
};

int countFrames(void *frames, sqlite3 *, const char *, int pages)
{
    *static_cast<int *>(frames) = pages;
    return SQLITE_OK;
}

} // namespace

class TestWalWriteBuffer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(WalWriteBuffer::install()); }
    void aCommitIsOneWrite();
    void exclusiveLockingWritesThrough();
    void anotherConnectionSeesEveryCommit_data();
    void anotherConnectionSeesEveryCommit();
    void aTransactionLargerThanTheCacheReadsItsFramesBack();
    void aKilledProcessKeepsEveryCommit_data();
    void aKilledProcessKeepsEveryCommit();

private:
    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QTemporaryDir m_dir;
};

void TestWalWriteBuffer::aCommitIsOneWrite()
{
    Connection c(path("one.db"));
    QVERIFY(c.db);
    QVERIFY(
        c.run("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB);"
              "CREATE INDEX t_v ON t (v);"));
    int frames = 0;
    sqlite3_wal_hook(c.db, countFrames, &frames);
    const char *insert = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) "
                         "INSERT INTO t SELECT hex(randomblob(8)), randomblob(400) FROM n";
    // Rows small enough that a commit fits the buffer (29 frames).
    for (int round = 0; round < 5; ++round) {
        const qint64 before = WalWriteBuffer::logWrites();
        const int framesBefore = frames; // the hook is told the frames in the whole log
        QVERIFY(c.run(insert));
        QCOMPARE(WalWriteBuffer::logWrites() - before, 1);
        const int written = frames - framesBefore;
        QVERIFY2(written >= 3 && written <= 29,
                 qPrintable(QStringLiteral("%1 frames in a commit").arg(written)));
    }
    QCOMPARE(c.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestWalWriteBuffer::exclusiveLockingWritesThrough()
{
    // No shared index publishes the frames, so nothing would flush them before a crash.
    Connection c(path("exclusive.db"));
    QVERIFY(c.db);
    QVERIFY(c.run("PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                  "CREATE TABLE t (v BLOB);"));
    const qint64 before = WalWriteBuffer::logWrites();
    QVERIFY(c.run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6) "
                  "INSERT INTO t SELECT randomblob(3000) FROM n"));
    QVERIFY(WalWriteBuffer::logWrites() - before >= 8); // a header and a page per frame
}

void TestWalWriteBuffer::anotherConnectionSeesEveryCommit_data()
{
    QTest::addColumn<QByteArray>("synchronous");
    QTest::newRow("FULL: flushed by the sync") << QByteArray("FULL");
    QTest::newRow("NORMAL: flushed before the index publishes them") << QByteArray("NORMAL");
}

void TestWalWriteBuffer::anotherConnectionSeesEveryCommit()
{
    QFETCH(QByteArray, synchronous);
    const QString file = path("visible-") + QString::fromLatin1(synchronous) + QStringLiteral(".db");
    Connection writer(file);
    QVERIFY(writer.db);
    QVERIFY(writer.run(
        ("PRAGMA journal_mode=WAL; PRAGMA synchronous=" + synchronous + "; CREATE TABLE t (v BLOB);")
            .constData()));
    Connection reader(file);
    QVERIFY(reader.db);
    for (int i = 1; i <= 40; ++i) {
        QVERIFY(writer.run("INSERT INTO t VALUES (randomblob(5000))"));
        QCOMPARE(reader.number("SELECT count(*) FROM t"), i);
        QCOMPARE(reader.number("SELECT sum(length(v)) FROM t"), i * 5000);
    }
    QVERIFY(reader.run("PRAGMA wal_checkpoint(TRUNCATE)"));
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestWalWriteBuffer::aTransactionLargerThanTheCacheReadsItsFramesBack()
{
    // A 10-page cache spills to the log mid-transaction and reads those frames back; the whole
    // transaction is many times the buffer, so it is written in pieces.
    Connection c(path("spill.db"));
    QVERIFY(c.db);
    QVERIFY(
        c.run("PRAGMA journal_mode=WAL; PRAGMA cache_size=10; CREATE TABLE t (i INTEGER PRIMARY KEY, v BLOB);"
              "CREATE INDEX t_v ON t (v);"));
    QVERIFY(c.run("BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                  "INSERT INTO t SELECT i, randomblob(710) FROM n;"
                  "UPDATE t SET v = randomblob(800) WHERE i % 3 = 0; COMMIT;"));
    QCOMPARE(c.number("SELECT count(*) FROM t"), 3000);
    QCOMPARE(c.number("SELECT sum(length(v)) FROM t"), 1000 * 800 + 2000 * 710);
    QCOMPARE(c.text("PRAGMA integrity_check"), QStringLiteral("ok"));
    Connection fresh(path("spill.db"));
    QCOMPARE(fresh.number("SELECT sum(length(v)) FROM t"), 1000 * 800 + 2000 * 710);
}

void TestWalWriteBuffer::aKilledProcessKeepsEveryCommit_data()
{
    QTest::addColumn<QByteArray>("synchronous");
    QTest::newRow("FULL") << QByteArray("FULL");
    QTest::newRow("NORMAL") << QByteArray("NORMAL");
}

void TestWalWriteBuffer::aKilledProcessKeepsEveryCommit()
{
    // SQLite promises that a commit survives the process dying at once (at any synchronous level):
    // the child commits and ends without closing, flushing or unwinding anything.
    QFETCH(QByteArray, synchronous);
    const QString file = path("killed-") + QString::fromLatin1(synchronous) + QStringLiteral(".db");
    const QByteArray setup =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + synchronous + "; CREATE TABLE t (v BLOB);";
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        Connection c(file);
        bool ok = c.db && c.run(setup.constData());
        for (int i = 0; ok && i < 25; ++i)
            ok = c.run("INSERT INTO t VALUES (randomblob(6000))");
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    Connection after(file);
    QCOMPARE(after.number("SELECT count(*) FROM t"), 25);
    QCOMPARE(after.number("SELECT sum(length(v)) FROM t"), 25 * 6000);
    QCOMPARE(after.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

QTEST_GUILESS_MAIN(TestWalWriteBuffer)
#include "tst_walwritebuffer.moc"
