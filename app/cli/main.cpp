#include "commands.h"
#include "invocation.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <memory>

namespace {

bool paints(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    benchside::cli::Invocation inv;
    return benchside::cli::parse(args, inv).isEmpty() && inv.command == QLatin1String("label");
}

} // namespace

int main(int argc, char *argv[])
{
    // Labels are painted with fonts, which need a QGuiApplication. Only the commands that paint
    // pay for one, on the offscreen platform: the command line never shows a window.
    std::unique_ptr<QCoreApplication> application;
    if (paints(argc, argv)) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication &app = *application;
    QCoreApplication::setOrganizationName(QStringLiteral("Benchside"));
    QCoreApplication::setApplicationName(QStringLiteral("benchside"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BENCHSIDE_VERSION));

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
