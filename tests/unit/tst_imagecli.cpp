// SPDX-License-Identifier: GPL-3.0-or-later
// The image commands of the real benchside-cli (env BENCHSIDE_CLI, set by CTest): decode,
// rack-receive and rack-store, their JSON shapes and exit codes.

#include "accession/accessionnumber.h"
#include "clirunner.h"
#include "labhelpers.h"
#include "syntheticimages.h"
#include "testdatabase.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

using namespace benchside;

class TestImageCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void decodesATubePhoto();
    void decodeRefusesWhatIsNotAnImage();
    void decodeSaysWhenThereIsNoCode();
    void decodesARackWellByWell();
    void decodeRefusesABadRackSize();
    void rackReceiveRecordsKnownTubes();
    void rackStoreNeedsItsArguments();
    void rackStoreRecordsWells();
    void demoRackImageOnlyOnTheDemo();

private:
    using Run = testlab::CliRun;
    Run cli(const QStringList &args);
    QString save(const QImage &image, const QString &name);

    QString m_cli;
    QTemporaryDir m_dir;
    std::unique_ptr<TestDatabase> m_db;
    QStringList m_known; // accessioned at the station, in wells A1..A6 of the rack image
    QString m_rack;
};

TestImageCli::Run TestImageCli::cli(const QStringList &args)
{
    return testlab::runCli(m_cli, m_db->path(), m_dir.path(), args);
}

QString TestImageCli::save(const QImage &image, const QString &name)
{
    const QString path = m_dir.filePath(name);
    if (!image.save(path))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestImageCli::initTestCase()
{
    m_cli = qEnvironmentVariable("BENCHSIDE_CLI");
    if (m_cli.isEmpty())
        m_cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/benchside-cli");
    QVERIFY2(QFileInfo(m_cli).isExecutable(), qPrintable(m_cli));
    QVERIFY(m_dir.isValid());
    m_db = std::make_unique<TestDatabase>();
    {
        std::unique_ptr<Lab> lab = m_db->open();
        QVERIFY(testlab::importDemoCatalog(*lab).ok());
        for (int i = 0; i < 6; ++i) {
            Result<Specimen> s =
                lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair"));
            QVERIFY2(s.ok(), qPrintable(s.error()));
            m_known << s.value().accession;
        }
    }
    // A 4 x 6 rack: the six known tubes in row A, one unknown tube in B1, the rest empty.
    synthetic::RackSpec spec;
    spec.rows = 4;
    spec.cols = 6;
    spec.size = QSize(1200, 800);
    for (int i = 0; i < 24; ++i) {
        synthetic::Well w;
        if (i < 6)
            w.text = m_known.at(i);
        else if (i == 6)
            w.text = AccessionNumber::compose(QStringLiteral("ZZ"), 26, 77);
        else
            w.content = synthetic::Well::Content::Empty;
        spec.wells.append(w);
    }
    m_rack = save(synthetic::rotated(synthetic::rack(spec), 4), QStringLiteral("rack.png"));
}

void TestImageCli::decodesATubePhoto()
{
    const QString path = save(synthetic::tube(m_known.first()), QStringLiteral("tube.png"));
    const Run r = cli({QStringLiteral("decode"), path, QStringLiteral("--json")});
    QVERIFY2(r.exit == 0, r.err.constData());
    const QJsonArray codes = QJsonDocument::fromJson(r.out).array();
    QCOMPARE(codes.size(), 1);
    const QJsonObject c = codes.first().toObject();
    QCOMPARE(c.value(QLatin1String("text")).toString(), m_known.first());
    QCOMPARE(c.value(QLatin1String("format")).toString(), QStringLiteral("Code128"));
    QVERIFY(qAbs(c.value(QLatin1String("x")).toInt() - 450) < 60);
    QVERIFY(qAbs(c.value(QLatin1String("y")).toInt() - 250) < 60);
}

void TestImageCli::decodeRefusesWhatIsNotAnImage()
{
    QFile text(m_dir.filePath(QStringLiteral("orders.png")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("accession,test\n");
    text.close();
    for (const QString &path : {text.fileName(), m_dir.filePath(QStringLiteral("missing.png"))}) {
        const Run r = cli({QStringLiteral("decode"), path});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(path.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }
}

void TestImageCli::decodeSaysWhenThereIsNoCode()
{
    QImage blank(600, 400, QImage::Format_Grayscale8);
    blank.fill(Qt::white);
    const Run r =
        cli({QStringLiteral("decode"), save(blank, QStringLiteral("blank.png")), QStringLiteral("--json")});
    QCOMPARE(r.exit, 1);
    QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 0);
    QVERIFY2(r.err.contains("No barcode"), r.err.constData());
}

void TestImageCli::decodesARackWellByWell()
{
    const Run r = cli({QStringLiteral("decode"), m_rack, QStringLiteral("--rack"), QStringLiteral("4x6"),
                       QStringLiteral("--json")});
    QVERIFY2(r.exit == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QLatin1String("rows")).toInt(), 4);
    QCOMPARE(o.value(QLatin1String("cols")).toInt(), 6);
    const QJsonArray wells = o.value(QLatin1String("wells")).toArray();
    QCOMPARE(wells.size(), 24);
    QCOMPARE(wells.at(0).toObject().value(QLatin1String("well")).toString(), QStringLiteral("A1"));
    QCOMPARE(wells.at(0).toObject().value(QLatin1String("state")).toString(), QStringLiteral("decoded"));
    QCOMPARE(wells.at(5).toObject().value(QLatin1String("text")).toString(), m_known.at(5));
    QCOMPARE(wells.at(6).toObject().value(QLatin1String("well")).toString(), QStringLiteral("B1"));
    QCOMPARE(wells.at(7).toObject().value(QLatin1String("state")).toString(), QStringLiteral("empty"));
    QVERIFY(!wells.at(7).toObject().contains(QLatin1String("text")));
    QCOMPARE(wells.at(23).toObject().value(QLatin1String("well")).toString(), QStringLiteral("D6"));
}

void TestImageCli::decodeRefusesABadRackSize()
{
    const Run r = cli({QStringLiteral("decode"), m_rack, QStringLiteral("--rack"), QStringLiteral("4by6")});
    QCOMPARE(r.exit, 2);
    QVERIFY2(r.err.contains("rows x columns"), r.err.constData());
}

void TestImageCli::rackReceiveRecordsKnownTubes()
{
    const Run missing = cli({QStringLiteral("rack-receive"), m_rack});
    QCOMPARE(missing.exit, 2);
    QVERIFY2(missing.err.contains("--rack"), missing.err.constData());

    // B1 holds a tube this station does not know: the others are received, the exit code says
    // not everything was.
    const Run r =
        cli({QStringLiteral("rack-receive"), m_rack, QStringLiteral("--rack"), QStringLiteral("4x6"),
             QStringLiteral("--json"), QStringLiteral("--as"), QStringLiteral("p.nair")});
    QCOMPARE(r.exit, 1);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QLatin1String("recorded")).toInt(), 6);
    QCOMPARE(o.value(QLatin1String("not_recorded")).toInt(), 1);
    const QJsonArray wells = o.value(QLatin1String("wells")).toArray();
    QCOMPARE(wells.at(0).toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("received"));
    QCOMPARE(wells.at(6).toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("unknown"));
    QCOMPARE(wells.at(8).toObject().value(QLatin1String("outcome")).toString(), QStringLiteral("empty"));
    QVERIFY2(r.err.contains("1 tube"), r.err.constData());

    std::unique_ptr<Lab> lab = m_db->open();
    for (const QString &a : m_known)
        QCOMPARE(lab->specimens().find(a, false).value()->status, QStringLiteral("received"));
}

void TestImageCli::rackStoreNeedsItsArguments()
{
    const Run noLocation =
        cli({QStringLiteral("rack-store"), m_rack, QStringLiteral("--rack"), QStringLiteral("4x6")});
    QCOMPARE(noLocation.exit, 2);
    QVERIFY2(noLocation.err.contains("--location"), noLocation.err.constData());
}

// Runs after rackReceiveRecordsKnownTubes (QtTest keeps declaration order): only received tubes can be
// stored.
void TestImageCli::rackStoreRecordsWells()
{
    const Run r = cli({QStringLiteral("rack-store"), m_rack, QStringLiteral("--rack"), QStringLiteral("4x6"),
                       QStringLiteral("--location"), QStringLiteral("Freezer 2 / Rack 5")});
    QCOMPARE(r.exit, 1); // B1 is unknown
    QVERIFY2(r.out.contains("A3  stored"), r.out.constData());
    QVERIFY2(r.out.contains("Freezer 2 / Rack 5 / A3"), r.out.constData());
    std::unique_ptr<Lab> lab = m_db->open();
    QCOMPARE(lab->specimens().find(m_known.at(4), false).value()->location,
             QStringLiteral("Freezer 2 / Rack 5 / A5"));
}

void TestImageCli::demoRackImageOnlyOnTheDemo()
{
    const QString out = m_dir.filePath(QStringLiteral("demo-rack.png"));
    const Run r = cli({QStringLiteral("demo-rack-image"), QStringLiteral("--out"), out});
    QCOMPARE(r.exit, 2);
    QVERIFY2(r.err.contains("demo station"), r.err.constData());
    QVERIFY(!QFileInfo::exists(out));
}

QTEST_GUILESS_MAIN(TestImageCli)
#include "tst_imagecli.moc"
