// SPDX-License-Identifier: GPL-3.0-or-later
#include "specimen/specimen.h"

#include <QCoreApplication>

namespace benchside {

QStringList Specimen::testCodes() const
{
    QStringList codes;
    for (const TestOrder &o : orders)
        codes << o.testCode;
    return codes;
}

QString Specimen::summary() const
{
    const QString who =
        patient.mrn.isEmpty()
            ? QCoreApplication::translate("Specimen", "patient not identified")
            : QCoreApplication::translate("Specimen", "%1 (MRN %2)").arg(patient.name, patient.mrn);
    return QStringLiteral("%1 · %2 · %3 · %4")
        .arg(who, specimenType, priority.toUpper(), testCodes().join(QStringLiteral(", ")));
}

} // namespace benchside
