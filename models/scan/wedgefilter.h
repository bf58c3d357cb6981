// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/wedgedetector.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>
#include <vector>

class QKeyEvent;

namespace benchside {

// Application-wide event filter in front of WedgeDetector: install with qApp->installEventFilter().
// Every key press is taken at its first receiver (the window, for real keyboards) and later re-sent
// there as a fresh copy, or swallowed when it was part of a scan. Taking every press, not only text,
// keeps the order of delivered keys intact and means the filter never sees the same event twice as Qt
// forwards it from the window to the focus widget and its parents.
//
// Fast typing (a password manager, a quick typist) can look like a scan. The filter cannot tell, but
// whoever handles scanned() or incompleteScan() can: a code that is no code there goes back with
// giveBack(), and the person's keys reach the field they were typed into after all.
class WedgeFilter : public QObject
{
    Q_OBJECT

public:
    // Milliseconds that only move forward. QKeyEvent::timestamp() is not used: synthetic events
    // (QTest, virtual keyboards) leave it 0.
    using Clock = std::function<qint64()>;

    explicit WedgeFilter(QObject *parent = nullptr);
    explicit WedgeFilter(Clock clock, QObject *parent = nullptr);
    ~WedgeFilter() override;

    WedgeSettings settings() const;
    // Decides on held keys under the old settings first, so no key is lost or re-judged.
    void setSettings(const WedgeSettings &settings);

    bool isEnabled() const { return m_enabled; }
    // Disabled, the filter lets every key through untouched; held keys are decided on first.
    void setEnabled(bool enabled);

    static WedgeKey keyFor(const QKeyEvent &event);

    // Call from a slot of scanned() or incompleteScan(), with the code it was given, when the code is
    // not one but typing: the burst's keys, its suffix included, are sent as they were typed to what had
    // the focus when the burst began, as if the gap had shown them to be typing. Returns false, and
    // sends nothing, when that receiver is gone or takes no text (Qt::ImEnabled, Qt::ImReadOnly), when
    // the code is not the one being reported (a serial scan, say), or when it was already given back.
    // With Suffix::Drop the burst's closing Enter or Tab stays swallowed: the text lands in the field
    // but does not submit it, in case the code was a real scan of a label that is no code here.
    enum class Suffix { Keep, Drop };
    bool giveBack(const QString &code, Suffix suffix = Suffix::Keep);

signals:
    void scanned(const QString &code);
    // A long fast burst ended without the configured suffix; the scanner's suffix setting is likely wrong.
    void incompleteScan(const QString &code);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Pending;
    struct Swallowed;
    struct Burst;

    void apply(const QList<WedgeAction> &actions, qint64 now);
    void reschedule(qint64 now);
    bool takeRelease(const QKeyEvent &release, qint64 now);
    static QObject *receiverOf(QObject *watched);
    static bool takesText(QObject *receiver);

    WedgeDetector m_detector;
    QElapsedTimer m_elapsed;
    Clock m_clock;
    QTimer m_timer;
    bool m_enabled = true;
    std::vector<Pending> m_pending;     // fed to the detector, not yet decided; same order
    std::vector<Swallowed> m_swallowed; // scanned presses whose releases are still to come
    Burst *m_burst = nullptr;           // the one being reported, while its signal is emitted
    // Copies re-sent by any WedgeFilter, which every filter must let pass: one of a second filter's
    // would be held and re-sent again, each sending the other's copies round forever.
    static QList<const QEvent *> &inFlight();
};

} // namespace benchside
