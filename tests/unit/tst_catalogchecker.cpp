// SPDX-License-Identifier: GPL-3.0-or-later
// CatalogChecker: the holes and contradictions of a catalogue's numeric tests (age bands without a
// range for a sex, no range at all, critical limits inside the normal interval, a missing, empty or
// too narrow plausibility interval); the demo catalogue has none; and `benchside-cli catalog import`
// reports them and imports, or with --strict refuses the file and records nothing.
#include "catalog/catalogchecker.h"
#include "catalog/catalogimporter.h"
#include "clirunner.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {
QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (!doc.isObject())
        qFatal("bad test JSON (%s): %s", qPrintable(error.errorString()), json);
    return doc.object();
}

QString describe(const QList<CatalogChecker::Warning> &warnings)
{
    QStringList lines;
    for (const CatalogChecker::Warning &w : warnings)
        lines << w.test + QStringLiteral(": ") + w.message;
    return lines.join(QLatin1Char('\n'));
}

// A small catalogue whose one numeric test (XGLU) has ranges for adults only.
QByteArray catalogueWithHoles()
{
    return QByteArray(R"({
  "benches": [{"code": "XCHEM", "name": "Extra chemistry"}],
  "specimen_types": [{"code": "XSERUM", "name": "Serum, extra"}],
  "containers": [{"code": "XSST", "name": "Gold top, extra"}],
  "tests": [{"code": "XGLU", "name": "Glucose, extra", "bench": "XCHEM", "specimen_type": "XSERUM",
             "container": "XSST", "tat_minutes": 60, "unit": "mmol/L", "result_type": "numeric",
             "plausible_low": 0, "plausible_high": 60,
             "reference_ranges": [{"sex": "any", "age_min_years": 18, "age_max_years": 120, "low": 3.9,
                                   "high": 5.5, "critical_low": 2.5, "critical_high": 25}]}]
})");
}
} // namespace

class TestCatalogChecker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void warnings_data();
    void warnings();
    void checkNamesEachWarningsTest();
    void demoCatalogueHasNoWarnings();
    void importerReportsTheWarningsOfAFile();
    void importerRefusesABrokenFile();

    void cliImport_data();
    void cliImport();

private:
    QString m_cli;
};

void TestCatalogChecker::initTestCase()
{
    m_cli = testlab::cliPath();
}

void TestCatalogChecker::warnings_data()
{
    QTest::addColumn<QByteArray>("definition");
    // One entry per expected warning, in order: a part of its message.
    QTest::addColumn<QStringList>("expected");

    const QStringList none;
    // Plausibility 0–100 and no critical limits unless a row says otherwise.
    QTest::newRow("hole-free: one range for everybody")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5,
             "critical_low": 2.5, "critical_high": 25}]})")
        << none;
    QTest::newRow("hole-free: child ranges, then adult ranges by sex")
        << QByteArray(R"({"result_type": "numeric", "plausible_low": 0, "plausible_high": 100,
            "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 1, "low": 1, "high": 2},
            {"sex": "any", "age_min_years": 1, "age_max_years": 18, "low": 1, "high": 2},
            {"sex": "M", "age_min_years": 18, "age_max_years": 120, "low": 1, "high": 2},
            {"sex": "F", "age_min_years": 18, "age_max_years": 120, "low": 1, "high": 2}]})")
        << none;
    QTest::newRow("hole-free: overlapping bands, out of order, beyond 120")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 5, "age_max_years": 130, "low": 1, "high": 2},
            {"sex": "any", "age_min_years": 0, "age_max_years": 10, "low": 1, "high": 2}]})")
        << none;
    QTest::newRow("hole-free: no ages given means all ages")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"low": 1, "high": 2}]})")
        << none;
    QTest::newRow("coded test: nothing to check")
        << QByteArray(R"({"result_type": "coded", "reference_ranges": [], "allowed_values": ["Neg", "Pos"]})")
        << none;
    QTest::newRow("text test: nothing to check")
        << QByteArray(R"({"result_type": "text", "reference_ranges": []})") << none;

    QTest::newRow("no range at all")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": []})")
        << QStringList{QStringLiteral("without any reference range")};
    QTest::newRow("no result type and nothing else: numeric, no range, no plausibility")
        << QByteArray(R"({"unit": "mmol/L"})")
        << QStringList{QStringLiteral("without any reference range"),
                       QStringLiteral("No plausibility interval")};
    QTest::newRow("ranges from 1 year: the first year, for each sex")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 1, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("No reference range for F aged 0–1 years"),
                       QStringLiteral("No reference range for M aged 0–1 years")};
    QTest::newRow("adult ranges by sex only: children of both sexes")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "M", "age_min_years": 18, "age_max_years": 120, "low": 1, "high": 2},
            {"sex": "F", "age_min_years": 18, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("for F aged 0–18 years"), QStringLiteral("for M aged 0–18 years")};
    QTest::newRow("a range for women only: men of every age")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "F", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("No reference range for M aged 0–120 years")};
    QTest::newRow("a band missing in the middle, and at the end")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 0.1, "low": 1, "high": 2},
            {"sex": "any", "age_min_years": 1, "age_max_years": 100, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("for F aged 0.1–1 years"), QStringLiteral("for F aged 100–120 years"),
                       QStringLiteral("for M aged 0.1–1 years"), QStringLiteral("for M aged 100–120 years")};
    QTest::newRow("adolescents of one sex missing")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 12, "low": 1, "high": 2},
            {"sex": "M", "age_min_years": 12, "age_max_years": 120, "low": 1, "high": 2},
            {"sex": "F", "age_min_years": 18, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("No reference range for F aged 12–18 years")};

    QTest::newRow("critical low above the normal low")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5,
             "critical_low": 4, "critical_high": 25}]})")
        << QStringList{QStringLiteral("Critical low 4 lies inside the normal interval 3.9–5.5")};
    QTest::newRow("critical high below the normal high")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "M", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5,
             "critical_high": 5},
            {"sex": "F", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5}]})")
        << QStringList{
               QStringLiteral("Critical high 5 lies inside the normal interval 3.9–5.5 of the range for M "
                              "aged 0–120 years")};
    QTest::newRow("critical limits equal to the normal ones are fine")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5,
             "critical_low": 3.9, "critical_high": 5.5}]})")
        << none;

    QTest::newRow("no plausibility interval") << QByteArray(R"({"reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})")
                                              << QStringList{QStringLiteral("No plausibility interval")};
    QTest::newRow("plausibility: only the low end")
        << QByteArray(R"({"plausible_low": 0, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("needs both plausible_low and plausible_high")};
    QTest::newRow("plausibility: not a number")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": "60", "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("needs both plausible_low and plausible_high")};
    QTest::newRow("plausibility: low equal to high")
        << QByteArray(R"({"plausible_low": 10, "plausible_high": 10, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("plausibility interval 10–10 is empty")};
    QTest::newRow("plausibility: low above high")
        << QByteArray(R"({"plausible_low": 20, "plausible_high": 10, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})")
        << QStringList{QStringLiteral("plausibility interval 20–10 is empty")};
    QTest::newRow("plausibility narrower than the normal interval")
        << QByteArray(R"({"plausible_low": 4, "plausible_high": 100, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5}]})")
        << QStringList{
               QStringLiteral("plausibility interval 4–100 does not contain every limit of the range for "
                              "either sex aged 0–120 years (3.9 outside)")};
    QTest::newRow("plausibility that leaves a critical limit out")
        << QByteArray(R"({"plausible_low": 0, "plausible_high": 20, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 1, "low": 3.9, "high": 5.5},
            {"sex": "any", "age_min_years": 1, "age_max_years": 120, "low": 3.9, "high": 5.5,
             "critical_low": 2.5, "critical_high": 25}]})")
        << QStringList{QStringLiteral("aged 1–120 years (25 outside)")};
    QTest::newRow("plausibility equal to the limits is fine")
        << QByteArray(R"({"plausible_low": 2.5, "plausible_high": 25, "reference_ranges": [
            {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 3.9, "high": 5.5,
             "critical_low": 2.5, "critical_high": 25}]})")
        << none;
}

void TestCatalogChecker::warnings()
{
    QFETCH(QByteArray, definition);
    QFETCH(QStringList, expected);
    const QList<CatalogChecker::Warning> found =
        CatalogChecker::checkTest(QStringLiteral("XT"), object(definition.constData()));
    QVERIFY2(found.size() == expected.size(), qPrintable(describe(found)));
    for (qsizetype i = 0; i < found.size(); ++i) {
        QCOMPARE(found.at(i).test, QStringLiteral("XT"));
        QVERIFY2(found.at(i).message.contains(expected.at(i)), qPrintable(found.at(i).message));
    }
}

void TestCatalogChecker::checkNamesEachWarningsTest()
{
    const QJsonArray tests{
        object(R"({"code": "A", "plausible_low": 0, "plausible_high": 9, "reference_ranges": [
                   {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})"),
        object(R"({"code": "B", "reference_ranges": [
                   {"sex": "any", "age_min_years": 0, "age_max_years": 120, "low": 1, "high": 2}]})"),
        object(R"({"code": "C", "result_type": "coded"})"),
        object(R"({"code": "D", "plausible_low": 0, "plausible_high": 9})")};
    const QList<CatalogChecker::Warning> found = CatalogChecker::check(tests);
    QStringList codes;
    for (const CatalogChecker::Warning &w : found)
        codes << w.test;
    QCOMPARE(codes, (QStringList{QStringLiteral("B"), QStringLiteral("D")}));
}

void TestCatalogChecker::demoCatalogueHasNoWarnings()
{
    const QByteArray json = testlab::demoCatalogJson();
    const Result<QList<CatalogChecker::Warning>> found = CatalogImporter::warnings(json);
    QVERIFY2(found.ok(), qPrintable(found.error()));
    QVERIFY2(found.value().isEmpty(), qPrintable(describe(found.value())));
    // Every numeric test of the demo was looked at (and has a plausibility interval).
    int numeric = 0;
    for (const QJsonValue &t :
         QJsonDocument::fromJson(json).object().value(QLatin1String("tests")).toArray()) {
        if (!CatalogChecker::isNumeric(t.toObject()))
            continue;
        ++numeric;
        QVERIFY2(t.toObject().value(QLatin1String("plausible_low")).isDouble() &&
                     t.toObject().value(QLatin1String("plausible_high")).isDouble(),
                 qPrintable(t.toObject().value(QLatin1String("code")).toString()));
    }
    QVERIFY(numeric >= 25);
}

void TestCatalogChecker::importerReportsTheWarningsOfAFile()
{
    const Result<QList<CatalogChecker::Warning>> found = CatalogImporter::warnings(catalogueWithHoles());
    QVERIFY2(found.ok(), qPrintable(found.error()));
    QCOMPARE(found.value().size(), 2);
    for (const CatalogChecker::Warning &w : found.value()) {
        QCOMPARE(w.test, QStringLiteral("XGLU"));
        QVERIFY2(w.message.contains(QStringLiteral("aged 0–18 years")), qPrintable(w.message));
    }
}

void TestCatalogChecker::importerRefusesABrokenFile()
{
    QVERIFY(!CatalogImporter::warnings(QByteArrayLiteral("{\"tests\": [")).ok());
    // A test that names a bench the file does not define is the importer's error, not a warning.
    const Result<QList<CatalogChecker::Warning>> r =
        CatalogImporter::warnings(QByteArray(R"({"tests": [{"code": "T", "bench": "NONE"}]})"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QStringLiteral("NONE")), qPrintable(r.error()));
}

void TestCatalogChecker::cliImport_data()
{
    QTest::addColumn<bool>("holes");
    QTest::addColumn<bool>("strict");
    QTest::addColumn<bool>("json");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("recorded");

    QTest::newRow("holes: warned and imported") << true << false << false << 0 << true;
    QTest::newRow("holes, --json: warnings in the output, imported") << true << false << true << 0 << true;
    QTest::newRow("holes, --strict: refused, nothing recorded") << true << true << false << 2 << false;
    QTest::newRow("holes, --strict --json: refused, nothing recorded") << true << true << true << 2 << false;
    QTest::newRow("demo catalogue, --strict: imported") << false << true << false << 0 << true;
    QTest::newRow("demo catalogue, --strict --json: imported") << false << true << true << 0 << true;
}

void TestCatalogChecker::cliImport()
{
    QFETCH(bool, holes);
    QFETCH(bool, strict);
    QFETCH(bool, json);
    QFETCH(int, exitCode);
    QFETCH(bool, recorded);
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));

    TestDatabase db;
    qint64 before = 0;
    {
        std::unique_ptr<Lab> lab = db.open();
        QVERIFY(testlab::importDemoCatalog(*lab).ok()); // the administrator who may import
        before = testlab::journalCount(*lab);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.json"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(holes ? catalogueWithHoles() : testlab::demoCatalogJson());
    }
    QStringList args{QStringLiteral("catalog"), QStringLiteral("import"), path};
    if (strict)
        args << QStringLiteral("--strict");
    if (json)
        args << QStringLiteral("--json");
    const testlab::CliRun r = testlab::runCli(m_cli, db.path(), dir.path(), args);
    QVERIFY2(r.exit == exitCode,
             qPrintable(QStringLiteral("exit %1: %2").arg(r.exit).arg(QString::fromUtf8(r.err))));

    const QString err = QString::fromUtf8(r.err);
    if (json) {
        QVERIFY2(r.json().isObject(), r.out.constData());
        const QJsonObject o = r.json().object();
        QVERIFY2(o.value(QLatin1String("warnings")).isArray(), r.out.constData());
        const QJsonArray warnings = o.value(QLatin1String("warnings")).toArray();
        QCOMPARE(warnings.size(), holes ? 2 : 0);
        for (const QJsonValue &w : warnings) {
            QCOMPARE(w.toObject().value(QLatin1String("test")).toString(), QStringLiteral("XGLU"));
            QVERIFY(w.toObject().value(QLatin1String("message")).toString().contains(QStringLiteral("0–18")));
        }
        QCOMPARE(o.value(QLatin1String("events")).toInt(-1) > 0, recorded);
        // In JSON the warnings are in the output, not on stderr.
        QVERIFY2(!err.contains(QStringLiteral("XGLU:")), qPrintable(err));
    } else {
        QCOMPARE(err.count(QStringLiteral("XGLU: No reference range for ")), holes ? 2 : 0);
    }
    if (exitCode == 2)
        QVERIFY2(err.contains(QStringLiteral("--strict")) &&
                     err.contains(QStringLiteral("nothing was recorded")),
                 qPrintable(err));
    else if (!holes)
        QVERIFY2(err.isEmpty(), qPrintable(err));

    std::unique_ptr<Lab> lab = db.open();
    const qint64 after = testlab::journalCount(*lab);
    QCOMPARE(after > before, recorded);
    if (holes)
        QCOMPARE(testlab::scalar(lab->database().connection(),
                                 QStringLiteral("SELECT count(*) FROM tests WHERE code = 'XGLU'")),
                 qint64(recorded ? 1 : 0));
}

QTEST_GUILESS_MAIN(TestCatalogChecker)
#include "tst_catalogchecker.moc"
