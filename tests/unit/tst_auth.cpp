// SPDX-License-Identifier: GPL-3.0-or-later
// Sign-in and the rules behind it, in models/: Argon2id hashing and rehashing, users' credentials
// as journal events, sign-in by password and by badge + PIN, the slowdown after failures (with a
// fake clock), the idle lock (fake clock), and the role table every service checks.
#include "audit/chainaudit.h"
#include "auth/credentialrepository.h"
#include "auth/idlelock.h"
#include "auth/passwordhasher.h"
#include "auth/permissions.h"
#include "auth/signinservice.h"
#include "auth/userservice.h"
#include "labhelpers.h"
#include "projection/projector.h"
#include "review/reviewservice.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace benchside;

namespace {
const QString Admin = QStringLiteral("admin");
const QString Tech = QStringLiteral("p.nair");
const QString Tech2 = QStringLiteral("j.kowalski");
const QString Super = QStringLiteral("a.okafor");
const QString Password = QStringLiteral("correct horse 42");
} // namespace

class TestAuth : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void hashIsNeverThePasswordAndVerifiesOnlyIt();
    void rehashIsNeededOnlyWhenTheCostChanges();
    void passwordsPinsAndBadgesAreChecked();
    void onlyAdministratorsManageOthers();
    void signInWithPassword();
    void signInWithBadgeAndPin();
    void ambiguousBadgeIsRefused();
    void signInRehashesWhenTheCostIsRaised();
    void failedSignInsSlowDownAndAreJournaled();
    void oldFailuresAndSuccessResetTheSlowdown();
    void credentialsConvergeInAnyOrder();
    void idleLockWithAFakeClock();

    void roleTable_data();
    void roleTable();
    void stationAccountIsAdministratorOnlyBeforeUsersExist();
    void servicesRefuseWhatTheRoleMayNot();

private:
    // Journal and sign-in read the same fake clock, so waits come out exact.
    SignInService signIn(PasswordHasher::Cost cost = PasswordHasher::minimumCost())
    {
        return SignInService(*m_store, m_lab->catalog(), PasswordHasher(cost), [this] { return m_now; });
    }
    UserService users()
    {
        return UserService(m_lab->store(), m_lab->catalog(), PasswordHasher(PasswordHasher::minimumCost()));
    }
    qint64 countKind(const QString &kind)
    {
        return testlab::scalar(m_lab->database().connection(),
                               QStringLiteral("SELECT count(*) FROM journal WHERE kind = '%1'").arg(kind));
    }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<EventStore> m_store; // on m_lab's database, with the fake clock
    qint64 m_now = 0;
};

void TestAuth::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab).ok());
    m_now = QDateTime::currentMSecsSinceEpoch() + 1000; // after every event already recorded
    m_store = std::make_unique<EventStore>(m_lab->database().connection(), m_lab->station(),
                                           HybridClock([this] { return m_now; }));
    QVERIFY(users().setPassword(Tech, Password, Admin).ok());
}

// Users of a connection before the connection: m_store's prepared statements must be finalised
// before m_lab's database closes, or SQLite refuses to close it and the connection leaks.
void TestAuth::cleanup()
{
    m_store.reset();
    m_lab.reset();
    m_db.reset();
}

void TestAuth::hashIsNeverThePasswordAndVerifiesOnlyIt()
{
    const PasswordHasher hasher(PasswordHasher::minimumCost());
    Result<QString> a = hasher.hash(Password);
    Result<QString> b = hasher.hash(Password);
    QVERIFY(a.ok() && b.ok());
    QVERIFY(!a.value().contains(Password));
    QVERIFY(a.value().startsWith(QLatin1String("$argon2id$")));
    QVERIFY(a.value() != b.value()); // salted
    QVERIFY(PasswordHasher::verify(a.value(), Password));
    QVERIFY(!PasswordHasher::verify(a.value(), Password + QLatin1Char(' ')));
    QVERIFY(!PasswordHasher::verify(a.value(), QString()));
    QVERIFY(!PasswordHasher::verify(QString(), QString()));
    QVERIFY(!PasswordHasher::verify(QStringLiteral("$argon2id$garbage"), Password));

    // What the journal and the projection hold is the hash, never the password.
    QCOMPARE(testlab::scalar(
                 m_lab->database().connection(),
                 QStringLiteral("SELECT count(*) FROM journal WHERE payload LIKE '%%1%'").arg(Password)),
             0);
    const std::optional<Credentials> c = CredentialRepository(m_lab->database().connection()).forUser(Tech);
    QVERIFY(c && PasswordHasher::verify(c->passwordHash, Password));
}

void TestAuth::rehashIsNeededOnlyWhenTheCostChanges()
{
    const PasswordHasher cheap(PasswordHasher::minimumCost());
    const PasswordHasher raised(
        {PasswordHasher::minimumCost().operations + 1, 2 * PasswordHasher::minimumCost().memoryBytes});
    const QString hash = cheap.hash(Password).value();
    QVERIFY(!cheap.needsRehash(hash));
    QVERIFY(raised.needsRehash(hash));
    QVERIFY(!raised.needsRehash(raised.hash(Password).value()));
    QVERIFY(cheap.needsRehash(QStringLiteral("not a hash")));
}

void TestAuth::passwordsPinsAndBadgesAreChecked()
{
    QVERIFY(!UserService::checkPassword(Tech, QStringLiteral("short")).ok());
    QVERIFY(!UserService::checkPassword(QStringLiteral("p.nair12"), QStringLiteral("P.NAIR12")).ok());
    QVERIFY(UserService::checkPassword(Tech, Password).ok());
    QVERIFY(!UserService::checkPin(QStringLiteral("123")).ok());
    QVERIFY(!UserService::checkPin(QStringLiteral("12a4")).ok());
    QVERIFY(!UserService::checkPin(QStringLiteral("123456789")).ok());
    QVERIFY(UserService::checkPin(QStringLiteral("4821")).ok());
    QVERIFY(!UserService::checkBadge(QStringLiteral("B 12")).ok());
    QVERIFY(!UserService::checkBadge(QStringLiteral("ab")).ok());
    QVERIFY(UserService::checkBadge(QStringLiteral("BADGE-0042")).ok());
    // A badge that reads as a tube's accession number would be taken for a specimen.
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), Tech);
    QVERIFY(s.ok());
    QVERIFY(!UserService::checkBadge(s.value().accession).ok());
    QVERIFY(!UserService::checkName(QStringLiteral("P Nair")).ok());
    QVERIFY(UserService::checkName(QStringLiteral("p.nair")).ok());
    QVERIFY(!users().setPin(Tech, QStringLiteral("12"), Tech).ok());
    QVERIFY(!users().setPassword(Tech, QStringLiteral("p.nair"), Tech).ok());
}

void TestAuth::onlyAdministratorsManageOthers()
{
    const User newcomer{QStringLiteral("m.rossi"), QStringLiteral("Marco Rossi"),
                        QStringLiteral("technician")};
    Result<Event> refused = users().defineUser(newcomer, Super);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().contains(QLatin1String("only an administrator")), qPrintable(refused.error()));
    QVERIFY(!m_lab->catalog().user(newcomer.name));
    QVERIFY(users().defineUser(newcomer, Admin).ok());
    QCOMPARE(m_lab->catalog().user(newcomer.name)->role, QStringLiteral("technician"));
    QVERIFY(!users()
                 .defineUser({QStringLiteral("x.y"), QStringLiteral("X"), QStringLiteral("boss")}, Admin)
                 .ok());

    // Everyone may change their own password and PIN; only an administrator another's, or a badge.
    QVERIFY(users().setPassword(Tech, QStringLiteral("another one 7"), Tech).ok());
    QVERIFY(!users().setPassword(Tech2, QStringLiteral("another one 7"), Tech).ok());
    QVERIFY(!users().setPassword(Tech2, QStringLiteral("another one 7"), Super).ok());
    QVERIFY(users().setPin(Tech, QStringLiteral("4821"), Tech).ok());
    QVERIFY(!users().setBadge(Tech, QStringLiteral("BADGE-0001"), Tech).ok());
    QVERIFY(users().setBadge(Tech, QStringLiteral("BADGE-0001"), Admin).ok());
    Result<Event> taken = users().setBadge(Tech2, QStringLiteral("BADGE-0001"), Admin);
    QVERIFY(!taken.ok());
    QVERIFY(taken.error().contains(Tech));
    QVERIFY(!users().setPassword(QStringLiteral("nobody"), Password, Admin).ok());
}

void TestAuth::signInWithPassword()
{
    SignInService service = signIn();
    Result<User> ok = service.withPassword(QStringLiteral("  P.Nair "), Password);
    QVERIFY2(ok.ok(), qPrintable(ok.error()));
    QCOMPARE(ok.value().name, Tech);
    QCOMPARE(countKind(QStringLiteral("user.signin.succeeded")), 1);
    QSqlQuery q(m_lab->database().connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT actor, subject FROM journal WHERE kind = 'user.signin.succeeded'")) &&
        q.next());
    QCOMPARE(q.value(0).toString(), Tech); // the event carries the user who signed in
    QCOMPARE(q.value(1).toString(), Tech);

    Result<User> wrong = service.withPassword(Tech, QStringLiteral("correct horse 43"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error(), QStringLiteral("The user name or the password is wrong."));
    QVERIFY(!service.withPassword(QStringLiteral("nobody"), Password).ok());
    QCOMPARE(countKind(QStringLiteral("user.signin.failed")), 2);

    Result<User> none = service.withPassword(Tech2, Password);
    QVERIFY(!none.ok());
    QVERIFY2(none.error().contains(QLatin1String("no password yet")), qPrintable(none.error()));
    QVERIFY(!service.withPassword(QString(), Password).ok());
}

void TestAuth::signInWithBadgeAndPin()
{
    QVERIFY(users().setBadge(Tech, QStringLiteral("BADGE-0042"), Admin).ok());
    SignInService service = signIn();
    Result<User> noPin = service.withBadge(QStringLiteral("BADGE-0042"), QStringLiteral("4821"));
    QVERIFY(!noPin.ok());
    QVERIFY2(noPin.error().contains(QLatin1String("no PIN yet")), qPrintable(noPin.error()));
    QVERIFY(users().setPin(Tech, QStringLiteral("4821"), Tech).ok());

    QCOMPARE(service.badgeHolder(QStringLiteral("BADGE-0042")).value().name, Tech);
    Result<User> ok = service.withBadge(QStringLiteral("BADGE-0042"), QStringLiteral("4821"));
    QVERIFY2(ok.ok(), qPrintable(ok.error()));
    QCOMPARE(ok.value().name, Tech);
    QVERIFY(!service.withBadge(QStringLiteral("BADGE-0042"), QStringLiteral("4822")).ok());
    // The PIN does not open the password door, nor the password the badge's.
    QVERIFY(!service.withPassword(Tech, QStringLiteral("4821")).ok());
    QVERIFY(!service.withBadge(QStringLiteral("BADGE-0042"), Password).ok());

    Result<User> unknown = service.withBadge(QStringLiteral("BADGE-9999"), QStringLiteral("4821"));
    QVERIFY(!unknown.ok());
    QVERIFY(unknown.error().contains(QLatin1String("not registered")));
    QSqlQuery q(m_lab->database().connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT count(*) FROM journal WHERE kind = 'user.signin.failed' AND subject = "
                              "'badge:BADGE-9999'")) &&
        q.next());
    QCOMPARE(q.value(0).toInt(), 1);
}

void TestAuth::ambiguousBadgeIsRefused()
{
    // Two stations gave the same badge to two people while offline: the projection holds both.
    for (const QString &name : {Tech, Tech2}) {
        Event e;
        e.kind = QStringLiteral("user.badge.set");
        e.subject = name;
        e.hlc = (QDateTime::currentMSecsSinceEpoch() << 16) + (name == Tech ? 1 : 2);
        e.stationId = name == Tech ? QStringLiteral("AAA") : QStringLiteral("BBB");
        e.payload = Event::canonicalJson(QJsonObject{{QStringLiteral("user"), name},
                                                     {QStringLiteral("badge"), QStringLiteral("BADGE-7")}});
        QVERIFY(m_lab->store().projector().apply(e).ok());
    }
    Result<User> holder = signIn().badgeHolder(QStringLiteral("BADGE-7"));
    QVERIFY(!holder.ok());
    QVERIFY(holder.error().contains(Tech) && holder.error().contains(Tech2));
}

void TestAuth::signInRehashesWhenTheCostIsRaised()
{
    const PasswordHasher::Cost raised{PasswordHasher::minimumCost().operations + 1,
                                      2 * PasswordHasher::minimumCost().memoryBytes};
    SignInService service = signIn(raised);
    QVERIFY(service.withPassword(Tech, Password).ok());
    QSqlQuery q(m_lab->database().connection());
    QVERIFY(q.exec(QStringLiteral(
                "SELECT payload FROM journal WHERE kind = 'user.password.set' ORDER BY hlc DESC")) &&
            q.next());
    const QJsonObject latest = QJsonDocument::fromJson(q.value(0).toByteArray()).object();
    QCOMPARE(latest.value(QLatin1String("reason")).toString(), QStringLiteral("rehash"));
    const QString hash = CredentialRepository(m_lab->database().connection()).forUser(Tech)->passwordHash;
    QCOMPARE(hash, latest.value(QLatin1String("hash")).toString());
    QVERIFY(!PasswordHasher(raised).needsRehash(hash));
    QVERIFY(PasswordHasher::verify(hash, Password));

    const qint64 before = countKind(QStringLiteral("user.password.set"));
    QVERIFY(service.withPassword(Tech, Password).ok());
    QCOMPARE(countKind(QStringLiteral("user.password.set")), before); // once is enough
}

void TestAuth::failedSignInsSlowDownAndAreJournaled()
{
    QCOMPARE(SignInService::delayAfter(2), 0);
    QCOMPARE(SignInService::delayAfter(3), 5000);
    QCOMPARE(SignInService::delayAfter(4), 10000);
    QCOMPARE(SignInService::delayAfter(40), 300000);

    SignInService service = signIn();
    const QString wrong = QStringLiteral("guess");
    QVERIFY(!service.withPassword(Tech, wrong).ok());
    QVERIFY(!service.withPassword(Tech, wrong).ok());
    QCOMPARE(service.waitMs(Tech).value(), 0);
    QVERIFY(!service.withPassword(Tech, wrong).ok());
    QCOMPARE(service.waitMs(Tech).value(), 5000);
    m_now += 1200;
    QCOMPARE(service.waitMs(Tech).value(), 3800);
    QCOMPARE(countKind(QStringLiteral("user.signin.failed")), 3);

    // While the wait runs even the right password is not checked, and nothing more is journaled.
    Result<User> throttled = service.withPassword(Tech, Password);
    QVERIFY(!throttled.ok());
    QVERIFY2(throttled.error().contains(QLatin1String("try again in")), qPrintable(throttled.error()));
    QCOMPARE(countKind(QStringLiteral("user.signin.failed")), 3);
    QCOMPARE(countKind(QStringLiteral("user.signin.succeeded")), 0);
    // Other users are not held up by one user's failures.
    QCOMPARE(service.waitMs(Tech2).value(), 0);

    m_now += 3800;
    QVERIFY(!service.withPassword(Tech, wrong).ok()); // the fourth: ten seconds now
    QCOMPARE(service.waitMs(Tech).value(), 10000);
    m_now += 9999;
    QVERIFY(!service.withPassword(Tech, Password).ok());
    m_now += 1;
    QVERIFY(service.withPassword(Tech, Password).ok());
}

void TestAuth::oldFailuresAndSuccessResetTheSlowdown()
{
    SignInService service = signIn();
    for (int i = 0; i < 3; ++i)
        QVERIFY(!service.withPassword(Tech, QStringLiteral("guess")).ok());
    QVERIFY(service.waitMs(Tech).value() > 0);
    m_now += SignInService::FailureWindowMs + 1000;
    QCOMPARE(service.waitMs(Tech).value(), 0); // forgotten after the window
    for (int i = 0; i < 3; ++i)
        QVERIFY(!service.withPassword(Tech, QStringLiteral("guess")).ok());
    m_now += 5000;
    QCOMPARE(service.waitMs(Tech).value(), 0); // the wait is over, the failures are still counted
    QVERIFY(service.withPassword(Tech, Password).ok());
    QVERIFY(!service.withPassword(Tech, QStringLiteral("guess")).ok());
    QCOMPARE(service.waitMs(Tech).value(), 0); // one failure since the success
}

void TestAuth::credentialsConvergeInAnyOrder()
{
    // Events from two stations about the same user's PIN, applied in both orders, end alike.
    const qint64 base = QDateTime::currentMSecsSinceEpoch() << 16;
    const auto pinEvent = [base](const QString &station, qint64 logical, const QString &hash) {
        Event e;
        e.kind = QStringLiteral("user.pin.set");
        e.subject = Tech2;
        e.stationId = station;
        e.hlc = base + logical;
        e.payload = Event::canonicalJson(
            QJsonObject{{QStringLiteral("user"), Tech2}, {QStringLiteral("hash"), hash}});
        return e;
    };
    const Event older = pinEvent(QStringLiteral("AAA"), 1, QStringLiteral("old"));
    const Event newer = pinEvent(QStringLiteral("BBB"), 2, QStringLiteral("new"));
    const Event tie = pinEvent(QStringLiteral("AAB"), 2, QStringLiteral("tie"));
    CredentialRepository credentials(m_lab->database().connection());
    for (const QList<Event> &order : {QList<Event>{older, tie, newer}, QList<Event>{newer, older, tie},
                                      QList<Event>{tie, newer, older}}) {
        QSqlQuery clear(m_lab->database().connection());
        QVERIFY(clear.exec(QStringLiteral("DELETE FROM user_credentials WHERE name = 'j.kowalski'")));
        for (const Event &e : order)
            QVERIFY(m_lab->store().projector().apply(e).ok());
        QCOMPARE(credentials.forUser(Tech2)->pinHash, QStringLiteral("new"));
    }
    // And a rebuild from the journal gives what the journal says.
    QVERIFY(m_lab->store().projector().rebuild().ok());
    QVERIFY(PasswordHasher::verify(credentials.forUser(Tech)->passwordHash, Password));
    QVERIFY(!credentials.forUser(Tech2));
}

void TestAuth::idleLockWithAFakeClock()
{
    IdleLock lock(60'000);
    lock.activity(1'000);
    QVERIFY(!lock.due(60'999));
    QVERIFY(lock.due(61'000));
    QVERIFY(!lock.due(62'000)); // once per idle spell
    lock.activity(70'000);
    QVERIFY(!lock.due(129'999));
    QVERIFY(lock.due(130'000));
    lock.activity(140'000);
    lock.setTimeout(0);
    QVERIFY(!lock.due(10'000'000));
    lock.setTimeout(30'000);
    QVERIFY(lock.due(170'000));
}

void TestAuth::roleTable_data()
{
    QTest::addColumn<int>("permission");
    QTest::addColumn<bool>("technician");
    QTest::addColumn<bool>("supervisor");
    QTest::addColumn<bool>("administrator");
    const auto row = [](const char *name, Permission p, bool t, bool s, bool a) {
        QTest::newRow(name) << int(p) << t << s << a;
    };
    row("bench work", Permission::BenchWork, true, true, true);
    row("verify results", Permission::VerifyResults, false, true, false);
    row("override QC lockout", Permission::OverrideQcLockout, false, true, false);
    row("configure QC", Permission::ConfigureQc, false, true, true);
    row("document QC action", Permission::DocumentQcAction, true, true, false);
    row("decide review", Permission::DecideReview, false, true, true);
    row("manage interfaces", Permission::ManageInterfaces, false, true, true);
    row("edit catalogue", Permission::EditCatalog, false, false, true);
    row("manage users", Permission::ManageUsers, false, false, true);
    row("verify chains", Permission::VerifyChains, false, false, true);
    row("change settings", Permission::ChangeSettings, false, false, true);
}

void TestAuth::roleTable()
{
    QFETCH(int, permission);
    const auto p = static_cast<Permission>(permission);
    QTEST(Permissions::allows(QStringLiteral("technician"), p), "technician");
    QTEST(Permissions::allows(QStringLiteral("supervisor"), p), "supervisor");
    QTEST(Permissions::allows(QStringLiteral("administrator"), p), "administrator");
    QVERIFY(!Permissions::allows(QString(), p));
    QVERIFY(!Permissions::allows(QStringLiteral("Administrator"), p));
    // The same answers through a station's catalogue, with a message when the answer is no.
    const Permissions &perms = m_lab->permissions();
    for (const auto &[user, role] :
         {std::pair{Tech, "technician"}, std::pair{Super, "supervisor"}, std::pair{Admin, "administrator"}}) {
        const Status s = perms.check(user, p);
        QCOMPARE(s.ok(), Permissions::allows(QLatin1String(role), p));
        if (!s.ok())
            QVERIFY2(s.error().contains(user) && s.error().contains(QLatin1String("may")),
                     qPrintable(s.error()));
    }
    QVERIFY(!perms.check(QStringLiteral("nobody"), p).ok());
}

void TestAuth::stationAccountIsAdministratorOnlyBeforeUsersExist()
{
    TestDatabase fresh;
    std::unique_ptr<Lab> lab = fresh.open();
    QCOMPARE(lab->permissions().role(QStringLiteral("admin")), QStringLiteral("administrator"));
    QVERIFY(lab->permissions().role(QStringLiteral("someone")).isEmpty());
    // Once the catalogue names people, the station account is whatever the catalogue says it is.
    QVERIFY(
        CatalogImporter::import(lab->store(), lab->permissions(),
                                R"({"users":[{"name":"boss","display_name":"Boss","role":"administrator"}]})",
                                QStringLiteral("admin"))
            .ok());
    QVERIFY(lab->permissions().role(QStringLiteral("admin")).isEmpty());
    QVERIFY(!lab->actor(QStringLiteral("admin")).ok());
}

void TestAuth::servicesRefuseWhatTheRoleMayNot()
{
    const qint64 events = testlab::journalCount(*m_lab);
    const QByteArray bench = R"({"benches":[{"code":"TOX","name":"Toxicology"}]})";
    Result<QList<Event>> catalog =
        CatalogImporter::import(m_lab->store(), m_lab->permissions(), bench, Super);
    QVERIFY(!catalog.ok());
    QVERIFY2(catalog.error().contains(QLatin1String("only an administrator")), qPrintable(catalog.error()));
    QCOMPARE(testlab::journalCount(*m_lab), events);
    QVERIFY(CatalogImporter::import(m_lab->store(), m_lab->permissions(), bench, Admin).ok());

    Result<ChainVerifier::Report> chains = ChainAudit::verifyAs(*m_lab, Super);
    QVERIFY(!chains.ok());
    QVERIFY(ChainAudit::verifyAs(*m_lab, Admin).ok());

    Result<Event> review = ReviewService(m_lab->store(), m_lab->catalog())
                               .resolve(QStringLiteral("X"), QStringLiteral("n"), Tech);
    QVERIFY(!review.ok());
    QVERIFY2(review.error().contains(QLatin1String("may not decide a review")), qPrintable(review.error()));
}

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"
