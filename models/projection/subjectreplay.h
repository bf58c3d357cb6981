// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "journal/event.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDatabase>
#include <functional>

namespace benchside {

class Projector;

// Brings the projections up to date after events arrived that come, in replay order, before
// events already projected (another station's work pulled late). Instead of replaying the whole
// journal it re-projects only the specimens those events are about: their rows are removed and all
// their events replayed in order. A specimen's rows depend only on its own events, its family's
// (aliquots) and its patient's other specimens (the patient row), which are taken in too, and on the
// catalogue (turnaround times), which is why a catalogue change since the earliest late event is left
// to a full rebuild (decisions.md 37). Late QC events re-project their tests (QcReplay, decisions.md
// 62); a late event of any other kind is left to a full rebuild too.
class SubjectReplay
{
    Q_DECLARE_TR_FUNCTIONS(SubjectReplay)

public:
    SubjectReplay(QSqlDatabase db, Projector &projector) : m_db(std::move(db)), m_projector(projector) {}

    // `events` are in the journal already and sorted in replay order; `inOrder` tells those that come
    // after everything projected before. Runs inside the caller's transaction. Returns false
    // (nothing changed) when only a full rebuild can do it.
    Result<bool> apply(const QList<Event> &events, const std::function<bool(const Event &)> &inOrder);

    static bool isSpecimenEvent(const QString &kind);
    // Kinds whose projection does not depend on arrival order (credentials, sign-ins), applied late
    // as they come.
    static bool isOrderFree(const QString &kind);

private:
    Result<QSet<QString>> widen(QSet<QString> accessions, QSet<QString> &mrns);
    Status remove(const QSet<QString> &accessions, const QSet<QString> &mrns);
    Status replay(const QSet<QString> &accessions);
    Status exec(QSqlQuery &q);

    QSqlDatabase m_db;
    Projector &m_projector;
};

} // namespace benchside
