#include "clicommands.h"

#include "accession/accessionnumber.h"
#include "catalog/catalogimporter.h"
#include "custody/custodykind.h"
#include "demo/demoseeder.h"
#include "journal/chainverifier.h"
#include "lab/lab.h"
#include "projection/rebuildcheck.h"
#include "scan/keycapture.h"
#include "scan/scanreplayer.h"
#include "settings/settings.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace benchside::cli {

namespace {

const QSet<QString> &valueOptions()
{
    static const QSet<QString> names{
        QStringLiteral("--db"),        QStringLiteral("--as"),          QStringLiteral("--station"),
        QStringLiteral("--site"),      QStringLiteral("--location"),    QStringLiteral("--catalog"),
        QStringLiteral("--specimens"), QStringLiteral("--seed"),        QStringLiteral("--barcode"),
        QStringLiteral("--type"),      QStringLiteral("--tests"),       QStringLiteral("--priority"),
        QStringLiteral("--patient"),   QStringLiteral("--name"),        QStringLiteral("--dob"),
        QStringLiteral("--sex"),       QStringLiteral("--container"),   QStringLiteral("--collector"),
        QStringLiteral("--collected"), QStringLiteral("--action"),      QStringLiteral("--kind"),
        QStringLiteral("--reason"),    QStringLiteral("--reason-code"), QStringLiteral("--count"),
        QStringLiteral("--status"),
    };
    return names;
}

const QSet<QString> &flagOptions()
{
    static const QSet<QString> names{QStringLiteral("--json"), QStringLiteral("--fast"),
                                     QStringLiteral("--check"), QStringLiteral("--help"),
                                     QStringLiteral("--version")};
    return names;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("benchside-cli", text);
}

QString isoTime(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms)
                        .toOffsetFromUtc(QDateTime::currentDateTime().offsetFromUtc())
                        .toString(Qt::ISODate)
                  : QString();
}

void printJson(QTextStream &out, const QJsonValue &v)
{
    const QJsonDocument doc = v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject());
    out << QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

QJsonObject specimenJson(const Specimen &s)
{
    QJsonArray tests;
    for (const TestOrder &o : s.orders)
        tests.append(QJsonObject{{QStringLiteral("order_id"), o.orderId},
                                 {QStringLiteral("code"), o.testCode},
                                 {QStringLiteral("name"), o.testName},
                                 {QStringLiteral("bench"), o.bench},
                                 {QStringLiteral("status"), o.status}});
    QJsonObject patient;
    if (!s.patient.mrn.isEmpty())
        patient = QJsonObject{{QStringLiteral("mrn"), s.patient.mrn},
                              {QStringLiteral("name"), s.patient.name},
                              {QStringLiteral("birth_date"), s.patient.birthDate},
                              {QStringLiteral("sex"), s.patient.sex}};
    return QJsonObject{{QStringLiteral("accession"), s.accession},
                       {QStringLiteral("parent"), s.parent},
                       {QStringLiteral("status"), s.status},
                       {QStringLiteral("location"), s.location},
                       {QStringLiteral("specimen_type"), s.specimenType},
                       {QStringLiteral("container"), s.container},
                       {QStringLiteral("priority"), s.priority},
                       {QStringLiteral("collected_at"), isoTime(s.collectedAtMs)},
                       {QStringLiteral("collector"), s.collector},
                       {QStringLiteral("accessioned_at"), isoTime(s.accessionedAtMs)},
                       {QStringLiteral("received_at"), isoTime(s.receivedAtMs)},
                       {QStringLiteral("patient"), patient},
                       {QStringLiteral("tests"), tests},
                       {QStringLiteral("aliquots"), QJsonArray::fromStringList(s.children)}};
}

void printSpecimen(QTextStream &out, const Specimen &s)
{
    out << s.accession << "  " << CustodyKinds::statusLabel(s.status) << '\n';
    out << "  " << s.summary() << '\n';
    if (!s.location.isEmpty())
        out << "  " << tr("Location: %1").arg(s.location) << '\n';
    if (!s.parent.isEmpty())
        out << "  " << tr("Aliquot of %1").arg(s.parent) << '\n';
    if (!s.children.isEmpty())
        out << "  " << tr("Aliquots: %1").arg(s.children.join(QStringLiteral(", "))) << '\n';
}

class Runner
{
public:
    Runner(const Invocation &inv, QTextStream &out, QTextStream &err) : m_inv(inv), m_out(out), m_err(err) {}

    int run()
    {
        const QString &c = m_inv.command;
        if (c == QLatin1String("init"))
            return init();
        if (c == QLatin1String("seed-demo"))
            return seedDemo();
        if (!openLab())
            return m_exit;
        if (c == QLatin1String("catalog"))
            return catalog();
        if (c == QLatin1String("accession"))
            return accession();
        if (c == QLatin1String("scan"))
            return scan();
        if (c == QLatin1String("replay"))
            return replay();
        if (c == QLatin1String("event"))
            return event();
        if (c == QLatin1String("custody"))
            return custody();
        if (c == QLatin1String("where"))
            return where();
        if (c == QLatin1String("verify"))
            return verify();
        if (c == QLatin1String("rebuild"))
            return rebuild();
        return fail(BadInput, tr("Unknown command \"%1\". Run benchside-cli --help for the list.").arg(c));
    }

private:
    int fail(int code, const QString &message)
    {
        m_err << "benchside-cli: " << message << '\n';
        m_err.flush();
        return code;
    }

    bool openLab()
    {
        Result<std::unique_ptr<Lab>> lab = Lab::open(m_inv.db);
        if (!lab) {
            m_exit = fail(BadInput, lab.error());
            return false;
        }
        m_lab = std::move(lab.value());
        Settings settings;
        m_lab->scanner().setDuplicateWindowMs(settings.duplicateWindowMs());
        return true;
    }

    bool resolveActor()
    {
        Result<QString> actor = m_lab->actor(m_inv.as);
        if (!actor) {
            m_exit = fail(BadInput, actor.error());
            return false;
        }
        m_actor = actor.value();
        return true;
    }

    QString positional(int i) const { return m_inv.positional.value(i); }

    int needPositional(int count, const QString &what)
    {
        if (m_inv.positional.size() < count)
            return fail(BadInput, tr("%1 needs %2.").arg(m_inv.command, what));
        if (m_inv.positional.size() > count)
            return fail(BadInput, tr("Unexpected argument \"%1\".").arg(m_inv.positional.at(count)));
        return Ok;
    }

    int init()
    {
        if (int e = needPositional(0, QString()); e != Ok)
            return e;
        Station station;
        station.id = m_inv.option("--station", Station::randomId()).toUpper();
        station.site = m_inv.option("--site", QStringLiteral("MAIN"));
        station.defaultLocation = m_inv.option("--location", QStringLiteral("Main Lab / Receiving"));
        station.defaultActor = QStringLiteral("admin");
        if (Status s = Lab::initialise(m_inv.db, station); !s)
            return fail(BadInput, s.error());
        if (m_inv.flag("--catalog")) {
            QFile file(m_inv.option("--catalog"));
            if (!file.open(QIODevice::ReadOnly))
                return fail(BadInput,
                            tr("Cannot read the catalogue %1: %2").arg(file.fileName(), file.errorString()));
            Result<QList<EventDraft>> drafts = CatalogImporter::drafts(file.readAll());
            if (!drafts)
                return fail(BadInput, drafts.error());
            Result<std::unique_ptr<Lab>> lab = Lab::open(m_inv.db);
            if (!lab)
                return fail(Failure, lab.error());
            Result<QList<Event>> w = lab.value()->store().write(
                station.defaultActor, [&]() -> Result<QList<EventDraft>> { return drafts.value(); });
            if (!w)
                return fail(Failure, w.error());
        }
        if (m_inv.json)
            printJson(m_out, QJsonObject{{QStringLiteral("station"), station.id},
                                         {QStringLiteral("site"), station.site},
                                         {QStringLiteral("database"), m_inv.db}});
        else
            m_out << tr("Station %1 (site %2) set up in %3").arg(station.id, station.site, m_inv.db) << '\n';
        return Ok;
    }

    int seedDemo()
    {
        bool okN = true, okSeed = true;
        const qint64 n = m_inv.option("--specimens", QStringLiteral("200")).toLongLong(&okN);
        const quint32 seed = m_inv.option("--seed", QStringLiteral("1")).toUInt(&okSeed);
        if (!okN || n < 0)
            return fail(BadInput, tr("--specimens needs a number of specimens, such as 500."));
        if (!okSeed)
            return fail(BadInput, tr("--seed needs a whole number."));
        {
            Result<std::unique_ptr<Database>> db = Database::open(m_inv.db);
            if (!db)
                return fail(BadInput, db.error());
            if (!Station::load(db.value()->connection())) {
                Station station{QStringLiteral("DEMO"), QStringLiteral("MAIN"),
                                QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), true};
                if (Status s = Station::create(db.value()->connection(), station); !s)
                    return fail(Failure, s.error());
            }
            DemoSeeder seeder(*db.value(), seed);
            Result<DemoSeeder::Summary> summary = seeder.seed(n);
            if (!summary)
                return fail(BadInput, summary.error());
            if (m_inv.json)
                printJson(m_out,
                          QJsonObject{{QStringLiteral("specimens"), summary.value().specimens},
                                      {QStringLiteral("events"), summary.value().events},
                                      {QStringLiteral("pending_receipt"), summary.value().pendingReceipt}});
            else
                m_out << tr("Demo data: %1 specimens (%2 not yet received), %3 journal events")
                             .arg(summary.value().specimens)
                             .arg(summary.value().pendingReceipt)
                             .arg(summary.value().events)
                      << '\n';
        }
        return Ok;
    }

    int catalog()
    {
        Catalog &c = m_lab->catalog();
        auto types = c.specimenTypes();
        auto benches = c.benches();
        auto containers = c.containers();
        auto tests = c.tests();
        auto locations = c.locations();
        auto users = c.users();
        for (const QString &e : {types.error(), benches.error(), containers.error(), tests.error(),
                                 locations.error(), users.error()}) {
            if (!e.isEmpty())
                return fail(Failure, e);
        }
        if (m_inv.json) {
            auto codeNames = [](const QList<CodeName> &list) {
                QJsonArray a;
                for (const CodeName &cn : list)
                    a.append(
                        QJsonObject{{QStringLiteral("code"), cn.code}, {QStringLiteral("name"), cn.name}});
                return a;
            };
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
            printJson(m_out, QJsonObject{{QStringLiteral("specimen_types"), codeNames(types.value())},
                                         {QStringLiteral("containers"), codeNames(containers.value())},
                                         {QStringLiteral("benches"), codeNames(benches.value())},
                                         {QStringLiteral("tests"), t},
                                         {QStringLiteral("locations"), l},
                                         {QStringLiteral("users"), u}});
            return Ok;
        }
        m_out << tr("Specimen types") << '\n';
        for (const CodeName &cn : types.value())
            m_out << "  " << cn.code.leftJustified(12) << cn.name << '\n';
        m_out << tr("Containers") << '\n';
        for (const CodeName &cn : containers.value())
            m_out << "  " << cn.code.leftJustified(12) << cn.name << '\n';
        m_out << tr("Benches and tests") << '\n';
        for (const CodeName &b : benches.value()) {
            m_out << "  " << b.code.leftJustified(8) << b.name << '\n';
            for (const TestDefinition &d : tests.value()) {
                if (d.bench == b.code)
                    m_out << "      " << d.code.leftJustified(8) << d.name.leftJustified(36) << d.specimenType
                          << '\n';
            }
        }
        m_out << tr("Storage locations") << '\n';
        for (const Location &loc : locations.value())
            m_out << "  " << loc.path << '\n';
        m_out << tr("Users") << '\n';
        for (const User &user : users.value())
            m_out << "  " << user.name.leftJustified(14) << user.role.leftJustified(15) << user.displayName
                  << '\n';
        return Ok;
    }

    int accession()
    {
        if (int e = needPositional(0, QString()); e != Ok)
            return e;
        if (!resolveActor())
            return m_exit;
        AccessionRequest r;
        r.barcode = m_inv.option("--barcode");
        r.specimenType = m_inv.option("--type");
        if (r.specimenType.isEmpty())
            return fail(BadInput, tr("accession needs --type (a specimen type from \"catalog\")."));
        r.tests = m_inv.option("--tests").split(QLatin1Char(','), Qt::SkipEmptyParts);
        for (QString &t : r.tests)
            t = t.trimmed().toUpper();
        r.priority = m_inv.option("--priority", QStringLiteral("routine")).toLower();
        r.patient = Patient{m_inv.option("--patient"), m_inv.option("--name"), m_inv.option("--dob"),
                            m_inv.option("--sex").toUpper()};
        r.container = m_inv.option("--container");
        r.collector = m_inv.option("--collector");
        r.location = m_inv.option("--location");
        if (m_inv.flag("--collected")) {
            const QDateTime when = QDateTime::fromString(m_inv.option("--collected"), Qt::ISODate);
            if (!when.isValid())
                return fail(BadInput, tr("--collected needs a date and time such as 2026-11-21T08:30."));
            r.collectedAtMs = when.toMSecsSinceEpoch();
        }
        Result<Specimen> s = m_lab->accessioner().accession(r, m_actor);
        if (!s)
            return fail(BadInput, s.error());
        if (m_inv.json)
            printJson(m_out, specimenJson(s.value()));
        else
            printSpecimen(m_out, s.value());
        return Ok;
    }

    QJsonObject outcomeJson(const ScanOutcome &o) const
    {
        QJsonObject j{{QStringLiteral("code"), o.code},
                      {QStringLiteral("outcome"), o.name()},
                      {QStringLiteral("message"), o.message}};
        if (o.specimen)
            j.insert(QStringLiteral("specimen"), specimenJson(*o.specimen));
        return j;
    }

    int scan()
    {
        if (int e = needPositional(1, tr("the scanned code")); e != Ok)
            return e;
        const QString action = m_inv.option("--action", QStringLiteral("lookup"));
        if (action != QLatin1String("lookup") && action != QLatin1String("receive"))
            return fail(BadInput, tr("--action must be receive or lookup."));
        if (!resolveActor())
            return m_exit;
        const ScanOutcome o =
            m_lab->scanner().process(positional(0),
                                     action == QLatin1String("receive") ? ScanProcessor::Action::Receive
                                                                        : ScanProcessor::Action::Lookup,
                                     m_actor);
        if (m_inv.json)
            printJson(m_out, outcomeJson(o));
        else
            m_out << o.name() << ": " << o.message << '\n';
        if (o.type == ScanOutcome::Type::Failed)
            return fail(Failure, o.message);
        if (!o.isConfirmation()) {
            m_err << "benchside-cli: " << o.message << '\n';
            return BadInput;
        }
        return Ok;
    }

    int replay()
    {
        if (int e = needPositional(1, tr("a keystroke capture file")); e != Ok)
            return e;
        const QString action = m_inv.option("--action", QStringLiteral("receive"));
        if (action != QLatin1String("lookup") && action != QLatin1String("receive"))
            return fail(BadInput, tr("--action must be receive or lookup."));
        if (!resolveActor())
            return m_exit;
        QFile file(positional(0));
        if (!file.open(QIODevice::ReadOnly))
            return fail(BadInput, tr("Cannot read %1: %2").arg(file.fileName(), file.errorString()));
        Result<QList<CapturedKey>> keys = KeyCapture::parse(file.readAll());
        if (!keys)
            return fail(BadInput, tr("%1: %2").arg(file.fileName(), keys.error()));

        Settings settings;
        ScanReplayer replayer(m_lab->scanner(), settings.wedgeSettings(),
                              action == QLatin1String("receive") ? ScanProcessor::Action::Receive
                                                                 : ScanProcessor::Action::Lookup,
                              m_actor);
        int failures = 0;
        replayer.run(keys.value(), !m_inv.flag("--fast"), [&](const ScanReplayer::Scan &s) {
            if (s.outcome.type == ScanOutcome::Type::Failed)
                ++failures;
            if (m_inv.json) {
                QJsonObject line{{QStringLiteral("code"), s.outcome.code},
                                 {QStringLiteral("outcome"), s.outcome.name()},
                                 {QStringLiteral("commit_ms"), s.commitMs},
                                 {QStringLiteral("message"), s.outcome.message}};
                m_out << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << '\n';
            } else {
                m_out << s.outcome.code << '\t' << s.outcome.name() << '\t'
                      << QString::number(s.commitMs, 'f', 3) << " ms\t" << s.outcome.message << '\n';
            }
            m_out.flush();
        });
        return failures > 0 ? Failure : Ok;
    }

    int event()
    {
        if (int e = needPositional(1, tr("an accession number")); e != Ok)
            return e;
        if (!resolveActor())
            return m_exit;
        const std::optional<CustodyKind> kind = CustodyKinds::parse(m_inv.option("--kind"));
        if (!kind) {
            QStringList names;
            for (const CustodyKindInfo &i : CustodyKinds::all())
                names << QString::fromLatin1(i.shortName);
            return fail(BadInput, tr("--kind must be one of: %1.").arg(names.join(QStringLiteral(", "))));
        }
        CustodyRules::Step step{
            *kind, m_inv.option("--location"), m_inv.option("--reason-code"), m_inv.option("--reason"),
            0,     m_inv.option("--status")};
        if (*kind == CustodyKind::Rejected && step.reasonCode.isEmpty()) {
            // "--reason hemolyzed" is the natural way to say it; accept a listed reason there too.
            for (const RejectionReason &r : Catalog::rejectionReasons()) {
                if (r.code == step.reason.trimmed().toLower()) {
                    step.reasonCode = r.code;
                    step.reason.clear();
                }
            }
        }
        if (*kind == CustodyKind::Aliquoted) {
            bool ok = false;
            step.aliquots = m_inv.option("--count", QStringLiteral("1")).toInt(&ok);
            if (!ok)
                return fail(BadInput, tr("--count needs the number of aliquots."));
        }
        const QString accession = positional(0).trimmed();
        if (const auto problem = AccessionNumber::validate(accession);
            problem != AccessionNumber::Problem::None)
            return fail(BadInput, AccessionNumber::problemText(problem, accession));
        Result<CustodyService::Recorded> r = m_lab->custody().record(accession, step, m_actor);
        if (!r)
            return fail(BadInput, r.error());
        const Event &e = r.value().event;
        if (m_inv.json) {
            QJsonObject o{
                {QStringLiteral("id"), e.id},
                {QStringLiteral("kind"), e.kind},
                {QStringLiteral("accession"), e.subject},
                {QStringLiteral("actor"), e.actor},
                {QStringLiteral("station"), e.stationId},
                {QStringLiteral("at"), isoTime(e.atMs())},
                {QStringLiteral("location"), e.payloadObject().value(QLatin1String("location")).toString()},
                {QStringLiteral("aliquots"), QJsonArray::fromStringList(r.value().aliquots)}};
            printJson(m_out, o);
        } else {
            m_out << tr("%1: %2 recorded").arg(e.subject, CustodyKinds::label(e.kind)) << '\n';
            for (const QString &a : r.value().aliquots)
                m_out << "  " << tr("aliquot %1").arg(a) << '\n';
        }
        return Ok;
    }

    Result<Specimen> specimenArg()
    {
        if (int e = needPositional(1, tr("an accession number")); e != Ok)
            return Result<Specimen>::failure(QString());
        const QString accession = positional(0).trimmed();
        if (const auto problem = AccessionNumber::validate(accession);
            problem != AccessionNumber::Problem::None)
            return Result<Specimen>::failure(AccessionNumber::problemText(problem, accession));
        Result<std::optional<Specimen>> s = m_lab->specimens().find(accession);
        if (!s)
            return Result<Specimen>::failure(s.error());
        if (!s.value())
            return Result<Specimen>::failure(tr("No specimen %1 is known at this station.").arg(accession));
        return *s.value();
    }

    int custody()
    {
        Result<Specimen> s = specimenArg();
        if (!s)
            return s.error().isEmpty() ? BadInput : fail(BadInput, s.error());
        Result<QList<CustodyEntry>> entries = m_lab->specimens().custody(s.value().accession);
        if (!entries)
            return fail(Failure, entries.error());
        if (m_inv.json) {
            QJsonArray a;
            for (const CustodyEntry &c : entries.value())
                a.append(QJsonObject{{QStringLiteral("event_id"), c.eventId},
                                     {QStringLiteral("kind"), c.kind},
                                     {QStringLiteral("label"), CustodyKinds::label(c.kind)},
                                     {QStringLiteral("actor"), c.actor},
                                     {QStringLiteral("station"), c.station},
                                     {QStringLiteral("location"), c.location},
                                     {QStringLiteral("reason"), c.reason},
                                     {QStringLiteral("detail"), c.detail},
                                     {QStringLiteral("at"), isoTime(c.atMs)}});
            printJson(m_out, a);
            return Ok;
        }
        printSpecimen(m_out, s.value());
        for (const CustodyEntry &c : entries.value()) {
            m_out << "  "
                  << QDateTime::fromMSecsSinceEpoch(c.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  << "  " << CustodyKinds::label(c.kind).leftJustified(18) << c.actor.leftJustified(14)
                  << c.station.leftJustified(8) << c.location;
            if (!c.reason.isEmpty())
                m_out << "  (" << c.reason << ')';
            if (!c.detail.isEmpty())
                m_out << "  " << c.detail;
            m_out << '\n';
        }
        return Ok;
    }

    int where()
    {
        Result<Specimen> s = specimenArg();
        if (!s)
            return s.error().isEmpty() ? BadInput : fail(BadInput, s.error());
        const Specimen &sp = s.value();
        if (m_inv.json) {
            printJson(m_out, QJsonObject{{QStringLiteral("accession"), sp.accession},
                                         {QStringLiteral("status"), sp.status},
                                         {QStringLiteral("location"), sp.location},
                                         {QStringLiteral("since"), isoTime(sp.lastEventAtMs)}});
            return Ok;
        }
        m_out << tr("%1 is %2 — %3 (since %4)")
                     .arg(sp.accession, CustodyKinds::statusLabel(sp.status).toLower(),
                          sp.location.isEmpty() ? tr("no location recorded") : sp.location,
                          QDateTime::fromMSecsSinceEpoch(sp.lastEventAtMs)
                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")))
              << '\n';
        return Ok;
    }

    int verify()
    {
        Result<ChainVerifier::Report> r = ChainVerifier(m_lab->database().connection()).verify();
        if (!r)
            return fail(Failure, r.error());
        const ChainVerifier::Report &rep = r.value();
        if (m_inv.json) {
            QJsonObject o{{QStringLiteral("intact"), rep.intact()},
                          {QStringLiteral("entries"), rep.entries},
                          {QStringLiteral("stations"), rep.stations}};
            if (rep.finding)
                o.insert(
                    QStringLiteral("finding"),
                    QJsonObject{{QStringLiteral("problem"), ChainVerifier::problemName(rep.finding->problem)},
                                {QStringLiteral("station"), rep.finding->stationId},
                                {QStringLiteral("station_seq"), rep.finding->stationSeq},
                                {QStringLiteral("event_id"), rep.finding->eventId},
                                {QStringLiteral("message"), rep.finding->message}});
            printJson(m_out, o);
        }
        if (rep.finding) {
            m_err << "benchside-cli: " << tr("TAMPERING DETECTED: %1").arg(rep.finding->message) << '\n';
            return Tampered;
        }
        if (!m_inv.json)
            m_out << tr("Journal intact: %1 entries from %2 station(s) verified.")
                         .arg(rep.entries)
                         .arg(rep.stations)
                  << '\n';
        return Ok;
    }

    int rebuild()
    {
        if (m_inv.flag("--check")) {
            Result<QStringList> diff = RebuildCheck::differences(m_lab->database());
            if (!diff)
                return fail(Failure, diff.error());
            if (m_inv.json)
                printJson(m_out, QJsonObject{{QStringLiteral("consistent"), diff.value().isEmpty()},
                                             {QStringLiteral("differences"),
                                              QJsonArray::fromStringList(diff.value())}});
            if (!diff.value().isEmpty()) {
                for (const QString &d : diff.value())
                    m_err << "benchside-cli: " << d << '\n';
                return fail(Tampered,
                            tr("The live views differ from the journal. Run \"benchside-cli rebuild\" "
                               "to rebuild them from the journal."));
            }
            if (!m_inv.json)
                m_out << tr("The views match the journal.") << '\n';
            return Ok;
        }
        if (Status s = m_lab->store().projector().rebuild(); !s)
            return fail(Failure, s.error());
        if (m_inv.json)
            printJson(m_out, QJsonObject{{QStringLiteral("rebuilt"), true}});
        else
            m_out << tr("The views were rebuilt from the journal.") << '\n';
        return Ok;
    }

    const Invocation &m_inv;
    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<Lab> m_lab;
    QString m_actor;
    int m_exit = Ok;
};

} // namespace

QString parse(const QStringList &args, Invocation &out)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a.startsWith(QLatin1String("--"))) {
            QString name = a;
            QString value;
            const qsizetype eq = a.indexOf(QLatin1Char('='));
            const bool inlineValue = eq > 0;
            if (inlineValue) {
                name = a.left(eq);
                value = a.mid(eq + 1);
            }
            if (flagOptions().contains(name)) {
                out.options.insert(name, QStringLiteral("1"));
            } else if (valueOptions().contains(name)) {
                if (!inlineValue) {
                    if (i + 1 >= args.size())
                        return tr("%1 needs a value.").arg(name);
                    value = args.at(++i);
                }
                out.options.insert(name, value);
            } else {
                return tr("Unknown option %1. Run benchside-cli --help for the options.").arg(name);
            }
        } else if (out.command.isEmpty()) {
            out.command = a;
        } else {
            out.positional << a;
        }
    }
    out.json = out.options.contains(QStringLiteral("--json"));
    out.db = out.options.value(QStringLiteral("--db"));
    out.as = out.options.value(QStringLiteral("--as"));
    return {};
}

int run(const Invocation &inv, QTextStream &out, QTextStream &err)
{
    return Runner(inv, out, err).run();
}

QString usage()
{
    return tr(R"(Usage: benchside-cli [--db PATH] [--json] [--as USER] COMMAND [OPTIONS]

Commands:
  init [--station ID] [--site SITE] [--location PATH] [--catalog FILE]
                                set up a new station database
  seed-demo [--specimens N] [--seed S]
                                fill a new database with the demo catalogue and specimens
  catalog                       specimen types, containers, benches, tests, locations, users
  accession --type TYPE --tests CODE,CODE [--priority routine|asap|stat] [--barcode CODE]
            [--patient MRN [--name NAME --dob YYYY-MM-DD --sex F|M|U]] [--collector NAME]
            [--collected DATETIME] [--container CODE] [--location PATH]
  scan CODE [--action receive|lookup]
  replay FILE [--action receive|lookup] [--fast]
                                replay a keystroke capture through the scanner detector
  event ACCESSION --kind KIND [--location PATH] [--reason TEXT] [--reason-code CODE]
                  [--count N (aliquoted)] [--status S (corrected)]
  custody ACCESSION             the chain of custody, newest first
  where ACCESSION               current location and status
  verify                        check every station's hash chain (exit 3 on tampering)
  rebuild [--check]             rebuild the views from the journal, or compare them with it

Exit codes: 0 success, 1 failure, 2 bad input, 3 tampering or inconsistency found.
)");
}

} // namespace benchside::cli
