// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "journal/event.h"
#include "specimen/specimen.h"

#include <QCoreApplication>
#include <optional>

namespace benchside {

// What one journal event says on a tube's custody trail. The trail is read from the journal itself
// (SpecimenRepository::custody): a receipt used to write a custody row as well, the most expensive
// projection row of a scan (1.7 of its 13 log pages, decision 65), and a copy of what the journal
// already holds in the event. Details are worded when the trail is read, in the reader's language.
class CustodyTrail
{
    Q_DECLARE_TR_FUNCTIONS(CustodyTrail)

public:
    // Event kinds that can appear on a trail, as a condition on the journal's `kind` column: it keeps
    // a tube's results out of the read; entry() decides, and says nothing for any other kind.
    static const char *const KindCondition;
    // The entry `e` puts on the trail of `accession`: accessioning, each custody step, a manual
    // review mark, an order change from the hospital's system, and the aliquoting step that made
    // `accession` from its parent. Nothing for other events or unknown custody kinds.
    static std::optional<CustodyEntry> entry(const Event &e, const QString &accession);
};

} // namespace benchside
