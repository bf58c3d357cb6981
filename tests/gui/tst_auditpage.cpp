// SPDX-License-Identifier: GPL-3.0-or-later
// The audit view: the journal filtered by user, specimen, kind and time, fetched a page at a time;
// an entry's place in its hash chain (a tampered entry shows); the filtered list as CSV; the chain
// verification for administrators only.

#include "audit/auditpage.h"
#include "audit/chainaudit.h"
#include "audit/journalbrowsermodel.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

using namespace benchside;

class TestAuditPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void filtersByUserSpecimenKindAndTime();
    void pagesThroughALongJournal();
    void showsAnEntrysPlaceInItsChain();
    void exportsTheFilteredList();
    void onlyAdministratorsVerify();

private:
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    QStringList m_tubes;
};

void TestAuditPage::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
    for (int i = 0; i < 3; ++i) {
        Result<Specimen> s =
            m_lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair"));
        QVERIFY(s);
        m_tubes << s.value().accession;
    }
    QVERIFY(m_lab->scanner()
                .process(m_tubes.at(0), ScanProcessor::Action::Receive, QStringLiteral("j.kowalski"))
                .type == ScanOutcome::Type::Received);
}

void TestAuditPage::filtersByUserSpecimenKindAndTime()
{
    JournalBrowserModel model(m_lab->database().connection());
    QVERIFY(model.setFilter({}));
    QCOMPARE(model.rowCount(), int(testlab::journalCount(*m_lab)));
    // Newest first.
    QCOMPARE(model.event(0).kind, QStringLiteral("custody.received"));

    QVERIFY(model.setFilter(JournalFilter{QStringLiteral("p.nair"), {}, {}, 0, 0}));
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.setFilter(JournalFilter{{}, m_tubes.at(0), {}, 0, 0}));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.setFilter(JournalFilter{{}, m_tubes.at(0), QStringLiteral("custody."), 0, 0}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.event(0).actor, QStringLiteral("j.kowalski"));
    // '_' in a kind is a letter, not LIKE's wildcard.
    QVERIFY(model.setFilter(JournalFilter{{}, {}, QStringLiteral("catalog.specimen_type."), 0, 0}));
    QVERIFY(model.rowCount() > 0);
    for (int i = 0; i < model.rowCount(); ++i)
        QCOMPARE(model.event(i).kind, QStringLiteral("catalog.specimen_type.defined"));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QVERIFY(model.setFilter(JournalFilter{{}, {}, {}, now + 3'600'000, 0}));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.setFilter(JournalFilter{{}, {}, {}, now - 3'600'000, now + 3'600'000}));
    QCOMPARE(model.rowCount(), int(testlab::journalCount(*m_lab)));
}

void TestAuditPage::pagesThroughALongJournal()
{
    Result<QList<Event>> many = m_lab->store().write(QStringLiteral("admin"), [] {
        QList<EventDraft> drafts;
        for (int i = 0; i < 2 * JournalBrowserModel::PageSize + 17; ++i)
            drafts << EventDraft{QStringLiteral("note.recorded"), QStringLiteral("N%1").arg(i),
                                 QJsonObject{}};
        return Result<QList<EventDraft>>(drafts);
    });
    QVERIFY(many);
    JournalBrowserModel model(m_lab->database().connection());
    QVERIFY(model.setFilter(JournalFilter{{}, {}, QStringLiteral("note."), 0, 0}));
    QCOMPARE(model.rowCount(), JournalBrowserModel::PageSize);
    QSet<QString> seen;
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * JournalBrowserModel::PageSize + 17);
    for (int i = 0; i < model.rowCount(); ++i)
        seen.insert(model.event(i).id);
    QCOMPARE(seen.size(), model.rowCount()); // no entry twice across pages
    for (int i = 1; i < model.rowCount(); ++i)
        QVERIFY(model.event(i - 1).hlc >= model.event(i).hlc);
}

void TestAuditPage::showsAnEntrysPlaceInItsChain()
{
    AuditPage page(*m_lab);
    page.show();
    auto *table = page.findChild<QTableView *>(QStringLiteral("journalTable"));
    auto *detail = page.findChild<QPlainTextEdit *>(QStringLiteral("entryDetail"));
    page.findChild<QLineEdit *>(QStringLiteral("subjectFilter"))->setText(m_tubes.at(1).toLower());
    page.findChild<QPushButton *>(QStringLiteral("applyFilterButton"))->click();
    QCOMPARE(table->model()->rowCount(), 1);
    table->setCurrentIndex(table->model()->index(0, 0));
    QVERIFY2(detail->toPlainText().contains(QStringLiteral("the hash matches")),
             qPrintable(detail->toPlainText()));
    QVERIFY(detail->toPlainText().contains(QStringLiteral("links to entry #")));
    QVERIFY(detail->toPlainText().contains(QStringLiteral("\"specimen_type\": \"SERUM\"")));

    // Someone edits the file behind the application's back (the append-only trigger dropped first).
    QSqlQuery q(m_lab->database().connection());
    QVERIFY(q.exec(QStringLiteral("DROP TRIGGER journal_is_append_only_update")));
    QVERIFY(q.exec(
        QStringLiteral("UPDATE journal SET actor = 'someone' WHERE subject = '%1'").arg(m_tubes.at(1))));
    page.refresh();
    table->setCurrentIndex(table->model()->index(0, 0));
    QVERIFY2(detail->toPlainText().contains(QStringLiteral("DOES NOT MATCH")),
             qPrintable(detail->toPlainText()));
    QVERIFY(q.exec(
        QStringLiteral("UPDATE journal SET actor = 'p.nair' WHERE subject = '%1'").arg(m_tubes.at(1))));
    QVERIFY(m_lab->database().executeScript(QStringLiteral(
        "CREATE TRIGGER journal_is_append_only_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, "
        "'the journal is append-only'); END;")));
}

void TestAuditPage::exportsTheFilteredList()
{
    AuditPage page(*m_lab);
    auto *user = page.findChild<QComboBox *>(QStringLiteral("userFilter"));
    user->setCurrentIndex(user->findData(QStringLiteral("p.nair")));
    page.findChild<QPushButton *>(QStringLiteral("applyFilterButton"))->click();
    const QString path = m_db->dir() + QStringLiteral("/audit.csv");
    QVERIFY(page.exportCsv(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList lines =
        QString::fromUtf8(f.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3); // the header and p.nair's three accessions
    for (const QString &tube : m_tubes)
        QVERIFY(lines.join(QLatin1Char('\n')).contains(tube));
    QVERIFY(!lines.join(QLatin1Char('\n')).contains(QStringLiteral("j.kowalski")));
}

void TestAuditPage::onlyAdministratorsVerify()
{
    AuditPage page(*m_lab);
    page.setActor(QStringLiteral("a.okafor")); // a supervisor
    auto *button = page.findChild<QPushButton *>(QStringLiteral("verifyChainsButton"));
    QVERIFY(button && !button->isEnabled());
    QVERIFY(page.verifyChains().contains(QStringLiteral("only an administrator")));
    page.setActor(QStringLiteral("admin"));
    QVERIFY(button->isEnabled());
    const QString outcome = page.verifyChains();
    QVERIFY2(outcome.contains(QStringLiteral("verify")) && outcome.contains(QStringLiteral("entries")),
             qPrintable(outcome));
    // The rule is the model's, whoever asks.
    QVERIFY(!ChainAudit::verifyAs(*m_lab, QStringLiteral("p.nair")));
    QVERIFY(!ChainAudit::verifyAs(*m_lab, QStringLiteral("nobody")));
    QVERIFY(ChainAudit::verifyAs(*m_lab, QStringLiteral("admin")));
}

QTEST_MAIN(TestAuditPage)
#include "tst_auditpage.moc"
