// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/wedgefilter.h"

#include <QCoreApplication>
#include <QInputDevice>
#include <QInputMethodQueryEvent>
#include <QKeyEvent>
#include <QPointer>
#include <QWindow>
#include <algorithm>
#include <memory>
#include <optional>
#include <utility>

namespace benchside {

namespace {
// A swallowed press's release normally follows within milliseconds. One that never comes (a synthetic
// press without release, focus moved) must not eat an unrelated release of the same key much later.
constexpr qint64 ReleaseWaitMs = 1000;

bool isModifierKey(int key)
{
    switch (key) {
    case Qt::Key_Shift:
    case Qt::Key_Control:
    case Qt::Key_Meta:
    case Qt::Key_Alt:
    case Qt::Key_AltGr:
    case Qt::Key_CapsLock:
    case Qt::Key_Super_L:
    case Qt::Key_Super_R:
    case Qt::Key_Hyper_L:
    case Qt::Key_Hyper_R:
    case Qt::Key_Mode_switch:
        return true;
    default:
        return false;
    }
}
} // namespace

struct WedgeFilter::Pending
{
    // The original event is gone by the time the key is delivered; this is enough to build a copy.
    struct Key
    {
        QEvent::Type type = QEvent::KeyPress;
        int key = 0;
        Qt::KeyboardModifiers modifiers;
        quint32 scanCode = 0;
        quint32 virtualKey = 0;
        quint32 nativeModifiers = 0;
        QString text;
        bool autoRepeat = false;
        quint16 count = 1;
        quint64 timestamp = 0;
        QPointer<const QInputDevice> device; // a keyboard can be unplugged before delivery

        static Key of(const QKeyEvent &e)
        {
            return {e.type(),
                    e.key(),
                    e.modifiers(),
                    e.nativeScanCode(),
                    e.nativeVirtualKey(),
                    e.nativeModifiers(),
                    e.text(),
                    e.isAutoRepeat(),
                    quint16(e.count()),
                    e.timestamp(),
                    e.device()};
        }

        std::unique_ptr<QKeyEvent> make() const
        {
            auto e = std::make_unique<QKeyEvent>(type, key, modifiers, scanCode, virtualKey, nativeModifiers,
                                                 text, autoRepeat, count,
                                                 device ? device.get() : QInputDevice::primaryKeyboard());
            e->setTimestamp(timestamp);
            return e;
        }

        // Marked as re-sent, so that no WedgeFilter takes it again.
        void sendTo(QObject *to) const
        {
            const std::unique_ptr<QKeyEvent> copy = make();
            inFlight().append(copy.get());
            QCoreApplication::sendEvent(to, copy.get());
            inFlight().removeOne(copy.get());
        }

        Key released() const
        {
            Key k = *this;
            k.type = QEvent::KeyRelease;
            return k;
        }
    };

    QPointer<QObject> target;   // may be deleted while its key is held
    QPointer<QObject> receiver; // where the target would have passed the key on: for giveBack()
    Key press;
    std::optional<Key> release; // eaten before the press was decided on
};

struct WedgeFilter::Burst
{
    QString code;
    std::vector<Pending> keys; // swallowed, in order; emptied when given back
};

struct WedgeFilter::Swallowed
{
    int key = 0;
    quint32 scanCode = 0;
    qint64 ms = 0;
};

WedgeFilter::WedgeFilter(QObject *parent) : WedgeFilter(Clock(), parent) {}

WedgeFilter::WedgeFilter(Clock clock, QObject *parent)
    : QObject(parent), m_clock(clock ? std::move(clock) : Clock([this] { return m_elapsed.elapsed(); }))
{
    m_elapsed.start();
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may add 5% to the 25 ms typing latency
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const qint64 now = m_clock();
        apply(m_detector.expire(now), now);
    });
}

WedgeFilter::~WedgeFilter() = default;

WedgeSettings WedgeFilter::settings() const
{
    return m_detector.settings();
}

void WedgeFilter::setSettings(const WedgeSettings &settings)
{
    WedgeDetector old = std::exchange(m_detector, WedgeDetector(settings));
    const qint64 now = m_clock();
    apply(old.finish(), now);
}

void WedgeFilter::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (!enabled) {
        const qint64 now = m_clock();
        apply(m_detector.finish(), now);
        m_swallowed.clear();
    }
}

WedgeKey WedgeFilter::keyFor(const QKeyEvent &event)
{
    if (event.isAutoRepeat())
        return WedgeKey::other();
    if (isModifierKey(event.key()))
        return WedgeKey::modifier();

    const Qt::KeyboardModifiers mods = event.modifiers();
    const bool command = mods & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    switch (event.key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        return command ? WedgeKey::other() : WedgeKey::enter();
    case Qt::Key_Tab:
        return command ? WedgeKey::other() : WedgeKey::tab();
    default:
        break;
    }

    const QString text = event.text();
    if (text.size() != 1 || !text.at(0).isPrint())
        return WedgeKey::other();
    // Windows reports AltGr as Ctrl+Alt; the character it produces is still typing.
    const bool altGr = (mods & Qt::ControlModifier) && (mods & Qt::AltModifier);
    if (command && !altGr)
        return WedgeKey::other();
    return WedgeKey::text(text.at(0));
}

QList<const QEvent *> &WedgeFilter::inFlight()
{
    static QList<const QEvent *> events; // the GUI thread's only
    return events;
}

bool WedgeFilter::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type != QEvent::KeyPress && type != QEvent::KeyRelease)
        return false;
    if (!m_enabled || inFlight().contains(event))
        return false;

    const auto *keyEvent = static_cast<const QKeyEvent *>(event);
    const qint64 now = m_clock();
    std::erase_if(m_swallowed, [now](const Swallowed &s) { return now - s.ms > ReleaseWaitMs; });
    if (type == QEvent::KeyRelease)
        return takeRelease(*keyEvent, now);

    m_pending.push_back({watched, receiverOf(watched), Pending::Key::of(*keyEvent), std::nullopt});
    apply(m_detector.feed(keyFor(*keyEvent), now), now);
    return true;
}

bool WedgeFilter::takeRelease(const QKeyEvent &release, qint64 now)
{
    const auto sameKey = [&release](int key, quint32 scanCode) {
        return key == release.key() && scanCode == release.nativeScanCode();
    };
    if (release.isAutoRepeat()) {
        // Auto-repeat releases pass at once: they come paired with auto-repeat presses, which are never
        // held. One whose own key is still held (the event loop was too busy to run the timer) would
        // reach the receiver before the press it repeats; the auto-repeat press that follows would end
        // the burst anyway, so the held keys are decided first.
        if (std::any_of(m_pending.begin(), m_pending.end(),
                        [&](const Pending &p) { return sameKey(p.press.key, p.press.scanCode); }))
            apply(m_detector.finish(), now);
        return false;
    }
    // Swallowed presses are older than pending ones, so their releases come first.
    const auto swallowed = std::find_if(m_swallowed.begin(), m_swallowed.end(),
                                        [&](const Swallowed &s) { return sameKey(s.key, s.scanCode); });
    if (swallowed != m_swallowed.end()) {
        m_swallowed.erase(swallowed);
        return true;
    }
    for (Pending &pending : m_pending) {
        if (!pending.release && sameKey(pending.press.key, pending.press.scanCode)) {
            pending.release = Pending::Key::of(release);
            return true;
        }
    }
    return false; // its press was already delivered, or never seen
}

QObject *WedgeFilter::receiverOf(QObject *watched)
{
    // A real keyboard's keys reach the window first, which hands them to its focus widget.
    if (watched && watched->isWindowType()) {
        if (QObject *focus = static_cast<QWindow *>(watched)->focusObject())
            return focus;
    }
    return watched;
}

bool WedgeFilter::takesText(QObject *receiver)
{
    QInputMethodQueryEvent query(Qt::ImEnabled | Qt::ImReadOnly);
    QCoreApplication::sendEvent(receiver, &query);
    return query.value(Qt::ImEnabled).toBool() && !query.value(Qt::ImReadOnly).toBool();
}

bool WedgeFilter::giveBack(const QString &code, Suffix suffix)
{
    if (!m_burst || m_burst->code != code || m_burst->keys.empty())
        return false;
    const QPointer<QObject> receiver = m_burst->keys.front().receiver;
    if (!receiver || !takesText(receiver))
        return false;
    // Taken out first: a key sent may run a slot that asks again, or deletes this filter.
    std::vector<Pending> keys = std::exchange(m_burst->keys, {});
    if (suffix == Suffix::Drop) {
        while (!keys.empty() &&
               (keys.back().press.key == Qt::Key_Return || keys.back().press.key == Qt::Key_Enter ||
                keys.back().press.key == Qt::Key_Tab))
            keys.pop_back();
    }
    for (const Pending &pending : keys) {
        if (receiver)
            pending.press.sendTo(receiver);
        // A release still to come is swallowed when it comes; the receiver gets one now, in order.
        if (receiver)
            (pending.release ? *pending.release : pending.press.released()).sendTo(receiver);
    }
    return true;
}

void WedgeFilter::apply(const QList<WedgeAction> &actions, qint64 now)
{
    struct Effect
    {
        WedgeAction::Type type;
        Burst burst; // the code, and the keys to deliver or that were swallowed
    };

    // Bookkeeping first, effects after: a delivered key or a slot may run a nested event loop that
    // re-enters the filter, and it must find the queue already consistent.
    std::vector<Effect> effects;
    for (const WedgeAction &action : actions) {
        Effect effect{action.type, {action.code, {}}};
        const auto count = std::min<std::size_t>(action.keys.size(), m_pending.size());
        Q_ASSERT(count == std::size_t(action.keys.size()));
        for (std::size_t i = 0; i < count; ++i) {
            Pending &pending = m_pending[i];
            if (action.type != WedgeAction::Type::Deliver && !pending.release)
                m_swallowed.push_back({pending.press.key, pending.press.scanCode, now});
            effect.burst.keys.push_back(std::move(pending));
        }
        m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(count));
        effects.push_back(std::move(effect));
    }
    reschedule(now);

    QPointer<WedgeFilter> self(this);
    for (Effect &effect : effects) {
        if (effect.type == WedgeAction::Type::Deliver) {
            for (const Pending &pending : effect.burst.keys) {
                if (pending.target)
                    pending.press.sendTo(pending.target);
                if (self && pending.target && pending.release)
                    pending.release->sendTo(pending.target);
                if (!self)
                    return;
            }
            continue;
        }
        // A slot may scan again (a nested event loop): each report gives back only its own burst.
        Burst *const outer = std::exchange(m_burst, &effect.burst);
        if (effect.type == WedgeAction::Type::Scan)
            emit scanned(effect.burst.code);
        else
            emit incompleteScan(effect.burst.code);
        if (!self)
            return;
        m_burst = outer;
    }
}

void WedgeFilter::reschedule(qint64 now)
{
    if (const std::optional<qint64> due = m_detector.deadline())
        m_timer.start(int(std::max<qint64>(*due - now, 0)));
    else
        m_timer.stop();
}

} // namespace benchside
