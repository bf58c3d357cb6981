// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "camera/codeagreement.h"
#include "camera/framemailbox.h"
#include "camera/framereading.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>

namespace benchside {

class FrameDecoder;

// From camera frames to tubes: frames go to a decoding thread of their own (never the GUI thread's
// work), at most one waits, and what each decoded frame read is agreed across frames before a tube
// is reported. Knows nothing of cameras or video: a frame is anything that makes a QImage, so tests,
// benchmarks and the Qt Multimedia side (ui/camera) all feed it the same way.
class FramePipeline : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        qint64 offered = 0; // frames submitted
        qint64 decoded = 0;
        qint64 dropped = 0; // replaced while waiting: the decoder was busy
        qint64 lastDecodeUs = 0;
        qint64 totalDecodeUs = 0;
        qint64 maxDecodeUs = 0;
    };

    explicit FramePipeline(QObject *parent = nullptr);
    ~FramePipeline() override; // waits for the frame being decoded, if any

    // From the thread that owns the pipeline. `image` runs on the decoding thread.
    void submit(std::function<QImage()> image);
    // A new source, or the same one started again: nothing seen before counts as in view.
    void reset();
    void setRules(CodeAgreement::Rules rules) { m_agreement = CodeAgreement(rules); }

    bool isTrusted(const QString &code) const { return m_agreement.isTrusted(code); }
    Stats stats() const;
    // Milliseconds on the pipeline's monotonic clock (the times in FrameReading).
    qint64 nowMs() const { return m_clock.elapsed(); }

signals:
    void frameRead(const benchside::FrameReading &reading);
    // A tube's code, trusted by two frames, once per stay under the camera.
    void tubeRead(const QString &code);

private:
    void onDecoded(const FrameReading &reading);

    FrameMailbox m_mailbox;
    CodeAgreement m_agreement;
    QThread m_thread;
    FrameDecoder *m_decoder; // lives on m_thread, deleted when it finishes
    QElapsedTimer m_clock;
    qint64 m_nextId = 1;
    Stats m_stats;
};

} // namespace benchside
