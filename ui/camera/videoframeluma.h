// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>

class QVideoFrame;

namespace benchside {

// A video frame's brightness as an 8-bit grey image: all the barcode decoder looks at. Cameras and
// video files deliver YUV, whose Y plane is exactly that, so it is copied as it is, with no colour
// conversion and no GPU; other layouts go through Qt's own conversion. Safe on any thread.
class VideoFrameLuma
{
public:
    static QImage image(const QVideoFrame &frame);
};

} // namespace benchside
