// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/imagedecoder.h"
#include "camera/framemailbox.h"
#include "camera/framereading.h"

#include <QObject>

namespace benchside {

// Lives on the camera's decoding thread: takes the frame waiting in the mailbox, decodes it, and
// reports what it read, until the mailbox is empty. One ImageDecoder pass set per frame and none of
// the extra passes a photo with nothing read gets: a camera frame with no code is the usual case,
// and the next frame is another try.
class FrameDecoder : public QObject
{
    Q_OBJECT

public:
    explicit FrameDecoder(FrameMailbox &mailbox, QObject *parent = nullptr);

    // How many symbols one frame may hold: a few tubes under the camera at once, each with its two.
    static constexpr int MaxSymbols = 8;

public slots:
    void drain();

signals:
    void decoded(const benchside::FrameReading &reading);

private:
    FrameMailbox &m_mailbox;
    ImageDecoder m_decoder;
};

} // namespace benchside
