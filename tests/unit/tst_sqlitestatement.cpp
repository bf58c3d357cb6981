// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/database.h"
#include "store/sqlitestatement.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <sqlite3.h>

using namespace benchside;

// SqliteStatement replaces QSqlQuery on the projections' hot path, so it must store and read back
// exactly what QSqlQuery did: the same SQLite types, the same NULLs.
class TstSqliteStatement : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_name;
    QSqlDatabase m_db;

    QStringList storedAs(const QString &table)
    {
        QSqlQuery q(m_db);
        if (!q.exec(QStringLiteral("SELECT typeof(v) || ':' || quote(v) FROM %1 ORDER BY rowid").arg(table)))
            qFatal("cannot read %s", qPrintable(table));
        QStringList out;
        while (q.next())
            out << q.value(0).toString();
        return out;
    }

    void exec(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql))
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    }

private slots:
    void init()
    {
        m_name = QUuid::createUuid().toString();
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        m_db.setDatabaseName(m_dir.filePath(m_name + QStringLiteral(".db")));
        QVERIFY(m_db.open());
        exec(QStringLiteral("CREATE TABLE by_qt (v)"));
        exec(QStringLiteral("CREATE TABLE by_us (v)"));
        exec(QStringLiteral("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)"));
    }

    void cleanup()
    {
        m_db.close();
        QCOMPARE(m_db.lastError().text(), QString()); // every statement was finalized first
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }

    void bindsAsQSqlQueryDoes_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::newRow("invalid") << QVariant();
        QTest::newRow("null string") << QVariant(QString());
        QTest::newRow("empty string") << QVariant(QStringLiteral(""));
        QTest::newRow("text") << QVariant(QStringLiteral("Grüße, µmol/L ✓"));
        QTest::newRow("int") << QVariant(-42);
        QTest::newRow("int64") << QVariant(qint64(1) << 45);
        QTest::newRow("double") << QVariant(2.5);
        QTest::newRow("bool") << QVariant(true);
        QTest::newRow("blob") << QVariant(QByteArray("\x00\x01\xff", 3));
        QTest::newRow("null blob") << QVariant(QByteArray());
        QTest::newRow("null int64") << QVariant(QMetaType(QMetaType::LongLong));
        QTest::newRow("null double") << QVariant(QMetaType(QMetaType::Double));
    }

    void bindsAsQSqlQueryDoes()
    {
        QFETCH(QVariant, value);
        QSqlQuery qt(m_db);
        QVERIFY(qt.prepare(QStringLiteral("INSERT INTO by_qt (v) VALUES (?)")));
        qt.addBindValue(value);
        QVERIFY(qt.exec());
        {
            SqliteStatement us(m_db, "INSERT INTO by_us (v) VALUES (?)");
            us.addBindValue(value);
            QVERIFY2(us.exec(), qPrintable(us.errorText()));
            if (value.metaType().id() == QMetaType::QString) {
                // The QString overload, which the projections call most, binds the same.
                us.addBindValue(value.toString());
                QVERIFY2(us.exec(), qPrintable(us.errorText()));
                qt.addBindValue(value);
                QVERIFY(qt.exec());
            }
        }
        QCOMPARE(storedAs(QStringLiteral("by_us")), storedAs(QStringLiteral("by_qt")));

        QSqlQuery read(m_db);
        QVERIFY(read.exec(QStringLiteral("SELECT v FROM by_qt")));
        QVERIFY(read.next());
        SqliteStatement ours(m_db, "SELECT v FROM by_qt");
        QVERIFY(ours.exec());
        QVERIFY(ours.next());
        QCOMPARE(ours.value(0).isNull(), read.value(0).isNull());
        QCOMPARE(ours.value(0).toString(), read.value(0).toString());
        QCOMPARE(ours.value(0).toByteArray(), read.value(0).toByteArray());
        if (!read.value(0).isNull())
            QCOMPARE(ours.value(0).metaType(), read.value(0).metaType());
    }

    void readsEveryRowAndRunsAgain()
    {
        exec(QStringLiteral("INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3), ('d', 4)"));
        SqliteStatement q(m_db, "SELECT k FROM t WHERE n > ? ORDER BY n");
        q.addBindValue(QVariant(1));
        QVERIFY(q.exec());
        QStringList keys;
        while (q.next())
            keys << q.value(0).toString();
        QCOMPARE(keys, (QStringList{"b", "c", "d"}));
        QVERIFY(!q.next());
        QVERIFY(q.errorText().isEmpty());

        q.addBindValue(QVariant(3));
        QVERIFY(q.exec());
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("d"));
        QVERIFY(!q.next());

        q.addBindValue(QVariant(9));
        QVERIFY(q.exec());
        QVERIFY(!q.next());
    }

    void aMissingValueIsAnErrorNotThePreviousOne()
    {
        SqliteStatement q(m_db, "INSERT INTO t (k, n) VALUES (?, ?)");
        q.addBindValue(QStringLiteral("a"));
        q.addBindValue(QVariant(1));
        QVERIFY(q.exec());
        q.addBindValue(QStringLiteral("b"));
        QVERIFY(!q.exec());
        QVERIFY2(q.errorText().contains(QLatin1String("needs 2 values but was given 1")),
                 qPrintable(q.errorText()));
        QVERIFY(!q.exec()); // and none at all
        QSqlQuery count(m_db);
        QVERIFY(count.exec(QStringLiteral("SELECT count(*), max(k) FROM t")) && count.next());
        QCOMPARE(count.value(0).toInt(), 1);
        QCOMPARE(count.value(1).toString(), QStringLiteral("a"));
    }

    void aFailedRunSaysWhyAndTheNextOneWorks()
    {
        SqliteStatement q(m_db, "INSERT INTO t (k, n) VALUES (?, ?)");
        for (int i = 0; i < 2; ++i) {
            q.addBindValue(QStringLiteral("same"));
            q.addBindValue(QVariant(i));
            QCOMPARE(q.exec(), i == 0);
        }
        QVERIFY2(q.errorText().contains(QLatin1String("UNIQUE constraint failed: t.k")),
                 qPrintable(q.errorText()));
        q.addBindValue(QStringLiteral("other"));
        q.addBindValue(QVariant(5));
        QVERIFY2(q.exec(), qPrintable(q.errorText()));
        QVERIFY(q.errorText().isEmpty());

        SqliteStatement broken(m_db, "SELECT x FROM nowhere");
        QVERIFY(!broken.exec());
        QVERIFY2(broken.errorText().contains(QLatin1String("no such table: nowhere")),
                 qPrintable(broken.errorText()));
    }

    void finishLetsGoOfAnUnreadResult()
    {
        exec(QStringLiteral("INSERT INTO t VALUES ('a', 1), ('b', 2)"));
        SqliteStatement q(m_db, "SELECT k FROM t");
        QVERIFY(q.exec());
        QVERIFY(q.next());
        // SQLite refuses to drop a table a running statement reads; that is what finish() is for.
        QSqlQuery drop(m_db);
        QVERIFY(!drop.exec(QStringLiteral("DROP TABLE t")));
        q.finish();
        QVERIFY(!q.next());
        QVERIFY2(drop.exec(QStringLiteral("DROP TABLE t")), qPrintable(drop.lastError().text()));
    }

    void withoutAnSqliteConnectionItSaysSo()
    {
        SqliteStatement q(QSqlDatabase(), "SELECT 1");
        q.addBindValue(QVariant(1));
        QVERIFY(!q.exec());
        QVERIFY(!q.next());
        QVERIFY(q.errorText().contains(QLatin1String("no open SQLite database")));
    }

    // The rule in sqlitestatement.h, broken on purpose: the database must say that it was left open.
    void aStatementThatOutlivesItsDatabaseIsReported()
    {
        Result<std::unique_ptr<Database>> opened =
            Database::open(m_dir.filePath(QStringLiteral("outlived.db")));
        QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error()));
        std::unique_ptr<Database> database = std::move(opened.value());
        sqlite3 *const handle = sqliteHandle(database->connection());
        QVERIFY(handle);
        auto statement = std::make_unique<SqliteStatement>(database->connection(), "SELECT 1");
        QVERIFY(statement->exec());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("outlived\\.db was left open")));
        database.reset();
        // What the warning is about: SQLite still holds the connection until it is closed by hand.
        statement.reset();
        QCOMPARE(sqlite3_close(handle), SQLITE_OK);
    }
};

QTEST_GUILESS_MAIN(TstSqliteStatement)
#include "tst_sqlitestatement.moc"
