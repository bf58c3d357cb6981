// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/rackcell.h"

#include <QWidget>

namespace benchside {

// The rack drawn as it sits on the bench: one cell per well, row letters down the side and column
// numbers across the top, each cell with its colour, symbol and word. Click a well to select it;
// arrow keys move the selection, Enter or a double click opens the well's specimen.
class RackGridWidget : public QWidget
{
    Q_OBJECT

public:
    explicit RackGridWidget(QWidget *parent = nullptr);

    // An empty rack of this shape until cells arrive.
    void setRackLayout(const RackLayout &layout);
    void setCells(const QList<RackCell> &cells);
    const QList<RackCell> &cells() const { return m_cells; }
    const RackCell *cell(const QString &well) const;

    int selected() const { return m_selected; }
    void select(int index);
    QRect cellRect(int index) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void wellSelected(int index);
    void wellActivated(int index);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct Geometry
    {
        QRectF grid; // the wells, without the headers
        QSizeF cell;
        qreal header; // width of the row letters, height of the column numbers
    };
    Geometry geometry() const;
    int wellAt(const QPoint &point) const;
    void paintCell(QPainter &painter, const QRectF &rect, int index) const;

    RackLayout m_layout;
    QList<RackCell> m_cells;
    int m_selected = -1;
};

} // namespace benchside
