// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/cameraview.h"

#include "camera/camerafeed.h"

#include <QPainter>
#include <QPainterPath>

namespace benchside {

namespace {
// Outlines older than this belong to a picture that has moved on.
constexpr qint64 OutlineLifetimeMs = 700;
const QColor Trusted(0x2e, 0x7d, 0x32);
const QColor Waiting(0xf9, 0xa8, 0x25);
} // namespace

CameraView::CameraView(CameraFeed &feed, QWidget *parent) : QWidget(parent), m_feed(feed)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(&m_feed, &CameraFeed::frameArrived, this, [this] {
        if (isVisible())
            update();
    });
    connect(&m_feed, &CameraFeed::stateChanged, this, [this] {
        m_reading = FrameReading();
        update();
    });
    connect(&m_feed.pipeline(), &FramePipeline::frameRead, this, [this](const FrameReading &reading) {
        m_reading = reading;
        if (isVisible())
            update();
    });
}

QList<std::pair<QString, bool>> CameraView::outlined() const
{
    QList<std::pair<QString, bool>> out;
    for (const DecodedCode &code : m_reading.codes)
        if (code.readable)
            out.append({code.text, m_feed.pipeline().isTrusted(code.text)});
    return out;
}

QString CameraView::placeholder() const
{
    if (!m_feed.problem().isEmpty())
        return m_saysProblem ? m_feed.problem() : tr("No picture.");
    if (m_feed.isRunning())
        return tr("Waiting for the first picture from %1…").arg(m_feed.sourceName());
    return tr("The camera is off. Press Start to read tubes held under it.");
}

void CameraView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0x21, 0x21, 0x21));
    const QImage image = m_feed.isRunning() ? m_feed.currentImage() : QImage();
    if (image.isNull()) {
        painter.setPen(Qt::white);
        QFont font = painter.font();
        font.setPointSizeF(font.pointSizeF() * 1.3);
        painter.setFont(font);
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                         placeholder());
        return;
    }
    const QSize fitted = image.size().scaled(size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2), fitted);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, image);

    if (m_reading.size.isEmpty() || m_feed.pipeline().nowMs() - m_reading.arrivedMs > OutlineLifetimeMs)
        return;
    QTransform toView;
    toView.translate(target.x(), target.y());
    toView.scale(double(target.width()) / m_reading.size.width(),
                 double(target.height()) / m_reading.size.height());
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QFontMetrics metrics(font);
    for (const DecodedCode &code : m_reading.codes) {
        if (!code.readable || code.corners.size() < 4)
            continue;
        const bool trusted = m_feed.pipeline().isTrusted(code.text);
        const QColor colour = trusted ? Trusted : Waiting;
        QPolygonF outline = toView.map(code.corners);
        // ZXing gives a linear symbol as the line it was read along: widen it to a band about as
        // tall as a label's bars (an eighth of their length either side of the line).
        if (outline.boundingRect().height() < 6) {
            const double half = std::max(14.0, outline.boundingRect().width() * 0.12);
            outline = QPolygonF(outline.boundingRect().adjusted(-6, -half, 6, half));
        }
        painter.setPen(QPen(colour, 4));
        painter.setBrush(Qt::NoBrush);
        painter.drawPolygon(outline);
        const QString text = trusted ? code.text : tr("%1 (checking)").arg(code.text);
        const QRectF box = outline.boundingRect();
        QRectF tag(box.left(), box.top() - metrics.height() - 8, metrics.horizontalAdvance(text) + 12,
                   metrics.height() + 6);
        if (tag.top() < 0)
            tag.moveTop(box.bottom() + 2);
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawRoundedRect(tag, 4, 4);
        painter.setPen(trusted ? Qt::white : Qt::black);
        painter.drawText(tag, Qt::AlignCenter, text);
    }
}

} // namespace benchside
