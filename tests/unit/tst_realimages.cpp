// SPDX-License-Identifier: GPL-3.0-or-later
// Real photos and scans of Data Matrix and Code 128 from the ZXing projects' test sets
// (../shared/testdata/zxing, test data only: never copied into the repository or the package), read
// the way `benchside-cli decode IMAGE` reads them. A wrong read fails at once; so does reading fewer
// images of a kind than issue 23 reached.

#include "barcode/imagedecoder.h"
#include "barcode/multicodereader.h"

#include <QFile>
#include <QHash>
#include <QTest>

using namespace benchside;

class TestRealImages : public QObject
{
    Q_OBJECT

private slots:
    void readsTheSetWithoutAWrongRead();
};

namespace {

QString testdata()
{
    return QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/zxing");
}

struct Sample
{
    QString path;
    QString kind; // "datamatrix" or "code128"
    QString expected;
};

// expected.tsv: relative path, kind and the exact text, tab-separated (see SOURCES.md there).
QList<Sample> samples()
{
    QFile f(testdata() + QStringLiteral("/expected.tsv"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    QList<Sample> list;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() == 3)
            list.append({QString::fromUtf8(fields.at(0)), QString::fromUtf8(fields.at(1)),
                         QString::fromUtf8(fields.at(2))});
    }
    return list;
}

} // namespace

void TestRealImages::readsTheSetWithoutAWrongRead()
{
    // What the decoder reached (issue 23): a drop below it is a regression, even with no wrong read.
    const QHash<QString, int> reached{{QStringLiteral("datamatrix"), 40}, {QStringLiteral("code128"), 25}};
    const QHash<QString, int> inSet{{QStringLiteral("datamatrix"), 40}, {QStringLiteral("code128"), 25}};

    const QList<Sample> set = samples();
    QHash<QString, int> total, correct;
    QStringList wrong, missed;
    for (const Sample &s : set) {
        Result<QImage> image = ImageDecoder::load(testdata() + QLatin1Char('/') + s.path);
        QVERIFY2(image.ok(), qPrintable(image.error()));
        QStringList texts;
        for (const DecodedCode &c : MultiCodeReader::read(image.value())) {
            if (c.readable)
                texts.append(c.text);
        }
        ++total[s.kind];
        if (texts.isEmpty())
            missed.append(s.path);
        else if (texts == QStringList{s.expected})
            ++correct[s.kind];
        else
            wrong.append(QStringLiteral("%1 read as %2").arg(s.path, texts.join(QStringLiteral(" + "))));
    }
    QCOMPARE(total, inSet);
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QStringLiteral("; "))));
    for (auto it = reached.cbegin(); it != reached.cend(); ++it)
        QVERIFY2(correct.value(it.key()) >= it.value(),
                 qPrintable(QStringLiteral("%1: %2 read, %3 before; missed: %4")
                                .arg(it.key())
                                .arg(correct.value(it.key()))
                                .arg(it.value())
                                .arg(missed.join(QStringLiteral(", ")))));
}

QTEST_GUILESS_MAIN(TestRealImages)
#include "tst_realimages.moc"
