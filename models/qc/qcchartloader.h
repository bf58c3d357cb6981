// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/leveyjenningsdata.h"
#include "qc/qcrepository.h"

namespace benchside {

// The Levey-Jennings data of a test from the QC projections, as recorded: each point carries the
// z-score, violations and run status its run was judged with when it was applied (so a chart shows
// what the lockout acted on, even after the rules or targets of a later lot changed).
class QcChartLoader
{
public:
    explicit QcChartLoader(const QcRepository &repository) : m_repository(repository) {}

    // One lot, or every lot of the test when `lot` is empty (lot changes marked).
    Result<LeveyJenningsData> load(const QString &testCode, const QString &lot = {}) const;

private:
    const QcRepository &m_repository;
};

} // namespace benchside
