// SPDX-License-Identifier: GPL-3.0-or-later
// Analyzer QC exports: column mappings, CSV records (quoting, BOM, line ends, separators, decimal
// commas), and an import with broken rows reported by line number while the good rows are recorded.
#include "labhelpers.h"
#include "qc/qccsvimporter.h"
#include "qc/qcrepository.h"
#include "qc/qcservice.h"
#include "testdatabase.h"

#include <QTest>

using namespace benchside;

namespace {
const QString Supervisor = QStringLiteral("a.okafor");
const QString Tech = QStringLiteral("p.nair");

QcAnalyzerMapping mapping(
    const QString &columns = QStringLiteral("test=Test,lot=Lot,level=Level,value=Result,time=Time,run=Run"),
    const QString &format = {})
{
    Result<QcAnalyzerMapping> m = QcAnalyzerMapping::parse(QStringLiteral("AU680"), columns, format);
    if (!m)
        qFatal("mapping: %s", qPrintable(m.error()));
    return m.value();
}

QString lines(const QList<QcCsvImporter::BadRow> &bad)
{
    QStringList out;
    for (const auto &b : bad)
        out << QString::number(b.line) + QLatin1Char(':') + b.reason;
    return out.join(QLatin1Char('\n'));
}
} // namespace

class TestQcCsv : public QObject
{
    Q_OBJECT

private slots:
    void mappingIsChecked_data();
    void mappingIsChecked();
    void mappingRoundTrips();
    void recordsHandleQuotingAndLineEnds();
    void separatorIsDetected_data();
    void separatorIsDetected();
    void semicolonFileWithBomCrlfAndDecimalCommas();
    void decimalMarksAreNeverGuessed();
    void runsWithoutARunColumnAreGroupedByTime();
    void timeFormatFromTheMapping();
    void headerWithoutAMappedColumnIsRefused();
    void importKeepsGoodRowsAndReportsBadOnesByLine();
};

void TestQcCsv::mappingIsChecked_data()
{
    QTest::addColumn<QString>("columns");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("error");
    QTest::newRow("no time") << "test=A,lot=B,level=C,value=D"
                             << ""
                             << "time";
    QTest::newRow("unknown field") << "test=A,lot=B,level=C,value=D,time=E,colour=F"
                                   << ""
                                   << "colour";
    QTest::newRow("no equals") << "test=A,lot"
                               << ""
                               << "FIELD=COLUMN";
    QTest::newRow("twice") << "test=A,test=B,lot=B,level=C,value=D,time=E"
                           << ""
                           << "twice";
    QTest::newRow("one column two fields") << "test=A,lot=A,level=C,value=D,time=E"
                                           << ""
                                           << "two fields";
    QTest::newRow("bad time format") << "test=A,lot=B,level=C,value=D,time=E"
                                     << "qq"
                                     << "time format";
}

void TestQcCsv::mappingIsChecked()
{
    QFETCH(QString, columns);
    QFETCH(QString, format);
    QFETCH(QString, error);
    const Result<QcAnalyzerMapping> m = QcAnalyzerMapping::parse(QStringLiteral("X"), columns, format);
    QVERIFY(!m.ok());
    QVERIFY2(m.error().contains(error), qPrintable(m.error()));
}

void TestQcCsv::mappingRoundTrips()
{
    const QcAnalyzerMapping m =
        mapping(QStringLiteral("test = Assay; lot=Lot No;level=Lvl;value=Result;time=Date"),
                QStringLiteral("dd.MM.yyyy HH:mm"));
    QCOMPARE(m.lot, QStringLiteral("Lot No"));
    QVERIFY(m.run.isEmpty());
    const QcAnalyzerMapping back = QcAnalyzerMapping::fromJson(m.analyzer, m.toJson()).value();
    QCOMPARE(back.describe(), m.describe());
    QCOMPARE(back.timeFormat, m.timeFormat);
}

void TestQcCsv::recordsHandleQuotingAndLineEnds()
{
    const QString text = QStringLiteral("a,\"b,c\",\"say \"\"hi\"\"\"\r\n"
                                        "1,\"two\nlines\",3\r"
                                        "x,y\n"
                                        "\"open,1\n");
    const QList<QcCsvImporter::Record> r = QcCsvImporter::records(text, QLatin1Char(','));
    QCOMPARE(r.size(), 4);
    QCOMPARE(r.at(0).fields, (QStringList{"a", "b,c", "say \"hi\""}));
    QCOMPARE(r.at(1).line, 2);
    QCOMPARE(r.at(1).fields, (QStringList{"1", "two\nlines", "3"}));
    QCOMPARE(r.at(2).line, 4); // the quoted line break counts as a line
    QCOMPARE(r.at(2).fields, (QStringList{"x", "y"}));
    QCOMPARE(r.at(3).line, 5);
    QVERIFY(!r.at(3).error.isEmpty());
    const QList<QcCsvImporter::Record> stray =
        QcCsvImporter::records(QStringLiteral("\"a\"b,c"), QLatin1Char(','));
    QVERIFY(!stray.first().error.isEmpty());
}

void TestQcCsv::separatorIsDetected_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("separator");
    QTest::newRow("comma") << "Test,Lot,Level"
                           << ",";
    QTest::newRow("semicolon") << "Test;Lot;Level"
                               << ";";
    QTest::newRow("tab") << "Test\tLot\tLevel"
                         << "\t";
    QTest::newRow("comma inside quotes") << "\"Test, name\";Lot;Level"
                                         << ";";
    QTest::newRow("semicolon in a comma file's quotes") << "\"a;b;c\",Lot,Level"
                                                        << ",";
}

void TestQcCsv::separatorIsDetected()
{
    QFETCH(QString, header);
    QFETCH(QString, separator);
    QCOMPARE(QString(QcCsvImporter::detectSeparator(header + QStringLiteral("\n1;2,3\n"))), separator);
}

void TestQcCsv::semicolonFileWithBomCrlfAndDecimalCommas()
{
    const QByteArray data = "\xEF\xBB\xBF"
                            "Run;Test;Lot;Level;Result;Time\r\n"
                            "17;GLU;GL-1;1;5,12;2026-11-20 08:00\r\n"
                            "17;GLU;GL-1;L2;15,3;2026-11-20T08:00:30\r\n"
                            "\r\n"
                            "18;NA;NA-1;Level 1;140;2026-11-20 09:15\r\n";
    const Result<QcCsvImporter::Parsed> p = QcCsvImporter::parse(data, mapping());
    QVERIFY2(p.ok(), qPrintable(p.error()));
    QCOMPARE(p.value().separator, QLatin1Char(';'));
    QVERIFY(p.value().decimalComma);
    QVERIFY2(p.value().bad.isEmpty(), qPrintable(lines(p.value().bad)));
    QCOMPARE(p.value().rows, 3);
    QCOMPARE(p.value().runs.size(), 2);
    const QcRunDraft &glu = p.value().runs.at(0);
    QCOMPARE(glu.runId, QStringLiteral("AU680-17"));
    QCOMPARE(glu.testCode, QStringLiteral("GLU"));
    QCOMPARE(glu.values.size(), 2);
    QCOMPARE(glu.values.at(0).value, 5.12);
    QCOMPARE(glu.values.at(1).value, 15.3);
    QCOMPARE(glu.values.at(1).level, 2);
    QCOMPARE(glu.values.at(1).line, 3);
    QCOMPARE(glu.measuredAtMs, QDateTime(QDate(2026, 11, 20), QTime(8, 0)).toMSecsSinceEpoch());
    QCOMPARE(p.value().runs.at(1).values.first().line, 5);
}

void TestQcCsv::decimalMarksAreNeverGuessed()
{
    // A ';' file with decimal commas: a point is ambiguous (1.234 could be a thousand and more).
    const QByteArray semicolons = "Run;Test;Lot;Level;Result;Time\n"
                                  "1;GLU;GL-1;1;5,1;2026-11-20 08:00\n"
                                  "1;GLU;GL-1;2;15.2;2026-11-20 08:00\n";
    Result<QcCsvImporter::Parsed> p = QcCsvImporter::parse(semicolons, mapping());
    QVERIFY(p.ok());
    QCOMPARE(p.value().bad.size(), 1);
    QCOMPARE(p.value().bad.first().line, 3);
    QVERIFY(p.value().bad.first().reason.contains(QStringLiteral("decimal point")));
    // A ',' file reads points; a quoted comma number is refused, never read as 15 or 152.
    const QByteArray commas = "Run,Test,Lot,Level,Result,Time\n"
                              "1,GLU,GL-1,1,5.1,2026-11-20 08:00\n"
                              "1,GLU,GL-1,2,\"15,2\",2026-11-20 08:00\n"
                              "2,GLU,GL-1,1,1e3,2026-11-20 09:00\n";
    p = QcCsvImporter::parse(commas, mapping());
    QVERIFY(p.ok());
    QVERIFY(!p.value().decimalComma);
    QCOMPARE(p.value().runs.first().values.first().value, 5.1);
    QCOMPARE(p.value().bad.size(), 2);
    QCOMPARE(p.value().bad.at(0).line, 3);
    QCOMPARE(p.value().bad.at(1).line, 4);
}

void TestQcCsv::runsWithoutARunColumnAreGroupedByTime()
{
    const QByteArray data = "Test,Lot,Level,Result,Time\n"
                            "GLU,GL-1,2,15.1,2026-11-20 10:00\n"
                            "GLU,GL-1,1,5.0,2026-11-20 08:00\n"
                            "GLU,GL-1,2,15.0,2026-11-20 08:00\n"
                            "GLU,GL-1,1,5.1,2026-11-20 10:00\n";
    const Result<QcCsvImporter::Parsed> p = QcCsvImporter::parse(
        data, mapping(QStringLiteral("test=Test,lot=Lot,level=Level,value=Result,time=Time")));
    QVERIFY(p.ok());
    QCOMPARE(p.value().runs.size(), 2);
    // In time order, whatever the file's order.
    QCOMPARE(p.value().runs.at(0).runId, QStringLiteral("AU680-20261120-080000"));
    QCOMPARE(p.value().runs.at(0).values.size(), 2);
    QCOMPARE(p.value().runs.at(1).values.at(0).line, 2);
    QCOMPARE(p.value().runs.at(1).values.at(1).line, 5);
}

void TestQcCsv::timeFormatFromTheMapping()
{
    const QByteArray data = "Test\tLot\tLevel\tResult\tTime\n"
                            "GLU\tGL-1\t1\t5,0\t20.11.2026 08:00\n"
                            "GLU\tGL-1\t2\t15,0\t2026-11-20 08:00\n";
    const Result<QcCsvImporter::Parsed> p = QcCsvImporter::parse(
        data, mapping(QStringLiteral("test=Test,lot=Lot,level=Level,value=Result,time=Time"),
                      QStringLiteral("dd.MM.yyyy HH:mm")));
    QVERIFY(p.ok());
    QCOMPARE(p.value().runs.size(), 1);
    QCOMPARE(p.value().runs.first().values.first().value, 5.0);
    QCOMPARE(p.value().bad.size(), 1);
    QCOMPARE(p.value().bad.first().line, 3);
    QVERIFY(p.value().bad.first().reason.contains(QStringLiteral("dd.MM.yyyy HH:mm")));
}

void TestQcCsv::headerWithoutAMappedColumnIsRefused()
{
    const Result<QcCsvImporter::Parsed> p =
        QcCsvImporter::parse("Test,Lot,Level,Value,Time\nGLU,GL-1,1,5,2026-11-20 08:00\n", mapping());
    QVERIFY(!p.ok());
    QVERIFY2(p.error().contains(QStringLiteral("\"Result\"")), qPrintable(p.error()));
    QVERIFY(!QcCsvImporter::parse(QByteArray(), mapping()).ok());
    QVERIFY(!QcCsvImporter::parse("Test,Lot\n\xff\xfe\n", mapping()).ok()); // not UTF-8
}

void TestQcCsv::importKeepsGoodRowsAndReportsBadOnesByLine()
{
    TestDatabase db;
    std::unique_ptr<Lab> lab = db.open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
    QcService qc(lab->store(), lab->catalog());
    const QDate today = QDate::currentDate();
    for (const auto &[test, lot, level, mean, sd] :
         {std::tuple{"GLU", "GL-1", 1, 5.0, 0.2}, std::tuple{"GLU", "GL-1", 2, 15.0, 0.5}}) {
        QcService::LotDefinition d;
        d.testCode = QString::fromLatin1(test);
        d.lot = QString::fromLatin1(lot);
        d.level = level;
        d.mean = mean;
        d.sd = sd;
        QVERIFY(qc.defineLot(d, Supervisor).ok());
    }
    // A lot that expired five days ago (defined while it was still good).
    qc.setClock([] { return QDateTime::currentMSecsSinceEpoch() - 10 * 86'400'000LL; });
    QcService::LotDefinition old;
    old.testCode = QStringLiteral("NA");
    old.lot = QStringLiteral("NA-OLD");
    old.level = 1;
    old.mean = 140;
    old.sd = 2;
    old.expires = today.addDays(-5).toString(Qt::ISODate);
    QVERIFY(qc.defineLot(old, Supervisor).ok());
    qc.setClock({});

    const QString day = today.addDays(-1).toString(Qt::ISODate);
    const QString csv = QStringLiteral("Run,Test,Lot,Level,Result,Time\n" // 1
                                       "1,GLU,GL-1,1,5.1,%1 08:00\n"      // 2 good
                                       "1,GLU,GL-1,2,15.2,%1 08:00\n"     // 3 good
                                       "1,XYZ,GL-1,1,5.1,%1 08:00\n"      // 4 unknown test
                                       "1,GLU,GL-9,1,5.1,%1 08:00\n"      // 5 unknown lot
                                       "2,GLU,GL-1,1,five,%1 09:00\n"     // 6 not a number
                                       "2,GLU,GL-1\n"                     // 7 missing columns
                                       "2,GLU,GL-1,2,15.0,%1 09:00\n"     // 8 good
                                       "3,NA,NA-OLD,1,141,%1 10:00\n"     // 9 expired lot
                                       "3,GLU,GL-1,Q,5.0,%1 10:00\n"      // 10 not a level
                                       "3,GLU,GL-1,1,,%1 10:00\n"         // 11 empty value
                                       "1,GLU,GL-1,2,15.3,%1 08:00\n")    // 12 level already in run 1
                            .arg(day);
    Result<QcCsvImporter::Parsed> parsed = QcCsvImporter::parse(csv.toUtf8(), mapping());
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed.value().rows, 11);
    Result<QcService::Recording> rec = qc.recordAll(parsed.value().runs, Tech);
    QVERIFY2(rec.ok(), qPrintable(rec.error()));
    QCOMPARE(rec.value().recordedValues, 3);
    QCOMPARE(rec.value().runs.size(), 2);
    QCOMPARE(rec.value().runs.at(0).runId, QStringLiteral("AU680-1"));
    QCOMPARE(rec.value().runs.at(0).status, QStringLiteral("accepted"));

    QMap<int, QString> bad;
    for (const QcCsvImporter::BadRow &b : parsed.value().bad)
        bad.insert(b.line, b.reason);
    for (const QcService::RejectedValue &r : rec.value().rejected)
        bad.insert(r.line, r.reason);
    QCOMPARE(bad.keys(), (QList<int>{4, 5, 6, 7, 9, 10, 11, 12}));
    for (const auto &[line, words] :
         {std::pair{4, "not a test"}, std::pair{5, "unknown lot GL-9"}, std::pair{6, "not a number"},
          std::pair{7, "missing column(s) Level, Result, Time"}, std::pair{9, "expired on"},
          std::pair{10, "not a control level"}, std::pair{11, "no value in column(s) Result"},
          std::pair{12, "already has a value of lot GL-1 level 2"}})
        QVERIFY2(bad.value(line).contains(QLatin1String(words)),
                 qPrintable(QString::number(line) + QLatin1Char(' ') + bad.value(line)));

    QcRepository repo(lab->database().connection());
    QCOMPARE(repo.values(QStringLiteral("GLU"), QStringLiteral("GL-1")).value().size(), 3);
    QCOMPARE(repo.values(QStringLiteral("NA"), QStringLiteral("NA-OLD")).value().size(), 0);

    // The same file again records nothing twice: every row that was kept is now a repeat.
    Result<QcService::Recording> again = qc.recordAll(parsed.value().runs, Tech);
    QVERIFY(again.ok());
    QCOMPARE(again.value().recordedValues, 0);
    QCOMPARE(repo.values(QStringLiteral("GLU"), QStringLiteral("GL-1")).value().size(), 3);
}

QTEST_GUILESS_MAIN(TestQcCsv)
#include "tst_qccsv.moc"
