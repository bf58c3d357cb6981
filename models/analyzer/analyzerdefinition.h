// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmendpoint.h"
#include "astm/astmmessage.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>
#include <utility>

namespace benchside {

// One line of an analyzer's test-code map: what the analyzer calls a test, which catalogue test it
// is, the unit the analyzer sends it in and a factor to our unit (none: the same unit).
struct AnalyzerMapEntry
{
    QString analyzerCode;
    QString test;
    QString unit; // "" accepts the unit the catalogue test has
    std::optional<double> factor;

    // The analyzer's value and unit as Benchside records them: a unit the map names is the test's own
    // once scaled by the factor (the unit to record is then ""); refused, with the reason, when the
    // unit is another or a factor meets a value that is not a number.
    Result<std::pair<QString, QString>> toOurs(const QString &value, const QString &sentUnit) const;
    // 'H', 'L' or 'I' when the map's test is "index:H", "index:L" or "index:I": the code is the
    // analyzer's hemolysis, lipemia or icterus index, sent with a specimen's results for
    // autoverification to judge them by, not a test of its own.
    std::optional<QChar> serumIndex() const;

    friend bool operator==(const AnalyzerMapEntry &, const AnalyzerMapEntry &) = default;
};

// An analyzer as the station knows it: where its line is, how its maker writes codes (AstmProfile)
// and its map.
struct AnalyzerDefinition
{
    Q_DECLARE_TR_FUNCTIONS(AnalyzerDefinition)

public:
    QString name;
    AstmEndpoint endpoint;
    AstmProfile profile = AstmProfile::Generic;
    bool active = true;
    QList<AnalyzerMapEntry> map;

    const AnalyzerMapEntry *entryForCode(const QString &analyzerCode) const;
    // The analyzer's codes for a catalogue test (usually one).
    QStringList codesForTest(const QString &test) const;

    static QString profileName(AstmProfile profile);
    static std::optional<AstmProfile> profileFromName(const QString &name);
    static QStringList profileNames();
};

} // namespace benchside
