// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "store/database.h"
#include "store/station.h"

#include <QCoreApplication>
#include <QRandomGenerator>

namespace benchside {

// Fills a new (or demo) database with the demo catalogue and specimens whose custody histories
// look like a real laboratory's: tubes accessioned over the past days, received, centrifuged,
// sent to benches and resulted (entered, notified, verified, some amended), stored, some rejected,
// aliquoted, sent to the reference lab or disposed of,
// and the newest ones still on their way to the lab; and a few months of QC before and alongside
// them (DemoQc). The same seed gives the same histories.
class DemoSeeder
{
    Q_DECLARE_TR_FUNCTIONS(DemoSeeder)

public:
    struct Summary
    {
        qint64 specimens = 0;
        qint64 events = 0;
        qint64 pendingReceipt = 0;
        qint64 qcRuns = 0;
    };

    DemoSeeder(Database &database, quint32 seed);
    Result<Summary> seed(qint64 specimens);

    // Sets a new database up as the demo station; refuses a database that holds real records and
    // marks any other as a demo.
    static Status claimForDemo(Database &database);
    static Station demoStation();

    // Everyone on the demo signs in with the same, published secrets: it holds no real patients.
    static QString demoPassword() { return QStringLiteral("benchside"); }
    static QString demoPin() { return QStringLiteral("1234"); }
    static QString demoBadge(const QString &user); // BADGE-PNAIR for p.nair
    // What the sign-in screen of the demo says about them.
    static QString signInHint();

private:
    Database &m_database;
    QRandomGenerator m_rng;
};

} // namespace benchside
