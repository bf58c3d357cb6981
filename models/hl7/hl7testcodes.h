// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"

#include <QList>
#include <QString>

namespace benchside {

// Which catalogue tests an ordered code (a CWE: identifier, text, coding system, and the alternate
// triplet in components 4–6) stands for. Never a guess: LOINC matches the test's LOINC code; any other
// coding system matches the code the test declares for that system or for the sending application
// (MSH-3); our own code matches only when the coding system is ours or none ("" or "BENCHSIDE").
// One code may stand for several tests (a panel mapped that way on purpose).
class Hl7TestCodes
{
public:
    explicit Hl7TestCodes(QList<TestDefinition> tests) : m_tests(std::move(tests)) {}

    QList<TestDefinition> match(const QString &identifier, const QString &codingSystem,
                                const QString &sendingApplication) const;
    const TestDefinition *byCode(const QString &code) const;

private:
    QList<TestDefinition> m_tests;
};

} // namespace benchside
