// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7testcodes.h"

namespace benchside {

QList<TestDefinition> Hl7TestCodes::match(const QString &identifier, const QString &codingSystem,
                                          const QString &sendingApplication) const
{
    QList<TestDefinition> out;
    const QString id = identifier.trimmed();
    if (id.isEmpty())
        return out;
    const QString system = codingSystem.trimmed();
    if (system == QLatin1String("LN")) {
        for (const TestDefinition &t : m_tests) {
            if (t.loinc == id)
                out << t;
        }
        return out;
    }
    for (const TestDefinition &t : m_tests) {
        if ((!system.isEmpty() && t.codes.value(system) == id) ||
            (!sendingApplication.isEmpty() && t.codes.value(sendingApplication) == id))
            out << t;
    }
    if (!out.isEmpty())
        return out;
    // "L" is local to the sender, not to us: a sender's "CA" may be a tumour marker, ours is calcium.
    if (system.isEmpty() || system == QLatin1String("BENCHSIDE")) {
        if (const TestDefinition *t = byCode(id))
            out << *t;
    }
    return out;
}

const TestDefinition *Hl7TestCodes::byCode(const QString &code) const
{
    for (const TestDefinition &t : m_tests) {
        if (t.code == code)
            return &t;
    }
    return nullptr;
}

} // namespace benchside
