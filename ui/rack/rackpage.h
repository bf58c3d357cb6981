// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rack/rackcell.h"
#include "rack/rackservice.h"

#include <QFutureWatcher>
#include <QImage>
#include <QThreadPool>
#include <QWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace benchside {

class Lab;
class RackGridWidget;
class RackImageView;
class RackWellTable;

// A whole rack from one image: the image is decoded off the GUI thread, each well shown with what
// it holds and whether the station knows it, and the rack received or stored in one transaction.
class RackPage : public QWidget
{
    Q_OBJECT

public:
    explicit RackPage(Lab &lab, QWidget *parent = nullptr);

    void setActor(const QString &actor);
    // source: what to call the image in messages (a file name, "pasted image").
    void loadImage(const QImage &image, const QString &source);
    // An image that could not even be loaded: said plainly, and the previous rack is cleared.
    void showProblem(const QString &message);
    // On the demo station: a drawn rack of the demo's waiting tubes.
    void loadDemoRack();
    void receiveAll();
    void storeAtLocation();
    bool isDecoding() const { return m_watcher.isRunning(); }

signals:
    void openImageRequested();
    void captureRequested(); // a still from the station's camera
    void decodeFinished(bool ok);
    void specimenRequested(const QString &accession);

private:
    struct Decoding
    {
        std::optional<RackReading> reading;
        QString error;
        qint64 ms = 0;
    };

    void decode();
    void onDecoded();
    Result<QList<RackCell>> cellsFor(const RackReading &reading);
    void record(bool store);
    void showCells(const QList<RackCell> &cells);
    void showWell(int index);
    void showMessage(const QString &text, bool problem);
    void warn(const QString &message);
    void updateButtons();

    Lab &m_lab;
    QString m_actor;
    QImage m_image;
    QString m_source;
    std::optional<RackReading> m_reading;
    // Decodes run one at a time in a pool of their own: RackDecoder spreads each image over the
    // global pool and waits for it, so a decode running in a global-pool thread could starve it
    // (and QImage's own conversions with it) and hang the window.
    QThreadPool m_pool;
    QFutureWatcher<Decoding> m_watcher;

    QSpinBox *m_rows;
    QSpinBox *m_cols;
    QLabel *m_status;
    QLabel *m_message;
    RackImageView *m_imageView;
    RackGridWidget *m_grid;
    QLabel *m_counts;
    QLabel *m_details;
    RackWellTable *m_table;
    QPushButton *m_receive;
    QPushButton *m_store;
    QLineEdit *m_location;
};

} // namespace benchside
