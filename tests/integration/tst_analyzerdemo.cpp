// SPDX-License-Identifier: GPL-3.0-or-later
// The analyzers as a newcomer meets them (issue 20): the demo's two analyzers and their maps, then
// `analyzer serve` with `analyzer simulate` playing the chemistry analyzer, so that results arrive
// in the worklist marked with the analyzer; a real capture imported for an unknown tube waits in
// the unmatched list, and importing it again adds nothing; the journal verifies and the views match
// it; the line's transcript is kept beside the database.
#include "clirunner.h"
#include "sidequery.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {
quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

qint64 scalar(const QString &path, const QString &sql)
{
    return testlab::countOf(path, sql);
}
} // namespace

class TestAnalyzerDemo : public QObject
{
    Q_OBJECT

private slots:
    void demoAnalyzerResultsReachTheWorklist()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("demo.db"));
        const QString cli = testlab::cliPath();
        const auto run = [&](const QStringList &args) {
            return testlab::runCli(cli, db, dir.path(), args);
        };
        QCOMPARE(run({QStringLiteral("init"), QStringLiteral("--station"), QStringLiteral("AZ")}).exit, 0);
        QCOMPARE(run({QStringLiteral("seed-demo")}).exit, 0);

        const testlab::CliRun list =
            run({QStringLiteral("--json"), QStringLiteral("analyzer"), QStringLiteral("list")});
        QCOMPARE(list.exit, 0);
        const QJsonArray analyzers = list.json().array();
        QCOMPARE(analyzers.size(), 2);
        QCOMPARE(analyzers.at(0).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("chem-c311"));
        QCOMPARE(analyzers.at(0).toObject().value(QLatin1String("map")).toArray().size(), 8);
        QCOMPARE(analyzers.at(1).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("hema-xn"));

        // The demo listens on 5701; a test takes a free port (the map stays).
        const quint16 port = freePort();
        QCOMPARE(run({QStringLiteral("analyzer"), QStringLiteral("add"), QStringLiteral("chem-c311"),
                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                      QStringLiteral("--profile"), QStringLiteral("roche")})
                     .exit,
                 0);
        QCOMPARE(run({QStringLiteral("--json"), QStringLiteral("analyzer"), QStringLiteral("list")})
                     .json()
                     .array()
                     .at(0)
                     .toObject()
                     .value(QLatin1String("map"))
                     .toArray()
                     .size(),
                 8);

        QProcess serve;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        serve.setProcessEnvironment(env);
        const QString serveOut = dir.filePath(QStringLiteral("serve.out"));
        serve.setStandardOutputFile(serveOut);
        serve.start(cli, {QStringLiteral("--db"), db, QStringLiteral("analyzer"), QStringLiteral("serve"),
                          QStringLiteral("chem-c311")});
        QVERIFY(serve.waitForStarted());
        const auto served = [&] {
            QFile f(serveOut);
            return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            served().contains(QStringLiteral("listening chem-c311 127.0.0.1:%1").arg(port)), 15'000);

        const testlab::CliRun simulated =
            run({QStringLiteral("analyzer"), QStringLiteral("simulate"), QStringLiteral("chem-c311"),
                 QStringLiteral("--count"), QStringLiteral("3")});
        QVERIFY2(simulated.exit == 0, simulated.out.constData());
        static const QRegularExpression sent(QStringLiteral("sent (\\d+) results for (\\d+) tube"));
        const QRegularExpressionMatch m = sent.match(QString::fromUtf8(simulated.out));
        QVERIFY2(m.hasMatch(), simulated.out.constData());
        const int results = m.captured(1).toInt();
        QVERIFY(results > 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM results WHERE analyzer = 'chem-c311'")),
                 results);
        // Every one entered; the demo's rules (GLU, NA, K) released the normal ones of those tests
        // once the controls the simulator sent first were accepted, and held the rest with a reason.
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT count(*) FROM test_orders o JOIN results r ON r.order_id = "
                                      "o.order_id WHERE r.analyzer = 'chem-c311' AND o.status IN ('entered', "
                                      "'verified')")),
            results);
        QVERIFY2(simulated.out.contains("controls: 6 QC specimen(s) sent"), simulated.out.constData());
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM qc_results WHERE analyzer = 'chem-c311'")),
                 6);
        const qint64 released =
            scalar(db, QStringLiteral("SELECT count(*) FROM results WHERE analyzer = 'chem-c311' "
                                      "AND verified_by = 'autoverify'"));
        const qint64 held =
            scalar(db, QStringLiteral("SELECT count(*) FROM results WHERE analyzer = 'chem-c311' AND "
                                      "autoverify LIKE 'held by rules v1:%'"));
        const qint64 ruled =
            scalar(db, QStringLiteral("SELECT count(*) FROM results WHERE analyzer = 'chem-c311' AND "
                                      "test_code IN ('GLU', 'NA', 'K')"));
        QVERIFY(ruled > 0);
        QCOMPARE(released + held, ruled);
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT count(*) FROM results WHERE verified_by = 'autoverify' AND "
                                      "flag IN ('LL', 'HH')")),
            0);
        QTRY_VERIFY_WITH_TIMEOUT(served().contains(QStringLiteral("entered")), 5'000);

        // A real capture: its tube is unknown here, so all 7 wait; again, and nothing is added.
        const QString capture =
            QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/interfaces/astm/roche_cobas_c311_singleframe.astm");
        const testlab::CliRun imported =
            run({QStringLiteral("--json"), QStringLiteral("analyzer"), QStringLiteral("import"),
                 QStringLiteral("chem-c311"), capture});
        QCOMPARE(imported.exit, 0);
        QCOMPARE(imported.json().object().value(QLatin1String("unmatched")).toInt(), 7);
        const testlab::CliRun again = run({QStringLiteral("--json"), QStringLiteral("analyzer"),
                                           QStringLiteral("import"), QStringLiteral("chem-c311"), capture});
        QCOMPARE(again.json().object().value(QLatin1String("duplicates")).toInt(), 7);
        QCOMPARE(run({QStringLiteral("--json"), QStringLiteral("analyzer"), QStringLiteral("unmatched")})
                     .json()
                     .array()
                     .size(),
                 7);
        // Not ASTM at all: refused as bad input, nothing recorded.
        QFile text(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("shopping list\n");
        text.close();
        QCOMPARE(run({QStringLiteral("analyzer"), QStringLiteral("import"), QStringLiteral("chem-c311"),
                      text.fileName()})
                     .exit,
                 2);

        serve.terminate();
        QVERIFY(serve.waitForFinished(10'000));

        // The haematology analyzer is on a serial line: the simulator plays it on a pseudo-terminal
        // linked where the device is set up to be, and `analyzer serve` opens it as a serial port.
        const testlab::CliRun tube =
            run({QStringLiteral("--json"), QStringLiteral("accession"), QStringLiteral("--type"),
                 QStringLiteral("WB_EDTA"), QStringLiteral("--tests"), QStringLiteral("WBC,HGB,HCT,PLT"),
                 QStringLiteral("--patient"), QStringLiteral("M7001"), QStringLiteral("--name"),
                 QStringLiteral("Test, Ann"), QStringLiteral("--dob"), QStringLiteral("1980-01-01"),
                 QStringLiteral("--sex"), QStringLiteral("F")});
        QCOMPARE(tube.exit, 0);
        const QString accession = tube.json().object().value(QLatin1String("accession")).toString();
        QCOMPARE(
            run({QStringLiteral("scan"), accession, QStringLiteral("--action"), QStringLiteral("receive")})
                .exit,
            0);
        QProcess simulator;
        simulator.setProcessEnvironment(env);
        simulator.start(cli,
                        {QStringLiteral("--db"), db, QStringLiteral("analyzer"), QStringLiteral("simulate"),
                         QStringLiteral("hema-xn"), QStringLiteral("--tubes"), accession});
        QVERIFY(simulator.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(dir.filePath(QStringLiteral("hema-xn.tty"))).isSymLink(), 10'000);
        QProcess serial;
        serial.setProcessEnvironment(env);
        serial.setStandardOutputFile(dir.filePath(QStringLiteral("serial.out")));
        serial.start(cli, {QStringLiteral("--db"), db, QStringLiteral("analyzer"), QStringLiteral("serve"),
                           QStringLiteral("hema-xn")});
        QVERIFY(serial.waitForStarted());
        QVERIFY(simulator.waitForFinished(30'000));
        const QByteArray played = simulator.readAllStandardOutput();
        QVERIFY2(simulator.exitCode() == 0, played.constData());
        QVERIFY2(played.contains("4 results sent and acknowledged"), played.constData());
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(db, QStringLiteral("SELECT count(*) FROM results WHERE analyzer = 'hema-xn' AND "
                                      "accession = '%1'")
                           .arg(accession)),
            qint64(4), 10'000);
        // HGB came in g/dL and is recorded in g/L (the map's factor 10).
        QVERIFY(scalar(db, QStringLiteral("SELECT numeric_value FROM results WHERE order_id = '%1-HGB'")
                               .arg(accession)) >= 110);
        QVERIFY(!QFileInfo(dir.filePath(QStringLiteral("hema-xn.tty"))).isSymLink());
        serial.terminate();
        QVERIFY(serial.waitForFinished(10'000));
        QVERIFY(served().contains(QStringLiteral("stopped")));
        QCOMPARE(run({QStringLiteral("verify")}).exit, 0);
        QCOMPARE(run({QStringLiteral("rebuild"), QStringLiteral("--check")}).exit, 0);
        const QStringList transcripts =
            QDir(dir.filePath(QStringLiteral("transcripts"))).entryList(QDir::Files);
        QCOMPARE(transcripts.size(), 2); // chem-c311 and hema-xn, today
        QFile transcript(dir.filePath(QStringLiteral("transcripts/")) + transcripts.first());
        QVERIFY(transcript.open(QIODevice::ReadOnly));
        const QByteArray bytes = transcript.readAll();
        QVERIFY(bytes.contains("<- <ENQ>"));
        QVERIFY(bytes.contains("-> <ACK>"));
    }
};

QTEST_GUILESS_MAIN(TestAnalyzerDemo)
#include "tst_analyzerdemo.moc"
