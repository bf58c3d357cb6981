// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "core/result.h"
#include "journal/eventstore.h"

#include <QCoreApplication>
#include <optional>

namespace benchside {

// A person's hold on a specimen: while it is marked for manual review, the autoverification rules
// release none of its results (a person still may). Marking and clearing are journaled
// (specimen.review_marked) with who and why, so the audit view and the timeline show both.
class ManualReview
{
    Q_DECLARE_TR_FUNCTIONS(ManualReview)

public:
    ManualReview(EventStore &store, Catalog &catalog) : m_store(store), m_catalog(catalog) {}

    // Anyone at the bench may mark; clearing lets rules release again, so it takes a verifier.
    Result<Event> mark(const QString &accession, const QString &reason, const QString &actor);
    Result<Event> clear(const QString &accession, const QString &reason, const QString &actor);
    // Why the specimen is marked, or none when it is not.
    Result<std::optional<QString>> reason(const QString &accession) const;

private:
    Result<Event> set(const QString &accession, bool marked, const QString &reason, const QString &actor);

    EventStore &m_store;
    Catalog &m_catalog;
};

} // namespace benchside
