// SPDX-License-Identifier: GPL-3.0-or-later
#include "labhelpers.h"
#include "pty.h"
#include "scan/scanprocessor.h"
#include "scan/serialframer.h"
#include "scan/serialscanner.h"
#include "settings/settings.h"
#include "testdatabase.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;
using Suffix = SerialFramer::Suffix;

Q_DECLARE_METATYPE(benchside::SerialFramer::Suffix)

namespace {
const QString Tech = QStringLiteral("j.kowalski");

QStringList texts(const QSignalSpy &spy)
{
    QStringList out;
    for (const QList<QVariant> &args : spy)
        out << args.at(0).toString();
    return out;
}

// A byte string literal, NUL bytes and all.
template<size_t N> QByteArray raw(const char (&s)[N])
{
    return QByteArray(s, qsizetype(N - 1));
}

QStringList codesAndProblems(const QList<SerialFramer::Frame> &frames)
{
    QStringList out;
    for (const SerialFramer::Frame &f : frames)
        out << (f.type == SerialFramer::Frame::Type::Code ? f.text : QLatin1Char('!') + f.text);
    return out;
}
} // namespace

class TestSerialScanner : public QObject
{
    Q_OBJECT

private slots:
    void framer_data();
    void framer();
    void framerSuffixNamesMatchSettings();

    void readsEachSuffix_data();
    void readsEachSuffix();
    void chunkedCodeArrivesWhole();
    void severalCodesInOneWrite();
    void noneSuffixGapEndsEachCode();
    void codeWithoutItsSuffixIsReported();
    void overLongGarbageIsRejected();
    void missingPortGivesClearStatus();
    void configComesFromSettings();
    void closingMasterReportsProblem();
    void reconnectsWhenScannerReturns();
    void codesBecomeReceiptsInTheJournal();

private:
    std::unique_ptr<SerialScanner> startOn(const Pty &pty, Suffix suffix);
};

// Each row feeds the framer chunk by chunk; a "<flush>" chunk is the line falling quiet. Expected:
// the codes in order, problems as "!" followed by a piece of their message.
void TestSerialScanner::framer_data()
{
    QTest::addColumn<Suffix>("suffix");
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QStringList>("expected");

    using L = QList<QByteArray>;
    using S = QStringList;
    const QByteArray flush = "<flush>";
    const QByteArray code = "TST2600001X";
    const QByteArray garbage(200, 'Z');

    QTest::newRow("cr") << Suffix::Cr << L{code + '\r'} << S{code};
    QTest::newRow("lf") << Suffix::Lf << L{code + '\n'} << S{code};
    QTest::newRow("crlf") << Suffix::CrLf << L{code + "\r\n"} << S{code};
    QTest::newRow("tab") << Suffix::Tab << L{code + '\t'} << S{code};
    QTest::newRow("none, quiet line") << Suffix::None << L{code, flush} << S{code};
    QTest::newRow("none, nothing held") << Suffix::None << L{flush} << S{};
    QTest::newRow("none, split then quiet") << Suffix::None << L{"TST26", "00001X", flush} << S{code};
    QTest::newRow("none, line ends stripped") << Suffix::None << L{"\r\n" + code + "\r\n", flush} << S{code};
    QTest::newRow("none, two codes need a quiet line each")
        << Suffix::None << L{"A1", flush, "B2", flush} << S{"A1", "B2"};
    QTest::newRow("none, no quiet line yet") << Suffix::None << L{code} << S{};

    QTest::newRow("split across chunks") << Suffix::Cr << L{"TST", "2600", "001X", "\r"} << S{code};
    QTest::newRow("one byte at a time")
        << Suffix::CrLf << L{"A", "B", "\r", "\n", "C", "\r", "\n"} << S{"AB", "C"};
    QTest::newRow("several in one chunk") << Suffix::Cr << L{"A1\rB2\rC3\r"} << S{"A1", "B2", "C3"};
    QTest::newRow("several, last one split") << Suffix::Lf << L{"A1\nB2\nC", "3\n"} << S{"A1", "B2", "C3"};
    QTest::newRow("cr set, scanner sends cr lf") << Suffix::Cr << L{"A1\r\nB2\r\n"} << S{"A1", "B2"};
    QTest::newRow("lf set, scanner sends cr lf") << Suffix::Lf << L{"A1\r\nB2\r\n"} << S{"A1", "B2"};
    QTest::newRow("crlf set, scanner sends lf") << Suffix::CrLf << L{"A1\nB2\n"} << S{"A1", "B2"};
    QTest::newRow("tab set, line ends around") << Suffix::Tab << L{"\r\nA1\t\r\nB2\t"} << S{"A1", "B2"};
    QTest::newRow("stray line ends before") << Suffix::Cr << L{"\n\r\n\r", code + '\r'} << S{code};
    QTest::newRow("only line noise") << Suffix::Cr << L{raw("\r\n\r\0\r"), "\n", flush} << S{};
    QTest::newRow("NUL padding around") << Suffix::Cr << L{raw("\0\0A1\0\r")} << S{"A1"};
    QTest::newRow("NUL inside") << Suffix::Cr
                                << L{raw("A\0"
                                         "1\r")}
                                << S{"!A<NUL>1"};
    QTest::newRow("bell inside") << Suffix::Cr << L{"A1\x07Z\r"} << S{"!A1<0x07>Z"};
    QTest::newRow("escape at start") << Suffix::Lf
                                     << L{"\x1b"
                                          "A1\n"}
                                     << S{"!<0x1B>A1"};
    QTest::newRow("DEL") << Suffix::Cr << L{"A1\x7f\r"} << S{"!A1<0x7F>"};
    QTest::newRow("C1 control") << Suffix::Cr << L{"A1\x85\r"} << S{"!A1<0x85>"};
    QTest::newRow("bad code does not spoil the next") << Suffix::Cr
                                                      << L{"A\x01"
                                                           "1\rB2\r"}
                                                      << S{"!A<0x01>1", "B2"};
    QTest::newRow("cr set, lone lf inside") << Suffix::Cr << L{"A1\nB2\r"} << S{"!A1<LF>B2"};
    QTest::newRow("latin-1 letters kept for the scan path to judge") << Suffix::Cr
                                                                     << L{"A\xc9"
                                                                          "1\r"}
                                                                     << S{QStringLiteral("A\u00c91")};

    QTest::newRow("128 characters is a code")
        << Suffix::Cr << L{QByteArray(128, 'A') + '\r'} << S{QString(128, QLatin1Char('A'))};
    QTest::newRow("129 characters is not")
        << Suffix::Cr << L{QByteArray(129, 'A') + '\r'} << S{"!more than 128 characters"};
    QTest::newRow("over-long, its tail dropped, next code kept")
        << Suffix::Cr << L{garbage, garbage, "\rA1\r"} << S{"!more than 128 characters", "A1"};
    QTest::newRow("over-long reported once")
        << Suffix::Lf << L{garbage + garbage + garbage + '\n'} << S{"!starting \"ZZZZ"};
    QTest::newRow("none, over-long until quiet")
        << Suffix::None << L{garbage, flush, "A1", flush} << S{"!more than 128 characters", "A1"};

    QTest::newRow("cut short: suffix missing")
        << Suffix::Cr << L{"TST26", flush} << S{"!\"TST26\" without its suffix (CR)"};
    QTest::newRow("wrong suffix on the scanner")
        << Suffix::Cr << L{"A1\tB2\t", flush} << S{"!\"A1<Tab>B2<Tab>\" without its suffix"};
    QTest::newRow("crlf set, lone cr")
        << Suffix::CrLf << L{"A1\r", flush} << S{"!\"A1\" without its suffix (CR LF)"};
    QTest::newRow("quiet line between codes is harmless")
        << Suffix::Tab << L{"A1\t", flush, "B2\t"} << S{"A1", "B2"};
}

void TestSerialScanner::framer()
{
    QFETCH(Suffix, suffix);
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QStringList, expected);

    SerialFramer framer(suffix);
    QList<SerialFramer::Frame> frames;
    for (const QByteArray &chunk : chunks)
        frames += chunk == "<flush>" ? framer.flush() : framer.feed(chunk);

    const QStringList got = codesAndProblems(frames);
    QVERIFY2(got.size() == expected.size(), qPrintable(got.join(QLatin1String(" | "))));
    for (qsizetype i = 0; i < got.size(); ++i) {
        if (expected.at(i).startsWith(QLatin1Char('!')))
            QVERIFY2(got.at(i).startsWith(QLatin1Char('!')) && got.at(i).contains(expected.at(i).mid(1)),
                     qPrintable(got.at(i)));
        else
            QCOMPARE(got.at(i), expected.at(i));
    }
    // Whatever a row leaves behind ends with a quiet line: never as a code that was not there.
    if (chunks.isEmpty() || chunks.last() != "<flush>") {
        for (const SerialFramer::Frame &f : framer.flush())
            QVERIFY2(f.type == SerialFramer::Frame::Type::Problem || suffix == Suffix::None,
                     qPrintable(f.text));
    }
    QVERIFY(!framer.hasPending());
}

void TestSerialScanner::framerSuffixNamesMatchSettings()
{
    for (const QString &name : Settings::serialSuffixes()) {
        const std::optional<Suffix> s = SerialFramer::parseSuffix(name);
        QVERIFY2(s.has_value(), qPrintable(name));
        QCOMPARE(SerialFramer::suffixName(*s), name);
    }
    QVERIFY(!SerialFramer::parseSuffix(QStringLiteral("CR")));
    QVERIFY(!SerialFramer::parseSuffix(QStringLiteral("enter")));
    QVERIFY(!SerialFramer::parseSuffix(QString()));
}

std::unique_ptr<SerialScanner> TestSerialScanner::startOn(const Pty &pty, Suffix suffix)
{
    auto scanner = std::make_unique<SerialScanner>(SerialScanner::Config{pty.slave(), 9600, suffix});
    // Far longer than any delay between the test's own writes, however busy the machine: the
    // quiet-line tests wait for the code instead of timing it.
    scanner->setIncompleteMs(5'000);
    scanner->setGapMs(300);
    const Status started = scanner->start();
    if (!started)
        qWarning("%s", qPrintable(started.error()));
    return started ? std::move(scanner) : nullptr;
}

void TestSerialScanner::readsEachSuffix_data()
{
    QTest::addColumn<Suffix>("suffix");
    QTest::addColumn<QByteArray>("bytes");

    QTest::newRow("cr") << Suffix::Cr << QByteArray("TST2600001X\r");
    QTest::newRow("lf") << Suffix::Lf << QByteArray("TST2600001X\n");
    QTest::newRow("crlf") << Suffix::CrLf << QByteArray("TST2600001X\r\n");
    QTest::newRow("tab") << Suffix::Tab << QByteArray("TST2600001X\t");
    QTest::newRow("none") << Suffix::None << QByteArray("TST2600001X");
}

void TestSerialScanner::readsEachSuffix()
{
    QFETCH(Suffix, suffix);
    QFETCH(QByteArray, bytes);

    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, suffix);
    QVERIFY(scanner);
    QVERIFY(scanner->isConnected());
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);

    QVERIFY(pty.write(bytes));
    QTRY_COMPARE(codes.size(), 1);
    QCOMPARE(codes.at(0).at(0).toString(), QStringLiteral("TST2600001X"));
    QVERIFY2(problems.isEmpty(), qPrintable(texts(problems).join(QLatin1Char('\n'))));
}

void TestSerialScanner::chunkedCodeArrivesWhole()
{
    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::CrLf);
    QVERIFY(scanner);
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);

    // Each piece is read on its own before the next is written, so the scanner really sees chunks.
    for (const QByteArray piece : {"TST", "2600", "001X\r", "\n"}) {
        QVERIFY(pty.write(piece));
        QTest::qWait(30);
        QVERIFY(codes.isEmpty() || piece == "\n");
    }
    QTRY_COMPARE(codes.size(), 1);
    QCOMPARE(codes.at(0).at(0).toString(), QStringLiteral("TST2600001X"));
    QVERIFY2(problems.isEmpty(), qPrintable(texts(problems).join(QLatin1Char('\n'))));
}

void TestSerialScanner::severalCodesInOneWrite()
{
    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::Cr);
    QVERIFY(scanner);
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);

    QVERIFY(pty.write("\nA1\r\nB2\r\nC3\rD4\r"));
    QTRY_COMPARE(codes.size(), 4);
    QCOMPARE(texts(codes), (QStringList{"A1", "B2", "C3", "D4"}));
    QVERIFY2(problems.isEmpty(), qPrintable(texts(problems).join(QLatin1Char('\n'))));
}

void TestSerialScanner::noneSuffixGapEndsEachCode()
{
    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::None);
    QVERIFY(scanner);
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);

    // Two writes back to back are one code; the quiet line after them ends it.
    QVERIFY(pty.write("TST26"));
    QVERIFY(pty.write("00001X"));
    QTRY_COMPARE(codes.size(), 1);
    QCOMPARE(codes.at(0).at(0).toString(), QStringLiteral("TST2600001X"));
    QVERIFY(pty.write("TST2600002Y"));
    QTRY_COMPARE(codes.size(), 2);
    QCOMPARE(codes.at(1).at(0).toString(), QStringLiteral("TST2600002Y"));
}

void TestSerialScanner::codeWithoutItsSuffixIsReported()
{
    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::Cr);
    QVERIFY(scanner);
    scanner->setIncompleteMs(200);
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);

    QVERIFY(pty.write("TST2600001X\n")); // a scanner set to LF on a station set to CR
    QTRY_COMPARE(problems.size(), 1);
    QVERIFY2(
        problems.at(0).at(0).toString().contains(QLatin1String("\"TST2600001X\" without its suffix (CR)")),
        qPrintable(problems.at(0).at(0).toString()));
    QVERIFY(codes.isEmpty());
    // The next code, correctly ended, is not polluted by the one that was reported.
    QVERIFY(pty.write("TST2600002Y\r"));
    QTRY_COMPARE(codes.size(), 1);
    QCOMPARE(codes.at(0).at(0).toString(), QStringLiteral("TST2600002Y"));
}

void TestSerialScanner::overLongGarbageIsRejected()
{
    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::Cr);
    QVERIFY(scanner);
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);

    // Line noise at the wrong baud rate: long, printable, no suffix; then a good scan.
    QByteArray garbage;
    for (int i = 0; i < 300; ++i)
        garbage += char('0' + (i * 7) % 43);
    QVERIFY(pty.write(garbage));
    QVERIFY(pty.write("\rTST2600001X\r"));
    QTRY_COMPARE(codes.size(), 1);
    QCOMPARE(codes.at(0).at(0).toString(), QStringLiteral("TST2600001X"));
    QCOMPARE(problems.size(), 1);
    const QString message = problems.at(0).at(0).toString();
    QVERIFY2(message.contains(QLatin1String("more than 128 characters")) &&
                 message.contains(QLatin1String("discarded")) &&
                 message.contains(QString::fromLatin1(garbage.left(10))),
             qPrintable(message));
}

void TestSerialScanner::missingPortGivesClearStatus()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("ttyACM0"));
    SerialScanner scanner(SerialScanner::Config{missing, 9600, Suffix::Cr});
    QSignalSpy connected(&scanner, &SerialScanner::connectedChanged);
    const Status s = scanner.start();
    QVERIFY(!s.ok());
    QVERIFY2(s.error().startsWith(missing + QLatin1String(" could not be opened: ")), qPrintable(s.error()));
    QVERIFY2(s.error().contains(QLatin1String("No such file or directory")), qPrintable(s.error()));
    QVERIFY2(s.error().contains(
                 QLatin1String("Check that the scanner is plugged in and in USB serial (CDC) mode")),
             qPrintable(s.error()));
    QVERIFY(!scanner.isConnected());
    QVERIFY(connected.isEmpty());

    // Not a serial port at all.
    QFile plain(dir.filePath(QStringLiteral("notatty")));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    SerialScanner onFile(SerialScanner::Config{plain.fileName(), 9600, Suffix::Cr});
    const Status f = onFile.start();
    QVERIFY2(!f.ok() && f.error().startsWith(plain.fileName() + QLatin1String(" could not be opened: ")),
             qPrintable(f.error()));

    SerialScanner unset(SerialScanner::Config{});
    const Status u = unset.start();
    QVERIFY(!u.ok());
    QVERIFY2(u.error().contains(QLatin1String("No serial port")), qPrintable(u.error()));
}

void TestSerialScanner::configComesFromSettings()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    QVERIFY(SerialScanner::config(settings).port.isEmpty());
    QCOMPARE(SerialScanner::config(settings).suffix, Suffix::Cr);
    QVERIFY(settings.setValue(Settings::Key::SerialPort, QStringLiteral("/dev/ttyACM1")).ok());
    QVERIFY(settings.setValue(Settings::Key::SerialBaudRate, 115200).ok());
    QVERIFY(settings.setValue(Settings::Key::SerialSuffix, QStringLiteral("tab")).ok());
    const SerialScanner::Config c = SerialScanner::config(settings);
    QCOMPARE(c.port, QStringLiteral("/dev/ttyACM1"));
    QCOMPARE(c.baudRate, 115200);
    QCOMPARE(c.suffix, Suffix::Tab);
}

void TestSerialScanner::closingMasterReportsProblem()
{
    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::Cr);
    QVERIFY(scanner);
    QSignalSpy codes(scanner.get(), &SerialScanner::codeRead);
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);
    QSignalSpy connected(scanner.get(), &SerialScanner::connectedChanged);

    QVERIFY(pty.write("A1\rB2")); // the cable goes in the middle of the second tube
    QTRY_COMPARE(codes.size(), 1);
    pty.closeMaster();
    QTRY_COMPARE(connected.size(), 1);
    QCOMPARE(connected.at(0).at(0).toBool(), false);
    QVERIFY(!scanner->isConnected());
    QCOMPARE(problems.size(), 1);
    const QString message = problems.at(0).at(0).toString();
    QVERIFY2(message.contains(pty.slave() + QLatin1String(" was disconnected")), qPrintable(message));
    // Reported once, however long it stays away; half a tube is never a code.
    QTest::qWait(300);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(texts(codes), QStringList{"A1"});
}

void TestSerialScanner::reconnectsWhenScannerReturns()
{
    // The configured path is a stable name (as udev's /dev/serial/by-id/… links are); each "plug-in"
    // points it at a fresh pseudo-terminal.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString link = dir.filePath(QStringLiteral("scanner"));
    auto first = std::make_unique<Pty>();
    QVERIFY2(first->isValid(), qPrintable(first->error()));
    QVERIFY(QFile::link(first->slave(), link));

    SerialScanner scanner(SerialScanner::Config{link, 9600, Suffix::Cr});
    scanner.setRetryIntervalMs(100);
    QSignalSpy codes(&scanner, &SerialScanner::codeRead);
    QSignalSpy problems(&scanner, &SerialScanner::problem);
    QSignalSpy connected(&scanner, &SerialScanner::connectedChanged);
    const Status started = scanner.start();
    QVERIFY2(started.ok(), qPrintable(started.error()));
    QCOMPARE(connected.size(), 1);

    QVERIFY(first->write("A1\r"));
    QTRY_COMPARE(codes.size(), 1);
    first.reset();
    QVERIFY(QFile::remove(link));
    QTRY_COMPARE(connected.size(), 2);
    QCOMPARE(connected.at(1).at(0).toBool(), false);
    QCOMPARE(problems.size(), 1);

    QTest::qWait(350); // several attempts fail while the scanner is away, without a word
    QCOMPARE(problems.size(), 1);
    QVERIFY(!scanner.isConnected());

    Pty second;
    QVERIFY2(second.isValid(), qPrintable(second.error()));
    QVERIFY(QFile::link(second.slave(), link));
    QTRY_COMPARE(connected.size(), 3);
    QCOMPARE(connected.at(2).at(0).toBool(), true);
    QVERIFY(scanner.isConnected());
    QVERIFY(second.write("B2\r"));
    QTRY_COMPARE(codes.size(), 2);
    QCOMPARE(texts(codes), (QStringList{"A1", "B2"}));
    QCOMPARE(problems.size(), 1);

    // Stopped, it lets go of the port and stays away.
    scanner.stop();
    QCOMPARE(connected.size(), 4);
    QVERIFY(!scanner.isConnected());
}

void TestSerialScanner::codesBecomeReceiptsInTheJournal()
{
    TestDatabase db(QStringLiteral("SER"));
    std::unique_ptr<Lab> lab = db.open();
    const Status imported = testlab::importDemoCatalog(*lab);
    QVERIFY2(imported.ok(), qPrintable(imported.error()));
    QStringList accessions;
    for (int i = 0; i < 2; ++i) {
        Result<Specimen> s = lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair"));
        QVERIFY2(s.ok(), qPrintable(s.error()));
        accessions << s.value().accession;
    }
    const qint64 before = testlab::journalCount(*lab);

    Pty pty;
    QVERIFY2(pty.isValid(), qPrintable(pty.error()));
    std::unique_ptr<SerialScanner> scanner = startOn(pty, Suffix::CrLf);
    QVERIFY(scanner);
    // What MainWindow does on the receiving page: every code down the one scan path.
    QList<ScanOutcome> outcomes;
    connect(scanner.get(), &SerialScanner::codeRead, this, [&](const QString &code) {
        outcomes << lab->scanner().process(code, ScanProcessor::Action::Receive, Tech);
    });
    QSignalSpy problems(scanner.get(), &SerialScanner::problem);

    // Two tubes in one burst, a corrupted read between them, then the first tube again.
    QVERIFY(pty.write((accessions.at(0) + QLatin1String("\r\n") + accessions.at(1).left(5)).toLatin1() +
                      "\x07" +
                      (accessions.at(1).mid(5) + QLatin1String("\r\n") + accessions.at(1) +
                       QLatin1String("\r\n") + accessions.at(0) + QLatin1String("\r\n"))
                          .toLatin1()));
    QTRY_COMPARE(outcomes.size(), 3);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(outcomes.at(0).type, ScanOutcome::Type::Received);
    QCOMPARE(outcomes.at(0).code, accessions.at(0));
    QCOMPARE(outcomes.at(1).type, ScanOutcome::Type::Received);
    QCOMPARE(outcomes.at(1).code, accessions.at(1));
    QCOMPARE(outcomes.at(2).type, ScanOutcome::Type::Duplicate);

    QCOMPARE(testlab::journalCount(*lab), before + 2);
    for (const QString &accession : accessions) {
        QCOMPARE(
            testlab::scalar(lab->database().connection(),
                            QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'custody.received' "
                                           "AND subject = '%1' AND actor = '%2'")
                                .arg(accession, Tech)),
            qint64(1));
        QCOMPARE(lab->specimens().find(accession).value()->status, QStringLiteral("received"));
    }
}

QTEST_GUILESS_MAIN(TestSerialScanner)
#include "tst_serialscanner.moc"
