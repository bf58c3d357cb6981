// SPDX-License-Identifier: GPL-3.0-or-later
// The real benchside-cli runs as the user --as names and refuses, with exit 2 and a message, what
// that user's role may not do; nothing is recorded for a refused command.
#include "clirunner.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace benchside;

class TestAuthCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void unknownUserIsRefused();
    void onlyAnAdministratorImportsTheCatalogue();
    void onlyAnAdministratorManagesUsers();
    void everyoneSetsTheirOwnPasswordFromStandardInput();
    void technicianCannotVerifyOrOverride();
    void onlyAnAdministratorRemembersTheSyncServer();
    void qcReviewAndChainRulesHoldFromTheCli();

private:
    using Run = testlab::CliRun;
    Run cli(const QStringList &args, const QByteArray &input = {})
    {
        return testlab::runCli(m_cli, m_db->path(), m_dir.path(), args, input);
    }
    Run as(const QString &user, const QStringList &args, const QByteArray &input = {})
    {
        return cli(QStringList{QStringLiteral("--as"), user} + args, input);
    }
    qint64 events() { return testlab::journalCount(*m_db->open()); }
    void refused(const Run &r, const char *expected)
    {
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(expected), r.err.constData());
    }

    QString m_cli;
    QTemporaryDir m_dir;
    std::unique_ptr<TestDatabase> m_db;
    QString m_catalogFile;
};

void TestAuthCli::initTestCase()
{
    m_cli = testlab::cliPath();
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
    m_db = std::make_unique<TestDatabase>();
    std::unique_ptr<Lab> lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*lab).ok());
    m_catalogFile = m_dir.filePath(QStringLiteral("tox.json"));
    QFile f(m_catalogFile);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"benches":[{"code":"TOX","name":"Toxicology"}]})");
}

void TestAuthCli::unknownUserIsRefused()
{
    const qint64 before = events();
    refused(as(QStringLiteral("mallory"),
               {QStringLiteral("accession"), QStringLiteral("--type"), QStringLiteral("SERUM"),
                QStringLiteral("--tests"), QStringLiteral("GLU")}),
            "not a user of this station");
    QCOMPARE(events(), before);
}

void TestAuthCli::onlyAnAdministratorImportsTheCatalogue()
{
    const qint64 before = events();
    for (const char *user : {"p.nair", "a.okafor"})
        refused(as(QLatin1String(user), {QStringLiteral("catalog"), QStringLiteral("import"), m_catalogFile}),
                "only an administrator may");
    QCOMPARE(events(), before);
    const Run ok = as(QStringLiteral("admin"), {QStringLiteral("catalog"), QStringLiteral("import"),
                                                m_catalogFile, QStringLiteral("--json")});
    QCOMPARE(ok.exit, 0);
    QCOMPARE(ok.json().object().value(QLatin1String("events")).toInt(), 1);
    QVERIFY(m_db->open()->catalog().benches().value().size() > 0);
    refused(as(QStringLiteral("admin"), {QStringLiteral("catalog"), QStringLiteral("import"),
                                         m_dir.filePath(QStringLiteral("missing.json"))}),
            "Cannot read the catalogue");
}

void TestAuthCli::onlyAnAdministratorManagesUsers()
{
    const QStringList add{QStringLiteral("user"),       QStringLiteral("add"),
                          QStringLiteral("m.rossi"),    QStringLiteral("--role"),
                          QStringLiteral("technician"), QStringLiteral("--name"),
                          QStringLiteral("Marco Rossi")};
    const qint64 before = events();
    refused(as(QStringLiteral("a.okafor"), add), "may not manage users");
    refused(as(QStringLiteral("p.nair"),
               {QStringLiteral("user"), QStringLiteral("password"), QStringLiteral("j.kowalski")},
               "someone else 1\n"),
            "may not manage users");
    refused(as(QStringLiteral("p.nair"), {QStringLiteral("user"), QStringLiteral("badge"),
                                          QStringLiteral("p.nair"), QStringLiteral("BADGE-0001")}),
            "may not manage users");
    QCOMPARE(events(), before);

    QCOMPARE(as(QStringLiteral("admin"), add).exit, 0);
    QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("user"), QStringLiteral("badge"),
                                          QStringLiteral("m.rossi"), QStringLiteral("BADGE-0001")})
                 .exit,
             0);
    QCOMPARE(as(QStringLiteral("admin"),
                {QStringLiteral("user"), QStringLiteral("pin"), QStringLiteral("m.rossi")}, "4821\n")
                 .exit,
             0);
    const Run list = cli({QStringLiteral("user"), QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(list.exit, 0);
    bool found = false;
    for (const QJsonValue &v : list.json().array()) {
        const QJsonObject u = v.toObject();
        if (u.value(QLatin1String("name")).toString() != QLatin1String("m.rossi"))
            continue;
        found = true;
        QCOMPARE(u.value(QLatin1String("role")).toString(), QStringLiteral("technician"));
        QCOMPARE(u.value(QLatin1String("badge")).toBool(), true);
        QCOMPARE(u.value(QLatin1String("pin")).toBool(), true);
        QCOMPARE(u.value(QLatin1String("password")).toBool(), false);
    }
    QVERIFY(found);
    // The secret itself is never printed or stored.
    QVERIFY(!list.out.contains("4821"));
    QCOMPARE(testlab::scalar(m_db->open()->database().connection(),
                             QStringLiteral("SELECT count(*) FROM journal WHERE payload LIKE '%4821%'")),
             0);
}

void TestAuthCli::everyoneSetsTheirOwnPasswordFromStandardInput()
{
    QCOMPARE(as(QStringLiteral("p.nair"),
                {QStringLiteral("user"), QStringLiteral("password"), QStringLiteral("p.nair")},
                "my own secret 9\n")
                 .exit,
             0);
    refused(as(QStringLiteral("p.nair"),
               {QStringLiteral("user"), QStringLiteral("password"), QStringLiteral("p.nair")}, "short\n"),
            "at least 8 characters");
    refused(as(QStringLiteral("p.nair"),
               {QStringLiteral("user"), QStringLiteral("password"), QStringLiteral("p.nair")}),
            "standard input");
    refused(as(QStringLiteral("p.nair"), {QStringLiteral("user"), QStringLiteral("frobnicate")}),
            "not a user command");
}

void TestAuthCli::technicianCannotVerifyOrOverride()
{
    std::unique_ptr<Lab> lab = m_db->open();
    Result<Specimen> s = lab->accessioner().accession(testlab::serumRequest({QStringLiteral("GLU")}),
                                                      QStringLiteral("j.kowalski"));
    QVERIFY(s.ok());
    QCOMPARE(lab->scanner()
                 .process(s.value().accession, ScanProcessor::Action::Receive, QStringLiteral("j.kowalski"))
                 .type,
             ScanOutcome::Type::Received);
    lab.reset();
    const QString order = s.value().accession + QStringLiteral("-GLU");
    QCOMPARE(as(QStringLiteral("j.kowalski"), {QStringLiteral("result"), order, QStringLiteral("5.1")}).exit,
             0);

    const qint64 before = events();
    refused(as(QStringLiteral("p.nair"), {QStringLiteral("verify-result"), order}),
            "verified by a supervisor only");
    refused(as(QStringLiteral("admin"), {QStringLiteral("verify-result"), order}), "cannot verify results");
    refused(as(QStringLiteral("p.nair"),
               {QStringLiteral("qc"), QStringLiteral("override"), QStringLiteral("--test"),
                QStringLiteral("GLU"), QStringLiteral("--reason"), QStringLiteral("urgent")}),
            "only a supervisor may");
    QCOMPARE(events(), before);
    const Run verified =
        as(QStringLiteral("a.okafor"), {QStringLiteral("verify-result"), order, QStringLiteral("--json")});
    QCOMPARE(verified.exit, 0);
    QCOMPARE(verified.json().object().value(QLatin1String("verified_by")).toString(),
             QStringLiteral("a.okafor"));
}

void TestAuthCli::onlyAnAdministratorRemembersTheSyncServer()
{
    // Refused before any connection is tried: the URL points nowhere.
    const QStringList args{QStringLiteral("sync"), QStringLiteral("--url"),
                           QStringLiteral("postgresql://benchside_tst:x@127.0.0.1:1/benchside"),
                           QStringLiteral("--remember")};
    refused(as(QStringLiteral("a.okafor"), args), "may not change the station's settings");
    const Run admin = as(QStringLiteral("admin"), args);
    QCOMPARE(admin.exit, 1); // allowed, and then the server cannot be reached
}

void TestAuthCli::qcReviewAndChainRulesHoldFromTheCli()
{
    const qint64 before = events();
    refused(
        as(QStringLiteral("p.nair"),
           {QStringLiteral("qc"), QStringLiteral("lot"), QStringLiteral("add"), QStringLiteral("--test"),
            QStringLiteral("GLU"), QStringLiteral("--lot"), QStringLiteral("GL-9"), QStringLiteral("--level"),
            QStringLiteral("1"), QStringLiteral("--mean"), QStringLiteral("5.3"), QStringLiteral("--sd"),
            QStringLiteral("0.1"), QStringLiteral("--expires"), QStringLiteral("2030-01-01")}),
        "may not change QC lots");
    refused(as(QStringLiteral("admin"),
               {QStringLiteral("qc"), QStringLiteral("corrective"), QStringLiteral("--test"),
                QStringLiteral("GLU"), QStringLiteral("--action"), QStringLiteral("Recalibrated")}),
            "may not document QC corrective actions");
    refused(as(QStringLiteral("p.nair"),
               {QStringLiteral("review"), QStringLiteral("resolve"), QStringLiteral("ANY"),
                QStringLiteral("--note"), QStringLiteral("mine stands")}),
            "may not decide a review");
    refused(as(QStringLiteral("a.okafor"), {QStringLiteral("verify")}), "only an administrator may");
    QCOMPARE(events(), before);
    QCOMPARE(as(QStringLiteral("admin"), {QStringLiteral("verify")}).exit, 0);
}

QTEST_GUILESS_MAIN(TestAuthCli)
#include "tst_authcli.moc"
