// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/scanoutcome.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace benchside {

class CameraFeed;
class CameraView;
class ScanFeedbackPanel;

// A camera over the receiving bench: its picture with each code outlined, and under it what the scan
// path made of the last tube, as the Receiving page shows it. Tubes go to the window as the
// scanner's codes do; "Capture rack" asks for a still at full resolution for the Rack page. Without a
// camera the page says so in place of the picture, and nothing else happens.
class CameraPage : public QWidget
{
    Q_OBJECT

public:
    explicit CameraPage(CameraFeed &feed, QWidget *parent = nullptr);

    // What the scan path made of a tube the camera sent (shown by the Receiving page as well).
    void showOutcome(const ScanOutcome &outcome, const QString &specimenTypeName);

signals:
    void startRequested();
    void stopRequested();
    void captureRackRequested();
    void specimenRequested(const QString &accession);
    void accessionRequested(const QString &code);

private:
    void updateState();
    void updateStats();

    CameraFeed &m_feed;
    CameraView *m_view;
    QLabel *m_source;
    QLabel *m_message;
    QLabel *m_stats;
    QPushButton *m_startStop;
    QPushButton *m_captureRack;
    ScanFeedbackPanel *m_panel;
    QTimer m_statsTimer;
};

} // namespace benchside
