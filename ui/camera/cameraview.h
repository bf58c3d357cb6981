// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "camera/framereading.h"

#include <QWidget>

namespace benchside {

class CameraFeed;

// The camera's picture, with each code the decoder read outlined where it is: green once it is
// trusted and sent as a scan, amber while it waits for a second frame to agree. Without a picture it
// says why (no camera, camera off, a file that cannot be played) in its place.
class CameraView : public QWidget
{
    Q_OBJECT

public:
    explicit CameraView(CameraFeed &feed, QWidget *parent = nullptr);

    QSize sizeHint() const override { return {640, 480}; }
    QSize minimumSizeHint() const override { return {240, 180}; }
    // Off where the page says the problem beside the view already (the Camera page): the view then
    // says only that there is no picture.
    void setSaysProblem(bool says) { m_saysProblem = says; }
    // The codes outlined now, for tests: each with whether it is trusted.
    QList<std::pair<QString, bool>> outlined() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString placeholder() const;

    CameraFeed &m_feed;
    FrameReading m_reading;
    bool m_saysProblem = true;
};

} // namespace benchside
