// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/wedgefilter.h"

#include <QInputMethodQueryEvent>
#include <QKeyEvent>
#include <QSignalSpy>
#include <QTest>
#include <QWindow>
#include <memory>

using namespace benchside;

namespace {
QString keyName(const QKeyEvent &e)
{
    switch (e.key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return QStringLiteral("<Enter>");
    case Qt::Key_Tab:
        return QStringLiteral("<Tab>");
    case Qt::Key_Shift:
        return QStringLiteral("<Shift>");
    case Qt::Key_Left:
        return QStringLiteral("<Left>");
    default:
        break;
    }
    if (e.modifiers() & Qt::ControlModifier)
        return QStringLiteral("<Ctrl+%1>").arg(QChar(e.key()));
    return e.text();
}

// Records the key events that reach it as "+x" (press) and "-x" (release). Like a text field it says,
// when asked, that it takes text (unless told otherwise).
template<typename Base> class Recorder : public Base
{
public:
    using Base::Base;
    QStringList log;
    bool takesText = true;
    bool readOnly = false;

protected:
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::InputMethodQuery && takesText) {
            auto *query = static_cast<QInputMethodQueryEvent *>(e);
            query->setValue(Qt::ImEnabled, true);
            query->setValue(Qt::ImReadOnly, readOnly);
            query->accept();
            return true;
        }
        if (e->type() == QEvent::KeyPress || e->type() == QEvent::KeyRelease) {
            const auto *k = static_cast<QKeyEvent *>(e);
            log.append((e->type() == QEvent::KeyPress ? QLatin1Char('+') : QLatin1Char('-')) + keyName(*k));
            return true;
        }
        return Base::event(e);
    }
};
using KeyRecorder = Recorder<QObject>;
using WindowRecorder = Recorder<QWindow>;

// A window whose focus is another object, as a QWidget window's is its focus widget.
class FocusWindow : public WindowRecorder
{
public:
    QObject *focus = nullptr;
    QObject *focusObject() const override { return focus; }
};

// Qt's key code for a character: its upper-case code point, as for Qt::Key_A or Qt::Key_Udiaeresis.
int keyOf(QChar c)
{
    return c.toUpper().unicode();
}

void send(QObject *target, QEvent::Type type, int key, const QString &text,
          Qt::KeyboardModifiers mods = Qt::NoModifier, bool autoRepeat = false)
{
    QKeyEvent event(type, key, mods, text, autoRepeat);
    QCoreApplication::sendEvent(target, &event);
}

void click(QObject *target, int key, const QString &text = {}, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    send(target, QEvent::KeyPress, key, text, mods);
    send(target, QEvent::KeyRelease, key, text, mods);
}

void click(QObject *target, QChar c)
{
    click(target, keyOf(c), QString(c));
}

// The log of one press and release of a named key, e.g. tapped("<Enter>").
QStringList tapped(const char *name)
{
    return {QLatin1Char('+') + QLatin1String(name), QLatin1Char('-') + QLatin1String(name)};
}

QStringList clicks(const QString &typed)
{
    QStringList log;
    for (QChar c : typed)
        log << QString(QLatin1Char('+')) + c << QString(QLatin1Char('-')) + c;
    return log;
}
} // namespace

class TestWedgeFilter : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void keyFor_data();
    void keyFor();
    void scanIsSwallowed();
    void releasesAfterTheScanAreSwallowed();
    void staleReleasePasses();
    void humanTypingPassesInOrder();
    void releaseAfterDeliveryPasses();
    void autoRepeatReleaseFollowsItsPress();
    void otherKeysPassAtOnce();
    void otherKeyEndsBurst();
    void incompleteScan();
    void capitalsWithShift();
    void targetDeletedWhileHeld();
    void disabledPassesEverything();
    void settingsApplyToNextBurst();
    void keysSentFromASlot();
    void filterDeletedByASlot();
    void realKeyboardPathThroughWindow();
    void defaultClockDeliversTyping();
    void twoFiltersLetEachOthersKeysPass();
    void givenBackScanIsTyped();
    void givenBackReleasesComeOnce();
    void givenBackIncompleteKeepsOrder();
    void givenBackGoesToTheWindowsFocus();
    void giveBackRefused_data();
    void giveBackRefused();
    void giveBackOnlyWhileReported();

private:
    // Moves the fake clock on and lets the filter's timer see it.
    void advance(qint64 ms) { m_now += ms; }
    void type(QObject *target, const QString &text, qint64 gapMs)
    {
        for (QChar c : text) {
            click(target, c);
            advance(gapMs);
        }
    }

    qint64 m_now = 0;
    std::unique_ptr<WedgeFilter> m_filter;
    std::unique_ptr<KeyRecorder> m_target;
};

void TestWedgeFilter::init()
{
    m_now = 1000;
    m_filter = std::make_unique<WedgeFilter>([this] { return m_now; });
    qApp->installEventFilter(m_filter.get());
    m_target = std::make_unique<KeyRecorder>();
}

void TestWedgeFilter::cleanup()
{
    m_filter.reset();
    m_target.reset();
}

void TestWedgeFilter::keyFor_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<Qt::KeyboardModifiers>("mods");
    QTest::addColumn<bool>("autoRepeat");
    QTest::addColumn<int>("type"); // WedgeKey::Type
    QTest::addColumn<QString>("ch");

    const int text = int(WedgeKey::Type::Text);
    const int other = int(WedgeKey::Type::Other);
    const Qt::KeyboardModifiers none = Qt::NoModifier;
    const Qt::KeyboardModifiers ctrlAlt = Qt::ControlModifier | Qt::AltModifier;

    QTest::newRow("letter") << int(Qt::Key_A) << "a" << none << false << text << "a";
    QTest::newRow("capital with Shift")
        << int(Qt::Key_A) << "A" << Qt::KeyboardModifiers(Qt::ShiftModifier) << false << text << "A";
    QTest::newRow("umlaut") << int(Qt::Key_Udiaeresis) << "\xc3\xbc" << none << false << text << "\xc3\xbc";
    QTest::newRow("space") << int(Qt::Key_Space) << " " << none << false << text << " ";
    QTest::newRow("AltGr as Ctrl+Alt") << int(Qt::Key_At) << "@" << ctrlAlt << false << text << "@";
    QTest::newRow("Ctrl+C") << int(Qt::Key_C) << "\x03" << Qt::KeyboardModifiers(Qt::ControlModifier) << false
                            << other << "";
    QTest::newRow("Ctrl+C with text")
        << int(Qt::Key_C) << "c" << Qt::KeyboardModifiers(Qt::ControlModifier) << false << other << "";
    QTest::newRow("Alt+X") << int(Qt::Key_X) << "x" << Qt::KeyboardModifiers(Qt::AltModifier) << false
                           << other << "";
    QTest::newRow("auto-repeat") << int(Qt::Key_A) << "a" << none << true << other << "";
    QTest::newRow("Return") << int(Qt::Key_Return) << "\r" << none << false << int(WedgeKey::Type::Enter)
                            << "";
    QTest::newRow("keypad Enter") << int(Qt::Key_Enter) << "\r" << Qt::KeyboardModifiers(Qt::KeypadModifier)
                                  << false << int(WedgeKey::Type::Enter) << "";
    QTest::newRow("Ctrl+Return") << int(Qt::Key_Return) << "\r" << Qt::KeyboardModifiers(Qt::ControlModifier)
                                 << false << other << "";
    QTest::newRow("Tab") << int(Qt::Key_Tab) << "\t" << none << false << int(WedgeKey::Type::Tab) << "";
    QTest::newRow("Backtab") << int(Qt::Key_Backtab) << "" << Qt::KeyboardModifiers(Qt::ShiftModifier)
                             << false << other << "";
    QTest::newRow("Shift") << int(Qt::Key_Shift) << "" << none << false << int(WedgeKey::Type::Modifier)
                           << "";
    QTest::newRow("CapsLock") << int(Qt::Key_CapsLock) << "" << none << false << int(WedgeKey::Type::Modifier)
                              << "";
    QTest::newRow("Escape") << int(Qt::Key_Escape) << "\x1b" << none << false << other << "";
    QTest::newRow("Backspace") << int(Qt::Key_Backspace) << "\b" << none << false << other << "";
    QTest::newRow("Left") << int(Qt::Key_Left) << "" << none << false << other << "";
    QTest::newRow("F5") << int(Qt::Key_F5) << "" << none << false << other << "";
}

void TestWedgeFilter::keyFor()
{
    QFETCH(int, key);
    QFETCH(QString, text);
    QFETCH(Qt::KeyboardModifiers, mods);
    QFETCH(bool, autoRepeat);
    QFETCH(int, type);
    QFETCH(QString, ch);

    const QKeyEvent event(QEvent::KeyPress, key, mods, text, autoRepeat);
    const WedgeKey wedgeKey = WedgeFilter::keyFor(event);
    QCOMPARE(int(wedgeKey.type), type);
    QCOMPARE(wedgeKey.ch, ch.isEmpty() ? QChar() : ch.at(0));
}

void TestWedgeFilter::scanIsSwallowed()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    QSignalSpy incomplete(m_filter.get(), &WedgeFilter::incompleteScan);

    type(m_target.get(), QStringLiteral("S2400017"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));

    QCOMPARE(scanned.count(), 1);
    QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("S2400017"));
    advance(500);
    QTest::qWait(60); // let the timer run: nothing may leak out later either
    QCOMPARE(m_target->log, QStringList());
    QCOMPARE(incomplete.count(), 0);
}

void TestWedgeFilter::releasesAfterTheScanAreSwallowed()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    const QString code = QStringLiteral("7788");
    for (QChar c : code) {
        send(m_target.get(), QEvent::KeyPress, keyOf(c), QString(c));
        advance(6);
    }
    send(m_target.get(), QEvent::KeyPress, Qt::Key_Tab, QStringLiteral("\t"));
    QCOMPARE(scanned.count(), 1);
    QCOMPARE(scanned.at(0).at(0).toString(), code);

    advance(5);
    for (QChar c : code)
        send(m_target.get(), QEvent::KeyRelease, keyOf(c), QString(c));
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_Tab, QStringLiteral("\t"));
    QCOMPARE(m_target->log, QStringList());

    // Only those releases: the next key's release reaches its target.
    advance(1000);
    click(m_target.get(), Qt::Key_Left);
    QCOMPARE(m_target->log, tapped("<Left>"));
}

void TestWedgeFilter::staleReleasePasses()
{
    // Presses without releases, as a synthetic source might send them.
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    for (QChar c : QStringLiteral("5555")) {
        send(m_target.get(), QEvent::KeyPress, keyOf(c), QString(c));
        advance(7);
    }
    send(m_target.get(), QEvent::KeyPress, Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(scanned.count(), 1);

    // Much later, a release of the same key belongs to someone else's press and must get through.
    advance(5000);
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_5, QStringLiteral("5"));
    QCOMPARE(m_target->log, QStringList{QStringLiteral("-5")});
}

void TestWedgeFilter::humanTypingPassesInOrder()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);

    click(m_target.get(), QLatin1Char('o'));
    QCOMPARE(m_target->log, QStringList()); // held until the gap shows it is typing
    advance(120);
    click(m_target.get(), QLatin1Char('k'));
    // The next key came late, so the first is delivered before it, release included.
    QCOMPARE(m_target->log, clicks(QStringLiteral("o")));
    advance(90);
    QTRY_COMPARE(m_target->log, clicks(QStringLiteral("ok")));
    advance(200);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(m_target->log, clicks(QStringLiteral("ok")) + tapped("<Enter>"));
    QCOMPARE(scanned.count(), 0);
}

void TestWedgeFilter::releaseAfterDeliveryPasses()
{
    // A person holding a key longer than the gap: the press is delivered by the timer, the release
    // arrives afterwards and passes straight through.
    send(m_target.get(), QEvent::KeyPress, Qt::Key_Q, QStringLiteral("q"));
    advance(100);
    QTRY_COMPARE(m_target->log, QStringList{QStringLiteral("+q")});
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_Q, QStringLiteral("q"));
    QCOMPARE(m_target->log, tapped("q"));
}

// A person holds a key while the event loop is too busy to run the timer: the key starts repeating
// before the held press is delivered. The repeat's release must not reach the field ahead of that press.
void TestWedgeFilter::autoRepeatReleaseFollowsItsPress()
{
    send(m_target.get(), QEvent::KeyPress, Qt::Key_A, QStringLiteral("a"));
    advance(500); // no event loop ran meanwhile, so the timer did not fire
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_A, QStringLiteral("a"), Qt::NoModifier, true);
    send(m_target.get(), QEvent::KeyPress, Qt::Key_A, QStringLiteral("a"), Qt::NoModifier, true);
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_A, QStringLiteral("a"));
    QCOMPARE(m_target->log, clicks(QStringLiteral("aa")));
}

void TestWedgeFilter::otherKeysPassAtOnce()
{
    click(m_target.get(), Qt::Key_Left);
    click(m_target.get(), Qt::Key_C, QStringLiteral("\x03"), Qt::ControlModifier);
    QCOMPARE(m_target->log, tapped("<Left>") + tapped("<Ctrl+C>"));
}

void TestWedgeFilter::otherKeyEndsBurst()
{
    QSignalSpy incomplete(m_filter.get(), &WedgeFilter::incompleteScan);
    type(m_target.get(), QStringLiteral("12"), 8);
    click(m_target.get(), Qt::Key_Left);
    // A short burst is typing: it is delivered before the key that ended it.
    QCOMPARE(m_target->log, clicks(QStringLiteral("12")) + tapped("<Left>"));

    m_target->log.clear();
    advance(500);
    type(m_target.get(), QStringLiteral("1234"), 8);
    click(m_target.get(), Qt::Key_Left);
    QCOMPARE(incomplete.count(), 1);
    QCOMPARE(incomplete.at(0).at(0).toString(), QStringLiteral("1234"));
    QCOMPARE(m_target->log, tapped("<Left>"));
}

void TestWedgeFilter::incompleteScan()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    QSignalSpy incomplete(m_filter.get(), &WedgeFilter::incompleteScan);
    type(m_target.get(), QStringLiteral("12345"), 7);
    advance(100);
    QTRY_COMPARE(incomplete.count(), 1);
    QCOMPARE(incomplete.at(0).at(0).toString(), QStringLiteral("12345"));
    QCOMPARE(scanned.count(), 0);
    QCOMPARE(m_target->log, QStringList());
}

void TestWedgeFilter::capitalsWithShift()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    // As a scanner types "AB12": Shift down, letter, letter up, Shift up, about 2 ms apart.
    for (QChar c : QStringLiteral("AB")) {
        send(m_target.get(), QEvent::KeyPress, Qt::Key_Shift, {});
        advance(2);
        send(m_target.get(), QEvent::KeyPress, keyOf(c), QString(c), Qt::ShiftModifier);
        advance(2);
        send(m_target.get(), QEvent::KeyRelease, keyOf(c), QString(c), Qt::ShiftModifier);
        advance(2);
        send(m_target.get(), QEvent::KeyRelease, Qt::Key_Shift, {}, Qt::ShiftModifier);
        advance(2);
    }
    type(m_target.get(), QStringLiteral("12"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));

    QCOMPARE(scanned.count(), 1);
    QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("AB12"));
    // The Shift before the burst passed at once (it types nothing); everything after it was swallowed.
    QCOMPARE(m_target->log, tapped("<Shift>"));
}

void TestWedgeFilter::targetDeletedWhileHeld()
{
    auto doomed = std::make_unique<KeyRecorder>();
    click(doomed.get(), QLatin1Char('x'));
    doomed.reset();
    advance(100);
    QTest::qWait(60); // the timer fires with nowhere to deliver to

    click(m_target.get(), QLatin1Char('y'));
    advance(100);
    QTRY_COMPARE(m_target->log, clicks(QStringLiteral("y")));
}

void TestWedgeFilter::disabledPassesEverything()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    click(m_target.get(), QLatin1Char('z'));
    QCOMPARE(m_target->log, QStringList());
    m_filter->setEnabled(false);
    QVERIFY(!m_filter->isEnabled());
    // Disabling decides on held keys first.
    QCOMPARE(m_target->log, clicks(QStringLiteral("z")));

    type(m_target.get(), QStringLiteral("1234"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(m_target->log, clicks(QStringLiteral("z1234")) + tapped("<Enter>"));
    QCOMPARE(scanned.count(), 0);

    m_filter->setEnabled(true);
    m_target->log.clear();
    advance(500);
    type(m_target.get(), QStringLiteral("1234"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(scanned.count(), 1);
    QCOMPARE(m_target->log, QStringList());
}

void TestWedgeFilter::settingsApplyToNextBurst()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    WedgeSettings settings;
    settings.prefix = QStringLiteral("*");
    settings.suffix = WedgeSettings::Suffix::Tab;
    m_filter->setSettings(settings);
    QCOMPARE(m_filter->settings().prefix, QStringLiteral("*"));

    type(m_target.get(), QStringLiteral("*A123"), 8);
    click(m_target.get(), Qt::Key_Tab, QStringLiteral("\t"));
    QCOMPARE(scanned.count(), 1);
    QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("A123"));

    advance(500);
    type(m_target.get(), QStringLiteral("A123"), 8); // no prefix: typing, however fast
    click(m_target.get(), Qt::Key_Tab, QStringLiteral("\t"));
    QCOMPARE(scanned.count(), 1);
    QCOMPARE(m_target->log, clicks(QStringLiteral("A123")) + tapped("<Tab>"));
}

// A slot may do anything, including typing (a dialog's nested event loop does): the filter is re-entered
// while it is still handling the scan and must stay consistent.
void TestWedgeFilter::keysSentFromASlot()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    bool typedOnce = false;
    connect(m_filter.get(), &WedgeFilter::scanned, this, [&] {
        if (std::exchange(typedOnce, true))
            return;
        advance(100);
        click(m_target.get(), QLatin1Char('9'));
        type(m_target.get(), QStringLiteral("4321"), 7);
        click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    });
    type(m_target.get(), QStringLiteral("1234"), 7);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));

    QCOMPARE(scanned.count(), 2);
    QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("1234"));
    QCOMPARE(scanned.at(1).at(0).toString(), QStringLiteral("94321"));
    QCOMPARE(m_target->log, QStringList());

    advance(100);
    click(m_target.get(), QLatin1Char('a'));
    advance(100);
    QTRY_COMPARE(m_target->log, clicks(QStringLiteral("a")));
}

void TestWedgeFilter::filterDeletedByASlot()
{
    connect(m_filter.get(), &WedgeFilter::incompleteScan, this, [this] { m_filter.reset(); });
    type(m_target.get(), QStringLiteral("1234"), 7);
    send(m_target.get(), QEvent::KeyPress, Qt::Key_Left, {}); // ends the burst: incomplete, then Left
    QVERIFY(!m_filter);
    // Left's press was dropped with the filter's queue; from now on nothing is filtered.
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_Left, {});
    click(m_target.get(), QLatin1Char('b'));
    QCOMPARE(m_target->log, QStringList{QStringLiteral("-<Left>")} + clicks(QStringLiteral("b")));
}

// A real keyboard's events reach the window first, through the platform layer, as QTest's window
// functions send them; the filter must take them there, once.
void TestWedgeFilter::realKeyboardPathThroughWindow()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    WindowRecorder window;
    window.resize(100, 100);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    for (char c : QByteArrayLiteral("S24000017"))
        QTest::keyClick(&window, c); // the fake clock stands still: one fast burst
    QTest::keyClick(&window, Qt::Key_Return);
    QCOMPARE(scanned.count(), 1);
    QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("S24000017"));
    QCOMPARE(window.log, QStringList());

    advance(1000);
    QTest::keyClick(&window, 'h');
    advance(150);
    QTest::keyClick(&window, 'i');
    advance(150);
    QTRY_COMPARE(window.log, clicks(QStringLiteral("hi")));
    QCOMPARE(scanned.count(), 1);
}

void TestWedgeFilter::defaultClockDeliversTyping()
{
    m_filter.reset();
    WedgeFilter filter;
    qApp->installEventFilter(&filter);
    click(m_target.get(), QLatin1Char('a'));
    QCOMPARE(m_target->log, QStringList());
    QTRY_COMPARE(m_target->log, clicks(QStringLiteral("a")));
}

// Two windows, each with its scan path: the keys one delivers pass the other, instead of going
// round between them until the stack overflows.
void TestWedgeFilter::twoFiltersLetEachOthersKeysPass()
{
    WedgeFilter other([this] { return m_now; });
    qApp->installEventFilter(&other); // asked first
    QSignalSpy scannedHere(m_filter.get(), &WedgeFilter::scanned);
    QSignalSpy scannedThere(&other, &WedgeFilter::scanned);

    click(m_target.get(), QLatin1Char('o'));
    advance(120);
    click(m_target.get(), QLatin1Char('k'));
    advance(120);
    QTRY_COMPARE(m_target->log, clicks(QStringLiteral("ok")));
    for (QChar c : QStringLiteral("AB123")) {
        click(m_target.get(), c);
        advance(5);
    }
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(scannedThere.count(), 1);
    QCOMPARE(scannedThere.first().first().toString(), QStringLiteral("AB123"));
    QCOMPARE(scannedHere.count(), 0);
    QCOMPARE(m_target->log, clicks(QStringLiteral("ok")));
}

// Fast typing that looked like a scan: handed back, it reaches the receiver exactly as typed, suffix
// included, and the held keys are accounted for once.
void TestWedgeFilter::givenBackScanIsTyped()
{
    QList<bool> given;
    connect(m_filter.get(), &WedgeFilter::scanned, this,
            [&](const QString &code) { given << m_filter->giveBack(code); });
    type(m_target.get(), QStringLiteral("p.nair"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));

    QCOMPARE(given, QList<bool>{true});
    QCOMPARE(m_target->log, clicks(QStringLiteral("p.nair")) + tapped("<Enter>"));
    advance(500);
    QTest::qWait(60); // nothing more comes later
    QCOMPARE(m_target->log, clicks(QStringLiteral("p.nair")) + tapped("<Enter>"));

    // And the filter goes on as before: typing passes, a scan nobody gives back is swallowed.
    m_target->log.clear();
    given.clear();
    disconnect(m_filter.get(), &WedgeFilter::scanned, this, nullptr);
    type(m_target.get(), QStringLiteral("S2400017"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(m_target->log, QStringList());
}

void TestWedgeFilter::givenBackReleasesComeOnce()
{
    // Presses first, releases after the scan was reported, as fast typing overlaps keys.
    connect(m_filter.get(), &WedgeFilter::scanned, this,
            [&](const QString &code) { m_filter->giveBack(code); });
    const QString typed = QStringLiteral("Abc1");
    for (QChar c : typed) {
        send(m_target.get(), QEvent::KeyPress, keyOf(c), QString(c));
        advance(6);
    }
    send(m_target.get(), QEvent::KeyPress, Qt::Key_Tab, QStringLiteral("\t"));
    QCOMPARE(m_target->log, clicks(typed) + tapped("<Tab>"));
    advance(5);
    for (QChar c : typed)
        send(m_target.get(), QEvent::KeyRelease, keyOf(c), QString(c));
    send(m_target.get(), QEvent::KeyRelease, Qt::Key_Tab, QStringLiteral("\t"));
    QCOMPARE(m_target->log, clicks(typed) + tapped("<Tab>"));
}

void TestWedgeFilter::givenBackIncompleteKeepsOrder()
{
    connect(m_filter.get(), &WedgeFilter::incompleteScan, this,
            [&](const QString &code) { QVERIFY(m_filter->giveBack(code)); });
    // Ended by the gap.
    type(m_target.get(), QStringLiteral("hello"), 7);
    advance(100);
    QTRY_COMPARE(m_target->log, clicks(QStringLiteral("hello")));

    // Ended by a key that is no text: the burst comes back before that key.
    m_target->log.clear();
    advance(500);
    type(m_target.get(), QStringLiteral("world"), 7);
    click(m_target.get(), Qt::Key_Left);
    QCOMPARE(m_target->log, clicks(QStringLiteral("world")) + tapped("<Left>"));
}

// Real keyboards send to the window: the burst goes back to what had the window's focus.
void TestWedgeFilter::givenBackGoesToTheWindowsFocus()
{
    connect(m_filter.get(), &WedgeFilter::scanned, this,
            [&](const QString &code) { m_filter->giveBack(code); });
    FocusWindow window;
    window.focus = m_target.get();
    window.resize(100, 100);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    for (char c : QByteArrayLiteral("typed"))
        QTest::keyClick(&window, c); // the fake clock stands still: one fast burst
    QTest::keyClick(&window, Qt::Key_Return);
    QCOMPARE(m_target->log, clicks(QStringLiteral("typed")) + tapped("<Enter>"));
    QCOMPARE(window.log, QStringList());
}

void TestWedgeFilter::giveBackRefused_data()
{
    QTest::addColumn<QString>("why");
    QTest::newRow("takes no text") << QStringLiteral("no text");
    QTest::newRow("read-only") << QStringLiteral("read-only");
    QTest::newRow("deleted") << QStringLiteral("deleted");
    QTest::newRow("another code") << QStringLiteral("another code");
    QTest::newRow("twice") << QStringLiteral("twice");
}

void TestWedgeFilter::giveBackRefused()
{
    QFETCH(QString, why);
    auto receiver = std::make_unique<KeyRecorder>();
    receiver->takesText = why != QLatin1String("no text");
    receiver->readOnly = why == QLatin1String("read-only");
    QList<bool> given;
    connect(m_filter.get(), &WedgeFilter::scanned, this, [&](const QString &code) {
        if (why == QLatin1String("deleted"))
            receiver.reset();
        if (why == QLatin1String("twice"))
            given << m_filter->giveBack(code);
        given << m_filter->giveBack(why == QLatin1String("another code") ? QStringLiteral("ABCD") : code);
    });
    type(receiver.get(), QStringLiteral("abcd"), 8);
    send(receiver.get(), QEvent::KeyPress, Qt::Key_Return, QStringLiteral("\r"));
    if (receiver)
        send(receiver.get(), QEvent::KeyRelease, Qt::Key_Return, QStringLiteral("\r"));

    if (why == QLatin1String("twice")) {
        QCOMPARE(given, (QList<bool>{true, false}));
        QCOMPARE(receiver->log, clicks(QStringLiteral("abcd")) + tapped("<Enter>"));
        return;
    }
    QCOMPARE(given, QList<bool>{false});
    if (receiver)
        QCOMPARE(receiver->log, QStringList());
}

// Only the burst being reported can be given back: not after its signal, and not a nested one's.
void TestWedgeFilter::giveBackOnlyWhileReported()
{
    QSignalSpy scanned(m_filter.get(), &WedgeFilter::scanned);
    type(m_target.get(), QStringLiteral("1234"), 8);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(scanned.count(), 1);
    QVERIFY(!m_filter->giveBack(QStringLiteral("1234")));
    QCOMPARE(m_target->log, QStringList());

    // A slot that scans again (a nested event loop): the outer burst goes back after the inner one.
    bool nested = false;
    connect(m_filter.get(), &WedgeFilter::scanned, this, [&](const QString &code) {
        if (!std::exchange(nested, true)) {
            advance(100);
            type(m_target.get(), QStringLiteral("inner"), 7);
            click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
        }
        QVERIFY(m_filter->giveBack(code));
    });
    advance(500);
    type(m_target.get(), QStringLiteral("outer"), 7);
    click(m_target.get(), Qt::Key_Return, QStringLiteral("\r"));
    QCOMPARE(m_target->log, clicks(QStringLiteral("inner")) + tapped("<Enter>") +
                                clicks(QStringLiteral("outer")) + tapped("<Enter>"));
}

QTEST_MAIN(TestWedgeFilter)
#include "tst_wedgefilter.moc"
