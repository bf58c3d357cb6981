// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demorack.h"

#include "accession/accessionnumber.h"
#include "demo/rackpicture.h"

#include <QCoreApplication>
#include <QPainter>
#include <QSqlError>
#include <QSqlQuery>
#include <QTransform>

namespace benchside {

Result<QImage> DemoRack::picture(const QSqlDatabase &db, const RackLayout &layout)
{
    const int wells = layout.wellCount();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT accession FROM specimens WHERE status = 'accessioned' AND parent = '' "
                             "ORDER BY accession LIMIT ?"));
    q.addBindValue(wells);
    if (!q.exec())
        return Result<QImage>::failure(
            tr("The tubes waiting for receipt could not be read: %1").arg(q.lastError().text()));
    QStringList waiting;
    while (q.next())
        waiting << q.value(0).toString();
    if (waiting.isEmpty())
        return Result<QImage>::failure(
            tr("No demo tube is waiting for receipt. Start again with a new demo database to get some."));

    RackPicture::Spec spec;
    spec.rows = layout.rows;
    spec.cols = layout.cols;
    spec.size = QSize(qMax(400, layout.cols * 160), qMax(300, layout.rows * 170));
    spec.fill = 0.85;
    spec.tubeJitterDegrees = 3;
    // Every seventh well empty, one stranger's tube, the rest the waiting tubes in order.
    int next = 0;
    for (int i = 0; i < wells; ++i) {
        RackPicture::Well w;
        if (i == wells / 2) {
            w.text = AccessionNumber::compose(QStringLiteral("EXT"), 26, 4711);
        } else if (i % 7 == 3 || next >= waiting.size()) {
            w.content = RackPicture::Well::Content::Empty;
        } else {
            w.text = waiting.at(next++);
        }
        spec.wells.append(w);
    }
    const QImage upright = RackPicture::draw(spec);
    QImage image(upright.size(), QImage::Format_Grayscale8);
    image.fill(upright.pixelColor(0, 0));
    QPainter p(&image);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.setTransform(QTransform::fromTranslate(-image.width() / 2.0, -image.height() / 2.0) *
                   QTransform().rotate(3) *
                   QTransform::fromTranslate(image.width() / 2.0, image.height() / 2.0));
    p.drawImage(0, 0, upright);
    return image;
}

} // namespace benchside
