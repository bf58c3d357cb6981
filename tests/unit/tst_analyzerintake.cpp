// SPDX-License-Identifier: GPL-3.0-or-later
// Analyzer results in (issue 20): the test-code map from CSV, real transcripts from
// ../shared/testdata/interfaces/astm and messages written here through AnalyzerIntake on a station
// with the demo catalogue. A result for a known tube and ordered test is entered and marked with the
// analyzer; everything else is kept in the unmatched list with its reason; a repeat adds nothing; a
// host query is answered from the orders; a person matches or discards what was left.
#include "analyzer/analyzerintake.h"
#include "analyzer/analyzermapcsv.h"
#include "analyzer/analyzerregistry.h"
#include "analyzer/unmatchedreadings.h"
#include "astm/astmmessage.h"
#include "autoverify/autoverifyservice.h"
#include "autoverify/autoverifytrial.h"
#include "hl7/hl7orderintake.h"
#include "labhelpers.h"
#include "qc/qcservice.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "review/manualreview.h"
#include "testdatabase.h"
#include "worklist/worklistquery.h"

#include <QFile>
#include <QSqlQuery>
#include <QTest>

using namespace benchside;

namespace {
const QString Technician = QStringLiteral("p.nair");
const QString Administrator = QStringLiteral("admin");

QByteArray readTranscript(const QString &name)
{
    QFile f(QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/interfaces/astm/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s (BENCHSIDE_SHARED_TESTDATA)", qPrintable(f.fileName()));
    return f.readAll();
}

// The records of a framed single-frame capture: the text between STX+FN and ETX.
QByteArray unframed(const QByteArray &capture)
{
    const qsizetype start = capture.indexOf('\x02');
    const qsizetype end = capture.lastIndexOf('\x03');
    return capture.mid(start + 2, end - start - 2);
}

// A chemistry analyzer's message for one tube, as a Roche analyzer writes it.
QByteArray message(const QString &specimen, const QList<QStringList> &results, bool withL = true)
{
    QStringList records{QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|20261206101500"),
                        QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R").arg(specimen)};
    int n = 0;
    for (const QStringList &r : results)
        records << QStringLiteral("R|%1|^^^%2|%3|%4||%5||%6||op||%7|P1")
                       .arg(++n)
                       .arg(r.value(0), r.value(1), r.value(2), r.value(3), r.value(4, QStringLiteral("F")),
                            r.value(5, QStringLiteral("20261206101200")));
    if (withL)
        records << QStringLiteral("L|1|N");
    return records.join(QLatin1Char('\r')).toUtf8() + '\r';
}

QString text(const QSqlDatabase &db, const QString &sql)
{
    return testlab::queryText(db, sql);
}

// Records as written, one message.
QByteArray records(const QStringList &lines)
{
    return lines.join(QLatin1Char('\r')).toUtf8() + '\r';
}
} // namespace

class TestAnalyzerIntake : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_db = std::make_unique<TestDatabase>();
        m_lab = m_db->open();
        QVERIFY(testlab::importDemoCatalog(*m_lab));
        m_intake = std::make_unique<AnalyzerIntake>(*m_lab, QStringLiteral("c311"));
        m_intake->setClock([] { return QDateTime(QDate(2026, 12, 6), QTime(10, 20)); });
        AnalyzerRegistry registry(m_lab->store(), m_lab->permissions(), m_lab->catalog());
        AnalyzerDefinition d;
        d.name = QStringLiteral("c311");
        d.endpoint = AstmEndpoint::tcpClient(QStringLiteral("127.0.0.1"), 5000);
        d.profile = AstmProfile::Roche;
        QVERIFY(registry.define(d, Administrator));
        Result<QList<AnalyzerMapEntry>> map = AnalyzerMapCsv::parse("analyzer_code,test,unit,factor\n"
                                                                    "717/,GLU,mmol/l,\n"
                                                                    "685/,ALT,U/l,\n"
                                                                    "690/,CREA,mg/dl,88.42\n"
                                                                    "989/,NA,,\n");
        QVERIFY2(map, qPrintable(map.error()));
        QVERIFY(registry.setMap(QStringLiteral("c311"), map.value(), Administrator));
        Result<std::optional<AnalyzerDefinition>> found = registry.find(QStringLiteral("c311"));
        QVERIFY(found && found.value());
        m_analyzer = *found.value();
    }
    void cleanup()
    {
        m_intake.reset();
        m_lab.reset();
        m_db.reset();
    }

    void mapCsvIsCheckedWhole_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("problem");
        QTest::newRow("header") << QByteArray("code,test\n717/,GLU\n") << QStringLiteral("header");
        QTest::newRow("factor") << QByteArray("analyzer_code,test,unit,factor\n717/,GLU,mmol/l,-2\n")
                                << QStringLiteral("line 2: factor \"-2\"");
        QTest::newRow("twice") << QByteArray("analyzer_code,test,unit,factor\n717/,GLU,,\n717/,K,,\n")
                               << QStringLiteral("line 3: analyzer code 717/ is mapped twice");
        QTest::newRow("fields") << QByteArray("analyzer_code,test,unit,factor\n717/,GLU\n")
                                << QStringLiteral("line 2: 2 field(s)");
        QTest::newRow("empty") << QByteArray("\n\n") << QStringLiteral("empty");
    }
    void mapCsvIsCheckedWhole()
    {
        QFETCH(QByteArray, csv);
        QFETCH(QString, problem);
        Result<QList<AnalyzerMapEntry>> map = AnalyzerMapCsv::parse(csv);
        QVERIFY(!map);
        QVERIFY2(map.error().contains(problem), qPrintable(map.error()));
    }

    void mapNamesOnlyCatalogueTests()
    {
        AnalyzerRegistry registry(m_lab->store(), m_lab->permissions(), m_lab->catalog());
        Result<Event> e = registry.setMap(
            QStringLiteral("c311"), {{QStringLiteral("1"), QStringLiteral("NOPE"), {}, {}}}, Administrator);
        QVERIFY(!e);
        QVERIFY(e.error().contains(QStringLiteral("NOPE")));
        QVERIFY(!registry.setMap(QStringLiteral("c311"), m_analyzer.map, Technician));
        QCOMPARE(m_analyzer.map.size(), 4);
    }

    // A known, received tube: each mapped result is entered, judged like a typed one (flag), marked
    // with the analyzer, its flags and the time it measured; the factor converts mg/dl to µmol/l.
    void resultsForAKnownTubeAreEntered()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"),
                                                  {QStringLiteral("GLU"), QStringLiteral("CREA")});
        Result<AnalyzerIntake::Outcome> o =
            m_intake->receive(m_analyzer, message(tube, {{QStringLiteral("717/"), QStringLiteral("  6.2"),
                                                          QStringLiteral("mmol/l"), QStringLiteral("H")},
                                                         {QStringLiteral("690/"), QStringLiteral("0.90"),
                                                          QStringLiteral("mg/dl"), QStringLiteral("N")}}));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().results, 2);
        QCOMPARE(o.value().matched, 2);
        QCOMPARE(o.value().unmatched, 0);
        QVERIFY(o.value().held.isEmpty());
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, QStringLiteral(
                              "SELECT test_code, value, unit, flag, analyzer, instrument_flags, measured_at, "
                              "entered_by FROM results ORDER BY test_code")),
                 QStringLiteral("CREA|79.578|\u00B5mol/L|N|c311|N|20261206101200|c311\n"
                                "GLU|6.2|mmol/L|H|c311|H|20261206101200|c311"));
        QCOMPARE(text(db, QStringLiteral("SELECT status FROM test_orders ORDER BY test_code")),
                 QStringLiteral("entered\nentered"));
        // The open worklist shows them at once, marked as the analyzer's.
        WorklistFilter chemistry;
        chemistry.bench = QStringLiteral("CHEM");
        Result<QList<WorklistRow>> rows = WorklistQuery(db).rowsOfAccession(chemistry, tube);
        QVERIFY2(rows, qPrintable(rows.error()));
        QCOMPARE(rows.value().size(), 2);
        for (const WorklistRow &row : rows.value()) {
            QCOMPARE(row.status, QStringLiteral("entered"));
            QCOMPARE(row.analyzer, QStringLiteral("c311"));
            QCOMPARE(row.instrumentFlags, row.testCode == QLatin1String("GLU")
                                              ? QStringList{QStringLiteral("H")}
                                              : QStringList{QStringLiteral("N")});
        }
        // The same message again adds nothing.
        Result<AnalyzerIntake::Outcome> again =
            m_intake->receive(m_analyzer, message(tube, {{QStringLiteral("717/"), QStringLiteral("  6.2"),
                                                          QStringLiteral("mmol/l"), QStringLiteral("H")},
                                                         {QStringLiteral("690/"), QStringLiteral("0.90"),
                                                          QStringLiteral("mg/dl"), QStringLiteral("N")}}));
        QVERIFY(again);
        QCOMPARE(again.value().duplicates, 2);
        QCOMPARE(again.value().matched, 0);
        QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM result_history")), 2);
        // A rerun, measured later, is a second value: both are kept, the newer is current.
        Result<AnalyzerIntake::Outcome> rerun = m_intake->receive(
            m_analyzer,
            message(tube, {{QStringLiteral("717/"), QStringLiteral("6.0"), QStringLiteral("mmol/l"),
                            QStringLiteral("H"), QStringLiteral("F"), QStringLiteral("20261206103000")}}));
        QVERIFY(rerun && rerun.value().matched == 1);
        QCOMPARE(
            text(db, QStringLiteral("SELECT value, analyzer FROM result_history WHERE order_id LIKE '%-GLU' "
                                    "ORDER BY hlc")),
            QStringLiteral("6.2|c311\n6.0|c311"));
        QCOMPARE(text(db, QStringLiteral("SELECT value FROM results WHERE test_code = 'GLU'")),
                 QStringLiteral("6.0"));
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // What cannot be entered is kept with its reason, never dropped: unknown tube, test not ordered,
    // code not in the map (unmatched); foreign unit, not received, could not measure, implausible,
    // a second value in one message (held, with the tube and test named).
    void whatCannotBeEnteredIsKept()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"),
                                                  {QStringLiteral("GLU"), QStringLiteral("ALT")});
        AccessionRequest waiting = testlab::serumRequest({QStringLiteral("NA")});
        const QString notReceived = m_lab->accessioner().accession(waiting, Technician).value().accession;
        QVERIFY(m_intake->receive(m_analyzer, message(QStringLiteral("NOSUCH"),
                                                      {{QStringLiteral("717/"), QStringLiteral("5.0"),
                                                        QStringLiteral("mmol/l"), QStringLiteral("N")}})));
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(
            m_analyzer, message(tube, {{QStringLiteral("717/"), QStringLiteral("5.0"), QStringLiteral("g/l"),
                                        QStringLiteral("N")},
                                       {QStringLiteral("685/"), QStringLiteral("900000"),
                                        QStringLiteral("U/l"), QStringLiteral("N")},
                                       {QStringLiteral("690/"), QStringLiteral("1.0"),
                                        QStringLiteral("mg/dl"), QStringLiteral("N")},
                                       {QStringLiteral("999/"), QStringLiteral("1"), QString(), QString()}}));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().matched, 0);
        QCOMPARE(o.value().unmatched, 2); // CREA not ordered; 999/ not mapped
        QCOMPARE(o.value().held.size(), 2);
        QVERIFY2(o.value().held.at(0).reason.contains(QStringLiteral("g/l")),
                 qPrintable(o.value().held.at(0).reason));
        QCOMPARE(o.value().held.at(0).accession, tube);
        QCOMPARE(o.value().held.at(1).test, QStringLiteral("ALT"));
        Result<AnalyzerIntake::Outcome> more = m_intake->receive(
            m_analyzer, message(notReceived, {{QStringLiteral("989/"), QStringLiteral("140"), QString(),
                                               QStringLiteral("N")}}));
        QVERIFY(more && more.value().held.size() == 1);
        QVERIFY2(more.value().held.first().reason.contains(QStringLiteral("not been received")),
                 qPrintable(more.value().held.first().reason));
        Result<AnalyzerIntake::Outcome> x = m_intake->receive(
            m_analyzer,
            message(tube, {{QStringLiteral("717/"), QStringLiteral("-----"), QStringLiteral("mmol/l"),
                            QStringLiteral("HH"), QStringLiteral("X"), QStringLiteral("20261206101100")},
                           {QStringLiteral("685/"), QStringLiteral("30"), QStringLiteral("U/l"),
                            QStringLiteral("N"), QStringLiteral("F"), QStringLiteral("20261206101300")},
                           {QStringLiteral("685/"), QStringLiteral("31"), QStringLiteral("U/l"),
                            QStringLiteral("N"), QStringLiteral("F"), QStringLiteral("20261206101400")}}));
        QVERIFY(x);
        QCOMPARE(x.value().matched, 1);
        QCOMPARE(x.value().held.size(), 2);
        QVERIFY(x.value().held.at(0).reason.contains(QStringLiteral("status X")));
        QVERIFY(x.value().held.at(1).reason.contains(QStringLiteral("second value")));

        Result<QList<UnmatchedReading>> open = UnmatchedReadings(*m_lab).list();
        QVERIFY(open);
        QCOMPARE(open.value().size(), 8);
        QStringList reasons;
        for (const UnmatchedReading &u : open.value())
            reasons << u.reason;
        QVERIFY(reasons.join(QLatin1Char('\n')).contains(QStringLiteral("No tube NOSUCH")));
        QVERIFY(reasons.join(QLatin1Char('\n')).contains(QStringLiteral("999/")));
        QCOMPARE(testlab::scalar(m_lab->database().connection(),
                                 QStringLiteral("SELECT count(*) FROM results WHERE analyzer = 'c311'")),
                 1);
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // A message cut off before its L record is not taken (the analyzer sends it again); the
    // message itself is journaled with the note.
    void incompleteMessageIsNotTaken()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        Result<AnalyzerIntake::Outcome> o =
            m_intake->receive(m_analyzer, message(tube,
                                                  {{QStringLiteral("717/"), QStringLiteral("5.0"),
                                                    QStringLiteral("mmol/l"), QStringLiteral("N")}},
                                                  false));
        QVERIFY(o);
        QCOMPARE(o.value().matched, 0);
        QVERIFY(o.value().notes.join(QLatin1Char(' ')).contains(QStringLiteral("no L record")));
        QCOMPARE(testlab::scalar(
                     m_lab->database().connection(),
                     QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'instrument.received'")),
                 1);
        QCOMPARE(
            testlab::scalar(m_lab->database().connection(), QStringLiteral("SELECT count(*) FROM results")),
            0);
    }

    // A correction (R-9 C) of a recorded measurement (same sample, code and R-13) is a new value,
    // not a repeat; the same key sent again with another value and not as a correction is held for
    // a person; only the very same measurement again is a repeat (audit F2).
    void correctionIsNotARepeat()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const auto sent = [&](const QString &value, const QString &status, const QString &header) {
            return records(
                {QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|") + header, QStringLiteral("P|1"),
                 QStringLiteral("O|1|%1||^^^717/|R").arg(tube),
                 QStringLiteral("R|1|^^^717/|%1|mmol/l||N||%2||op||20261206101200|P1").arg(value, status),
                 QStringLiteral("L|1|N")});
        };
        Result<AnalyzerIntake::Outcome> first = m_intake->receive(
            m_analyzer, sent(QStringLiteral("5.0"), QStringLiteral("F"), QStringLiteral("20261206101500")));
        QVERIFY2(first && first.value().matched == 1, first ? "" : qPrintable(first.error()));
        const QByteArray correction =
            sent(QStringLiteral("7.0"), QStringLiteral("C"), QStringLiteral("20261206113000"));
        Result<AnalyzerIntake::Outcome> corrected = m_intake->receive(m_analyzer, correction);
        QVERIFY2(corrected, qPrintable(corrected.error()));
        QCOMPARE(corrected.value().duplicates, 0);
        QCOMPARE(corrected.value().matched, 1);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, QStringLiteral("SELECT value FROM result_history ORDER BY hlc")),
                 QStringLiteral("5.0\n7.0"));
        QCOMPARE(text(db, QStringLiteral("SELECT value FROM results")), QStringLiteral("7.0"));
        // The correction sent again is a repeat of the correction.
        Result<AnalyzerIntake::Outcome> again = m_intake->receive(m_analyzer, correction);
        QVERIFY(again);
        QCOMPARE(again.value().duplicates, 1);
        QCOMPARE(again.value().matched, 0);
        // Another value under the same time, as a final result: a person decides.
        Result<AnalyzerIntake::Outcome> other = m_intake->receive(
            m_analyzer, sent(QStringLiteral("6.0"), QStringLiteral("F"), QStringLiteral("20261206120000")));
        QVERIFY(other);
        QCOMPARE(other.value().duplicates, 0);
        QCOMPARE(other.value().matched, 0);
        QCOMPARE(other.value().held.size(), 1);
        QVERIFY2(other.value().held.first().reason.contains(QStringLiteral("not as a correction")),
                 qPrintable(other.value().held.first().reason));
        QCOMPARE(text(db, QStringLiteral("SELECT value FROM instrument_unmatched")), QStringLiteral("6.0"));
        // A flag or unit that differs is not a repeat either.
        Result<AnalyzerIntake::Outcome> flagged = m_intake->receive(
            m_analyzer, records({QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|20261206121000"),
                                 QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R").arg(tube),
                                 QStringLiteral("R|1|^^^717/|7.0|mmol/l||H||C||op||20261206101200|P1"),
                                 QStringLiteral("L|1|N")}));
        QVERIFY(flagged);
        QCOMPARE(flagged.value().duplicates, 0);
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // Within one message nothing is a repeat: two samples whose barcodes were not read, with the
    // same code and time, are two unmatched readings; one tube's test in two O records without any
    // time is a value and a held second value. Each message sent again adds nothing (audit F3).
    void everyReadingOfAMessageIsKept()
    {
        const QByteArray unread = records(
            {QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|20261206120000"), QStringLiteral("P|1"),
             QStringLiteral("O|1|||^^^717/|R"), QStringLiteral("R|1|^^^717/|4.1|mmol/l||N||F||op|||P1"),
             QStringLiteral("P|2"), QStringLiteral("O|1|||^^^717/|R"),
             QStringLiteral("R|1|^^^717/|9.9|mmol/l||H||F||op|||P1"), QStringLiteral("L|1|N")});
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(m_analyzer, unread);
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().results, 2);
        QCOMPARE(o.value().duplicates, 0);
        QCOMPARE(o.value().unmatched, 2);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, QStringLiteral("SELECT value FROM instrument_unmatched ORDER BY value")),
                 QStringLiteral("4.1\n9.9"));
        Result<AnalyzerIntake::Outcome> again = m_intake->receive(m_analyzer, unread);
        QVERIFY(again);
        QCOMPARE(again.value().duplicates, 2);
        QCOMPARE(again.value().unmatched, 0);

        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const QByteArray rerun =
            records({QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1"), QStringLiteral("P|1"),
                     QStringLiteral("O|1|11625^%1^1^^004|R1|^^^717/|R").arg(tube),
                     QStringLiteral("R|1|^^^717/|35.2|mmol/l||H||F|||||P1"),
                     QStringLiteral("O|2|11626^%1^1^^004|R1|^^^717/|R").arg(tube),
                     QStringLiteral("R|1|^^^717/|3.5|mmol/l||N||F|||||P1"), QStringLiteral("L|1|N")});
        Result<AnalyzerIntake::Outcome> two = m_intake->receive(m_analyzer, rerun);
        QVERIFY2(two, qPrintable(two.error()));
        QCOMPARE(two.value().duplicates, 0);
        QCOMPARE(two.value().matched, 1);
        QCOMPARE(two.value().held.size(), 1);
        QVERIFY2(two.value().held.first().reason.contains(QStringLiteral("second value")),
                 qPrintable(two.value().held.first().reason));
        QCOMPARE(
            text(db,
                 QStringLiteral("SELECT value FROM instrument_unmatched WHERE accession = '%1'").arg(tube)),
            QStringLiteral("3.5"));
        Result<AnalyzerIntake::Outcome> twice = m_intake->receive(m_analyzer, rerun);
        QVERIFY(twice);
        QCOMPARE(twice.value().duplicates, 2);
        QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM result_history")), 1);
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // An analyzer that writes the test's time in R-12 (DCA Vantage) and no R-13: that time, not the
    // message's H-14, says when it measured, so the same result resent later is a repeat (audit F8).
    void startedTimeRecognisesAResend()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const auto sent = [&](const QString &header) {
            return records({QStringLiteral("H|\\^&|||DCA VANTAGE^04.04.00.00^S067337|||||||P||") + header,
                            QStringLiteral("P|1"), QStringLiteral("O|1||%1").arg(tube),
                            QStringLiteral("R|1|^^^717/|6.1|mmol/l||||F|||20261206125500"),
                            QStringLiteral("L|1|N")});
        };
        m_analyzer.profile = AstmProfile::Siemens;
        Result<AnalyzerIntake::Outcome> first =
            m_intake->receive(m_analyzer, sent(QStringLiteral("20261206130000")));
        QVERIFY2(first, qPrintable(first.error()));
        QCOMPARE(first.value().matched, 1);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, QStringLiteral("SELECT measured_at FROM results")),
                 QStringLiteral("20261206125500"));
        Result<AnalyzerIntake::Outcome> resent =
            m_intake->receive(m_analyzer, sent(QStringLiteral("20261206131500")));
        QVERIFY(resent);
        QCOMPARE(resent.value().duplicates, 1);
        QCOMPARE(resent.value().matched, 0);
        QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM result_history")), 1);
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // What the analyzer said beyond the value reaches the verifier: a status that is not final
    // (R-9 W) and its comments (C records after the R) are in the entry, on the worklist row and in
    // the tooltip, and batch "verify normal" leaves such a result, or one with an analyzer flag
    // other than N, for review on its own; a plain final N result is still released (audit F4).
    void analyzerStatusAndCommentsReachTheVerifier()
    {
        const QString tube =
            testlab::receivedFor(*m_lab, QStringLiteral("adult"),
                                 {QStringLiteral("GLU"), QStringLiteral("ALT"), QStringLiteral("CREA")});
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(
            m_analyzer, records({QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|20261206101500"),
                                 QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R").arg(tube),
                                 QStringLiteral("R|1|^^^717/|4.8|mmol/l||||W||op||20261206101200|P1"),
                                 QStringLiteral("R|2|^^^685/|30|U/l||N||F||op||20261206101200|P1"),
                                 QStringLiteral("C|1|I|PLATELET AGGREGATS^^Alarm_WBC|I"),
                                 QStringLiteral("R|3|^^^690/|0.90|mg/dl||N||F||op||20261206101200|P1"),
                                 QStringLiteral("L|1|N")}));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().matched, 3);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(
            text(db, QStringLiteral("SELECT test_code, instrument_status, instrument_comments FROM results "
                                    "ORDER BY test_code")),
            QStringLiteral("ALT||PLATELET AGGREGATS Alarm_WBC\nCREA||\nGLU|W|"));
        WorklistFilter chemistry;
        chemistry.bench = QStringLiteral("CHEM");
        Result<QList<WorklistRow>> rows = WorklistQuery(db).rowsOfAccession(chemistry, tube);
        QVERIFY2(rows, qPrintable(rows.error()));
        QCOMPARE(rows.value().size(), 3);
        QStringList orders;
        for (const WorklistRow &row : rows.value()) {
            orders << row.orderId;
            if (row.testCode == QLatin1String("GLU"))
                QCOMPARE(row.instrumentStatus, QStringLiteral("W"));
            if (row.testCode == QLatin1String("ALT"))
                QCOMPARE(row.instrumentComments, QStringList{QStringLiteral("PLATELET AGGREGATS Alarm_WBC")});
        }
        ResultRepository repository(db);
        ResultService results(m_lab->store(), repository, m_lab->catalog());
        Result<ResultService::BatchOutcome> batch = results.verifyNormal(orders, QStringLiteral("a.okafor"));
        QVERIFY2(batch, qPrintable(batch.error()));
        QStringList why;
        for (const auto &[order, reason] : batch.value().skipped)
            why << order + QStringLiteral(": ") + reason;
        QVERIFY2(batch.value().verified.size() == 1, qPrintable(why.join(QLatin1Char('\n'))));
        QVERIFY2(batch.value().verified.first().endsWith(QLatin1String("-CREA")),
                 qPrintable(batch.value().verified.join(QLatin1Char(' '))));
        QCOMPARE(why.size(), 2);
        QVERIFY2(why.join(QLatin1Char('\n')).contains(QStringLiteral("status is W")),
                 qPrintable(why.join('\n')));
        QVERIFY2(why.join(QLatin1Char('\n')).contains(QStringLiteral("PLATELET AGGREGATS")),
                 qPrintable(why.join('\n')));

        // An analyzer flag other than N holds it as well, whatever our own flag says.
        const QString flagged =
            testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        QVERIFY(m_intake->receive(m_analyzer,
                                  message(flagged, {{QStringLiteral("717/"), QStringLiteral("5.0"),
                                                     QStringLiteral("mmol/l"), QStringLiteral("A")}})));
        Result<ResultService::BatchOutcome> more =
            results.verifyNormal({flagged + QStringLiteral("-GLU")}, QStringLiteral("a.okafor"));
        QVERIFY2(more, qPrintable(more.error()));
        QVERIFY(more.value().verified.isEmpty());
        QCOMPARE(more.value().skipped.size(), 1);
        QVERIFY2(more.value().skipped.first().second.contains(QStringLiteral("flagged it A")),
                 qPrintable(more.value().skipped.first().second));
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // Records that arrive without an H record are not a message and are not taken, but the link
    // has ACKed them: they are journaled as received, not taken, with the reason (audit F9).
    void recordsWithoutHeaderAreJournaled()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const qint64 before = testlab::journalCount(*m_lab);
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(
            m_analyzer, records({QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R").arg(tube),
                                 QStringLiteral("R|1|^^^717/|5.5|mmol/l||N||F||op||20261207051500|P1"),
                                 QStringLiteral("L|1|N")}));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().matched, 0);
        QVERIFY2(o.value().notes.join(QLatin1Char(' ')).contains(QStringLiteral("without an H record")),
                 qPrintable(o.value().notes.join(QLatin1Char(' '))));
        QCOMPARE(testlab::journalCount(*m_lab), before + 1);
        const QSqlDatabase db = m_lab->database().connection();
        const QString kept =
            text(db, QStringLiteral("SELECT payload FROM journal WHERE kind = 'instrument.received'"));
        QVERIFY2(kept.contains(QStringLiteral("R|1|^^^717/|5.5|mmol/l")) &&
                     kept.contains(QStringLiteral("\"taken\":false")) &&
                     kept.contains(QStringLiteral("without an H record")),
                 qPrintable(kept));
        QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM results")), 0);
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // The shared real captures: every R record is accounted for (here no tube is known, so all are
    // unmatched, each with the sample number trimmed), and a second import adds nothing.
    void realCapturesAreAccountedFor_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("results");
        QTest::addColumn<QString>("sample");
        QTest::addColumn<int>("profile");
        QTest::newRow("c311") << QStringLiteral("roche_cobas_c311_singleframe.astm") << 7
                              << QStringLiteral("CL-PL-24-0370") << int(AstmProfile::Roche);
        QTest::newRow("pentra") << QStringLiteral("horiba_pentra_xlr_multiframe.astm") << 21
                                << QStringLiteral("S1234") << int(AstmProfile::Horiba);
        QTest::newRow("c111") << QStringLiteral("roche_cobas_c111_multiframe_etb_crlf.astm") << 1
                              << QStringLiteral("T20-10143GA D07") << int(AstmProfile::Roche);
    }
    void realCapturesAreAccountedFor()
    {
        QFETCH(QString, file);
        QFETCH(int, results);
        QFETCH(QString, sample);
        QFETCH(int, profile);
        m_analyzer.profile = AstmProfile(profile);
        QByteArray capture = readTranscript(file);
        // The multi-frame captures are joined by the link; the records of each frame are the text.
        QByteArray text;
        for (const QByteArray &frame : capture.split('\x02')) {
            if (frame.size() < 3)
                continue;
            const qsizetype end = std::max(frame.lastIndexOf('\x03'), frame.lastIndexOf('\x17'));
            text += frame.mid(1, end - 1);
        }
        if (file.contains(QLatin1String("singleframe")))
            text = unframed(capture);
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(m_analyzer, text);
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().results, results);
        QCOMPARE(o.value().unmatched, results);
        QCOMPARE(
            testlab::scalar(m_lab->database().connection(),
                            QStringLiteral("SELECT count(DISTINCT specimen_id) FROM instrument_unmatched")),
            1);
        QCOMPARE(text.isEmpty(), false);
        QCOMPARE(::text(m_lab->database().connection(),
                        QStringLiteral("SELECT DISTINCT specimen_id FROM instrument_unmatched")),
                 sample);
        Result<AnalyzerIntake::Outcome> again = m_intake->receive(m_analyzer, text);
        QVERIFY(again);
        QCOMPARE(again.value().duplicates, results);
        QCOMPARE(again.value().unmatched, 0);
    }

    // A host query is answered with the tests ordered on the tube that this analyzer runs (through
    // its map), with priority; a tube with nothing to run is Y, an unknown tube Z.
    void hostQueryIsAnsweredFromTheOrders()
    {
        AccessionRequest r =
            testlab::serumRequest({QStringLiteral("GLU"), QStringLiteral("K"), QStringLiteral("ALT")});
        r.priority = QStringLiteral("stat");
        const QString tube = m_lab->accessioner().accession(r, Technician).value().accession;
        const QString nothing = m_lab->accessioner()
                                    .accession(testlab::serumRequest({QStringLiteral("K")}), Technician)
                                    .value()
                                    .accession;
        const QByteArray query = QStringLiteral("H|\\^&|||c311^1|||||host|TSREQ^REAL|P|1|20261206101500\rQ|1|"
                                                "^%1\\^%2\\^NOSUCH||ALL||||||||O\r"
                                                "L|1|N\r")
                                     .arg(tube, nothing)
                                     .toUtf8();
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(m_analyzer, query);
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().answers.size(), 1);
        QByteArray answer;
        for (const QByteArray &record : o.value().answers.first())
            answer += record + '\r';
        const QList<Result<AstmMessage>> parsed = AstmMessage::parseSession(answer, AstmProfile::Roche);
        QCOMPARE(parsed.size(), 1);
        QVERIFY(parsed.first());
        const AstmMessage &m = parsed.first().value();
        QCOMPARE(m.patients().size(), 3);
        const AstmOrder &first = m.patients().at(0).orders.first();
        QCOMPARE(first.specimenId, tube);
        QCOMPARE(first.testCodes.size(), 2);
        QVERIFY(first.testCodes.join(QLatin1Char(' ')).contains(QStringLiteral("717/")));
        QVERIFY(first.testCodes.join(QLatin1Char(' ')).contains(QStringLiteral("685/")));
        QCOMPARE(first.priority, QStringLiteral("S"));
        QCOMPARE(first.reportType, QStringLiteral("Q"));
        QCOMPARE(m.patients().at(1).orders.first().reportType, QStringLiteral("Y"));
        QCOMPARE(m.patients().at(2).orders.first().reportType, QStringLiteral("Z"));
        QCOMPARE(testlab::scalar(
                     m_lab->database().connection(),
                     QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'instrument.query_answered'")),
                 1);
    }

    // A host query naming a hospital label of several tubes is a problem of the data, not of the
    // line: it is answered as for an unknown tube ("no information") and journaled with the reason,
    // never refused (which the link would turn into a NAK) (audit F1).
    void ambiguousLabelInAQueryIsAnswered()
    {
        QFile oml(QStringLiteral(BENCHSIDE_SHARED_TESTDATA
                                 "/interfaces/hl7/oml_o21_v251_hl7spec_glucose_tolerance_nw.hl7"));
        QVERIFY(oml.open(QIODevice::ReadOnly));
        QVERIFY(Hl7OrderIntake(*m_lab, QStringLiteral("hl7")).handle(oml.readAll()).code ==
                Hl7Ack::Code::Accept);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(DISTINCT accession) FROM external_orders "
                                                    "WHERE placer_order = '12345678'")),
                 3);
        const qint64 before = testlab::journalCount(*m_lab);
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(
            m_analyzer, records({QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|20261206101500"),
                                 QStringLiteral("Q|1|^12345678||ALL||||||||O"), QStringLiteral("L|1|N")}));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().answers.size(), 1);
        QByteArray answer;
        for (const QByteArray &record : o.value().answers.first())
            answer += record + '\r';
        QVERIFY2(answer.contains("\rL|1|I\r"), answer.constData());
        QCOMPARE(testlab::journalCount(*m_lab), before + 2);
        const QString journaled =
            text(db, QStringLiteral("SELECT payload FROM journal WHERE kind = 'instrument.query_answered'"));
        QVERIFY2(journaled.contains(QStringLiteral("12345678")) &&
                     journaled.contains(QStringLiteral("3 tubes")),
                 qPrintable(journaled));
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // A person matches an unmatched reading to the right tube (entered as the analyzer's result,
    // re-judged) or discards it with a reason; neither can be done twice.
    void unmatchedIsMatchedOrDiscarded()
    {
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        QVERIFY(m_intake->receive(
            m_analyzer, message(QStringLiteral("WARD-7"), {{QStringLiteral("717/"), QStringLiteral("4.4"),
                                                            QStringLiteral("mmol/l"), QStringLiteral("N")},
                                                           {QStringLiteral("685/"), QStringLiteral("12"),
                                                            QStringLiteral("U/l"), QStringLiteral("N")}})));
        UnmatchedReadings readings(*m_lab);
        Result<QList<UnmatchedReading>> open = readings.list();
        QVERIFY(open && open.value().size() == 2);
        QString glucose, alt;
        for (const UnmatchedReading &u : open.value())
            (u.analyzerCode == QLatin1String("717/") ? glucose : alt) = u.id;
        QVERIFY(!readings.match(glucose, QStringLiteral("NOSUCH"), Technician));
        QVERIFY(!readings.discard(alt, QString(), Technician));
        Result<Event> matched = readings.match(glucose, tube, Technician);
        QVERIFY2(matched, qPrintable(matched.error()));
        QVERIFY(!readings.match(glucose, tube, Technician));
        QVERIFY(readings.discard(alt, QStringLiteral("Tube of another lab, sent by mistake"), Technician));
        QVERIFY(!readings.discard(alt, QStringLiteral("again"), Technician));
        QCOMPARE(readings.list().value().size(), 0);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(text(db, QStringLiteral("SELECT value, analyzer, entered_by FROM results")),
                 QStringLiteral("4.4|c311|p.nair"));
        QCOMPARE(text(db, QStringLiteral(
                              "SELECT state, resolved_by, resolution FROM instrument_unmatched ORDER BY "
                              "state")),
                 QStringLiteral("discarded|p.nair|Tube of another lab, sent by mistake\nmatched|p.nair|") +
                     tube + QStringLiteral("-GLU"));
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // Controls from the analyzer (issue 21): a specimen ID matching a lot level's pattern is a QC
    // value, recorded as a run of that lot and judged at once; a rejection locks the test as a typed
    // one does; the same message again adds nothing; a pattern that would catch a patient's tube,
    // or everything, is refused.
    void controlsBecomeQcRuns()
    {
        QcService qc(m_lab->store(), m_lab->catalog());
        for (int level : {1, 2}) {
            QcService::LotDefinition lot{
                QStringLiteral("GLU"), QStringLiteral("G-77"), level, level == 1 ? 5.0 : 15.0, 0.1, {}, {}};
            QVERIFY(qc.defineLot(lot, Administrator));
            QVERIFY(qc.definePattern({QStringLiteral("GLU"), QStringLiteral("G-77"), level,
                                      QStringLiteral("QC-GLU-L%1-*").arg(level)},
                                     Administrator));
        }
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        Result<Event> catchesTubes = qc.definePattern(
            {QStringLiteral("GLU"), QStringLiteral("G-77"), 1, tube.left(4) + QStringLiteral("*")},
            Administrator);
        QVERIFY(!catchesTubes);
        QVERIFY2(catchesTubes.error().contains(tube), qPrintable(catchesTubes.error()));
        QVERIFY(!qc.definePattern({QStringLiteral("GLU"), QStringLiteral("G-77"), 1, QStringLiteral("*?")},
                                  Administrator));
        QVERIFY(!qc.definePattern(
            {QStringLiteral("GLU"), QStringLiteral("G-77"), 1, QStringLiteral("QC-X-*")}, Technician));

        const auto controls = [&](const QString &low, const QString &high, const QString &at) {
            QStringList records{QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|") + at,
                                QStringLiteral("P|1"),
                                QStringLiteral("O|1|qc-glu-l1-0042||^^^717/|R"),
                                QStringLiteral("R|1|^^^717/|%1|mmol/l||N||F||op||%2|P1").arg(low, at),
                                QStringLiteral("P|2"),
                                QStringLiteral("O|1|QC-GLU-L2-0042||^^^717/|R"),
                                QStringLiteral("R|1|^^^717/|%1|mmol/l||N||F||op||%2|P1").arg(high, at),
                                QStringLiteral("L|1|N")};
            return records.join(QLatin1Char('\r')).toUtf8() + '\r';
        };
        Result<AnalyzerIntake::Outcome> o =
            m_intake->receive(m_analyzer, controls(QStringLiteral("5.05"), QStringLiteral("14.95"),
                                                   QStringLiteral("20261206080000")));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().qcValues, 2);
        QCOMPARE(o.value().qcRuns, 1);
        QCOMPARE(o.value().unmatched, 0);
        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(
            text(db, QStringLiteral("SELECT level, value, analyzer, run_status FROM qc_results WHERE lot = "
                                    "'G-77' ORDER BY level")),
            QStringLiteral("1|5.05|c311|accepted\n2|14.95|c311|accepted"));
        QVERIFY(m_intake
                    ->receive(m_analyzer, controls(QStringLiteral("5.05"), QStringLiteral("14.95"),
                                                   QStringLiteral("20261206080000")))
                    .value()
                    .duplicates == 2);
        QCOMPARE(
            testlab::scalar(db, QStringLiteral("SELECT count(*) FROM qc_lockouts WHERE test_code = 'GLU'")),
            0);
        // 5 SD above the mean: 1-3s, rejected, and the test is locked as after a typed rejection.
        Result<AnalyzerIntake::Outcome> bad =
            m_intake->receive(m_analyzer, controls(QStringLiteral("5.5"), QStringLiteral("15.0"),
                                                   QStringLiteral("20261206090000")));
        QVERIFY(bad && bad.value().qcRuns == 1);
        QCOMPARE(
            text(db, QStringLiteral(
                         "SELECT DISTINCT run_status FROM qc_results WHERE lot = 'G-77' AND value = 5.5")),
            QStringLiteral("rejected"));
        QCOMPARE(testlab::scalar(
                     db, QStringLiteral("SELECT count(*) FROM qc_lockouts WHERE test_code = 'GLU' AND state "
                                        "<> 'cleared'")),
                 1);
        // A patient's tube is never taken for a control, whatever patterns say.
        QVERIFY(m_intake
                    ->receive(m_analyzer, message(tube, {{QStringLiteral("717/"), QStringLiteral("5.2"),
                                                          QStringLiteral("mmol/l"), QStringLiteral("N")}}))
                    .value()
                    .matched == 1);
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // The analyzer's own QC flag (O-12 action code Q): what it ran as a control is never filed as a
    // patient's result. With a pattern it becomes a QC run; without one, or on a patient's tube ID, it
    // waits among the unmatched with the reason.
    void analyzerQcFlagIsNeverAPatientResult()
    {
        QcService qc(m_lab->store(), m_lab->catalog());
        QVERIFY(
            qc.defineLot({QStringLiteral("GLU"), QStringLiteral("G-5"), 1, 5.0, 0.1, {}, {}}, Administrator));
        QVERIFY(qc.definePattern({QStringLiteral("GLU"), QStringLiteral("G-5"), 1, QStringLiteral("PCC1-*")},
                                 Administrator));
        const QString tube = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const auto flagged = [](const QString &id, const QString &at) {
            return (QStringList{QStringLiteral("H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1|") + at,
                                QStringLiteral("P|1"), QStringLiteral("O|1|%1||^^^717/|R||||||Q").arg(id),
                                QStringLiteral("R|1|^^^717/|5.02|mmol/l||N||F||op||%1|P1").arg(at),
                                QStringLiteral("L|1|N")}
                        .join(QLatin1Char('\r'))
                        .toUtf8() +
                    '\r');
        };
        Result<AnalyzerIntake::Outcome> run = m_intake->receive(
            m_analyzer, flagged(QStringLiteral("PCC1-7"), QStringLiteral("20261206070000")));
        QVERIFY2(run, qPrintable(run.error()));
        QCOMPARE(run.value().qcRuns, 1);
        QCOMPARE(run.value().matched, 0);

        Result<AnalyzerIntake::Outcome> unknown = m_intake->receive(
            m_analyzer, flagged(QStringLiteral("CTRL-N"), QStringLiteral("20261206070100")));
        QVERIFY2(unknown, qPrintable(unknown.error()));
        QCOMPARE(unknown.value().unmatched, 1);
        QCOMPARE(unknown.value().qcRuns, 0);

        Result<AnalyzerIntake::Outcome> onTube =
            m_intake->receive(m_analyzer, flagged(tube, QStringLiteral("20261206070200")));
        QVERIFY2(onTube, qPrintable(onTube.error()));
        QCOMPARE(onTube.value().matched, 0);
        QCOMPARE(onTube.value().unmatched, 1);

        const QSqlDatabase db = m_lab->database().connection();
        QCOMPARE(testlab::scalar(db, QStringLiteral("SELECT count(*) FROM results")), 0);
        QCOMPARE(text(db, QStringLiteral("SELECT status FROM test_orders WHERE accession = '%1'").arg(tube)),
                 QStringLiteral("ordered"));
        const QString reasons = text(db, QStringLiteral("SELECT specimen_id || ': ' || reason FROM "
                                                        "instrument_unmatched ORDER BY specimen_id"));
        QVERIFY2(reasons.contains(QStringLiteral("CTRL-N: ")) &&
                     reasons.contains(QStringLiteral("qc lot pattern")),
                 qPrintable(reasons));
        QVERIFY2(reasons.contains(tube + QStringLiteral(": ")) && reasons.contains(QStringLiteral("patient")),
                 qPrintable(reasons));
        testlab::verifyViewsMatchJournal(*m_lab);
    }

    // Autoverification (issue 21): off until a supervisor turns it on; then a result is released in
    // the message's own transaction only when every rule holds, with the rule set's version and
    // reasons on its history, and a held one says which rules held it. Trying stricter rules on
    // the history says what they would have held.
    void autoverificationReleasesOnlyWhatItMay()
    {
        AutoverifyService autoverify(m_lab->store(), m_lab->catalog(), m_lab->permissions());
        AutoverifyRules rules;
        rules.test = QStringLiteral("GLU");
        rules.enabled = true;
        rules.widenPercent = 10;
        QVERIFY(!autoverify.set(rules, QStringLiteral("validated"), Technician));
        QVERIFY(!autoverify.set(rules, QStringLiteral("validated"), Administrator));
        QVERIFY(autoverify.set(rules, QStringLiteral("validated"), QStringLiteral("a.okafor")));
        QCOMPARE(AutoverifyService(m_lab->store(), m_lab->catalog(), m_lab->permissions())
                     .rules(QStringLiteral("GLU"))
                     .value()
                     .version,
                 1);
        m_intake->setClock([] { return QDateTime::currentDateTime(); });
        const QString now = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMddHHmmss"));
        const QString normal = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        // No QC on this analyzer yet: held, saying so.
        QVERIFY(m_intake
                    ->receive(m_analyzer, message(normal, {{QStringLiteral("717/"), QStringLiteral("4.6"),
                                                            QStringLiteral("mmol/l"), QStringLiteral("N"),
                                                            QStringLiteral("F"), now}}))
                    .value()
                    .heldByRules == 1);
        const QSqlDatabase db = m_lab->database().connection();
        QVERIFY2(
            text(db, QStringLiteral("SELECT autoverify FROM results")).contains(QStringLiteral("no QC run")),
            qPrintable(text(db, QStringLiteral("SELECT autoverify FROM results"))));

        // An accepted QC run on the analyzer, then results: the normal one is released.
        QVERIFY(acceptedGlucoseQc(now));
        const QString second = testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const QString flagged =
            testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        const QString critical =
            testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(
            m_analyzer,
            message(second, {{QStringLiteral("717/"), QStringLiteral("5.6"), QStringLiteral("mmol/l"),
                              QStringLiteral("N"), QStringLiteral("F"), now}}));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().autoverified, 1);
        QVERIFY(m_intake
                    ->receive(m_analyzer, message(flagged, {{QStringLiteral("717/"), QStringLiteral("4.9"),
                                                             QStringLiteral("mmol/l"), QStringLiteral("A"),
                                                             QStringLiteral("F"), now}}))
                    .value()
                    .heldByRules == 1);
        QVERIFY(m_intake
                    ->receive(m_analyzer, message(critical, {{QStringLiteral("717/"), QStringLiteral("28"),
                                                              QStringLiteral("mmol/l"), QStringLiteral("HH"),
                                                              QStringLiteral("F"), now}}))
                    .value()
                    .heldByRules == 1);
        QCOMPARE(
            text(db, QStringLiteral("SELECT verified_by FROM results WHERE accession = '%1'").arg(second)),
            QStringLiteral("autoverify"));
        // 5.6 is above the range (5.5) but within it widened by 10 % of its width (5.66).
        QVERIFY(
            text(db, QStringLiteral("SELECT detail FROM result_history WHERE kind = 'result.verified' AND "
                                    "order_id = '%1-GLU'")
                         .arg(second))
                .startsWith(QStringLiteral("released by rules v1: within 3.74–5.66; QC accepted")));
        QVERIFY(text(db, QStringLiteral("SELECT autoverify FROM results WHERE accession = '%1'").arg(flagged))
                    .contains(QStringLiteral("analyzer flag A")));
        const QString heldCritical =
            text(db, QStringLiteral("SELECT autoverify FROM results WHERE accession = '%1'").arg(critical));
        QVERIFY2(heldCritical.contains(QStringLiteral("critical value")), qPrintable(heldCritical));
        QCOMPARE(text(db, QStringLiteral("SELECT count(*) FROM results WHERE verified_by <> ''")),
                 QStringLiteral("1"));
        testlab::verifyViewsMatchJournal(*m_lab);

        // Stricter limits, tried on history: the released 5.6 would have been held.
        AutoverifyRules stricter = rules;
        stricter.low = 4.0;
        stricter.high = 5.5;
        Result<AutoverifyRules> inForce =
            AutoverifyService(m_lab->store(), m_lab->catalog(), m_lab->permissions())
                .rules(QStringLiteral("GLU"));
        Result<AutoverifyTrial::Outcome> trial = AutoverifyTrial(db).run(
            inForce.value(), stricter, 30, QDateTime::currentMSecsSinceEpoch() + 1000);
        QVERIFY2(trial, qPrintable(trial.error()));
        QCOMPARE(trial.value().results, 4); // the first, held for want of QC, and the three after
        QCOMPARE(trial.value().changed.size(), 1);
        QCOMPARE(trial.value().changed.first().orderId, second + QStringLiteral("-GLU"));
        QVERIFY(trial.value().changed.first().releasedNow);
        QVERIFY(!trial.value().changed.first().releasedThen);
    }

    // Serum indices sent with a specimen's results (mapped as index:H, index:L, index:I) and a
    // person's mark for manual review hold what the rules would otherwise release.
    void serumIndicesAndManualReviewHold()
    {
        AnalyzerRegistry registry(m_lab->store(), m_lab->permissions(), m_lab->catalog());
        Result<QList<AnalyzerMapEntry>> map = AnalyzerMapCsv::parse("analyzer_code,test,unit,factor\n"
                                                                    "717/,GLU,mmol/l,\n"
                                                                    "H01/,index:H,,\n"
                                                                    "L01/,index:L,,\n");
        QVERIFY2(map, qPrintable(map.error()));
        QVERIFY(registry.setMap(QStringLiteral("c311"), map.value(), Administrator));
        QVERIFY(!registry.setMap(QStringLiteral("c311"),
                                 {{QStringLiteral("X1"), QStringLiteral("index:Q"), {}, {}}}, Administrator));
        m_analyzer = *registry.find(QStringLiteral("c311")).value();

        AutoverifyService autoverify(m_lab->store(), m_lab->catalog(), m_lab->permissions());
        AutoverifyRules rules;
        rules.test = QStringLiteral("GLU");
        rules.enabled = true;
        rules.hemolysisMax = 50;
        QVERIFY(autoverify.set(rules, QStringLiteral("validated with HIL"), QStringLiteral("a.okafor")));
        m_intake->setClock([] { return QDateTime::currentDateTime(); });
        const QString now = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMddHHmmss"));
        QVERIFY(acceptedGlucoseQc(now));
        const auto send = [&](const QString &tube, const QString &hemolysis) {
            QList<QStringList> results{{QStringLiteral("717/"), QStringLiteral("5.0"),
                                        QStringLiteral("mmol/l"), QStringLiteral("N"), QStringLiteral("F"),
                                        now},
                                       {QStringLiteral("L01/"), QStringLiteral("3"), QString(), QString(),
                                        QStringLiteral("F"), now}};
            if (!hemolysis.isEmpty())
                results.append(
                    {QStringLiteral("H01/"), hemolysis, QString(), QString(), QStringLiteral("F"), now});
            return m_intake->receive(m_analyzer, message(tube, results));
        };
        const auto tube = [&] {
            return testlab::receivedFor(*m_lab, QStringLiteral("adult"), {QStringLiteral("GLU")});
        };
        const QSqlDatabase db = m_lab->database().connection();
        const auto decided = [&](const QString &accession) {
            return text(
                db, QStringLiteral("SELECT autoverify FROM results WHERE accession = '%1'").arg(accession));
        };

        const QString clear = tube();
        Result<AnalyzerIntake::Outcome> o = send(clear, QStringLiteral("20"));
        QVERIFY2(o, qPrintable(o.error()));
        QCOMPARE(o.value().matched, 1); // the indices are not results of their own
        QCOMPARE(o.value().unmatched, 0);
        QCOMPARE(o.value().autoverified, 1);
        const QString payload = text(
            db, QStringLiteral("SELECT payload FROM journal WHERE kind = 'result.entered' AND subject = '%1'")
                    .arg(clear));
        QVERIFY2(payload.contains(QStringLiteral("\"indices\":{\"H\":20,\"L\":3}")), qPrintable(payload));

        const QString hemolysed = tube();
        QCOMPARE(send(hemolysed, QStringLiteral("120")).value().heldByRules, 1);
        QVERIFY2(decided(hemolysed).contains(QStringLiteral("hemolysis index 120 above 50")),
                 qPrintable(decided(hemolysed)));
        const QString unmeasured = tube();
        QCOMPARE(send(unmeasured, QString()).value().heldByRules, 1);
        QVERIFY2(decided(unmeasured).contains(QStringLiteral("no hemolysis index")),
                 qPrintable(decided(unmeasured)));

        // The tube's timeline says what the rules decided, between the custody steps.
        const auto timeline = [&](const QString &accession) {
            Result<QList<CustodyEntry>> t = m_lab->specimens().timeline(accession);
            if (!t)
                qFatal("%s", qPrintable(t.error()));
            QStringList rows;
            for (const CustodyEntry &e : t.value())
                rows << e.kind + QStringLiteral(" ") + e.detail;
            return rows;
        };
        const QStringList released = timeline(clear);
        QVERIFY2(released.first().startsWith(
                     QStringLiteral("autoverify.released GLU: released by rules v1: within")),
                 qPrintable(released.join(QLatin1Char('\n'))));
        QVERIFY2(released.last().startsWith(QStringLiteral("specimen.accessioned")),
                 qPrintable(released.join(QLatin1Char('\n'))));
        QCOMPARE(timeline(hemolysed).first(),
                 QStringLiteral("autoverify.held GLU: held by rules v1: hemolysis index 120 above 50"));
        QCOMPARE(m_lab->specimens().custody(hemolysed).value().size(), timeline(hemolysed).size() - 1);

        ManualReview manual(m_lab->store(), m_lab->catalog());
        const QString marked = tube();
        QVERIFY(!manual.mark(marked, QStringLiteral(" "), Technician));
        QVERIFY(manual.mark(marked, QStringLiteral("clinician asked to see it first"), Technician));
        QVERIFY(!manual.mark(marked, QStringLiteral("again"), Technician));
        QCOMPARE(manual.reason(marked).value(),
                 std::optional<QString>(QStringLiteral("clinician asked to see it first")));
        QCOMPARE(send(marked, QStringLiteral("10")).value().heldByRules, 1);
        QVERIFY2(decided(marked).contains(QStringLiteral("marked for manual review: clinician asked")),
                 qPrintable(decided(marked)));
        QVERIFY(manual.clear(marked, QStringLiteral("seen by Dr Osei"), QStringLiteral("a.okafor")));
        const QStringList marks = timeline(marked);
        QVERIFY2(marks.at(0) == QStringLiteral("specimen.review_marked manual review cleared") &&
                     marks.at(2) == QStringLiteral("specimen.review_marked marked for manual review"),
                 qPrintable(marks.join(QLatin1Char('\n'))));
        QCOMPARE(manual.reason(marked).value(), std::nullopt);
        QVERIFY(!manual.clear(marked, QStringLiteral("twice"), QStringLiteral("a.okafor")));
        QVERIFY(!manual.mark(QStringLiteral("NO-SUCH-TUBE"), QStringLiteral("why"), Technician));
        QCOMPARE(text(db, QStringLiteral("SELECT count(*) FROM results WHERE verified_by <> ''")),
                 QStringLiteral("1"));
        testlab::verifyViewsMatchJournal(*m_lab);
    }

private:
    // A glucose control lot whose analyzer IDs are QC-G9-*, and an accepted run of it sent by the
    // analyzer at `at` (yyyyMMddHHmmss): what autoverification asks before it releases.
    bool acceptedGlucoseQc(const QString &at)
    {
        QcService qc(m_lab->store(), m_lab->catalog());
        if (!qc.defineLot({QStringLiteral("GLU"), QStringLiteral("G-9"), 1, 5.0, 0.1, {}, {}},
                          Administrator) ||
            !qc.definePattern({QStringLiteral("GLU"), QStringLiteral("G-9"), 1, QStringLiteral("QC-G9-*")},
                              Administrator))
            return false;
        Result<AnalyzerIntake::Outcome> o = m_intake->receive(
            m_analyzer, message(QStringLiteral("QC-G9-1"),
                                {{QStringLiteral("717/"), QStringLiteral("5.02"), QStringLiteral("mmol/l"),
                                  QStringLiteral("N"), QStringLiteral("F"), at}}));
        return o && o.value().qcRuns == 1;
    }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<AnalyzerIntake> m_intake;
    AnalyzerDefinition m_analyzer;
};

QTEST_GUILESS_MAIN(TestAnalyzerIntake)
#include "tst_analyzerintake.moc"
