// SPDX-License-Identifier: GPL-3.0-or-later
#include "labhelpers.h"
#include "report/custodyreport.h"
#include "testdatabase.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {
const QString Tech = QStringLiteral("p.nair");
const QString Freezer = QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7");

// The page objects in the file: "/Type /Page" but not the "/Type /Pages" tree node.
int pageObjects(const QByteArray &pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int count = 0;
    for (QRegularExpressionMatchIterator it = page.globalMatch(QString::fromLatin1(pdf)); it.hasNext();
         it.next())
        ++count;
    return count;
}

// Runs a poppler-utils tool; empty optional when it is not installed.
std::optional<QByteArray> poppler(const QString &tool, const QStringList &args)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty())
        return std::nullopt;
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QByteArray();
    return p.readAllStandardOutput();
}
} // namespace

class TestCustodyReport : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void writesAPdf();
    void htmlHoldsSpecimenPatientAndTimeline();
    void htmlEscapesWhatPeopleTyped();
    void rendersWithTextAndPageNumbers();
    void longTimelineSpansNumberedPages();
    void unwritablePathIsAClearFailure();
    void unknownSpecimenIsRefused();

private:
    QString pdfPath(const QString &name) const { return m_dir.filePath(name); }
    Result<int> write(const QString &path);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    QTemporaryDir m_dir;
    QString m_accession;
};

void TestCustodyReport::init()
{
    QVERIFY(m_dir.isValid());
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), Tech);
    QVERIFY2(s, qPrintable(s.error()));
    m_accession = s.value().accession;
    for (const CustodyRules::Step &step :
         {CustodyRules::Step{CustodyKind::Received, {}, {}, {}, 0, {}},
          CustodyRules::Step{CustodyKind::Centrifuged, {}, {}, {}, 0, {}},
          CustodyRules::Step{CustodyKind::Stored, Freezer, {}, QStringLiteral("serum bank"), 0, {}}}) {
        Result<CustodyService::Recorded> r = m_lab->custody().record(m_accession, step, Tech);
        QVERIFY2(r, qPrintable(r.error()));
    }
}

void TestCustodyReport::cleanup()
{
    m_lab.reset();
    m_db.reset();
}

Result<int> TestCustodyReport::write(const QString &path)
{
    Result<CustodyReport> report = CustodyReport::forSpecimen(*m_lab, m_accession);
    if (!report)
        return Result<int>::failure(report.error());
    report.value().setProducedBy(Tech);
    return report.value().writePdf(path);
}

void TestCustodyReport::writesAPdf()
{
    const QString path = pdfPath(QStringLiteral("report.pdf"));
    Result<int> pages = write(path);
    QVERIFY2(pages, qPrintable(pages.error()));
    QCOMPARE(pages.value(), 1);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.size() > 2000);
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    // The file holds as many page objects as the report says it wrote.
    QCOMPARE(pageObjects(pdf), pages.value());
}

void TestCustodyReport::htmlHoldsSpecimenPatientAndTimeline()
{
    Result<CustodyReport> report = CustodyReport::forSpecimen(*m_lab, m_accession);
    QVERIFY2(report, qPrintable(report.error()));
    report.value().setProducedBy(Tech);
    const QString html = report.value().html();
    for (const QString &expected :
         {m_accession, QStringLiteral("Doe, Jane"), QStringLiteral("M0000001"), QStringLiteral("1980-04-02"),
          QStringLiteral("Serum"), QStringLiteral("Serum separator tube"), QStringLiteral("Stored"),
          Freezer.toHtmlEscaped(), QStringLiteral("Centrifuged"), QStringLiteral("Received"),
          QStringLiteral("Accessioned"), QStringLiteral("Priya Nair (p.nair)"), QStringLiteral("serum bank"),
          QStringLiteral("GLU Glucose")})
        QVERIFY2(html.contains(expected), qPrintable(expected));
    // Every journal entry of the timeline is named, so the report can be checked against the journal.
    Result<QList<CustodyEntry>> timeline = m_lab->specimens().custody(m_accession);
    QVERIFY(timeline);
    QCOMPARE(timeline.value().size(), 4);
    for (const CustodyEntry &e : timeline.value())
        QVERIFY(html.contains(e.eventId));
}

void TestCustodyReport::htmlEscapesWhatPeopleTyped()
{
    Result<CustodyService::Recorded> r = m_lab->custody().record(
        m_accession, {CustodyKind::Corrected, {}, {}, QStringLiteral("<b>label</b> & tube swapped"), 0, {}},
        Tech);
    QVERIFY2(r, qPrintable(r.error()));
    Result<CustodyReport> report = CustodyReport::forSpecimen(*m_lab, m_accession);
    QVERIFY(report);
    const QString html = report.value().html();
    QVERIFY(html.contains(QStringLiteral("&lt;b&gt;label&lt;/b&gt; &amp; tube swapped")));
    QVERIFY(!html.contains(QStringLiteral("<b>label</b>")));
}

void TestCustodyReport::rendersWithTextAndPageNumbers()
{
    const QString path = pdfPath(QStringLiteral("render.pdf"));
    Result<int> pages = write(path);
    QVERIFY2(pages, qPrintable(pages.error()));

    const std::optional<QByteArray> info = poppler(QStringLiteral("pdfinfo"), {path});
    if (!info)
        QSKIP("poppler-utils (pdfinfo, pdftotext, pdftoppm) is not installed: apt-get install poppler-utils");
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(QString::fromUtf8(*info));
    QVERIFY2(m.hasMatch(), info->constData());
    QCOMPARE(m.captured(1).toInt(), pages.value());

    const QString text =
        QString::fromUtf8(poppler(QStringLiteral("pdftotext"), {path, QStringLiteral("-")}).value());
    for (const QString &expected : {m_accession, QStringLiteral("Doe, Jane"), QStringLiteral("Freezer 2"),
                                    QStringLiteral("Page 1 of 1"), QStringLiteral("Station TST"),
                                    QStringLiteral("Centrifuged"), QStringLiteral("Priya Nair")})
        QVERIFY2(text.contains(expected), qPrintable(expected + QStringLiteral(" missing from:\n") + text));

    // The first page renders to an image with ink on it.
    const QString prefix = pdfPath(QStringLiteral("page"));
    QVERIFY(poppler(QStringLiteral("pdftoppm"),
                    {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-f"),
                     QStringLiteral("1"), QStringLiteral("-l"), QStringLiteral("1"), path, prefix})
                .has_value());
    QImage image(prefix + QStringLiteral("-1.png"));
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 200 && image.height() > image.width());
    int dark = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
    }
    QVERIFY2(dark > 500, qPrintable(QString::number(dark)));
}

void TestCustodyReport::longTimelineSpansNumberedPages()
{
    // A specimen moved between storage and bench for weeks: many steps, several pages.
    for (int i = 0; i < 40; ++i) {
        const bool out = i % 2 == 0;
        const CustodyRules::Step step =
            out ? CustodyRules::Step{CustodyKind::Retrieved, {}, {}, {}, 0, {}}
                : CustodyRules::Step{CustodyKind::Stored,
                                     QStringLiteral("Refrigerator 1 (4 °C) / Shelf %1").arg(i % 3),
                                     {},
                                     QStringLiteral("back after re-run %1").arg(i),
                                     0,
                                     {}};
        Result<CustodyService::Recorded> r = m_lab->custody().record(m_accession, step, Tech);
        QVERIFY2(r, qPrintable(r.error()));
    }
    const QString path = pdfPath(QStringLiteral("long.pdf"));
    Result<int> pages = write(path);
    QVERIFY2(pages, qPrintable(pages.error()));
    QVERIFY2(pages.value() >= 2, qPrintable(QString::number(pages.value())));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(pageObjects(file.readAll()), pages.value());

    const std::optional<QByteArray> text = poppler(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
    if (!text)
        QSKIP("poppler-utils is not installed: page numbers not read back");
    const QString t = QString::fromUtf8(*text);
    for (int p = 1; p <= pages.value(); ++p)
        QVERIFY2(t.contains(QStringLiteral("Page %1 of %2").arg(p).arg(pages.value())), qPrintable(t));
    // Newest first: the latest step opens the timeline on page 1, accessioning closes it on the last page.
    const auto pageText = [&](int page) {
        const QString n = QString::number(page);
        return QString::fromUtf8(
            poppler(QStringLiteral("pdftotext"),
                    {QStringLiteral("-f"), n, QStringLiteral("-l"), n, path, QStringLiteral("-")})
                .value_or(QByteArray()));
    };
    QVERIFY(pageText(1).contains(QStringLiteral("back after re-run 39")));
    QVERIFY(!pageText(1).contains(QStringLiteral("back after re-run 1\n")));
    const QString last = pageText(pages.value());
    QVERIFY2(last.contains(QStringLiteral("back after re-run 1\n")), qPrintable(last));
    QVERIFY2(last.contains(QStringLiteral("Accessioned")), qPrintable(last));
    // The table's column titles repeat on every page.
    QVERIFY2(last.contains(QStringLiteral("Reason / detail")), qPrintable(last));
}

void TestCustodyReport::unwritablePathIsAClearFailure()
{
    const QString path = pdfPath(QStringLiteral("no/such/folder/report.pdf"));
    Result<int> pages = write(path);
    QVERIFY(!pages);
    QVERIFY2(pages.error().contains(path), qPrintable(pages.error()));
    QVERIFY(!QFile::exists(path));
}

void TestCustodyReport::unknownSpecimenIsRefused()
{
    Result<CustodyReport> report = CustodyReport::forSpecimen(*m_lab, QStringLiteral("TST26999999X"));
    QVERIFY(!report);
    QVERIFY2(report.error().contains(QStringLiteral("TST26999999X")), qPrintable(report.error()));
}

QTEST_MAIN(TestCustodyReport)
#include "tst_custodyreport.moc"
