// SPDX-License-Identifier: GPL-3.0-or-later
// Real barcode photos (issue 23): Benchside's decode against the usual tools on the same 65 images of
// ../shared/testdata/zxing, in one run. Per image it times
//   - ours in process: MultiCodeReader on the loaded image, what `benchside-cli decode` runs;
//   - ours as a process: `benchside-cli --json decode IMAGE`, start-up and loading included, as the
//     peers are timed;
//   - ZXing-C++ 1.4 alone in process (ReadBarcodes, default hints, the image's one format): the floor;
//   - the peer for the image's kind, one process per image as PEERS.md there ran them:
//     `zbarimg -q --raw` (Code 128) and `timeout 20 dmtxread -n -N1` (Data Matrix);
// and counts correct, wrong and none per tool (exact text, less the one newline the peers append).
//
// Usage: realimage_bench [--data DIR] [--cli PATH] [--reps N]
//   --data  the zxing set (default: BENCHSIDE_SHARED_TESTDATA/zxing); read only, nothing is copied
//   --cli   benchside-cli (default: beside this build's app/)
//   --reps  in-process repetitions per image after one warm-up (default 5); the median counts
// Prints one JSON object on stdout; progress on stderr. Needs zbarimg (zbar-tools), dmtxread
// (dmtx-utils) and timeout.

#include "barcode/imagedecoder.h"
#include "barcode/multicodereader.h"
#include "benchtiming.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTextStream>
#include <ZXing/ReadBarcode.h>
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

using namespace benchside;

namespace {

struct Sample
{
    QString path;
    QString kind;
    QString expected;
};

enum class Outcome { Correct, Wrong, None };

struct Tool
{
    std::vector<double> ms;
    int correct = 0, wrong = 0, none = 0;

    void count(Outcome o) { (o == Outcome::Correct ? correct : o == Outcome::Wrong ? wrong : none)++; }
    QJsonObject json() const
    {
        double total = 0;
        for (double v : ms)
            total += v;
        return QJsonObject{{QStringLiteral("images"), qint64(ms.size())},
                           {QStringLiteral("correct"), correct},
                           {QStringLiteral("wrong"), wrong},
                           {QStringLiteral("none"), none},
                           {QStringLiteral("ms_per_image"), benchtiming::stats(ms)},
                           {QStringLiteral("ms_total"), benchtiming::round3(total)}};
    }
};

Outcome judge(const QStringList &texts, const QString &expected)
{
    if (texts.isEmpty())
        return Outcome::None;
    return texts == QStringList{expected} ? Outcome::Correct : Outcome::Wrong;
}

QString outcomeName(Outcome o)
{
    return o == Outcome::Correct ? QStringLiteral("correct")
           : o == Outcome::Wrong ? QStringLiteral("wrong")
                                 : QStringLiteral("none");
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "realimage_bench: %s\n", qPrintable(message));
    std::exit(1);
}

QList<Sample> samples(const QString &dir)
{
    QFile f(dir + QStringLiteral("/expected.tsv"));
    if (!f.open(QIODevice::ReadOnly))
        die(QStringLiteral("cannot read %1").arg(f.fileName()));
    QList<Sample> list;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() == 3)
            list.append({QString::fromUtf8(fields.at(0)), QString::fromUtf8(fields.at(1)),
                         QString::fromUtf8(fields.at(2))});
    }
    return list;
}

// One process, timed from start to exit; its standard output as bytes.
QByteArray runTimed(const QString &program, const QStringList &args, double &ms)
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForStarted())
        die(QStringLiteral("cannot start %1").arg(program));
    p.waitForFinished(-1);
    ms = benchtiming::ms(t);
    return p.readAllStandardOutput();
}

// zbarimg --raw and dmtxread -n end each symbol with a newline: one line per symbol.
QStringList peerTexts(QByteArray out)
{
    if (out.endsWith('\n'))
        out.chop(1);
    if (out.isEmpty())
        return {};
    return {QString::fromUtf8(out)};
}

QStringList zxingTexts(const QImage &gray, const QString &kind)
{
    const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(kind == QLatin1String("datamatrix") ? ZXing::BarcodeFormat::DataMatrix
                                                         : ZXing::BarcodeFormat::Code128);
    QStringList texts;
    for (const ZXing::Result &r : ZXing::ReadBarcodes(view, hints)) {
        if (r.isValid())
            texts.append(QString::fromStdWString(r.text()));
    }
    return texts;
}

QStringList ourTexts(const QImage &image)
{
    QStringList texts;
    for (const DecodedCode &c : MultiCodeReader::read(image)) {
        if (c.readable)
            texts.append(c.text);
    }
    return texts;
}

QStringList cliTexts(const QByteArray &json)
{
    QStringList texts;
    for (const QJsonValue &v : QJsonDocument::fromJson(json).array())
        texts.append(v.toObject().value(QStringLiteral("text")).toString());
    return texts;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString data = QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/zxing");
    QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/benchside-cli");
    int reps = 5;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString next = i + 1 < args.size() ? args.at(i + 1) : QString();
        if (args.at(i) == QLatin1String("--data") && !next.isEmpty())
            data = args.at(++i);
        else if (args.at(i) == QLatin1String("--cli") && !next.isEmpty())
            cli = args.at(++i);
        else if (args.at(i) == QLatin1String("--reps") && next.toInt() > 0)
            reps = args.at(++i).toInt();
        else
            die(QStringLiteral("usage: realimage_bench [--data DIR] [--cli PATH] [--reps N]"));
    }
    cli = QFileInfo(cli).canonicalFilePath();
    if (cli.isEmpty())
        die(QStringLiteral("benchside-cli not found; give --cli PATH"));
    for (const char *tool : {"zbarimg", "dmtxread", "timeout"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            die(QStringLiteral("%1 is missing (apt-get install zbar-tools dmtx-utils)")
                    .arg(QLatin1String(tool)));
    }

    std::map<QString, Tool> tools; // "ours", "ours_cli", "zxing", "zbarimg", "dmtxread"
    std::map<QString, std::map<QString, Tool>> byKind;
    QJsonArray perImage;
    for (const Sample &s : samples(data)) {
        const QString file = data + QLatin1Char('/') + s.path;
        Result<QImage> loaded = ImageDecoder::load(file);
        if (!loaded)
            die(loaded.error());
        const QImage image = loaded.value();
        const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);

        QStringList ours, zxing;
        std::vector<double> oursMs, zxingMs;
        for (int r = 0; r <= reps; ++r) {
            QElapsedTimer t;
            t.start();
            ours = ourTexts(image);
            if (r > 0)
                oursMs.push_back(benchtiming::ms(t));
            t.restart();
            zxing = zxingTexts(gray, s.kind);
            if (r > 0)
                zxingMs.push_back(benchtiming::ms(t));
        }
        double cliMs = 0, peerMs = 0;
        const QStringList viaCli =
            cliTexts(runTimed(cli, {QStringLiteral("--json"), QStringLiteral("decode"), file}, cliMs));
        const bool dm = s.kind == QLatin1String("datamatrix");
        const QString peer = dm ? QStringLiteral("dmtxread") : QStringLiteral("zbarimg");
        const QStringList peerRead =
            dm ? peerTexts(runTimed(QStringLiteral("timeout"),
                                    {QStringLiteral("20"), QStringLiteral("dmtxread"), QStringLiteral("-n"),
                                     QStringLiteral("-N1"), file},
                                    peerMs))
               : peerTexts(runTimed(QStringLiteral("zbarimg"),
                                    {QStringLiteral("-q"), QStringLiteral("--raw"), file}, peerMs));

        QJsonObject row{{QStringLiteral("image"), s.path}, {QStringLiteral("kind"), s.kind}};
        auto record = [&](const QString &tool, const QStringList &texts, double ms) {
            const Outcome o = judge(texts, s.expected);
            tools[tool].ms.push_back(ms);
            tools[tool].count(o);
            byKind[s.kind][tool].ms.push_back(ms);
            byKind[s.kind][tool].count(o);
            row.insert(tool, QJsonObject{{QStringLiteral("result"), outcomeName(o)},
                                         {QStringLiteral("ms"), benchtiming::round3(ms)}});
        };
        record(QStringLiteral("ours"), ours, median(oursMs));
        record(QStringLiteral("ours_cli"), viaCli, cliMs);
        record(QStringLiteral("zxing"), zxing, median(zxingMs));
        record(peer, peerRead, peerMs);
        perImage.append(row);
        std::fprintf(
            stderr, "[realimage_bench] %s: ours %s %.2f ms, cli %.0f ms, %s %s %.0f ms\n", qPrintable(s.path),
            qPrintable(
                row.value(QStringLiteral("ours")).toObject().value(QStringLiteral("result")).toString()),
            median(oursMs), cliMs, qPrintable(peer),
            qPrintable(row.value(peer).toObject().value(QStringLiteral("result")).toString()), peerMs);
    }

    QJsonObject all, kinds;
    for (const auto &[name, tool] : tools)
        all.insert(name, tool.json());
    for (const auto &[kind, perTool] : byKind) {
        QJsonObject k;
        for (const auto &[name, tool] : perTool)
            k.insert(name, tool.json());
        kinds.insert(kind, k);
    }
    // The faster peer's time per image: each peer over the images of its own kind.
    const double fasterPeer =
        std::min(median(tools[QStringLiteral("zbarimg")].ms), median(tools[QStringLiteral("dmtxread")].ms));
    const QJsonObject out{
        {QStringLiteral("benchmark"), QStringLiteral("realimage_bench")},
        {QStringLiteral("data"), data},
        {QStringLiteral("reps"), reps},
        {QStringLiteral("tools"), all},
        {QStringLiteral("by_kind"), kinds},
        {QStringLiteral("faster_peer_ms_per_image_p50"), benchtiming::round3(fasterPeer)},
        {QStringLiteral("ours_ms_per_image_p50"),
         benchtiming::round3(median(tools[QStringLiteral("ours")].ms))},
        {QStringLiteral("ours_cli_ms_per_image_p50"),
         benchtiming::round3(median(tools[QStringLiteral("ours_cli")].ms))},
        {QStringLiteral("target_met"),
         median(tools[QStringLiteral("ours")].ms) <= fasterPeer && tools[QStringLiteral("ours")].wrong == 0},
        {QStringLiteral("per_image"), perImage},
    };
    std::fputs(QJsonDocument(out).toJson().constData(), stdout);
    return 0;
}
