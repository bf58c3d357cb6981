// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackimageview.h"

#include "rack/rackwellstyle.h"

#include <QMouseEvent>
#include <QPainter>

namespace benchside {

RackImageView::RackImageView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("rackImage"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void RackImageView::setImage(const QImage &image)
{
    m_image = image;
    m_cells.clear();
    m_selected = -1;
    m_scaled = QPixmap();
    update();
}

void RackImageView::setCells(const QList<RackCell> &cells, QSizeF pitch)
{
    m_cells = cells;
    m_pitch = pitch;
    update();
}

void RackImageView::setSelected(int index)
{
    m_selected = index;
    update();
}

QSize RackImageView::sizeHint() const
{
    return {560, 400};
}

QSize RackImageView::minimumSizeHint() const
{
    return {240, 170};
}

QRectF RackImageView::imageRect() const
{
    if (m_image.isNull())
        return {};
    const QSizeF size = QSizeF(m_image.size()).scaled(QSizeF(this->size()), Qt::KeepAspectRatio);
    return {QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size};
}

QPointF RackImageView::toWidget(QPointF imagePoint) const
{
    const QRectF r = imageRect();
    return r.topLeft() + QPointF(imagePoint.x() * r.width() / m_image.width(),
                                 imagePoint.y() * r.height() / m_image.height());
}

void RackImageView::resizeEvent(QResizeEvent *event)
{
    m_scaled = QPixmap();
    QWidget::resizeEvent(event);
}

void RackImageView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (m_image.isNull()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Drop a rack image here, paste one (Ctrl+V) or open one (Ctrl+I)."));
        return;
    }
    const QRectF target = imageRect();
    if (m_scaled.isNull() || m_scaled.size() != target.size().toSize())
        m_scaled = QPixmap::fromImage(
            m_image.scaled(target.size().toSize(), Qt::KeepAspectRatio, Qt::SmoothTransformation));
    painter.drawPixmap(target.topLeft(), m_scaled);

    painter.setRenderHint(QPainter::Antialiasing);
    const qreal scale = target.width() / m_image.width();
    const qreal radius = qMax(4.0, 0.38 * qMin(m_pitch.width(), m_pitch.height()) * scale);
    for (qsizetype i = 0; i < m_cells.size(); ++i) {
        const RackCell &cell = m_cells.at(i);
        const RackWellStyle style = RackWellStyle::of(cell);
        const QPointF centre = toWidget(cell.reading.position);
        // Rings, not discs: the code under the marker must stay visible.
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(style.background, i == m_selected ? 5 : 3));
        painter.drawEllipse(centre, radius, radius);
    }
    if (m_selected >= 0 && m_selected < m_cells.size()) {
        const RackCell &cell = m_cells.at(m_selected);
        const QPointF centre = toWidget(cell.reading.position);
        QFont f = font();
        f.setBold(true);
        painter.setFont(f);
        const QString text = cell.reading.well;
        const QRectF box = QRectF(QPointF(0, 0), QFontMetricsF(f).size(0, text) + QSizeF(10, 4))
                               .translated(centre + QPointF(radius, -radius));
        painter.setPen(Qt::NoPen);
        painter.setBrush(palette().color(QPalette::Highlight));
        painter.drawRoundedRect(box, 3, 3);
        painter.setPen(palette().color(QPalette::HighlightedText));
        painter.drawText(box, Qt::AlignCenter, text);
    }
}

void RackImageView::mousePressEvent(QMouseEvent *event)
{
    int nearest = -1;
    qreal best = 0;
    const QPointF p = event->position();
    for (qsizetype i = 0; i < m_cells.size(); ++i) {
        const QPointF d = toWidget(m_cells.at(i).reading.position) - p;
        const qreal distance = QPointF::dotProduct(d, d);
        if (nearest < 0 || distance < best) {
            nearest = int(i);
            best = distance;
        }
    }
    if (nearest >= 0)
        emit wellSelected(nearest);
    QWidget::mousePressEvent(event);
}

} // namespace benchside
