// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/rackcell.h"

#include <QImage>
#include <QPixmap>
#include <QWidget>

namespace benchside {

// The rack image as it was read, with a marker on every well where the decoder placed it, so a
// technician can check the grid against the picture. Clicking near a well selects it.
class RackImageView : public QWidget
{
    Q_OBJECT

public:
    explicit RackImageView(QWidget *parent = nullptr);

    void setImage(const QImage &image);
    // pitch: distance between well centres in image pixels, which sizes the markers.
    void setCells(const QList<RackCell> &cells, QSizeF pitch);
    void setSelected(int index);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void wellSelected(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QRectF imageRect() const; // where the image is drawn, aspect ratio kept
    QPointF toWidget(QPointF imagePoint) const;

    QImage m_image;
    QPixmap m_scaled; // redrawn on resize only: scaling a 2000 px image on every paint is slow
    QList<RackCell> m_cells;
    QSizeF m_pitch;
    int m_selected = -1;
};

} // namespace benchside
