// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "specimen/specimen.h"
#include "store/statementcache.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <optional>

namespace benchside {

// Reads specimens from the projections and their custody timelines from the journal. Lookups are by
// primary key with statements prepared once, because they sit on the scan path.
class SpecimenRepository
{
    Q_DECLARE_TR_FUNCTIONS(SpecimenRepository)

public:
    explicit SpecimenRepository(QSqlDatabase db);

    // The specimen with its patient; orders and children only when `withDetails`.
    Result<std::optional<Specimen>> find(const QString &accession, bool withDetails = true);
    Result<QList<CustodyEntry>> custody(const QString &accession); // newest first
    // The custody timeline with what autoverification decided on the tube's results between the
    // steps (kinds autoverify.released and autoverify.held, the test and reasons as the detail), newest
    // first: read from the results' history, so that deciding costs a receipt no extra row.
    Result<QList<CustodyEntry>> timeline(const QString &accession);
    Result<qint64> lastCounterValue(const QString &prefix);
    bool exists(const QString &accession);
    std::optional<Patient> patient(const QString &mrn);

private:
    struct Step
    {
        qint64 hlc = 0;
        CustodyEntry entry;
    };
    // The tube's custody trail, read from the journal (CustodyTrail), newest first.
    Result<QList<Step>> steps(const QString &accession);
    static QList<CustodyEntry> entries(const QList<Step> &steps);
    QSqlDatabase m_db;
    // The scan path's lookups go straight to SQLite: through QSqlQuery each cost about 75,000
    // instructions, most of them Qt describing the result's columns again on every exec.
    StatementCache m_statements{m_db};
};

} // namespace benchside
