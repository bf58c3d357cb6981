#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "mainwindow/mainwindow.h"
#include "settings/settings.h"
#include "station/stationsetupdialog.h"
#include "sync/stationcredentials.h"
#include "sync/syncrunner.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QMessageBox>
#include <QProgressDialog>
#include <QTimer>

using namespace benchside;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("main", text);
}

// The demo lives in a file of its own, created and filled on first use, so that training data can
// never end up in the real database.
Status createDemo(const QString &path)
{
    QProgressDialog progress(tr("Creating the demo database…"), QString(), 0, 0);
    progress.setWindowTitle(tr("Benchside demo"));
    progress.setMinimumDuration(0);
    progress.show();
    QCoreApplication::processEvents();

    Status created = [&]() -> Status {
        Result<std::unique_ptr<Database>> db = Database::open(path);
        if (!db)
            return Status::failure(db.error());
        return Status::from(DemoSeeder(*db.value(), 1).seed(400));
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
    QMessageBox::critical(nullptr, tr("Benchside cannot start"), message);
    return 1;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // The same names as benchside-cli, so that both find the same default database and settings.
    QCoreApplication::setOrganizationName(QStringLiteral("Benchside"));
    QCoreApplication::setApplicationName(QStringLiteral("benchside"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BENCHSIDE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Benchside: specimen receiving, accessioning and chain of custody."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  tr("Open the demo database (training data; created on first use)."));
    const QCommandLineOption db(QStringLiteral("db"), tr("Open the station database at <path>."), tr("path"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        tr("Save a picture of the main window to <file> (PNG) and quit."),
                                        tr("file"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  tr("Open on <page>: receiving, specimen, rack, worklist, verification, "
                                     "overview or qc."),
                                  tr("page"));
    parser.addOptions({demo, db, screenshot, page});
    parser.process(app);
    if (parser.isSet(demo) && parser.isSet(db))
        return fail(tr("--demo and --db cannot be used together: the demo has its own database."));
    static const QHash<QString, MainWindow::Page> pages{
        {QStringLiteral("receiving"), MainWindow::Page::Receiving},
        {QStringLiteral("specimen"), MainWindow::Page::Specimen},
        {QStringLiteral("rack"), MainWindow::Page::Rack},
        {QStringLiteral("worklist"), MainWindow::Page::Worklist},
        {QStringLiteral("verification"), MainWindow::Page::Verification},
        {QStringLiteral("overview"), MainWindow::Page::Overview},
        {QStringLiteral("qc"), MainWindow::Page::Qc}};
    const QString pageName = parser.value(page).trimmed().toLower();
    if (parser.isSet(page) && !pages.contains(pageName))
        return fail(
            tr("\"%1\" is not a page: use receiving, specimen, rack, worklist, verification, overview or qc.")
                .arg(parser.value(page)));

    QString path = parser.isSet(db) ? parser.value(db) : Database::defaultPath();
    if (parser.isSet(demo)) {
        path = Database::demoPath();
        if (!QFileInfo::exists(path)) {
            if (Status s = createDemo(path); !s)
                return fail(tr("The demo database could not be created: %1").arg(s.error()));
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
    MainWindow window(*lab.value(), settings);
    window.setSyncRunner(&sync);
    if (Status s = sync.start(); !s)
        QMessageBox::warning(&window, tr("Benchside"), tr("Background sync is off: %1").arg(s.error()));
    window.show();
    if (parser.isSet(page))
        window.showPage(pages.value(pageName));

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
