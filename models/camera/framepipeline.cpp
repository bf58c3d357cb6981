// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/framepipeline.h"

#include "camera/framedecoder.h"

namespace benchside {

FramePipeline::FramePipeline(QObject *parent) : QObject(parent), m_decoder(new FrameDecoder(m_mailbox))
{
    qRegisterMetaType<FrameReading>();
    m_clock.start();
    m_thread.setObjectName(QStringLiteral("camera-decoder"));
    m_decoder->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_decoder, &QObject::deleteLater);
    connect(m_decoder, &FrameDecoder::decoded, this, &FramePipeline::onDecoded, Qt::QueuedConnection);
    // Below the GUI thread: a busy decoder must never make the window or the scanner wait.
    m_thread.start(QThread::LowPriority);
}

FramePipeline::~FramePipeline()
{
    m_thread.quit();
    m_thread.wait();
}

void FramePipeline::submit(std::function<QImage()> image)
{
    FrameMailbox::Frame frame{m_nextId++, m_clock.elapsed(), std::move(image)};
    if (m_mailbox.put(std::move(frame)))
        QMetaObject::invokeMethod(m_decoder, &FrameDecoder::drain, Qt::QueuedConnection);
}

void FramePipeline::reset()
{
    m_agreement.clear();
    m_mailbox.resetCounts();
    m_stats = Stats();
}

FramePipeline::Stats FramePipeline::stats() const
{
    Stats s = m_stats;
    s.offered = m_mailbox.offered();
    s.dropped = m_mailbox.dropped();
    return s;
}

void FramePipeline::onDecoded(const FrameReading &reading)
{
    ++m_stats.decoded;
    m_stats.lastDecodeUs = reading.decodeUs;
    m_stats.totalDecodeUs += reading.decodeUs;
    m_stats.maxDecodeUs = std::max(m_stats.maxDecodeUs, reading.decodeUs);
    // Agreed on when the frames arrived, not when their decoding finished: two frames 40 ms apart
    // agree whatever the decoder's backlog.
    const QStringList trusted = m_agreement.add(reading.codes, reading.arrivedMs);
    emit frameRead(reading);
    for (const QString &code : trusted)
        emit tubeRead(code);
}

} // namespace benchside
