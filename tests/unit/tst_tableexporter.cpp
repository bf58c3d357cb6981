// SPDX-License-Identifier: GPL-3.0-or-later
// TableExporter: CSV fields quoted per RFC 4180 and guarded against formula injection, the
// whole of an incrementally fetched model exported, and a PDF of a long table read back with
// poppler-utils (page count, column titles on every page, the last row, page numbers).

#include "export/tableexporter.h"

#include <QAbstractTableModel>
#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {
// A worklist-like model that hands out its rows in batches, as a model over a large table does.
class BatchModel : public QAbstractTableModel
{
public:
    BatchModel(int total, int batch) : m_total(total), m_batch(batch) {}

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : m_loaded; }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 3; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || role != Qt::DisplayRole)
            return {};
        switch (index.column()) {
        case 0:
            return QStringLiteral("ACC%1").arg(index.row() + 1, 6, 10, QLatin1Char('0'));
        case 1:
            return index.row() % 7 == 0
                       ? QStringLiteral("Potassium, serum — haemolysed sample, recollect "
                                        "and compare with the previous result of the patient; phoned to "
                                        "ward 4B, read back by the nurse on duty; second sample "
                                        "requested for tomorrow morning")
                       : QStringLiteral("Glucose");
        default:
            return index.row() * 0.5;
        }
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return QAbstractTableModel::headerData(section, orientation, role);
        static const QStringList titles{QStringLiteral("Accession"), QStringLiteral("Test"),
                                        QStringLiteral("Value")};
        return titles.value(section);
    }
    bool canFetchMore(const QModelIndex &parent) const override
    {
        return !parent.isValid() && m_loaded < m_total;
    }
    void fetchMore(const QModelIndex &parent) override
    {
        if (parent.isValid() || m_stall)
            return;
        const int more = std::min(m_batch, m_total - m_loaded);
        beginInsertRows({}, m_loaded, m_loaded + more - 1);
        m_loaded += more;
        endInsertRows();
        ++fetches;
    }
    // Models a fetch that starts in the background and delivers later.
    void stall() { m_stall = true; }

    int fetches = 0;

private:
    int m_total, m_batch, m_loaded = 0;
    bool m_stall = false;
};

std::unique_ptr<QStandardItemModel> tableOf(const QList<QStringList> &rows, const QStringList &header)
{
    auto model = std::make_unique<QStandardItemModel>(int(rows.size()), int(header.size()));
    model->setHorizontalHeaderLabels(header);
    for (int r = 0; r < rows.size(); ++r) {
        for (int c = 0; c < rows.at(r).size(); ++c)
            model->setItem(r, c, new QStandardItem(rows.at(r).at(c)));
    }
    return model;
}

QString csvOf(QAbstractItemModel &model, const TableExporter::CsvOptions &options)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const Status s = TableExporter(model).writeCsv(buffer, options);
    if (!s)
        return QStringLiteral("FAILED: ") + s.error();
    return QString::fromUtf8(buffer.data());
}

TableExporter::CsvOptions noBom()
{
    TableExporter::CsvOptions o;
    o.byteOrderMark = false;
    return o;
}

// Runs a poppler-utils tool (installed by packaging/install-deps.sh); fails the test otherwise.
QString poppler(const QString &tool, const QStringList &args)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty())
        return QStringLiteral("MISSING %1: apt-get install poppler-utils").arg(tool);
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QStringLiteral("FAILED %1: %2").arg(tool, QString::fromUtf8(p.readAllStandardError()));
    return QString::fromUtf8(p.readAllStandardOutput());
}

int pdfPages(const QString &path)
{
    const QString info = poppler(QStringLiteral("pdfinfo"), {path});
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(info);
    if (!m.hasMatch())
        qWarning("pdfinfo: %s", qPrintable(info));
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString pageText(const QString &path, int page)
{
    const QString n = QString::number(page);
    return poppler(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), QStringLiteral("-f"), n,
                                                 QStringLiteral("-l"), n, path, QStringLiteral("-")});
}
} // namespace

class TestTableExporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void csvField_data();
    void csvField();
    void formulaGuardCanBeTurnedOff();
    void csvHasHeaderRowsAndCrLf();
    void csvByteOrderMark();
    void csvKeepsUtf8AndChosenColumns();
    void csvFetchesEveryBatch();
    void stalledFetchIsAFailureNotAPartialFile();
    void csvToPathAndUnwritablePath();
    void pdfOfLongTableRepeatsHeaderOnEveryPage();
    void pdfOfEmptyTable();
    void pdfUnwritablePath();

private:
    QTemporaryDir m_dir;
};

void TestTableExporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestTableExporter::csvField_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");

    QTest::newRow("plain") << "Glucose"
                           << "Glucose";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("comma") << "Doe, Jane"
                           << "\"Doe, Jane\"";
    QTest::newRow("quote") << "6\" tube"
                           << "\"6\"\" tube\"";
    QTest::newRow("only quotes") << "\"\""
                                 << "\"\"\"\"\"\"";
    QTest::newRow("newline") << "line 1\nline 2"
                             << "\"line 1\nline 2\"";
    QTest::newRow("crlf inside") << "a\r\nb"
                                 << "\"a\r\nb\"";
    QTest::newRow("semicolon is data") << "a;b"
                                       << "a;b";
    QTest::newRow("inner equals") << "K = 4.1"
                                  << "K = 4.1";
    QTest::newRow("unicode") << "Müller µmol/L"
                             << "Müller µmol/L";
    // Formula injection: what a spreadsheet would run gets a leading apostrophe.
    QTest::newRow("equals") << "=1+1"
                            << "'=1+1";
    QTest::newRow("hyperlink") << "=HYPERLINK(\"http://x\",\"ok\")"
                               << "\"'=HYPERLINK(\"\"http://x\"\",\"\"ok\"\")\"";
    QTest::newRow("plus") << "+cmd|' /C calc'!A0"
                          << "'+cmd|' /C calc'!A0";
    QTest::newRow("minus formula") << "-2+3"
                                   << "'-2+3";
    QTest::newRow("minus dde") << "-cmd|x"
                               << "'-cmd|x";
    QTest::newRow("at") << "@SUM(A1:A2)"
                        << "'@SUM(A1:A2)";
    QTest::newRow("tab") << "\t=1"
                         << "'\t=1";
    QTest::newRow("carriage return") << "\r=1"
                                     << "\"'\r=1\"";
    QTest::newRow("equals with comma") << "=SUM(1,2)"
                                       << "\"'=SUM(1,2)\"";
    QTest::newRow("dash alone") << "-"
                                << "'-";
    // Signed numbers stay numbers.
    QTest::newRow("negative") << "-1.5"
                              << "-1.5";
    QTest::newRow("negative integer") << "-12"
                                      << "-12";
    QTest::newRow("negative exponent") << "-1.2e-3"
                                       << "-1.2e-3";
    QTest::newRow("negative leading point") << "-.5"
                                            << "-.5";
    QTest::newRow("positive signed") << "+3"
                                     << "+3";
    QTest::newRow("negative decimal comma") << "-1,5"
                                            << "\"-1,5\"";
    QTest::newRow("number then text") << "-1.5 mmol"
                                      << "'-1.5 mmol";
    QTest::newRow("unsigned number") << "4.1"
                                     << "4.1";
}

void TestTableExporter::csvField()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(TableExporter::csvField(text, TableExporter::CsvOptions()), field);
}

void TestTableExporter::formulaGuardCanBeTurnedOff()
{
    TableExporter::CsvOptions o;
    o.guardFormulas = false;
    QCOMPARE(TableExporter::csvField(QStringLiteral("=1+1"), o), QStringLiteral("=1+1"));
    QCOMPARE(TableExporter::csvField(QStringLiteral("=SUM(1,2)"), o), QStringLiteral("\"=SUM(1,2)\""));
    o.separator = QLatin1Char(';');
    QCOMPARE(TableExporter::csvField(QStringLiteral("a;b"), o), QStringLiteral("\"a;b\""));
    QCOMPARE(TableExporter::csvField(QStringLiteral("a,b"), o), QStringLiteral("a,b"));
}

void TestTableExporter::csvHasHeaderRowsAndCrLf()
{
    auto model = tableOf({{QStringLiteral("ACC1"), QStringLiteral("Doe, Jane"), QStringLiteral("-1.5")},
                          {QStringLiteral("ACC2"), QStringLiteral("=cmd"), QStringLiteral("note\nsecond")}},
                         {QStringLiteral("Accession"), QStringLiteral("Patient"), QStringLiteral("Value")});
    QCOMPARE(csvOf(*model, noBom()), QStringLiteral("Accession,Patient,Value\r\n"
                                                    "ACC1,\"Doe, Jane\",-1.5\r\n"
                                                    "ACC2,'=cmd,\"note\nsecond\"\r\n"));
}

void TestTableExporter::csvByteOrderMark()
{
    auto model = tableOf({{QStringLiteral("x")}}, {QStringLiteral("A")});
    QBuffer withBom, without;
    withBom.open(QIODevice::WriteOnly);
    without.open(QIODevice::WriteOnly);
    QVERIFY(TableExporter(*model).writeCsv(withBom, TableExporter::CsvOptions()));
    QVERIFY(TableExporter(*model).writeCsv(without, noBom()));
    QCOMPARE(withBom.data(), QByteArray("\xEF\xBB\xBF"
                                        "A\r\nx\r\n"));
    QCOMPARE(without.data(), QByteArray("A\r\nx\r\n"));
}

void TestTableExporter::csvKeepsUtf8AndChosenColumns()
{
    auto model =
        tableOf({{QStringLiteral("ACC1"), QStringLiteral("Müller, Zoë"), QStringLiteral("5 µmol/L")}},
                {QStringLiteral("Accession"), QStringLiteral("Patient"), QStringLiteral("Value")});
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    TableExporter exporter(*model);
    exporter.setColumns({2, 0});
    QVERIFY(exporter.writeCsv(buffer, noBom()));
    QCOMPARE(buffer.data(), QStringLiteral("Value,Accession\r\n5 µmol/L,ACC1\r\n").toUtf8());
    QCOMPARE(csvOf(*model, noBom()).section(QStringLiteral("\r\n"), 1, 1),
             QStringLiteral("ACC1,\"Müller, Zoë\",5 µmol/L"));
}

void TestTableExporter::csvFetchesEveryBatch()
{
    BatchModel model(1234, 100);
    model.fetchMore({}); // a view has shown the first batch
    QCOMPARE(model.rowCount(), 100);

    const QStringList lines = csvOf(model, noBom()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 1234);
    QCOMPARE(lines.first(), QStringLiteral("Accession,Test,Value"));
    QCOMPARE(lines.at(1).section(QLatin1Char(','), 0, 0), QStringLiteral("ACC000001"));
    QCOMPARE(lines.last(), QStringLiteral("ACC001234,Glucose,616.5"));
    QCOMPARE(model.rowCount(), 1234);
    QCOMPARE(model.fetches, 13);
}

void TestTableExporter::stalledFetchIsAFailureNotAPartialFile()
{
    BatchModel model(500, 100);
    model.fetchMore({});
    model.stall();
    const QString path = m_dir.filePath(QStringLiteral("stalled.csv"));
    const Status s = TableExporter(model).writeCsv(path);
    QVERIFY(!s);
    QVERIFY2(s.error().contains(QStringLiteral("100 rows")), qPrintable(s.error()));
    QVERIFY(!QFile::exists(path));
    const Result<int> pdf = TableExporter(model).writePdf(m_dir.filePath(QStringLiteral("stalled.pdf")));
    QVERIFY(!pdf);
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("stalled.pdf"))));
}

void TestTableExporter::csvToPathAndUnwritablePath()
{
    auto model = tableOf({{QStringLiteral("1")}}, {QStringLiteral("A")});
    const QString path = m_dir.filePath(QStringLiteral("out.csv"));
    const Status ok = TableExporter(*model).writeCsv(path);
    QVERIFY2(ok, qPrintable(ok.error()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("\xEF\xBB\xBF"
                                        "A\r\n1\r\n"));

    const QString bad = m_dir.filePath(QStringLiteral("no/such/folder/out.csv"));
    const Status failed = TableExporter(*model).writeCsv(bad);
    QVERIFY(!failed);
    QVERIFY2(failed.error().contains(QDir::toNativeSeparators(bad)), qPrintable(failed.error()));
    QVERIFY(!QFile::exists(bad));
    // A folder where the file should go.
    const Status folder = TableExporter(*model).writeCsv(m_dir.path());
    QVERIFY(!folder);
    QVERIFY2(!folder.error().isEmpty(), "no message");
}

void TestTableExporter::pdfOfLongTableRepeatsHeaderOnEveryPage()
{
    BatchModel model(500, 64);
    const QString path = m_dir.filePath(QStringLiteral("worklist.pdf"));
    TableExporter exporter(model);
    exporter.setTitle(QStringLiteral("Chemistry worklist"));
    exporter.setPrintedBy(QStringLiteral("p.nair"));
    exporter.setPrintedAt(QDateTime(QDate(2025, 3, 4), QTime(9, 41)));
    const Result<int> pages = exporter.writePdf(path);
    QVERIFY2(pages, qPrintable(pages.error()));
    QCOMPARE(model.rowCount(), 500);
    QVERIFY2(pages.value() >= 5, qPrintable(QString::number(pages.value())));
    QCOMPARE(pdfPages(path), pages.value());

    const QString first = pageText(path, 1);
    QVERIFY2(first.contains(QStringLiteral("Chemistry worklist")), qPrintable(first));
    QVERIFY2(first.contains(QStringLiteral("printed 2025-03-04 09:41 by p.nair")), qPrintable(first));
    QVERIFY2(first.contains(QStringLiteral("ACC000001")), qPrintable(first));
    // The long test name is cut to its column, not run across the next one.
    QVERIFY2(first.contains(QStringLiteral("…")), qPrintable(first));
    QVERIFY(!first.contains(QStringLiteral("tomorrow morning")));

    QSet<QString> accessions;
    static const QRegularExpression accession(QStringLiteral("ACC\\d{6}"));
    for (int p = 1; p <= pages.value(); ++p) {
        const QString text = pageText(path, p);
        for (const QString &title :
             {QStringLiteral("Accession"), QStringLiteral("Test"), QStringLiteral("Value")})
            QVERIFY2(text.contains(title),
                     qPrintable(QStringLiteral("page %1 lacks %2:\n%3").arg(p).arg(title, text)));
        QVERIFY2(text.contains(QStringLiteral("Page %1 of %2").arg(p).arg(pages.value())), qPrintable(text));
        for (QRegularExpressionMatchIterator it = accession.globalMatch(text); it.hasNext();)
            accessions.insert(it.next().captured());
    }
    // Every row printed once, the last one included, then the count.
    QCOMPARE(accessions.size(), 500);
    const QString last = pageText(path, pages.value());
    QVERIFY2(last.contains(QStringLiteral("ACC000500")), qPrintable(last));
    QVERIFY2(last.contains(QStringLiteral("249.5")), qPrintable(last));
    QVERIFY2(last.contains(QStringLiteral("500 rows")), qPrintable(last));
}

void TestTableExporter::pdfOfEmptyTable()
{
    auto model = tableOf({}, {QStringLiteral("Accession"), QStringLiteral("Test")});
    const QString path = m_dir.filePath(QStringLiteral("empty.pdf"));
    const Result<int> pages = TableExporter(*model).writePdf(path);
    QVERIFY2(pages, qPrintable(pages.error()));
    QCOMPARE(pages.value(), 1);
    QCOMPARE(pdfPages(path), 1);
    const QString text = pageText(path, 1);
    QVERIFY2(text.contains(QStringLiteral("0 rows")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Accession")), qPrintable(text));
}

void TestTableExporter::pdfUnwritablePath()
{
    auto model = tableOf({{QStringLiteral("1")}}, {QStringLiteral("A")});
    const QString bad = m_dir.filePath(QStringLiteral("no/such/folder/out.pdf"));
    const Result<int> pages = TableExporter(*model).writePdf(bad);
    QVERIFY(!pages);
    QVERIFY2(pages.error().contains(QDir::toNativeSeparators(bad)), qPrintable(pages.error()));
    QVERIFY(!QFile::exists(bad));
}

QTEST_MAIN(TestTableExporter)
#include "tst_tableexporter.moc"
