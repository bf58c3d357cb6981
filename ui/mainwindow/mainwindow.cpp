// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow/mainwindow.h"

#include "about/aboutdialog.h"
#include "accession/accessiondialog.h"
#include "accession/accessionnumber.h"
#include "audit/auditpage.h"
#include "auth/idlewatcher.h"
#include "auth/lockscreen.h"
#include "auth/signinservice.h"
#include "auth/userservice.h"
#include "autoverify/autoverifydialog.h"
#include "barcode/imagescan.h"
#include "camera/camerafeed.h"
#include "camera/camerapage.h"
#include "demo/demoseeder.h"
#include "hl7/hl7service.h"
#include "instruments/analyzerstatusindicator.h"
#include "instruments/instrumentspage.h"
#include "interfaces/interfacespage.h"
#include "lab/lab.h"
#include "overview/overviewpage.h"
#include "qc/qcpage.h"
#include "rack/rackpage.h"
#include "receiving/receivingpage.h"
#include "scan/imageinput.h"
#include "scan/scanrefusal.h"
#include "scan/serialscanner.h"
#include "scan/wedgefilter.h"
#include "settings/settings.h"
#include "settings/settingsdialog.h"
#include "specimen/specimenpage.h"
#include "sync/syncrunner.h"
#include "sync/syncsettingsdialog.h"
#include "sync/syncstatusindicator.h"
#include "users/usersdialog.h"
#include "verification/verificationpage.h"
#include "worklist/worklistpage.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTextEdit>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace benchside {

namespace {
constexpr int StatusMessageMs = 10'000;
}

MainWindow::MainWindow(Lab &lab, Settings &settings, QWidget *parent)
    : QMainWindow(parent), m_lab(lab), m_settings(settings)
{
    setObjectName(QStringLiteral("mainWindow"));
    const Station &station = m_lab.station();
    setWindowTitle(station.isDemo ? tr("Benchside — DEMO — station %1").arg(station.id)
                                  : tr("Benchside — station %1 (%2)").arg(station.id, station.site));
    m_lab.scanner().setDuplicateWindowMs(settings.duplicateWindowMs());

    m_receiving = new ReceivingPage(m_lab, this);
    m_specimen = new SpecimenPage(m_lab, this);
    m_specimen->setObjectName(QStringLiteral("specimenPage"));

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addWidget(m_receiving);
    m_pages->addWidget(m_specimen);
    m_rack = new RackPage(m_lab, this);
    m_pages->addWidget(m_rack);
    m_worklist = new WorklistPage(m_lab, this);
    m_pages->addWidget(m_worklist);
    m_verification = new VerificationPage(m_lab, this);
    m_pages->addWidget(m_verification);
    m_overview = new OverviewPage(m_lab, this);
    m_pages->addWidget(m_overview);
    m_qc = new QcPage(m_lab, this);
    m_pages->addWidget(m_qc);
    m_audit = new AuditPage(m_lab, this);
    m_pages->addWidget(m_audit);
    m_interfaces = new InterfacesPage(m_lab, m_settings, this);
    m_pages->addWidget(m_interfaces);
    m_instruments = new InstrumentsPage(m_lab, this);
    m_pages->addWidget(m_instruments);
    m_cameraFeed = new CameraFeed(this);
    m_cameraFeed->setCamera(settings.value(Settings::Key::CameraDevice).toString());
    m_camera = new CameraPage(*m_cameraFeed, this);
    m_pages->addWidget(m_camera);
    m_receiving->setCameraFeed(*m_cameraFeed);
    m_images = new ImageInput(this);

    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->addItem(tr("Receiving"));
    m_navigation->addItem(tr("Specimen"));
    m_navigation->addItem(tr("Rack"));
    m_navigation->addItem(tr("Worklist"));
    m_navigation->addItem(tr("Verification"));
    m_navigation->addItem(tr("Overview"));
    m_navigation->addItem(tr("QC"));
    m_navigation->addItem(tr("Audit"));
    m_navigation->addItem(tr("Interfaces"));
    m_navigation->addItem(tr("Instruments"));
    m_navigation->addItem(tr("Camera"));
    QFont navFont = m_navigation->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.3);
    m_navigation->setFont(navFont);
    m_navigation->setSpacing(4);
    m_navigation->setFixedWidth(m_navigation->fontMetrics().horizontalAdvance(tr("Verification")) * 2);
    // Arrow keys in the list would otherwise change the page under a technician's hands.
    m_navigation->setFocusPolicy(Qt::NoFocus);
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        m_pages->setCurrentIndex(row);
        // Receipts recorded meanwhile on the Receiving page must show on the specimen on display.
        if (m_pages->currentWidget() == m_specimen)
            m_specimen->refresh();
        m_pages->currentWidget()->setFocus();
        m_cameraStoppedByUser = false;
        updateCamera(true);
    });

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    body->addWidget(m_navigation);
    body->addWidget(m_pages, 1);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    if (station.isDemo) {
        auto *band = new QLabel(tr("DEMO DATABASE — training data, not for patient care"), central);
        band->setObjectName(QStringLiteral("demoBand"));
        band->setAlignment(Qt::AlignCenter);
        QFont f = band->font();
        f.setPointSizeF(f.pointSizeF() * 1.4);
        f.setBold(true);
        band->setFont(f);
        band->setStyleSheet(QStringLiteral("QLabel { background: #c62828; color: white; padding: 8px; }"));
        layout->addWidget(band);
    }
    layout->addLayout(body, 1);
    setCentralWidget(central);

    createActions();
    createStatusBar();

    connect(m_receiving, &ReceivingPage::accessionRequested, this, &MainWindow::newAccession);
    connect(m_receiving, &ReceivingPage::specimenRequested, this, &MainWindow::openSpecimen);
    connect(m_specimen, &SpecimenPage::accessionRequested, this, &MainWindow::newAccession);
    connect(m_rack, &RackPage::specimenRequested, this, &MainWindow::openSpecimen);
    connect(m_rack, &RackPage::openImageRequested, m_images, &ImageInput::open);
    connect(m_rack, &RackPage::captureRequested, m_cameraFeed, [this] {
        // The Rack page does not run the camera: it starts for the picture and stops after it.
        if (!m_cameraFeed->isRunning()) {
            if (Status started = m_cameraFeed->start(); !started) {
                m_rack->showProblem(started.error());
                return;
            }
        }
        m_cameraFeed->captureStill();
    });
    connect(m_camera, &CameraPage::captureRackRequested, m_cameraFeed, &CameraFeed::captureStill);
    connect(m_camera, &CameraPage::startRequested, this, [this] {
        m_cameraStoppedByUser = false;
        m_cameraFeed->start();
    });
    connect(m_camera, &CameraPage::stopRequested, this, [this] {
        m_cameraStoppedByUser = true;
        m_cameraFeed->stop();
    });
    connect(m_camera, &CameraPage::specimenRequested, this, &MainWindow::openSpecimen);
    connect(m_camera, &CameraPage::accessionRequested, this, &MainWindow::newAccession);
    connect(m_receiving, &ReceivingPage::outcomeShown, m_camera, &CameraPage::showOutcome);
    connect(m_receiving, &ReceivingPage::cameraToggled, this, [this] {
        m_cameraStoppedByUser = false;
        updateCamera();
    });
    connect(&m_cameraFeed->pipeline(), &FramePipeline::tubeRead, this, &MainWindow::onCameraTube);
    connect(m_cameraFeed, &CameraFeed::stillCaptured, this, &MainWindow::onStillCaptured);
    connect(m_cameraFeed, &CameraFeed::stillFailed, this, [this](const QString &message) {
        updateCamera(); // started for the picture only: stopped again
        if (m_pages->currentWidget() == m_rack)
            m_rack->showProblem(message);
        else
            statusBar()->showMessage(message, StatusMessageMs);
    });
    connect(m_images, &ImageInput::imageReceived, this, &MainWindow::onImage);
    connect(m_images, &ImageInput::problem, this, &MainWindow::onImageProblem);
    connect(m_specimen, &SpecimenPage::specimenChanged, this, [this](const QString &accession) {
        statusBar()->showMessage(tr("Custody step recorded for %1.").arg(accession), StatusMessageMs);
    });

    // A child of the window, so it leaves the application's event filters when the window goes.
    m_wedge = new WedgeFilter(this);
    m_wedge->setSettings(settings.wedgeSettings());
    qApp->installEventFilter(m_wedge);
    connect(m_wedge, &WedgeFilter::scanned, this, &MainWindow::onScanned);
    connect(m_wedge, &WedgeFilter::incompleteScan, this, &MainWindow::onIncompleteScan);
    startSerialScanner(settings);

    m_signIn = std::make_unique<SignInService>(m_lab.store(), m_lab.catalog());
    m_users = std::make_unique<UserService>(m_lab.store(), m_lab.catalog());
    m_lockScreen = new LockScreen(*m_signIn, *m_users, this);
    if (station.isDemo)
        m_lockScreen->setHint(DemoSeeder::signInHint());
    connect(m_lockScreen, &LockScreen::signedIn, this, &MainWindow::onSignedIn);
    m_idle = new IdleWatcher(this);
    m_idle->setTimeout(settings.idleLockMs());
    qApp->installEventFilter(m_idle);
    connect(m_idle, &IdleWatcher::idle, this, [this] {
        // A dialog open on top would stay above the lock screen; the lock waits until it closes.
        if (QApplication::activeModalWidget())
            m_idle->retry();
        else
            lock();
    });

    showPage(Page::Receiving);
    resize(1280, 860);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    const auto add = [this](const QString &text, const char *name, const QKeySequence &key, auto slot) {
        auto *action = new QAction(text, this);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(key);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(QString(text).remove(QLatin1Char('&')),
                                                         key.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    QAction *accession = add(tr("&New accession…"), "newAccessionAction", QKeySequence::New,
                             [this] { newAccession(QString()); });
    QAction *find =
        add(tr("&Find specimen…"), "findSpecimenAction", QKeySequence::Find, [this] { findSpecimen(); });
    QAction *receiving =
        add(tr("&Receiving"), "receivingAction", Qt::Key_F2, [this] { showPage(Page::Receiving); });
    QAction *specimen =
        add(tr("&Specimen"), "specimenAction", Qt::Key_F3, [this] { showPage(Page::Specimen); });
    QAction *rack = add(tr("R&ack"), "rackAction", Qt::Key_F4, [this] { showPage(Page::Rack); });
    QAction *worklist =
        add(tr("&Worklist"), "worklistAction", Qt::Key_F5, [this] { showPage(Page::Worklist); });
    QAction *verification =
        add(tr("&Verification"), "verificationAction", Qt::Key_F6, [this] { showPage(Page::Verification); });
    QAction *overview =
        add(tr("&Overview"), "overviewAction", Qt::Key_F7, [this] { showPage(Page::Overview); });
    QAction *qc = add(tr("&QC"), "qcAction", Qt::Key_F8, [this] { showPage(Page::Qc); });
    QAction *audit =
        add(tr("A&udit"), "auditAction", Qt::CTRL | Qt::Key_J, [this] { showPage(Page::Audit); });
    QAction *interfaces = add(tr("I&nterfaces"), "interfacesAction", Qt::CTRL | Qt::Key_H,
                              [this] { showPage(Page::Interfaces); });
    QAction *instruments = add(tr("Instru&ments"), "instrumentsAction", Qt::CTRL | Qt::Key_K,
                               [this] { showPage(Page::Instruments); });
    QAction *camera =
        add(tr("Ca&mera"), "cameraAction", Qt::CTRL | Qt::Key_M, [this] { showPage(Page::Camera); });
    QAction *scanImage =
        add(tr("Scan from &image…"), "scanImageAction", Qt::CTRL | Qt::Key_I, [this] { m_images->open(); });
    // Ctrl+V with an image on the clipboard is taken by ImageInput even inside text fields; this is
    // the same paste from the menu, and the shortcut where no text field has the focus.
    QAction *pasteImage =
        add(tr("&Paste image"), "pasteImageAction", QKeySequence::Paste, [this] { m_images->paste(); });
    QAction *quit = add(tr("&Quit"), "quitAction", QKeySequence::Quit, [this] { close(); });
    m_syncNow = add(tr("Sync &now"), "syncNowAction", Qt::Key_F9, [this] {
        if (m_sync)
            m_sync->syncNow();
    });
    m_syncSettings =
        add(tr("Sync &settings…"), "syncSettingsAction", QKeySequence(), [this] { editSyncSettings(); });
    // Ctrl+, as README says: QKeySequence::Preferences has no key on Linux desktops but KDE's.
    m_settingsAction = add(tr("Se&ttings…"), "settingsAction", QKeySequence(Qt::CTRL | Qt::Key_Comma),
                           [this] { editSettings(); });
    m_analyzersAction =
        add(tr("&Analyzers…"), "analyzersAction", QKeySequence(), [this] { m_instruments->editAnalyzers(); });
    m_autoverifyAction = add(tr("Auto&verification rules…"), "autoverifyAction", QKeySequence(), [this] {
        AutoverifyDialog dialog(m_lab, actor(), this);
        if (dialog.exec() == QDialog::Accepted)
            statusBar()->showMessage(dialog.saved().describe(), StatusMessageMs);
    });
    QAction *lockAction = add(tr("&Lock"), "lockAction", Qt::CTRL | Qt::Key_L, [this] { lock(); });
    QAction *usersAction = add(tr("&Users and passwords…"), "usersAction", QKeySequence(), [this] {
        UsersDialog dialog(m_lab, *m_users, m_user, this);
        dialog.exec();
    });
    QAction *about = add(tr("&About Benchside"), "aboutAction", QKeySequence(), [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt =
        add(tr("About &Qt"), "aboutQtAction", QKeySequence(), [this] { QMessageBox::aboutQt(this); });
    aboutQt->setMenuRole(QAction::AboutQtRole);
    m_syncNow->setEnabled(false);
    m_syncSettings->setEnabled(false);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(accession);
    fileMenu->addAction(find);
    fileMenu->addSeparator();
    fileMenu->addAction(scanImage);
    fileMenu->addAction(pasteImage);
    fileMenu->addSeparator();
    fileMenu->addAction(quit);
    QMenu *goMenu = menuBar()->addMenu(tr("&Go"));
    goMenu->addAction(receiving);
    goMenu->addAction(specimen);
    goMenu->addAction(rack);
    goMenu->addAction(worklist);
    goMenu->addAction(verification);
    goMenu->addAction(overview);
    goMenu->addAction(qc);
    goMenu->addAction(audit);
    goMenu->addAction(interfaces);
    goMenu->addAction(instruments);
    goMenu->addAction(camera);
    QMenu *stationMenu = menuBar()->addMenu(tr("&Station"));
    stationMenu->addAction(m_syncNow);
    stationMenu->addAction(m_syncSettings);
    stationMenu->addSeparator();
    stationMenu->addAction(m_settingsAction);
    stationMenu->addAction(m_analyzersAction);
    stationMenu->addAction(m_autoverifyAction);
    stationMenu->addSeparator();
    stationMenu->addAction(usersAction);
    stationMenu->addAction(lockAction);
    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(about);
    helpMenu->addAction(aboutQt);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addAction(accession);
    toolBar->addAction(find);
    toolBar->addSeparator();
    toolBar->addAction(receiving);
    toolBar->addAction(specimen);
    toolBar->addAction(rack);
    toolBar->addAction(worklist);
    toolBar->addAction(verification);
    toolBar->addAction(overview);
    toolBar->addAction(qc);
    toolBar->addAction(audit);
    toolBar->addAction(interfaces);
    toolBar->addAction(instruments);
    toolBar->addAction(camera);
    toolBar->addSeparator();
    toolBar->addAction(scanImage);
}

void MainWindow::createStatusBar()
{
    const Station &station = m_lab.station();
    auto *stationLabel = new QLabel(tr("Station %1 · site %2").arg(station.id, station.site), this);
    stationLabel->setObjectName(QStringLiteral("stationLabel"));
    // The file name only: the full path would crowd out the status messages; it is in the tooltip.
    const QString path = QDir::toNativeSeparators(m_lab.database().path());
    auto *databaseLabel = new QLabel(tr("Database: %1").arg(QFileInfo(path).fileName()), this);
    databaseLabel->setObjectName(QStringLiteral("databaseLabel"));
    databaseLabel->setToolTip(path);

    m_userLabel = new QLabel(this);
    m_userLabel->setObjectName(QStringLiteral("userLabel"));
    // Until someone signs in (main() locks the window first): the station's own account, whose role
    // Permissions knows even before the catalogue has people.
    setUser(m_lab.catalog()
                .user(station.defaultActor)
                .value_or(User{station.defaultActor, station.defaultActor,
                               m_lab.permissions().role(station.defaultActor)}));
    m_syncStatus = new SyncStatusIndicator(this);
    connect(m_syncStatus, &SyncStatusIndicator::problemAppeared, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Sync: %1").arg(message), 3 * StatusMessageMs);
    });
    connect(m_syncStatus, &SyncStatusIndicator::problemCleared, this,
            [this] { statusBar()->showMessage(tr("Sync is working again."), StatusMessageMs); });
    m_analyzerStatus = new AnalyzerStatusIndicator(this);
    m_deadLetters = new QToolButton(this);
    m_deadLetters->setObjectName(QStringLiteral("deadLettersButton"));
    m_deadLetters->setAutoRaise(true);
    m_deadLetters->setStyleSheet(QStringLiteral("QToolButton { color: #b00020; font-weight: bold; }"));
    m_deadLetters->hide();
    connect(m_deadLetters, &QToolButton::clicked, this, [this] { showPage(Page::Interfaces); });
    connect(m_interfaces, &InterfacesPage::deadLettersChanged, this, [this](int count, const QString &error) {
        if (count < 0) {
            m_deadLetters->setText(tr("HL7 outbox unreadable"));
            m_deadLetters->setToolTip(error);
        } else {
            m_deadLetters->setText(tr("HL7: %n result(s) refused", nullptr, count));
            m_deadLetters->setToolTip(tr("The receiving system refused these results, and that patient's "
                                         "later results wait behind them. Open Interfaces to resend or "
                                         "discard them."));
        }
        m_deadLetters->setVisible(count != 0);
    });
    statusBar()->addPermanentWidget(m_deadLetters);
    statusBar()->addPermanentWidget(m_analyzerStatus);
    statusBar()->addPermanentWidget(m_syncStatus);
    statusBar()->addPermanentWidget(stationLabel);
    statusBar()->addPermanentWidget(databaseLabel);
    statusBar()->addPermanentWidget(m_userLabel);
}

void MainWindow::setSyncRunner(SyncRunner *runner)
{
    m_sync = runner;
    m_syncNow->setEnabled(runner && runner->configured());
    m_syncSettings->setEnabled(runner && m_settingsAction->isEnabled());
    if (!runner)
        return;
    connect(runner, &SyncRunner::roundStarted, m_syncStatus, &SyncStatusIndicator::showSyncing);
    connect(runner, &SyncRunner::roundFinished, this, &MainWindow::onSyncFinished);
}

void MainWindow::setHl7Service(Hl7Service *service)
{
    m_interfaces->setService(service);
    if (!service)
        return;
    // Whatever page is on screen: orders from the hospital system are not coming in.
    connect(service, &Hl7Service::stateChanged, this, [this](Hl7Service::State state, const QString &detail) {
        if (state == Hl7Service::State::Failed)
            statusBar()->showMessage(tr("HL7 listener not running: %1").arg(detail), 3 * StatusMessageMs);
    });
}

void MainWindow::setAnalyzerHost(AnalyzerHost *host)
{
    m_instruments->setHost(host);
    m_analyzerStatus->setHost(host);
}

void MainWindow::onSyncFinished(const SyncOutcome &outcome)
{
    m_syncStatus->showOutcome(outcome);
    // Other stations' work changes what this bench sees: the page on display shows it at once, and
    // the status bar another station's refused results.
    if (outcome.report.pulled > 0) {
        refreshCurrentPage();
        m_interfaces->countDeadLetters();
    }
}

void MainWindow::setCameraVideoFile(const QString &path, bool loop)
{
    m_cameraFeed->stop();
    m_cameraFeed->setVideoFile(path, loop);
    updateCamera();
}

void MainWindow::updateCamera(bool retry)
{
    QWidget *page = m_pages->currentWidget();
    const bool shown = page == m_camera || (page == m_receiving && m_receiving->cameraOn());
    if (!shown || isLocked() || m_cameraStoppedByUser) {
        m_cameraFeed->stop();
        return;
    }
    // Started once per showing: a camera that is missing says so on the page and is not tried again
    // until the page is shown again or Start is pressed, so its message can never come back in a loop.
    if (!m_cameraFeed->isRunning() && (retry || m_cameraFeed->problem().isEmpty()))
        m_cameraFeed->start();
}

// A tube the camera read: down the scan path exactly as a scanner's code on the Receiving page, with
// the same guards. While locked nothing is recorded (the camera is stopped then anyway), and a tube
// under the camera while a dialog is open is left for the next time it is shown.
void MainWindow::onCameraTube(const QString &code)
{
    if (isLocked())
        return;
    if (QApplication::activeModalWidget()) {
        statusBar()->showMessage(
            tr("Tube %1 under the camera ignored: finish or close the open dialog first.").arg(code),
            StatusMessageMs);
        return;
    }
    QWidget *page = m_pages->currentWidget();
    if (page != m_camera && page != m_receiving)
        return;
    m_idle->activity();
    m_receiving->receive(code);
}

void MainWindow::onStillCaptured(const QImage &image)
{
    const bool forRack = m_pages->currentWidget() == m_rack;
    // The camera was started only for this picture on the Rack page.
    if (forRack)
        m_cameraFeed->stop();
    showPage(Page::Rack);
    m_rack->loadImage(image, tr("camera picture"));
}

void MainWindow::refreshCurrentPage()
{
    QWidget *page = m_pages->currentWidget();
    if (page == m_worklist)
        m_worklist->refresh();
    else if (page == m_verification)
        m_verification->refresh();
    else if (page == m_specimen)
        m_specimen->refresh();
    else if (page == m_qc)
        m_qc->reload();
    else if (page == m_audit)
        m_audit->refresh();
    else if (page == m_interfaces)
        m_interfaces->refresh();
    else if (page == m_instruments)
        m_instruments->refresh();
}

void MainWindow::editSyncSettings()
{
    if (!m_sync)
        return;
    Result<ServerUrl> current = m_sync->url();
    SyncSettingsDialog dialog(current ? current.value() : ServerUrl{}, m_sync->intervalSeconds(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (Status s = m_sync->configure(dialog.url(), dialog.intervalSeconds()); !s) {
        QMessageBox::warning(this, tr("Sync settings"),
                             tr("The sync settings were not changed: %1").arg(s.error()));
        return;
    }
    m_syncNow->setEnabled(m_sync->configured());
    statusBar()->showMessage(tr("Sync settings saved; syncing with %1.").arg(dialog.url().toString()),
                             StatusMessageMs);
}

// Applied at once: the scanner's timing and the duplicate window, and the serial scanner reopened if
// its port, speed or suffix changed;
// labels read their size and printer from the settings each time they are made.
void MainWindow::editSettings()
{
    const SerialScanner::Config serialBefore = SerialScanner::config(m_settings);
    const QString cameraBefore = m_settings.value(Settings::Key::CameraDevice).toString();
    SettingsDialog dialog(m_settings, m_lab.station(), this);
    connect(&dialog, &SettingsDialog::syncSettingsRequested, this, &MainWindow::editSyncSettings);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_wedge->setSettings(m_settings.wedgeSettings());
    m_lab.scanner().setDuplicateWindowMs(m_settings.duplicateWindowMs());
    // The port is reopened only when its settings changed: a scanner mid-code keeps its connection.
    const SerialScanner::Config serial = SerialScanner::config(m_settings);
    if (serial.port != serialBefore.port || serial.baudRate != serialBefore.baudRate ||
        serial.suffix != serialBefore.suffix) {
        delete m_serial;
        m_serial = nullptr;
        delete m_serialLabel;
        m_serialLabel = nullptr;
        startSerialScanner(m_settings);
    }
    // Another camera chosen: the one running stops, and the new one starts if its page is on screen.
    if (const QString camera = m_settings.value(Settings::Key::CameraDevice).toString();
        camera != cameraBefore) {
        m_cameraFeed->stop();
        m_cameraFeed->setCamera(camera);
        updateCamera(true);
    }
    statusBar()->showMessage(tr("Settings saved."), StatusMessageMs);
}

void MainWindow::setUser(const User &user)
{
    m_user = user;
    m_userLabel->setText(tr("Signed in: %1 (%2)").arg(user.displayName, Permissions::roleLabel(user.role)));
    const bool maySetUp = m_lab.permissions().check(user.name, Permission::ChangeSettings).ok();
    m_settingsAction->setEnabled(maySetUp);
    m_analyzersAction->setEnabled(maySetUp);
    m_autoverifyAction->setEnabled(
        m_lab.permissions().check(user.name, Permission::ConfigureAutoverification).ok());
    m_syncSettings->setEnabled(maySetUp && m_sync);
    const QString &actor = user.name;
    m_receiving->setActor(actor);
    m_specimen->setActor(actor);
    m_rack->setActor(actor);
    m_worklist->setActor(actor);
    m_verification->setActor(actor);
    m_qc->setActor(actor);
    m_audit->setActor(actor);
    m_interfaces->setActor(actor);
    m_instruments->setActor(actor);
}

bool MainWindow::isLocked() const
{
    return !m_lockScreen->isHidden();
}

void MainWindow::lock()
{
    if (isLocked())
        return;
    m_focusBeforeLock = QApplication::focusWidget();
    // Shortcuts would still reach actions under the lock screen; they wait, as the pages do.
    for (QAction *action : findChildren<QAction *>()) {
        m_enabledBeforeLock.insert(action, action->isEnabled());
        action->setEnabled(false);
    }
    centralWidget()->setEnabled(false);
    menuBar()->setEnabled(false);
    m_cameraFeed->stop(); // nothing under the camera is read for nobody
    if (!m_signedIn)
        m_userLabel->setText(tr("Not signed in"));
    m_lockScreen->showFor(m_signedIn ? m_user : User{});
}

void MainWindow::onSignedIn(const User &user)
{
    for (auto it = m_enabledBeforeLock.cbegin(); it != m_enabledBeforeLock.cend(); ++it)
        it.key()->setEnabled(it.value());
    m_enabledBeforeLock.clear();
    centralWidget()->setEnabled(true);
    menuBar()->setEnabled(true);
    const bool switched = m_signedIn && user.name != m_user.name;
    m_signedIn = true;
    setUser(user);
    m_idle->activity();
    if (m_focusBeforeLock)
        m_focusBeforeLock->setFocus();
    updateCamera();
    statusBar()->showMessage(
        switched ? tr("%1 took over this station; the work on screen is theirs now.").arg(user.displayName)
                 : tr("Signed in as %1.").arg(user.displayName),
        StatusMessageMs);
}

void MainWindow::startSignedIn(const User &user)
{
    m_lockScreen->hide();
    onSignedIn(user);
}

void MainWindow::showPage(Page page)
{
    m_navigation->setCurrentRow(int(page));
}

void MainWindow::onScanned(const QString &code)
{
    m_idle->activity();
    // While locked a scan can only be a badge: it must never act on the work underneath.
    if (isLocked()) {
        if (!givenBackAsTyping(code))
            m_lockScreen->badgeScanned(code);
        return;
    }
    if (QWidget *modal = QApplication::activeModalWidget()) {
        // A scan never acts on the page hidden behind a dialog. Only a field that asks for a scan (a
        // badge, a pre-printed label) takes it. Anything else that ended in the scanner's suffix is
        // refused on the dialog itself, its fields untouched, whatever it reads: a ward's own label
        // (W-55555) looks like typing (decision 68). Only a multi-line box takes a fast burst back as
        // typing (decision 70).
        auto *field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        if (field && modal->isAncestorOf(field) && !field->isReadOnly() && ScanRefusal::acceptsScans(field)) {
            field->insert(code);
            return;
        }
        if (focusIsMultiLine() && givenBackAsTyping(code))
            return;
        refuseScan(modal, code);
        return;
    }
    if (givenBackAsTyping(code))
        return;
    if (m_pages->currentWidget() == m_receiving)
        m_receiving->receive(code);
    else if (m_pages->currentWidget() == m_worklist)
        m_worklist->showScanned(code);
    else
        lookUp(code);
}

void MainWindow::refuseScan(QWidget *dialog, const QString &code)
{
    ScanRefusal::refuse(dialog, code);
    if (m_pages->currentWidget() == m_receiving)
        m_receiving->showRefusedScan(code);
    statusBar()->showMessage(tr("Scan of %1 not used: a dialog was open. Scan it again.").arg(code),
                             StatusMessageMs);
}

void MainWindow::onImage(const QImage &image, const QString &source)
{
    if (m_pages->currentWidget() == m_rack) {
        m_rack->loadImage(image, source);
        return;
    }
    // A tube photo is one scan: its code goes where a scanner's would, and nowhere else.
    const Result<QString> code = ImageScan::read(image);
    if (!code) {
        onImageProblem(source, code.error());
        return;
    }
    onScanned(code.value());
}

void MainWindow::onImageProblem(const QString &source, const QString &message)
{
    if (m_pages->currentWidget() == m_receiving) {
        m_receiving->showImageProblem(source, message);
    } else if (m_pages->currentWidget() == m_rack) {
        m_rack->showProblem(message);
    } else {
        QApplication::beep();
        statusBar()->showMessage(message, StatusMessageMs);
    }
}

void MainWindow::startSerialScanner(const Settings &settings)
{
    const SerialScanner::Config config = SerialScanner::config(settings);
    if (config.port.isEmpty())
        return;
    m_serial = new SerialScanner(config, this);
    m_serialLabel = new QLabel(this);
    m_serialLabel->setObjectName(QStringLiteral("serialScannerLabel"));
    statusBar()->insertPermanentWidget(0, m_serialLabel);
    // The same handler as the keyboard wedge: a serial scan is a scan like any other.
    connect(m_serial, &SerialScanner::codeRead, this, &MainWindow::onScanned);
    connect(m_serial, &SerialScanner::problem, this, &MainWindow::onSerialProblem);
    connect(m_serial, &SerialScanner::connectedChanged, this, &MainWindow::showSerialState);
    showSerialState(false);
    // A scanner that is not plugged in yet is picked up when it is; meanwhile the reason shows.
    if (Status started = m_serial->start(); !started) {
        m_serialLabel->setToolTip(started.error());
        statusBar()->showMessage(started.error(), StatusMessageMs);
    }
}

void MainWindow::showSerialState(bool connected)
{
    m_serialLabel->setText(connected ? tr("Serial scanner: %1").arg(m_serial->portName())
                                     : tr("Serial scanner: %1 not connected").arg(m_serial->portName()));
    m_serialLabel->setStyleSheet(connected ? QString() : QStringLiteral("QLabel { color: #c62828; }"));
}

void MainWindow::onSerialProblem(const QString &message)
{
    QApplication::beep();
    m_serialLabel->setToolTip(message);
    statusBar()->showMessage(message, StatusMessageMs);
}

void MainWindow::onIncompleteScan(const QString &code)
{
    if (givenBackAsTyping(code))
        return;
    if (QWidget *modal = QApplication::activeModalWidget()) {
        refuseScan(modal, code);
        return;
    }
    if (m_pages->currentWidget() == m_receiving) {
        m_receiving->showIncompleteScan(code);
        return;
    }
    QApplication::beep();
    QMessageBox::warning(this, tr("Incomplete scan"),
                         tr("The scanner sent \"%1\" without its Enter/Tab suffix, so it was not used. "
                            "Check the scanner's suffix setting and scan again.")
                             .arg(code));
}

// A user name, a password or a search typed fast reads as a scan. What is no scan here goes back, key by
// key, to the field it was typed into: while locked, what the lock screen does not take; otherwise
// anything but the shape of an accession number (one with a wrong check character is a misread label).
// On the pages the closing Enter is not given back: it may have been a real scan of some other label
// (a wristband, a reagent), and typed into a result field its Enter would record it as a result. The
// text shows in the field, and the person submits it.
bool MainWindow::givenBackAsTyping(const QString &code)
{
    if (isLocked())
        return !m_lockScreen->takesScan(code) && m_wedge->giveBack(code);
    const AccessionNumber::Problem problem = AccessionNumber::validate(code);
    const bool scan = problem == AccessionNumber::Problem::None ||
                      problem == AccessionNumber::Problem::BadCheckCharacter ||
                      m_lab.scanner().isHospitalLabel(code);
    // In a multi-line box (a corrective action, a note) Enter is a line break of the text and submits
    // nothing, so it goes back with the rest.
    return !scan && m_wedge->giveBack(code, focusIsMultiLine() ? WedgeFilter::Suffix::Keep
                                                               : WedgeFilter::Suffix::Drop);
}

// Input-method hints cannot tell a multi-line box: QInputDialog clears them on its QPlainTextEdit.
bool MainWindow::focusIsMultiLine()
{
    QWidget *focus = QApplication::focusWidget();
    return qobject_cast<QPlainTextEdit *>(focus) || qobject_cast<QTextEdit *>(focus);
}

void MainWindow::lookUp(const QString &code)
{
    showPage(Page::Specimen);
    const ScanOutcome outcome = m_lab.scanner().process(code, ScanProcessor::Action::Lookup, actor());
    // The page explains a code it cannot show and offers to accession an unknown one. Whatever the
    // outcome, it stops showing the previous tube, which would otherwise be taken for this one.
    m_specimen->showSpecimen(outcome.specimen ? outcome.specimen->accession : outcome.code);
    if (!outcome.isConfirmation())
        QApplication::beep();
}

void MainWindow::findSpecimen()
{
    showPage(Page::Specimen);
    m_specimen->focusFind();
}

void MainWindow::newAccession(const QString &barcode)
{
    // Only a valid accession number can be a pre-printed label; anything else would be refused.
    const QString prefill =
        AccessionNumber::validate(barcode) == AccessionNumber::Problem::None ? barcode : QString();
    AccessionDialog dialog(m_lab, actor(), prefill, this);
    if (dialog.exec() != QDialog::Accepted || !dialog.accessioned())
        return;
    // Shown where it cannot be missed or cut off: the Specimen page, the number large, what to do next
    // and, for a new number, its label to print (audit finding 3).
    showPage(Page::Specimen);
    m_specimen->showAccessioned(dialog.accessioned()->accession, dialog.numberAssigned());
}

void MainWindow::openSpecimen(const QString &accession)
{
    showPage(Page::Specimen);
    m_specimen->showSpecimen(accession);
}

} // namespace benchside
