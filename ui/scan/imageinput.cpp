// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/imageinput.h"

#include "barcode/imagedecoder.h"

#include <QApplication>
#include <QClipboard>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QImageReader>
#include <QKeyEvent>
#include <QMimeData>
#include <QWidget>
#include <algorithm>

namespace benchside {

ImageInput::ImageInput(QWidget *window) : QObject(window), m_window(window)
{
    // Drops reach only widgets that accept them; the window's own acceptance covers the children.
    m_window->setAcceptDrops(true);
    qApp->installEventFilter(this);
}

bool ImageInput::holdsImage(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (mime->hasImage())
        return true;
    const QList<QUrl> urls = mime->urls();
    return !urls.isEmpty() &&
           std::all_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); });
}

bool ImageInput::ours(QObject *watched) const
{
    auto *widget = qobject_cast<QWidget *>(watched);
    // A dialog open over the window has its own business with the keyboard and the mouse.
    return widget && widget->window() == m_window && !QApplication::activeModalWidget();
}

bool ImageInput::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDropEvent *>(event);
        if (!ours(watched) || !holdsImage(drag->mimeData()))
            return false;
        drag->acceptProposedAction();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!ours(watched) || !holdsImage(drop->mimeData()))
            return false;
        drop->acceptProposedAction();
        take(drop->mimeData(), tr("dropped image"));
        return true;
    }
    case QEvent::ShortcutOverride:
    case QEvent::KeyPress: {
        auto *key = static_cast<QKeyEvent *>(event);
        if (!key->matches(QKeySequence::Paste) || !ours(watched) ||
            !holdsImage(QApplication::clipboard()->mimeData()))
            return false;
        // Claiming the override keeps a text field from pasting the image's file name; the key
        // press that follows is the paste.
        event->accept();
        if (event->type() == QEvent::KeyPress)
            paste();
        return true;
    }
    default:
        return false;
    }
}

void ImageInput::open()
{
    QStringList patterns;
    for (const QByteArray &format : QImageReader::supportedImageFormats())
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Scan from image"), QString(),
                                     tr("Images (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (!path.isEmpty())
        load(path);
}

void ImageInput::paste()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!holdsImage(mime)) {
        emit problem(tr("clipboard"),
                     tr("The clipboard holds no image. Copy a photo of the tube (or the image file) and "
                        "paste again."));
        return;
    }
    take(mime, tr("pasted image"));
}

void ImageInput::load(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    Result<QImage> image = ImageDecoder::load(path);
    if (!image) {
        emit problem(name, image.error());
        return;
    }
    emit imageReceived(image.value(), name);
}

void ImageInput::take(const QMimeData *mime, const QString &source)
{
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (image.isNull())
            emit problem(source, tr("The %1 is empty or in a format Benchside cannot read.").arg(source));
        else
            emit imageReceived(image, source);
        return;
    }
    const QList<QUrl> urls = mime->urls();
    // Several images at once would be several scans in an order nobody chose.
    if (urls.size() != 1) {
        emit problem(source, tr("%n files were given: give one image at a time.", "", int(urls.size())));
        return;
    }
    load(urls.first().toLocalFile());
}

} // namespace benchside
