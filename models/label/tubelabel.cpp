// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/tubelabel.h"

#include <QCoreApplication>
#include <QDateTime>

namespace benchside {

TubeLabel TubeLabel::fromSpecimen(const Specimen &specimen, const QString &typeName)
{
    TubeLabel l;
    l.accession = specimen.accession;
    l.patientName = specimen.patient.name;
    l.mrn = specimen.patient.mrn;
    l.birthDate = specimen.patient.birthDate;
    l.specimenType = typeName.isEmpty() ? specimen.specimenType : typeName;
    l.collectedAtMs = specimen.collectedAtMs;
    l.parent = specimen.parent;
    return l;
}

QString TubeLabel::nameLine() const
{
    if (mrn.isEmpty() && patientName.isEmpty())
        return tr("PATIENT NOT IDENTIFIED");
    return patientName.simplified();
}

QString TubeLabel::mrnLine() const
{
    return mrn.isEmpty() ? QString() : tr("MRN %1").arg(mrn);
}

QString TubeLabel::birthLine() const
{
    return birthDate.isEmpty() ? QString() : tr("DOB %1").arg(birthDate);
}

QString TubeLabel::specimenLine() const
{
    // The collection time first: a long specimen type is cut at the label's edge, the time never is.
    QStringList parts;
    if (collectedAtMs > 0)
        parts << QDateTime::fromMSecsSinceEpoch(collectedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    if (!specimenType.isEmpty())
        parts << specimenType;
    if (!parent.isEmpty())
        parts << tr("aliquot of %1").arg(parent);
    return parts.join(QStringLiteral("  "));
}

} // namespace benchside
