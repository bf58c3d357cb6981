// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demoseeder.h"

#include "accession/accessionnumber.h"
#include "auth/passwordhasher.h"
#include "catalog/catalogimporter.h"
#include "demo/demoqc.h"
#include "demo/demoresults.h"
#include "journal/eventstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlQuery>
#include <deque>
#include <queue>

namespace benchside {

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
constexpr int BatchSize = 2000;

struct Pending
{
    qint64 at;
    qint64 order; // ties keep creation order, so replays are deterministic
    EventDraft draft;
    bool operator>(const Pending &o) const { return at != o.at ? at > o.at : order > o.order; }
};

QStringList strings(const QJsonArray &a, const char *field = nullptr)
{
    QStringList out;
    for (const QJsonValue &v : a)
        out << (field ? v.toObject().value(QLatin1String(field)).toString() : v.toString());
    return out;
}
} // namespace

DemoSeeder::DemoSeeder(Database &database, quint32 seed) : m_database(database), m_rng(seed) {}

Station DemoSeeder::demoStation()
{
    return Station{QStringLiteral("DEMO"), QStringLiteral("MAIN"), QStringLiteral("Main Lab / Receiving"),
                   QStringLiteral("admin"), true};
}

Status DemoSeeder::claimForDemo(Database &database)
{
    const QSqlDatabase db = database.connection();
    Result<Station> station = Station::load(db);
    if (!station) {
        // A new file becomes the demo station; a station it cannot read stays untouched.
        return Station::create(db, demoStation());
    }
    if (!station.value().isDemo) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT count(*) FROM specimens"));
        if (!q.exec() || !q.next() || q.value(0).toLongLong() > 0)
            return Status::failure(
                tr("This database holds real specimens; demo data is never mixed with them. Use a "
                   "new database (--db) for the demo."));
    }
    return Station::markDemo(db);
}

Result<DemoSeeder::Summary> DemoSeeder::seed(qint64 count)
{
    using R = Result<Summary>;
    if (count < 0)
        return R::failure(tr("The number of specimens cannot be negative."));
    if (Status s = claimForDemo(m_database); !s)
        return R::failure(s.error());
    Result<Station> station = Station::load(m_database.connection());
    if (!station)
        return R::failure(station.error());

    QFile file(QStringLiteral(":/demo/catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return R::failure(tr("The demo catalogue is missing from this build."));
    const QByteArray json = file.readAll();
    const QJsonObject cat = QJsonDocument::fromJson(json).object();

    // Events are appended in time order with back-dated clock readings, one reading per event.
    std::deque<qint64> times;
    EventStore store(m_database.connection(), station.value(), HybridClock([&times] {
                         const qint64 t = times.front();
                         times.pop_front();
                         return t;
                     }));
    Summary summary;
    QList<EventDraft> batch;
    auto flush = [&]() -> Status {
        Result<QList<Event>> w =
            store.write(station.value().defaultActor, [&]() -> Result<QList<EventDraft>> { return batch; });
        if (!w)
            return Status::failure(w.error());
        summary.events += batch.size();
        batch.clear();
        return {};
    };
    auto add = [&](qint64 at, const QString &actor, EventDraft d) -> Status {
        times.push_back(at);
        d.actor = actor;
        batch << d;
        return batch.size() >= BatchSize ? flush() : Status();
    };

    const qint64 end = QDateTime::currentMSecsSinceEpoch() - Minute;
    const qint64 span = std::clamp<qint64>(count / 1500, 2, 365) * Day;
    qint64 now = end - span - Hour;
    // QC history starts about three months before the first specimen (DemoQc).
    const qint64 qcFrom = now - 100 * Day;

    QSqlQuery hasCatalog(m_database.connection());
    hasCatalog.prepare(QStringLiteral("SELECT count(*) FROM tests"));
    if (!hasCatalog.exec() || !hasCatalog.next())
        return R::failure(tr("Cannot read the catalogue."));
    const bool catalogMissing = hasCatalog.value(0).toLongLong() == 0;
    // An unfinished statement holds a read transaction, and with it every WAL checkpoint: the WAL
    // grew to 22 GB while seeding 1,000,000 specimens.
    hasCatalog.finish();
    QSqlQuery hasQc(m_database.connection());
    hasQc.prepare(QStringLiteral("SELECT count(*) FROM qc_lots"));
    if (!hasQc.exec() || !hasQc.next())
        return R::failure(tr("Cannot read the QC lots."));
    const bool qcMissing = hasQc.value(0).toLongLong() == 0;
    hasQc.finish();
    if (catalogMissing) {
        Result<QList<EventDraft>> catalog = CatalogImporter::drafts(json);
        if (!catalog)
            return R::failure(catalog.error());
        // Before the QC history, which names the catalogue's tests and users.
        for (const EventDraft &d : catalog.value()) {
            if (Status s = add(qcMissing ? qcFrom - 3 * Hour : now, station.value().defaultActor, d); !s)
                return R::failure(s.error());
        }
        // One hash each for everybody's password and PIN: hashing is slow on purpose, and on the demo
        // the secrets are published anyway.
        const PasswordHasher hasher;
        Result<QString> password = hasher.hash(demoPassword());
        Result<QString> pin = hasher.hash(demoPin());
        if (!password || !pin)
            return R::failure(password ? pin.error() : password.error());
        for (const QJsonValue &u : cat.value(QLatin1String("users")).toArray()) {
            const QString name = u.toObject().value(QLatin1String("name")).toString();
            const QList<EventDraft> credentials{
                {QStringLiteral("user.password.set"), name,
                 QJsonObject{{QStringLiteral("user"), name}, {QStringLiteral("hash"), password.value()}}},
                {QStringLiteral("user.pin.set"), name,
                 QJsonObject{{QStringLiteral("user"), name}, {QStringLiteral("hash"), pin.value()}}},
                {QStringLiteral("user.badge.set"), name,
                 QJsonObject{{QStringLiteral("user"), name}, {QStringLiteral("badge"), demoBadge(name)}}}};
            for (const EventDraft &d : credentials) {
                if (Status s = add(qcMissing ? qcFrom - 2 * Hour : now, station.value().defaultActor, d); !s)
                    return R::failure(s.error());
            }
        }
    }

    const QJsonArray tests = cat.value(QLatin1String("tests")).toArray();
    QHash<QString, QList<QJsonObject>> testsByType;
    for (const QJsonValue &t : tests)
        testsByType[t.toObject().value(QLatin1String("specimen_type")).toString()] << t.toObject();
    QStringList technicians, benchTechnicians, supervisors;
    for (const QJsonValue &u : cat.value(QLatin1String("users")).toArray()) {
        const QString role = u.toObject().value(QLatin1String("role")).toString();
        const QString name = u.toObject().value(QLatin1String("name")).toString();
        if (role != QLatin1String("administrator"))
            technicians << name;
        if (role == QLatin1String("technician"))
            benchTechnicians << name;
        if (role == QLatin1String("supervisor"))
            supervisors << name;
    }
    const QStringList collectors = strings(cat.value(QLatin1String("collectors")).toArray());
    const QJsonArray firstNames = cat.value(QLatin1String("patient_first_names")).toArray();
    const QStringList lastNames = strings(cat.value(QLatin1String("patient_last_names")).toArray());
    const QStringList reasons = strings(cat.value(QLatin1String("rejection_reasons")).toArray(), "code");
    QHash<QString, QString> benchLocation;
    QStringList storage;
    for (const QJsonValue &l : cat.value(QLatin1String("locations")).toArray()) {
        const QString path = l.toObject().value(QLatin1String("path")).toString();
        const QString kind = l.toObject().value(QLatin1String("kind")).toString();
        if (kind == QLatin1String("refrigerator") || kind == QLatin1String("freezer"))
            storage << path;
    }
    for (const QJsonValue &b : cat.value(QLatin1String("benches")).toArray()) {
        const QString code = b.toObject().value(QLatin1String("code")).toString();
        const QString name = b.toObject().value(QLatin1String("name")).toString();
        benchLocation[code] = code == QLatin1String("MICRO") ? QStringLiteral("Microbiology / Setup bench")
                              : code == QLatin1String("BB")  ? QStringLiteral("Blood Bank / Bench")
                                                            : QStringLiteral("Main Lab / %1 bench").arg(name);
    }
    if (technicians.isEmpty() || collectors.isEmpty() || firstNames.isEmpty() || storage.isEmpty())
        return R::failure(tr("The demo catalogue is incomplete."));

    auto pick = [this](const auto &list) {
        return list.at(m_rng.bounded(static_cast<int>(list.size())));
    };
    auto between = [this](qint64 lo, qint64 hi) {
        return lo + static_cast<qint64>(m_rng.bounded(double(hi - lo)));
    };
    const qint64 patientCount = std::max<qint64>(1, count / 3);
    QHash<qint64, QJsonObject> patients;
    auto patient = [&](qint64 index) {
        if (!patients.contains(index)) {
            const QJsonObject first =
                firstNames.at(m_rng.bounded(static_cast<int>(firstNames.size()))).toObject();
            const bool child = m_rng.bounded(10) == 0;
            const QDate dob = QDate::currentDate().addDays(
                -(child ? m_rng.bounded(1, 17 * 365) : m_rng.bounded(18 * 365, 95 * 365)));
            patients.insert(
                index, QJsonObject{{QStringLiteral("mrn"), QStringLiteral("M%1").arg(1000000 + index)},
                                   {QStringLiteral("name"),
                                    QStringLiteral("%1, %2").arg(
                                        pick(lastNames), first.value(QLatin1String("name")).toString())},
                                   {QStringLiteral("birth_date"), dob.toString(Qt::ISODate)},
                                   {QStringLiteral("sex"), first.value(QLatin1String("sex")).toString()}});
        }
        return patients.value(index);
    };

    // A few specimens of patients whose birth date or sex is not known (an unidentified emergency
    // patient, a registration not yet complete), so that results judged without the patient's own
    // reference range can be seen. Each is the first tube at or after its share of the run whose first
    // test is numeric and that is not among the newest, still on their way; choosing them draws nothing
    // from the generator, so the same seed still gives the same laboratory.
    constexpr int UnknownPatients = 4;
    int unknownMade = 0;
    auto unknownPatient = [](int k) {
        // No birth date; no sex; neither; no birth date again (the commonest gap at registration).
        static constexpr const char *Names[UnknownPatients] = {"Doe, Jane", "Rivera, Alex",
                                                               "Unknown, Emergency patient 3", "Doe, John"};
        static constexpr const char *Sexes[UnknownPatients] = {"F", "", "", "M"};
        const bool birthDateKnown = k == 1;
        return QJsonObject{
            {QStringLiteral("mrn"), QStringLiteral("M%1").arg(9900001 + k)},
            {QStringLiteral("name"), QString::fromLatin1(Names[k])},
            {QStringLiteral("birth_date"),
             birthDateKnown ? QDate::currentDate().addYears(-41).toString(Qt::ISODate) : QString()},
            {QStringLiteral("sex"), QString::fromLatin1(Sexes[k])}};
    };

    QHash<QString, qint64> counters;
    auto nextNumber = [&](qint64 at, QJsonObject &payload) {
        const int year = QDateTime::fromMSecsSinceEpoch(at).date().year();
        const QString counter =
            station.value().id + QStringLiteral("%1").arg(year % 100, 2, 10, QLatin1Char('0'));
        if (!counters.contains(counter)) {
            QSqlQuery q(m_database.connection());
            q.prepare(QStringLiteral("SELECT last_seq FROM accession_counters WHERE prefix = ?"));
            q.addBindValue(counter);
            counters[counter] = q.exec() && q.next() ? q.value(0).toLongLong() : 0;
        }
        const qint64 seq = ++counters[counter];
        payload.insert(QStringLiteral("counter"), counter);
        payload.insert(QStringLiteral("last_seq"), static_cast<double>(seq));
        return AccessionNumber::compose(station.value().id, year, seq);
    };

    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> followUps;
    qint64 order = 0;
    auto later = [&](qint64 at, const QString &kind, const QString &subject, QJsonObject payload) {
        if (at < end)
            followUps.push({at, order++, {kind, subject, payload}});
    };
    DemoResults results(cat, m_rng);
    const DemoResults::Schedule resultStep = [&](qint64 at, const EventDraft &draft) {
        if (at < end)
            followUps.push({at, order++, draft});
    };
    // QC: planned whole, then merged into the time-ordered stream like every other step.
    DemoQc qc(m_rng, benchTechnicians, supervisors);
    if (qcMissing) {
        if (Status s = qc.plan(qcFrom, now, end,
                               [&](qint64 at, const EventDraft &draft) {
                                   if (at < end)
                                       followUps.push({at, order++, draft});
                               });
            !s)
            return R::failure(s.error());
        summary.qcRuns = qc.runs();
    }
    // Released results by test (first verification), for the look-back of a rejected QC run.
    QHash<QString, QList<QPair<qint64, QString>>> released;
    QSet<QString> releasedOrders;
    auto testOf = [](const EventDraft &d) {
        const QString orderId = d.payload.value(QLatin1String("order_id")).toString();
        return orderId.mid(orderId.lastIndexOf(QLatin1Char('-')) + 1);
    };
    auto lockedOut = [&](const QString &test, qint64 at) {
        for (const DemoQc::LockWindow &w : qc.lockWindows()) {
            if (w.test == test && at >= w.from && at < w.to)
                return true;
        }
        return false;
    };
    auto drain = [&](qint64 until) -> Status {
        while (!followUps.empty() && followUps.top().at <= until) {
            Pending p = followUps.top();
            followUps.pop();
            // No patient result of a test is released while its QC is rejected: it waits.
            if (p.draft.kind == QLatin1String("result.verified") && lockedOut(testOf(p.draft), p.at))
                continue;
            if (p.draft.kind == QLatin1String("qc.lookback.reviewed") &&
                !p.draft.payload.contains(QLatin1String("order_id"))) {
                // One review per result released between the last accepted run and the rejected one.
                const QJsonObject plan = p.draft.payload;
                const QString test = plan.value(QLatin1String("test")).toString();
                const qint64 from = static_cast<qint64>(plan.value(QLatin1String("from")).toDouble());
                const qint64 to = static_cast<qint64>(plan.value(QLatin1String("until")).toDouble());
                int n = 0;
                for (const auto &[at, orderId] : released.value(test)) {
                    if (at <= from || at > to)
                        continue;
                    const bool retested = ++n % 4 == 0;
                    QJsonObject review{{QStringLiteral("test"), test},
                                       {QStringLiteral("bench"), plan.value(QLatin1String("bench"))},
                                       {QStringLiteral("run_id"), plan.value(QLatin1String("run_id"))},
                                       {QStringLiteral("order_id"), orderId},
                                       {QStringLiteral("outcome"),
                                        retested ? QStringLiteral("retested") : QStringLiteral("stands")},
                                       {QStringLiteral("note"), retested ? tr("Repeated after recalibration; "
                                                                              "agrees within the delta limit")
                                                                         : QString()}};
                    if (Status s =
                            add(p.at, p.draft.actor,
                                {p.draft.kind, orderId.left(orderId.lastIndexOf(QLatin1Char('-'))), review});
                        !s)
                        return s;
                }
                continue;
            }
            if (p.draft.kind == QLatin1String("custody.aliquoted")) {
                QJsonArray children;
                const int n = 1 + m_rng.bounded(2);
                for (int i = 0; i < n; ++i)
                    children.append(
                        QJsonObject{{QStringLiteral("accession"), nextNumber(p.at, p.draft.payload)},
                                    {QStringLiteral("container"), QStringLiteral("ALIQUOT")}});
                p.draft.payload.insert(QStringLiteral("children"), children);
            }
            if (p.draft.kind.startsWith(QLatin1String("result.")) && !results.complete(p.draft))
                continue;
            const QString actor = p.draft.actor.isEmpty() ? pick(technicians) : p.draft.actor;
            if (Status s = add(p.at, actor, p.draft); !s)
                return s;
            if (p.draft.kind == QLatin1String("result.verified")) {
                const QString orderId = p.draft.payload.value(QLatin1String("order_id")).toString();
                if (!releasedOrders.contains(orderId)) {
                    releasedOrders.insert(orderId);
                    released[testOf(p.draft)].append({p.at, orderId});
                }
            }
        }
        return {};
    };

    const qint64 step = std::max<qint64>(1, span / std::max<qint64>(1, count));
    const qint64 pendingFrom = count - std::max<qint64>(1, count / 20);
    for (qint64 i = 0; i < count; ++i) {
        // The random steps add up to the span only on average: with few specimens their sum ran
        // hours past the present, and the station's clock followed it, so that everything done on
        // the demo afterwards was stamped in the future (a release at 22:45 counted as tomorrow's).
        now = std::min(end, now + between(step / 2, step * 3 / 2 + 1));
        if (Status s = drain(now); !s)
            return R::failure(s.error());

        const QJsonObject first = tests.at(m_rng.bounded(static_cast<int>(tests.size()))).toObject();
        const QString type = first.value(QLatin1String("specimen_type")).toString();
        const QList<QJsonObject> &sameType = testsByType[type];
        QJsonArray ordered{QJsonObject{{QStringLiteral("code"), first.value(QLatin1String("code"))},
                                       {QStringLiteral("bench"), first.value(QLatin1String("bench"))}}};
        QStringList codes{first.value(QLatin1String("code")).toString()};
        const int extra = m_rng.bounded(std::min<int>(4, static_cast<int>(sameType.size())));
        for (int k = 0; k < extra; ++k) {
            const QJsonObject t = sameType.at(m_rng.bounded(static_cast<int>(sameType.size())));
            if (codes.contains(t.value(QLatin1String("code")).toString()))
                continue;
            codes << t.value(QLatin1String("code")).toString();
            ordered.append(QJsonObject{{QStringLiteral("code"), t.value(QLatin1String("code"))},
                                       {QStringLiteral("bench"), t.value(QLatin1String("bench"))}});
        }
        const int p = m_rng.bounded(100);
        const QString priority = p < 70   ? QStringLiteral("routine")
                                 : p < 85 ? QStringLiteral("asap")
                                          : QStringLiteral("stat");
        const qint64 collectedAt = now - between(10 * Minute, 2 * Hour);
        const QString collector = pick(collectors);
        QJsonObject patientRecord = patient(m_rng.bounded(patientCount));
        if (unknownMade < UnknownPatients && i >= (unknownMade + 1) * count / (UnknownPatients + 1) &&
            i < pendingFrom && CatalogChecker::isNumeric(first))
            patientRecord = unknownPatient(unknownMade++);
        QJsonObject payload{{QStringLiteral("specimen_type"), type},
                            {QStringLiteral("container"), first.value(QLatin1String("container"))},
                            {QStringLiteral("collected_at"), static_cast<double>(collectedAt)},
                            {QStringLiteral("collector"), collector},
                            {QStringLiteral("priority"), priority},
                            {QStringLiteral("tests"), ordered},
                            {QStringLiteral("location"), QStringLiteral("Main Lab / Receiving")},
                            {QStringLiteral("patient"), patientRecord}};
        const QString accession = nextNumber(now, payload);
        if (Status s =
                add(now, pick(technicians), {QStringLiteral("specimen.accessioned"), accession, payload});
            !s)
            return R::failure(s.error());
        ++summary.specimens;
        if (i >= pendingFrom) {
            ++summary.pendingReceipt;
            continue;
        }

        // The tube's life after accessioning, as custody steps at plausible intervals.
        auto loc = [](const QString &l) {
            return QJsonObject{{QStringLiteral("location"), l}};
        };
        qint64 t = now + between(10 * Minute, 90 * Minute);
        later(t, QStringLiteral("custody.received"), accession, loc(QStringLiteral("Main Lab / Receiving")));
        if (m_rng.bounded(100) < 6) {
            later(t + between(2 * Minute, 20 * Minute), QStringLiteral("custody.rejected"), accession,
                  QJsonObject{{QStringLiteral("reason_code"), pick(reasons)}});
            continue;
        }
        if (type.startsWith(QLatin1String("SERUM")) || type.startsWith(QLatin1String("PLASMA"))) {
            t += between(10 * Minute, 30 * Minute);
            later(t, QStringLiteral("custody.centrifuged"), accession,
                  loc(QStringLiteral("Main Lab / Receiving")));
        }
        if (m_rng.bounded(100) < 8) {
            t += between(5 * Minute, 20 * Minute);
            later(t, QStringLiteral("custody.aliquoted"), accession,
                  loc(QStringLiteral("Main Lab / Receiving")));
        }
        t += between(5 * Minute, 30 * Minute);
        later(t, QStringLiteral("custody.sent_to_bench"), accession,
              loc(benchLocation.value(first.value(QLatin1String("bench")).toString())));
        if (m_rng.bounded(100) < 3) {
            t += between(1 * Hour, 4 * Hour);
            later(t, QStringLiteral("custody.in_transit"), accession,
                  loc(QStringLiteral("Transit / Courier to Reference Laboratory")));
            continue;
        }
        results.plan(accession, patientRecord, collectedAt, t, ordered, resultStep);
        t += between(1 * Hour, 8 * Hour);
        const QString shelf = QStringLiteral("%1 / Rack %2 / %3%4")
                                  .arg(pick(storage))
                                  .arg(1 + m_rng.bounded(9))
                                  .arg(QChar(u'A' + m_rng.bounded(8)))
                                  .arg(1 + m_rng.bounded(12));
        later(t, QStringLiteral("custody.stored"), accession, loc(shelf));
        if (m_rng.bounded(100) < 5) {
            t += between(6 * Hour, 2 * Day);
            later(t, QStringLiteral("custody.retrieved"), accession,
                  loc(QStringLiteral("Main Lab / Receiving")));
            t += between(30 * Minute, 3 * Hour);
            later(t, QStringLiteral("custody.stored"), accession, loc(shelf));
        }
        if (m_rng.bounded(100) < 70) {
            t += between(7 * Day, 8 * Day);
            later(t, QStringLiteral("custody.disposed"), accession, QJsonObject{});
        }
    }
    if (Status s = drain(end); !s)
        return R::failure(s.error());
    if (Status s = flush(); !s)
        return R::failure(s.error());
    return summary;
}

QString DemoSeeder::demoBadge(const QString &user)
{
    return QStringLiteral("BADGE-") + user.toUpper().remove(QLatin1Char('.'));
}

QString DemoSeeder::signInHint()
{
    return tr("Demo: every user's password is \"%1\" and PIN %2. Try p.nair "
              "(technician), a.okafor (supervisor) or admin (administrator); badges "
              "read BADGE- and the name, such as %3.")
        .arg(demoPassword(), demoPin(), demoBadge(QStringLiteral("p.nair")));
}

} // namespace benchside
