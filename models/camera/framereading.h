// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "barcode/decodedcode.h"

#include <QList>
#include <QMetaType>
#include <QSize>

namespace benchside {

// What the decoder read in one camera frame, and where: the page outlines each code on the picture.
struct FrameReading
{
    qint64 frameId = 0;
    qint64 arrivedMs = 0; // when the frame reached the decoder's mailbox
    QSize size;           // of the frame the corners refer to
    QList<DecodedCode> codes;
    qint64 decodeUs = 0; // converting and decoding, on the decoding thread
};

} // namespace benchside

Q_DECLARE_METATYPE(benchside::FrameReading)
