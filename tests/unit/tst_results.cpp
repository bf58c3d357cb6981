// SPDX-License-Identifier: GPL-3.0-or-later
// Result entry, flagging, delta checks, notification, verification and amendment, through the
// rule classes and through ResultService on a real station database.
#include "catalog/catalogimporter.h"
#include "labhelpers.h"
#include "projection/rebuildcheck.h"
#include "result/deltacheck.h"
#include "result/resultflag.h"
#include "result/resultjudge.h"
#include "result/resultservice.h"
#include "result/unjudgedresults.h"
#include "result/valueparser.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace benchside;

namespace {
ResultSpec catalogSpec(const QString &code)
{
    const QJsonObject cat = QJsonDocument::fromJson(testlab::demoCatalogJson()).object();
    for (const QJsonValue &t : cat.value(QLatin1String("tests")).toArray()) {
        if (t.toObject().value(QLatin1String("code")).toString() == code)
            return ResultSpec::fromDefinition(code, t.toObject());
    }
    qFatal("no test %s in the demo catalogue", qPrintable(code));
}

// A numeric test with an age gap under one year and sex-specific adult ranges.
ResultSpec judgementSpec()
{
    ResultSpec spec;
    spec.code = QStringLiteral("XK");
    spec.unit = QStringLiteral("mmol/L");
    spec.ranges = {{QStringLiteral("F"), 18, 120, 3.5, 5.0, 2.8, 6.0},
                   {QStringLiteral("M"), 18, 120, 3.6, 5.2, 3.0, 6.2},
                   {QStringLiteral("any"), 1, 18, 3.4, 4.7, 2.5, 6.5}};
    spec.plausibleLow = 0;
    spec.plausibleHigh = 15;
    return spec;
}

const QString Tech = QStringLiteral("p.nair");
const QString OtherTech = QStringLiteral("j.kowalski");
const QString Supervisor = QStringLiteral("a.okafor");
} // namespace

class TestResults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void flagsByRange_data();
    void flagsByRange();
    void judgedWhateverIsKnown_data();
    void judgedWhateverIsKnown();
    void judgementWithoutRangesOrNumbers();
    void codedValuesAreFlaggedAbnormal();
    void valuesThatDoNotFitAreRefused_data();
    void valuesThatDoNotFitAreRefused();
    void deltaCheck_data();
    void deltaCheck();

    void enteredResultIsProjected();
    void unreceivedOrderCannotBeResulted();
    void deltaCheckUsesThePatientsPreviousReleasedResult();
    void selfVerificationIsRefused();
    void criticalNeedsNotificationBeforeRelease();
    void notificationNeedsReadBackAndName();
    void technicianMayVerifyOnlyWhereTheCatalogueAllows();
    void amendmentKeepsHistoryAndNeedsVerification();
    void batchVerificationSkipsAbnormalResults();
    void projectionsRebuildAfterResults();
    void unknownPatientsAreJudgedThroughTheService_data();
    void unknownPatientsAreJudgedThroughTheService();
    void implausibleValueNeedsAConfirmedReason();
    void batchReleaseHoldsResultsJudgedWithoutTheirRange();
    void resultsRecordedUnjudgedAreJudgedNow();

private:
    // Accessions and receives a specimen; returns its accession number.
    QString receivedSpecimen(const QStringList &tests, const QString &mrn = QStringLiteral("M0000001"));
    void importJudgementTest(const QByteArray &ranges = {});

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<ResultRepository> m_repo;
    std::unique_ptr<ResultService> m_results;
};

void TestResults::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab).ok());
    m_repo = std::make_unique<ResultRepository>(m_lab->database().connection());
    m_results = std::make_unique<ResultService>(m_lab->store(), *m_repo, m_lab->catalog());
}

void TestResults::cleanup()
{
    m_results.reset();
    m_repo.reset();
    m_lab.reset();
    m_db.reset();
}

void TestResults::importJudgementTest(const QByteArray &ranges)
{
    const Status imported = testlab::importJudgementTest(*m_lab, ranges);
    QVERIFY2(imported.ok(), qPrintable(imported.error()));
}

QString TestResults::receivedSpecimen(const QStringList &tests, const QString &mrn)
{
    AccessionRequest r = testlab::serumRequest(tests);
    r.patient.mrn = mrn;
    Result<Specimen> s = m_lab->accessioner().accession(r, Tech);
    if (!s)
        qFatal("accession failed: %s", qPrintable(s.error()));
    const ScanOutcome o = m_lab->scanner().process(s.value().accession, ScanProcessor::Action::Receive, Tech);
    if (o.type != ScanOutcome::Type::Received)
        qFatal("receipt failed: %s", qPrintable(o.message));
    return s.value().accession;
}

void TestResults::flagsByRange_data()
{
    QTest::addColumn<QString>("test");
    QTest::addColumn<QString>("sex");
    QTest::addColumn<double>("age");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("flag");

    QTest::newRow("glucose normal") << "GLU"
                                    << "F" << 40.0 << "5.0"
                                    << "N";
    QTest::newRow("glucose low limit is normal") << "GLU"
                                                 << "F" << 40.0 << "3.9"
                                                 << "N";
    QTest::newRow("glucose low") << "GLU"
                                 << "F" << 40.0 << "3.8"
                                 << "L";
    QTest::newRow("glucose high") << "GLU"
                                  << "M" << 40.0 << "7.1"
                                  << "H";
    QTest::newRow("glucose critically low") << "GLU"
                                            << "M" << 40.0 << "2.4"
                                            << "LL";
    QTest::newRow("glucose critical limit is not critical") << "GLU"
                                                            << "M" << 40.0 << "2.5"
                                                            << "L";
    QTest::newRow("glucose critically high") << "GLU"
                                             << "M" << 40.0 << "25.1"
                                             << "HH";
    QTest::newRow("potassium critically high") << "K"
                                               << "F" << 70.0 << "6.5"
                                               << "HH";
    // Creatinine: 62-106 for adult men, 44-80 for adult women, 27-62 for children 1-12.
    QTest::newRow("creatinine 90 man") << "CREA"
                                       << "M" << 50.0 << "90"
                                       << "N";
    QTest::newRow("creatinine 90 woman") << "CREA"
                                         << "F" << 50.0 << "90"
                                         << "H";
    QTest::newRow("creatinine 50 woman") << "CREA"
                                         << "F" << 50.0 << "50"
                                         << "N";
    QTest::newRow("creatinine 50 man") << "CREA"
                                       << "M" << 50.0 << "50"
                                       << "L";
    QTest::newRow("creatinine 70 child") << "CREA"
                                         << "F" << 6.0 << "70"
                                         << "H";
    QTest::newRow("creatinine 30 infant") << "CREA"
                                          << "M" << 0.5 << "30"
                                          << "N";
    QTest::newRow("creatinine at 12th birthday uses the teen band") << "CREA"
                                                                    << "M" << 12.0 << "40"
                                                                    << "L";
    // No critical limits for chloride: far out is H, not HH.
    QTest::newRow("chloride without critical limits") << "CL"
                                                      << "F" << 40.0 << "150"
                                                      << "H";
}

void TestResults::flagsByRange()
{
    QFETCH(QString, test);
    QFETCH(QString, sex);
    QFETCH(double, age);
    QFETCH(QString, value);
    QFETCH(QString, flag);
    const ResultSpec spec = catalogSpec(test);
    const Result<ResultValue> v = ValueParser::parse(spec, value);
    QVERIFY2(v.ok(), qPrintable(v.error()));
    const Judgement j = ResultJudge::judge(spec, v.value(), sex, age);
    QCOMPARE(ResultFlags::code(j.flag), flag);
    QCOMPARE(j.basis, RangeBasis::Patient);
}

void TestResults::judgedWhateverIsKnown_data()
{
    QTest::addColumn<QString>("sex");
    QTest::addColumn<double>("age"); // negative: unknown
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("basis");
    QTest::addColumn<bool>("implausible");

    // The test of judgementSpec(): women 3.5-5.0 (critical 2.8/6.0), men 3.6-5.2 (3.0/6.2), children
    // 1-18 3.4-4.7 (2.5/6.5), nothing under one year; plausible 0-15.
    const auto row = [](const char *name, const char *sex, double age, const char *value, const char *flag,
                        const char *basis, bool implausible = false) {
        QTest::newRow(name) << QString::fromLatin1(sex) << age << QString::fromLatin1(value)
                            << QString::fromLatin1(flag) << QString::fromLatin1(basis) << implausible;
    };
    // Known and covered: the patient's own range.
    row("known woman normal", "F", 40, "4.0", "N", "");
    row("known woman high", "F", 40, "5.5", "H", "");
    row("known woman critical high", "F", 40, "6.1", "HH", "");
    row("known man 6.1 only high", "M", 40, "6.1", "H", "");
    row("known man critical low", "M", 40, "2.9", "LL", "");
    row("known woman 2.9 only low", "F", 40, "2.9", "L", "");
    row("known child normal", "M", 10, "3.45", "N", "");
    // Age unknown, sex known: every range of that sex (women's and children's).
    row("age unknown normal", "F", -1, "3.45", "N", "age_unknown");
    row("age unknown high", "F", -1, "5.1", "H", "age_unknown");
    row("age unknown critical by the lowest critical high", "F", -1, "6.1", "HH", "age_unknown");
    row("age unknown low", "M", -1, "3.3", "L", "age_unknown");
    row("age unknown critical low", "M", -1, "2.9", "LL", "age_unknown");
    // Sex unknown, age known: both adult ranges.
    row("sex unknown normal in the men's range", "U", 40, "5.1", "N", "sex_unknown");
    row("sex unknown high", "", 40, "5.3", "H", "sex_unknown");
    row("sex unknown critical by the women's limit", "U", 40, "6.1", "HH", "sex_unknown");
    row("sex unknown critical low by the men's limit", "", 40, "2.9", "LL", "sex_unknown");
    // Neither: all ranges.
    row("nothing known normal", "", -1, "3.45", "N", "age_sex_unknown");
    row("nothing known low", "U", -1, "3.3", "L", "age_sex_unknown");
    row("nothing known potassium 9.9", "", -1, "9.9", "HH", "age_sex_unknown");
    row("nothing known critical low", "", -1, "2.9", "LL", "age_sex_unknown");
    // Known but uncovered (a newborn): the ranges of the known sex.
    row("newborn normal", "M", 0.1, "5.0", "N", "not_covered");
    row("newborn high", "M", 0.1, "6.1", "H", "not_covered");
    row("newborn critical high", "M", 0.1, "6.3", "HH", "not_covered");
    row("newborn girl critical high", "F", 0.1, "6.1", "HH", "not_covered");
    // Beyond the plausible limits, whatever is known; still flagged.
    row("implausible known", "F", 40, "16", "HH", "", true);
    row("implausible nothing known", "", -1, "1000000", "HH", "age_sex_unknown", true);
    row("implausible negative", "M", 0.1, "-1", "LL", "not_covered", true);
    row("plausible limit itself", "F", 40, "15", "HH", "", false);
}

void TestResults::judgedWhateverIsKnown()
{
    QFETCH(QString, sex);
    QFETCH(double, age);
    QFETCH(QString, value);
    QFETCH(QString, flag);
    QFETCH(QString, basis);
    QFETCH(bool, implausible);
    const ResultSpec spec = judgementSpec();
    const Result<ResultValue> v = ValueParser::parse(spec, value);
    QVERIFY2(v.ok(), qPrintable(v.error()));
    const Judgement j = ResultJudge::judge(spec, v.value(), sex, age);
    QCOMPARE(ResultFlags::code(j.flag), flag);
    QCOMPARE(ResultJudge::basisCode(j.basis), basis);
    QCOMPARE(j.rangeKnown(), basis.isEmpty());
    QCOMPARE(j.implausible, implausible);
    QVERIFY(j.range); // the limits are always shown
    QCOMPARE(ResultJudge::basisText(j.basis).isEmpty(), basis.isEmpty());
}

void TestResults::judgementWithoutRangesOrNumbers()
{
    ResultSpec spec = judgementSpec();
    spec.ranges.clear();
    const Judgement none = ResultJudge::judge(spec, ValueParser::parse(spec, QStringLiteral("99")).value(),
                                              QStringLiteral("F"), 40);
    QCOMPARE(none.flag, ResultFlag::None);
    QCOMPARE(none.basis, RangeBasis::NoRanges);
    QVERIFY(!none.rangeKnown());
    QVERIFY(none.implausible);
    // The limits without a value: what the entry panel shows before anything is typed.
    const Judgement limits = ResultJudge::judge(judgementSpec(), ResultValue{}, QString(), -1);
    QCOMPARE(limits.flag, ResultFlag::None);
    QVERIFY(limits.range);
    QCOMPARE(limits.range->low, 3.4);
    QCOMPARE(limits.range->high, 5.2);
    QCOMPARE(*limits.range->criticalLow, 3.0);
    QCOMPARE(*limits.range->criticalHigh, 6.0);
    // A test with one range for everybody: nothing unknown changes the range, so it is the patient's.
    ResultSpec single = judgementSpec();
    single.ranges = {{QStringLiteral("any"), 0, 120, 3.5, 5.1, 2.8, 6.2}};
    const Judgement k =
        ResultJudge::judge(single, ValueParser::parse(single, QStringLiteral("9.9")).value(), QString(), -1);
    QCOMPARE(k.flag, ResultFlag::CriticalHigh);
    QCOMPARE(k.basis, RangeBasis::Patient);
    // … but not when the one range leaves ages out.
    single.ranges.first().ageMinYears = 18;
    QCOMPARE(ResultJudge::judge(single, ValueParser::parse(single, QStringLiteral("9.9")).value(),
                                QStringLiteral("F"), -1)
                 .basis,
             RangeBasis::AgeUnknown);
}

void TestResults::codedValuesAreFlaggedAbnormal()
{
    const ResultSpec spec = catalogSpec(QStringLiteral("UPROT"));
    const Result<ResultValue> normal = ValueParser::parse(spec, QStringLiteral("negative"));
    QVERIFY(normal.ok());
    QCOMPARE(normal.value().text, QStringLiteral("Negative")); // the catalogue's spelling
    QCOMPARE(ResultJudge::judge(spec, normal.value(), QString(), -1).flag, ResultFlag::Normal);
    const Result<ResultValue> abnormal = ValueParser::parse(spec, QStringLiteral("2+"));
    QVERIFY(abnormal.ok());
    QCOMPARE(ResultJudge::judge(spec, abnormal.value(), QString(), -1).flag, ResultFlag::Abnormal);
    QCOMPARE(ResultJudge::judge(spec, abnormal.value(), QString(), -1).basis, RangeBasis::NotApplicable);
}

void TestResults::valuesThatDoNotFitAreRefused_data()
{
    QTest::addColumn<QString>("test");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("message");

    QTest::newRow("not a number") << "K"
                                  << "high"
                                  << ""
                                  << "not a number";
    QTest::newRow("nan") << "K"
                         << "nan"
                         << ""
                         << "not a number";
    QTest::newRow("wrong unit") << "K"
                                << "4.0"
                                << "mg/dL"
                                << "reported in mmol/L";
    QTest::newRow("unit on a unitless test") << "INR"
                                             << "1.1"
                                             << "s"
                                             << "has no unit";
    QTest::newRow("code not listed") << "UNIT"
                                     << "Maybe"
                                     << ""
                                     << "Negative, Positive";
    QTest::newRow("unit on a coded test") << "UNIT"
                                          << "Negative"
                                          << "mg"
                                          << "no unit";
    QTest::newRow("empty") << "GLU"
                           << "  "
                           << ""
                           << "Enter a value";
}

void TestResults::valuesThatDoNotFitAreRefused()
{
    QFETCH(QString, test);
    QFETCH(QString, value);
    QFETCH(QString, unit);
    QFETCH(QString, message);
    const Result<ResultValue> v = ValueParser::parse(catalogSpec(test), value, unit);
    QVERIFY(!v.ok());
    QVERIFY2(v.error().contains(message), qPrintable(v.error()));
}

void TestResults::deltaCheck_data()
{
    QTest::addColumn<QString>("test");
    QTest::addColumn<QString>("previous"); // "" none
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("outcome");

    QTest::newRow("sodium within 10") << "NA"
                                      << "140"
                                      << "148"
                                      << "within";
    QTest::newRow("sodium exactly at the limit") << "NA"
                                                 << "140"
                                                 << "150"
                                                 << "within";
    QTest::newRow("sodium beyond 10") << "NA"
                                      << "140"
                                      << "128"
                                      << "exceeded";
    QTest::newRow("potassium beyond 1.0") << "K"
                                          << "4.0"
                                          << "5.2"
                                          << "exceeded";
    QTest::newRow("no previous result") << "NA"
                                        << ""
                                        << "128"
                                        << "";
    QTest::newRow("glucose has no delta limit") << "GLU"
                                                << "5.0"
                                                << "20"
                                                << "";
}

void TestResults::deltaCheck()
{
    QFETCH(QString, test);
    QFETCH(QString, previous);
    QFETCH(QString, value);
    QFETCH(QString, outcome);
    const ResultSpec spec = catalogSpec(test);
    std::optional<PreviousResult> p;
    if (!previous.isEmpty())
        p = PreviousResult{QStringLiteral("X-1"), previous, previous.toDouble(), 0};
    const DeltaCheck::Verdict v = DeltaCheck::check(spec, ValueParser::parse(spec, value).value(), p);
    QCOMPARE(DeltaCheck::outcomeCode(v.outcome), outcome);
    QVERIFY(!v.reason.isEmpty());
}

void TestResults::enteredResultIsProjected()
{
    const QString a = receivedSpecimen({QStringLiteral("GLU")});
    const QString order = a + QStringLiteral("-GLU");
    Result<ResultService::Recorded> r = m_results->enter(order, QStringLiteral("2.1"), {}, Tech);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(r.value().event.kind, QStringLiteral("result.entered"));
    QCOMPARE(r.value().event.subject, a); // the specimen's journal holds its results
    QCOMPARE(r.value().evaluation.flag, ResultFlag::CriticalLow);
    const OrderResult o = *m_repo->order(order).value();
    QCOMPARE(o.status, QStringLiteral("entered"));
    QVERIFY(o.result);
    QCOMPARE(o.result->value, QStringLiteral("2.1"));
    QCOMPARE(o.result->flag, QStringLiteral("LL"));
    QCOMPARE(o.result->enteredBy, Tech);
    QVERIFY(o.receivedAtMs > 0);
    QCOMPARE(o.dueAtMs(), o.receivedAtMs + 60 * 60'000); // GLU: 60 minutes
}

void TestResults::unreceivedOrderCannotBeResulted()
{
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest({QStringLiteral("NA")}), Tech);
    QVERIFY(s.ok());
    const qint64 before = testlab::journalCount(*m_lab);
    Result<ResultService::Recorded> r =
        m_results->enter(s.value().accession + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("not been received")), qPrintable(r.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QVERIFY(!m_results->enter(QStringLiteral("NOPE-NA"), QStringLiteral("1"), {}, Tech).ok());
}

void TestResults::deltaCheckUsesThePatientsPreviousReleasedResult()
{
    const QString first = receivedSpecimen({QStringLiteral("NA")}) + QStringLiteral("-NA");
    QVERIFY(m_results->enter(first, QStringLiteral("140"), {}, Tech).ok());
    const QString second = receivedSpecimen({QStringLiteral("NA")}) + QStringLiteral("-NA");
    // Not yet released: nothing to compare with.
    Result<ResultEvaluation> unreleased = m_results->evaluate(second, QStringLiteral("127"));
    QVERIFY(unreleased.ok());
    QCOMPARE(unreleased.value().delta.outcome, DeltaCheck::Outcome::NotChecked);
    QVERIFY(m_results->verify(first, Supervisor).ok());

    Result<ResultService::Recorded> r = m_results->enter(second, QStringLiteral("127"), {}, Tech);
    QVERIFY(r.ok());
    QCOMPARE(r.value().evaluation.delta.outcome, DeltaCheck::Outcome::Exceeded);
    QCOMPARE(r.value().evaluation.delta.previousValue, QStringLiteral("140"));
    QCOMPARE(m_repo->order(second).value()->result->delta, QStringLiteral("exceeded"));
    // Another patient's sodium is not this patient's previous result.
    const QString other =
        receivedSpecimen({QStringLiteral("NA")}, QStringLiteral("M0000002")) + QStringLiteral("-NA");
    QCOMPARE(m_results->evaluate(other, QStringLiteral("127")).value().delta.outcome,
             DeltaCheck::Outcome::NotChecked);
}

void TestResults::selfVerificationIsRefused()
{
    const QString order = receivedSpecimen({QStringLiteral("NA")}) + QStringLiteral("-NA");
    QVERIFY(m_results->enter(order, QStringLiteral("140"), {}, Supervisor).ok());
    const qint64 before = testlab::journalCount(*m_lab);
    Result<Event> self = m_results->verify(order, Supervisor);
    QVERIFY(!self.ok());
    QVERIFY2(self.error().contains(QLatin1String("own result")), qPrintable(self.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(m_repo->order(order).value()->status, QStringLiteral("entered"));
    QVERIFY(m_results->verify(order, QStringLiteral("r.castillo")).ok());
    QCOMPARE(m_repo->order(order).value()->status, QStringLiteral("verified"));
    QVERIFY(!m_results->verify(order, QStringLiteral("r.castillo")).ok()); // once
}

void TestResults::criticalNeedsNotificationBeforeRelease()
{
    const QString order = receivedSpecimen({QStringLiteral("K")}) + QStringLiteral("-K");
    QVERIFY(m_results->enter(order, QStringLiteral("7.0"), {}, Tech).ok());
    Result<Event> early = m_results->verify(order, Supervisor);
    QVERIFY(!early.ok());
    QVERIFY2(early.error().contains(QLatin1String("critical")), qPrintable(early.error()));

    QVERIFY(m_results->notify(order, {QStringLiteral("Dr. Moreau"), 0, true}, Tech).ok());
    const OrderResult o = *m_repo->order(order).value();
    QCOMPARE(o.result->notifiedTo, QStringLiteral("Dr. Moreau"));
    QCOMPARE(o.result->notifiedBy, Tech);

    // A new value needs its own call.
    QVERIFY(m_results->enter(order, QStringLiteral("7.2"), {}, Tech).ok());
    QVERIFY(m_repo->order(order).value()->result->notifiedTo.isEmpty());
    QVERIFY(!m_results->verify(order, Supervisor).ok());
    QVERIFY(m_results->notify(order, {QStringLiteral("Dr. Moreau"), 0, true}, Tech).ok());
    Result<Event> released = m_results->verify(order, Supervisor);
    QVERIFY2(released.ok(), qPrintable(released.error()));
}

void TestResults::notificationNeedsReadBackAndName()
{
    const QString order = receivedSpecimen({QStringLiteral("K")}) + QStringLiteral("-K");
    QVERIFY(!m_results->notify(order, {QStringLiteral("Dr. X"), 0, true}, Tech).ok()); // no result yet
    QVERIFY(m_results->enter(order, QStringLiteral("2.0"), {}, Tech).ok());
    Result<Event> noReadBack = m_results->notify(order, {QStringLiteral("Dr. X"), 0, false}, Tech);
    QVERIFY(!noReadBack.ok());
    QVERIFY2(noReadBack.error().contains(QLatin1String("read-back")), qPrintable(noReadBack.error()));
    QVERIFY(!m_results->notify(order, {QStringLiteral(" "), 0, true}, Tech).ok());
    const qint64 tomorrow = QDateTime::currentMSecsSinceEpoch() + 24 * 3600'000;
    QVERIFY(!m_results->notify(order, {QStringLiteral("Dr. X"), tomorrow, true}, Tech).ok());
    QVERIFY(m_repo->order(order).value()->result->notifiedTo.isEmpty());
}

void TestResults::technicianMayVerifyOnlyWhereTheCatalogueAllows()
{
    // The demo lets technicians release the urine dipstick only (decision 44).
    QVERIFY(catalogSpec(QStringLiteral("UPH")).technicianMayVerify);
    QVERIFY(!catalogSpec(QStringLiteral("NA")).technicianMayVerify);
    QVERIFY(!catalogSpec(QStringLiteral("ABORH")).technicianMayVerify);

    AccessionRequest urine = testlab::serumRequest({QStringLiteral("UPH")});
    urine.specimenType = QStringLiteral("URINE");
    Result<Specimen> u = m_lab->accessioner().accession(urine, Tech);
    QVERIFY2(u.ok(), qPrintable(u.error()));
    QCOMPARE(m_lab->scanner().process(u.value().accession, ScanProcessor::Action::Receive, Tech).type,
             ScanOutcome::Type::Received);
    const QString uph = u.value().accession + QStringLiteral("-UPH");
    QVERIFY(m_results->enter(uph, QStringLiteral("6.0"), {}, Tech).ok());
    Result<Event> peer = m_results->verify(uph, OtherTech);
    QVERIFY2(peer.ok(), qPrintable(peer.error()));

    const QString na = receivedSpecimen({QStringLiteral("NA")}) + QStringLiteral("-NA");
    QVERIFY(m_results->enter(na, QStringLiteral("140"), {}, Tech).ok());
    Result<Event> chemistry = m_results->verify(na, OtherTech);
    QVERIFY(!chemistry.ok());
    QVERIFY2(chemistry.error().contains(QLatin1String("supervisor only")), qPrintable(chemistry.error()));

    // Blood bank: a supervisor only.
    AccessionRequest bb;
    bb.patient = testlab::serumRequest().patient;
    bb.specimenType = QStringLiteral("WB_BB");
    bb.tests = {QStringLiteral("ABORH")};
    Result<Specimen> s = m_lab->accessioner().accession(bb, Tech);
    QVERIFY(s.ok());
    QCOMPARE(m_lab->scanner().process(s.value().accession, ScanProcessor::Action::Receive, Tech).type,
             ScanOutcome::Type::Received);
    const QString abo = s.value().accession + QStringLiteral("-ABORH");
    QVERIFY(m_results->enter(abo, QStringLiteral("o pos"), {}, Tech).ok());
    Result<Event> technician = m_results->verify(abo, OtherTech);
    QVERIFY(!technician.ok());
    QVERIFY2(technician.error().contains(QLatin1String("supervisor")), qPrintable(technician.error()));
    QVERIFY(!m_results->verify(abo, QStringLiteral("admin")).ok()); // not a clinical role
    QVERIFY(m_results->verify(abo, Supervisor).ok());
}

void TestResults::amendmentKeepsHistoryAndNeedsVerification()
{
    const QString order = receivedSpecimen({QStringLiteral("NA")}) + QStringLiteral("-NA");
    QVERIFY(m_results->enter(order, QStringLiteral("150"), {}, Tech).ok());
    // Before release a correction is a new entry, not an amendment.
    QVERIFY(!m_results->amend(order, QStringLiteral("140"), {}, QStringLiteral("typo"), Supervisor).ok());
    QVERIFY(m_results->enter(order, QStringLiteral("141"), {}, Tech).ok());
    QVERIFY(m_results->verify(order, Supervisor).ok());
    const qint64 released = m_repo->order(order).value()->result->releasedAtMs;
    QVERIFY(released > 0);

    QVERIFY(!m_results->enter(order, QStringLiteral("139"), {}, Tech).ok()); // released: amend instead
    Result<ResultService::Recorded> noReason =
        m_results->amend(order, QStringLiteral("131"), {}, QStringLiteral(" "), Tech);
    QVERIFY(!noReason.ok());
    QVERIFY2(noReason.error().contains(QLatin1String("reason")), qPrintable(noReason.error()));
    Result<ResultService::Recorded> amended =
        m_results->amend(order, QStringLiteral("131"), {}, QStringLiteral("sample from the drip arm"), Tech);
    QVERIFY2(amended.ok(), qPrintable(amended.error()));
    QCOMPARE(amended.value().event.kind, QStringLiteral("result.amended"));
    QCOMPARE(amended.value().event.payloadObject().value(QLatin1String("replaces")).toString(),
             QStringLiteral("141"));

    OrderResult o = *m_repo->order(order).value();
    QCOMPARE(o.status, QStringLiteral("amended"));
    QCOMPARE(o.result->value, QStringLiteral("131"));
    QCOMPARE(o.result->flag, QStringLiteral("L"));
    QCOMPARE(o.result->amendCount, 1);
    QVERIFY(o.result->verifiedBy.isEmpty());
    QCOMPARE(o.result->releasedAtMs, released); // turnaround time ended at the first release

    QVERIFY(!m_results->verify(order, Tech).ok()); // the amender does not verify their own value
    QVERIFY(m_results->verify(order, Supervisor).ok());
    QCOMPARE(m_repo->order(order).value()->status, QStringLiteral("verified"));

    const QList<ResultHistoryEntry> h = m_repo->history(order).value();
    QStringList story;
    for (const ResultHistoryEntry &e : h)
        story << e.kind + QLatin1Char(' ') + e.value;
    QCOMPARE(story, (QStringList{QStringLiteral("result.entered 150"), QStringLiteral("result.entered 141"),
                                 QStringLiteral("result.verified 141"), QStringLiteral("result.amended 131"),
                                 QStringLiteral("result.verified 131")}));
    QCOMPARE(h.at(3).detail, QStringLiteral("sample from the drip arm"));
}

void TestResults::batchVerificationSkipsAbnormalResults()
{
    const QString a = receivedSpecimen({QStringLiteral("NA"), QStringLiteral("K"), QStringLiteral("GLU")});
    QVERIFY(m_results->enter(a + QStringLiteral("-NA"), QStringLiteral("140"), {}, Tech).ok());
    QVERIFY(m_results->enter(a + QStringLiteral("-K"), QStringLiteral("5.5"), {}, Tech).ok());  // H
    QVERIFY(m_results->enter(a + QStringLiteral("-GLU"), QStringLiteral("30"), {}, Tech).ok()); // HH
    Result<ResultService::BatchOutcome> r = m_results->verifyNormal(
        {a + QStringLiteral("-NA"), a + QStringLiteral("-K"), a + QStringLiteral("-GLU")}, Supervisor);
    QVERIFY(r.ok());
    QCOMPARE(r.value().verified, QStringList{a + QStringLiteral("-NA")});
    QCOMPARE(r.value().skipped.size(), 2);
    QCOMPARE(m_repo->order(a + QStringLiteral("-K")).value()->status, QStringLiteral("entered"));
}

void TestResults::projectionsRebuildAfterResults()
{
    const QString order = receivedSpecimen({QStringLiteral("K")}) + QStringLiteral("-K");
    QVERIFY(m_results->enter(order, QStringLiteral("6.9"), {}, Tech).ok());
    QVERIFY(m_results->notify(order, {QStringLiteral("Dr. Moreau"), 0, true}, Tech).ok());
    QVERIFY(m_results->verify(order, Supervisor).ok());
    QVERIFY(
        m_results->amend(order, QStringLiteral("4.4"), {}, QStringLiteral("haemolysed"), Supervisor).ok());
    Result<QStringList> diff = RebuildCheck::differences(m_lab->database());
    QVERIFY2(diff.ok(), qPrintable(diff.error()));
    QVERIFY2(diff.value().isEmpty(), qPrintable(diff.value().join(QLatin1Char('\n'))));

    // And the check would see a tampered result.
    QVERIFY(m_lab->database().executeScript(QStringLiteral("UPDATE results SET value = '4.0'")).ok());
    QVERIFY(!RebuildCheck::differences(m_lab->database()).value().isEmpty());
}

void TestResults::unknownPatientsAreJudgedThroughTheService_data()
{
    QTest::addColumn<QString>("patient");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("basis");

    QTest::newRow("unidentified, 9.9 critical") << "unidentified"
                                                << "9.9"
                                                << "HH"
                                                << "age_sex_unknown";
    QTest::newRow("unidentified, normal") << "unidentified"
                                          << "4.0"
                                          << "N"
                                          << "age_sex_unknown";
    QTest::newRow("unidentified, 3.3 low") << "unidentified"
                                           << "3.3"
                                           << "L"
                                           << "age_sex_unknown";
    QTest::newRow("sex unknown, 6.1 critical") << "sex unknown"
                                               << "6.1"
                                               << "HH"
                                               << "sex_unknown";
    QTest::newRow("sex unknown, 5.1 normal") << "sex unknown"
                                             << "5.1"
                                             << "N"
                                             << "sex_unknown";
    QTest::newRow("newborn, 6.3 critical") << "newborn"
                                           << "6.3"
                                           << "HH"
                                           << "not_covered";
    QTest::newRow("newborn, 6.1 high") << "newborn"
                                       << "6.1"
                                       << "H"
                                       << "not_covered";
    QTest::newRow("known woman, 6.1 critical") << "known"
                                               << "6.1"
                                               << "HH"
                                               << "";
    QTest::newRow("known woman, 4.0 normal") << "known"
                                             << "4.0"
                                             << "N"
                                             << "";
}

void TestResults::unknownPatientsAreJudgedThroughTheService()
{
    QFETCH(QString, patient);
    QFETCH(QString, value);
    QFETCH(QString, flag);
    QFETCH(QString, basis);
    importJudgementTest();
    const QString order =
        testlab::receivedFor(*m_lab, patient, {QStringLiteral("XK")}) + QStringLiteral("-XK");
    Result<ResultService::Recorded> r = m_results->enter(order, value, {}, Tech);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    QCOMPARE(ResultFlags::code(r.value().evaluation.flag), flag);
    QCOMPARE(ResultJudge::basisCode(r.value().evaluation.basis), basis);
    // The journal says how the limits were chosen, and the projection keeps it.
    const QJsonObject payload = r.value().event.payloadObject();
    QCOMPARE(payload.value(QLatin1String("range_basis")).toString(), basis);
    QVERIFY(payload.value(QLatin1String("range")).isObject());
    const OrderResult o = *m_repo->order(order).value();
    QCOMPARE(o.result->flag, flag);
    QCOMPARE(o.result->rangeBasis, basis);
    // The critical-result rule applies exactly as for a known patient.
    Result<Event> verified = m_results->verify(order, Supervisor);
    if (ResultFlags::isCritical(ResultFlags::parse(flag))) {
        QVERIFY(!verified.ok());
        QVERIFY2(verified.error().contains(QLatin1String("critical")), qPrintable(verified.error()));
        QVERIFY(m_results->notify(order, {QStringLiteral("Dr. Moreau"), 0, true}, Tech).ok());
        verified = m_results->verify(order, Supervisor);
    }
    QVERIFY2(verified.ok(), qPrintable(verified.error()));
}

void TestResults::implausibleValueNeedsAConfirmedReason()
{
    const QString order = receivedSpecimen({QStringLiteral("K")}) + QStringLiteral("-K");
    const qint64 before = testlab::journalCount(*m_lab);
    Result<ResultService::Recorded> refused = m_results->enter(order, QStringLiteral("45"), {}, Tech);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QLatin1String("plausibly")) &&
                 refused.error().contains(QLatin1String("0 to 15")),
             qPrintable(refused.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(m_results->implausibility(order, QStringLiteral("45"), {}).value(), refused.error());
    QVERIFY(m_results->implausibility(order, QStringLiteral("4.5"), {}).value().isEmpty());
    // A blank reason is no reason.
    QVERIFY(!m_results->enter(order, QStringLiteral("45"), {}, Tech, QStringLiteral("  ")).ok());

    Result<ResultService::Recorded> confirmed =
        m_results->enter(order, QStringLiteral("45"), {}, Tech, QStringLiteral("repeated on a new tube"));
    QVERIFY2(confirmed.ok(), qPrintable(confirmed.error()));
    QCOMPARE(confirmed.value().event.payloadObject().value(QLatin1String("implausible_confirmed")).toString(),
             QStringLiteral("repeated on a new tube"));
    QCOMPARE(m_repo->order(order).value()->result->implausibleReason,
             QStringLiteral("repeated on a new tube"));
    QCOMPARE(m_repo->order(order).value()->result->flag, QStringLiteral("HH"));
    // An amendment is held to the same limits.
    QVERIFY(m_results->notify(order, {QStringLiteral("Dr. Moreau"), 0, true}, Tech).ok());
    QVERIFY(m_results->verify(order, Supervisor).ok());
    QVERIFY(!m_results->amend(order, QStringLiteral("-2"), {}, QStringLiteral("typo"), Supervisor).ok());
    QVERIFY(m_results->amend(order, QStringLiteral("4.2"), {}, QStringLiteral("typo"), Supervisor).ok());
    QVERIFY(m_repo->order(order).value()->result->implausibleReason.isEmpty());
}

void TestResults::batchReleaseHoldsResultsJudgedWithoutTheirRange()
{
    importJudgementTest();
    const QString unidentified =
        testlab::receivedFor(*m_lab, QStringLiteral("unidentified"), {QStringLiteral("XK")}) +
        QStringLiteral("-XK");
    const QString known =
        testlab::receivedFor(*m_lab, QStringLiteral("known"), {QStringLiteral("XK")}) + QStringLiteral("-XK");
    const QString confirmed = receivedSpecimen({QStringLiteral("K")}) + QStringLiteral("-K");
    QVERIFY(m_results->enter(unidentified, QStringLiteral("4.0"), {}, Tech).ok()); // N, but by all ranges
    QVERIFY(m_results->enter(known, QStringLiteral("4.0"), {}, Tech).ok());
    QVERIFY(m_results->enter(confirmed, QStringLiteral("16"), {}, Tech, QStringLiteral("checked")).ok());
    Result<ResultService::BatchOutcome> r =
        m_results->verifyNormal({unidentified, known, confirmed}, Supervisor);
    QVERIFY(r.ok());
    QCOMPARE(r.value().verified, QStringList{known});
    QCOMPARE(r.value().skipped.size(), 2);
    QVERIFY2(r.value().skipped.at(0).second.contains(QLatin1String("all ranges")),
             qPrintable(r.value().skipped.at(0).second));
    QCOMPARE(m_repo->order(unidentified).value()->status, QStringLiteral("entered"));
}

void TestResults::resultsRecordedUnjudgedAreJudgedNow()
{
    // What the old rule recorded for an unidentified patient: a potassium of 9.9 with no flag and no
    // basis, released without a call. Written as that station wrote it.
    importJudgementTest();
    const QString a = testlab::receivedFor(*m_lab, QStringLiteral("unidentified"),
                                           {QStringLiteral("XK"), QStringLiteral("NA")});
    const QString order = a + QStringLiteral("-XK");
    const QString pending = a + QStringLiteral("-NA");
    const Status old = testlab::writeUnflaggedResult(*m_lab, order, QStringLiteral("9.9"), Tech);
    QVERIFY2(old.ok(), qPrintable(old.error()));
    QVERIFY(ResultJudge::recordedUnjudged(*m_repo->order(order).value()));
    // Verification judges it now: critical, so the call comes first.
    Result<Event> early = m_results->verify(order, Supervisor);
    QVERIFY(!early.ok());
    QVERIFY2(early.error().contains(QLatin1String("critical")), qPrintable(early.error()));
    QVERIFY(!m_results->verifyNormal({order}, Supervisor).value().verified.contains(order));

    // Released anyway the old way (a result.verified written as before): now listed for a supervisor.
    QVERIFY(testlab::writeResultEvent(
                *m_lab, Supervisor, QStringLiteral("result.verified"), order,
                {{QStringLiteral("value"), QStringLiteral("9.9")}, {QStringLiteral("flag"), QString()}})
                .ok());
    QVERIFY(m_results->enter(pending, QStringLiteral("140"), {}, Tech).ok());
    Result<QList<UnjudgedResult>> listed = UnjudgedResults(*m_repo).releasedCriticalWithoutCall();
    QVERIFY2(listed.ok(), qPrintable(listed.error()));
    QCOMPARE(listed.value().size(), 1);
    QCOMPARE(listed.value().first().order.orderId, order);
    QCOMPARE(listed.value().first().judgement.flag, ResultFlag::CriticalHigh);
    QCOMPARE(listed.value().first().judgement.basis, RangeBasis::AgeAndSexUnknown);

    // The same after a rebuild: the list is judged from the projections, which the journal gives back.
    QVERIFY(RebuildCheck::differences(m_lab->database()).value().isEmpty());
    // A catalogue change is taken into account at once: with a higher critical limit, not critical.
    importJudgementTest(R"([{"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.5, "high": 5.1,
                             "critical_low": 2.0, "critical_high": 10.0}])");
    QVERIFY(UnjudgedResults(*m_repo).releasedCriticalWithoutCall().value().isEmpty());
    importJudgementTest(); // back to the narrower limits
    // The documented call takes it off the list.
    QCOMPARE(UnjudgedResults(*m_repo).releasedCriticalWithoutCall().value().size(), 1);
    QVERIFY(m_results->notify(order, {QStringLiteral("Dr. Moreau"), 0, true}, Supervisor).ok());
    QVERIFY(UnjudgedResults(*m_repo).releasedCriticalWithoutCall().value().isEmpty());
}

QTEST_GUILESS_MAIN(TestResults)
#include "tst_results.moc"
