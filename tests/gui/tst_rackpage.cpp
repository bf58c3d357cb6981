// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessionnumber.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "rack/rackgridwidget.h"
#include "rack/rackpage.h"
#include "rack/rackwellstyle.h"
#include "settings/settings.h"
#include "syntheticimages.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace benchside;

namespace {
constexpr int Rows = 8;
constexpr int Cols = 12;
constexpr int DecodeTimeoutMs = 60'000; // a sanitizer build on a busy machine is slow; never asserted

const QStringList EmptyWells{QStringLiteral("A11"), QStringLiteral("A12"), QStringLiteral("C1"),
                             QStringLiteral("E6"),  QStringLiteral("G4"),  QStringLiteral("H9")};
const QString UnreadableWell = QStringLiteral("D4");
const QString UnknownWell = QStringLiteral("F6");
const QStringList DuplicateWells{QStringLiteral("B1"), QStringLiteral("B2")};
const QString ReceivedWell = QStringLiteral("C8"); // received before the rack arrives
const QString StoreWell = QStringLiteral("B7");
} // namespace

class TestRackPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void everyStateHasItsOwnSymbolAndWord();
    void navigationShowsRackPage();
    void decodedRackShowsEveryWell();
    void gridLabelsWells();
    void clickingWellShowsItsTube();
    void tooFewRowsIsShownPlainly();
    void droppedFileIsDecoded();
    void receiveAllRecordsKnownTubesOnly();
    void storeWithoutLocationRecordsNothing();
    // After the receipt above, as on the bench: a rack is received, then put away.
    void storePutsEachTubeInItsWell();
    void cleanupTestCase();

private:
    QString accessionFresh();
    void loadRack();
    QString status(const QString &accession);
    RackCell::Kind kindOf(const QString &well);
    RackCell cellOf(const QString &well);

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MainWindow> m_window;
    RackPage *m_page = nullptr;
    RackGridWidget *m_grid = nullptr;
    QHash<QString, QString> m_codes; // well -> code on the tube
    QString m_duplicated;            // the accession printed on both duplicate tubes
    QImage m_image;
    QString m_imagePath;
};

void TestRackPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("rack.db"));
    {
        Result<std::unique_ptr<Database>> db = Database::open(path);
        QVERIFY2(db.ok(), qPrintable(db.error()));
        const Station station{QStringLiteral("RCK"), QStringLiteral("MAIN"),
                              QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), false};
        const Status created = Station::create(db.value()->connection(), station);
        QVERIFY2(created.ok(), qPrintable(created.error()));
        Result<DemoSeeder::Summary> seeded = DemoSeeder(*db.value(), 3).seed(2);
        QVERIFY2(seeded.ok(), qPrintable(seeded.error()));
    }
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    QVERIFY2(lab.ok(), qPrintable(lab.error()));
    m_lab = std::move(lab.value());

    // Every tube of the rack a specimen of this station, except the wells named above.
    QList<synthetic::Well> wells;
    for (int r = 0; r < Rows; ++r) {
        for (int c = 0; c < Cols; ++c) {
            const QString well = synthetic::wellName(r, c);
            synthetic::Well w;
            if (EmptyWells.contains(well)) {
                w.content = synthetic::Well::Content::Empty;
            } else if (well == UnknownWell) {
                w.text = AccessionNumber::compose(QStringLiteral("RCK"), 2026, 999'999);
            } else if (DuplicateWells.contains(well)) {
                if (m_duplicated.isEmpty())
                    m_duplicated = accessionFresh();
                w.text = m_duplicated;
            } else {
                w.text = accessionFresh();
                if (well == UnreadableWell)
                    w.content = synthetic::Well::Content::Damaged;
            }
            if (!w.text.isEmpty())
                m_codes.insert(well, w.text);
            wells.append(w);
        }
    }
    const ScanOutcome early = m_lab->scanner().process(
        m_codes.value(ReceivedWell), ScanProcessor::Action::Receive, QStringLiteral("admin"));
    QCOMPARE(early.type, ScanOutcome::Type::Received);

    synthetic::RackSpec spec;
    spec.rows = Rows;
    spec.cols = Cols;
    spec.wells = wells;
    m_image = synthetic::rack(spec);
    m_imagePath = m_dir.filePath(QStringLiteral("rack.png"));
    QVERIFY(m_image.save(m_imagePath));

    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->resize(1500, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_page = m_window->findChild<RackPage *>(QStringLiteral("rackPage"));
    m_grid = m_window->findChild<RackGridWidget *>(QStringLiteral("rackGrid"));
    QVERIFY(m_page && m_grid);
}

void TestRackPage::init()
{
    m_window->showPage(MainWindow::Page::Rack);
    m_page->findChild<QSpinBox *>(QStringLiteral("rackRows"))->setValue(Rows);
    m_page->findChild<QSpinBox *>(QStringLiteral("rackColumns"))->setValue(Cols);
}

void TestRackPage::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
}

QString TestRackPage::accessionFresh()
{
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("admin"));
    if (!s)
        qFatal("cannot accession a test specimen: %s", qPrintable(s.error()));
    return s.value().accession;
}

void TestRackPage::loadRack()
{
    QSignalSpy finished(m_page, &RackPage::decodeFinished);
    m_page->loadImage(m_image, QStringLiteral("rack.png"));
    QVERIFY(finished.wait(DecodeTimeoutMs));
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(m_grid->cells().size(), Rows * Cols);
}

QString TestRackPage::status(const QString &accession)
{
    Result<std::optional<Specimen>> s = m_lab->specimens().find(accession);
    return s && s.value() ? s.value()->status : QStringLiteral("<missing>");
}

RackCell TestRackPage::cellOf(const QString &well)
{
    const RackCell *cell = m_grid->cell(well);
    if (!cell)
        qFatal("no cell %s", qPrintable(well));
    return *cell;
}

RackCell::Kind TestRackPage::kindOf(const QString &well)
{
    return cellOf(well).kind;
}

void TestRackPage::everyStateHasItsOwnSymbolAndWord()
{
    QSet<QString> symbols, labels, colours;
    for (RackCell::Kind kind : {RackCell::Kind::Known, RackCell::Kind::Unknown, RackCell::Kind::Empty,
                                RackCell::Kind::Unreadable, RackCell::Kind::Duplicate}) {
        const RackWellStyle style = RackWellStyle::of(kind);
        symbols << style.symbol;
        labels << style.label;
        colours << style.background.name();
    }
    const RackWellStyle recorded = RackWellStyle::recorded(QStringLiteral("received"));
    symbols << recorded.symbol;
    labels << recorded.label;
    colours << recorded.background.name();
    QCOMPARE(symbols.size(), 6);
    QCOMPARE(labels.size(), 6);
    QCOMPARE(colours.size(), 6);
}

void TestRackPage::navigationShowsRackPage()
{
    m_window->showPage(MainWindow::Page::Receiving);
    auto *navigation = m_window->findChild<QListWidget *>(QStringLiteral("navigation"));
    QVERIFY(navigation);
    QCOMPARE(navigation->item(int(MainWindow::Page::Rack))->text(), QStringLiteral("Rack"));
    QVERIFY(!m_page->isVisible());
    QTest::keyClick(m_window.get(), Qt::Key_F4);
    QTRY_VERIFY(m_page->isVisible());
}

void TestRackPage::decodedRackShowsEveryWell()
{
    loadRack();
    for (const QString &well : EmptyWells)
        QCOMPARE(kindOf(well), RackCell::Kind::Empty);
    QCOMPARE(kindOf(UnreadableWell), RackCell::Kind::Unreadable);
    QCOMPARE(kindOf(UnknownWell), RackCell::Kind::Unknown);
    QCOMPARE(cellOf(UnknownWell).reading.text, m_codes.value(UnknownWell));
    for (const QString &well : DuplicateWells) {
        QCOMPARE(kindOf(well), RackCell::Kind::Duplicate);
        QCOMPARE(cellOf(well).reading.text, m_duplicated);
    }
    int known = 0;
    for (const RackCell &cell : m_grid->cells()) {
        const QString well = cell.reading.well;
        if (EmptyWells.contains(well) || DuplicateWells.contains(well) || well == UnknownWell ||
            well == UnreadableWell)
            continue;
        QCOMPARE(cell.kind, RackCell::Kind::Known);
        QCOMPARE(cell.reading.text, m_codes.value(well));
        QVERIFY(cell.specimen);
        QCOMPARE(cell.specimen->accession, m_codes.value(well));
        ++known;
    }
    QCOMPARE(known, 86);
    const QString counts = m_page->findChild<QLabel *>(QStringLiteral("rackCounts"))->text();
    QVERIFY2(counts.startsWith(QStringLiteral("87 read · 6 empty · 1 unreadable · 2 duplicate")),
             qPrintable(counts));
    QVERIFY2(counts.contains(QStringLiteral("86 known · 1 unknown")), qPrintable(counts));
    QVERIFY(m_page->findChild<QPushButton *>(QStringLiteral("rackReceiveButton"))->isEnabled());
    // The unreadable and duplicated wells are called out, not left for the grid to imply.
    auto *message = m_page->findChild<QLabel *>(QStringLiteral("rackMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("B1, B2, D4")), qPrintable(message->text()));

    auto *table = m_page->findChild<QTableWidget *>(QStringLiteral("rackWellList"));
    QCOMPARE(table->rowCount(), Rows * Cols);
    QCOMPARE(table->item(3 * Cols + 3, 0)->text(), UnreadableWell);
    QVERIFY(table->item(3 * Cols + 3, 1)->text().contains(QStringLiteral("unreadable")));

    if (const QByteArray shot = qgetenv("BENCHSIDE_RACK_SCREENSHOT"); !shot.isEmpty()) {
        // Only for docs/screenshots: the page as a technician sees it after a decode.
        m_grid->select(1 * Cols + 6);
        QVERIFY(m_window->grab().save(QString::fromLocal8Bit(shot)));
    }
}

void TestRackPage::gridLabelsWells()
{
    loadRack();
    // Cells are laid out row-major from the top left, so A1 is left of A2 and above B1.
    const QRect a1 = m_grid->cellRect(0);
    const QRect a2 = m_grid->cellRect(1);
    const QRect b1 = m_grid->cellRect(Cols);
    QVERIFY(a1.right() < a2.left());
    QVERIFY(a1.bottom() < b1.top());
    QVERIFY(m_grid->rect().contains(m_grid->cellRect(Rows * Cols - 1)));
    QCOMPARE(m_grid->cells().first().reading.well, QStringLiteral("A1"));
    QCOMPARE(m_grid->cells().last().reading.well, QStringLiteral("H12"));
}

void TestRackPage::clickingWellShowsItsTube()
{
    loadRack();
    const int b7 = 1 * Cols + 6;
    QTest::mouseClick(m_grid, Qt::LeftButton, {}, m_grid->cellRect(b7).center());
    QCOMPARE(m_grid->selected(), b7);
    const QString details = m_page->findChild<QLabel *>(QStringLiteral("rackWellDetails"))->text();
    QVERIFY2(details.contains(QStringLiteral("B7")), qPrintable(details));
    QVERIFY2(details.contains(m_codes.value(StoreWell)), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("known")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("Doe, Jane")), qPrintable(details));

    const int f6 = 5 * Cols + 5;
    QTest::mouseClick(m_grid, Qt::LeftButton, {}, m_grid->cellRect(f6).center());
    const QString unknown = m_page->findChild<QLabel *>(QStringLiteral("rackWellDetails"))->text();
    QVERIFY2(unknown.contains(QStringLiteral("Not known at this station")), qPrintable(unknown));
}

void TestRackPage::tooFewRowsIsShownPlainly()
{
    const qint64 before = testlab::journalCount(*m_lab);
    QSignalSpy finished(m_page, &RackPage::decodeFinished);
    m_page->loadImage(m_image, QStringLiteral("rack.png"));
    QVERIFY(finished.wait(DecodeTimeoutMs));
    finished.clear();
    m_page->findChild<QSpinBox *>(QStringLiteral("rackRows"))->setValue(4);
    QVERIFY(finished.wait(DecodeTimeoutMs));
    QCOMPARE(finished.last().first().toBool(), false);
    auto *message = m_page->findChild<QLabel *>(QStringLiteral("rackMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("8 rows")), qPrintable(message->text()));
    QVERIFY(m_grid->cells().isEmpty());
    QVERIFY(!m_page->findChild<QPushButton *>(QStringLiteral("rackReceiveButton"))->isEnabled());
    QVERIFY(!m_page->findChild<QPushButton *>(QStringLiteral("rackStoreButton"))->isEnabled());
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestRackPage::droppedFileIsDecoded()
{
    m_page->showProblem(QStringLiteral("cleared"));
    QVERIFY(m_grid->cells().isEmpty());
    QSignalSpy finished(m_page, &RackPage::decodeFinished);
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(m_imagePath)});
    QWidget *target = m_grid;
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(finished.wait(DecodeTimeoutMs));
    QCOMPARE(finished.first().first().toBool(), true);
    QCOMPARE(m_grid->cells().size(), Rows * Cols);
    QCOMPARE(kindOf(UnknownWell), RackCell::Kind::Unknown);
}

void TestRackPage::receiveAllRecordsKnownTubesOnly()
{
    loadRack();
    const qint64 before = testlab::journalCount(*m_lab);
    QCOMPARE(status(m_codes.value(QStringLiteral("A1"))), QStringLiteral("accessioned"));
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("rackReceiveButton")), Qt::LeftButton);

    // 86 known tubes, one of them received before the rack arrived.
    QCOMPARE(testlab::journalCount(*m_lab), before + 85);
    for (const RackCell &cell : m_grid->cells()) {
        const QString well = cell.reading.well;
        QVERIFY2(!cell.outcome.isEmpty(), qPrintable(well)); // every well says what became of it
        if (cell.kind == RackCell::Kind::Known && well != ReceivedWell) {
            QCOMPARE(cell.outcome, QStringLiteral("received"));
            QVERIFY(cell.recorded);
            QCOMPARE(status(m_codes.value(well)), QStringLiteral("received"));
            const QList<CustodyEntry> custody = m_lab->specimens().custody(m_codes.value(well)).value();
            QCOMPARE(custody.first().kind, QStringLiteral("custody.received"));
            QCOMPARE(custody.first().actor, m_window->actor());
        } else {
            QVERIFY2(!cell.recorded, qPrintable(well));
        }
    }
    QCOMPARE(cellOf(ReceivedWell).outcome, QStringLiteral("already-received"));
    QCOMPARE(cellOf(UnknownWell).outcome, QStringLiteral("unknown"));
    QCOMPARE(cellOf(UnreadableWell).outcome, QStringLiteral("unreadable"));
    QCOMPARE(cellOf(QStringLiteral("A11")).outcome, QStringLiteral("empty"));
    QCOMPARE(cellOf(QStringLiteral("B1")).outcome, QStringLiteral("duplicate"));
    // Neither copy of a duplicated code is trusted, so that specimen is not received.
    QCOMPARE(status(m_duplicated), QStringLiteral("accessioned"));
    // The damaged tube was not read, so its specimen is not received either.
    QCOMPARE(status(m_codes.value(UnreadableWell)), QStringLiteral("accessioned"));

    auto *message = m_page->findChild<QLabel *>(QStringLiteral("rackMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("Tubes received: 85.")), qPrintable(message->text()));
    // The tubes left out are named; the empty wells are not counted among them.
    QVERIFY2(message->text().contains(UnknownWell + QStringLiteral(" (unknown)")),
             qPrintable(message->text()));
    QVERIFY2(!message->text().contains(QStringLiteral("(empty)")), qPrintable(message->text()));
    auto *table = m_page->findChild<QTableWidget *>(QStringLiteral("rackWellList"));
    QVERIFY(table->item(0, 4)->text().contains(QStringLiteral("received")));
    QVERIFY(table->item(5 * Cols + 5, 4)->text().contains(QStringLiteral("unknown")));
}

void TestRackPage::storeWithoutLocationRecordsNothing()
{
    loadRack();
    const qint64 before = testlab::journalCount(*m_lab);
    m_page->findChild<QLineEdit *>(QStringLiteral("rackLocation"))->clear();
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("rackStoreButton")), Qt::LeftButton);
    QCOMPARE(testlab::journalCount(*m_lab), before);
    auto *message = m_page->findChild<QLabel *>(QStringLiteral("rackMessage"));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QStringLiteral("Freezer 2 / Rack 5")), qPrintable(message->text()));
    for (const RackCell &cell : m_grid->cells())
        QVERIFY(cell.outcome.isEmpty());
}

void TestRackPage::storePutsEachTubeInItsWell()
{
    loadRack();
    const QString location = QStringLiteral("Freezer 2 / Rack 5");
    const qint64 before = testlab::journalCount(*m_lab);
    auto *field = m_page->findChild<QLineEdit *>(QStringLiteral("rackLocation"));
    // Set, not typed: keys this fast are a scanner burst, which the wedge filter keeps out of fields.
    field->setText(location);
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("rackStoreButton")), Qt::LeftButton);

    // Every tube received by the test before, and the one received before the rack: 86.
    QCOMPARE(testlab::journalCount(*m_lab), before + 86);
    Result<std::optional<Specimen>> b7 = m_lab->specimens().find(m_codes.value(StoreWell));
    QVERIFY(b7 && b7.value());
    QCOMPARE(b7.value()->location, QStringLiteral("Freezer 2 / Rack 5 / B7"));
    QCOMPARE(m_lab->specimens().custody(m_codes.value(StoreWell)).value().first().kind,
             QStringLiteral("custody.stored"));
    const RackCell stored = cellOf(StoreWell);
    QCOMPARE(stored.outcome, QStringLiteral("stored"));
    QVERIFY(stored.recorded);
    QVERIFY(stored.specimen);
    QCOMPARE(stored.specimen->location, QStringLiteral("Freezer 2 / Rack 5 / B7"));
    QCOMPARE(cellOf(UnknownWell).outcome, QStringLiteral("unknown"));
    QVERIFY(!cellOf(UnknownWell).recorded);
    auto *message = m_page->findChild<QLabel *>(QStringLiteral("rackMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("Tubes stored at Freezer 2 / Rack 5: 86.")),
             qPrintable(message->text()));
}

QTEST_MAIN(TestRackPage)
#include "tst_rackpage.moc"
