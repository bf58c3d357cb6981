// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"
#include "custody/custodyrules.h"
#include "custody/custodyservice.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QDate>
#include <QSqlQuery>
#include <QTest>
#include <limits>

using namespace benchside;
using K = CustodyKind;
using V = CustodyRules::Verdict;

Q_DECLARE_METATYPE(benchside::CustodyKind)
Q_DECLARE_METATYPE(benchside::CustodyRules::Verdict)

namespace {
const QString Tech = QStringLiteral("p.nair");
const QString Freezer = QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7");

// A step with everything it could need filled in, so that only the specimen's status decides.
CustodyRules::Step completeStep(K kind)
{
    CustodyRules::Step s{kind, {}, {}, {}, 0, {}};
    s.location = kind == K::InTransit ? QStringLiteral("Transit / Courier to Reference Laboratory") : Freezer;
    s.reasonCode = kind == K::Rejected ? QStringLiteral("hemolyzed") : QString();
    s.reason = QStringLiteral("entered on the wrong tube");
    s.aliquots = kind == K::Aliquoted ? 2 : 0;
    s.correctedStatus = kind == K::Corrected ? QStringLiteral("received") : QString();
    return s;
}

Specimen specimenIn(const QString &status)
{
    Specimen s;
    s.accession = QStringLiteral("CUS26000001Z");
    s.status = status;
    s.accessionedAtMs = 1'700'000'000'000;
    s.lastEventAtMs = s.accessionedAtMs + 60'000;
    if (status != QLatin1String("accessioned")) {
        s.receivedAtMs = s.accessionedAtMs + 30'000;
        s.receivedStation = QStringLiteral("CUS");
    }
    return s;
}

QString kindName(K kind)
{
    return QString::fromLatin1(CustodyKinds::info(kind).shortName);
}
} // namespace

class TestCustody : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // Pure rules.
    void rules_data();
    void rules();
    void refusalsExplainThemselves();
    void correctionNeedsAReason_data();
    void correctionNeedsAReason();
    void storageAndTransitNeedALocation_data();
    void storageAndTransitNeedALocation();
    void rejectionNeedsAListedReason_data();
    void rejectionNeedsAListedReason();
    void aliquotCount_data();
    void aliquotCount();

    // Through the service, on a real station.
    void receiveTwiceIsRefused();
    void stepsBeforeReceiptAreRefused();
    void disposedSpecimenTakesOnlyACorrection();
    void rejectedSpecimenCanOnlyBeStoredOrDisposed();
    void aliquotsAreSpecimensOfTheirOwn();
    void timelineIsNewestFirst();
    void trailLeavesOutWhatProjectionRefused();
    void locationsAreNormalised();
    void unknownSpecimenIsRefused();
    void refusedStepsChangeNothing_data();
    void refusedStepsChangeNothing();

private:
    QString accession();
    void record(const QString &accession, const CustodyRules::Step &step);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
};

void TestCustody::init()
{
    // The rules are pure functions of a specimen and a step: only the service tests need a station.
    static const QSet<QByteArray> pure{"rules",
                                       "refusalsExplainThemselves",
                                       "correctionNeedsAReason",
                                       "storageAndTransitNeedALocation",
                                       "rejectionNeedsAListedReason",
                                       "aliquotCount"};
    if (pure.contains(QByteArray(QTest::currentTestFunction())))
        return;
    m_db = std::make_unique<TestDatabase>(QStringLiteral("CUS"));
    m_lab = m_db->open();
    const Status imported = testlab::importDemoCatalog(*m_lab);
    QVERIFY2(imported.ok(), qPrintable(imported.error()));
}

void TestCustody::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

QString TestCustody::accession()
{
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), Tech);
    if (!s)
        qFatal("cannot accession: %s", qPrintable(s.error()));
    return s.value().accession;
}

void TestCustody::record(const QString &accession, const CustodyRules::Step &step)
{
    Result<CustodyService::Recorded> r = m_lab->custody().record(accession, step, Tech);
    QVERIFY2(r.ok(), qPrintable(kindName(step.kind) + QStringLiteral(": ") + r.error()));
}

void TestCustody::rules_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<K>("kind");
    QTest::addColumn<V>("expected");

    // Rows: the specimen's status. Columns, in this order: received, centrifuged, aliquoted, stored,
    // sent to bench, in transit, retrieved, disposed, rejected, corrected.
    const QList<K> kinds{K::Received,  K::Centrifuged, K::Aliquoted, K::Stored,   K::SentToBench,
                         K::InTransit, K::Retrieved,   K::Disposed,  K::Rejected, K::Corrected};
    const V A = V::Allowed, NR = V::NotReceived, AR = V::AlreadyReceived, D = V::Disposed, RJ = V::Rejected,
            NS = V::NotStored;
    const QList<std::pair<QString, QList<V>>> table{
        // Before receipt, only receipt itself, a rejection at the desk, or a correction. A tube the
        // lab never had cannot be centrifuged, stored, sent, retrieved or thrown away.
        {QStringLiteral("accessioned"), {A, NR, NR, NR, NR, NR, NS, NR, A, A}},
        {QStringLiteral("received"), {AR, A, A, A, A, A, NS, A, A, A}},
        {QStringLiteral("centrifuged"), {AR, A, A, A, A, A, NS, A, A, A}},
        {QStringLiteral("aliquoted"), {AR, A, A, A, A, A, NS, A, A, A}},
        {QStringLiteral("stored"), {AR, A, A, A, A, A, A, A, A, A}},
        {QStringLiteral("at_bench"), {AR, A, A, A, A, A, NS, A, A, A}},
        // A tube sent to another site is received again there.
        {QStringLiteral("in_transit"), {A, A, A, A, A, A, NS, A, A, A}},
        {QStringLiteral("retrieved"), {AR, A, A, A, A, A, NS, A, A, A}},
        // Nothing after disposal but an audited correction.
        {QStringLiteral("disposed"), {D, D, D, D, D, D, D, D, D, A}},
        // A rejected specimen can only be stored (kept for investigation) or disposed of.
        {QStringLiteral("rejected"), {RJ, RJ, RJ, A, RJ, RJ, RJ, A, RJ, A}},
    };
    QCOMPARE(table.size(), CustodyRules::statuses().size());
    for (const auto &[status, verdicts] : table) {
        QVERIFY(CustodyRules::statuses().contains(status));
        for (qsizetype i = 0; i < kinds.size(); ++i)
            QTest::addRow("%s / %s", qPrintable(status), qPrintable(kindName(kinds.at(i))))
                << status << kinds.at(i) << verdicts.at(i);
    }
}

void TestCustody::rules()
{
    QFETCH(QString, status);
    QFETCH(K, kind);
    QFETCH(V, expected);

    const CustodyRules::Check check = CustodyRules::check(specimenIn(status), completeStep(kind));
    QVERIFY2(check.verdict == expected, qPrintable(QStringLiteral("verdict %1, expected %2: %3")
                                                       .arg(int(check.verdict))
                                                       .arg(int(expected))
                                                       .arg(check.message)));
    QCOMPARE(check.allowed(), expected == V::Allowed);
    QCOMPARE(check.message.isEmpty(), expected == V::Allowed);
}

void TestCustody::refusalsExplainThemselves()
{
    const CustodyRules::Check disposed =
        CustodyRules::check(specimenIn(QStringLiteral("disposed")), completeStep(K::Stored));
    QVERIFY(disposed.message.contains(QLatin1String("CUS26000001Z")));
    QVERIFY2(disposed.message.contains(QLatin1String("correction")), qPrintable(disposed.message));

    const CustodyRules::Check twice =
        CustodyRules::check(specimenIn(QStringLiteral("received")), completeStep(K::Received));
    QVERIFY2(twice.message.contains(QLatin1String("CUS")), qPrintable(twice.message));

    const CustodyRules::Check early =
        CustodyRules::check(specimenIn(QStringLiteral("accessioned")), completeStep(K::Centrifuged));
    QVERIFY2(early.message.contains(QLatin1String("receive")), qPrintable(early.message));
}

void TestCustody::correctionNeedsAReason_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("correctedStatus");
    QTest::addColumn<V>("expected");

    for (const QString &status : CustodyRules::statuses()) {
        QTest::addRow("%s, no reason", qPrintable(status))
            << status << QString() << QString() << V::MissingReason;
        QTest::addRow("%s, blank reason", qPrintable(status))
            << status << QStringLiteral(" \t ") << QStringLiteral("received") << V::MissingReason;
        QTest::addRow("%s, with reason", qPrintable(status))
            << status << QStringLiteral("scanned the wrong tube") << QStringLiteral("stored") << V::Allowed;
    }
    QTest::newRow("reason, no status change") << "disposed"
                                              << "location mistyped"
                                              << "" << V::Allowed;
    QTest::newRow("unknown status") << "disposed"
                                    << "mistake"
                                    << "lost" << V::BadStatus;
    QTest::newRow("status spelt as a label") << "disposed"
                                             << "mistake"
                                             << "Received" << V::BadStatus;
}

void TestCustody::correctionNeedsAReason()
{
    QFETCH(QString, status);
    QFETCH(QString, reason);
    QFETCH(QString, correctedStatus);
    QFETCH(V, expected);

    CustodyRules::Step step{K::Corrected, {}, {}, reason, 0, correctedStatus};
    QCOMPARE(CustodyRules::check(specimenIn(status), step).verdict, expected);
}

void TestCustody::storageAndTransitNeedALocation_data()
{
    QTest::addColumn<K>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<V>("expected");

    QTest::newRow("stored, nowhere") << K::Stored << "" << V::MissingLocation;
    QTest::newRow("stored, blank") << K::Stored << "   " << V::MissingLocation;
    QTest::newRow("stored, somewhere") << K::Stored << "Freezer 1 (-20 °C)" << V::Allowed;
    QTest::newRow("in transit, nowhere") << K::InTransit << "" << V::MissingLocation;
    QTest::newRow("in transit, somewhere") << K::InTransit << "Transit / Pneumatic tube" << V::Allowed;
    QTest::newRow("sent to bench, default place") << K::SentToBench << "" << V::Allowed;
    QTest::newRow("centrifuged, default place") << K::Centrifuged << "" << V::Allowed;
}

void TestCustody::storageAndTransitNeedALocation()
{
    QFETCH(K, kind);
    QFETCH(QString, location);
    QFETCH(V, expected);

    CustodyRules::Step step{kind, location, {}, {}, 0, {}};
    QCOMPARE(CustodyRules::check(specimenIn(QStringLiteral("received")), step).verdict, expected);
}

void TestCustody::rejectionNeedsAListedReason_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<V>("expected");

    QTest::newRow("none") << "" << V::MissingReason;
    QTest::newRow("not on the list") << "looked odd" << V::MissingReason;
    QTest::newRow("label, not code") << "Hemolyzed" << V::MissingReason;
    for (const RejectionReason &r : Catalog::rejectionReasons())
        QTest::newRow(qPrintable(r.code)) << r.code << V::Allowed;
}

void TestCustody::rejectionNeedsAListedReason()
{
    QFETCH(QString, code);
    QFETCH(V, expected);

    // The eight reasons a laboratory rejects for (issue 2): hemolyzed, clotted, QNS, unlabeled,
    // mislabeled, wrong container, leaking, stability expired.
    QCOMPARE(Catalog::rejectionReasons().size(), 8);
    CustodyRules::Step step{K::Rejected, {}, code, QStringLiteral("free text is optional"), 0, {}};
    QCOMPARE(CustodyRules::check(specimenIn(QStringLiteral("received")), step).verdict, expected);
}

void TestCustody::aliquotCount_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<V>("expected");
    QTest::newRow("none") << 0 << V::BadAliquotCount;
    QTest::newRow("negative") << -1 << V::BadAliquotCount;
    QTest::newRow("one") << 1 << V::Allowed;
    QTest::newRow("most") << CustodyRules::MaxAliquots << V::Allowed;
    QTest::newRow("too many") << CustodyRules::MaxAliquots + 1 << V::BadAliquotCount;
}

void TestCustody::aliquotCount()
{
    QFETCH(int, count);
    QFETCH(V, expected);
    CustodyRules::Step step{K::Aliquoted, {}, {}, {}, count, {}};
    QCOMPARE(CustodyRules::check(specimenIn(QStringLiteral("centrifuged")), step).verdict, expected);
}

void TestCustody::receiveTwiceIsRefused()
{
    const QString a = accession();
    record(a, {K::Received, {}, {}, {}, 0, {}});
    const qint64 before = testlab::journalCount(*m_lab);

    Result<CustodyService::Recorded> again =
        m_lab->custody().record(a, {K::Received, {}, {}, {}, 0, {}}, Tech);
    QVERIFY(!again.ok());
    QVERIFY2(again.error().contains(QLatin1String("already received")), qPrintable(again.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(testlab::scalar(m_lab->database().connection(),
                             QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'custody.received'")),
             qint64(1));
}

void TestCustody::stepsBeforeReceiptAreRefused()
{
    const QString a = accession();
    const qint64 before = testlab::journalCount(*m_lab);
    for (K kind : {K::Centrifuged, K::Aliquoted, K::Stored, K::SentToBench, K::InTransit, K::Retrieved}) {
        Result<CustodyService::Recorded> r = m_lab->custody().record(a, completeStep(kind), Tech);
        QVERIFY2(!r.ok(), qPrintable(kindName(kind)));
        QVERIFY(!r.error().isEmpty());
    }
    QCOMPARE(testlab::journalCount(*m_lab), before);
    Result<std::optional<Specimen>> s = m_lab->specimens().find(a);
    QVERIFY(s.ok() && s.value());
    QCOMPARE(s.value()->status, QStringLiteral("accessioned"));
    QCOMPARE(s.value()->receivedAtMs, qint64(0));
}

void TestCustody::disposedSpecimenTakesOnlyACorrection()
{
    const QString a = accession();
    record(a, {K::Received, {}, {}, {}, 0, {}});
    record(a, {K::Stored, Freezer, {}, {}, 0, {}});
    record(a, {K::Disposed, {}, {}, {}, 0, {}});
    const qint64 before = testlab::journalCount(*m_lab);

    for (const CustodyKindInfo &info : CustodyKinds::all()) {
        if (info.kind == K::Corrected)
            continue;
        Result<CustodyService::Recorded> r = m_lab->custody().record(a, completeStep(info.kind), Tech);
        QVERIFY2(!r.ok(), info.shortName);
        QVERIFY2(r.error().contains(QLatin1String("disposed")), qPrintable(r.error()));
    }
    Result<CustodyService::Recorded> silent =
        m_lab->custody().record(a, {K::Corrected, {}, {}, {}, 0, QStringLiteral("stored")}, Tech);
    QVERIFY(!silent.ok());
    QCOMPARE(testlab::journalCount(*m_lab), before);

    // The audited correction: recorded with who and why, and the disposal stays in the history.
    Result<CustodyService::Recorded> corrected =
        m_lab->custody().record(a,
                                {K::Corrected,
                                 {},
                                 {},
                                 QStringLiteral("  disposal scanned on the wrong rack  "),
                                 0,
                                 QStringLiteral("stored")},
                                QStringLiteral("a.okafor"));
    QVERIFY2(corrected.ok(), qPrintable(corrected.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);
    const Event &e = corrected.value().event;
    QCOMPARE(e.kind, QStringLiteral("custody.corrected"));
    QCOMPARE(e.actor, QStringLiteral("a.okafor"));
    QCOMPARE(e.payloadObject().value(QLatin1String("reason")).toString(),
             QStringLiteral("disposal scanned on the wrong rack"));
    QCOMPARE(e.payloadObject().value(QLatin1String("status")).toString(), QStringLiteral("stored"));

    Result<std::optional<Specimen>> s = m_lab->specimens().find(a);
    QCOMPARE(s.value()->status, QStringLiteral("stored"));
    Result<QList<CustodyEntry>> timeline = m_lab->specimens().custody(a);
    QVERIFY(timeline.ok());
    QCOMPARE(timeline.value().first().kind, QStringLiteral("custody.corrected"));
    QCOMPARE(timeline.value().first().reason, QStringLiteral("disposal scanned on the wrong rack"));
    QCOMPARE(timeline.value().first().actor, QStringLiteral("a.okafor"));
    QCOMPARE(timeline.value().at(1).kind, QStringLiteral("custody.disposed"));

    // After the correction the specimen can be handled again.
    record(a, {K::Retrieved, {}, {}, {}, 0, {}});
}

void TestCustody::rejectedSpecimenCanOnlyBeStoredOrDisposed()
{
    const QString a = accession();
    record(a, {K::Received, {}, {}, {}, 0, {}});
    Result<CustodyService::Recorded> rejected = m_lab->custody().record(
        a, {K::Rejected, {}, QStringLiteral("clotted"), QStringLiteral("large clot"), 0, {}}, Tech);
    QVERIFY2(rejected.ok(), qPrintable(rejected.error()));
    QCOMPARE(rejected.value().event.payloadObject().value(QLatin1String("reason_code")).toString(),
             QStringLiteral("clotted"));

    // Its orders are cancelled.
    QCOMPARE(
        testlab::scalar(m_lab->database().connection(),
                        QStringLiteral("SELECT count(*) FROM test_orders WHERE accession = '%1' AND status "
                                       "<> 'cancelled'")
                            .arg(a)),
        qint64(0));
    const Result<QList<CustodyEntry>> timeline = m_lab->specimens().custody(a);
    QCOMPARE(timeline.value().first().reason, QStringLiteral("clotted: large clot"));

    const qint64 before = testlab::journalCount(*m_lab);
    for (K kind : {K::Received, K::Centrifuged, K::Aliquoted, K::SentToBench, K::InTransit, K::Retrieved,
                   K::Rejected}) {
        Result<CustodyService::Recorded> r = m_lab->custody().record(a, completeStep(kind), Tech);
        QVERIFY2(!r.ok(), qPrintable(kindName(kind)));
        QVERIFY2(r.error().contains(QLatin1String("rejected")), qPrintable(r.error()));
    }
    QCOMPARE(testlab::journalCount(*m_lab), before);
    record(a, {K::Stored, QStringLiteral("Refrigerator 1 (4 °C) / Shelf 1"), {}, {}, 0, {}});
    record(a, {K::Disposed, {}, {}, {}, 0, {}});
    QCOMPARE(testlab::journalCount(*m_lab), before + 2);
}

void TestCustody::aliquotsAreSpecimensOfTheirOwn()
{
    const QString parent = accession();
    record(parent, {K::Received, {}, {}, {}, 0, {}});
    record(parent, {K::Centrifuged, {}, {}, {}, 0, {}});
    Result<CustodyService::Recorded> r =
        m_lab->custody().record(parent, {K::Aliquoted, {}, {}, {}, 3, {}}, Tech);
    QVERIFY2(r.ok(), qPrintable(r.error()));
    const QStringList children = r.value().aliquots;
    QCOMPARE(children.size(), 3);
    QCOMPARE(QSet<QString>(children.begin(), children.end()).size(), 3);

    const QString counter =
        QStringLiteral("CUS%1").arg(QDate::currentDate().year() % 100, 2, 10, QLatin1Char('0'));
    for (const QString &child : children) {
        QCOMPARE(AccessionNumber::validate(child), AccessionNumber::Problem::None);
        QVERIFY2(child.startsWith(counter), qPrintable(child));
        QVERIFY(child != parent);

        Result<std::optional<Specimen>> s = m_lab->specimens().find(child);
        QVERIFY(s.ok() && s.value());
        QCOMPARE(s.value()->parent, parent);
        QCOMPARE(s.value()->patient.mrn, QStringLiteral("M0000001"));
        QCOMPARE(s.value()->specimenType, QStringLiteral("SERUM"));
        QCOMPARE(s.value()->container, QStringLiteral("ALIQUOT"));
        QCOMPARE(s.value()->status, QStringLiteral("received"));

        const Result<QList<CustodyEntry>> timeline = m_lab->specimens().custody(child);
        QVERIFY(timeline.ok());
        QCOMPARE(timeline.value().size(), 1);
        QCOMPARE(timeline.value().first().kind, QStringLiteral("specimen.aliquot_created"));
        QVERIFY2(timeline.value().first().detail.contains(parent),
                 qPrintable(timeline.value().first().detail));
        QCOMPARE(timeline.value().first().eventId, r.value().event.id);
    }

    Result<std::optional<Specimen>> p = m_lab->specimens().find(parent);
    QVERIFY(p.ok() && p.value());
    QCOMPARE(p.value()->status, QStringLiteral("aliquoted"));
    QStringList sortedChildren = children;
    sortedChildren.sort();
    QCOMPARE(p.value()->children, sortedChildren);
    const Result<QList<CustodyEntry>> parentTimeline = m_lab->specimens().custody(parent);
    QCOMPARE(parentTimeline.value().first().kind, QStringLiteral("custody.aliquoted"));
    for (const QString &child : children)
        QVERIFY2(parentTimeline.value().first().detail.contains(child),
                 qPrintable(parentTimeline.value().first().detail));

    // The numbers came from the station's counter: the next accession does not reuse them.
    const QString next = accession();
    QVERIFY(!children.contains(next));
    QVERIFY2(next.left(next.size() - 1) > children.last().left(children.last().size() - 1), qPrintable(next));

    // An aliquot is handled like any specimen.
    record(children.first(), {K::Stored, Freezer, {}, {}, 0, {}});
    Result<CustodyService::Recorded> twice =
        m_lab->custody().record(children.first(), {K::Received, {}, {}, {}, 0, {}}, Tech);
    QVERIFY(!twice.ok());
}

// The trail is read from the journal (decision 65), so an event another station pushed that this
// station's projection set aside (a review flag with no other event) must be left out of it, as it
// is left out of every view. A flag that only names a conflict leaves the step on the trail.
void TestCustody::trailLeavesOutWhatProjectionRefused()
{
    const QString a = accession();
    record(a, {K::Received, {}, {}, {}, 0, {}});
    record(a, {K::Stored, Freezer, {}, {}, 0, {}});
    const Result<QList<CustodyEntry>> before = m_lab->specimens().custody(a);
    QVERIFY(before.ok());
    QCOMPARE(before.value().size(), 3);
    const CustodyEntry stored = before.value().first();
    QCOMPARE(stored.kind, QStringLiteral("custody.stored"));

    const auto flag = [&](const QString &otherEvent) {
        QSqlQuery q(m_lab->database().connection());
        q.prepare(
            QStringLiteral("INSERT OR REPLACE INTO review_flags (event_id, other_event, accession, reason, "
                           "flagged_at, hlc) VALUES (?, ?, ?, 'test', 0, 0)"));
        q.addBindValue(stored.eventId);
        q.addBindValue(otherEvent);
        q.addBindValue(a);
        return q.exec();
    };
    QVERIFY(flag(QStringLiteral("")));
    const Result<QList<CustodyEntry>> refused = m_lab->specimens().custody(a);
    QVERIFY(refused.ok());
    QCOMPARE(refused.value().size(), 2);
    QCOMPARE(refused.value().first().kind, QStringLiteral("custody.received"));
    const Result<QList<CustodyEntry>> timeline = m_lab->specimens().timeline(a);
    QVERIFY(timeline.ok());
    QCOMPARE(timeline.value().size(), 2);

    QVERIFY(flag(QStringLiteral("another-event")));
    const Result<QList<CustodyEntry>> conflict = m_lab->specimens().custody(a);
    QVERIFY(conflict.ok());
    QCOMPARE(conflict.value().size(), 3);
    QCOMPARE(conflict.value().first().eventId, stored.eventId);
}

void TestCustody::timelineIsNewestFirst()
{
    const QString a = accession();
    const QList<CustodyRules::Step> steps{
        {K::Received, {}, {}, {}, 0, {}},
        {K::Centrifuged, {}, {}, {}, 0, {}},
        {K::SentToBench, QStringLiteral("Main Lab / Chemistry bench"), {}, {}, 0, {}},
        {K::Stored, Freezer, {}, {}, 0, {}},
        {K::Retrieved, QStringLiteral("Main Lab / Receiving"), {}, QStringLiteral("add-on test"), 0, {}},
        {K::InTransit, QStringLiteral("Transit / Courier to Reference Laboratory"), {}, {}, 0, {}},
    };
    for (const CustodyRules::Step &s : steps)
        record(a, s);

    const Result<QList<CustodyEntry>> timeline = m_lab->specimens().custody(a);
    QVERIFY(timeline.ok());
    const QStringList expected{QStringLiteral("custody.in_transit"),  QStringLiteral("custody.retrieved"),
                               QStringLiteral("custody.stored"),      QStringLiteral("custody.sent_to_bench"),
                               QStringLiteral("custody.centrifuged"), QStringLiteral("custody.received"),
                               QStringLiteral("specimen.accessioned")};
    QStringList kinds;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const CustodyEntry &e : timeline.value()) {
        kinds << e.kind;
        QVERIFY(e.atMs <= previous);
        previous = e.atMs;
        QCOMPARE(e.actor, Tech);
        QCOMPARE(e.station, QStringLiteral("CUS"));
        QVERIFY2(!e.location.isEmpty(), qPrintable(e.kind));
        QVERIFY(!e.eventId.isEmpty());
    }
    QCOMPARE(kinds, expected);
    QCOMPARE(timeline.value().at(0).location, QStringLiteral("Transit / Courier to Reference Laboratory"));
    QCOMPARE(timeline.value().at(1).reason, QStringLiteral("add-on test"));
    QCOMPARE(timeline.value().at(2).location, Freezer);
    // Steps that name no place happen at the station.
    QCOMPARE(timeline.value().at(4).location, QStringLiteral("Main Lab / Receiving"));

    // "Where is this tube now?"
    Result<std::optional<Specimen>> s = m_lab->specimens().find(a);
    QCOMPARE(s.value()->status, QStringLiteral("in_transit"));
    QCOMPARE(s.value()->location, QStringLiteral("Transit / Courier to Reference Laboratory"));
    QCOMPARE(s.value()->receivedStation, QStringLiteral("CUS"));
}

void TestCustody::locationsAreNormalised()
{
    const QString a = accession();
    record(a, {K::Received, {}, {}, {}, 0, {}});
    Result<CustodyService::Recorded> r = m_lab->custody().record(
        a, {K::Stored, QStringLiteral("  Freezer 2/Rack 5 /  B7 "), {}, {}, 0, {}}, Tech);
    QVERIFY(r.ok());
    QCOMPARE(r.value().event.payloadObject().value(QLatin1String("location")).toString(),
             QStringLiteral("Freezer 2 / Rack 5 / B7"));
    QCOMPARE(m_lab->specimens().find(a).value()->location, QStringLiteral("Freezer 2 / Rack 5 / B7"));

    const qint64 before = testlab::journalCount(*m_lab);
    Result<CustodyService::Recorded> nowhere =
        m_lab->custody().record(a, {K::Stored, QStringLiteral(" / / "), {}, {}, 0, {}}, Tech);
    QVERIFY(!nowhere.ok());
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestCustody::unknownSpecimenIsRefused()
{
    const qint64 before = testlab::journalCount(*m_lab);
    Result<CustodyService::Recorded> r =
        m_lab->custody().record(QStringLiteral("CUS26999999Z"), {K::Received, {}, {}, {}, 0, {}}, Tech);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().contains(QLatin1String("CUS26999999Z")), qPrintable(r.error()));
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestCustody::refusedStepsChangeNothing_data()
{
    QTest::addColumn<QString>("history"); // steps recorded first, by short name
    QTest::addColumn<K>("kind");
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("reasonCode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("aliquots");

    QTest::newRow("receive twice") << "received" << K::Received << ""
                                   << ""
                                   << "" << 0;
    QTest::newRow("centrifuge before receipt") << "" << K::Centrifuged << ""
                                               << ""
                                               << "" << 0;
    QTest::newRow("dispose before receipt") << "" << K::Disposed << ""
                                            << ""
                                            << "" << 0;
    QTest::newRow("retrieve what is not stored") << "received" << K::Retrieved << ""
                                                 << ""
                                                 << "" << 0;
    QTest::newRow("store nowhere") << "received" << K::Stored << ""
                                   << ""
                                   << "" << 0;
    QTest::newRow("send nowhere") << "received" << K::InTransit << ""
                                  << ""
                                  << "" << 0;
    QTest::newRow("reject without reason") << "received" << K::Rejected << ""
                                           << ""
                                           << "looks bad" << 0;
    QTest::newRow("reject for an unlisted reason") << "received" << K::Rejected << ""
                                                   << "ugly"
                                                   << "" << 0;
    QTest::newRow("aliquot into none") << "received" << K::Aliquoted << ""
                                       << ""
                                       << "" << 0;
    QTest::newRow("aliquot into too many") << "received" << K::Aliquoted << ""
                                           << ""
                                           << "" << 21;
    QTest::newRow("correct without reason") << "received,disposed" << K::Corrected << ""
                                            << ""
                                            << "" << 0;
    QTest::newRow("store after disposal") << "received,disposed" << K::Stored << "Freezer 1 (-20 °C)"
                                          << ""
                                          << "" << 0;
    QTest::newRow("centrifuge after rejection") << "received,rejected" << K::Centrifuged << ""
                                                << ""
                                                << "" << 0;
}

void TestCustody::refusedStepsChangeNothing()
{
    QFETCH(QString, history);
    QFETCH(K, kind);
    QFETCH(QString, location);
    QFETCH(QString, reasonCode);
    QFETCH(QString, reason);
    QFETCH(int, aliquots);

    const QString a = accession();
    for (const QString &name : history.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const std::optional<K> k = CustodyKinds::parse(name);
        QVERIFY(k);
        record(a, completeStep(*k));
    }
    const QSqlDatabase db = m_lab->database().connection();
    const qint64 journal = testlab::journalCount(*m_lab);
    QHash<QString, QStringList> before;
    for (const QString &table : Projector::tables())
        before.insert(table, testlab::tableRows(db, table));

    Result<CustodyService::Recorded> r =
        m_lab->custody().record(a, {kind, location, reasonCode, reason, aliquots, {}}, Tech);
    QVERIFY(!r.ok());
    QVERIFY(!r.error().isEmpty());
    QCOMPARE(testlab::journalCount(*m_lab), journal);
    for (const QString &table : Projector::tables())
        QVERIFY2(testlab::tableRows(db, table) == before.value(table), qPrintable(table));
}

QTEST_GUILESS_MAIN(TestCustody)
#include "tst_custody.moc"
