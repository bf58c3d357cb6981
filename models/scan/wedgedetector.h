// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QChar>
#include <QList>
#include <QString>
#include <QtGlobal>
#include <optional>

namespace benchside {

// One key press as the wedge detector sees it.
struct WedgeKey
{
    // Modifier: Shift, Control, Alt, AltGr, Meta, CapsLock pressed on their own. Scanners press Shift
    // around every capital letter, so these neither end a burst nor count towards its length.
    enum class Type { Text, Enter, Tab, Modifier, Other };

    Type type = Type::Other;
    QChar ch; // only for Text

    static WedgeKey text(QChar c) { return {Type::Text, c}; }
    static WedgeKey enter() { return {Type::Enter, {}}; }
    static WedgeKey tab() { return {Type::Tab, {}}; }
    static WedgeKey modifier() { return {Type::Modifier, {}}; }
    static WedgeKey other() { return {Type::Other, {}}; }

    friend bool operator==(const WedgeKey &, const WedgeKey &) = default;
};

struct WedgeSettings
{
    enum class Suffix { Enter, Tab, EnterOrTab, None }; // None: a gap ends the scan

    int maxGapMs = 25; // keys closer than this belong to one burst
    QString prefix;    // optional; when set a scan must start with it (stripped from the code)
    Suffix suffix = Suffix::EnterOrTab;
    int minLength = 4; // of the code without its prefix; shorter bursts are human typing
};

struct WedgeAction
{
    enum class Type { Deliver, Scan, Incomplete };

    Type type = Type::Deliver;
    // Every key fed is accounted for exactly once, in the order fed: Deliver lists the keys to hand to
    // the focused widget now; Scan and Incomplete list the keys they swallowed.
    QList<WedgeKey> keys;
    QString code; // Scan / Incomplete, prefix stripped
};

// Tells keyboard-wedge scanner bursts from human typing. A pure state machine fed with explicit
// timestamps, so the GUI event filter, the CLI replay and the tests drive the same logic.
//
// Text keys are held until the next key or the gap decides what they are: human typing is delivered
// at most maxGapMs late and in order; a burst that ends in the suffix becomes one Scan; a long burst
// that ends without its suffix is swallowed as Incomplete so half a code never lands in a text field.
// Codes are reported exactly as typed; validating their characters is the caller's job.
class WedgeDetector
{
public:
    explicit WedgeDetector(WedgeSettings settings = {});

    const WedgeSettings &settings() const { return m_settings; }

    // Expires whatever was due before ms, then handles the key. Timestamps must not go backwards.
    QList<WedgeAction> feed(const WedgeKey &key, qint64 ms);
    // Call when deadline() has passed (a timer fired); earlier calls do nothing.
    QList<WedgeAction> expire(qint64 nowMs);
    // End of input: decides on whatever is held as if its gap had expired.
    QList<WedgeAction> finish();
    // When expire() must next be called, if anything is held.
    std::optional<qint64> deadline() const;

private:
    enum class End { Gap, Suffix };

    void endBurst(End how, QList<WedgeAction> &actions);
    bool isSuffix(WedgeKey::Type type) const;
    QString heldText() const;

    WedgeSettings m_settings;
    QList<WedgeKey> m_held;
    qint64 m_lastTextMs = 0;
};

} // namespace benchside
