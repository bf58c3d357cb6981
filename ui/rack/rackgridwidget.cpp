// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackgridwidget.h"

#include "rack/rackwellstyle.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

namespace benchside {

namespace {
constexpr qreal Gap = 3; // between cells, so neighbouring wells of one colour stay apart
}

RackGridWidget::RackGridWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("rackGrid"));
    setFocusPolicy(Qt::StrongFocus);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void RackGridWidget::setRackLayout(const RackLayout &layout)
{
    m_layout = layout;
    m_cells.clear();
    m_selected = -1;
    update();
}

void RackGridWidget::setCells(const QList<RackCell> &cells)
{
    m_cells = cells;
    if (m_selected >= m_cells.size())
        m_selected = -1;
    update();
}

const RackCell *RackGridWidget::cell(const QString &well) const
{
    for (const RackCell &c : m_cells)
        if (c.reading.well == well)
            return &c;
    return nullptr;
}

void RackGridWidget::select(int index)
{
    if (index < 0 || index >= m_cells.size() || index == m_selected)
        return;
    m_selected = index;
    update();
    emit wellSelected(index);
}

QSize RackGridWidget::sizeHint() const
{
    return {64 * m_layout.cols + 40, 56 * m_layout.rows + 30};
}

QSize RackGridWidget::minimumSizeHint() const
{
    return {28 * m_layout.cols + 30, 24 * m_layout.rows + 24};
}

RackGridWidget::Geometry RackGridWidget::geometry() const
{
    Geometry g;
    g.header = fontMetrics().height() * 1.6;
    const QRectF area = QRectF(rect()).adjusted(g.header, g.header, -2, -2);
    g.cell = QSizeF(area.width() / qMax(1, m_layout.cols), area.height() / qMax(1, m_layout.rows));
    g.grid = QRectF(area.topLeft(), QSizeF(g.cell.width() * m_layout.cols, g.cell.height() * m_layout.rows));
    return g;
}

QRect RackGridWidget::cellRect(int index) const
{
    const Geometry g = geometry();
    const int row = index / qMax(1, m_layout.cols);
    const int col = index % qMax(1, m_layout.cols);
    return QRectF(g.grid.left() + col * g.cell.width(), g.grid.top() + row * g.cell.height(), g.cell.width(),
                  g.cell.height())
        .adjusted(Gap / 2, Gap / 2, -Gap / 2, -Gap / 2)
        .toRect();
}

int RackGridWidget::wellAt(const QPoint &point) const
{
    const Geometry g = geometry();
    if (!g.grid.contains(point) || m_cells.isEmpty())
        return -1;
    const int col = int((point.x() - g.grid.left()) / g.cell.width());
    const int row = int((point.y() - g.grid.top()) / g.cell.height());
    const int index = row * m_layout.cols + col;
    return index < m_cells.size() ? index : -1;
}

void RackGridWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Geometry g = geometry();

    QFont headerFont = font();
    headerFont.setBold(true);
    painter.setFont(headerFont);
    painter.setPen(palette().color(QPalette::WindowText));
    for (int col = 0; col < m_layout.cols; ++col)
        painter.drawText(QRectF(g.grid.left() + col * g.cell.width(), 0, g.cell.width(), g.header),
                         Qt::AlignCenter, QString::number(col + 1));
    for (int row = 0; row < m_layout.rows; ++row)
        painter.drawText(QRectF(0, g.grid.top() + row * g.cell.height(), g.header, g.cell.height()),
                         Qt::AlignCenter, QString(QChar(u'A' + row)));

    for (int i = 0; i < m_layout.wellCount(); ++i)
        paintCell(painter, cellRect(i), i);
}

void RackGridWidget::paintCell(QPainter &painter, const QRectF &rect, int index) const
{
    if (index >= m_cells.size()) {
        // No reading yet: the rack's outline, so its shape shows before an image is loaded.
        painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(rect, 4, 4);
        return;
    }
    const RackCell &cell = m_cells.at(index);
    const RackWellStyle style = RackWellStyle::of(cell);
    painter.setPen(Qt::NoPen);
    painter.setBrush(style.background);
    painter.drawRoundedRect(rect, 4, 4);
    // A known tube that was not recorded is the one a technician must not miss: it gets a frame.
    if (!cell.outcome.isEmpty() && !cell.recorded && cell.kind == RackCell::Kind::Known) {
        painter.setPen(QPen(QColor(0xb7, 0x1c, 0x1c), 3, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), 4, 4);
    }

    painter.setPen(style.foreground);
    QFont small = font();
    small.setPointSizeF(qBound(6.0, rect.height() / 6.5, font().pointSizeF()));
    painter.setFont(small);
    const QRectF inner = rect.adjusted(2, 1, -2, -1);
    painter.setFont(small);
    painter.drawText(inner, Qt::AlignLeft | Qt::AlignTop, cell.reading.well);
    // The word is what tells the states apart without colour: shrink it to fit before eliding it
    // (with room to spare, as point sizes round to whole pixels).
    QFont word = small;
    const qreal wordWidth = QFontMetricsF(word).horizontalAdvance(style.label);
    if (wordWidth > inner.width())
        word.setPointSizeF(qMax(5.5, word.pointSizeF() * inner.width() / wordWidth * 0.9));
    painter.setFont(word);
    painter.drawText(inner, Qt::AlignHCenter | Qt::AlignBottom,
                     QFontMetricsF(word).elidedText(style.label, Qt::ElideRight, inner.width()));

    QFont big = font();
    big.setBold(true);
    big.setPointSizeF(qMax(7.0, rect.height() / 4.2));
    painter.setFont(big);
    painter.drawText(rect, Qt::AlignCenter, style.symbol);

    if (index == m_selected) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 4));
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 5, 5);
    }
}

void RackGridWidget::mousePressEvent(QMouseEvent *event)
{
    const int index = wellAt(event->position().toPoint());
    if (index >= 0)
        select(index);
    QWidget::mousePressEvent(event);
}

void RackGridWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int index = wellAt(event->position().toPoint());
    if (index >= 0)
        emit wellActivated(index);
}

void RackGridWidget::keyPressEvent(QKeyEvent *event)
{
    if (m_cells.isEmpty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const int current = qMax(0, m_selected);
    int row = current / m_layout.cols;
    int col = current % m_layout.cols;
    switch (event->key()) {
    case Qt::Key_Left:
        col = qMax(0, col - 1);
        break;
    case Qt::Key_Right:
        col = qMin(m_layout.cols - 1, col + 1);
        break;
    case Qt::Key_Up:
        row = qMax(0, row - 1);
        break;
    case Qt::Key_Down:
        row = qMin(m_layout.rows - 1, row + 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_selected >= 0)
            emit wellActivated(m_selected);
        return;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    select(row * m_layout.cols + col);
}

} // namespace benchside
