// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/permissions.h"
#include "catalog/catalogchecker.h"
#include "core/result.h"
#include "journal/event.h"
#include "journal/eventstore.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace benchside {

// Turns a catalogue file (resources/demo/catalog.json is one) into catalogue events, so that the
// catalogue is journaled, audited and synchronised like everything else.
class CatalogImporter
{
    Q_DECLARE_TR_FUNCTIONS(CatalogImporter)

public:
    static Result<QList<EventDraft>> drafts(const QByteArray &json);
    // What CatalogChecker finds in the file's tests: holes and contradictions that do not stop an
    // import but leave results unjudged (the CLI's --strict refuses the file for them). Fails only
    // when drafts() does.
    static Result<QList<CatalogChecker::Warning>> warnings(const QByteArray &json);
    // Checks the file, then journals it as `actor`, who must be an administrator: nothing is written
    // when either fails. Entries with an existing code replace the old definition.
    static Result<QList<Event>> import(EventStore &store, const Permissions &permissions,
                                       const QByteArray &json, const QString &actor);
};

} // namespace benchside
