// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

namespace benchside {

// This workstation's identity. The station id doubles as the accession-number prefix, which is
// what keeps numbers unique across stations that accession while offline.
struct Station
{
    Q_DECLARE_TR_FUNCTIONS(Station)

public:
    QString id;
    QString site;
    QString defaultLocation;
    QString defaultActor;
    bool isDemo = false;

    static Result<Station> load(const QSqlDatabase &db);
    static Status create(const QSqlDatabase &db, const Station &station);
    static Status markDemo(const QSqlDatabase &db);

    // 2-8 characters of A-Z/0-9 that start and end with a letter, so that the two-digit year that
    // follows in an accession number can never be read as part of the prefix.
    static bool isValidId(const QString &id);
    static QString randomId();
};

} // namespace benchside
