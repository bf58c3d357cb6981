// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for `catalog import` (models/catalog): the bytes as a catalogue file through
// CatalogImporter on a station that holds a small catalogue already (fuzzstation.h). Besides crashes,
// leaks and undefined behaviour, it aborts when one of these does not hold:
//  - drafts() and warnings() agree on whether the file can be read, and a refusal says why; every
//    warning names a test and says what is wrong;
//  - a technician's import is refused and writes nothing;
//  - an administrator's import succeeds exactly when drafts() does, journals one event per draft, and
//    a failed one writes nothing;
//  - importing the same file again succeeds too (entries with an existing code are replaced);
//  - afterwards the views equal a rebuild from the journal.
#include "catalog/catalogimporter.h"
#include "fuzzstation.h"
#include "projection/rebuildcheck.h"

#include <QSqlQuery>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_catalog: invariant violated: %s\n%s\n", what, qPrintable(detail));
        std::abort();
    }
}

qint64 journalCount(Lab &lab)
{
    QSqlQuery q(lab.database().connection());
    require(q.exec(QStringLiteral("SELECT count(*) FROM journal")) && q.next(), "the journal counts");
    return q.value(0).toLongLong();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzzstation::Fixture station;
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));

    const Result<QList<EventDraft>> drafts = CatalogImporter::drafts(json);
    const Result<QList<CatalogChecker::Warning>> warnings = CatalogImporter::warnings(json);
    require(drafts.ok() == warnings.ok(), "drafts() and warnings() agree");
    if (!drafts.ok()) {
        require(!drafts.error().isEmpty(), "a refused catalogue says why");
    } else {
        for (const CatalogChecker::Warning &w : warnings.value())
            require(!w.test.isEmpty() && !w.message.isEmpty(), "a warning names a test and says why");
    }

    const std::unique_ptr<Lab> lab = station.open();
    const qint64 before = journalCount(*lab);
    const Result<QList<Event>> byTech =
        CatalogImporter::import(lab->store(), lab->permissions(), json, QStringLiteral("tech"));
    require(!byTech.ok() && !byTech.error().isEmpty(), "a technician's import is refused with a reason");
    require(journalCount(*lab) == before, "a refused import writes nothing");

    const Result<QList<Event>> imported =
        CatalogImporter::import(lab->store(), lab->permissions(), json, QStringLiteral("admin"));
    require(imported.ok() == drafts.ok(), "an administrator's import succeeds when the file reads",
            imported.ok() ? QString() : imported.error());
    if (!imported.ok()) {
        require(journalCount(*lab) == before, "a failed import writes nothing");
        return 0;
    }
    require(imported.value().size() == drafts.value().size(), "one event per draft");
    require(journalCount(*lab) == before + imported.value().size(), "the events are in the journal");
    const Result<QList<Event>> again =
        CatalogImporter::import(lab->store(), lab->permissions(), json, QStringLiteral("admin"));
    require(again.ok(), "the same file imports again", again.ok() ? QString() : again.error());

    const Result<QStringList> diff = RebuildCheck::differences(lab->database());
    require(diff.ok(), "the rebuild check runs", diff.ok() ? QString() : diff.error());
    require(diff.value().isEmpty(), "the views equal a rebuild from the journal",
            diff.value().join(QLatin1Char('\n')));
    return 0;
}
