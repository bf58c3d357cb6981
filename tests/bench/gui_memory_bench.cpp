// SPDX-License-Identifier: GPL-3.0-or-later
// Peak memory of the whole GUI with a bench's worklist open (issue 4: under 200 MB at 50,000
// pending orders): the main window as app/gui/main.cpp builds it, every page constructed, the
// Worklist page shown on BENCH, then every row of it loaded (scrolled to the end). Prints JSON.
//
//   gui_memory_bench DATABASE [BENCH=CHEM]
//
// Runs on the offscreen platform unless QT_QPA_PLATFORM says otherwise. The database is opened
// as the app opens it (migrations run): use a copy.

#include "benchtiming.h"
#include "lab/lab.h"
#include "mainwindow/mainwindow.h"
#include "settings/settings.h"
#include "worklist/worklistmodel.h"
#include "worklist/worklistpage.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableView>
#include <QTemporaryDir>
#include <cstdio>

using namespace benchside;
using benchtiming::memory;
using benchtiming::procStatusKb;
using benchtiming::round3;

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fputs("usage: gui_memory_bench DATABASE [BENCH]\n", stderr);
        return 2;
    }
    const QString bench = args.value(2, QStringLiteral("CHEM"));
    QJsonObject out{{QStringLiteral("benchmark"), QStringLiteral("gui_memory")},
                    {QStringLiteral("database"), args.at(1)},
                    {QStringLiteral("bench"), bench},
                    {QStringLiteral("memory_at_start"), memory()}};
    QElapsedTimer t;
    t.start();
    Result<std::unique_ptr<Lab>> lab = Lab::open(args.at(1));
    if (!lab) {
        std::fprintf(stderr, "%s\n", qPrintable(lab.error()));
        return 1;
    }
    out.insert(QStringLiteral("open_ms"), round3(benchtiming::ms(t)));
    // The station's own settings file is not touched: defaults from an empty one.
    QTemporaryDir dir;
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    MainWindow window(*lab.value(), settings);
    window.resize(1600, 1000);
    window.show();
    window.showPage(MainWindow::Page::Worklist);
    QApplication::processEvents();
    out.insert(QStringLiteral("memory_window_shown"), memory());

    auto *page = window.findChild<WorklistPage *>(QStringLiteral("worklistPage"));
    auto *benches = page ? page->findChild<QComboBox *>(QStringLiteral("worklistBench")) : nullptr;
    if (!benches || benches->findData(bench) < 0) {
        std::fprintf(stderr, "no worklist page or no bench %s\n", qPrintable(bench));
        return 1;
    }
    t.restart();
    benches->setCurrentIndex(benches->findData(bench));
    QApplication::processEvents();
    out.insert(QStringLiteral("bench_shown_ms"), round3(benchtiming::ms(t)));
    out.insert(QStringLiteral("rows_loaded"), page->model()->rowCount());
    out.insert(QStringLiteral("memory_worklist_open"), memory());

    t.restart();
    while (page->model()->canFetchMore())
        page->model()->fetchMore();
    page->table()->scrollToBottom();
    QApplication::processEvents();
    out.insert(QStringLiteral("scroll_to_end_ms"), round3(benchtiming::ms(t)));
    out.insert(QStringLiteral("rows_all"), page->model()->rowCount());
    out.insert(QStringLiteral("memory_all_rows_loaded"), memory());
    out.insert(QStringLiteral("peak_under_200mb"), double(procStatusKb("VmHWM")) / 1024.0 < 200);
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}
