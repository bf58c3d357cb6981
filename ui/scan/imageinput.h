// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QImage>
#include <QObject>

class QMimeData;
class QWidget;

namespace benchside {

// Images arriving at a window by any route: dropped on it (a file or raw image data), pasted with
// Ctrl+V, or chosen in a file dialog. Each becomes one imageReceived() or one problem() with a message
// a technician can act on; what the image means is for the window to decide.
class ImageInput : public QObject
{
    Q_OBJECT

public:
    // Watches drops and Ctrl+V over every widget of `window`, text fields included: a dropped photo
    // must not become its file name typed into a field.
    explicit ImageInput(QWidget *window);

    void open();
    void paste();
    void load(const QString &path);

signals:
    // source: what to call the image in messages: its file name, or "pasted image".
    void imageReceived(const QImage &image, const QString &source);
    void problem(const QString &source, const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool ours(QObject *watched) const;
    void take(const QMimeData *mime, const QString &source);
    static bool holdsImage(const QMimeData *mime);

    QWidget *m_window;
};

} // namespace benchside
