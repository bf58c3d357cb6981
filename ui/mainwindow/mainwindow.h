// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <memory>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;
class QToolButton;

namespace benchside {

class Lab;
class ReceivingPage;
class SerialScanner;
class Settings;
class SpecimenPage;
class RackPage;
class ImageInput;
class WorklistPage;
class VerificationPage;
class OverviewPage;
class QcPage;
class AuditPage;
class InterfacesPage;
class Hl7Service;
class InstrumentsPage;
class AnalyzerHost;
class CameraFeed;
class CameraPage;
class AnalyzerStatusIndicator;
class IdleWatcher;
class LockScreen;
class SignInService;
class UserService;
class SyncRunner;
class WedgeFilter;
class SyncStatusIndicator;
struct SyncOutcome;

// Wires the pages together: navigation, shortcuts, the status bar and the scanner. What a scan
// means is decided by the page it lands on and, below that, by the one scan path in models/.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Page {
        Receiving,
        Specimen,
        Rack,
        Worklist,
        Verification,
        Overview,
        Qc,
        Audit,
        Interfaces,
        Instruments,
        Camera
    };

    MainWindow(Lab &lab, Settings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The signed-in user, whom every event recorded from this window is for. Until someone signs
    // in it is the station's own account; main() locks the window before showing it.
    QString actor() const { return m_user.name; }
    const User &user() const { return m_user; }
    // Covers the window with the sign-in form; the work underneath stays as it is (Ctrl+L, idle).
    void lock();
    bool isLocked() const;
    // Unlocks without a password: only for the demo and the self-check, whose users are not real.
    void startSignedIn(const User &user);
    void showPage(Page page);
    // The background sync this window shows and controls (Station menu, status bar).
    void setSyncRunner(SyncRunner *runner);
    // The HL7 listener and sender this window shows and controls (Interfaces page).
    void setHl7Service(Hl7Service *service);
    // The analyzer lines this window shows and controls (Instruments page, status bar).
    void setAnalyzerHost(AnalyzerHost *host);
    // A video file plays in place of the camera, over and over (the demo; --camera-file).
    void setCameraVideoFile(const QString &path, bool loop = true);

private:
    void createActions();
    void createStatusBar();
    void onScanned(const QString &code);
    void refuseScan(QWidget *dialog, const QString &code);
    void onImage(const QImage &image, const QString &source);
    void onImageProblem(const QString &source, const QString &message);
    void onIncompleteScan(const QString &code);
    static bool focusIsMultiLine();
    bool givenBackAsTyping(const QString &code);
    void startSerialScanner(const Settings &settings);
    void showSerialState(bool connected);
    void onSerialProblem(const QString &message);
    void lookUp(const QString &code);
    void findSpecimen();
    void newAccession(const QString &barcode);
    void openSpecimen(const QString &accession);
    void setUser(const User &user);
    void onSignedIn(const User &user);
    void onSyncFinished(const SyncOutcome &outcome);
    void editSyncSettings();
    void editSettings();
    void refreshCurrentPage();
    // The camera runs while a page that shows it is on screen and the station is not locked.
    void updateCamera(bool retry = false);
    void onCameraTube(const QString &code);
    void onStillCaptured(const QImage &image);

    Lab &m_lab;
    Settings &m_settings;
    WedgeFilter *m_wedge = nullptr;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    ReceivingPage *m_receiving;
    SpecimenPage *m_specimen;
    RackPage *m_rack;
    WorklistPage *m_worklist;
    VerificationPage *m_verification;
    OverviewPage *m_overview;
    QcPage *m_qc;
    AuditPage *m_audit;
    InterfacesPage *m_interfaces;
    InstrumentsPage *m_instruments;
    CameraFeed *m_cameraFeed;
    CameraPage *m_camera;
    bool m_cameraStoppedByUser = false; // Stop on the Camera page holds until Start
    ImageInput *m_images = nullptr;
    QLabel *m_userLabel = nullptr;
    // Shown while results wait in the HL7 outbox as refused: whatever page is open, someone must act.
    QToolButton *m_deadLetters = nullptr;
    User m_user;
    bool m_signedIn = false;
    std::unique_ptr<SignInService> m_signIn;
    std::unique_ptr<UserService> m_users;
    LockScreen *m_lockScreen = nullptr;
    IdleWatcher *m_idle = nullptr;
    bool m_lockPending = false; // idle while a dialog was open: locks when it closes
    QHash<QAction *, bool> m_enabledBeforeLock;
    QPointer<QWidget> m_focusBeforeLock;
    QAction *m_settingsAction = nullptr;
    SerialScanner *m_serial = nullptr; // only when a serial port is set
    QLabel *m_serialLabel = nullptr;
    SyncRunner *m_sync = nullptr;
    SyncStatusIndicator *m_syncStatus = nullptr;
    AnalyzerStatusIndicator *m_analyzerStatus = nullptr;
    QAction *m_analyzersAction = nullptr;
    QAction *m_autoverifyAction = nullptr;
    QAction *m_syncNow = nullptr;
    QAction *m_syncSettings = nullptr;
};

} // namespace benchside
