// SPDX-License-Identifier: GPL-3.0-or-later
// `benchside-cli label` as a user runs it: the built executable on a test station database,
// writing PDF, PNG and ZPL files that scan back, and refusing bad input with exit code 2.

#include "accession/accessionnumber.h"
#include "barcode/imagedecoder.h"
#include "labhelpers.h"
#include "testdatabase.h"
#include "zplinterpreter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace benchside;

namespace {
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
} // namespace

class TestLabelCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writesEachFormat_data();
    void writesEachFormat();
    void badInputExitsTwo_data();
    void badInputExitsTwo();
    void unwritableFileExitsOne();

private:
    struct Run
    {
        int exitCode = -1;
        QString out, err;
    };
    Run run(const QStringList &args);

    QString m_cli;
    std::unique_ptr<TestDatabase> m_db;
    QTemporaryDir m_home;
    QString m_accession;
};

void TestLabelCli::initTestCase()
{
    m_cli = qEnvironmentVariable("BENCHSIDE_CLI");
    if (m_cli.isEmpty())
        m_cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../app/benchside-cli");
    QVERIFY2(QFile::exists(m_cli), qPrintable(m_cli + QStringLiteral(" does not exist")));
    m_db = std::make_unique<TestDatabase>();
    std::unique_ptr<Lab> lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*lab));
    Result<Specimen> s = lab->accessioner().accession(testlab::serumRequest(), QStringLiteral("p.nair"));
    QVERIFY2(s, qPrintable(s.error()));
    m_accession = s->accession;
}

TestLabelCli::Run TestLabelCli::run(const QStringList &args)
{
    QProcess p;
    // The CLI's settings come from the user's configuration: point it at an empty one, so the
    // label has the default 50 x 25 mm at 203 dpi.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_home.path());
    p.setProcessEnvironment(env);
    p.start(m_cli, QStringList{QStringLiteral("--db"), m_db->path()} + args);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit) {
        r.err = QStringLiteral("did not run to the end: ") + p.errorString();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void TestLabelCli::writesEachFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("png") << "png";
    QTest::newRow("pdf") << "pdf";
    QTest::newRow("zpl") << "zpl";
}

void TestLabelCli::writesEachFormat()
{
    QFETCH(QString, format);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("label.") + format);
    const Run r = run({QStringLiteral("--json"), QStringLiteral("label"), m_accession,
                       QStringLiteral("--format"), format, QStringLiteral("--out"), path});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QLatin1String("accession")).toString(), m_accession);
    QCOMPARE(o.value(QLatin1String("format")).toString(), format);
    QCOMPARE(o.value(QLatin1String("path")).toString(), path);
    QVERIFY(QFile::exists(path));

    QImage image;
    if (format == QLatin1String("png")) {
        image = ImageDecoder::load(path).value();
    } else if (format == QLatin1String("pdf")) {
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        QVERIFY2(!pdftoppm.isEmpty(), "pdftoppm (poppler-utils) is not installed");
        QProcess p;
        p.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("300"), QStringLiteral("-png"), path,
                           dir.filePath(QStringLiteral("page"))});
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 0);
        image = ImageDecoder::load(dir.filePath(QStringLiteral("page-1.png"))).value();
    } else {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const testzpl::Parsed parsed = testzpl::parse(file.readAll());
        QVERIFY2(parsed.errors.isEmpty(), qPrintable(parsed.errors.join(QLatin1Char('\n'))));
        QCOMPARE(parsed.formats.size(), 1);
        QCOMPARE(parsed.formats.first().width, 400);
        QCOMPARE(parsed.formats.first().height, 200);
        QStringList errors;
        image = testzpl::render(parsed.formats.first(), errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    }
    QVERIFY(!image.isNull());
    for (Symbology s : {Symbology::Code128, Symbology::DataMatrix}) {
        ImageDecoder::Options options;
        options.symbologies = {s};
        const QList<DecodedCode> codes =
            ImageDecoder(options).decode(s == Symbology::DataMatrix ? dataMatrixRegion(image) : image);
        QCOMPARE(codes.size(), 1);
        QCOMPARE(codes.first().text, m_accession);
    }
}

void TestLabelCli::badInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString unknown = AccessionNumber::compose(QStringLiteral("TST"), 26, 999999);
    const QString out = QStringLiteral("/tmp/never-written.png");
    QTest::newRow("unknown accession")
        << QStringList{QStringLiteral("label"), unknown, QStringLiteral("--format"), QStringLiteral("png"),
                       QStringLiteral("--out"), out}
        << QStringLiteral("No specimen %1").arg(unknown);
    QString bad = unknown;
    bad[bad.size() - 1] = bad.back() == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    QTest::newRow("bad check character")
        << QStringList{QStringLiteral("label"), bad, QStringLiteral("--format"), QStringLiteral("png"),
                       QStringLiteral("--out"), out}
        << bad;
    QTest::newRow("bad format") << QStringList{QStringLiteral("label"),    QStringLiteral("@"),
                                               QStringLiteral("--format"), QStringLiteral("jpeg"),
                                               QStringLiteral("--out"),    out}
                                << QStringLiteral("--format must be pdf, png or zpl");
    QTest::newRow("no format") << QStringList{QStringLiteral("label"), QStringLiteral("@"),
                                              QStringLiteral("--out"), out}
                               << QStringLiteral("--format");
    QTest::newRow("no out") << QStringList{QStringLiteral("label"), QStringLiteral("@"),
                                           QStringLiteral("--format"), QStringLiteral("pdf")}
                            << QStringLiteral("--out FILE");
    QTest::newRow("no accession") << QStringList{QStringLiteral("label"), QStringLiteral("--format"),
                                                 QStringLiteral("pdf"), QStringLiteral("--out"), out}
                                  << QStringLiteral("an accession number");
    QTest::newRow("printer with pdf")
        << QStringList{QStringLiteral("label"), QStringLiteral("@"),         QStringLiteral("--format"),
                       QStringLiteral("pdf"),   QStringLiteral("--printer"), QStringLiteral("127.0.0.1:9100")}
        << QStringLiteral("ZPL");
    QTest::newRow("bad printer address")
        << QStringList{QStringLiteral("label"), QStringLiteral("@"), QStringLiteral("--printer"),
                       QStringLiteral("printer:port")}
        << QStringLiteral("host:port");
}

void TestLabelCli::badInputExitsTwo()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    args.replaceInStrings(QStringLiteral("@"), m_accession);
    const Run r = run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/never-written.png")));
}

void TestLabelCli::unwritableFileExitsOne()
{
    for (const QString &format : {QStringLiteral("png"), QStringLiteral("pdf"), QStringLiteral("zpl")}) {
        const QString path = QStringLiteral("/nonexistent-dir/label.") + format;
        const Run r = run({QStringLiteral("label"), m_accession, QStringLiteral("--format"), format,
                           QStringLiteral("--out"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
    }
}

QTEST_MAIN(TestLabelCli)
#include "tst_labelcli.moc"
