// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace benchside {

// Which columns of an analyzer's CSV export hold what (docs/qc-import.md). Columns are named by
// their header text (matched without regard to case or surrounding spaces). `run` is optional:
// without it, the rows of one test measured at the same time make one run.
struct QcAnalyzerMapping
{
    Q_DECLARE_TR_FUNCTIONS(QcAnalyzerMapping)

public:
    QString analyzer;
    QString test;
    QString lot;
    QString level;
    QString value;
    QString time;
    QString run;
    QString timeFormat; // a Qt date-time format ("dd.MM.yyyy HH:mm"); empty: ISO 8601

    QJsonObject toJson() const;
    static Result<QcAnalyzerMapping> fromJson(const QString &analyzer, const QJsonObject &o);
    // "test=Assay,lot=Lot No,level=Level,value=Result,time=Date,run=Run" (';' may separate too).
    static Result<QcAnalyzerMapping> parse(const QString &analyzer, const QString &columns,
                                           const QString &timeFormat = {});
    Status validate() const;
    // "test=Assay, lot=Lot No, …", the form parse() reads.
    QString describe() const;
};

} // namespace benchside
