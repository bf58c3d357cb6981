// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalog/catalogimporter.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace benchside {

namespace {
struct Section
{
    const char *key;
    const char *idField;
    const char *kind;
};
} // namespace

Result<QList<EventDraft>> CatalogImporter::drafts(const QByteArray &json)
{
    using R = Result<QList<EventDraft>>;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return R::failure(tr("The catalogue is not valid JSON (%1 at byte %2).")
                              .arg(error.errorString())
                              .arg(error.offset));
    const QJsonObject root = doc.object();

    // Order matters: tests refer to benches, specimen types and containers defined before them.
    static const Section sections[] = {
        {"sites", "code", "catalog.site.defined"},
        {"benches", "code", "catalog.bench.defined"},
        {"specimen_types", "code", "catalog.specimen_type.defined"},
        {"containers", "code", "catalog.container.defined"},
        {"tests", "code", "catalog.test.defined"},
        {"locations", "path", "catalog.location.defined"},
        {"users", "name", "catalog.user.defined"},
    };
    QHash<QString, QSet<QString>> defined;
    QList<EventDraft> out;
    for (const Section &section : sections) {
        const QString key = QString::fromLatin1(section.key);
        const QJsonArray items = root.value(key).toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            QJsonObject item = items.at(i).toObject();
            const QString id = item.value(QLatin1String(section.idField)).toString().trimmed();
            if (id.isEmpty())
                return R::failure(tr("Catalogue entry %1 of \"%2\" has no %3.")
                                      .arg(i + 1)
                                      .arg(key, QLatin1String(section.idField)));
            if (key == QLatin1String("tests")) {
                for (const char *ref : {"bench", "specimen_type", "container"}) {
                    const QString refKey = QString::fromLatin1(ref) == QLatin1String("bench")
                                               ? QStringLiteral("benches")
                                               : QString::fromLatin1(ref) + QLatin1Char('s');
                    const QString value = item.value(QLatin1String(ref)).toString();
                    if (!defined.value(refKey).contains(value))
                        return R::failure(
                            tr("Test %1 refers to %2 \"%3\", which the catalogue does not define.")
                                .arg(id, QLatin1String(ref), value));
                }
            }
            if (key == QLatin1String("users") &&
                !Permissions::roles().contains(item.value(QLatin1String("role")).toString()))
                return R::failure(
                    tr("User %1 has no valid role (technician, supervisor or administrator).").arg(id));
            defined[key].insert(id);
            item.remove(QLatin1String(section.idField));
            out.append({QString::fromLatin1(section.kind), id, item});
        }
    }
    if (out.isEmpty())
        return R::failure(tr("The catalogue defines nothing."));
    return out;
}

Result<QList<CatalogChecker::Warning>> CatalogImporter::warnings(const QByteArray &json)
{
    using R = Result<QList<CatalogChecker::Warning>>;
    Result<QList<EventDraft>> parsed = drafts(json);
    if (!parsed)
        return R::failure(parsed.error());
    QList<CatalogChecker::Warning> out;
    for (const EventDraft &d : parsed.value()) {
        if (d.kind == QLatin1String("catalog.test.defined"))
            out << CatalogChecker::checkTest(d.subject, d.payload);
    }
    return out;
}

Result<QList<Event>> CatalogImporter::import(EventStore &store, const Permissions &permissions,
                                             const QByteArray &json, const QString &actor)
{
    Result<QList<EventDraft>> parsed = drafts(json);
    if (!parsed)
        return Result<QList<Event>>::failure(parsed.error());
    return store.write(actor, [&]() -> Result<QList<EventDraft>> {
        if (Status s = permissions.check(actor, Permission::EditCatalog); !s)
            return Result<QList<EventDraft>>::failure(s.error());
        return parsed.value();
    });
}

} // namespace benchside
