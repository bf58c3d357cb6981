// SPDX-License-Identifier: GPL-3.0-or-later
// The result commands of the real benchside-cli (env BENCHSIDE_CLI, set by CTest): worklist,
// result, notify-result, verify-result, amend-result, result-history and tat, with their exit
// codes and JSON shapes.
#include "clirunner.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace benchside;

class TestResultCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void worklistJsonInDisplayOrder();
    void worklistRefusesBadInput();
    void resultPrintsFlagAndDelta();
    void valueThatDoesNotFitExitsTwo();
    void verifyRefusesSelfVerificationAndUnnotifiedCritical();
    void amendKeepsTheOldValueInTheHistory();
    void tatJsonShape();
    void unknownPatientsThroughTheCli_data();
    void unknownPatientsThroughTheCli();
    void implausibleValueExitsTwoUnlessConfirmed();
    void unjudgedResultsAreListed();
    void manualReviewAndIndexLimitsThroughTheCli();

private:
    using Run = testlab::CliRun;
    Run cli(const QStringList &args) { return testlab::runCli(m_cli, m_db->path(), m_dir.path(), args); }

    QString m_cli;
    QTemporaryDir m_dir;
    std::unique_ptr<TestDatabase> m_db;
    QString m_routine;            // accession: NA, K, GLU, received first
    QString m_stat;               // accession: NA, received second
    QHash<QString, QString> m_xk; // patient kind (testlab::patientOf) and tag -> an XK order

    // A received tube with XK for a patient of that kind; `tag` asks for another tube of the same kind.
    QString xkOrder(const QString &patientKind, const QString &tag = {});
};

QString TestResultCli::xkOrder(const QString &patientKind, const QString &tag)
{
    const QString key = patientKind + QLatin1Char('/') + tag;
    if (m_xk.contains(key))
        return m_xk.value(key);
    std::unique_ptr<Lab> lab = m_db->open();
    if (!testlab::importJudgementTest(*lab).ok())
        qFatal("cannot import the test XK");
    const QString a = testlab::receivedFor(*lab, patientKind, {QStringLiteral("XK")});
    m_xk.insert(key, a + QStringLiteral("-XK"));
    return m_xk.value(key);
}

void TestResultCli::initTestCase()
{
    m_cli = testlab::cliPath();
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
    m_db = std::make_unique<TestDatabase>();
    std::unique_ptr<Lab> lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
    const QString tech = QStringLiteral("p.nair");
    AccessionRequest routine =
        testlab::serumRequest({QStringLiteral("NA"), QStringLiteral("K"), QStringLiteral("GLU")});
    m_routine = lab->accessioner().accession(routine, tech).value().accession;
    AccessionRequest stat = testlab::serumRequest({QStringLiteral("NA")});
    stat.priority = QStringLiteral("stat");
    m_stat = lab->accessioner().accession(stat, tech).value().accession;
    for (const QString &a : {m_routine, m_stat})
        QCOMPARE(lab->scanner().process(a, ScanProcessor::Action::Receive, tech).type,
                 ScanOutcome::Type::Received);
}

void TestResultCli::worklistJsonInDisplayOrder()
{
    const Run r = cli({QStringLiteral("worklist"), QStringLiteral("CHEM"), QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonArray rows = r.json().array();
    QCOMPARE(rows.size(), 4);
    for (const QJsonValue &v : rows) {
        for (const char *key :
             {"order_id", "accession", "test", "priority", "received_at", "due_at", "status"})
            QVERIFY2(v.toObject().contains(QLatin1String(key)), key);
    }
    QCOMPARE(rows.at(0).toObject().value(QLatin1String("order_id")).toString(),
             m_stat + QStringLiteral("-NA"));
    QCOMPARE(rows.at(0).toObject().value(QLatin1String("priority")).toString(), QStringLiteral("stat"));
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("accession")).toString(), m_routine);
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("status")).toString(), QStringLiteral("pending"));

    const Run limited = cli({QStringLiteral("worklist"), QStringLiteral("CHEM"), QStringLiteral("--limit"),
                             QStringLiteral("2"), QStringLiteral("--json")});
    QCOMPARE(limited.exit, 0);
    QCOMPARE(limited.json().array().size(), 2);
    const Run text = cli({QStringLiteral("worklist"), QStringLiteral("CHEM")});
    QCOMPARE(text.exit, 0);
    QVERIFY(text.out.startsWith((m_stat + QStringLiteral("-NA")).toUtf8()));

    // Newest received first: the STAT tube, received last (or in the same millisecond with the
    // larger order id); by priority reversed, the STAT tube comes last.
    const Run newest = cli({QStringLiteral("worklist"), QStringLiteral("CHEM"), QStringLiteral("--sort"),
                            QStringLiteral("-received"), QStringLiteral("--json")});
    QCOMPARE(newest.exit, 0);
    QCOMPARE(newest.json().array().size(), 4);
    const Run reversed = cli({QStringLiteral("worklist"), QStringLiteral("CHEM"), QStringLiteral("--sort"),
                              QStringLiteral("-priority"), QStringLiteral("--json")});
    QCOMPARE(reversed.exit, 0);
    QCOMPARE(reversed.json().array().last().toObject().value(QLatin1String("priority")).toString(),
             QStringLiteral("stat"));
    QCOMPARE(newest.json().array().first().toObject().value(QLatin1String("accession")).toString(), m_stat);
    QCOMPARE(newest.json().array().last().toObject().value(QLatin1String("accession")).toString(), m_routine);
}

void TestResultCli::worklistRefusesBadInput()
{
    for (const QStringList &args : {QStringList{QStringLiteral("worklist"), QStringLiteral("NOPE")},
                                    QStringList{QStringLiteral("worklist"), QStringLiteral("CHEM"),
                                                QStringLiteral("--status"), QStringLiteral("done")},
                                    QStringList{QStringLiteral("worklist"), QStringLiteral("CHEM"),
                                                QStringLiteral("--limit"), QStringLiteral("x")},
                                    QStringList{QStringLiteral("worklist"), QStringLiteral("CHEM"),
                                                QStringLiteral("--sort"), QStringLiteral("patient")},
                                    QStringList{QStringLiteral("worklist")}}) {
        const Run r = cli(args);
        QVERIFY2(r.exit == 2, qPrintable(args.join(QLatin1Char(' '))));
        QVERIFY(!r.err.isEmpty());
    }
}

void TestResultCli::resultPrintsFlagAndDelta()
{
    const Run r = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"),
                       m_routine + QStringLiteral("-NA"), QStringLiteral("131"), QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonObject o = r.json().object();
    QCOMPARE(o.value(QLatin1String("flag")).toString(), QStringLiteral("L"));
    QCOMPARE(o.value(QLatin1String("value")).toString(), QStringLiteral("131"));
    QCOMPARE(o.value(QLatin1String("unit")).toString(), QStringLiteral("mmol/L"));
    QCOMPARE(o.value(QLatin1String("delta")).toObject().value(QLatin1String("outcome")).toString(),
             QStringLiteral("not_checked"));
    const Run text = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"),
                          m_routine + QStringLiteral("-GLU"), QStringLiteral("5.0"), QStringLiteral("--unit"),
                          QStringLiteral("mmol/L")});
    QCOMPARE(text.exit, 0);
    QVERIFY2(text.out.contains("flag: N"), text.out.constData());
    QVERIFY2(text.out.contains("delta check"), text.out.constData());
}

void TestResultCli::valueThatDoesNotFitExitsTwo()
{
    for (const QStringList &args :
         {QStringList{QStringLiteral("result"), m_stat + QStringLiteral("-NA"), QStringLiteral("high")},
          QStringList{QStringLiteral("result"), m_stat + QStringLiteral("-NA"), QStringLiteral("140"),
                      QStringLiteral("--unit"), QStringLiteral("mg/dL")},
          QStringList{QStringLiteral("result"), QStringLiteral("NO-SUCH"), QStringLiteral("1")},
          QStringList{QStringLiteral("result"), m_stat + QStringLiteral("-NA")}}) {
        const Run r = cli(args);
        QVERIFY2(r.exit == 2, qPrintable(args.join(QLatin1Char(' '))));
        QCOMPARE(r.err.count('\n'), 1);
    }
    const Run history =
        cli({QStringLiteral("result-history"), m_stat + QStringLiteral("-NA"), QStringLiteral("--json")});
    QCOMPARE(history.exit, 0);
    QVERIFY(history.json().object().value(QLatin1String("history")).toArray().isEmpty()); // nothing recorded
}

void TestResultCli::verifyRefusesSelfVerificationAndUnnotifiedCritical()
{
    const QString k = m_routine + QStringLiteral("-K");
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"), k,
                  QStringLiteral("7.1")})
                 .exit,
             0);
    Run self = cli({QStringLiteral("verify-result"), k, QStringLiteral("--as"), QStringLiteral("p.nair")});
    QCOMPARE(self.exit, 2);
    QVERIFY2(self.err.contains("own result"), self.err.constData());
    Run critical =
        cli({QStringLiteral("verify-result"), k, QStringLiteral("--as"), QStringLiteral("a.okafor")});
    QCOMPARE(critical.exit, 2);
    QVERIFY2(critical.err.contains("critical"), critical.err.constData());
    Run noReadBack =
        cli({QStringLiteral("notify-result"), k, QStringLiteral("--to"), QStringLiteral("Dr. Moreau")});
    QCOMPARE(noReadBack.exit, 2);
    Run notified = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("notify-result"), k,
                        QStringLiteral("--to"), QStringLiteral("Dr. Moreau"), QStringLiteral("--read-back"),
                        QStringLiteral("--json")});
    QCOMPARE(notified.exit, 0);
    QCOMPARE(notified.json().object().value(QLatin1String("to")).toString(), QStringLiteral("Dr. Moreau"));
    Run verified = cli({QStringLiteral("verify-result"), k, QStringLiteral("--as"),
                        QStringLiteral("a.okafor"), QStringLiteral("--json")});
    QCOMPARE(verified.exit, 0);
    QCOMPARE(verified.json().object().value(QLatin1String("status")).toString(), QStringLiteral("verified"));
    QCOMPARE(verified.json().object().value(QLatin1String("verified_by")).toString(),
             QStringLiteral("a.okafor"));
    QCOMPARE(cli({QStringLiteral("rebuild"), QStringLiteral("--check")}).exit, 0);
}

void TestResultCli::amendKeepsTheOldValueInTheHistory()
{
    const QString glu = m_routine + QStringLiteral("-GLU");
    if (cli({QStringLiteral("result-history"), glu, QStringLiteral("--json")})
            .json()
            .object()
            .value(QLatin1String("history"))
            .toArray()
            .isEmpty())
        QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"), glu,
                      QStringLiteral("5.0")})
                     .exit,
                 0);
    QCOMPARE(cli({QStringLiteral("verify-result"), glu, QStringLiteral("--as"), QStringLiteral("r.castillo")})
                 .exit,
             0);
    QCOMPARE(cli({QStringLiteral("amend-result"), glu, QStringLiteral("6.0"), QStringLiteral("--as"),
                  QStringLiteral("a.okafor")})
                 .exit,
             2); // no reason
    QCOMPARE(cli({QStringLiteral("amend-result"), glu, QStringLiteral("6.0"), QStringLiteral("--reason"),
                  QStringLiteral("wrong dilution"), QStringLiteral("--as"), QStringLiteral("a.okafor")})
                 .exit,
             0);
    const Run h = cli({QStringLiteral("result-history"), glu, QStringLiteral("--json")});
    QCOMPARE(h.exit, 0);
    const QJsonArray steps = h.json().object().value(QLatin1String("history")).toArray();
    QStringList values;
    for (const QJsonValue &s : steps)
        values << s.toObject().value(QLatin1String("kind")).toString() + QLatin1Char(' ') +
                      s.toObject().value(QLatin1String("value")).toString();
    QVERIFY2(values.contains(QStringLiteral("result.entered 5.0")),
             qPrintable(values.join(QLatin1Char(','))));
    QVERIFY(values.contains(QStringLiteral("result.amended 6.0")));
    QCOMPARE(h.json().object().value(QLatin1String("status")).toString(), QStringLiteral("amended"));
}

void TestResultCli::tatJsonShape()
{
    const QString na = m_stat + QStringLiteral("-NA");
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"), na,
                  QStringLiteral("140")})
                 .exit,
             0);
    QCOMPARE(
        cli({QStringLiteral("verify-result"), na, QStringLiteral("--as"), QStringLiteral("a.okafor")}).exit,
        0);
    const Run r = cli(
        {QStringLiteral("tat"), QStringLiteral("--bench"), QStringLiteral("CHEM"), QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonObject o = r.json().object();
    for (const char *key : {"from", "to", "benches", "tests", "slowest_open"})
        QVERIFY2(o.contains(QLatin1String(key)), key);
    const QJsonArray benches = o.value(QLatin1String("benches")).toArray();
    QCOMPARE(benches.size(), 1);
    const QJsonObject chem = benches.first().toObject();
    QCOMPARE(chem.value(QLatin1String("bench")).toString(), QStringLiteral("CHEM"));
    QVERIFY(chem.value(QLatin1String("count")).toInt() >= 2);
    for (const char *key : {"median_minutes", "p90_minutes", "max_minutes"})
        QVERIFY2(chem.value(QLatin1String(key)).isDouble(), key);
    QCOMPARE(cli({QStringLiteral("tat"), QStringLiteral("--from"), QStringLiteral("yesterday")}).exit, 2);
    QCOMPARE(cli({QStringLiteral("tat"), QStringLiteral("--from"), QStringLiteral("2030-01-02"),
                  QStringLiteral("--to"), QStringLiteral("2030-01-01")})
                 .exit,
             2);
    QCOMPARE(cli({QStringLiteral("tat"), QStringLiteral("--bench"), QStringLiteral("NOPE")}).exit, 2);
}

void TestResultCli::unknownPatientsThroughTheCli_data()
{
    QTest::addColumn<QString>("patient");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("basis");

    QTest::newRow("unidentified, potassium 9.9") << "unidentified"
                                                 << "9.9"
                                                 << "HH"
                                                 << "age_sex_unknown";
    QTest::newRow("unidentified, 3.3 low") << "unidentified"
                                           << "3.3"
                                           << "L"
                                           << "age_sex_unknown";
    QTest::newRow("unidentified, normal") << "unidentified"
                                          << "4.0"
                                          << "N"
                                          << "age_sex_unknown";
    QTest::newRow("sex unknown, women's critical limit") << "sex unknown"
                                                         << "6.1"
                                                         << "HH"
                                                         << "sex_unknown";
    QTest::newRow("sex unknown, men's normal") << "sex unknown"
                                               << "5.1"
                                               << "N"
                                               << "sex_unknown";
    QTest::newRow("newborn, uncovered critical") << "newborn"
                                                 << "6.3"
                                                 << "HH"
                                                 << "not_covered";
    QTest::newRow("newborn, uncovered high") << "newborn"
                                             << "6.1"
                                             << "H"
                                             << "not_covered";
    QTest::newRow("known, critical") << "known"
                                     << "6.1"
                                     << "HH"
                                     << "";
    QTest::newRow("known, low") << "known"
                                << "3.4"
                                << "L"
                                << "";
}

void TestResultCli::unknownPatientsThroughTheCli()
{
    QFETCH(QString, patient);
    QFETCH(QString, value);
    QFETCH(QString, flag);
    QFETCH(QString, basis);
    const QString order = xkOrder(patient);
    const Run r = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"), order,
                       value, QStringLiteral("--json")});
    QCOMPARE(r.exit, 0);
    const QJsonObject o = r.json().object();
    QCOMPARE(o.value(QLatin1String("flag")).toString(), flag);
    QCOMPARE(o.value(QLatin1String("critical")).toBool(), flag == QLatin1String("HH"));
    QCOMPARE(o.value(QLatin1String("range_known")).toBool(), basis.isEmpty());
    QCOMPARE(o.value(QLatin1String("range_basis")).toString(), basis);
    QCOMPARE(
        o.value(QLatin1String("range_note")).toString().contains(QLatin1String("judged against all ranges")),
        !basis.isEmpty());
    QVERIFY(o.value(QLatin1String("range")).toObject().contains(QLatin1String("low")));
    // The worklist row carries it too.
    const Run w = cli({QStringLiteral("worklist"), QStringLiteral("CHEM"), QStringLiteral("--test"),
                       QStringLiteral("XK"), QStringLiteral("--json")});
    QCOMPARE(w.exit, 0);
    bool seen = false;
    for (const QJsonValue &row : w.json().array()) {
        if (row.toObject().value(QLatin1String("order_id")).toString() != order)
            continue;
        seen = true;
        QCOMPARE(row.toObject().value(QLatin1String("flag")).toString(), flag);
        QCOMPARE(row.toObject().value(QLatin1String("range_basis")).toString(), basis);
    }
    QVERIFY(seen);
    // A critical value is held for its call whatever was known about the patient.
    const Run v =
        cli({QStringLiteral("verify-result"), order, QStringLiteral("--as"), QStringLiteral("a.okafor")});
    if (flag == QLatin1String("HH")) {
        QCOMPARE(v.exit, 2);
        QVERIFY2(v.err.contains("critical"), v.err.constData());
    } else {
        QCOMPARE(v.exit, 0);
        QVERIFY2(v.out.contains("judged against all ranges") == !basis.isEmpty(), v.out.constData());
        m_xk.remove(patient + QLatin1Char('/')); // released: the next row needs a new tube
    }
}

void TestResultCli::implausibleValueExitsTwoUnlessConfirmed()
{
    const QString order = xkOrder(QStringLiteral("known"), QStringLiteral("plausibility"));
    const Run refused = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"),
                             order, QStringLiteral("45")});
    QCOMPARE(refused.exit, 2);
    QVERIFY2(refused.err.contains("plausibly") && refused.err.contains("confirm"), refused.err.constData());
    QVERIFY(cli({QStringLiteral("result-history"), order, QStringLiteral("--json")})
                .json()
                .object()
                .value(QLatin1String("history"))
                .toArray()
                .isEmpty());
    const Run confirmed = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("result"),
                               order, QStringLiteral("45"), QStringLiteral("--confirm-implausible"),
                               QStringLiteral("repeated, same value"), QStringLiteral("--json")});
    QCOMPARE(confirmed.exit, 0);
    QCOMPARE(confirmed.json().object().value(QLatin1String("implausible_confirmed")).toString(),
             QStringLiteral("repeated, same value"));
    QCOMPARE(confirmed.json().object().value(QLatin1String("flag")).toString(), QStringLiteral("HH"));
}

void TestResultCli::unjudgedResultsAreListed()
{
    const Run none = cli({QStringLiteral("results"), QStringLiteral("unjudged"), QStringLiteral("--json")});
    QCOMPARE(none.exit, 0);
    QVERIFY(none.json().isArray());
    const qsizetype before = none.json().array().size();
    QCOMPARE(cli({QStringLiteral("results"), QStringLiteral("misjudged")}).exit, 2);

    // A potassium of 9.9 as the old rule recorded and released it for an unidentified patient.
    const QString order = xkOrder(QStringLiteral("unidentified"), QStringLiteral("old"));
    QVERIFY(testlab::writeUnflaggedResult(*m_db->open(), order, QStringLiteral("9.9"),
                                          QStringLiteral("p.nair"), QStringLiteral("a.okafor"))
                .ok());
    const Run listed = cli({QStringLiteral("results"), QStringLiteral("unjudged"), QStringLiteral("--json")});
    QCOMPARE(listed.exit, 0);
    const QJsonArray rows = listed.json().array();
    QCOMPARE(rows.size(), before + 1);
    const QJsonObject row = rows.last().toObject();
    QCOMPARE(row.value(QLatin1String("order_id")).toString(), order);
    QCOMPARE(row.value(QLatin1String("flag")).toString(), QStringLiteral("HH"));
    QCOMPARE(row.value(QLatin1String("recorded_flag")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("range_basis")).toString(), QStringLiteral("age_sex_unknown"));
    QVERIFY(row.value(QLatin1String("released_at")).isString());
    QCOMPARE(row.value(QLatin1String("notified")).toBool(), false);
    const Run text = cli({QStringLiteral("results"), QStringLiteral("unjudged")});
    QVERIFY2(text.out.contains(order.toUtf8()), text.out.constData());

    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("a.okafor"), QStringLiteral("notify-result"), order,
                  QStringLiteral("--to"), QStringLiteral("Dr. Moreau"), QStringLiteral("--read-back")})
                 .exit,
             0);
    QCOMPARE(cli({QStringLiteral("results"), QStringLiteral("unjudged"), QStringLiteral("--json")})
                 .json()
                 .array()
                 .size(),
             before);
}

QTEST_GUILESS_MAIN(TestResultCli)
#include "tst_resultcli.moc"

// Issue 21: a tube held for manual review, and serum index limits in the rule set, from the CLI;
// refusals exit 2 with the reason.
void TestResultCli::manualReviewAndIndexLimitsThroughTheCli()
{
    Run noReason = cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("review"),
                        QStringLiteral("mark"), m_stat});
    QCOMPARE(noReason.exit, 2);
    QVERIFY2(noReason.err.contains("--reason"), noReason.err.constData());
    Run marked = cli({QStringLiteral("--json"), QStringLiteral("--as"), QStringLiteral("p.nair"),
                      QStringLiteral("review"), QStringLiteral("mark"), m_stat, QStringLiteral("--reason"),
                      QStringLiteral("clinician asked")});
    QCOMPARE(marked.exit, 0);
    QCOMPARE(marked.json().object().value(QLatin1String("manual_review")).toBool(), true);
    QVERIFY(!marked.json().object().value(QLatin1String("event_id")).toString().isEmpty());
    Run byTechnician =
        cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("review"),
             QStringLiteral("clear"), m_stat, QStringLiteral("--reason"), QStringLiteral("seen")});
    QCOMPARE(byTechnician.exit, 2);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("a.okafor"), QStringLiteral("review"),
                  QStringLiteral("clear"), m_stat, QStringLiteral("--reason"), QStringLiteral("seen")})
                 .exit,
             0);
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("p.nair"), QStringLiteral("review"),
                  QStringLiteral("mark"), QStringLiteral("NO-SUCH"), QStringLiteral("--reason"),
                  QStringLiteral("x")})
                 .exit,
             2);

    Run badHil = cli({QStringLiteral("--as"), QStringLiteral("a.okafor"), QStringLiteral("autoverify"),
                      QStringLiteral("set"), QStringLiteral("K"), QStringLiteral("--on"),
                      QStringLiteral("--hil"), QStringLiteral("50,-")});
    QCOMPARE(badHil.exit, 2);
    QVERIFY2(badHil.err.contains("--hil"), badHil.err.constData());
    QCOMPARE(cli({QStringLiteral("--as"), QStringLiteral("a.okafor"), QStringLiteral("autoverify"),
                  QStringLiteral("set"), QStringLiteral("K"), QStringLiteral("--on"), QStringLiteral("--hil"),
                  QStringLiteral("50,-,20"), QStringLiteral("--reason"), QStringLiteral("HIL validated")})
                 .exit,
             0);
    const QJsonObject rules = cli({QStringLiteral("--json"), QStringLiteral("autoverify"),
                                   QStringLiteral("rules"), QStringLiteral("K")})
                                  .json()
                                  .object();
    const QJsonObject &set = rules;
    QCOMPARE(set.value(QLatin1String("hemolysis_max")).toDouble(), 50.0);
    QVERIFY(!set.contains(QLatin1String("lipemia_max")));
    QCOMPARE(set.value(QLatin1String("icterus_max")).toDouble(), 20.0);
    QVERIFY2(rules.value(QLatin1String("description"))
                 .toString()
                 .contains(QStringLiteral("hemolysis index of at most 50")),
             qPrintable(rules.value(QLatin1String("description")).toString()));
    QCOMPARE(cli({QStringLiteral("rebuild"), QStringLiteral("--check")}).exit, 0);
}
