// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerhost.h"
#include "analyzer/analyzerregistry.h"
#include "catalog/catalogimporter.h"
#include "core/memorypolicy.h"
#include "demo/demoanalyzers.h"
#include "demo/demohl7.h"
#include "demo/demoseeder.h"
#include "hl7/hl7service.h"
#include "i18n/translations.h"
#include "lab/lab.h"
#include "mainwindow/mainwindow.h"
#include "settings/settings.h"
#include "station/stationsetupdialog.h"
#include "sync/stationcredentials.h"
#include "sync/syncrunner.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QTemporaryDir>
#include <QTimer>
#include <cstdio>

using namespace benchside;

namespace {
// The texts of this file, in one translation context (lupdate reads tr() only in a class).
struct Gui
{
    Q_DECLARE_TR_FUNCTIONS(main)
};

// The demo lives in a file of its own, created and filled on first use, so that training data can
// never end up in the real database.
Status createDemo(const QString &path)
{
    QProgressDialog progress(Gui::tr("Creating the demo database…"), QString(), 0, 0);
    progress.setWindowTitle(Gui::tr("Benchside demo"));
    progress.setMinimumDuration(0);
    progress.show();
    QCoreApplication::processEvents();

    Status created = [&]() -> Status {
        Result<std::unique_ptr<Database>> db = Database::open(path);
        if (!db)
            return Status::failure(db.error());
        if (Status seeded = Status::from(DemoSeeder(*db.value(), 1).seed(400)); !seeded)
            return seeded;
        db.value().reset();
        Result<std::unique_ptr<Lab>> lab = Lab::open(path);
        if (!lab)
            return Status::failure(lab.error());
        if (Status s = DemoHl7::seed(*lab.value(), lab.value()->station().defaultActor); !s)
            return s;
        return DemoAnalyzers::seed(*lab.value(), lab.value()->station().defaultActor);
    }();
    if (!created) {
        // A half-made demo would be reopened as it is next time; removing it lets the next start retry.
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(path + QLatin1String(suffix));
    }
    return created;
}

int fail(const QString &message)
{
    QMessageBox::critical(nullptr, Gui::tr("Benchside cannot start"), message);
    return 1;
}

// The pages --page can open, by name, in the navigation's order; the self-check draws them all.
const QList<std::pair<QString, MainWindow::Page>> &pages()
{
    static const QList<std::pair<QString, MainWindow::Page>> all{
        {QStringLiteral("receiving"), MainWindow::Page::Receiving},
        {QStringLiteral("specimen"), MainWindow::Page::Specimen},
        {QStringLiteral("rack"), MainWindow::Page::Rack},
        {QStringLiteral("worklist"), MainWindow::Page::Worklist},
        {QStringLiteral("verification"), MainWindow::Page::Verification},
        {QStringLiteral("overview"), MainWindow::Page::Overview},
        {QStringLiteral("qc"), MainWindow::Page::Qc},
        {QStringLiteral("audit"), MainWindow::Page::Audit},
        {QStringLiteral("interfaces"), MainWindow::Page::Interfaces},
        {QStringLiteral("instruments"), MainWindow::Page::Instruments},
        {QStringLiteral("camera"), MainWindow::Page::Camera}};
    return all;
}

QString pageList()
{
    QStringList names;
    for (const auto &[name, page] : pages())
        names << name;
    return names.join(QStringLiteral(", "));
}

// What an installed package is checked with (tests/package): a station in a temporary folder with
// the compiled-in catalogue, the main window and every page drawn. Touches no settings or data of
// the user's; prints the outcome and returns the exit code.
int selfCheck()
{
    const auto failed = [](const QString &why) {
        std::fprintf(stderr, "benchside self-check: FAILED: %s\n", qPrintable(why));
        return 1;
    };
    QTemporaryDir dir;
    if (!dir.isValid())
        return failed(Gui::tr("cannot create a temporary folder"));
    const QString path = dir.filePath(QStringLiteral("self-check.db"));
    const Station station{QStringLiteral("SELFCHK"), QStringLiteral("SELF"),
                          QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), false};
    if (Status s = Lab::initialise(path, station); !s)
        return failed(s.error());
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    if (!lab)
        return failed(lab.error());
    QFile catalog(QStringLiteral(":/demo/catalog.json"));
    if (!catalog.open(QIODevice::ReadOnly))
        return failed(Gui::tr("the demo catalogue is not in the executable"));
    Result<QList<Event>> written = CatalogImporter::import(lab.value()->store(), lab.value()->permissions(),
                                                           catalog.readAll(), station.defaultActor);
    if (!written)
        return failed(written.error());

    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    MainWindow window(*lab.value(), settings);
    window.lock();
    window.show();
    QCoreApplication::processEvents();
    if (window.grab().isNull())
        return failed(Gui::tr("the sign-in screen could not be drawn"));
    window.startSignedIn(lab.value()->catalog().user(station.defaultActor).value_or(User{}));
    for (const auto &[name, page] : pages()) {
        window.showPage(page);
        QCoreApplication::processEvents();
        if (window.grab().isNull())
            return failed(Gui::tr("the %1 page could not be drawn").arg(name));
    }
    std::printf("benchside self-check: ok (Benchside %s, Qt %s, schema %d, %d events, %d pages drawn)\n",
                BENCHSIDE_VERSION, qVersion(), lab.value()->database().schemaVersion(),
                int(written.value().size()), int(pages().size()));
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    benchside::MemoryPolicy::keepFreedPages();
    QApplication app(argc, argv);
    // The same names as benchside-cli, so that both find the same default database and settings.
    QCoreApplication::setOrganizationName(QStringLiteral("Benchside"));
    QCoreApplication::setApplicationName(QStringLiteral("benchside"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BENCHSIDE_VERSION));
    // Before the command line is read, so that --help speaks the same language. The self-check
    // reads nothing of the user's: it follows the system's language.
    const bool checking = app.arguments().contains(QStringLiteral("--self-check"));
    Translations::install(checking ? QStringLiteral("system")
                                   : Settings().value(Settings::Key::UiLanguage).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        Gui::tr("Benchside: specimen receiving, accessioning and chain of custody."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  Gui::tr("Open the demo database (training data; created on first use)."));
    const QCommandLineOption db(QStringLiteral("db"), Gui::tr("Open the station database at <path>."),
                                Gui::tr("path"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"), Gui::tr("Save a picture of the main window to <file> (PNG) and quit."),
        Gui::tr("file"));
    const QCommandLineOption page(QStringLiteral("page"), Gui::tr("Open on <page>: %1.").arg(pageList()),
                                  Gui::tr("page"));
    const QCommandLineOption check(
        QStringLiteral("self-check"),
        Gui::tr("Check this installation on a temporary station (no window needs to be "
                "seen; use QT_QPA_PLATFORM=offscreen) and quit."));
    const QCommandLineOption as(
        QStringLiteral("as"),
        Gui::tr("On the demo only: start signed in as <user>, for screenshots and training."),
        Gui::tr("user"));
    const QCommandLineOption cameraFile(
        QStringLiteral("camera-file"),
        Gui::tr("Play the video <file> in place of the camera, over and over (for demonstrations and "
                "training)."),
        Gui::tr("file"));
    parser.addOptions({demo, db, screenshot, page, check, as, cameraFile});
    parser.process(app);
    if (parser.isSet(check))
        return selfCheck();
    if (parser.isSet(demo) && parser.isSet(db))
        return fail(Gui::tr("--demo and --db cannot be used together: the demo has its own database."));
    if (parser.isSet(as) && !parser.isSet(demo))
        return fail(
            Gui::tr("--as works on the demo only: on a station, people sign in with their own password or "
                    "badge."));
    const QString pageName = parser.value(page).trimmed().toLower();
    const auto chosen = std::find_if(pages().cbegin(), pages().cend(),
                                     [&pageName](const auto &entry) { return entry.first == pageName; });
    if (parser.isSet(page) && chosen == pages().cend())
        return fail(Gui::tr("\"%1\" is not a page: use %2.").arg(parser.value(page), pageList()));

    QString path = parser.isSet(db) ? parser.value(db) : Database::defaultPath();
    if (parser.isSet(demo)) {
        path = Database::demoPath();
        if (!QFileInfo::exists(path)) {
            if (Status s = createDemo(path); !s)
                return fail(Gui::tr("The demo database could not be created: %1").arg(s.error()));
        }
    } else if (!QFileInfo::exists(path)) {
        StationSetupDialog setup(path);
        if (setup.exec() != QDialog::Accepted)
            return 0;
    }

    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    if (!lab)
        return fail(lab.error());

    Settings settings;
    // Its own thread and its own connections; declared first so that it outlives the window.
    SyncRunner sync(lab.value()->database().path(), settings, StationCredentials::defaultKeyFile());
    // The same: its own thread and connection, stopped (sockets and database closed) after the window.
    Hl7Service hl7;
    // The same again for the analyzers' lines.
    AnalyzerHost analyzers;
    MainWindow window(*lab.value(), settings);
    window.setSyncRunner(&sync);
    window.setHl7Service(&hl7);
    window.setAnalyzerHost(&analyzers);
    if (parser.isSet(cameraFile)) {
        const QString video = parser.value(cameraFile);
        if (!QFileInfo(video).isReadable())
            return fail(Gui::tr("The video file %1 cannot be read.").arg(video));
        window.setCameraVideoFile(video);
    }
    if (parser.isSet(as)) {
        const std::optional<User> user = lab.value()->catalog().user(parser.value(as).trimmed().toLower());
        if (!user)
            return fail(Gui::tr("\"%1\" is not a user of the demo.").arg(parser.value(as)));
        window.startSignedIn(*user);
    } else {
        window.lock();
    }
    if (Status s = sync.start(); !s)
        QMessageBox::warning(&window, Gui::tr("Benchside"),
                             Gui::tr("Background sync is off: %1").arg(s.error()));
    // A listener that cannot start (its port taken, say) says why on the Interfaces page.
    if (settings.value(Settings::Key::Hl7ListenerEnabled).toBool())
        hl7.start(lab.value()->database().path(), Hl7Service::listenerOptions(settings), {});
    // The analyzers switched on in Station ▸ Analyzers run with the station; a line that cannot open
    // says why on the Instruments page and in the status bar.
    if (const Result<QList<AnalyzerDefinition>> defined =
            AnalyzerRegistry(lab.value()->store(), lab.value()->permissions(), lab.value()->catalog()).list();
        defined && std::any_of(defined.value().cbegin(), defined.value().cend(),
                               [](const AnalyzerDefinition &d) { return d.active; })) {
        const QString databasePath = lab.value()->database().path();
        analyzers.start(databasePath, QFileInfo(databasePath).dir().filePath(QStringLiteral("transcripts")),
                        30);
    }
    window.show();
    if (parser.isSet(page))
        window.showPage(chosen->second);

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        // After the first layout and paint, so the picture is what a person would see.
        QTimer::singleShot(500, &window, [&window, file] {
            const bool saved = window.grab().save(file, "PNG");
            if (!saved)
                qCritical("benchside: cannot write the screenshot %s", qPrintable(file));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
