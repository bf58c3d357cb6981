// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/lab.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "rack/rackpage.h"
#include "scan/scanlogmodel.h"
#include "settings/settings.h"
#include "syntheticimages.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPainter>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace benchside;

// A tube photo dropped, pasted or opened on the main window goes down the one scan path, exactly as
// a wedge scan of the same tube would; an image that gives no single code records nothing and says why.
class TestImageScan : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void droppedPhotoIsReceived_data();
    void droppedPhotoIsReceived();
    void pastedPhotoIsReceivedFromTextField();
    void droppedPhotoMatchesWedgeScan();
    void unusableImageRecordsNothing_data();
    void unusableImageRecordsNothing();
    void pasteWithoutImageRecordsNothing();
    void openActionHasItsShortcut();
    void cleanupTestCase();

private:
    QString accessionFresh();
    QString save(const QImage &image, const QString &name);
    void drop(QWidget *target, const QString &path);
    QString shownOutcome() const;
    QString shownCode() const;
    QString shownMessage() const;
    QString status(const QString &accession);

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MainWindow> m_window;
    QWidget *m_panel = nullptr;
    QLineEdit *m_entry = nullptr;
    QTableView *m_log = nullptr;
};

void TestImageScan::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("image.db"));
    const Status created = testlab::createDemoStation(path, 5, 2);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    QVERIFY2(lab.ok(), qPrintable(lab.error()));
    m_lab = std::move(lab.value());
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_panel = m_window->findChild<QWidget *>(QStringLiteral("feedbackPanel"));
    m_entry = m_window->findChild<QLineEdit *>(QStringLiteral("manualEntry"));
    m_log = m_window->findChild<QTableView *>(QStringLiteral("scanLog"));
    QVERIFY(m_panel && m_entry && m_log);
}

void TestImageScan::init()
{
    m_window->showPage(MainWindow::Page::Receiving);
    QApplication::setActiveWindow(m_window.get());
    m_entry->clear();
    m_entry->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), m_entry);
}

void TestImageScan::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
}

QString TestImageScan::accessionFresh()
{
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("admin"));
    if (!s)
        qFatal("cannot accession a test specimen: %s", qPrintable(s.error()));
    return s.value().accession;
}

QString TestImageScan::save(const QImage &image, const QString &name)
{
    const QString path = m_dir.filePath(name);
    if (!image.save(path))
        qFatal("cannot save %s", qPrintable(path));
    return path;
}

// As a file manager drops a file: enter, then drop, on the widget under the pointer.
void TestImageScan::drop(QWidget *target, const QString &path)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    mime.setText(QUrl::fromLocalFile(path).toString()); // file managers offer the path as text too
    const QPoint at = target->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent dropped(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropped);
    QVERIFY(dropped.isAccepted());
}

QString TestImageScan::shownOutcome() const
{
    return m_panel->property("outcome").toString();
}

QString TestImageScan::shownCode() const
{
    return m_panel->findChild<QLabel *>(QStringLiteral("feedbackCode"))->text();
}

QString TestImageScan::shownMessage() const
{
    return m_panel->findChild<QLabel *>(QStringLiteral("feedbackMessage"))->text();
}

QString TestImageScan::status(const QString &accession)
{
    Result<std::optional<Specimen>> s = m_lab->specimens().find(accession);
    return s && s.value() ? s.value()->status : QStringLiteral("<missing>");
}

void TestImageScan::droppedPhotoIsReceived_data()
{
    QTest::addColumn<int>("symbology");
    QTest::addColumn<int>("moduleSize");
    QTest::newRow("code128") << int(Symbology::Code128) << 3;
    QTest::newRow("datamatrix") << int(Symbology::DataMatrix) << 8;
    QTest::newRow("qr") << int(Symbology::QRCode) << 8;
}

void TestImageScan::droppedPhotoIsReceived()
{
    QFETCH(int, symbology);
    QFETCH(int, moduleSize);
    const QString accession = accessionFresh();
    const qint64 before = testlab::journalCount(*m_lab);
    const QString path = save(synthetic::tube(accession, Symbology(symbology), moduleSize),
                              accession + QStringLiteral(".png"));

    // Onto the manual entry field: the photo must be scanned, not its path typed into the field.
    drop(m_entry, path);

    QCOMPARE(shownOutcome(), QStringLiteral("received"));
    QCOMPARE(shownCode(), accession);
    QCOMPARE(status(accession), QStringLiteral("received"));
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);
    QVERIFY(m_entry->text().isEmpty());
    QCOMPARE(m_log->model()->index(0, ScanLogModel::Code).data().toString(), accession);
}

void TestImageScan::pastedPhotoIsReceivedFromTextField()
{
    const QString accession = accessionFresh();
    const qint64 before = testlab::journalCount(*m_lab);
    QApplication::clipboard()->setImage(synthetic::tube(accession));
    QCOMPARE(QApplication::focusWidget(), m_entry);

    QTest::keyClick(m_entry, Qt::Key_V, Qt::ControlModifier);

    QCOMPARE(shownOutcome(), QStringLiteral("received"));
    QCOMPARE(shownCode(), accession);
    QCOMPARE(status(accession), QStringLiteral("received"));
    QCOMPARE(testlab::journalCount(*m_lab), before + 1);
    QVERIFY(m_entry->text().isEmpty());
}

void TestImageScan::droppedPhotoMatchesWedgeScan()
{
    // Two fresh tubes: one typed as a wedge scanner types, one dropped as a photo. Their records
    // must differ in nothing but the specimen and the time.
    const QString typed = accessionFresh();
    const QString photographed = accessionFresh();
    m_log->setFocus();
    for (const QChar c : typed) {
        QTest::keyClick(QApplication::focusWidget(), c.toLatin1());
        QTest::qWait(8);
    }
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_COMPARE(shownCode(), typed);
    QCOMPARE(shownOutcome(), QStringLiteral("received"));
    const int rows = m_log->model()->rowCount();

    drop(m_window->centralWidget(), save(synthetic::tube(photographed), QStringLiteral("photo.png")));
    QCOMPARE(shownCode(), photographed);
    QCOMPARE(m_log->model()->rowCount(), rows + 1);

    const CustodyEntry a = m_lab->specimens().custody(typed).value().first();
    const CustodyEntry b = m_lab->specimens().custody(photographed).value().first();
    QCOMPARE(b.kind, a.kind);
    QCOMPARE(b.actor, a.actor);
    QCOMPARE(b.station, a.station);
    QCOMPARE(b.location, a.location);
    QCOMPARE(b.detail, a.detail);
    QCOMPARE(status(photographed), status(typed));
    QCOMPARE(m_log->model()->index(0, ScanLogModel::Outcome).data(ScanLogModel::SortRole),
             m_log->model()->index(1, ScanLogModel::Outcome).data(ScanLogModel::SortRole));
}

void TestImageScan::unusableImageRecordsNothing_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected"); // in the message shown
    const QString text = m_dir.filePath(QStringLiteral("notes.png"));
    QFile notes(text);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("not an image, whatever its name says\n");
    notes.close();
    QTest::newRow("not an image") << text << QStringLiteral("not an image");
    QTest::newRow("missing file") << m_dir.filePath(QStringLiteral("gone.png"))
                                  << QStringLiteral("does not exist");

    QImage blank(900, 500, QImage::Format_Grayscale8);
    blank.fill(Qt::white);
    QTest::newRow("blank") << save(blank, QStringLiteral("blank.png")) << QStringLiteral("No barcode");

    // Two tubes in one photo: which one was meant is never guessed.
    QImage two(1800, 500, QImage::Format_Grayscale8);
    two.fill(QColor(225, 225, 225));
    {
        QPainter p(&two);
        p.drawImage(0, 0, synthetic::tube(accessionFresh()));
        p.drawImage(900, 0, synthetic::tube(accessionFresh()));
    }
    QTest::newRow("two codes") << save(two, QStringLiteral("two.png")) << QStringLiteral("2 different codes");
}

void TestImageScan::unusableImageRecordsNothing()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const qint64 before = testlab::journalCount(*m_lab);
    const int rows = m_log->model()->rowCount();

    drop(m_entry, file);

    QCOMPARE(shownOutcome(), QStringLiteral("image-not-read"));
    QVERIFY2(shownMessage().contains(expected), qPrintable(shownMessage()));
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("feedbackMessage"))->isVisible());
    QCOMPARE(testlab::journalCount(*m_lab), before);
    QCOMPARE(m_log->model()->rowCount(), rows);
    QVERIFY(!QApplication::activeModalWidget()); // said in the panel, not in a box to dismiss
    QVERIFY(m_entry->text().isEmpty());
}

void TestImageScan::pasteWithoutImageRecordsNothing()
{
    const qint64 before = testlab::journalCount(*m_lab);
    QImage blank(900, 500, QImage::Format_Grayscale8);
    blank.fill(Qt::white);
    QApplication::clipboard()->setImage(blank);
    QTest::keyClick(m_entry, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(shownOutcome(), QStringLiteral("image-not-read"));
    QVERIFY2(shownMessage().contains(QStringLiteral("No barcode")), qPrintable(shownMessage()));
    QCOMPARE(testlab::journalCount(*m_lab), before);

    // Text on the clipboard is the field's to paste, as always.
    QApplication::clipboard()->setText(QStringLiteral("ABC"));
    QTest::keyClick(m_entry, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(m_entry->text(), QStringLiteral("ABC"));
    QCOMPARE(testlab::journalCount(*m_lab), before);
}

void TestImageScan::openActionHasItsShortcut()
{
    auto *open = m_window->findChild<QAction *>(QStringLiteral("scanImageAction"));
    QVERIFY(open);
    QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_I));
    auto *paste = m_window->findChild<QAction *>(QStringLiteral("pasteImageAction"));
    QVERIFY(paste);
    QCOMPARE(paste->shortcut(), QKeySequence(QKeySequence::Paste));
}

QTEST_MAIN(TestImageScan)
#include "tst_imagescan.moc"
