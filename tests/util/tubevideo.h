// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QColor>
#include <QImage>
#include <QList>
#include <optional>

namespace synthetic {

// A camera's view of tubes passing under it, drawn frame by frame from real tube labels: each tube
// slides in, rests a moment (drifting, as a hand holds it) and slides out, with the motion blur of a
// 1/50 s exposure, a label wrapped round the tube and sensor noise. Written as Motion JPEG in AVI by
// the ffmpeg program, which GStreamer's "good" plugins play.
class TubeVideo
{
public:
    static constexpr int Width = 640;
    static constexpr int Height = 480;
    static constexpr int Fps = 25;
    static constexpr int FrameMs = 1000 / Fps;

    struct Pass
    {
        QString accession;
        QImage label; // as LabelRenderer draws it, one pixel a dot
        qint64 startMs = 0;
        qint64 restMs = 700;
        double degrees = 0;
        int xOffset = 0;
        QColor cap = QColor(0xc6, 0x28, 0x28);
        bool flash = false; // in a single frame only, sharp

        static constexpr qint64 EnterMs = 600;
        static constexpr qint64 LeaveMs = 500;
        qint64 endMs() const { return flash ? startMs + FrameMs : startMs + EnterMs + restMs + LeaveMs; }
    };

    explicit TubeVideo(QList<Pass> passes);
    // Five labels: the first four pass one after the other (the fourth held for 3.5 s), the fifth
    // shows in one frame only, between the second and the third.
    static TubeVideo scenario(const QList<std::pair<QString, QImage>> &labels);

    const QList<Pass> &passes() const { return m_passes; }
    int frameCount() const;
    qint64 durationMs() const { return qint64(frameCount()) * FrameMs; }
    QImage frame(int n) const;
    // The time of the first frame in which any of the tube shows.
    static qint64 entersAtMs(const Pass &pass);

    benchside::Status write(const QString &path) const;
    static QString ffmpeg(); // the program found at configure time

private:
    static std::optional<double> tubeTop(const Pass &pass, double t);
    void paintTube(class QPainter &painter, const Pass &pass, double top) const;

    QList<Pass> m_passes;
    QImage m_bench;
};

} // namespace synthetic
