// SPDX-License-Identifier: GPL-3.0-or-later
#include "setupcommands.h"

#include "catalog/catalogimporter.h"
#include "commandcontext.h"
#include "demo/demoanalyzers.h"
#include "demo/demohl7.h"
#include "demo/demoseeder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {

int init(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(0, QString()); e != Ok)
        return e;
    Station station;
    station.id = inv.option("--station", Station::randomId()).toUpper();
    station.site = inv.option("--site", QStringLiteral("MAIN"));
    station.defaultLocation = inv.option("--location", QStringLiteral("Main Lab / Receiving"));
    station.defaultActor = QStringLiteral("admin");
    if (Status s = Lab::initialise(inv.db, station); !s)
        return ctx.fail(BadInput, s.error());
    if (inv.flag("--catalog")) {
        QFile file(inv.option("--catalog"));
        if (!file.open(QIODevice::ReadOnly))
            return ctx.fail(BadInput,
                            tr("Cannot read the catalogue %1: %2").arg(file.fileName(), file.errorString()));
        Result<std::unique_ptr<Lab>> lab = Lab::open(inv.db);
        if (!lab)
            return ctx.fail(Failure, lab.error());
        Result<QList<Event>> w = CatalogImporter::import(lab.value()->store(), lab.value()->permissions(),
                                                         file.readAll(), station.defaultActor);
        if (!w)
            return ctx.fail(BadInput, w.error());
    }
    if (inv.json)
        ctx.printJson(QJsonObject{{QStringLiteral("station"), station.id},
                                  {QStringLiteral("site"), station.site},
                                  {QStringLiteral("database"), inv.db}});
    else
        ctx.out() << tr("Station %1 (site %2) set up in %3").arg(station.id, station.site, inv.db) << '\n';
    return Ok;
}

int seedDemo(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    bool okN = true, okSeed = true;
    const qint64 n = inv.option("--specimens", QStringLiteral("200")).toLongLong(&okN);
    const quint32 seed = inv.option("--seed", QStringLiteral("1")).toUInt(&okSeed);
    if (!okN || n < 0)
        return ctx.fail(BadInput, tr("--specimens needs a number of specimens, such as 500."));
    if (!okSeed)
        return ctx.fail(BadInput, tr("--seed needs a whole number."));
    Result<std::unique_ptr<Database>> db = Database::open(inv.db);
    if (!db)
        return ctx.fail(BadInput, db.error());
    DemoSeeder seeder(*db.value(), seed);
    Result<DemoSeeder::Summary> summary = seeder.seed(n);
    if (!summary)
        return ctx.fail(BadInput, summary.error());
    db.value().reset();
    if (int e = ctx.openLab(); e != Ok)
        return e;
    if (Status s = DemoHl7::seed(ctx.lab(), ctx.lab().station().defaultActor); !s)
        return ctx.fail(Failure, s.error());
    if (Status s = DemoAnalyzers::seed(ctx.lab(), ctx.lab().station().defaultActor); !s)
        return ctx.fail(Failure, s.error());
    if (inv.json)
        ctx.printJson(QJsonObject{{QStringLiteral("specimens"), summary.value().specimens},
                                  {QStringLiteral("events"), summary.value().events},
                                  {QStringLiteral("pending_receipt"), summary.value().pendingReceipt},
                                  {QStringLiteral("qc_runs"), summary.value().qcRuns}});
    else
        ctx.out() << tr("Demo data: %1 specimens (%2 not yet received), %3 QC runs, %4 journal events")
                         .arg(summary.value().specimens)
                         .arg(summary.value().pendingReceipt)
                         .arg(summary.value().qcRuns)
                         .arg(summary.value().events)
                  << '\n';
    return Ok;
}

QJsonArray codeNamesJson(const QList<CodeName> &list)
{
    QJsonArray a;
    for (const CodeName &cn : list)
        a.append(QJsonObject{{QStringLiteral("code"), cn.code}, {QStringLiteral("name"), cn.name}});
    return a;
}

// catalog import FILE [--strict]: the administrator's way to add or change tests, benches, locations
// and the rest. What CatalogChecker finds (a range missing for an age band or a sex, a critical limit
// inside the normal interval, a missing or too narrow plausibility interval) is reported and the file
// still imported; with --strict a file with any such warning is refused whole (exit 2).
int importCatalog(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("a catalogue file")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    QFile file(ctx.positional(1));
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(BadInput,
                        tr("Cannot read the catalogue %1: %2").arg(file.fileName(), file.errorString()));
    const QByteArray json = file.readAll();
    Result<QList<CatalogChecker::Warning>> warnings = CatalogImporter::warnings(json);
    if (!warnings)
        return ctx.fail(BadInput, warnings.error());
    const bool refused = ctx.invocation().flag("--strict") && !warnings.value().isEmpty();
    QList<Event> recorded;
    if (!refused) {
        Result<QList<Event>> w =
            CatalogImporter::import(ctx.lab().store(), ctx.lab().permissions(), json, ctx.actor());
        if (!w)
            return ctx.fail(BadInput, w.error());
        recorded = w.value();
    }
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const CatalogChecker::Warning &w : warnings.value())
            a.append(QJsonObject{{QStringLiteral("test"), w.test}, {QStringLiteral("message"), w.message}});
        ctx.printJson(
            QJsonObject{{QStringLiteral("events"), int(recorded.size())}, {QStringLiteral("warnings"), a}});
    } else {
        for (const CatalogChecker::Warning &w : warnings.value())
            ctx.note(tr("%1: %2").arg(w.test, w.message));
    }
    if (refused)
        return ctx.fail(BadInput,
                        tr("--strict: the catalogue is refused for its warnings (%1 in all); nothing "
                           "was recorded. Correct the file, or import it without --strict.")
                            .arg(warnings.value().size()));
    if (!ctx.invocation().json)
        ctx.out() << tr("%1 catalogue entries recorded.").arg(recorded.size()) << '\n';
    return Ok;
}

int catalog(CommandContext &ctx)
{
    if (ctx.positional(0) == QLatin1String("import"))
        return importCatalog(ctx);
    if (int e = ctx.needPositional(0, QString()); e != Ok)
        return e;
    Catalog &c = ctx.lab().catalog();
    auto types = c.specimenTypes();
    auto benches = c.benches();
    auto containers = c.containers();
    auto tests = c.tests();
    auto locations = c.locations();
    auto users = c.users();
    for (const QString &e : {types.error(), benches.error(), containers.error(), tests.error(),
                             locations.error(), users.error()}) {
        if (!e.isEmpty())
            return ctx.fail(Failure, e);
    }
    if (ctx.invocation().json) {
        QJsonArray t, l, u;
        for (const TestDefinition &d : tests.value())
            t.append(QJsonObject{{QStringLiteral("code"), d.code},
                                 {QStringLiteral("name"), d.name},
                                 {QStringLiteral("bench"), d.bench},
                                 {QStringLiteral("specimen_type"), d.specimenType},
                                 {QStringLiteral("container"), d.container},
                                 {QStringLiteral("tat_minutes"), d.tatMinutes},
                                 {QStringLiteral("unit"), d.unit},
                                 {QStringLiteral("result_type"), d.resultType}});
        for (const Location &loc : locations.value())
            l.append(QJsonObject{{QStringLiteral("path"), loc.path}, {QStringLiteral("kind"), loc.kind}});
        for (const User &user : users.value())
            u.append(QJsonObject{{QStringLiteral("name"), user.name},
                                 {QStringLiteral("display_name"), user.displayName},
                                 {QStringLiteral("role"), user.role}});
        ctx.printJson(QJsonObject{{QStringLiteral("specimen_types"), codeNamesJson(types.value())},
                                  {QStringLiteral("containers"), codeNamesJson(containers.value())},
                                  {QStringLiteral("benches"), codeNamesJson(benches.value())},
                                  {QStringLiteral("tests"), t},
                                  {QStringLiteral("locations"), l},
                                  {QStringLiteral("users"), u}});
        return Ok;
    }
    QTextStream &out = ctx.out();
    out << tr("Specimen types") << '\n';
    for (const CodeName &cn : types.value())
        out << "  " << cn.code.leftJustified(12) << cn.name << '\n';
    out << tr("Containers") << '\n';
    for (const CodeName &cn : containers.value())
        out << "  " << cn.code.leftJustified(12) << cn.name << '\n';
    out << tr("Benches and tests") << '\n';
    for (const CodeName &b : benches.value()) {
        out << "  " << b.code.leftJustified(8) << b.name << '\n';
        for (const TestDefinition &d : tests.value()) {
            if (d.bench == b.code)
                out << "      " << d.code.leftJustified(8) << d.name.leftJustified(36) << d.specimenType
                    << '\n';
        }
    }
    out << tr("Storage locations") << '\n';
    for (const Location &loc : locations.value())
        out << "  " << loc.path << '\n';
    out << tr("Users") << '\n';
    for (const User &user : users.value())
        out << "  " << user.name.leftJustified(14) << user.role.leftJustified(15) << user.displayName << '\n';
    return Ok;
}

} // namespace

const QList<Command> &setupCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"init", DatabasePath, &init,
         QT_TRANSLATE_NOOP("benchside::cli",
                           "init [--station ID] [--site SITE] [--location PATH] [--catalog FILE]"),
         QT_TRANSLATE_NOOP("benchside::cli", "set up a new station database")},
        {"seed-demo", DatabasePath, &seedDemo,
         QT_TRANSLATE_NOOP("benchside::cli", "seed-demo [--specimens N] [--seed S]"),
         QT_TRANSLATE_NOOP("benchside::cli", "fill a new database with the demo catalogue and specimens")},
        {"catalog", OpenLab, &catalog,
         QT_TRANSLATE_NOOP("benchside::cli", "catalog | catalog import FILE [--strict]"),
         QT_TRANSLATE_NOOP("benchside::cli", "specimen types, containers, benches, tests, locations, users")},
    };
    return commands;
}

} // namespace benchside::cli
