// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/keycapture.h"
#include "scan/wedgedetector.h"

#include <QTest>

using namespace benchside;

class TestKeyCapture : public QObject
{
    Q_OBJECT

private slots:
    void parsesKeysAndTimes();
    void namedKeys_data();
    void namedKeys();
    void skipsBlankLinesAndComments();
    void acceptsWindowsLineEndingsAndBom();
    void emptyCaptureHasNoKeys();
    void brokenLines_data();
    void brokenLines();
    void replaysIntoOneScan();
};

void TestKeyCapture::parsesKeysAndTimes()
{
    const QByteArray capture = "0 S\n"
                               "7.5 2\n"
                               "15 #\n"
                               "22.25 \xc3\xbc\n" // ü, from a keyboard layout the scanner does not expect
                               "30 Space\n"
                               "108.0 Enter\n";
    const Result<QList<CapturedKey>> parsed = KeyCapture::parse(capture);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    const QList<CapturedKey> &keys = parsed.value();
    QCOMPARE(keys.size(), 6);

    QCOMPARE(keys.at(0).ms, 0.0);
    QCOMPARE(keys.at(0).key, WedgeKey::text(QLatin1Char('S')));
    QCOMPARE(keys.at(1).ms, 7.5);
    QCOMPARE(keys.at(1).key, WedgeKey::text(QLatin1Char('2')));
    QCOMPARE(keys.at(2).key, WedgeKey::text(QLatin1Char('#')));
    QCOMPARE(keys.at(3).ms, 22.25);
    QCOMPARE(keys.at(3).key, WedgeKey::text(QChar(0x00FC)));
    QCOMPARE(keys.at(4).key, WedgeKey::text(QLatin1Char(' ')));
    QCOMPARE(keys.at(5).ms, 108.0);
    QCOMPARE(keys.at(5).key, WedgeKey::enter());
}

void TestKeyCapture::namedKeys_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("type"); // WedgeKey::Type
    QTest::addColumn<QString>("ch");

    const int text = int(WedgeKey::Type::Text);
    const int modifier = int(WedgeKey::Type::Modifier);
    const int other = int(WedgeKey::Type::Other);
    QTest::newRow("Enter") << "Enter" << int(WedgeKey::Type::Enter) << "";
    QTest::newRow("Return") << "Return" << int(WedgeKey::Type::Enter) << "";
    QTest::newRow("enter, lower case") << "enter" << int(WedgeKey::Type::Enter) << "";
    QTest::newRow("Tab") << "Tab" << int(WedgeKey::Type::Tab) << "";
    QTest::newRow("Space") << "Space" << text << " ";
    QTest::newRow("SPACE") << "SPACE" << text << " ";
    QTest::newRow("Shift") << "Shift" << modifier << "";
    QTest::newRow("Control") << "Control" << modifier << "";
    QTest::newRow("AltGr") << "AltGr" << modifier << "";
    QTest::newRow("CapsLock") << "CapsLock" << modifier << "";
    QTest::newRow("Escape") << "Escape" << other << "";
    QTest::newRow("Backspace") << "Backspace" << other << "";
    QTest::newRow("Left") << "Left" << other << "";
    QTest::newRow("F12") << "F12" << other << "";
    QTest::newRow("one letter") << "a" << text << "a";
    QTest::newRow("one capital") << "E" << text << "E";
}

void TestKeyCapture::namedKeys()
{
    QFETCH(QString, name);
    QFETCH(int, type);
    QFETCH(QString, ch);

    const Result<QList<CapturedKey>> parsed = KeyCapture::parse("12 " + name.toUtf8() + "\n");
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed.value().size(), 1);
    const WedgeKey key = parsed.value().at(0).key;
    QCOMPARE(int(key.type), type);
    QCOMPARE(key.ch, ch.isEmpty() ? QChar() : ch.at(0));
}

void TestKeyCapture::skipsBlankLinesAndComments()
{
    const QByteArray capture = "# Honeywell 1900, USB keyboard mode, suffix CR\n"
                               "\n"
                               "   \n"
                               "  # indented comment\n"
                               "0 A\n"
                               "\t8\tB\t\n"
                               "16 Enter";
    const Result<QList<CapturedKey>> parsed = KeyCapture::parse(capture);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed.value().size(), 3);
    QCOMPARE(parsed.value().at(1).ms, 8.0);
    QCOMPARE(parsed.value().at(1).key, WedgeKey::text(QLatin1Char('B')));
    QCOMPARE(parsed.value().at(2).key, WedgeKey::enter());
}

void TestKeyCapture::acceptsWindowsLineEndingsAndBom()
{
    const Result<QList<CapturedKey>> parsed = KeyCapture::parse("\xef\xbb\xbf"
                                                                "0 1\r\n5 2\r\n10 Tab\r\n");
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));
    QCOMPARE(parsed.value().size(), 3);
    QCOMPARE(parsed.value().at(0).key, WedgeKey::text(QLatin1Char('1')));
    QCOMPARE(parsed.value().at(2).key, WedgeKey::tab());
}

void TestKeyCapture::emptyCaptureHasNoKeys()
{
    const Result<QList<CapturedKey>> parsed = KeyCapture::parse("# nothing was typed\n\n");
    QVERIFY(parsed.ok());
    QVERIFY(parsed.value().isEmpty());
}

void TestKeyCapture::brokenLines_data()
{
    QTest::addColumn<QByteArray>("capture");
    QTest::addColumn<QString>("error");

    QTest::newRow("key missing") << QByteArray("0 A\n8\n") << "Line 2: a key is missing after the time 8.";
    QTest::newRow("time missing") << QByteArray("A\n")
                                  << "Line 1: \"A\" is not a time; each line starts with the milliseconds "
                                     "since the start of the capture, zero or more.";
    QTest::newRow("time not a number") << QByteArray("# c\n\n12ms A\n")
                                       << "Line 3: \"12ms\" is not a time; each line starts with the "
                                          "milliseconds since the start of the capture, zero or more.";
    QTest::newRow("negative time") << QByteArray("-5 A\n")
                                   << "Line 1: \"-5\" is not a time; each line starts with the milliseconds "
                                      "since the start of the capture, zero or more.";
    QTest::newRow("infinite time") << QByteArray("inf A\n")
                                   << "Line 1: \"inf\" is not a time; each line starts with the milliseconds "
                                      "since the start of the capture, zero or more.";
    QTest::newRow("time goes backwards")
        << QByteArray("0 A\n10 B\n9.5 C\n")
        << "Line 3: the time 9.5 ms is earlier than the line before (10 ms); keys must be listed in the "
           "order they were typed.";
    QTest::newRow("unknown key name")
        << QByteArray("0 A\n8 Entr\n")
        << "Line 2: \"Entr\" is not a key; write one character, or a key name such as Enter, Tab, Space, "
           "Escape or Shift.";
    QTest::newRow("two keys on a line")
        << QByteArray("0 A B\n") << "Line 1: one key per line is allowed, found \"A B\".";
    QTest::newRow("invalid UTF-8") << QByteArray("0 A\n8 \xc3\n") << "Line 2 is not valid UTF-8.";
    QTest::newRow("Latin-1 byte") << QByteArray("0 A\n\n8 \xfc\n") << "Line 3 is not valid UTF-8.";
}

void TestKeyCapture::brokenLines()
{
    QFETCH(QByteArray, capture);
    QFETCH(QString, error);

    const Result<QList<CapturedKey>> parsed = KeyCapture::parse(capture);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error(), error);
}

// The CLI's path: a capture of a real scanner (Shift around capitals, CR suffix) becomes one scan.
void TestKeyCapture::replaysIntoOneScan()
{
    const QByteArray capture = "# typed by hand, then scanned\n"
                               "0 4\n"
                               "140 Backspace\n"
                               "1000.0 Shift\n"
                               "1003.1 S\n"
                               "1008.2 2\n"
                               "1015.9 4\n"
                               "1023.4 0\n"
                               "1031.0 0\n"
                               "1038.6 Enter\n";
    const Result<QList<CapturedKey>> parsed = KeyCapture::parse(capture);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error()));

    WedgeDetector detector;
    QList<WedgeAction> actions;
    for (const CapturedKey &k : parsed.value())
        actions += detector.feed(k.key, qRound64(k.ms));
    actions += detector.finish();

    QStringList scans;
    QList<WedgeKey> delivered;
    for (const WedgeAction &action : actions) {
        if (action.type == WedgeAction::Type::Scan)
            scans.append(action.code);
        else if (action.type == WedgeAction::Type::Deliver)
            delivered += action.keys;
    }
    QCOMPARE(scans, QStringList{QStringLiteral("S2400")});
    const QList<WedgeKey> typed{WedgeKey::text(QLatin1Char('4')), WedgeKey::other(), WedgeKey::modifier()};
    QCOMPARE(delivered, typed);
}

QTEST_GUILESS_MAIN(TestKeyCapture)
#include "tst_keycapture.moc"
