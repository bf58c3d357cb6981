// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace benchside {

// Finds what a catalogue's numeric tests leave undefined or contradictory, so that no result is
// judged against a hole without someone having been told: an age band of [0, 120) years without a
// reference range for women or for men, a test without any range, a critical limit inside the normal
// interval, and a plausibility interval (plausible_low, plausible_high) that is missing, empty or
// narrower than the ranges it should contain. It reads the test definitions as the catalogue file
// writes them (tests.definition holds the same object), so it needs no database.
class CatalogChecker
{
    Q_DECLARE_TR_FUNCTIONS(CatalogChecker)

public:
    struct Warning
    {
        QString test;    // the test's code
        QString message; // what is wrong and what to do, in a sentence
        bool operator==(const Warning &) const = default;
    };

    // The ages every numeric test must cover, for each sex: [0, MaxAgeYears).
    static constexpr double MaxAgeYears = 120;

    // `tests`: the catalogue's "tests" array (objects with "code" and the definition's fields).
    static QList<Warning> check(const QJsonArray &tests);
    // One test definition; coded and text tests have nothing to check.
    static QList<Warning> checkTest(const QString &code, const QJsonObject &definition);
    static bool isNumeric(const QJsonObject &definition);
};

} // namespace benchside
