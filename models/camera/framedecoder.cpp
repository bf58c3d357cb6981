// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/framedecoder.h"

#include <QElapsedTimer>

namespace benchside {

namespace {
ImageDecoder::Options frameOptions()
{
    ImageDecoder::Options options;
    options.maxSymbols = FrameDecoder::MaxSymbols;
    return options;
}
} // namespace

FrameDecoder::FrameDecoder(FrameMailbox &mailbox, QObject *parent)
    : QObject(parent), m_mailbox(mailbox), m_decoder(frameOptions())
{}

void FrameDecoder::drain()
{
    while (std::optional<FrameMailbox::Frame> frame = m_mailbox.take()) {
        QElapsedTimer timer;
        timer.start();
        FrameReading reading;
        reading.frameId = frame->id;
        reading.arrivedMs = frame->arrivedMs;
        const QImage image = frame->image ? frame->image() : QImage();
        reading.size = image.size();
        if (!image.isNull())
            reading.codes = m_decoder.decode(image);
        reading.decodeUs = timer.nsecsElapsed() / 1000;
        emit decoded(reading);
    }
}

} // namespace benchside
