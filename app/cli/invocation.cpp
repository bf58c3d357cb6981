// SPDX-License-Identifier: GPL-3.0-or-later
#include "invocation.h"

#include <QCoreApplication>
#include <QSet>

namespace benchside::cli {

namespace {

const QSet<QString> &valueOptions()
{
    static const QSet<QString> names{
        QStringLiteral("--db"),          QStringLiteral("--as"),
        QStringLiteral("--station"),     QStringLiteral("--site"),
        QStringLiteral("--location"),    QStringLiteral("--catalog"),
        QStringLiteral("--specimens"),   QStringLiteral("--seed"),
        QStringLiteral("--barcode"),     QStringLiteral("--type"),
        QStringLiteral("--tests"),       QStringLiteral("--priority"),
        QStringLiteral("--patient"),     QStringLiteral("--name"),
        QStringLiteral("--dob"),         QStringLiteral("--sex"),
        QStringLiteral("--container"),   QStringLiteral("--collector"),
        QStringLiteral("--collected"),   QStringLiteral("--action"),
        QStringLiteral("--kind"),        QStringLiteral("--reason"),
        QStringLiteral("--reason-code"), QStringLiteral("--count"),
        QStringLiteral("--status"),      QStringLiteral("--format"),
        QStringLiteral("--out"),         QStringLiteral("--printer"),
        QStringLiteral("--dpi"),         QStringLiteral("--rack"),
        QStringLiteral("--limit"),       QStringLiteral("--unit"),
        QStringLiteral("--to"),          QStringLiteral("--from"),
        QStringLiteral("--at"),          QStringLiteral("--bench"),
        QStringLiteral("--test"),        QStringLiteral("--lot"),
        QStringLiteral("--level"),       QStringLiteral("--mean"),
        QStringLiteral("--sd"),          QStringLiteral("--material"),
        QStringLiteral("--expires"),     QStringLiteral("--analyzer"),
        QStringLiteral("--run"),         QStringLiteral("--columns"),
        QStringLiteral("--time-format"), QStringLiteral("--rules"),
        QStringLiteral("--outcome"),     QStringLiteral("--note"),
        QStringLiteral("--sort"),        QStringLiteral("--url"),
        QStringLiteral("--role"),        QStringLiteral("--confirm-implausible"),
        QStringLiteral("--listen"),      QStringLiteral("--allow"),
        QStringLiteral("--tls-cert"),    QStringLiteral("--tls-key"),
        QStringLiteral("--tls-ca"),      QStringLiteral("--idle-timeout"),
        QStringLiteral("--sync-url"),    QStringLiteral("--events"),
        QStringLiteral("--state"),       QStringLiteral("--ack-timeout"),
        QStringLiteral("--retry-first"), QStringLiteral("--serial"),
        QStringLiteral("--baud"),        QStringLiteral("--data"),
        QStringLiteral("--parity"),      QStringLiteral("--stop"),
        QStringLiteral("--tcp"),         QStringLiteral("--map"),
        QStringLiteral("--profile"),     QStringLiteral("--transcript-days"),
        QStringLiteral("--tubes"),       QStringLiteral("--timeout"),
        QStringLiteral("--limits"),      QStringLiteral("--widen"),
        QStringLiteral("--delta"),       QStringLiteral("--qc-max-age"),
        QStringLiteral("--days"),        QStringLiteral("--hil"),
    };
    return names;
}

const QSet<QString> &flagOptions()
{
    static const QSet<QString> names{
        QStringLiteral("--json"),  QStringLiteral("--fast"),      QStringLiteral("--check"),
        QStringLiteral("--help"),  QStringLiteral("--read-back"), QStringLiteral("--version"),
        QStringLiteral("--retry"), QStringLiteral("--remember"),  QStringLiteral("--strict"),
        QStringLiteral("--all"),   QStringLiteral("--on"),        QStringLiteral("--off")};
    return names;
}

} // namespace

QString tr(const char *text)
{
    return QCoreApplication::translate("benchside::cli", text);
}

QString parse(const QStringList &args, Invocation &out)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a.startsWith(QLatin1String("--"))) {
            QString name = a;
            QString value;
            const qsizetype eq = a.indexOf(QLatin1Char('='));
            const bool inlineValue = eq > 0;
            if (inlineValue) {
                name = a.left(eq);
                value = a.mid(eq + 1);
            }
            if (flagOptions().contains(name)) {
                out.options.insert(name, QStringLiteral("1"));
            } else if (valueOptions().contains(name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size())
                        return tr("%1 needs a value.").arg(name);
                    value = args.at(++i);
                }
                out.options.insert(name, value);
            } else {
                return tr("Unknown option %1. Run benchside-cli --help for the options.").arg(name);
            }
        } else if (out.command.isEmpty()) {
            out.command = a;
        } else {
            out.positional << a;
        }
    }
    out.json = out.options.contains(QStringLiteral("--json"));
    out.db = out.options.value(QStringLiteral("--db"));
    out.as = out.options.value(QStringLiteral("--as"));
    return {};
}

} // namespace benchside::cli
