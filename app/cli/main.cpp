// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands.h"
#include "core/memorypolicy.h"
#include "i18n/translations.h"
#include "invocation.h"
#include "settings/settings.h"
#include "store/database.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <memory>

namespace {

enum class Painting { None, Gui, Widgets };

Painting painting(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    benchside::cli::Invocation inv;
    if (!benchside::cli::parse(args, inv).isEmpty())
        return Painting::None;
    if (inv.command == QLatin1String("label"))
        return Painting::Gui;
    // Charts are QtCharts scenes, which need a QApplication.
    if (inv.command == QLatin1String("qc") && inv.positional.value(0) == QLatin1String("chart"))
        return Painting::Widgets;
    return Painting::None;
}

} // namespace

int main(int argc, char *argv[])
{
    benchside::MemoryPolicy::keepFreedPages();
    // Labels are painted with fonts, which need a QGuiApplication; charts need a QApplication. Only
    // the commands that paint pay for one, on the offscreen platform: the command line never shows
    // a window.
    std::unique_ptr<QCoreApplication> application;
    const Painting paints = painting(argc, argv);
    if (paints != Painting::None)
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (paints == Painting::Widgets)
        application = std::make_unique<QApplication>(argc, argv);
    else if (paints == Painting::Gui)
        application = std::make_unique<QGuiApplication>(argc, argv);
    else
        application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication &app = *application;
    QCoreApplication::setOrganizationName(QStringLiteral("Benchside"));
    QCoreApplication::setApplicationName(QStringLiteral("benchside"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BENCHSIDE_VERSION));
    // Messages in the language the GUI uses (ui/language); --json output is the same in every one.
    benchside::Translations::install(
        benchside::Settings().value(benchside::Settings::Key::UiLanguage).toString());

    QTextStream out(stdout);
    QTextStream err(stderr);
    benchside::cli::Invocation inv;
    const QString error = benchside::cli::parse(app.arguments().mid(1), inv);
    if (!error.isEmpty()) {
        err << "benchside-cli: " << error << '\n';
        return benchside::cli::BadInput;
    }
    if (inv.flag("--version")) {
        out << "benchside-cli " << QCoreApplication::applicationVersion() << '\n';
        return benchside::cli::Ok;
    }
    if (inv.flag("--help") || inv.command.isEmpty()) {
        (inv.command.isEmpty() && !inv.flag("--help") ? err : out) << benchside::cli::usage();
        return inv.flag("--help") ? benchside::cli::Ok : benchside::cli::BadInput;
    }
    if (inv.db.isEmpty())
        inv.db = benchside::Database::defaultPath();
    return benchside::cli::run(inv, out, err);
}
