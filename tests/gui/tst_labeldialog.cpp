// SPDX-License-Identifier: GPL-3.0-or-later
// The label dialog offscreen: its preview, saving a PNG that scans, PDF and ZPL holding every
// label listed, sending to a label printer (a local QTcpServer), and how the specimen page opens
// it for a tube and for the aliquots an aliquoting step just made.

#include "barcode/imagedecoder.h"
#include "custody/custodystepdialog.h"
#include "label/labeldialog.h"
#include "label/zplwriter.h"
#include "labhelpers.h"
#include "specimen/specimenpage.h"
#include "testdatabase.h"
#include "zplinterpreter.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");

// ZXing-C++ 1.4 does not find the Data Matrix in a whole-label image (its detector starts from
// the middle of the image and runs into the Code 128 and the text); it reads it as soon as the
// image is the part of the label an imager is aimed at to read it. So the Data Matrix is decoded
// from the label's top-right region (right half, above the bars), and the Code 128 from the
// whole label. This is a limit of the decoder, not of the label: the symbol and its quiet zone
// are checked by the layout test.
QImage dataMatrixRegion(const QImage &label)
{
    return label.copy(
        QRect(label.width() / 2, 0, label.width() - label.width() / 2, label.height() * 6 / 10));
}

QStringList decoded(const QImage &image, Symbology symbology)
{
    ImageDecoder::Options o;
    o.symbologies = {symbology};
    QStringList texts;
    for (const DecodedCode &c :
         ImageDecoder(o).decode(symbology == Symbology::DataMatrix ? dataMatrixRegion(image) : image))
        texts << c.text;
    return texts;
}
} // namespace

class TestLabelDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void previewAndPngScan();
    void pdfAndZplHoldEveryLabel();
    void sendsToLabelPrinter();
    void closedPrinterPortIsShown();
    void specimenPageOpensLabels();
    void aliquotingOffersTheirLabels();

private:
    QString accession();
    std::unique_ptr<LabelDialog> dialog(const QStringList &accessions);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    QTemporaryDir m_dir;
};

void TestLabelDialog::initTestCase()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
}

QString TestLabelDialog::accession()
{
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), Tech);
    if (!s)
        qFatal("cannot accession: %s", qPrintable(s.error()));
    return s->accession;
}

std::unique_ptr<LabelDialog> TestLabelDialog::dialog(const QStringList &accessions)
{
    auto d = std::make_unique<LabelDialog>(*m_lab, accessions);
    // The user's settings may say anything; these tests use the defaults and no printer.
    d->setFormat(LabelFormat());
    d->setPrinterAddress(QString());
    d->show();
    return d;
}

void TestLabelDialog::previewAndPngScan()
{
    const QString a = accession();
    auto d = dialog({a});
    QVERIFY(QTest::qWaitForWindowExposed(d.get()));
    QVERIFY(!d->findChild<QLabel *>(QStringLiteral("labelPreview"))->pixmap().isNull());
    QVERIFY(!d->findChild<QPushButton *>(QStringLiteral("sendButton"))->isEnabled());
    QVERIFY(d->findChild<QPushButton *>(QStringLiteral("pngButton"))->isEnabled());
    QCOMPARE(d->shownAccession(), a);

    const QString path = m_dir.filePath(QStringLiteral("dialog.png"));
    QVERIFY(d->savePng(path));
    QVERIFY(d->findChild<QLabel *>(QStringLiteral("labelMessage"))->text().contains(a));
    Result<QImage> image = ImageDecoder::load(path);
    QVERIFY2(image, qPrintable(image.error()));
    QCOMPARE(decoded(image.value(), Symbology::Code128), QStringList{a});
    QCOMPARE(decoded(image.value(), Symbology::DataMatrix), QStringList{a});

    QVERIFY(!d->savePng(QStringLiteral("/nonexistent-dir/x.png")));
    QVERIFY(d->findChild<QLabel *>(QStringLiteral("labelMessage"))
                ->text()
                .contains(QLatin1String("/nonexistent-dir")));
}

void TestLabelDialog::pdfAndZplHoldEveryLabel()
{
    const QStringList accessions{accession(), accession()};
    auto d = dialog(accessions);
    QCOMPARE(d->labels().size(), 2);
    QVERIFY(d->findChild<QPushButton *>(QStringLiteral("printButton"))->text().contains(QLatin1String("2")));
    const QString zpl = m_dir.filePath(QStringLiteral("two.zpl"));
    QVERIFY(d->saveZpl(zpl));
    QFile file(zpl);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const testzpl::Parsed parsed = testzpl::parse(file.readAll());
    QVERIFY(parsed.errors.isEmpty());
    QCOMPARE(parsed.formats.size(), 2);
    const QString pdf = m_dir.filePath(QStringLiteral("two.pdf"));
    QVERIFY(d->savePdf(pdf));
    QVERIFY(QFileInfo(pdf).size() > 0);
}

void TestLabelDialog::sendsToLabelPrinter()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    auto d = dialog({accession()});
    auto *send = d->findChild<QPushButton *>(QStringLiteral("sendButton"));
    d->setPrinterAddress(QStringLiteral("127.0.0.1:%1").arg(server.serverPort()));
    QVERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
    QVERIFY(server.waitForNewConnection(2000));
    QTcpSocket *peer = server.nextPendingConnection();
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT((received += peer->readAll(), received.trimmed().endsWith("^XZ")), 5000);
    QCOMPARE(received, ZplWriter::write(d->labels(), LabelFormat()).value());
    QTRY_VERIFY(!d->isSending());
    // The future is done before its watcher's finished() has been delivered and the message set.
    QTRY_VERIFY2(
        d->findChild<QLabel *>(QStringLiteral("labelMessage"))->text().contains(QLatin1String("Sent")),
        qPrintable(d->findChild<QLabel *>(QStringLiteral("labelMessage"))->text()));
}

void TestLabelDialog::closedPrinterPortIsShown()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    auto d = dialog({accession()});
    d->setPrinterAddress(QStringLiteral("127.0.0.1:%1").arg(port));
    QSignalSpy finished(d.get(), &LabelDialog::sendFinished);
    QVERIFY(d->sendToPrinter());
    // The dialog stays responsive while it waits for the printer.
    QVERIFY(!d->findChild<QPushButton *>(QStringLiteral("sendButton"))->isEnabled());
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().first().toBool(), false);
    const QString message = d->findChild<QLabel *>(QStringLiteral("labelMessage"))->text();
    QVERIFY2(message.contains(QStringLiteral("127.0.0.1:%1").arg(port)) &&
                 message.contains(QLatin1String("refused")),
             qPrintable(message));
}

void TestLabelDialog::specimenPageOpensLabels()
{
    SpecimenPage page(*m_lab);
    page.setActor(Tech);
    page.show();
    auto *button = page.findChild<QPushButton *>(QStringLiteral("labelButton"));
    QVERIFY(button);
    QVERIFY(!button->isEnabled());
    const QString a = accession();
    page.showSpecimen(a);
    QVERIFY(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    auto *d = page.findChild<LabelDialog *>();
    QVERIFY(d);
    QCOMPARE(d->shownAccession(), a);
    d->close();
}

void TestLabelDialog::aliquotingOffersTheirLabels()
{
    SpecimenPage page(*m_lab);
    page.setActor(Tech);
    page.resize(1400, 900);
    page.show();
    const QString parent = accession();
    QVERIFY(m_lab->custody().record(parent, {CustodyKind::Received, {}, {}, {}, 0, {}}, Tech));
    page.showSpecimen(parent);
    auto *offer = page.findChild<QPushButton *>(QStringLiteral("aliquotLabelsButton"));
    QVERIFY(offer);
    QVERIFY(offer->isHidden());
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("aliquotButton")), Qt::LeftButton);
    CustodyStepDialog *step = page.findChild<CustodyStepDialog *>();
    QVERIFY(step);
    step->findChild<QSpinBox *>(QStringLiteral("aliquotSpin"))->setValue(2);
    QTest::mouseClick(step->findChild<QPushButton *>(QStringLiteral("recordButton")), Qt::LeftButton);
    QVERIFY(!offer->isHidden());

    QTest::mouseClick(offer, Qt::LeftButton);
    auto *d = page.findChild<LabelDialog *>();
    QVERIFY(d);
    const QStringList children = m_lab->specimens().find(parent).value()->children;
    QCOMPARE(children.size(), 2);
    QCOMPARE(d->labels().size(), 2);
    for (const TubeLabel &l : d->labels()) {
        QVERIFY(children.contains(l.accession));
        QCOMPARE(l.parent, parent);
    }
}

QTEST_MAIN(TestLabelDialog)
#include "tst_labeldialog.moc"
