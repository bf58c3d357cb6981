// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for WedgeFilter (models/scan/wedgefilter), the application-wide event filter in front
// of the WedgeDetector: key presses and releases sent to three receivers (two plain objects and a
// window whose focus is one of them), the filter's settings changed and the filter disabled and enabled
// at any point, receivers deleted while their keys are held, and giveBack() (Keep, Drop, a wrong code,
// twice) or setEnabled(false) from the slots of scanned() and incompleteScan(). Time is a fake clock
// moved by the input, and the filter's QTimer runs on an event dispatcher that fires timers when that
// clock reaches them (after a pause the input marks busy, not before the next step has run), so no
// input waits for real time. Every press carries its own number in its timestamp, which the
// filter copies, so every event that reaches a receiver says which key it is. Besides crashes, leaks
// and undefined behaviour, it aborts when one of these does not hold:
//  - the filter does what a WedgeDetector fed the same keys (WedgeFilter::keyFor) at the same times
//    decides, expired at its deadline and finished on setSettings() and setEnabled(false): delivered
//    presses reach their own receiver as copies, in order, each followed by its release if that came
//    while the press was held, or nothing if the receiver was deleted; each scan or incomplete scan
//    is reported once, with the code the detector gives, and that code is the swallowed keys' text
//    after the prefix; a disabled filter lets everything through untouched, at once;
//  - giveBack() of the burst being reported succeeds exactly when the receiver that had the focus when
//    the burst began still exists and takes text, and then sends the burst's presses, each with one
//    release, to that receiver in order, without the closing Enter or Tab with Suffix::Drop; with
//    another code, a second time or outside a report it sends nothing and returns false;
//  - no press reaches a receiver twice and presses arrive in the order they were sent; a release
//    reaches a receiver at most once, and only after its press did unless its press was swallowed more
//    than ReleaseWaitMs (1 s) earlier or before the filter was disabled (documented: the filter then
//    lets it pass) or it is an auto-repeat release of a press that was swallowed or lost;
//  - at the end of the input, once the gap has passed or the filter is disabled, nothing is held: every
//    press was delivered, reported or lost with its deleted receiver, and a key pressed then reaches
//    its receiver at once.
// Presses and releases of one key are paired as a keyboard pairs them: a key is not pressed again
// until it is released (auto-repeat aside). Keys are not sent from the slots (a nested event loop):
// tst_wedgefilter covers that by hand.
#include "scan/wedgefilter.h"

#include <QAbstractEventDispatcher>
#include <QGuiApplication>
#include <QInputMethodQueryEvent>
#include <QKeyEvent>
#include <QPointer>
#include <QTimerEvent>
#include <QWindow>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

using namespace benchside;

namespace {

// As in wedgefilter.cpp: how long a swallowed press's release is waited for.
constexpr qint64 ReleaseWaitMs = 1000;

void require(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_wedgefilter: invariant violated: %s\n", what);
        std::abort();
    }
}

qint64 g_now = 0; // the fake clock, for the filter and its timer alike

// Timers on the fake clock: one registered at t with interval i is due at t + i and fires only when
// the target moves the clock there, so the gap expires exactly when the detector says it does.
class FakeClockDispatcher final : public QAbstractEventDispatcher
{
public:
    bool processEvents(QEventLoop::ProcessEventsFlags) override
    {
        QCoreApplication::sendPostedEvents();
        return false;
    }
    void registerSocketNotifier(QSocketNotifier *) override {}
    void unregisterSocketNotifier(QSocketNotifier *) override {}
    void registerTimer(int id, qint64 interval, Qt::TimerType type, QObject *object) override
    {
        m_timers.push_back({id, interval, type, object, g_now + interval, true});
    }
    bool unregisterTimer(int id) override
    {
        return std::erase_if(m_timers, [id](const Timer &t) { return t.id == id; }) > 0;
    }
    bool unregisterTimers(QObject *object) override
    {
        return std::erase_if(m_timers, [object](const Timer &t) { return t.object == object; }) > 0;
    }
    QList<TimerInfo> registeredTimers(QObject *object) const override
    {
        QList<TimerInfo> infos;
        for (const Timer &t : m_timers) {
            if (t.object == object)
                infos.append({t.id, int(t.interval), t.type});
        }
        return infos;
    }
    int remainingTime(int id) override
    {
        for (const Timer &t : m_timers) {
            if (t.id == id)
                return int(std::max<qint64>(t.due - g_now, 0));
        }
        return -1;
    }
    void wakeUp() override {}
    void interrupt() override {}

    // Timers of an earlier input's objects are never fired, so that each input runs the same way
    // whatever ran before it.
    void disownAll()
    {
        for (Timer &t : m_timers)
            t.ours = false;
    }
    std::optional<qint64> nextDue() const
    {
        std::optional<qint64> due;
        for (const Timer &t : m_timers) {
            if (t.ours && (!due || t.due < *due))
                due = t.due;
        }
        return due;
    }
    void fireDue()
    {
        // A timer that fires may stop or start timers: look again after each.
        for (int guard = 0; guard < 64; ++guard) {
            const auto t =
                std::min_element(m_timers.begin(), m_timers.end(), [](const Timer &a, const Timer &b) {
                    return a.ours && (!b.ours || a.due < b.due);
                });
            if (t == m_timers.end() || !t->ours || t->due > g_now)
                return;
            t->due = g_now + t->interval; // a repeating timer's next time; a single-shot one stops itself
            QTimerEvent event(t->id);
            QCoreApplication::sendEvent(t->object, &event);
        }
    }

private:
    struct Timer
    {
        int id;
        qint64 interval;
        Qt::TimerType type;
        QObject *object;
        qint64 due;
        bool ours;
    };
    std::vector<Timer> m_timers;
};

FakeClockDispatcher *dispatcher()
{
    static FakeClockDispatcher *const instance = [] {
        auto *d = new FakeClockDispatcher;
        QCoreApplication::setEventDispatcher(d); // before the application, which then keeps it
        static int argc = 3;
        static char name[] = "fuzz_wedgefilter", option[] = "-platform", platform[] = "offscreen";
        static char *argv[] = {name, option, platform, nullptr};
        new QGuiApplication(argc, argv);
        return d;
    }();
    return instance;
}

// What reached a receiver, or what the filter reported, in order.
struct Seen
{
    enum class Kind { Press, Release, Scan, Incomplete };
    Kind kind;
    quint64 id = 0; // the key event's timestamp: which press or release it is a copy of
    const QObject *at = nullptr;
    QString code;
    friend bool operator==(const Seen &, const Seen &) = default;
};
std::vector<Seen> g_seen;

struct TextField
{
    bool takesText = true;
    bool readOnly = false;
};

// Records the key events that reach it; answers the input method's query as a text field would.
template<typename Base> class Recorder : public Base, public TextField
{
public:
    using Base::Base;

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
            const auto *k = static_cast<const QKeyEvent *>(e);
            g_seen.push_back({e->type() == QEvent::KeyPress ? Seen::Kind::Press : Seen::Kind::Release,
                              k->timestamp(),
                              this,
                              {}});
            return true;
        }
        return Base::event(e);
    }
};

// A window whose focus is another object, as a QWidget window's is its focus widget.
class FocusWindow : public Recorder<QWindow>
{
public:
    FocusWindow() { takesText = false; }
    QPointer<QObject> focus;
    QObject *focusObject() const override { return focus.data(); }
};

WedgeSettings settingsFor(uint8_t a, uint8_t b)
{
    WedgeSettings s;
    s.maxGapMs = 1 + (a & 0x0F) * 4;
    static const char *const prefixes[] = {"", "]C1", "*", ""};
    s.prefix = QString::fromLatin1(prefixes[(a >> 4) & 3]);
    s.suffix = static_cast<WedgeSettings::Suffix>(a >> 6);
    s.minLength = 1 + b % 6;
    return s;
}

// What the slot does with a report.
enum class Choice { None, Keep, Drop, WrongCodeFirst, Twice, Disable };

class Run
{
public:
    Run(const uint8_t *data, size_t size) : m_data(data), m_size(size)
    {
        dispatcher()->disownAll();
        g_now = 0;
        g_seen.clear();
        const uint8_t a = next(), b = next(), flags = next();
        m_model = WedgeDetector(settingsFor(a, b));
        m_filter = std::make_unique<WedgeFilter>([] { return g_now; });
        m_filter->setSettings(m_model.settings());
        qApp->installEventFilter(m_filter.get());
        QObject::connect(m_filter.get(), &WedgeFilter::scanned,
                         [this](const QString &code) { reported(Seen::Kind::Scan, code); });
        QObject::connect(m_filter.get(), &WedgeFilter::incompleteScan,
                         [this](const QString &code) { reported(Seen::Kind::Incomplete, code); });
        m_field = std::make_unique<Recorder<QObject>>();
        m_other = std::make_unique<Recorder<QObject>>();
        m_other->takesText = flags & 1;
        m_other->readOnly = flags & 2;
        m_window = std::make_unique<FocusWindow>();
        m_window->focus = (flags & 4) ? m_other.get() : m_field.get();
        m_endDisabled = flags & 8;
    }

    void go()
    {
        while (m_at + 1 < m_size) {
            const uint8_t op = next(), arg = next();
            const int steps = op >> 4;
            if (std::exchange(m_busy, false))
                g_now += steps * steps / 2;
            else
                advance(steps * steps / 2);
            switch (op & 0x0F) {
            case 0:
            case 1:
            case 2:
            case 3:
            case 4:
            case 5: {
                static const char16_t chars[] = u"]C1*02345ABa-. \u00e9";
                const QChar c(chars[arg & 0x0F]);
                pressKey(c.toUpper().unicode(), QString(c), {}, arg);
                break;
            }
            case 6: { // the low two bits: Return, keypad Enter, Ctrl+Return, Return
                const int variant = arg & 3;
                pressKey(variant == 1 ? Qt::Key_Enter : Qt::Key_Return, QStringLiteral("\r"),
                         variant == 1   ? Qt::KeypadModifier
                         : variant == 2 ? Qt::ControlModifier
                                        : Qt::NoModifier,
                         arg);
                break;
            }
            case 7: // Tab, Backtab, Ctrl+Tab, Tab
                if ((arg & 3) == 1)
                    pressKey(Qt::Key_Backtab, {}, Qt::ShiftModifier, arg);
                else
                    pressKey(Qt::Key_Tab, QStringLiteral("\t"),
                             (arg & 3) == 2 ? Qt::ControlModifier : Qt::NoModifier, arg);
                break;
            case 8: {
                static const int modifiers[] = {Qt::Key_Shift, Qt::Key_Control, Qt::Key_Alt,
                                                Qt::Key_CapsLock};
                pressKey(modifiers[arg & 3], {}, {}, arg);
                break;
            }
            case 9:
                otherKey(arg);
                break;
            case 10:
                if (!m_down.empty())
                    release(m_down[arg % m_down.size()]);
                break;
            case 11:
                if (!m_down.empty())
                    autoRepeat(m_down[arg % m_down.size()]);
                break;
            case 12: // a pause; with the top bit, one in which the event loop is too busy to run timers
                if (arg & 0x80) {
                    g_now += (arg & 0x7F) * 8;
                    m_busy = true;
                } else
                    advance(arg * 8);
                break;
            case 13:
                setSettings(settingsFor(arg, next()));
                break;
            case 14:
                setEnabled(arg & 1);
                break;
            case 15:
                receivers(arg);
                break;
            }
        }
        finish();
    }

private:
    struct Press
    {
        quint64 id = 0;
        int key = 0;
        int slot = 0; // which receiver it was sent to: its release goes to that one's successor
        WedgeKey wedgeKey;
        QString text;
        QPointer<QObject> target;
        QPointer<QObject> receiver; // what had the focus: where giveBack() sends it
        enum class Fate { Held, Arrived, Swallowed, Lost } fate = Fate::Held;
        std::optional<quint64> heldRelease;
        std::optional<qint64> swallowedAt; // without its release, which the filter is to eat when it comes
    };
    struct Report
    {
        Seen::Kind kind;
        QString code;
        Choice choice;
        bool accepted;
    };

    uint8_t next() { return m_at < m_size ? m_data[m_at++] : 0; }

    QObject *slotObject(int slot) const
    {
        switch (slot) {
        case 1:
            return m_other.get();
        case 2:
            return m_window.get();
        default:
            return m_field.get();
        }
    }

    Qt::KeyboardModifiers heldModifiers() const
    {
        Qt::KeyboardModifiers mods;
        for (const size_t i : m_down) {
            switch (m_presses[i].key) {
            case Qt::Key_Shift:
                mods |= Qt::ShiftModifier;
                break;
            case Qt::Key_Control:
                mods |= Qt::ControlModifier;
                break;
            case Qt::Key_Alt:
                mods |= Qt::AltModifier;
                break;
            default:
                break;
            }
        }
        return mods;
    }

    static quint32 scanCodeOf(int key) { return quint32(key & 0xFFFF) + 8; }

    // The arg's bits 4–5 choose the receiver (0 and 3: the text field), bit 6 a release right after.
    void pressKey(int key, const QString &text, Qt::KeyboardModifiers mods, uint8_t arg)
    {
        const auto down =
            std::find_if(m_down.begin(), m_down.end(), [&](size_t i) { return m_presses[i].key == key; });
        if (down != m_down.end()) {
            release(*down); // a key is released before it is pressed again
            return;
        }
        const size_t i = press(key, text, mods | heldModifiers(), (arg >> 4) & 3, false);
        if (arg & 0x40)
            release(i);
    }

    void otherKey(uint8_t arg)
    {
        switch (arg & 7) {
        case 0:
            pressKey(Qt::Key_Left, {}, {}, arg);
            break;
        case 1:
            pressKey(Qt::Key_F5, {}, {}, arg);
            break;
        case 2:
            pressKey(Qt::Key_Escape, QStringLiteral("\x1b"), {}, arg);
            break;
        case 3:
            pressKey(Qt::Key_Backspace, QStringLiteral("\b"), {}, arg);
            break;
        case 4:
            pressKey(Qt::Key_C, QStringLiteral("\x03"), Qt::ControlModifier, arg);
            break;
        case 5:
            pressKey(Qt::Key_X, QStringLiteral("x"), Qt::AltModifier, arg);
            break;
        case 6: // AltGr as Windows reports it: still typing
            pressKey(Qt::Key_At, QStringLiteral("@"), Qt::ControlModifier | Qt::AltModifier, arg);
            break;
        default:
            pressKey(Qt::Key_unknown, QStringLiteral("ab"), {}, arg);
            break;
        }
    }

    size_t press(int key, const QString &text, Qt::KeyboardModifiers mods, int slot, bool autoRepeat)
    {
        QObject *target = slotObject(slot);
        QKeyEvent event(QEvent::KeyPress, key, mods, scanCodeOf(key), 0, 0, text, autoRepeat);
        Press p;
        p.id = ++m_lastId;
        event.setTimestamp(p.id);
        p.key = key;
        p.slot = slot;
        p.wedgeKey = WedgeFilter::keyFor(event);
        p.text = text;
        p.target = target;
        p.receiver = target == m_window.get() && m_window->focus ? m_window->focus.data() : target;
        const size_t i = m_presses.size();
        m_presses.push_back(p);
        if (!autoRepeat)
            m_down.push_back(i);
        if (m_enabled) {
            m_outstanding.push_back(i);
            expect(m_model.feed(p.wedgeKey, g_now));
        } else {
            m_presses[i].fate = Press::Fate::Arrived;
            m_expected.push_back({Seen::Kind::Press, p.id, target, {}});
        }
        QCoreApplication::sendEvent(target, &event);
        check();
        return i;
    }

    // The release of a key that is down (the last press of it that was not auto-repeat).
    void release(size_t i)
    {
        std::erase(m_down, i);
        Press &p = m_presses[i];
        QObject *to = slotObject(p.slot); // the receiver's successor when it was deleted
        QKeyEvent event(QEvent::KeyRelease, p.key, heldModifiers(), scanCodeOf(p.key), 0, 0, p.text);
        const quint64 id = ++m_lastId;
        event.setTimestamp(id);
        m_pressOf[id] = p.id;
        bool passes = !m_enabled;
        if (m_enabled) {
            if (p.swallowedAt && g_now - *p.swallowedAt <= ReleaseWaitMs)
                p.swallowedAt.reset(); // eaten
            else if (p.fate == Press::Fate::Held)
                p.heldRelease = id;
            else
                passes = true;
        }
        if (passes) {
            m_expected.push_back({Seen::Kind::Release, id, to, {}});
            if (p.fate != Press::Fate::Arrived)
                m_passesUnpressed.insert(id);
        }
        QCoreApplication::sendEvent(to, &event);
        check();
    }

    // A held key repeating: the pair a keyboard sends, a release and a press, both marked auto-repeat.
    void autoRepeat(size_t i)
    {
        if (m_enabled && m_presses[i].fate == Press::Fate::Held)
            expect(m_model.finish()); // the repeat would end the burst: decided before its release passes
        const Press p = m_presses[i];
        QObject *to = slotObject(p.slot);
        QKeyEvent event(QEvent::KeyRelease, p.key, heldModifiers(), scanCodeOf(p.key), 0, 0, p.text, true);
        const quint64 id = ++m_lastId;
        event.setTimestamp(id);
        m_pressOf[id] = p.id;
        m_expected.push_back({Seen::Kind::Release, id, to, {}}); // auto-repeat releases always pass
        if (p.fate != Press::Fate::Arrived)
            m_passesUnpressed.insert(id); // but never ahead of a press that arrives
        QCoreApplication::sendEvent(to, &event);
        check();
        press(p.key, p.text, heldModifiers(), p.slot, true);
    }

    void advance(qint64 ms)
    {
        const qint64 until = g_now + ms;
        for (int guard = 0; guard < 64; ++guard) {
            std::optional<qint64> due = dispatcher()->nextDue();
            if (const std::optional<qint64> held = m_model.deadline(); held && (!due || *held < *due))
                due = held;
            if (!due || *due > until)
                break;
            g_now = std::max(g_now, *due);
            expect(m_model.expire(g_now));
            dispatcher()->fireDue();
            check();
        }
        g_now = until;
    }

    void setSettings(const WedgeSettings &settings)
    {
        expect(m_model.finish());
        m_model = WedgeDetector(settings);
        m_filter->setSettings(settings);
        check();
        const WedgeSettings now = m_filter->settings();
        require(now.maxGapMs == settings.maxGapMs && now.prefix == settings.prefix &&
                    now.suffix == settings.suffix && now.minLength == settings.minLength,
                "settings() are the ones set");
    }

    void setEnabled(bool enabled)
    {
        if (enabled)
            m_enabled = true;
        else
            expectDisabled();
        m_filter->setEnabled(enabled);
        check();
        require(m_filter->isEnabled() == enabled, "isEnabled() is what was set");
    }

    void receivers(uint8_t arg)
    {
        switch (arg % 5) {
        case 0: // deleted while its keys may be held; its successor takes its place
            m_other = std::make_unique<Recorder<QObject>>();
            m_other->takesText = arg & 0x10;
            m_other->readOnly = arg & 0x20;
            break;
        case 1:
            m_other->takesText = !m_other->takesText;
            break;
        case 2:
            m_other->readOnly = !m_other->readOnly;
            break;
        case 3:
            m_window->focus =
                m_window->focus == m_field.get() ? static_cast<QObject *>(m_other.get()) : m_field.get();
            break;
        default:
            require(!m_filter->giveBack(m_lastCode), "giveBack() outside a report sends nothing");
            check();
            break;
        }
    }

    void finish()
    {
        if (m_endDisabled)
            setEnabled(false);
        else
            advance(m_model.settings().maxGapMs);
        require(!m_model.deadline() && m_outstanding.empty(), "nothing is held at the end");
        for (const Press &p : m_presses)
            require(p.fate != Press::Fate::Held, "every press is delivered, reported or lost");
        // Nothing of the filter's is held either: the next key goes straight through.
        press(Qt::Key_F5, {}, {}, 0, false);
        require(m_presses.back().fate == Press::Fate::Arrived, "a key after the end arrives at once");
    }

    static bool takesText(QObject *receiver)
    {
        const auto *field = dynamic_cast<const TextField *>(receiver);
        return field && field->takesText && !field->readOnly;
    }

    // What the filter is to do now, by the detector's decisions: like the filter, all the keys are taken
    // off the queue before the first effect, since a slot may decide on the keys still held.
    void expect(const QList<WedgeAction> &actions)
    {
        std::vector<std::vector<size_t>> decided;
        for (const WedgeAction &a : actions) {
            const auto n = size_t(a.keys.size());
            require(n > 0 && n <= m_outstanding.size(), "the detector decides on keys it was given");
            decided.emplace_back(m_outstanding.begin(), m_outstanding.begin() + std::ptrdiff_t(n));
            m_outstanding.erase(m_outstanding.begin(), m_outstanding.begin() + std::ptrdiff_t(n));
            for (size_t k = 0; k < n; ++k) {
                Press &p = m_presses[decided.back()[k]];
                require(p.wedgeKey == a.keys[qsizetype(k)], "decided in the order pressed");
                if (a.type != WedgeAction::Type::Deliver) {
                    p.fate = Press::Fate::Swallowed;
                    if (!p.heldRelease)
                        p.swallowedAt = g_now;
                }
            }
        }
        for (size_t i = 0; i < decided.size(); ++i)
            expectEffect(actions[qsizetype(i)], decided[i]);
    }

    void expectEffect(const WedgeAction &a, const std::vector<size_t> &keys)
    {
        if (a.type == WedgeAction::Type::Deliver) {
            for (const size_t k : keys)
                deliver(m_presses[k], m_presses[k].target);
            return;
        }
        QString text;
        for (const size_t k : keys) {
            if (m_presses[k].wedgeKey.type == WedgeKey::Type::Text)
                text += m_presses[k].text;
        }
        const QString &prefix = m_model.settings().prefix;
        require(text.startsWith(prefix) && a.code == text.mid(prefix.size()),
                "a code is the swallowed text after the prefix");
        const Seen::Kind kind = a.type == WedgeAction::Type::Scan ? Seen::Kind::Scan : Seen::Kind::Incomplete;
        m_expected.push_back({kind, 0, nullptr, a.code});
        m_lastCode = a.code;

        const Choice choice = Choice(next() % 6);
        const QPointer<QObject> receiver = m_presses[keys.front()].receiver;
        const bool accepted = receiver && takesText(receiver);
        m_reports.push_back({kind, a.code, choice, accepted});
        if (choice == Choice::Disable) {
            expectDisabled();
            return;
        }
        if (choice == Choice::None || !accepted)
            return;
        std::vector<size_t> back = keys;
        const WedgeKey::Type last = m_presses[back.back()].wedgeKey.type;
        if (choice == Choice::Drop && (last == WedgeKey::Type::Enter || last == WedgeKey::Type::Tab))
            back.pop_back();
        for (const size_t k : back) {
            Press &p = m_presses[k];
            deliver(p, receiver);
            // One release each: the one that came while held, or one made from the press.
            if (!p.heldRelease)
                m_expected.push_back({Seen::Kind::Release, p.id, receiver, {}});
        }
    }

    // setEnabled(false), from the input or from a slot: held keys decided, waiting releases forgotten.
    void expectDisabled()
    {
        if (!m_enabled)
            return;
        m_enabled = false;
        expect(m_model.finish());
        for (Press &p : m_presses)
            p.swallowedAt.reset(); // their releases pass, as everything does now
    }

    void deliver(Press &p, QObject *to)
    {
        if (!to) {
            p.fate = Press::Fate::Lost;
            return;
        }
        p.fate = Press::Fate::Arrived;
        m_expected.push_back({Seen::Kind::Press, p.id, to, {}});
        if (p.heldRelease)
            m_expected.push_back({Seen::Kind::Release, *p.heldRelease, to, {}});
    }

    void reported(Seen::Kind kind, const QString &code)
    {
        require(!m_reports.empty(), "a report the detector decided on");
        const Report r = m_reports.front();
        m_reports.pop_front();
        require(r.kind == kind && r.code == code, "reported as the detector decided");
        g_seen.push_back({kind, 0, nullptr, code});
        switch (r.choice) {
        case Choice::None:
            break;
        case Choice::Keep:
        case Choice::Drop:
            require(m_filter->giveBack(code, r.choice == Choice::Drop
                                                 ? WedgeFilter::Suffix::Drop
                                                 : WedgeFilter::Suffix::Keep) == r.accepted,
                    "giveBack() succeeds exactly when the receiver is there and takes text");
            break;
        case Choice::WrongCodeFirst:
            require(!m_filter->giveBack(code + QLatin1Char('!')), "giveBack() of another code sends nothing");
            require(m_filter->giveBack(code) == r.accepted,
                    "giveBack() succeeds exactly when the receiver is there and takes text");
            break;
        case Choice::Twice:
            require(m_filter->giveBack(code) == r.accepted,
                    "giveBack() succeeds exactly when the receiver is there and takes text");
            require(!m_filter->giveBack(code), "giveBack() a second time sends nothing");
            break;
        case Choice::Disable: // scanning turned off while the filter is still applying its decisions
            m_filter->setEnabled(false);
            break;
        }
    }

    void check()
    {
        require(m_reports.empty(), "every report the detector decided on was made");
        require(g_seen == m_expected, "the filter does what the detector decided");
        // The same properties, without the detector: presses arrive once and in order, a release
        // at most once and after its press.
        for (const Seen &s : g_seen) {
            if (s.kind == Seen::Kind::Press) {
                require(s.id > m_lastArrived, "presses arrive once, in the order sent");
                m_lastArrived = s.id;
                m_arrived.insert(s.id);
            } else if (s.kind == Seen::Kind::Release) {
                const auto press = m_pressOf.find(s.id);
                const quint64 pressId = press == m_pressOf.end() ? s.id : press->second;
                require(m_released.insert(s.id).second, "a release arrives at most once");
                require(m_arrived.count(pressId) || m_passesUnpressed.count(s.id),
                        "a swallowed press's release passes only when waited for too long or disabled");
            }
        }
        g_seen.clear();
        m_expected.clear();
    }

    const uint8_t *m_data;
    size_t m_size;
    size_t m_at = 0;
    WedgeDetector m_model;
    std::unique_ptr<Recorder<QObject>> m_field;
    std::unique_ptr<Recorder<QObject>> m_other;
    std::unique_ptr<FocusWindow> m_window;
    std::unique_ptr<WedgeFilter> m_filter; // deleted first: it may hold pointers to the receivers
    bool m_enabled = true;
    bool m_endDisabled = false;
    bool m_busy = false; // no timer fires before the next step
    quint64 m_lastId = 0;
    std::vector<Press> m_presses;
    std::deque<size_t> m_outstanding; // fed to the detector, not decided
    std::vector<size_t> m_down;       // keys pressed and not released, in the order pressed
    std::deque<Report> m_reports;
    std::vector<Seen> m_expected;
    QString m_lastCode;
    std::map<quint64, quint64> m_pressOf; // release → press
    std::set<quint64> m_passesUnpressed;  // releases that may arrive though their press did not
    std::set<quint64> m_arrived;
    std::set<quint64> m_released;
    quint64 m_lastArrived = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dispatcher();
    Run run(data, size);
    run.go();
    return 0;
}
