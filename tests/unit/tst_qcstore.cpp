// SPDX-License-Identifier: GPL-3.0-or-later
// QC storage on a real station database: lots and targets, runs judged as they are applied, the
// lockout of patient results (verification refused, look-back, corrective action, override) and
// rebuild equivalence of every QC projection.
#include "labhelpers.h"
#include "projection/rebuildcheck.h"
#include "qc/qclockout.h"
#include "qc/qcrepository.h"
#include "qc/qcservice.h"
#include "result/resultservice.h"
#include "testdatabase.h"

#include <QDateTime>
#include <QTest>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
const QString Glu = QStringLiteral("GLU");
const QString Chem = QStringLiteral("CHEM");
const QString Lot = QStringLiteral("GL-1001");

QcRunDraft run(const QString &test, const QString &lot, double level1, double level2, qint64 at = 0,
               const QString &runId = {})
{
    QcRunDraft r;
    r.runId = runId;
    r.testCode = test;
    r.measuredAtMs = at;
    r.values = {{lot, 1, level1, 0}, {lot, 2, level2, 0}};
    return r;
}
} // namespace

class TestQcStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void lotDefinitionIsChecked();
    void runsAreJudgedWhenApplied();
    void expiredLotIsRefused();
    void testRuleSetDecidesLaterRuns();
    void establishingLotFreezesItsTargetsAfterTwentyValues();
    void newLotIsJudgedOnItsOwn();
    void rejectedRunLocksRelease();
    void acceptedRunWithoutCorrectiveActionStaysLocked();
    void correctiveActionThenAcceptedRunUnlocks();
    void lookbackListsResultsReleasedSinceTheLastAcceptedRun();
    void supervisorOverrideLiftsTheLockout();
    void rebuildGivesTheSameQcProjections();

private:
    QString releasedResult(const QString &value); // order id of a GLU result entered and verified
    QString enteredResult(const QString &value);  // order id of a GLU result awaiting verification
    void defineGluLot();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<ResultRepository> m_repo;
    std::unique_ptr<ResultService> m_results;
    std::unique_ptr<QcService> m_qc;
    int m_patients = 0;
};

void TestQcStore::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab).ok());
    m_repo = std::make_unique<ResultRepository>(m_lab->database().connection());
    m_results = std::make_unique<ResultService>(m_lab->store(), *m_repo, m_lab->catalog());
    m_qc = std::make_unique<QcService>(m_lab->store(), m_lab->catalog());
}

void TestQcStore::cleanup()
{
    m_qc.reset();
    m_results.reset();
    m_repo.reset();
    m_lab.reset();
    m_db.reset();
}

void TestQcStore::defineGluLot()
{
    for (const auto &[level, mean, sd] : {std::tuple{1, 5.0, 0.2}, std::tuple{2, 15.0, 0.5}}) {
        QcService::LotDefinition d;
        d.testCode = Glu;
        d.lot = Lot;
        d.level = level;
        d.mean = mean;
        d.sd = sd;
        d.material = QStringLiteral("Chemistry control");
        d.expires = QDate::currentDate().addYears(1).toString(Qt::ISODate);
        const Result<Event> e = m_qc->defineLot(d, Supervisor);
        QVERIFY2(e.ok(), qPrintable(e.error()));
    }
}

QString TestQcStore::enteredResult(const QString &value)
{
    AccessionRequest r = testlab::serumRequest({Glu});
    r.patient.mrn = QStringLiteral("M%1").arg(2000000 + ++m_patients);
    Result<Specimen> s = m_lab->accessioner().accession(r, Tech);
    if (!s)
        qFatal("accession failed: %s", qPrintable(s.error()));
    if (m_lab->scanner().process(s.value().accession, ScanProcessor::Action::Receive, Tech).type !=
        ScanOutcome::Type::Received)
        qFatal("receipt failed");
    const QString order = s.value().accession + QStringLiteral("-GLU");
    if (!m_results->enter(order, value, {}, Tech).ok())
        qFatal("entry failed");
    return order;
}

QString TestQcStore::releasedResult(const QString &value)
{
    const QString order = enteredResult(value);
    const Result<Event> v = m_results->verify(order, Supervisor);
    if (!v)
        qFatal("verification failed: %s", qPrintable(v.error()));
    QTest::qWait(3); // release times in whole milliseconds: keep them apart from QC times
    return order;
}

void TestQcStore::lotDefinitionIsChecked()
{
    QcService::LotDefinition d;
    d.testCode = Glu;
    d.lot = Lot;
    d.level = 1;
    d.mean = 5.0;
    d.sd = 0.2;
    QVERIFY(!m_qc->defineLot(d, Tech).ok()); // technicians do not define lots
    d.sd = 0;
    QVERIFY(!m_qc->defineLot(d, Supervisor).ok());
    d.sd = 0.2;
    d.sd.reset();
    QVERIFY(!m_qc->defineLot(d, Supervisor).ok()); // a mean without an SD
    d.sd = 0.2;
    d.expires = QDate::currentDate().addDays(-1).toString(Qt::ISODate);
    QVERIFY(!m_qc->defineLot(d, Supervisor).ok()); // already expired
    d.expires.clear();
    d.testCode = QStringLiteral("ABORH");
    QVERIFY(!m_qc->defineLot(d, Supervisor).ok()); // coded results have no QC targets here
    d.testCode = Glu;
    QVERIFY(m_qc->defineLot(d, Supervisor).ok());
    QVERIFY(!m_qc->defineLot(d, Supervisor).ok()); // frozen: a change is a new lot

    Result<std::optional<QcLot>> lot = QcRepository(m_lab->database().connection()).lot(Glu, Lot, 1);
    QVERIFY(lot.ok() && lot.value());
    QCOMPARE(lot.value()->bench, Chem);
    QCOMPARE(*lot.value()->mean, 5.0);
    QCOMPARE(*lot.value()->sd, 0.2);
    QCOMPARE(lot.value()->targetSource, QStringLiteral("insert"));
}

void TestQcStore::runsAreJudgedWhenApplied()
{
    defineGluLot();
    Result<QcService::RecordedRun> ok = m_qc->record(run(Glu, Lot, 5.1, 15.2), Tech);
    QVERIFY2(ok.ok(), qPrintable(ok.error()));
    QCOMPARE(ok.value().status, QStringLiteral("accepted"));
    QCOMPARE(ok.value().values.size(), 2);
    QCOMPARE(*ok.value().values.at(0).z, 0.5);

    // 1-2s alone warns: level 1 at +2.5 SD.
    Result<QcService::RecordedRun> warn = m_qc->record(run(Glu, Lot, 5.5, 15.0), Tech);
    QVERIFY(warn.ok());
    QCOMPARE(warn.value().status, QStringLiteral("warning"));
    QCOMPARE(warn.value().values.at(0).violations, QStringList{QStringLiteral("1-2s")});

    // The next run's level 1 beyond +2 SD again: 2-2s across runs within the level.
    Result<QcService::RecordedRun> rej = m_qc->record(run(Glu, Lot, 5.45, 15.0), Tech);
    QVERIFY(rej.ok());
    QCOMPARE(rej.value().status, QStringLiteral("rejected"));
    QVERIFY(rej.value().values.at(0).violations.contains(QStringLiteral("2-2s")));

    // Levels added to a run one at a time: the run is judged again as a whole (R-4s within it).
    QcRunDraft first = run(Glu, Lot, 0, 0, 0, QStringLiteral("R-SPLIT"));
    first.values = {{Lot, 1, 5.45, 0}};
    Result<QcService::RecordedRun> part = m_qc->record(first, Tech);
    QVERIFY(part.ok());
    QcRunDraft second = first;
    second.values = {{Lot, 2, 13.9, 0}};
    Result<QcService::RecordedRun> whole = m_qc->record(second, Tech);
    QVERIFY2(whole.ok(), qPrintable(whole.error()));
    QCOMPARE(whole.value().values.size(), 2);
    QCOMPARE(whole.value().status, QStringLiteral("rejected"));
    QVERIFY(whole.value().values.at(1).violations.contains(QStringLiteral("R-4s")));
    // The same level twice in one run is refused.
    QVERIFY(!m_qc->record(second, Tech).ok());
    // A level cannot be added to a run once another run has followed it.
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0, 0, QStringLiteral("R-NEXT")), Tech).ok());
    QcRunDraft late = first;
    late.values = {{Lot, 3, 1.0, 0}};
    QcService::LotDefinition l3;
    l3.testCode = Glu;
    l3.lot = Lot;
    l3.level = 3;
    l3.mean = 1.0;
    l3.sd = 0.1;
    QVERIFY(m_qc->defineLot(l3, Supervisor).ok());
    const Result<QcService::RecordedRun> refusedLate = m_qc->record(late, Tech);
    QVERIFY(!refusedLate.ok());
    QVERIFY2(refusedLate.error().contains(QStringLiteral("no longer the newest")),
             qPrintable(refusedLate.error()));
    // Unknown lot and unknown test.
    QVERIFY(!m_qc->record(run(Glu, QStringLiteral("NOPE"), 5, 15), Tech).ok());
    QVERIFY(!m_qc->record(run(QStringLiteral("XYZ"), Lot, 5, 15), Tech).ok());
}

void TestQcStore::testRuleSetDecidesLaterRuns()
{
    defineGluLot();
    // Default rules: level 1 at +3.5 SD is a 1-3s rejection.
    QCOMPARE(m_qc->record(run(Glu, Lot, 5.7, 15.0), Tech).value().status, QStringLiteral("rejected"));
    QVERIFY(!m_qc->configureRules(Glu, QStringLiteral("1-2s,2-2s"), Tech).ok());  // supervisors only
    QVERIFY(!m_qc->configureRules(Glu, QStringLiteral("1-2s"), Supervisor).ok()); // nothing rejects
    QVERIFY(m_qc->configureRules(Glu, QStringLiteral("2-2s, 1-2s"), Supervisor).ok());
    QCOMPARE(QcRepository(m_lab->database().connection()).rules(Glu).value(), QStringLiteral("1-2s,2-2s"));
    // Without 1-3s the same value only warns; the run before keeps the judgement it was given.
    Result<QcService::RecordedRun> warn = m_qc->record(run(Glu, Lot, 4.3, 15.0), Tech);
    QCOMPARE(warn.value().status, QStringLiteral("warning"));
    QCOMPARE(warn.value().values.at(0).violations, QStringList{QStringLiteral("1-2s")});
    const QList<QcResultRow> all = QcRepository(m_lab->database().connection()).values(Glu, Lot).value();
    QCOMPARE(all.first().runStatus, QStringLiteral("rejected"));
    QVERIFY(all.first().violations.contains(QStringLiteral("1-3s")));
}

void TestQcStore::expiredLotIsRefused()
{
    QcService::LotDefinition d;
    d.testCode = Glu;
    d.lot = QStringLiteral("OLD-7");
    d.level = 1;
    d.mean = 5.0;
    d.sd = 0.2;
    d.expires = QDate::currentDate().toString(Qt::ISODate); // usable through today
    QVERIFY(m_qc->defineLot(d, Supervisor).ok());
    QcRunDraft r;
    r.testCode = Glu;
    r.values = {{d.lot, 1, 5.0, 0}};
    QVERIFY(m_qc->record(r, Tech).ok());
    m_qc->setClock([] { return QDateTime::currentMSecsSinceEpoch() + 2 * 86'400'000LL; });
    r.measuredAtMs = QDateTime::currentMSecsSinceEpoch() + 86'400'000LL;
    const Result<QcService::RecordedRun> refused = m_qc->record(r, Tech);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("expired on ") + d.expires),
             qPrintable(refused.error()));
}

void TestQcStore::establishingLotFreezesItsTargetsAfterTwentyValues()
{
    QcService::LotDefinition d;
    d.testCode = QStringLiteral("NA");
    d.lot = QStringLiteral("NA-NEW");
    d.level = 1;
    QVERIFY(m_qc->defineLot(d, Supervisor).ok());
    QList<double> values;
    for (int i = 0; i < 20; ++i)
        values << 140.0 + (i % 5) - 2.0 + (i % 2 ? 0.5 : -0.5);
    double sum = 0;
    for (double v : values)
        sum += v;
    const double mean = sum / 20;
    double ss = 0;
    for (double v : values)
        ss += (v - mean) * (v - mean);
    const double sd = std::sqrt(ss / 19);
    QcRepository repo(m_lab->database().connection());
    for (int i = 0; i < 20; ++i) {
        QcRunDraft r;
        r.testCode = QStringLiteral("NA");
        r.values = {{d.lot, 1, values.at(i), 0}};
        Result<QcService::RecordedRun> rec = m_qc->record(r, Tech);
        QVERIFY2(rec.ok(), qPrintable(rec.error()));
        QCOMPARE(rec.value().status, QStringLiteral("establishing"));
        QCOMPARE(rec.value().targetsSet.size(), i == 19 ? 1 : 0);
        if (i < 19)
            QVERIFY(!repo.lot(QStringLiteral("NA"), d.lot, 1).value().value().hasTargets());
    }
    const QcLot lot = *repo.lot(QStringLiteral("NA"), d.lot, 1).value();
    QCOMPARE(lot.targetSource, QStringLiteral("established"));
    QCOMPARE(lot.targetN, 20);
    QVERIFY(qAbs(*lot.mean - mean) < 1e-9);
    QVERIFY(qAbs(*lot.sd - sd) < 1e-9);
    // The establishing values now show their z against the frozen targets; the next run is judged.
    const QList<QcResultRow> rows = repo.values(QStringLiteral("NA"), d.lot).value();
    QVERIFY(rows.first().z.has_value());
    QVERIFY(qAbs(*rows.first().z - (values.first() - mean) / sd) < 1e-9);
    QcRunDraft next;
    next.testCode = QStringLiteral("NA");
    next.values = {{d.lot, 1, mean, 0}};
    QCOMPARE(m_qc->record(next, Tech).value().status, QStringLiteral("accepted"));
    // Targets once set are frozen.
    QVERIFY(!m_qc->setTargets(QStringLiteral("NA"), d.lot, 1, 140, 1, Supervisor).ok());
}

void TestQcStore::newLotIsJudgedOnItsOwn()
{
    defineGluLot();
    QcService::LotDefinition d;
    d.testCode = Glu;
    d.lot = QStringLiteral("GL-2002");
    d.level = 1;
    QVERIFY(m_qc->defineLot(d, Supervisor).ok());
    // Old lot in control, new lot (establishing) far from the old targets: the run is accepted.
    QcRunDraft r = run(Glu, Lot, 5.0, 15.0);
    r.values.append({d.lot, 1, 9.9, 0});
    Result<QcService::RecordedRun> rec = m_qc->record(r, Tech);
    QVERIFY2(rec.ok(), qPrintable(rec.error()));
    QCOMPARE(rec.value().status, QStringLiteral("accepted"));
    QCOMPARE(rec.value().values.size(), 3);
    QVERIFY(!rec.value().values.at(2).z.has_value());
    QVERIFY(!QcLockout(m_lab->database().connection()).releaseBlock(Glu, Chem).value().has_value());
}

void TestQcStore::rejectedRunLocksRelease()
{
    defineGluLot();
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).ok());
    const QString waiting = enteredResult(QStringLiteral("5.2"));
    Result<QcService::RecordedRun> rej = m_qc->record(run(Glu, Lot, 5.7, 15.0), Tech); // 1-3s
    QVERIFY(rej.ok());
    QCOMPARE(rej.value().status, QStringLiteral("rejected"));
    QCOMPARE(rej.value().values.at(0).violations,
             (QStringList{QStringLiteral("1-2s"), QStringLiteral("1-3s")}));
    QVERIFY(rej.value().values.at(1).violations.isEmpty());

    QcLockout lockout(m_lab->database().connection());
    const QHash<QString, QString> locked = lockout.lockedTests(Chem).value();
    QCOMPARE(locked.keys(), QStringList{Glu});
    QVERIFY(locked.value(Glu).contains(rej.value().runId));
    QVERIFY(lockout.lockedTests(QStringLiteral("HEME")).value().isEmpty());

    const Result<Event> refused = m_results->verify(waiting, Supervisor);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QStringLiteral("QC for GLU on CHEM was rejected")),
             qPrintable(refused.error()));
    Result<ResultService::BatchOutcome> batch = m_results->verifyNormal({waiting}, Supervisor);
    QVERIFY(batch.ok());
    QVERIFY(batch.value().verified.isEmpty());
    QCOMPARE(batch.value().skipped.size(), 1);
    QVERIFY(batch.value().skipped.first().second.contains(QStringLiteral("QC for GLU")));
    // Other tests on the bench are not affected.
    AccessionRequest na = testlab::serumRequest({QStringLiteral("NA")});
    const QString accession = m_lab->accessioner().accession(na, Tech).value().accession;
    QCOMPARE(m_lab->scanner().process(accession, ScanProcessor::Action::Receive, Tech).type,
             ScanOutcome::Type::Received);
    QVERIFY(m_results->enter(accession + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech).ok());
    QVERIFY(m_results->verify(accession + QStringLiteral("-NA"), Supervisor).ok());
}

void TestQcStore::acceptedRunWithoutCorrectiveActionStaysLocked()
{
    defineGluLot();
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).ok());
    QCOMPARE(m_qc->record(run(Glu, Lot, 5.7, 15.0), Tech).value().status, QStringLiteral("rejected"));
    QCOMPARE(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).value().status, QStringLiteral("accepted"));
    QcLockout lockout(m_lab->database().connection());
    QVERIFY(lockout.releaseBlock(Glu, Chem).value().has_value());
    // Nothing to correct on a test that is not locked.
    QVERIFY(!m_qc->correctiveAction(QStringLiteral("NA"), QStringLiteral("recalibrated"), Tech).ok());
}

void TestQcStore::correctiveActionThenAcceptedRunUnlocks()
{
    defineGluLot();
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).ok());
    const QString waiting = enteredResult(QStringLiteral("5.3"));
    const QString rejectedRun = m_qc->record(run(Glu, Lot, 5.7, 15.0), Tech).value().runId;
    QVERIFY(!m_qc->correctiveAction(Glu, QStringLiteral("  "), Tech).ok()); // needs words
    QVERIFY(!m_qc->correctiveAction(Glu, QStringLiteral("recalibrated"), QStringLiteral("admin")).ok());
    QVERIFY(m_qc->correctiveAction(Glu, QStringLiteral("Reagent pack replaced, recalibrated"), Tech).ok());
    QcLockout lockout(m_lab->database().connection());
    // Documented, but no accepted run yet: still locked.
    QVERIFY(lockout.releaseBlock(Glu, Chem).value().has_value());
    QVERIFY(!m_results->verify(waiting, Supervisor).ok());
    // A rejected rerun needs another corrective action.
    QCOMPARE(m_qc->record(run(Glu, Lot, 4.3, 15.0), Tech).value().status, QStringLiteral("rejected"));
    QVERIFY(!lockout.latestEpisode(Glu, Chem).value()->correctiveDone);
    QVERIFY(m_qc->correctiveAction(Glu, QStringLiteral("New calibrator lot"), Tech).ok());
    const QString good = m_qc->record(run(Glu, Lot, 5.05, 15.1), Tech).value().runId;

    QVERIFY(!lockout.releaseBlock(Glu, Chem).value().has_value());
    const QcLockoutEpisode e = *lockout.latestEpisode(Glu, Chem).value();
    QCOMPARE(e.runId, rejectedRun);
    QCOMPARE(e.state, QStringLiteral("resolved"));
    QCOMPARE(e.resolvedRunId, good);
    QCOMPARE(e.correctiveAction, QStringLiteral("New calibrator lot"));
    QVERIFY(m_results->verify(waiting, Supervisor).ok());
}

void TestQcStore::lookbackListsResultsReleasedSinceTheLastAcceptedRun()
{
    defineGluLot();
    const QString before = releasedResult(QStringLiteral("5.0")); // released before the accepted run
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).ok());
    QTest::qWait(3);
    const QString a = releasedResult(QStringLiteral("5.1"));
    const QString b = releasedResult(QStringLiteral("6.2"));
    const QString notReleased = enteredResult(QStringLiteral("5.4"));
    const QString rejectedRun = m_qc->record(run(Glu, Lot, 5.0, 17.0), Tech).value().runId; // 1-3s L2
    QcLockout lockout(m_lab->database().connection());
    const QcLockoutEpisode e = *lockout.latestEpisode(Glu, Chem).value();
    QCOMPARE(e.runId, rejectedRun);
    QList<QcLookbackEntry> list = lockout.lookback(e).value();
    QStringList orders;
    for (const QcLookbackEntry &l : list)
        orders << l.orderId;
    QCOMPARE(orders, (QStringList{a, b}));
    QVERIFY(!list.first().reviewed());
    QCOMPARE(list.at(1).value, QStringLiteral("6.2"));

    QVERIFY(!m_qc->reviewLookback(Glu, before, QStringLiteral("stands"), {}, Tech).ok()); // not in it
    QVERIFY(!m_qc->reviewLookback(Glu, notReleased, QStringLiteral("stands"), {}, Tech).ok());
    QVERIFY(!m_qc->reviewLookback(Glu, b, QStringLiteral("retested"), {}, Tech).ok()); // needs a note
    QVERIFY(!m_qc->reviewLookback(Glu, b, QStringLiteral("ignored"), QStringLiteral("x"), Tech).ok());
    QVERIFY(m_qc->reviewLookback(Glu, a, QStringLiteral("stands"), {}, Tech).ok());
    QVERIFY(
        m_qc->reviewLookback(Glu, b, QStringLiteral("retested"), QStringLiteral("Repeat 6.1, agrees"), Tech)
            .ok());
    QVERIFY(!m_qc->reviewLookback(Glu, a, QStringLiteral("stands"), {}, Supervisor).ok()); // once
    list = lockout.lookback(e).value();
    QCOMPARE(list.size(), 2);
    QVERIFY(list.at(0).reviewed() && list.at(1).reviewed());
    QCOMPARE(list.at(1).outcome, QStringLiteral("retested"));
    QCOMPARE(list.at(1).reviewedBy, Tech);
    QCOMPARE(list.at(1).note, QStringLiteral("Repeat 6.1, agrees"));

    // Resolved; a result released after that; a new rejection. The first look-back ends at the run
    // that resolved it, the second starts there, and each is reviewed in its own.
    QVERIFY(m_qc->correctiveAction(Glu, QStringLiteral("Recalibrated"), Tech).ok());
    QCOMPARE(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).value().status, QStringLiteral("accepted"));
    QTest::qWait(3);
    const QString d = releasedResult(QStringLiteral("5.3"));
    const QString secondRun = m_qc->record(run(Glu, Lot, 4.3, 15.0), Tech).value().runId;
    const QcLockoutEpisode first = *lockout.episode(Glu, Chem, rejectedRun).value();
    QCOMPARE(first.state, QStringLiteral("resolved"));
    QCOMPARE(lockout.lookback(first).value().size(), 2);
    const QcLockoutEpisode second = *lockout.latestEpisode(Glu, Chem).value();
    QCOMPARE(second.runId, secondRun);
    const QList<QcLookbackEntry> again = lockout.lookback(second).value();
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().orderId, d);
    QVERIFY(!m_qc->reviewLookback(Glu, a, QStringLiteral("stands"), {}, Tech).ok()); // not in the newest
    QVERIFY(!m_qc->reviewLookback(Glu, a, QStringLiteral("stands"), {}, Tech, rejectedRun).ok()); // done
    QVERIFY(!m_qc->reviewLookback(Glu, d, QStringLiteral("stands"), {}, Tech, QStringLiteral("NOPE")).ok());
    QVERIFY(m_qc->reviewLookback(Glu, d, QStringLiteral("amended"), QStringLiteral("Corrected to 5.1"), Tech,
                                 secondRun)
                .ok());
}

void TestQcStore::supervisorOverrideLiftsTheLockout()
{
    defineGluLot();
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).ok());
    const QString waiting = enteredResult(QStringLiteral("5.2"));
    QVERIFY(m_qc->record(run(Glu, Lot, 5.7, 15.0), Tech).ok());
    QVERIFY(!m_qc->overrideLockout(Glu, QStringLiteral("urgent"), Tech).ok()); // a technician may not
    QVERIFY(!m_qc->overrideLockout(Glu, QString(), Supervisor).ok());          // a reason is required
    const Result<Event> o = m_qc->overrideLockout(
        Glu, QStringLiteral("Level 1 vial mishandled; patient controls agree"), Supervisor);
    QVERIFY2(o.ok(), qPrintable(o.error()));
    QCOMPARE(o.value().kind, QStringLiteral("qc.lockout.overridden"));
    QCOMPARE(o.value().actor, Supervisor);
    QVERIFY(!m_qc->overrideLockout(Glu, QStringLiteral("again"), Supervisor).ok());
    QcLockout lockout(m_lab->database().connection());
    QVERIFY(lockout.lockedTests(Chem).value().isEmpty());
    QCOMPARE(lockout.latestEpisode(Glu, Chem).value()->overrideBy, Supervisor);
    QVERIFY(m_results->verify(waiting, Supervisor).ok());
    // The next rejected run locks again.
    QVERIFY(m_qc->record(run(Glu, Lot, 4.3, 15.0), Tech).ok());
    QVERIFY(lockout.lockedTests(Chem).value().contains(Glu));
}

void TestQcStore::rebuildGivesTheSameQcProjections()
{
    defineGluLot();
    QcService::LotDefinition d;
    d.testCode = QStringLiteral("K");
    d.lot = QStringLiteral("K-9");
    d.level = 1;
    QVERIFY(m_qc->defineLot(d, Supervisor).ok());
    QVERIFY(m_qc->configureRules(QStringLiteral("K"), QStringLiteral("1-3s, R-4s, 2-2s"), Supervisor).ok());
    QVERIFY(!m_qc->configureRules(QStringLiteral("K"), QStringLiteral("1-3s, 5-5s"), Supervisor).ok());
    QVERIFY(m_qc->defineAnalyzer(QcAnalyzerMapping::parse(
                                     QStringLiteral("AU680"),
                                     QStringLiteral("test=Test,lot=Lot,level=Level,value=Result,time=Time"))
                                     .value(),
                                 Supervisor)
                .ok());
    for (int i = 0; i < 21; ++i) {
        QcRunDraft k;
        k.testCode = QStringLiteral("K");
        k.values = {{d.lot, 1, 4.0 + 0.05 * (i % 4), 0}};
        QVERIFY(m_qc->record(k, Tech).ok());
    }
    QVERIFY(m_qc->record(run(Glu, Lot, 5.0, 15.0), Tech).ok());
    const QString released = releasedResult(QStringLiteral("5.1"));
    QVERIFY(m_qc->record(run(Glu, Lot, 5.7, 15.0), Tech).ok());
    QVERIFY(m_qc->reviewLookback(Glu, released, QStringLiteral("stands"), {}, Tech).ok());
    QVERIFY(m_qc->overrideLockout(Glu, QStringLiteral("stat patient"), Supervisor).ok());
    QVERIFY(m_qc->correctiveAction(Glu, QStringLiteral("recalibrated"), Tech).ok());
    QVERIFY(m_qc->record(run(Glu, Lot, 5.1, 15.1), Tech).ok());

    const QSqlDatabase db = m_lab->database().connection();
    QHash<QString, QStringList> before;
    for (const QString &t :
         {QStringLiteral("qc_lots"), QStringLiteral("qc_results"), QStringLiteral("qc_rules"),
          QStringLiteral("qc_analyzers"), QStringLiteral("qc_test_state"), QStringLiteral("qc_lockouts"),
          QStringLiteral("qc_lookback_reviews")}) {
        before.insert(t, testlab::tableRows(db, t));
        QVERIFY2(!before.value(t).isEmpty(), qPrintable(t));
    }
    Result<QStringList> diff = RebuildCheck::differences(m_lab->database());
    QVERIFY2(diff.ok(), qPrintable(diff.error()));
    QVERIFY2(diff.value().isEmpty(), qPrintable(diff.value().join(QLatin1Char('\n'))));
    QVERIFY(m_lab->store().projector().rebuild().ok());
    for (auto it = before.cbegin(); it != before.cend(); ++it)
        QCOMPARE(testlab::tableRows(db, it.key()), it.value());

    // And the check sees a tampered judgement.
    QVERIFY(m_lab->database()
                .executeScript(QStringLiteral("UPDATE qc_results SET run_status = 'accepted' WHERE "
                                              "run_status = 'rejected'"))
                .ok());
    QVERIFY(!RebuildCheck::differences(m_lab->database()).value().isEmpty());
}

QTEST_GUILESS_MAIN(TestQcStore)
#include "tst_qcstore.moc"
