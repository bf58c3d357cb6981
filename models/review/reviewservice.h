// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"
#include "review/reviewflag.h"

#include <QCoreApplication>
#include <QList>

namespace benchside {

// The specimens whose records from different stations conflict, and a supervisor's decision on them.
class ReviewService
{
    Q_DECLARE_TR_FUNCTIONS(ReviewService)

public:
    ReviewService(EventStore &store, Catalog &catalog) : m_store(store), m_catalog(catalog) {}

    // Open flags, oldest first; of one specimen when `accession` is given, with resolved ones too.
    Result<QList<ReviewFlag>> flags(const QString &accession = {}) const;
    // Records the decision (review.resolved) on every open flag of the specimen. Supervisors and
    // administrators only; the resolution says which result stands and why.
    Result<Event> resolve(const QString &accession, const QString &resolution, const QString &actor);

private:
    EventStore &m_store;
    Catalog &m_catalog;
};

} // namespace benchside
