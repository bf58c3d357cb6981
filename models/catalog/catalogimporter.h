#pragma once

#include "core/result.h"
#include "journal/event.h"

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
};

} // namespace benchside
