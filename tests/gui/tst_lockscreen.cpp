// SPDX-License-Identifier: GPL-3.0-or-later
// Sign-in and locking on the real main window (offscreen): the lock screen covers the work and
// keeps it, a badge scan plus PIN unlocks or switches user, a scan while locked never reaches the
// page underneath, the idle lock (fake clock) waits for an open dialog, a user name typed as fast as
// a scanner types still signs in, and the first password of a new station.
#include "auth/idlewatcher.h"
#include "auth/signinservice.h"
#include "auth/userservice.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "settings/settings.h"
#include "testdatabase.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {
constexpr int MaxGapMs = 45;
constexpr int ScannerGapMs = 8;
constexpr int FastTypingGapMs = 40; // 25 keys a second: a quick typist, under MaxGapMs
} // namespace

class TestLockScreen : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void lockCoversTheWorkAndRefusesShortcuts();
    void passwordSignInAndWrongPassword();
    void badgeAndPinSwitchUserAndKeepTheWork();
    void scanWhileLockedNeverReachesThePage();
    void idleLockWaitsForAnOpenDialog();
    void settingsAreForAdministrators();
    void fastTypedNameSignsIn_data();
    void fastTypedNameSignsIn();
    void badgeBurstStaysOutOfTheFields();
    void fastTypingOnAPageStaysInTheField_data();
    void fastTypingOnAPageStaysInTheField();
    void foreignLabelScanLandsInTheFieldUnsubmitted();
    void newStationChoosesTheFirstPassword();

private:
    QWidget *lockScreen() const { return m_window->findChild<QWidget *>(QStringLiteral("lockScreen")); }
    template<typename T> T *find(const char *name) const
    {
        T *w = m_window->findChild<T *>(QLatin1String(name));
        if (!w)
            qFatal("no %s in the main window", name);
        return w;
    }
    void type(const QString &text, int gapMs, bool enter);
    void scan(const QString &code) { type(code, ScannerGapMs, true); }
    // Signed in, on the Receiving page, its manual entry field empty and focused; null if not.
    QLineEdit *focusManualEntry();
    void signInWithPassword(const QString &user, const QString &password);
    qint64 journalCount(const QString &kind);

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MainWindow> m_window;
    qint64 m_now = 0;
};

void TestLockScreen::initTestCase()
{
    const QString path = m_dir.filePath(QStringLiteral("demo.db"));
    const Status created = testlab::createDemoStation(path, 3, 20);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    m_lab = std::move(Lab::open(path).value());
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    QVERIFY(m_settings->setValue(Settings::Key::ScannerMaxGapMs, MaxGapMs).ok());
    QVERIFY(m_settings->setValue(Settings::Key::IdleLockMinutes, 10).ok());
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->lock();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_now = QDateTime::currentMSecsSinceEpoch();
    m_window->findChild<IdleWatcher *>()->setClock([this] { return m_now; });
}

void TestLockScreen::init()
{
    // The offscreen platform has no window manager: a deactivation left over from an earlier test's
    // dialog must come before the activation, not in the middle of the next test's typing.
    QCoreApplication::processEvents();
    QApplication::setActiveWindow(m_window.get());
}

void TestLockScreen::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
}

// Key by key into the focus widget, `gapMs` apart, as a scanner or a person types; then Enter if asked.
void TestLockScreen::type(const QString &text, int gapMs, bool enter)
{
    QWidget *target = QApplication::focusWidget() ? QApplication::focusWidget() : m_window.get();
    for (const QChar c : text) {
        QTest::keyClick(target, c.toLatin1());
        QTest::qWait(gapMs);
    }
    if (enter)
        QTest::keyClick(target, Qt::Key_Return);
}

void TestLockScreen::signInWithPassword(const QString &user, const QString &password)
{
    auto *name = find<QLineEdit>("userEdit");
    name->setText(user);
    auto *secret = find<QLineEdit>("passwordEdit");
    secret->setText(password);
    QTest::keyClick(secret, Qt::Key_Return);
}

QLineEdit *TestLockScreen::focusManualEntry()
{
    if (m_window->isLocked())
        return nullptr;
    m_window->showPage(MainWindow::Page::Receiving);
    auto *entry = find<QLineEdit>("manualEntry");
    entry->clear();
    entry->setFocus();
    const bool focused = QTest::qWaitFor([entry] { return QApplication::focusWidget() == entry; });
    return focused ? entry : nullptr;
}

qint64 TestLockScreen::journalCount(const QString &kind)
{
    QSqlQuery q(m_lab->database().connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM journal WHERE kind = ?"));
    q.addBindValue(kind);
    return q.exec() && q.next() ? q.value(0).toLongLong() : -1;
}

void TestLockScreen::lockCoversTheWorkAndRefusesShortcuts()
{
    QVERIFY(m_window->isLocked());
    QVERIFY(lockScreen()->isVisible());
    QCOMPARE(lockScreen()->geometry(), m_window->rect());
    // Opaque: what is drawn at the navigation's place and the status bar's is the lock screen.
    const QImage shot = m_window->grab().toImage();
    QCOMPARE(shot.pixelColor(12, shot.height() / 2), QColor(0x37, 0x47, 0x4f));
    QCOMPARE(shot.pixelColor(shot.width() - 12, shot.height() - 8), QColor(0x37, 0x47, 0x4f));
    QCOMPARE(find<QLabel>("lockTitle")->text(), QStringLiteral("Sign in to Benchside"));
    QVERIFY(find<QLabel>("signInHint")->text().contains(DemoSeeder::demoPassword()));
    auto *pages = find<QStackedWidget>("pages");
    const int before = pages->currentIndex();
    QTest::keyClick(m_window.get(), Qt::Key_F5); // the Worklist's shortcut
    QCOMPARE(pages->currentIndex(), before);
    QVERIFY(!find<QAction>("worklistAction")->isEnabled());
    QVERIFY(!m_window->centralWidget()->isEnabled());
    m_window->resize(1300, 900);
    QTRY_COMPARE(lockScreen()->geometry(), m_window->rect());
}

void TestLockScreen::passwordSignInAndWrongPassword()
{
    const qint64 failed = journalCount(QStringLiteral("user.signin.failed"));
    signInWithPassword(QStringLiteral("p.nair"), QStringLiteral("wrong password"));
    QVERIFY(m_window->isLocked());
    QVERIFY(find<QLabel>("signInProblem")->isVisible());
    QCOMPARE(find<QLabel>("signInProblem")->text(),
             QStringLiteral("The user name or the password is wrong."));
    QCOMPARE(journalCount(QStringLiteral("user.signin.failed")), failed + 1);
    QVERIFY(find<QLineEdit>("passwordEdit")->text().isEmpty()); // never left in the field

    signInWithPassword(QStringLiteral("p.nair"), DemoSeeder::demoPassword());
    QVERIFY(!m_window->isLocked());
    QCOMPARE(m_window->actor(), QStringLiteral("p.nair"));
    QVERIFY(find<QLabel>("userLabel")->text().contains(QLatin1String("Priya Nair")));
    QVERIFY(find<QAction>("worklistAction")->isEnabled());
    QVERIFY(m_window->centralWidget()->isEnabled());
}

void TestLockScreen::badgeAndPinSwitchUserAndKeepTheWork()
{
    m_window->showPage(MainWindow::Page::Receiving);
    auto *entry = find<QLineEdit>("manualEntry");
    entry->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), entry);
    entry->setText(QStringLiteral("half-typed"));

    QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
    QVERIFY(m_window->isLocked());
    QVERIFY(find<QLabel>("lockTitle")->text().contains(QLatin1String("Priya Nair")));

    scan(DemoSeeder::demoBadge(QStringLiteral("a.okafor")));
    QTRY_VERIFY(find<QLineEdit>("pinEdit")->isVisible());
    QVERIFY(find<QLabel>("badgeOfLabel")->text().contains(QLatin1String("Adaeze Okafor")));
    QVERIFY(find<QLineEdit>("userEdit")->text() != DemoSeeder::demoBadge(QStringLiteral("a.okafor")));

    auto *pin = find<QLineEdit>("pinEdit");
    QTest::keyClicks(pin, QStringLiteral("9999"));
    QTest::keyClick(pin, Qt::Key_Return);
    QVERIFY(m_window->isLocked());
    QVERIFY(find<QLabel>("signInProblem")->text().contains(QLatin1String("Wrong PIN")));

    QTest::keyClicks(pin, DemoSeeder::demoPin());
    QTest::keyClick(pin, Qt::Key_Return);
    QVERIFY(!m_window->isLocked());
    QCOMPARE(m_window->actor(), QStringLiteral("a.okafor"));
    // The work on screen is as it was: the page, the half-typed entry and its focus.
    QCOMPARE(find<QStackedWidget>("pages")->currentIndex(), int(MainWindow::Page::Receiving));
    QCOMPARE(entry->text(), QStringLiteral("half-typed"));
    QTRY_COMPARE(QApplication::focusWidget(), entry);
    entry->clear();
}

void TestLockScreen::scanWhileLockedNeverReachesThePage()
{
    AccessionRequest request;
    request.specimenType = QStringLiteral("SERUM");
    request.tests = {QStringLiteral("GLU")};
    Result<Specimen> s = m_lab->accessioner().accession(request, QStringLiteral("admin"));
    QVERIFY(s.ok());
    m_window->showPage(MainWindow::Page::Receiving);
    m_window->lock();
    const qint64 received = journalCount(QStringLiteral("custody.received"));
    scan(s.value().accession);
    QTRY_VERIFY(find<QLabel>("signInProblem")->isVisible());
    QVERIFY(find<QLabel>("signInProblem")->text().contains(QLatin1String("not registered")));
    QCOMPARE(journalCount(QStringLiteral("custody.received")), received);
    QCOMPARE(m_lab->specimens().find(s.value().accession).value()->status, s.value().status);
    signInWithPassword(QStringLiteral("a.okafor"), DemoSeeder::demoPassword());
    QVERIFY(!m_window->isLocked());
}

void TestLockScreen::idleLockWaitsForAnOpenDialog()
{
    auto *watcher = m_window->findChild<IdleWatcher *>();
    QVERIFY(watcher);
    watcher->activity();
    m_now += 9 * 60 * 1000;
    watcher->check();
    QVERIFY(!m_window->isLocked());

    QDialog dialog(m_window.get());
    dialog.setModal(true);
    dialog.open();
    QTRY_VERIFY(QApplication::activeModalWidget() == &dialog);
    m_now += 61 * 1000;
    watcher->check();
    QVERIFY(!m_window->isLocked());
    dialog.close();
    QTRY_VERIFY(!QApplication::activeModalWidget());
    m_now += 1000;
    watcher->check();
    QVERIFY(m_window->isLocked());
    QVERIFY(find<QLabel>("lockTitle")->text().contains(QLatin1String("Adaeze Okafor")));
    signInWithPassword(QStringLiteral("a.okafor"), DemoSeeder::demoPassword());
    QVERIFY(!m_window->isLocked());
}

void TestLockScreen::settingsAreForAdministrators()
{
    QCOMPARE(m_window->actor(), QStringLiteral("a.okafor"));
    QVERIFY(!find<QAction>("settingsAction")->isEnabled());
    m_window->lock();
    signInWithPassword(QStringLiteral("admin"), DemoSeeder::demoPassword());
    QCOMPARE(m_window->actor(), QStringLiteral("admin"));
    QVERIFY(find<QAction>("settingsAction")->isEnabled());
}

// A password manager or a quick typist is as fast as a scanner: what is no badge is theirs, and must
// land in the field exactly as typed, whether Enter follows at once or after a pause.
void TestLockScreen::fastTypedNameSignsIn_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("gapMs");
    QTest::addColumn<bool>("enter");
    QTest::newRow("25 keys/s, Enter") << QStringLiteral("p.nair") << FastTypingGapMs << true;
    QTest::newRow("25 keys/s, pause") << QStringLiteral("a.okafor") << FastTypingGapMs << false;
    QTest::newRow("8 ms/key, Enter") << QStringLiteral("j.kowalski") << ScannerGapMs << true;
    QTest::newRow("8 ms/key, pause") << QStringLiteral("admin") << ScannerGapMs << false;
}

void TestLockScreen::fastTypedNameSignsIn()
{
    QFETCH(QString, user);
    QFETCH(int, gapMs);
    QFETCH(bool, enter);
    m_window->lock();
    auto *name = find<QLineEdit>("userEdit");
    auto *password = find<QLineEdit>("passwordEdit");
    name->clear();
    name->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), name);

    type(user, gapMs, enter);
    QTRY_COMPARE(name->text(), user);
    if (!enter) {
        QTest::qWait(2 * MaxGapMs);
        QTest::keyClick(name, Qt::Key_Return);
    }
    QTRY_COMPARE(QApplication::focusWidget(), password); // the Enter reached the field too
    QCOMPARE(name->text(), user);
    QCOMPARE(name->cursorPosition(), user.size());
    QVERIFY(!find<QLabel>("signInProblem")->isVisible());

    type(DemoSeeder::demoPassword(), gapMs, true);
    QTRY_VERIFY(!m_window->isLocked());
    QCOMPARE(m_window->actor(), user);
    QVERIFY(password->text().isEmpty());
}

// A badge is read as fast, but it is a badge: it asks for the PIN and leaves no trace in the fields. The
// PIN, typed as fast, is no badge: it reaches its field.
void TestLockScreen::badgeBurstStaysOutOfTheFields()
{
    const QString longPin = QStringLiteral("20481357"); // longer than a scan's minimum length
    QVERIFY(UserService(m_lab->store(), m_lab->catalog())
                .setPin(QStringLiteral("a.okafor"), longPin, QStringLiteral("admin")));
    auto *name = find<QLineEdit>("userEdit");
    auto *password = find<QLineEdit>("passwordEdit");
    auto *pin = find<QLineEdit>("pinEdit");
    const auto badgeSignIn = [&](const QString &user, const QString &nameBefore, const QString &pinCode) {
        QSignalSpy nameEdits(name, &QLineEdit::textEdited);
        QSignalSpy passwordEdits(password, &QLineEdit::textEdited);
        scan(DemoSeeder::demoBadge(user));
        QTRY_VERIFY(pin->isVisible());
        QVERIFY(find<QLabel>("badgeOfLabel")->text().contains(m_lab->catalog().user(user)->displayName));
        QCOMPARE(name->text(), nameBefore);
        QVERIFY(password->text().isEmpty());
        QCOMPARE(nameEdits.count(), 0);
        QCOMPARE(passwordEdits.count(), 0);
        QVERIFY(pin->text().isEmpty());
        QCOMPARE(QApplication::focusWidget(), pin);
        type(pinCode, ScannerGapMs, true);
        QTRY_VERIFY(!m_window->isLocked());
        QCOMPARE(m_window->actor(), user);
    };

    // Into the empty user name field, which has the focus at start-up.
    m_window->lock();
    name->clear();
    name->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), name);
    badgeSignIn(QStringLiteral("p.nair"), QString(), DemoSeeder::demoPin());

    // Into the password field, which has it when the screen was locked for someone.
    m_window->lock();
    QTRY_COMPARE(QApplication::focusWidget(), password);
    badgeSignIn(QStringLiteral("a.okafor"), QStringLiteral("p.nair"), longPin);
}

// The same on the pages: a burst that is no accession number goes back to the field it was typed in.
void TestLockScreen::fastTypingOnAPageStaysInTheField_data()
{
    QTest::addColumn<int>("gapMs");
    QTest::newRow("25 keys/s") << FastTypingGapMs;
    QTest::newRow("8 ms/key") << ScannerGapMs;
}

void TestLockScreen::fastTypingOnAPageStaysInTheField()
{
    QFETCH(int, gapMs);
    QLineEdit *entry = focusManualEntry();
    QVERIFY(entry);
    const QString typed = QStringLiteral("tst-2611");
    type(typed, gapMs, false);
    QTRY_COMPARE(entry->text(), typed);
    QTest::qWait(2 * MaxGapMs);
    QCOMPARE(entry->text(), typed);
    QCOMPARE(entry->cursorPosition(), typed.size());
    entry->clear();
}

void TestLockScreen::foreignLabelScanLandsInTheFieldUnsubmitted()
{
    // A wristband scanned by mistake into a field: its text shows there, but its Enter is not given
    // back, so nothing is submitted (the Receiving field clears itself on Enter).
    QLineEdit *entry = focusManualEntry();
    QVERIFY(entry);
    scan(QStringLiteral("WRISTBAND-0042"));
    QTRY_COMPARE(entry->text(), QStringLiteral("WRISTBAND-0042"));
    QTest::qWait(2 * MaxGapMs);
    QCOMPARE(entry->text(), QStringLiteral("WRISTBAND-0042"));
    entry->clear();
}

void TestLockScreen::newStationChoosesTheFirstPassword()
{
    TestDatabase fresh;
    std::unique_ptr<Lab> lab = fresh.open();
    Settings settings(fresh.dir() + QStringLiteral("/settings.ini"));
    MainWindow window(*lab, settings);
    window.lock();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *fresh1 = window.findChild<QLineEdit *>(QStringLiteral("newPasswordEdit"));
    auto *fresh2 = window.findChild<QLineEdit *>(QStringLiteral("repeatPasswordEdit"));
    QVERIFY(fresh1 && fresh1->isVisible());
    QVERIFY(!window.findChild<QLineEdit *>(QStringLiteral("userEdit"))->isVisible());
    fresh1->setText(QStringLiteral("first password 1"));
    fresh2->setText(QStringLiteral("first password 2"));
    QTest::keyClick(fresh2, Qt::Key_Return);
    QVERIFY(window.isLocked());
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("signInProblem"))
                ->text()
                .contains(QLatin1String("differ")));
    fresh1->setText(QStringLiteral("first password 1"));
    fresh2->setText(QStringLiteral("first password 1"));
    QTest::keyClick(fresh2, Qt::Key_Return);
    QVERIFY(!window.isLocked());
    QCOMPARE(window.actor(), QStringLiteral("admin"));
    QCOMPARE(lab->catalog().user(QStringLiteral("admin"))->role, QStringLiteral("administrator"));
    // Claimed once: the next lock asks for the password like anywhere else.
    window.lock();
    QVERIFY(window.findChild<QLineEdit *>(QStringLiteral("userEdit"))->isVisible());
    QVERIFY(!UserService(lab->store(), lab->catalog()).claimStation(QStringLiteral("another one 22")).ok());
}

QTEST_MAIN(TestLockScreen)
#include "tst_lockscreen.moc"
