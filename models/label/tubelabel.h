// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "specimen/specimen.h"

#include <QCoreApplication>
#include <QString>

namespace benchside {

// What a tube label says, taken from a specimen once so that every output (screen, PDF, PNG,
// ZPL) prints the same words. The accession number is the only thing the barcodes carry: the
// patient's details are for the eye, and are never encoded.
struct TubeLabel
{
    Q_DECLARE_TR_FUNCTIONS(TubeLabel)

public:
    QString accession;
    QString patientName; // empty when the patient is not identified
    QString mrn;
    QString birthDate; // ISO 8601 date
    QString specimenType;
    qint64 collectedAtMs = 0;
    QString parent; // the primary tube of an aliquot

    // `typeName` is the catalogue's name for the specimen type; the code when empty.
    static TubeLabel fromSpecimen(const Specimen &specimen, const QString &typeName = {});

    // The human-readable lines, in the order they are printed.
    QString nameLine() const;
    QString mrnLine() const;
    QString birthLine() const;
    QString specimenLine() const; // collection time, type, and the primary tube of an aliquot
};

} // namespace benchside
