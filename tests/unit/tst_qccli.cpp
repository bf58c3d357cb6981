// SPDX-License-Identifier: GPL-3.0-or-later
// The qc commands of the real benchside-cli (env BENCHSIDE_CLI, set by CTest): lot add, lots,
// record, evaluate, import, and the lockout's corrective action, look-back, review and override,
// with their exit codes and JSON shapes (the issue's command-line contract).
#include "clirunner.h"
#include "labhelpers.h"
#include "result/resultservice.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTest>

using namespace benchside;

class TestQcCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void lotAddAndLotsJson();
    void lotAddRefusesBadInput();
    void recordAndEvaluateJson();
    void recordRefusesBadInput();
    void importReportsRejectedRowsByLine();
    void importWithoutMappingExitsTwo();
    void lockoutCorrectiveLookbackReviewAndOverride();
    void chartWritesAPng();

private:
    using Run = testlab::CliRun;
    Run cli(const QStringList &args) { return testlab::runCli(m_cli, m_db->path(), m_dir.path(), args); }
    QString s(const char *text) const { return QString::fromUtf8(text); }
    void addGluLot();

    QString m_cli;
    QTemporaryDir m_dir;
    std::unique_ptr<TestDatabase> m_db;
};

void TestQcCli::initTestCase()
{
    m_cli = testlab::cliPath();
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
}

void TestQcCli::init()
{
    m_db = std::make_unique<TestDatabase>();
    std::unique_ptr<Lab> lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
}

void TestQcCli::addGluLot()
{
    for (const QStringList &args :
         {QStringList{s("qc"), s("lot"), s("add"), s("--test"), s("GLU"), s("--lot"), s("GL-1"), s("--level"),
                      s("1"), s("--mean"), s("5.0"), s("--sd"), s("0.2"), s("--material"), s("Chem control"),
                      s("--expires"), QDate::currentDate().addYears(1).toString(Qt::ISODate)},
          QStringList{s("qc"), s("lot"), s("add"), s("--test"), s("GLU"), s("--lot"), s("GL-1"), s("--level"),
                      s("2"), s("--mean"), s("15"), s("--sd"), s("0.5")}}) {
        const Run r = cli(args);
        QVERIFY2(r.exit == 0, r.err.constData());
    }
}

void TestQcCli::lotAddAndLotsJson()
{
    addGluLot();
    const Run r = cli({s("qc"), s("lots"), s("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonArray lots = r.json().array();
    QCOMPARE(lots.size(), 2);
    const QJsonObject first = lots.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("test")).toString(), s("GLU"));
    QCOMPARE(first.value(QLatin1String("lot")).toString(), s("GL-1"));
    QCOMPARE(first.value(QLatin1String("level")).toInt(), 1);
    QCOMPARE(first.value(QLatin1String("mean")).toDouble(), 5.0);
    QCOMPARE(first.value(QLatin1String("sd")).toDouble(), 0.2);
    QCOMPARE(lots.at(1).toObject().value(QLatin1String("level")).toInt(), 2);
    QCOMPARE(lots.at(1).toObject().value(QLatin1String("mean")).toDouble(), 15.0);

    // A lot without targets establishes them: mean and sd are null until then.
    QCOMPARE(
        cli({s("qc"), s("lot"), s("add"), s("--test"), s("NA"), s("--lot"), s("N-1"), s("--level"), s("1")})
            .exit,
        0);
    const QJsonArray na = cli({s("qc"), s("lots"), s("--test"), s("NA"), s("--json")}).json().array();
    QCOMPARE(na.size(), 1);
    QVERIFY(na.at(0).toObject().value(QLatin1String("mean")).isNull());
    QCOMPARE(na.at(0).toObject().value(QLatin1String("target_source")).toString(), s("establishing"));
}

void TestQcCli::lotAddRefusesBadInput()
{
    addGluLot();
    const QStringList base{s("qc"), s("lot"), s("add"), s("--test"), s("GLU"), s("--lot"), s("GL-2")};
    for (const QStringList &extra :
         {QStringList{s("--mean"), s("5"), s("--sd"), s("0.2")},                          // no level
          QStringList{s("--level"), s("1"), s("--mean"), s("five"), s("--sd"), s("0.2")}, // not a number
          QStringList{s("--level"), s("1"), s("--sd"), s("0.2")},                         // sd without mean
          QStringList{s("--level"), s("1"), s("--mean"), s("5"), s("--sd"), s("-1")},     // negative SD
          QStringList{s("--level"), s("1"), s("--mean"), s("5"), s("--sd"), s("1"), s("--expires"),
                      s("2020-01-01")},
          QStringList{s("--level"), s("1"), s("--mean"), s("5"), s("--sd"), s("1"), s("--as"),
                      s("p.nair")}}) {
        const Run r = cli(base + extra);
        QVERIFY2(r.exit == 2, qPrintable(extra.join(QLatin1Char(' '))));
        QVERIFY(r.err.startsWith("benchside-cli: "));
    }
    // Defined twice.
    const Run twice = cli({s("qc"), s("lot"), s("add"), s("--test"), s("GLU"), s("--lot"), s("GL-1"),
                           s("--level"), s("1"), s("--mean"), s("5"), s("--sd"), s("0.2")});
    QCOMPARE(twice.exit, 2);
    QVERIFY(twice.err.contains("already defined"));
}

void TestQcCli::recordAndEvaluateJson()
{
    addGluLot();
    const QStringList glu{s("--test"), s("GLU"), s("--lot"), s("GL-1")};
    // Run A: both levels in control. Run B: level 1 at +2.5 SD (1-2s warning). Run C: level 1 at
    // +2.25 SD again: 2-2s across runs, rejected.
    for (const auto &[run, level, value] :
         {std::tuple{"A", "1", "5.1"}, std::tuple{"A", "2", "14.8"}, std::tuple{"B", "1", "5.5"},
          std::tuple{"B", "2", "15.0"}, std::tuple{"C", "1", "5.45"}, std::tuple{"C", "2", "15.1"}}) {
        const Run r =
            cli(QStringList{s("qc"), s("record")} + glu +
                QStringList{s("--level"), s(level), s(value), s("--run"), s(run), s("--as"), s("p.nair")});
        QVERIFY2(r.exit == 0, r.err.constData());
    }
    const Run rec = cli(QStringList{s("qc"), s("record")} + glu +
                        QStringList{s("--level"), s("1"), s("5.0"), s("--run"), s("D"), s("--json")});
    QCOMPARE(rec.exit, 0);
    QCOMPARE(rec.json().object().value(QLatin1String("run_id")).toString(), s("D"));
    QCOMPARE(rec.json().object().value(QLatin1String("run_status")).toString(), s("accepted"));

    const Run e = cli(QStringList{s("qc"), s("evaluate")} + glu + QStringList{s("--json")});
    QCOMPARE(e.exit, 0);
    const QJsonArray points = e.json().array();
    QCOMPARE(points.size(), 7);
    QStringList statuses, violations;
    for (const QJsonValue &v : points) {
        const QJsonObject o = v.toObject();
        for (const char *key : {"value", "z", "violations", "run_status"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        statuses << o.value(QLatin1String("run_status")).toString();
        QStringList names;
        for (const QJsonValue &n : o.value(QLatin1String("violations")).toArray())
            names << n.toString();
        violations << names.join(QLatin1Char('+'));
    }
    QCOMPARE(statuses, (QStringList{s("accepted"), s("accepted"), s("warning"), s("warning"), s("rejected"),
                                    s("rejected"), s("accepted")}));
    QCOMPARE(violations,
             (QStringList{QString(), QString(), s("1-2s"), QString(), s("1-2s+2-2s"), QString(), QString()}));
    QCOMPARE(points.at(0).toObject().value(QLatin1String("value")).toDouble(), 5.1);
    QVERIFY(qAbs(points.at(2).toObject().value(QLatin1String("z")).toDouble() - 2.5) < 1e-9);
    QVERIFY(qAbs(points.at(1).toObject().value(QLatin1String("z")).toDouble() + 0.4) < 1e-9);

    // The period options narrow the list.
    const Run none =
        cli(QStringList{s("qc"), s("evaluate")} + glu + QStringList{s("--to"), s("2000-01-01"), s("--json")});
    QCOMPARE(none.exit, 0);
    QCOMPARE(none.json().array().size(), 0);
    QCOMPARE(cli(QStringList{s("qc"), s("evaluate"), s("--test"), s("GLU"), s("--lot"), s("NOPE")}).exit, 2);
}

void TestQcCli::recordRefusesBadInput()
{
    addGluLot();
    const QStringList glu{s("qc"),    s("record"), s("--test"),  s("GLU"),
                          s("--lot"), s("GL-1"),   s("--level"), s("1")};
    for (const QStringList &args : {glu + QStringList{s("5,2")}, glu + QStringList{s("high")}, glu,
                                    QStringList{s("qc"), s("record"), s("--test"), s("GLU"), s("--lot"),
                                                s("XX"), s("--level"), s("1"), s("5")},
                                    QStringList{s("qc"), s("record"), s("--test"), s("GLU"), s("--lot"),
                                                s("GL-1"), s("--level"), s("3"), s("5")},
                                    QStringList{s("qc"), s("nonsense")}}) {
        const Run r = cli(args);
        QVERIFY2(r.exit == 2, qPrintable(args.join(QLatin1Char(' '))));
        QVERIFY(!r.err.isEmpty());
    }
    QCOMPARE(cli(glu + QStringList{s("5.2"), s("--run"), s("R")}).exit, 0);
    const Run twice = cli(glu + QStringList{s("5.3"), s("--run"), s("R")});
    QCOMPARE(twice.exit, 2);
    QVERIFY(twice.err.contains("already has"));
}

void TestQcCli::importReportsRejectedRowsByLine()
{
    addGluLot();
    const QString day = QDate::currentDate().addDays(-1).toString(Qt::ISODate);
    QFile f(m_dir.filePath(QStringLiteral("export.csv")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("\xEF\xBB\xBF"); // a UTF-8 byte-order mark, as spreadsheet exports write
    f.write(QStringLiteral("Sample;Assay;Lot;Lvl;Result;Date\r\n"
                           "QC17;GLU;GL-1;1;5,05;%1 08:00\r\n"
                           "QC17;GLU;GL-1;2;15,1;%1 08:00\r\n"
                           "QC18;GLU;GL-1;1;x;%1 09:00\r\n"
                           "QC18;GLU;GL-7;2;15,0;%1 09:00\r\n")
                .arg(day)
                .toUtf8());
    f.close();
    const QStringList import{s("qc"), s("import"), f.fileName(), s("--analyzer"), s("AU680")};
    const QStringList columns{s("--columns"),
                              s("run=Sample,test=Assay,lot=Lot,level=Lvl,value=Result,time=Date")};
    const Run r = cli(import + columns + QStringList{s("--json"), s("--as"), s("a.okafor")});
    QCOMPARE(r.exit, 1); // not imported whole
    const QJsonObject o = r.json().object();
    QCOMPARE(o.value(QLatin1String("imported")).toInt(), 2);
    QCOMPARE(o.value(QLatin1String("rejected")).toInt(), 2);
    const QJsonArray rejected = o.value(QLatin1String("rejected_rows")).toArray();
    QCOMPARE(rejected.at(0).toObject().value(QLatin1String("line")).toInt(), 4);
    QCOMPARE(rejected.at(1).toObject().value(QLatin1String("line")).toInt(), 5);
    QVERIFY(r.err.contains("line 4: \"x\" is not a number"));
    QVERIFY(r.err.contains("line 5: unknown lot GL-7"));
    QCOMPARE(
        o.value(QLatin1String("runs")).toArray().at(0).toObject().value(QLatin1String("run_id")).toString(),
        s("AU680-QC17"));

    // The mapping was saved: the next export of the analyzer needs no --columns, and a clean file exits 0.
    QFile g(m_dir.filePath(QStringLiteral("next.csv")));
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(
        QStringLiteral("Sample;Assay;Lot;Lvl;Result;Date\nQC19;GLU;GL-1;1;5,0;%1 10:00\n").arg(day).toUtf8());
    g.close();
    const Run next = cli({s("qc"), s("import"), g.fileName(), s("--analyzer"), s("AU680")});
    QVERIFY2(next.exit == 0, next.err.constData());
    QVERIFY(next.out.contains("1 rows imported in 1 runs, 0 rejected"));
    const Run shown = cli({s("qc"), s("analyzer"), s("AU680"), s("--json")});
    QCOMPARE(shown.exit, 0);
    QCOMPARE(shown.json()
                 .object()
                 .value(QLatin1String("columns"))
                 .toObject()
                 .value(QLatin1String("value"))
                 .toString(),
             s("Result"));
}

void TestQcCli::importWithoutMappingExitsTwo()
{
    QFile f(m_dir.filePath(QStringLiteral("x.csv")));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("a,b\n");
    f.close();
    const Run r = cli({s("qc"), s("import"), f.fileName(), s("--analyzer"), s("NEW")});
    QCOMPARE(r.exit, 2);
    QVERIFY(r.err.contains("No column mapping"));
    QCOMPARE(cli({s("qc"), s("import"), s("/nonexistent.csv"), s("--analyzer"), s("NEW")}).exit, 2);
    QCOMPARE(cli({s("qc"), s("import"), f.fileName()}).exit, 2);
}

void TestQcCli::lockoutCorrectiveLookbackReviewAndOverride()
{
    addGluLot();
    const QStringList glu{s("qc"),    s("record"), s("--test"),  s("GLU"),
                          s("--lot"), s("GL-1"),   s("--level"), s("1")};
    QCOMPARE(cli(glu + QStringList{s("5.0")}).exit, 0);
    // A released GLU result after the accepted run, and one waiting for verification.
    QString released, waiting;
    {
        std::unique_ptr<Lab> lab = m_db->open();
        ResultRepository repo(lab->database().connection());
        ResultService results(lab->store(), repo, lab->catalog());
        for (QString *order : {&released, &waiting}) {
            const QString accession = lab->accessioner()
                                          .accession(testlab::serumRequest({s("GLU")}), s("p.nair"))
                                          .value()
                                          .accession;
            QCOMPARE(lab->scanner().process(accession, ScanProcessor::Action::Receive, s("p.nair")).type,
                     ScanOutcome::Type::Received);
            *order = accession + s("-GLU");
            QVERIFY(results.enter(*order, s("5.2"), {}, s("p.nair")).ok());
        }
        QVERIFY(results.verify(released, s("r.castillo")).ok());
        QTest::qWait(3);
    }
    const Run rejected = cli(glu + QStringList{s("5.8"), s("--run"), s("BAD1"), s("--json")});
    QCOMPARE(rejected.exit, 0);
    QCOMPARE(rejected.json().object().value(QLatin1String("run_status")).toString(), s("rejected"));

    const Run status = cli({s("qc"), s("status"), s("--json")});
    QCOMPARE(status.json().array().size(), 1);
    QCOMPARE(status.json().array().at(0).toObject().value(QLatin1String("state")).toString(), s("locked"));
    const Run refused = cli({s("verify-result"), waiting, s("--as"), s("j.kowalski")});
    QCOMPARE(refused.exit, 2);
    QVERIFY(refused.err.contains("QC for GLU on CHEM was rejected"));

    const Run look = cli({s("qc"), s("lookback"), s("--test"), s("GLU"), s("--json")});
    QCOMPARE(look.exit, 0);
    const QJsonArray list = look.json().object().value(QLatin1String("results")).toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(QLatin1String("order_id")).toString(), released);
    QCOMPARE(list.at(0).toObject().value(QLatin1String("reviewed")).toBool(), false);
    QCOMPARE(cli({s("qc"), s("review"), released, s("--outcome"), s("stands"), s("--as"), s("p.nair")}).exit,
             0);
    QCOMPARE(cli({s("qc"), s("review"), waiting, s("--outcome"), s("stands"), s("--as"), s("p.nair")}).exit,
             2);
    QCOMPARE(cli({s("qc"), s("lookback"), s("--test"), s("GLU"), s("--json")})
                 .json()
                 .object()
                 .value(QLatin1String("results"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("outcome"))
                 .toString(),
             s("stands"));

    // A technician may not override; a supervisor may, with a reason; then the result is released.
    const Run tech = cli(
        {s("qc"), s("override"), s("--test"), s("GLU"), s("--reason"), s("stat"), s("--as"), s("p.nair")});
    QCOMPARE(tech.exit, 2);
    QVERIFY(tech.err.contains("only a supervisor"));
    QCOMPARE(cli({s("qc"), s("override"), s("--test"), s("GLU"), s("--as"), s("a.okafor")}).exit,
             2); // no reason
    QCOMPARE(cli({s("qc"), s("override"), s("--test"), s("GLU"), s("--reason"),
                  s("Vial left open; patient pool "
                    "agrees"),
                  s("--as"), s("a.okafor")})
                 .exit,
             0);
    QCOMPARE(cli({s("verify-result"), waiting, s("--as"), s("r.castillo")}).exit, 0);

    // Corrective action, then an accepted run: the lockout is resolved.
    QCOMPARE(cli({s("qc"), s("corrective"), s("--test"), s("GLU"), s("--action"), s("Recalibrated"),
                  s("--as"), s("p.nair")})
                 .exit,
             0);
    QCOMPARE(cli(glu + QStringList{s("5.05")}).exit, 0);
    QCOMPARE(cli({s("qc"), s("status"), s("--json")}).json().array().size(), 0);
    QCOMPARE(cli({s("qc"), s("corrective"), s("--test"), s("GLU"), s("--action"), s("again"), s("--as"),
                  s("p.nair")})
                 .exit,
             2); // nothing left to correct
    // The journal still rebuilds to the same views.
    const Run check = cli({s("rebuild"), s("--check")});
    QVERIFY2(check.exit == 0, check.err.constData());
}

void TestQcCli::chartWritesAPng()
{
    addGluLot();
    const QStringList glu{s("--test"), s("GLU"), s("--lot"), s("GL-1")};
    for (const char *value : {"5.1", "5.5", "5.7", "4.9"})
        QCOMPARE(cli(QStringList{s("qc"), s("record"), s("--level"), s("1"), s(value)} + glu).exit, 0);
    const QString png = m_dir.filePath(QStringLiteral("glu.png"));
    const Run r = cli(QStringList{s("qc"), s("chart"), s("--out"), png, s("--json")} + glu);
    QVERIFY2(r.exit == 0, r.err.constData());
    const QJsonObject o = r.json().object();
    QCOMPARE(o.value(QLatin1String("points")).toInt(), 4);
    QCOMPARE(o.value(QLatin1String("rejected")).toInt(), 1); // 5.7: 1-3s
    QCOMPARE(o.value(QLatin1String("warning")).toInt(), 1);  // 5.5: 1-2s
    QImage image(png);
    QCOMPARE(image.size(), QSize(1200, 600));
    // Something was drawn: the image is not one flat colour.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 10);

    // One level in its units; a period with nothing in it; no --out; an unknown lot.
    QCOMPARE(cli(QStringList{s("qc"), s("chart"), s("--out"), png, s("--level"), s("1")} + glu).exit, 0);
    QCOMPARE(cli(QStringList{s("qc"), s("chart"), s("--out"), png, s("--to"), s("2000-01-01")} + glu).exit,
             2);
    QCOMPARE(cli(QStringList{s("qc"), s("chart")} + glu).exit, 2);
    QCOMPARE(cli({s("qc"), s("chart"), s("--test"), s("GLU"), s("--lot"), s("NOPE"), s("--out"), png}).exit,
             2);
}

QTEST_GUILESS_MAIN(TestQcCli)
#include "tst_qccli.moc"
