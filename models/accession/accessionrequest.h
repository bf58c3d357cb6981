// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "specimen/specimen.h"

#include <QStringList>

namespace benchside {

struct AccessionRequest
{
    QString barcode; // a pre-printed accession number on the tube, or empty to assign one
    Patient patient; // mrn empty = not identified
    QString specimenType;
    QString container;        // empty = the container of the first test
    qint64 collectedAtMs = 0; // 0 = now
    QString collector;
    QString priority = QStringLiteral("routine");
    QStringList tests;
    QString location; // empty = the station's default location
};

} // namespace benchside
