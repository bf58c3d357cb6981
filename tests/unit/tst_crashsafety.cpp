// SPDX-License-Identifier: GPL-3.0-or-later
// A receiving bench loses power, or the process is killed, in the middle of a run of scans: no scan
// that was acknowledged may be lost or recorded twice, and the journal must still verify.
//
// Runs the real benchside-cli (env BENCHSIDE_CLI, set by CTest) and kills it with SIGKILL at random
// moments of a `replay --fast` of 2,000 receipt scans, ten times in a row (issue 7.7), each time
// resuming with the scans still to do.
// Set BENCHSIDE_CRASH_SEED to repeat a particular run.

#include "journal/chainverifier.h"
#include "labhelpers.h"
#include "projection/rebuildcheck.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace benchside;

namespace {
constexpr int Rounds = 10;
constexpr int Scans = 2000;

struct Round
{
    QStringList acknowledged; // codes the CLI printed as received, in order
    QStringList otherLines;   // anything else it printed
    bool killed = false;
    QString stderrText;
};
} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void acknowledgedScansSurviveSigkill();
    void cleanupTestCase();

private:
    QProcess *cli(const QStringList &args);
    int runCli(const QStringList &args, QByteArray *out = nullptr);
    QStringList unreceived();
    QString writeCapture(const QStringList &codes, int round);
    Round replayAndKill(const QString &capture, int killAfterLines, int extraUs, bool kill);
    void checkDatabase(const QSet<QString> &acknowledged);

    QString m_cli;
    QTemporaryDir m_dir;
    QString m_db;
    QProcessEnvironment m_env;
    QRandomGenerator m_rng;
};

QProcess *TestCrashSafety::cli(const QStringList &args)
{
    auto *p = new QProcess(this);
    p->setProcessEnvironment(m_env);
    p->setProgram(m_cli);
    p->setArguments(QStringList{QStringLiteral("--db"), m_db} + args);
    return p;
}

int TestCrashSafety::runCli(const QStringList &args, QByteArray *out)
{
    std::unique_ptr<QProcess> p(cli(args));
    p->start();
    if (!p->waitForStarted() || !p->waitForFinished(60'000))
        return -1;
    if (out)
        *out = p->readAllStandardOutput();
    if (p->exitCode() != 0)
        qWarning("%s: %s", qPrintable(args.join(QLatin1Char(' '))), p->readAllStandardError().constData());
    return p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
}

void TestCrashSafety::initTestCase()
{
    m_cli = qEnvironmentVariable("BENCHSIDE_CLI");
    if (m_cli.isEmpty()) // run by hand from the build tree
        m_cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/benchside-cli");
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli + QStringLiteral(" is not an executable")));
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("crash.db"));

    // The CLI reads the user's settings (duplicate window, scanner timing): give it a home of its own.
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(QStringLiteral("HOME"), m_dir.path());
    m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));

    bool ok = false;
    const quint32 seed = qEnvironmentVariable("BENCHSIDE_CRASH_SEED").toUInt(&ok);
    const quint32 used = ok ? seed : QRandomGenerator::global()->generate();
    m_rng.seed(used);
    qInfo("crash seed %u (set BENCHSIDE_CRASH_SEED=%u to repeat this run)", used, used);

    QByteArray out;
    QCOMPARE(runCli({QStringLiteral("--json"), QStringLiteral("seed-demo"), QStringLiteral("--specimens"),
                     QStringLiteral("600"), QStringLiteral("--seed"), QStringLiteral("5")},
                    &out),
             0);
    const QJsonObject summary = QJsonDocument::fromJson(out).object();
    QCOMPARE(summary.value(QLatin1String("specimens")).toInteger(), 600);

    // Top up the tubes waiting for receipt to a full morning's worth.
    Result<std::unique_ptr<Lab>> lab = Lab::open(m_db);
    QVERIFY2(lab.ok(), qPrintable(lab.error()));
    const qint64 waiting = testlab::scalar(lab.value()->database().connection(),
                                           QStringLiteral("SELECT count(*) FROM specimens WHERE status = "
                                                          "'accessioned'"));
    QVERIFY(waiting > 0);
    for (qint64 i = waiting; i < Scans; ++i) {
        AccessionRequest r =
            testlab::serumRequest(i % 3 ? QStringList{QStringLiteral("GLU")}
                                        : QStringList{QStringLiteral("NA"), QStringLiteral("K")});
        r.patient.mrn = QStringLiteral("C%1").arg(i);
        Result<Specimen> s = lab.value()->accessioner().accession(r, QStringLiteral("p.nair"));
        QVERIFY2(s.ok(), qPrintable(s.error()));
    }
    lab.value().reset();
    QCOMPARE(unreceived().size(), qsizetype(Scans));
}

void TestCrashSafety::cleanupTestCase() {}

QStringList TestCrashSafety::unreceived()
{
    Result<std::unique_ptr<Lab>> lab = Lab::open(m_db);
    if (!lab)
        qFatal("cannot open %s: %s", qPrintable(m_db), qPrintable(lab.error()));
    QSqlQuery q(lab.value()->database().connection());
    q.exec(QStringLiteral("SELECT accession FROM specimens WHERE status = 'accessioned' ORDER BY accession"));
    QStringList codes;
    while (q.next())
        codes << q.value(0).toString();
    return codes;
}

// The keys a wedge scanner types: Shift around capitals, 8 ms apart, Enter, then the next tube.
QString TestCrashSafety::writeCapture(const QStringList &codes, int round)
{
    QByteArray capture = "# receipt scans, round " + QByteArray::number(round) + '\n';
    double t = 0;
    for (const QString &code : codes)
        testlab::appendScan(capture, t, code, 300 + m_rng.bounded(900));
    const QString path = m_dir.filePath(QStringLiteral("round%1.keys").arg(round));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(capture) != capture.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

Round TestCrashSafety::replayAndKill(const QString &capture, int killAfterLines, int extraUs, bool kill)
{
    Round round;
    std::unique_ptr<QProcess> p(
        cli({QStringLiteral("--json"), QStringLiteral("replay"), capture, QStringLiteral("--action"),
             QStringLiteral("receive"), QStringLiteral("--fast")}));
    p->start();
    if (!p->waitForStarted())
        qFatal("cannot start %s: %s", qPrintable(m_cli), qPrintable(p->errorString()));

    QByteArray pending;
    auto take = [&](const QByteArray &data) {
        pending += data;
        qsizetype nl;
        int lines = 0;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl);
            pending.remove(0, nl + 1);
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(QLatin1String("outcome")).toString() == QLatin1String("received"))
                round.acknowledged << o.value(QLatin1String("code")).toString();
            else
                round.otherLines << QString::fromUtf8(line);
            ++lines;
        }
        return lines;
    };

    int seen = 0;
    if (kill) {
        while (seen < killAfterLines && p->state() == QProcess::Running) {
            if (!p->waitForReadyRead(10'000))
                break;
            seen += take(p->readAllStandardOutput());
        }
        if (p->state() == QProcess::Running) {
            if (extraUs > 0)
                QThread::usleep(static_cast<unsigned long>(extraUs));
            p->kill(); // SIGKILL: no destructor, no flush, no rollback
            round.killed = true;
        }
    }
    p->waitForFinished(60'000);
    if (round.killed && p->exitStatus() != QProcess::CrashExit)
        round.killed = false; // it had finished on its own just before
    // Lines already in the pipe were written after their commit: they count as acknowledged. A line
    // cut off by the kill (no newline) was never acknowledged.
    take(p->readAllStandardOutput());
    round.stderrText = QString::fromUtf8(p->readAllStandardError());
    return round;
}

void TestCrashSafety::checkDatabase(const QSet<QString> &acknowledged)
{
    Result<std::unique_ptr<Lab>> opened = Lab::open(m_db);
    QVERIFY2(opened.ok(), qPrintable(opened.error()));
    Lab &lab = *opened.value();
    const QSqlDatabase db = lab.database().connection();

    QSqlQuery integrity(db);
    QVERIFY(integrity.exec(QStringLiteral("PRAGMA integrity_check")) && integrity.next());
    QCOMPARE(integrity.value(0).toString(), QStringLiteral("ok"));

    QSqlQuery receipts(db);
    receipts.prepare(
        QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'custody.received' AND subject = ?"));
    for (const QString &code : acknowledged) {
        Result<std::optional<Specimen>> s = lab.specimens().find(code, false);
        QVERIFY(s.ok());
        QVERIFY2(s.value(), qPrintable(code));
        QVERIFY2(s.value()->status == QLatin1String("received"),
                 qPrintable(code + QStringLiteral(" was acknowledged but is ") + s.value()->status));
        QCOMPARE(s.value()->receivedStation, QStringLiteral("DEMO"));
        receipts.addBindValue(code);
        QVERIFY(receipts.exec() && receipts.next());
        QVERIFY2(
            receipts.value(0).toLongLong() == 1,
            qPrintable(code + QStringLiteral(" has %1 receipt events").arg(receipts.value(0).toLongLong())));
        receipts.finish();
    }
    QCOMPARE(
        testlab::scalar(db, QStringLiteral("SELECT count(*) FROM (SELECT subject FROM journal WHERE kind = "
                                           "'custody.received' GROUP BY subject HAVING count(*) > 1)")),
        qint64(0));

    const Result<ChainVerifier::Report> report = ChainVerifier(db).verify();
    QVERIFY2(report.ok(), qPrintable(report.error()));
    QVERIFY2(report.value().intact(),
             report.value().finding ? qPrintable(report.value().finding->message) : "");
    QCOMPARE(report.value().entries, testlab::journalCount(lab));

    const Result<QStringList> diff = RebuildCheck::differences(lab.database());
    QVERIFY2(diff.ok(), qPrintable(diff.error()));
    QVERIFY2(diff.value().isEmpty(), qPrintable(diff.value().join(QLatin1Char('\n'))));
}

void TestCrashSafety::acknowledgedScansSurviveSigkill()
{
    QSet<QString> acknowledged;
    int killed = 0;
    QStringList remaining = unreceived();
    // Until the replay has been killed Rounds times (a run may finish just before its kill), then a
    // final uninterrupted run finishes the morning.
    for (int r = 1; r <= 2 * Rounds + 1; ++r) {
        const bool lastRun = killed >= Rounds;
        if (remaining.isEmpty())
            break;
        const QString capture = writeCapture(remaining, r);
        const int killAfter = lastRun ? 0 : int(m_rng.bounded(qint64(remaining.size()) * 3 / 5 + 1));
        const int extraUs = int(m_rng.bounded(3000));
        const Round round = replayAndKill(capture, killAfter, extraUs, !lastRun);
        qInfo("round %d: %lld to scan, kill after %d lines (+%d us): %s, %lld acknowledged", r,
              qint64(remaining.size()), killAfter, extraUs, round.killed ? "killed" : "ran to the end",
              qint64(round.acknowledged.size()));

        // Every line the replay printed was a tube still waiting: all of them are receipts.
        QVERIFY2(round.otherLines.isEmpty(), qPrintable(round.otherLines.join(QLatin1Char('\n'))));
        if (!round.killed)
            QVERIFY2(round.stderrText.isEmpty(), qPrintable(round.stderrText));
        for (const QString &code : round.acknowledged) {
            QVERIFY2(remaining.contains(code), qPrintable(code));
            QVERIFY2(!acknowledged.contains(code), qPrintable(code + QStringLiteral(" acknowledged twice")));
            acknowledged.insert(code);
        }
        killed += round.killed ? 1 : 0;

        checkDatabase(acknowledged);
        if (QTest::currentTestFailed())
            return;

        // At most the one scan in flight was committed without being acknowledged.
        const QStringList before = remaining;
        remaining = unreceived();
        const qsizetype committed = before.size() - remaining.size();
        QVERIFY2(committed >= round.acknowledged.size(), "an acknowledged scan is missing");
        QVERIFY2(committed - round.acknowledged.size() <= (round.killed ? 1 : 0),
                 qPrintable(QStringLiteral("%1 committed, %2 acknowledged")
                                .arg(committed)
                                .arg(round.acknowledged.size())));
        if (lastRun) {
            QVERIFY(remaining.isEmpty());
            break;
        }
    }
    QVERIFY2(killed == Rounds,
             qPrintable(QStringLiteral("only %1 of %2 runs were killed mid-replay").arg(killed).arg(Rounds)));

    // The command-line verifier agrees.
    QByteArray out;
    QCOMPARE(runCli({QStringLiteral("--json"), QStringLiteral("verify")}, &out), 0);
    QCOMPARE(QJsonDocument::fromJson(out).object().value(QLatin1String("intact")).toBool(), true);
    QCOMPARE(runCli({QStringLiteral("rebuild"), QStringLiteral("--check")}), 0);
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
