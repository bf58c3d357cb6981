#include "commands.h"
#include "invocation.h"
#include "store/database.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
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
