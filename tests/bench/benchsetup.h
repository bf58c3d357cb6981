// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What every benchmark does before it measures: stop with a message on any failure, and the demo
// catalogue compiled into the models library.

#include "core/result.h"

#include <QCoreApplication>
#include <QFile>
#include <cstdio>
#include <cstdlib>

namespace benchsetup {

[[noreturn]] inline void die(const QString &what)
{
    std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(what));
    std::exit(1);
}

inline void check(const benchside::Status &s, const char *what)
{
    if (!s)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), s.error()));
}

template<typename T> T check(benchside::Result<T> r, const char *what)
{
    if (!r)
        die(QStringLiteral("%1: %2").arg(QLatin1String(what), r.error()));
    return std::move(r.value());
}

inline QByteArray demoCatalog()
{
    QFile f(QStringLiteral(":/demo/catalog.json"));
    if (!f.open(QIODevice::ReadOnly))
        die(QStringLiteral("the demo catalogue is not compiled in"));
    return f.readAll();
}

} // namespace benchsetup
