// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessioner.h"
#include "accession/accessionnumber.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");

QString yearPart()
{
    return QStringLiteral("%1").arg(QDate::currentDate().year() % 100, 2, 10, QLatin1Char('0'));
}
} // namespace

class TestAccessioner : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void assignedNumbersFollowTheScheme();
    void recordsOneEventWithTheRequest();
    void preprintedBarcodeIsUsedAsIs();
    void preprintedNumberFromOwnRangeIsSkipped();
    void badBarcodes_data();
    void badBarcodes();
    void duplicateBarcodeIsRefused();
    void invalidRequests_data();
    void invalidRequests();
    void collectionTimeWithinClockSkewIsAccepted();
    void knownMrnFillsInThePatient();
    void unidentifiedPatientIsAllowed();

private:
    Result<Specimen> accession(const AccessionRequest &r) { return m_lab->accessioner().accession(r, Tech); }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
};

void TestAccessioner::init()
{
    m_db = std::make_unique<TestDatabase>(QStringLiteral("ACC"));
    m_lab = m_db->open();
    const Status imported = testlab::importDemoCatalog(*m_lab);
    QVERIFY2(imported.ok(), qPrintable(imported.error()));
}

void TestAccessioner::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

void TestAccessioner::assignedNumbersFollowTheScheme()
{
    static const QRegularExpression scheme(QStringLiteral("^ACC(\\d\\d)(\\d{6})([0-9A-Z])$"));
    QStringList numbers;
    for (int i = 1; i <= 12; ++i) {
        Result<Specimen> s = accession(testlab::serumRequest());
        QVERIFY2(s.ok(), qPrintable(s.error()));
        const QString n = s.value().accession;
        const QRegularExpressionMatch m = scheme.match(n);
        QVERIFY2(m.hasMatch(), qPrintable(n));
        QCOMPARE(m.captured(1), yearPart());
        QCOMPARE(m.captured(2).toInt(), i); // the station's sequence, from 1, without gaps
        QCOMPARE(m.captured(3).at(0), AccessionNumber::checkCharacter(n.chopped(1)));
        QCOMPARE(AccessionNumber::validate(n), AccessionNumber::Problem::None);
        numbers << n;
    }
    QStringList sorted = numbers;
    sorted.sort();
    QCOMPARE(sorted, numbers);
    QCOMPARE(
        testlab::scalar(
            m_lab->database().connection(),
            QStringLiteral("SELECT last_seq FROM accession_counters WHERE prefix = 'ACC%1'").arg(yearPart())),
        qint64(12));
}

void TestAccessioner::recordsOneEventWithTheRequest()
{
    const qint64 before = testlab::journalCount(*m_lab);
    AccessionRequest r =
        testlab::serumRequest({QStringLiteral("NA"), QStringLiteral("K"), QStringLiteral("CREA")});
    r.priority = QStringLiteral("stat");
    r.collectedAtMs = QDateTime::currentMSecsSinceEpoch() - 20 * 60'000;
    Result<Specimen> s = accession(r);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);

    const Specimen &sp = s.value();
    QCOMPARE(sp.status, QStringLiteral("accessioned"));
    QCOMPARE(sp.priority, QStringLiteral("stat"));
    QCOMPARE(sp.specimenType, QStringLiteral("SERUM"));
    QCOMPARE(sp.container, QStringLiteral("SST")); // the container of the first test
    QCOMPARE(sp.collectedAtMs, r.collectedAtMs);
    QCOMPARE(sp.collector, QStringLiteral("Ward 3"));
    QCOMPARE(sp.accessionedBy, Tech);
    QCOMPARE(sp.location, QStringLiteral("Main Lab / Receiving"));
    QCOMPARE(sp.receivedAtMs, qint64(0));
    QStringList codes = sp.testCodes();
    codes.sort();
    QCOMPARE(codes, (QStringList{QStringLiteral("CREA"), QStringLiteral("K"), QStringLiteral("NA")}));
    for (const TestOrder &o : sp.orders) {
        QCOMPARE(o.bench, QStringLiteral("CHEM"));
        QCOMPARE(o.status, QStringLiteral("ordered"));
        QVERIFY(!o.testName.isEmpty());
    }

    QSqlQuery q(m_lab->database().connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT kind, subject, actor, payload FROM journal ORDER BY station_seq DESC "
                              "LIMIT 1")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("specimen.accessioned"));
    QCOMPARE(q.value(1).toString(), sp.accession);
    QCOMPARE(q.value(2).toString(), Tech);
    const QJsonObject payload = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
    QCOMPARE(payload.value(QLatin1String("priority")).toString(), QStringLiteral("stat"));
    QCOMPARE(payload.value(QLatin1String("tests")).toArray().size(), 3);
    QCOMPARE(payload.value(QLatin1String("patient")).toObject().value(QLatin1String("mrn")).toString(),
             QStringLiteral("M0000001"));
}

void TestAccessioner::preprintedBarcodeIsUsedAsIs()
{
    const QString label = AccessionNumber::compose(QStringLiteral("LBL"), 2026, 4711);
    AccessionRequest r = testlab::serumRequest();
    r.barcode = QStringLiteral(" ") + label + QStringLiteral("\n");
    Result<Specimen> s = accession(r);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QCOMPARE(s.value().accession, label);
    QVERIFY(m_lab->specimens().exists(label));
    // The station's own counter is untouched.
    QCOMPARE(testlab::scalar(m_lab->database().connection(),
                             QStringLiteral("SELECT count(*) FROM accession_counters")),
             qint64(0));
    Result<Specimen> next = accession(testlab::serumRequest());
    QVERIFY(next.ok());
    QCOMPARE(next.value().accession,
             AccessionNumber::compose(QStringLiteral("ACC"), QDate::currentDate().year(), 1));
}

void TestAccessioner::preprintedNumberFromOwnRangeIsSkipped()
{
    // Labels pre-printed from this station's own range must not be handed out a second time.
    const int year = QDate::currentDate().year();
    AccessionRequest r = testlab::serumRequest();
    r.barcode = AccessionNumber::compose(QStringLiteral("ACC"), year, 2);
    QVERIFY(accession(r).ok());
    Result<Specimen> first = accession(testlab::serumRequest());
    Result<Specimen> second = accession(testlab::serumRequest());
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(first.value().accession, AccessionNumber::compose(QStringLiteral("ACC"), year, 1));
    QCOMPARE(second.value().accession, AccessionNumber::compose(QStringLiteral("ACC"), year, 3));
}

void TestAccessioner::badBarcodes_data()
{
    QTest::addColumn<QString>("barcode");
    QTest::addColumn<QString>("says");

    const QString valid = AccessionNumber::compose(QStringLiteral("LBL"), 2026, 17);
    QString badCheck = valid;
    badCheck.back() = valid.back() == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    QString misread = valid;
    misread[5] = misread[5] == QLatin1Char('9') ? QLatin1Char('8') : QLatin1Char('9');
    QTest::newRow("check character wrong") << badCheck << "check character";
    QTest::newRow("digit misread") << misread << "check character";
    QTest::newRow("lower case") << valid.toLower() << "characters";
    QTest::newRow("too short") << QStringLiteral("AB1") << "characters long";
}

void TestAccessioner::badBarcodes()
{
    QFETCH(QString, barcode);
    QFETCH(QString, says);

    const QStringList before = testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal"));
    AccessionRequest r = testlab::serumRequest();
    r.barcode = barcode;
    Result<Specimen> s = accession(r);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(says), qPrintable(s.error()));
    QCOMPARE(testlab::tableRows(m_lab->database().connection(), QStringLiteral("journal")), before);
}

void TestAccessioner::duplicateBarcodeIsRefused()
{
    AccessionRequest r = testlab::serumRequest();
    r.barcode = AccessionNumber::compose(QStringLiteral("LBL"), 2026, 99);
    QVERIFY(accession(r).ok());
    const qint64 before = testlab::journalCount(*m_lab);
    Result<Specimen> again = accession(r);
    QVERIFY(!again.ok());
    QVERIFY2(again.error().contains(QLatin1String("already accessioned")), qPrintable(again.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);

    // A number the station assigned itself cannot be reused as a "pre-printed" label either.
    Result<Specimen> assigned = accession(testlab::serumRequest());
    QVERIFY(assigned.ok());
    r.barcode = assigned.value().accession;
    QVERIFY(!accession(r).ok());
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);
}

void TestAccessioner::invalidRequests_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("says");

    QTest::newRow("unknown specimen type") << "type"
                                           << "BLOOD"
                                           << "specimen type";
    QTest::newRow("no tests") << "tests"
                              << ""
                              << "at least one test";
    QTest::newRow("unknown test") << "tests"
                                  << "GLU,XYZ"
                                  << "XYZ";
    QTest::newRow("test of another specimen type") << "tests"
                                                   << "GLU,WBC"
                                                   << "WBC";
    QTest::newRow("test ordered twice") << "tests"
                                        << "GLU,NA,GLU"
                                        << "twice";
    QTest::newRow("lower-case test code") << "tests"
                                          << "glu"
                                          << "glu";
    QTest::newRow("bad priority") << "priority"
                                  << "urgent"
                                  << "priority";
    QTest::newRow("priority in capitals") << "priority"
                                          << "STAT"
                                          << "priority";
    QTest::newRow("future collection") << "collected"
                                       << "3600000"
                                       << "future";
    QTest::newRow("collection next year") << "collected"
                                          << "31536000000"
                                          << "future";
    QTest::newRow("unknown MRN without name") << "mrn"
                                              << "M9999999"
                                              << "M9999999";
    QTest::newRow("date of birth, bad month") << "dob"
                                              << "1980-13-01"
                                              << "date of birth";
    QTest::newRow("date of birth, local format") << "dob"
                                                 << "02/04/1980"
                                                 << "date of birth";
    QTest::newRow("date of birth, missing") << "dob"
                                            << ""
                                            << "date of birth";
    QTest::newRow("date of birth, in the future")
        << "dob" << QDate::currentDate().addDays(1).toString(Qt::ISODate) << "date of birth";
    QTest::newRow("bad sex") << "sex"
                             << "X"
                             << "Sex";
}

void TestAccessioner::invalidRequests()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, says);

    // The known patient M0000001 exists, so that "unknown MRN" is a real lookup miss.
    QVERIFY(accession(testlab::serumRequest()).ok());
    const QSqlDatabase db = m_lab->database().connection();
    const qint64 journal = testlab::journalCount(*m_lab);
    const QStringList specimens = testlab::tableRows(db, QStringLiteral("specimens"));
    const QStringList patients = testlab::tableRows(db, QStringLiteral("patients"));
    const QStringList counters = testlab::tableRows(db, QStringLiteral("accession_counters"));

    AccessionRequest r = testlab::serumRequest();
    r.patient.mrn = QStringLiteral("M0000002");
    if (field == QLatin1String("type"))
        r.specimenType = value;
    else if (field == QLatin1String("tests"))
        r.tests = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
    else if (field == QLatin1String("priority"))
        r.priority = value;
    else if (field == QLatin1String("collected"))
        r.collectedAtMs = QDateTime::currentMSecsSinceEpoch() + value.toLongLong();
    else if (field == QLatin1String("mrn"))
        r.patient = Patient{value, {}, {}, {}};
    else if (field == QLatin1String("dob"))
        r.patient.birthDate = value;
    else if (field == QLatin1String("sex"))
        r.patient.sex = value;
    else
        QFAIL("unknown field");

    Result<Specimen> s = accession(r);
    QVERIFY2(!s.ok(), "the request was accepted");
    QVERIFY2(s.error().contains(says), qPrintable(s.error()));
    QCOMPARE(testlab::journalCount(*m_lab), journal);
    QCOMPARE(testlab::tableRows(db, QStringLiteral("specimens")), specimens);
    QCOMPARE(testlab::tableRows(db, QStringLiteral("patients")), patients);
    QCOMPARE(testlab::tableRows(db, QStringLiteral("accession_counters")), counters);
}

void TestAccessioner::collectionTimeWithinClockSkewIsAccepted()
{
    // Ward clocks drift: two minutes ahead is not an error.
    AccessionRequest r = testlab::serumRequest();
    r.collectedAtMs = QDateTime::currentMSecsSinceEpoch() + 2 * 60'000;
    Result<Specimen> s = accession(r);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QCOMPARE(s.value().collectedAtMs, r.collectedAtMs);
}

void TestAccessioner::knownMrnFillsInThePatient()
{
    QVERIFY(accession(testlab::serumRequest()).ok());
    AccessionRequest r = testlab::serumRequest({QStringLiteral("WBC"), QStringLiteral("PLT")});
    r.specimenType = QStringLiteral("WB_EDTA");
    r.patient = Patient{QStringLiteral(" M0000001 "), {}, {}, {}};
    Result<Specimen> s = accession(r);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QCOMPARE(s.value().patient.mrn, QStringLiteral("M0000001"));
    QCOMPARE(s.value().patient.name, QStringLiteral("Doe, Jane"));
    QCOMPARE(s.value().patient.birthDate, QStringLiteral("1980-04-02"));
    QCOMPARE(s.value().patient.sex, QStringLiteral("F"));
    QCOMPARE(s.value().container, QStringLiteral("EDTA"));
    QCOMPARE(testlab::scalar(m_lab->database().connection(), QStringLiteral("SELECT count(*) FROM patients")),
             qint64(1));
    QVERIFY2(s.value().summary().contains(QLatin1String("Doe, Jane")), qPrintable(s.value().summary()));
}

void TestAccessioner::unidentifiedPatientIsAllowed()
{
    AccessionRequest r = testlab::serumRequest();
    r.patient = Patient{};
    Result<Specimen> s = accession(r);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QVERIFY(s.value().patient.mrn.isEmpty());
    QVERIFY(s.value().summary().contains(QLatin1String("not identified")));
    QCOMPARE(testlab::scalar(m_lab->database().connection(), QStringLiteral("SELECT count(*) FROM patients")),
             qint64(0));
}

QTEST_GUILESS_MAIN(TestAccessioner)
#include "tst_accessioner.moc"
