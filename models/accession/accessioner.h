// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "accession/accessionrequest.h"
#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"
#include "specimen/specimenrepository.h"

#include <QCoreApplication>

namespace benchside {

// Records a new specimen: checks the request against the catalogue, assigns an accession number
// (unless the tube carries a valid pre-printed one) and writes one specimen.accessioned event.
class Accessioner
{
    Q_DECLARE_TR_FUNCTIONS(Accessioner)

public:
    Accessioner(EventStore &store, SpecimenRepository &specimens, Catalog &catalog);

    Result<Specimen> accession(const AccessionRequest &request, const QString &actor);

    static const QStringList &priorities();

private:
    Result<EventDraft> decide(const AccessionRequest &request);

    EventStore &m_store;
    SpecimenRepository &m_specimens;
    Catalog &m_catalog;
};

} // namespace benchside
