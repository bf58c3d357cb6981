// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/analyzerdefinition.h"
#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>

namespace benchside {

// An analyzer's test-code map as a CSV file: the header `analyzer_code,test,unit,factor`, then one
// line per analyzer code; unit and factor may be empty. The whole file is refused, every bad line
// named, when any line is wrong: half a map would send some results to the wrong test.
class AnalyzerMapCsv
{
    Q_DECLARE_TR_FUNCTIONS(AnalyzerMapCsv)

public:
    static Result<QList<AnalyzerMapEntry>> parse(const QByteArray &data);
};

} // namespace benchside
