// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/scanoutcome.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QHBoxLayout;
class QPushButton;
class QTableView;

namespace benchside {

class CameraFeed;
class CameraView;
class Lab;
class ScanFeedbackPanel;
class ScanLogModel;

// Where tubes arrive: every scan is received through the one scan path and answered at once with a
// colour, a sound and the specimen's summary; the session's scans stay listed below.
class ReceivingPage : public QWidget
{
    Q_OBJECT

public:
    explicit ReceivingPage(Lab &lab, QWidget *parent = nullptr);

    void setActor(const QString &actor);
    // A scanned or typed code: records a receipt, or explains why none was recorded.
    void receive(const QString &code);
    // The scanner sent a burst without its suffix; nothing can be received from half a code.
    void showIncompleteScan(const QString &code);
    // A scan not used because a dialog was open: in the log and the panel, so that it is still there
    // to see when the dialog closes. The dialog itself beeps and says so at the time (ScanRefusal).
    void showRefusedScan(const QString &code);
    // An image gave no code (unreadable file, no code, several codes): said in the feedback panel.
    void showImageProblem(const QString &source, const QString &message);

    // The camera option: a button that shows the camera's picture beside the panel.
    void setCameraFeed(CameraFeed &feed);
    bool cameraOn() const;

signals:
    void accessionRequested(const QString &code);
    // Every outcome, as shown: the Camera page shows the same.
    void outcomeShown(const benchside::ScanOutcome &outcome, const QString &specimenTypeName);
    void cameraToggled(bool on);
    void specimenRequested(const QString &accession);

private:
    void show(const ScanOutcome &outcome);
    void sound(bool warning);

    Lab &m_lab;
    QString m_actor;
    QHash<QString, QString> m_typeNames; // specimen type code -> catalogue name
    ScanLogModel *m_log;
    ScanFeedbackPanel *m_panel;
    QLineEdit *m_entry;
    QLabel *m_count;
    QTableView *m_table;
    QHBoxLayout *m_panelRow;
    QHBoxLayout *m_entryRow;
    QPushButton *m_cameraButton = nullptr;
    CameraView *m_cameraView = nullptr;
    QTimer m_beeps;
    int m_beepsLeft = 0;
};

} // namespace benchside
