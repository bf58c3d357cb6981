// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace benchside {

// One level of a control lot for one test, as qc_lots holds it.
struct QcLot
{
    QString testCode;
    QString lot;
    int level = 0;
    QString bench;
    QString material;
    QString expires;            // ISO date, the last day the lot may be used; empty when none was given
    std::optional<double> mean; // both empty while the lot is establishing its targets
    std::optional<double> sd;
    QString targetSource; // insert, establishing, established
    int targetN = 0;      // points the established targets were computed from
    QString definedBy;
    qint64 definedAtMs = 0;

    bool hasTargets() const { return mean.has_value() && sd.has_value(); }
};

// One control value as qc_results holds it, with the judgement made when its run was applied.
struct QcResultRow
{
    QString testCode;
    QString runId;
    QString lot;
    int level = 0;
    QString bench;
    double value = 0;
    qint64 measuredAtMs = 0;
    QString analyzer;
    QString recordedBy;
    QString eventId;
    qint64 hlc = 0;
    int position = 0;
    std::optional<double> z; // empty for a value of a lot that was establishing its targets
    bool judged = false;     // judged against its lot's targets (not while the lot was establishing)
    QStringList violations;  // rule names (QcRuleSet's), e.g. "2-2s"
    QString runStatus;       // accepted, warning, rejected, establishing
};

// What a lab records for one run: every level of one test measured together.
struct QcRunValue
{
    QString lot;
    int level = 0;
    double value = 0;
    int line = 0; // the CSV line it came from; 0 when entered by hand
};

struct QcRunDraft
{
    QString runId; // empty: QcService makes one
    QString testCode;
    QString analyzer;
    qint64 measuredAtMs = 0; // 0: now
    QList<QcRunValue> values;
};

} // namespace benchside
