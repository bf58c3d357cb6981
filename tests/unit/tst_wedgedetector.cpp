// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/wedgedetector.h"

#include <QTest>

using namespace benchside;

namespace {
struct TimedKey
{
    qint64 ms;
    WedgeKey key;
};

// Input script: "ms:key" items separated by spaces; key is one character or <Enter>, <Tab>, <Space>,
// <Shift> (a modifier) or <Other>. "0:1 8:2 16:<Enter>" is "1", "2" and Enter, 8 ms apart.
QList<TimedKey> script(const QString &text)
{
    QList<TimedKey> keys;
    for (const QString &item : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype colon = item.indexOf(QLatin1Char(':'));
        const qint64 ms = item.left(colon).toLongLong();
        const QString name = item.mid(colon + 1);
        WedgeKey key = WedgeKey::text(name.at(0));
        if (name == QLatin1String("<Enter>"))
            key = WedgeKey::enter();
        else if (name == QLatin1String("<Tab>"))
            key = WedgeKey::tab();
        else if (name == QLatin1String("<Space>"))
            key = WedgeKey::text(QLatin1Char(' '));
        else if (name == QLatin1String("<Shift>"))
            key = WedgeKey::modifier();
        else if (name == QLatin1String("<Other>"))
            key = WedgeKey::other();
        else if (name.size() != 1)
            qFatal("bad script item %s", qPrintable(item));
        keys.append({ms, key});
    }
    return keys;
}

QString keyName(const WedgeKey &key)
{
    switch (key.type) {
    case WedgeKey::Type::Text:
        return key.ch == QLatin1Char(' ') ? QStringLiteral("<Space>") : QString(key.ch);
    case WedgeKey::Type::Enter:
        return QStringLiteral("<Enter>");
    case WedgeKey::Type::Tab:
        return QStringLiteral("<Tab>");
    case WedgeKey::Type::Modifier:
        return QStringLiteral("<Shift>");
    case WedgeKey::Type::Other:
        return QStringLiteral("<Other>");
    }
    return {};
}

// What the detector did, in order: D[keys delivered] S[code scanned] I[code incomplete]. Consecutive
// deliveries are joined, so the transcript does not depend on how many calls they took.
struct Transcript
{
    QStringList items;
    QList<WedgeKey> accounted; // every key of every action, in order

    void add(const QList<WedgeAction> &actions)
    {
        for (const WedgeAction &action : actions) {
            accounted += action.keys;
            QString keys;
            for (const WedgeKey &key : action.keys)
                keys += keyName(key);
            switch (action.type) {
            case WedgeAction::Type::Deliver:
                QVERIFY(!action.keys.isEmpty());
                if (!items.isEmpty() && items.back().startsWith(QLatin1String("D[")))
                    items.back().insert(items.back().size() - 1, keys);
                else
                    items.append(QStringLiteral("D[%1]").arg(keys));
                break;
            case WedgeAction::Type::Scan:
                items.append(QStringLiteral("S[%1]").arg(action.code));
                break;
            case WedgeAction::Type::Incomplete:
                items.append(QStringLiteral("I[%1]").arg(action.code));
                break;
            }
        }
    }
    QString text() const { return items.join(QLatin1Char(' ')); }
};

enum class Drive { FeedOnly, TimerFirst };

// Runs a script the two ways a caller may: relying on feed() to expire what is due, or calling
// expire() at each deadline first, as the GUI timer does. Ends with the timer firing once more.
Transcript run(WedgeDetector &detector, const QList<TimedKey> &keys, Drive drive)
{
    Transcript t;
    for (const TimedKey &k : keys) {
        if (drive == Drive::TimerFirst) {
            while (detector.deadline() && *detector.deadline() <= k.ms)
                t.add(detector.expire(*detector.deadline()));
        }
        t.add(detector.feed(k.key, k.ms));
    }
    if (const auto due = detector.deadline())
        t.add(detector.expire(*due));
    return t;
}
} // namespace

class TestWedgeDetector : public QObject
{
    Q_OBJECT

private slots:
    void timing_data();
    void timing();
    void deadline();
    void expireBeforeDeadlineKeepsKeys();
    void scanSwallowsItsKeys();
    void humanTypingIsDeliveredOneGapLate();
    void finishDecidesOnHeldKeys();
    void settingsAreKept();
};

void TestWedgeDetector::timing_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<WedgeSettings::Suffix>("suffix");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString none;
    const auto enterOrTab = WedgeSettings::Suffix::EnterOrTab;

    // Scanners type about 7-8 ms apart.
    QTest::newRow("fast burst + Enter") << none << enterOrTab << "0:A 8:B 15:1 23:2 30:3 38:<Enter>"
                                        << "S[AB123]";
    QTest::newRow("fast burst + Tab") << none << enterOrTab << "0:4 7:2 14:0 21:1 28:<Tab>"
                                      << "S[4201]";
    QTest::newRow("exactly minLength") << none << enterOrTab << "0:1 8:2 16:3 24:4 32:<Enter>"
                                       << "S[1234]";
    QTest::newRow("gaps just under maxGap") << none << enterOrTab << "0:1 24:2 48:3 72:4 96:<Enter>"
                                            << "S[1234]";
    QTest::newRow("gaps of exactly maxGap are typing")
        << none << enterOrTab << "0:1 25:2 50:3 75:4 100:<Enter>"
        << "D[1234<Enter>]";

    // People rarely type under 50 ms apart.
    QTest::newRow("slow human typing") << none << enterOrTab << "0:h 120:e 200:l 380:l 460:o 640:<Enter>"
                                       << "D[hello<Enter>]";
    QTest::newRow("human typing, Enter quickly after") << none << enterOrTab << "0:4 100:2 110:<Enter>"
                                                       << "D[42<Enter>]";
    QTest::newRow("human typing with a space") << none << enterOrTab << "0:a 90:<Space> 270:b"
                                               << "D[a<Space>b]";
    QTest::newRow("short fast burst + Enter") << none << enterOrTab << "0:1 8:2 16:3 24:<Enter>"
                                              << "D[123<Enter>]";
    QTest::newRow("Enter alone") << none << enterOrTab << "0:<Enter>"
                                 << "D[<Enter>]";
    QTest::newRow("Other alone") << none << enterOrTab << "0:<Other> 5:<Other>"
                                 << "D[<Other><Other>]";

    QTest::newRow("burst interrupted by a long pause")
        << none << enterOrTab << "0:1 8:2 16:3 24:4 32:5 500:6 508:7 516:<Enter>"
        << "I[12345] D[67<Enter>]";
    QTest::newRow("pause early in the burst")
        << none << enterOrTab << "0:1 8:2 300:3 308:4 316:5 324:6 332:<Enter>"
        << "D[12] S[3456]";
    QTest::newRow("missing suffix") << none << enterOrTab << "0:1 8:2 16:3 24:4 32:5"
                                    << "I[12345]";
    QTest::newRow("missing suffix, then typing") << none << enterOrTab << "0:1 8:2 16:3 24:4 32:5 400:x"
                                                 << "I[12345] D[x]";
    QTest::newRow("suffix None: gap ends the scan")
        << none << WedgeSettings::Suffix::None << "0:1 8:2 16:3 24:4 32:5"
        << "S[12345]";
    QTest::newRow("suffix None: short burst is typing")
        << none << WedgeSettings::Suffix::None << "0:1 8:2 16:3"
        << "D[123]";
    QTest::newRow("suffix None: Enter after the burst")
        << none << WedgeSettings::Suffix::None << "0:1 8:2 16:3 24:4 32:<Enter>"
        << "S[1234] D[<Enter>]";
    QTest::newRow("suffix Enter, burst ends in Tab")
        << none << WedgeSettings::Suffix::Enter << "0:1 8:2 16:3 24:4 32:<Tab>"
        << "I[1234] D[<Tab>]";
    QTest::newRow("suffix Tab, burst ends in Enter")
        << none << WedgeSettings::Suffix::Tab << "0:1 8:2 16:3 24:4 32:<Enter>"
        << "I[1234] D[<Enter>]";
    QTest::newRow("suffix Tab") << none << WedgeSettings::Suffix::Tab << "0:1 8:2 16:3 24:4 32:<Tab>"
                                << "S[1234]";

    QTest::newRow("two bursts 30 ms apart")
        << none << enterOrTab << "0:A 8:1 16:2 24:3 32:<Enter> 62:B 70:4 78:5 86:6 94:<Enter>"
        << "S[A123] S[B456]";
    QTest::newRow("two bursts 8 ms apart")
        << none << enterOrTab << "0:A 8:1 16:2 24:3 32:<Enter> 40:B 48:4 56:5 64:6 72:<Enter>"
        << "S[A123] S[B456]";
    QTest::newRow("typing, then a scan")
        << none << enterOrTab << "0:q 150:t 300:y 308:A 316:1 324:2 332:3 340:<Enter>"
        << "D[qt] S[yA123]";

    QTest::newRow("prefix: scan with prefix")
        << "]C" << enterOrTab << "0:] 8:C 16:1 24:2 32:3 40:4 48:<Enter>"
        << "S[1234]";
    QTest::newRow("prefix: fast burst without prefix is typing")
        << "]C" << enterOrTab << "0:1 8:2 16:3 24:4 32:5 40:<Enter>"
        << "D[12345<Enter>]";
    QTest::newRow("prefix: prefix not at the start")
        << "]C" << enterOrTab << "0:1 8:] 16:C 24:2 32:3 40:4 48:5 56:<Enter>"
        << "D[1]C2345<Enter>]";
    QTest::newRow("prefix: code too short after the prefix")
        << "]C" << enterOrTab << "0:] 8:C 16:1 24:2 32:3 40:<Enter>"
        << "D[]C123<Enter>]";
    QTest::newRow("prefix: missing suffix") << "]C" << enterOrTab << "0:] 8:C 16:1 24:2 32:3 40:4"
                                            << "I[1234]";
    QTest::newRow("prefix: missing suffix without prefix is typing")
        << "]C" << enterOrTab << "0:1 8:2 16:3 24:4 32:5"
        << "D[12345]";
    QTest::newRow("prefix: slow typing of the prefix")
        << "]C" << enterOrTab << "0:] 100:C 200:1 300:2 400:3 500:4 600:<Enter>"
        << "D[]C1234<Enter>]";

    QTest::newRow("Other mid-burst, long part")
        << none << enterOrTab << "0:1 8:2 16:3 24:4 32:<Other> 40:5 48:6 56:<Enter>"
        << "I[1234] D[<Other>56<Enter>]";
    QTest::newRow("Other mid-burst, short part")
        << none << enterOrTab << "0:1 8:2 16:<Other> 24:3 32:4 40:5 48:6 56:<Enter>"
        << "D[12<Other>] S[3456]";
    QTest::newRow("Other mid-burst, suffix None")
        << none << WedgeSettings::Suffix::None << "0:1 8:2 16:3 24:4 32:<Other>"
        << "S[1234] D[<Other>]";

    // Scanners press Shift around each capital; that must not split the burst. A Shift before anything is
    // held is delivered at once (it types nothing); one inside a burst goes wherever the burst goes.
    QTest::newRow("Shift inside a burst")
        << none << enterOrTab << "0:<Shift> 3:A 8:<Shift> 11:<Shift> 14:B 19:<Shift> 22:1 30:2 38:<Enter>"
        << "D[<Shift>] S[AB12]";
    QTest::newRow("Shift does not extend a burst")
        << none << enterOrTab << "0:1 8:2 16:3 24:4 40:<Shift> 60:<Enter>"
        << "I[1234] D[<Enter>]";
    QTest::newRow("human capital letter") << none << enterOrTab << "0:<Shift> 60:H 200:i"
                                          << "D[<Shift>Hi]";

    // A keyboard layout that differs from the scanner's garbles characters; report them as typed.
    QTest::newRow("layout mismatch reported verbatim")
        << none << enterOrTab << "0:ü 8:# 16:a 24:b 32:Z 40:ß 48:<Enter>"
        << "S[ü#abZß]";
    QTest::newRow("QWERTZ swap") << none << enterOrTab << "0:Q 8:W 16:E 24:R 32:T 40:Y 48:<Enter>"
                                 << "S[QWERTY]";
    QTest::newRow("space inside a burst") << none << enterOrTab << "0:A 8:<Space> 16:1 24:2 32:<Enter>"
                                          << "S[A 12]";
}

void TestWedgeDetector::timing()
{
    QFETCH(QString, prefix);
    QFETCH(WedgeSettings::Suffix, suffix);
    QFETCH(QString, input);
    QFETCH(QString, expected);

    const QList<TimedKey> keys = script(input);
    QList<WedgeKey> fed;
    for (const TimedKey &k : keys)
        fed.append(k.key);

    for (Drive drive : {Drive::FeedOnly, Drive::TimerFirst}) {
        WedgeSettings settings;
        settings.prefix = prefix;
        settings.suffix = suffix;
        WedgeDetector detector(settings);
        const Transcript t = run(detector, keys, drive);
        QCOMPARE(t.text(), expected);
        // Nothing lost, nothing doubled, nothing reordered.
        QCOMPARE(t.accounted, fed);
        QVERIFY(!detector.deadline());
    }
}

void TestWedgeDetector::deadline()
{
    WedgeDetector detector;
    QVERIFY(!detector.deadline());

    QVERIFY(detector.feed(WedgeKey::text(QLatin1Char('a')), 1000).isEmpty());
    QCOMPARE(detector.deadline(), std::optional<qint64>(1025));
    QVERIFY(detector.feed(WedgeKey::text(QLatin1Char('b')), 1010).isEmpty());
    QCOMPARE(detector.deadline(), std::optional<qint64>(1035));
    // Modifiers do not move the deadline: the gap is between characters.
    QVERIFY(detector.feed(WedgeKey::modifier(), 1020).isEmpty());
    QCOMPARE(detector.deadline(), std::optional<qint64>(1035));

    const QList<WedgeAction> delivered = detector.expire(1035);
    QCOMPARE(delivered.size(), 1);
    QCOMPARE(delivered.at(0).type, WedgeAction::Type::Deliver);
    const QList<WedgeKey> expected{WedgeKey::text(QLatin1Char('a')), WedgeKey::text(QLatin1Char('b')),
                                   WedgeKey::modifier()};
    QCOMPARE(delivered.at(0).keys, expected);
    QVERIFY(!detector.deadline());

    // Keys that are delivered at once hold nothing.
    QCOMPARE(detector.feed(WedgeKey::enter(), 2000).size(), 1);
    QVERIFY(!detector.deadline());
}

void TestWedgeDetector::expireBeforeDeadlineKeepsKeys()
{
    WedgeDetector detector;
    detector.feed(WedgeKey::text(QLatin1Char('7')), 0);
    QVERIFY(detector.expire(10).isEmpty());
    QVERIFY(detector.expire(24).isEmpty());
    QCOMPARE(detector.deadline(), std::optional<qint64>(25));
    const QList<WedgeAction> actions = detector.expire(25);
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions.at(0).keys, QList<WedgeKey>{WedgeKey::text(QLatin1Char('7'))});
}

void TestWedgeDetector::scanSwallowsItsKeys()
{
    WedgeSettings settings;
    settings.prefix = QStringLiteral("*");
    WedgeDetector detector(settings);
    QList<WedgeAction> actions;
    qint64 ms = 0;
    for (QChar c : QStringLiteral("*S24000017"))
        actions += detector.feed(WedgeKey::text(c), ms += 7);
    actions += detector.feed(WedgeKey::enter(), ms += 7);

    QCOMPARE(actions.size(), 1);
    const WedgeAction &scan = actions.at(0);
    QCOMPARE(scan.type, WedgeAction::Type::Scan);
    QCOMPARE(scan.code, QStringLiteral("S24000017"));
    // The prefix, the code and the suffix are all gone from the keyboard stream.
    QCOMPARE(scan.keys.size(), 11);
    QCOMPARE(scan.keys.front(), WedgeKey::text(QLatin1Char('*')));
    QCOMPARE(scan.keys.back(), WedgeKey::enter());
    QVERIFY(!detector.deadline());
}

void TestWedgeDetector::humanTypingIsDeliveredOneGapLate()
{
    WedgeSettings settings;
    settings.maxGapMs = 30;
    WedgeDetector detector(settings);
    QList<qint64> deliveredAt;
    QString typed;
    const QList<TimedKey> keys = script(QStringLiteral("0:b 95:e 210:n 290:c 400:h"));
    for (const TimedKey &k : keys) {
        while (const auto due = detector.deadline()) {
            if (*due > k.ms)
                break;
            for (const WedgeAction &action : detector.expire(*due)) {
                for (const WedgeKey &key : action.keys) {
                    typed += key.ch;
                    deliveredAt.append(*due);
                }
            }
        }
        QVERIFY(detector.feed(k.key, k.ms).isEmpty());
    }
    const qint64 lastDue = *detector.deadline();
    for (const WedgeAction &action : detector.expire(lastDue)) {
        for (const WedgeKey &key : action.keys) {
            typed += key.ch;
            deliveredAt.append(lastDue);
        }
    }
    QCOMPARE(typed, QStringLiteral("bench"));
    QCOMPARE(deliveredAt, (QList<qint64>{30, 125, 240, 320, 430}));
}

void TestWedgeDetector::finishDecidesOnHeldKeys()
{
    WedgeDetector detector;
    for (int i = 0; i < 6; ++i)
        detector.feed(WedgeKey::text(QChar(u'0' + i)), i * 8);
    const QList<WedgeAction> actions = detector.finish();
    QCOMPARE(actions.size(), 1);
    QCOMPARE(actions.at(0).type, WedgeAction::Type::Incomplete);
    QCOMPARE(actions.at(0).code, QStringLiteral("012345"));
    QVERIFY(!detector.deadline());
    QVERIFY(detector.finish().isEmpty());

    detector.feed(WedgeKey::text(QLatin1Char('x')), 500);
    const QList<WedgeAction> typed = detector.finish();
    QCOMPARE(typed.size(), 1);
    QCOMPARE(typed.at(0).type, WedgeAction::Type::Deliver);
    QCOMPARE(typed.at(0).keys, QList<WedgeKey>{WedgeKey::text(QLatin1Char('x'))});
}

void TestWedgeDetector::settingsAreKept()
{
    WedgeSettings settings;
    settings.maxGapMs = 40;
    settings.prefix = QStringLiteral("]d2");
    settings.suffix = WedgeSettings::Suffix::Tab;
    settings.minLength = 8;
    const WedgeDetector detector(settings);
    QCOMPARE(detector.settings().maxGapMs, 40);
    QCOMPARE(detector.settings().prefix, QStringLiteral("]d2"));
    QCOMPARE(detector.settings().suffix, WedgeSettings::Suffix::Tab);
    QCOMPARE(detector.settings().minLength, 8);
}

QTEST_GUILESS_MAIN(TestWedgeDetector)
#include "tst_wedgedetector.moc"
