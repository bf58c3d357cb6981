// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace benchside::cli {

enum Exit { Ok = 0, Failure = 1, BadInput = 2, Tampered = 3 };

struct Invocation
{
    QString command;
    QStringList positional;
    QHash<QString, QString> options; // "--type" -> "SERUM"; flags map to "1"
    bool json = false;
    QString db;
    QString as;

    QString option(const char *name, const QString &fallback = {}) const
    {
        return options.value(QString::fromLatin1(name), fallback);
    }
    bool flag(const char *name) const { return options.contains(QString::fromLatin1(name)); }
};

// Parses the command line: global options (--db, --json, --as) before or after the subcommand.
// Returns an error message for an unknown or incomplete option.
QString parse(const QStringList &args, Invocation &out);

// Every message of benchside-cli, in one translation context: "benchside::cli", the namespace,
// which is the context lupdate gives a tr() call in a function of this namespace. Inside a class of
// the namespace, call it as cli::tr() so that lupdate reads the same context.
QString tr(const char *text);

} // namespace benchside::cli
