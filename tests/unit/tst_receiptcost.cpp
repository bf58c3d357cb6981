// What one receipt scan writes, counted, not timed (issue 22): the WAL frames (database pages) each
// receipt's commit adds. Issue 22 asks for the scan path to cost what the disk makes it cost; pages per
// commit are that cost, and they crept up unseen while other work added indexes. The limit below is
// today's figure: a change that makes a receipt write more pages fails here and has to say why.
#include "labhelpers.h"
#include "scan/scanprocessor.h"
#include "store/sqlitestatement.h"
#include "testdatabase.h"

#include <QTest>
#include <sqlite3.h>

using namespace benchside;

namespace {
int walPages = 0;

// Replaces SQLite's automatic checkpoint on this connection, so that the WAL only grows and its size
// after each commit can be compared with the one before.
int onCommit(void *, sqlite3 *, const char *, int pages)
{
    walPages = pages;
    return SQLITE_OK;
}
} // namespace

class TestReceiptCost : public QObject
{
    Q_OBJECT

private slots:
    void aReceiptWritesAFixedNumberOfPages()
    {
        TestDatabase database;
        std::unique_ptr<Lab> lab = database.open();
        QVERIFY(testlab::importDemoCatalog(*lab));
        QStringList tubes;
        for (int i = 0; i < 40; ++i) {
            Result<Specimen> s =
                lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair"));
            QVERIFY2(s, qPrintable(s.error()));
            tubes << s.value().accession;
        }
        sqlite3 *handle = sqliteHandle(lab->database().connection());
        QVERIFY(handle);
        sqlite3_wal_hook(handle, onCommit, nullptr);
        QList<int> perReceipt;
        for (const QString &tube : std::as_const(tubes)) {
            const int before = walPages;
            QCOMPARE(
                lab->scanner().process(tube, ScanProcessor::Action::Receive, QStringLiteral("p.nair")).type,
                ScanOutcome::Type::Received);
            perReceipt << walPages - before;
        }
        perReceipt.removeFirst(); // the first also writes the pages the statements' first use touches
        const int most = *std::max_element(perReceipt.cbegin(), perReceipt.cend());
        const int least = *std::min_element(perReceipt.cbegin(), perReceipt.cend());
        qInfo("WAL frames per receipt: %d to %d", least, most);
        QVERIFY(least > 0);
        QVERIFY2(most <= MaxPagesPerReceipt,
                 qPrintable(QStringLiteral("a receipt wrote %1 pages, more than the %2 it wrote when this "
                                           "test was written: find what the scan path writes now")
                                .arg(most)
                                .arg(MaxPagesPerReceipt)));
    }

private:
    // 18 to 22 on this station when the test was written (6 December 2026, migration 0015).
    static constexpr int MaxPagesPerReceipt = 22;
};

QTEST_GUILESS_MAIN(TestReceiptCost)
#include "tst_receiptcost.moc"
