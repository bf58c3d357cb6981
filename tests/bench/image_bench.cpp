// SPDX-License-Identifier: GPL-3.0-or-later
// Image decoding benchmark (issue 3, "Quality and performance"): how long does reading a 96-tube
// rack image and a single tube photo take, and is every answer right?
//
//   image_bench OUTDIR [--reps N] [--seed S]
//
// Generates the test images itself (synthetic::rack / synthetic::tube, then rotation, blur, noise
// and contrast changes), writes each as OUTDIR/<name>.png with its truth next to it
// (OUTDIR/<name>.truth: the codes in the image, one per line; for a rack only the tubes), so that
// image_bench.sh can run dmtxread and zbarimg on the same files. Then:
//   racks  RackDecoder::read on the image in memory: one warm-up, then the median and maximum of
//          N repetitions (default 7); also once from the PNG file (ImageDecoder::load + read).
//          Every well is checked against the truth. For comparison, untuned ZXing on the whole
//          image in one pass (all symbologies, maxSymbols 255), and DataMatrix-only in one pass.
//   tubes  ImageScan::read (what the app does with a photo) and a tuned ImageDecoder (Code 128
//          only, one symbol), checked against the truth: the first call loads the PNG and counts
//          as the warm-up, then N repetitions on the image in memory.
// Whole-image ZXing and every tube photo run in a child process (image_bench --decode FILE --with
// DECODER): Debian 12's ZXing-C++ 1.4 keeps its assertions, and one of them aborts on some
// photos; a crash is then recorded instead of ending the benchmark.
// Prints one JSON object on stdout; progress on stderr. Timings are never asserted.

#include "accession/accessionnumber.h"
#include "barcode/imagedecoder.h"
#include "barcode/imagescan.h"
#include "benchtiming.h"
#include "rack/rackdecoder.h"
#include "syntheticimages.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTextStream>
#include <QThreadPool>
#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

using namespace benchside;
using benchtiming::ms;
using benchtiming::round3;
using benchtiming::stats;

namespace {

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double maximum(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

// Median and maximum of `reps` runs after one warm-up run, whose result is kept: the decoders are
// deterministic, so every run returns the same answer.
template<typename T> struct Timed
{
    T result;
    std::vector<double> runs;
};

template<typename F> auto timed(int reps, F &&f)
{
    Timed<decltype(f())> out{f(), {}};
    for (int i = 0; i < reps; ++i) {
        QElapsedTimer t;
        t.start();
        const auto r = f();
        out.runs.push_back(ms(t));
        Q_UNUSED(r);
    }
    return out;
}

int fail(const QString &message)
{
    QTextStream(stderr) << "image_bench: " << message << '\n';
    return 1;
}

void log(const QString &message)
{
    QTextStream(stderr) << "[image_bench] " << message << Qt::endl;
}

bool writeTruth(const QString &path, const QStringList &codes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream(&f) << codes.join(u'\n') << '\n';
    return true;
}

struct Distortion
{
    QString name;
    std::function<QImage(const QImage &)> apply;
};

// The distortions a rack scanner or a bench camera produces. Racks are drawn with room to turn
// (fill 0.84), so even a 10 degree turn keeps every well inside the 2000 x 1400 image.
QList<Distortion> rackDistortions()
{
    auto turn = [](double degrees) {
        return [degrees](const QImage &i) {
            return synthetic::rotated(i, degrees);
        };
    };
    return {
        {QStringLiteral("upright"),
         [](const QImage &i) {
             return i;
         }},
        {QStringLiteral("rot+3"), turn(3)},
        {QStringLiteral("rot-3"), turn(-3)},
        {QStringLiteral("rot+7"), turn(7)},
        {QStringLiteral("rot-7"), turn(-7)},
        {QStringLiteral("rot+10"), turn(10)},
        {QStringLiteral("rot-10"), turn(-10)},
        {QStringLiteral("rot180"), turn(180)},
        {QStringLiteral("rot183"), turn(183)},
        {QStringLiteral("blur1"),
         [](const QImage &i) {
             return synthetic::blurred(i, 1);
         }},
        {QStringLiteral("contrast0.5"),
         [](const QImage &i) {
             return synthetic::lowContrast(i, 0.5);
         }},
        {QStringLiteral("noise8"),
         [](const QImage &i) {
             return synthetic::noisy(i, 8);
         }},
        {QStringLiteral("combined"),
         [](const QImage &i) {
             return synthetic::noisy(
                 synthetic::lowContrast(synthetic::blurred(synthetic::rotated(i, 5), 1), 0.6), 8);
         }},
    };
}

struct TubeCase
{
    QString name;
    int moduleSize;
    std::function<QImage(const QImage &)> apply;
};

QList<TubeCase> tubeCases()
{
    using namespace synthetic;
    auto same = [](const QImage &i) {
        return i;
    };
    auto turn = [](double degrees) {
        return [degrees](const QImage &i) {
            return rotated(i, degrees);
        };
    };
    return {
        {QStringLiteral("m2"), 2, same},
        {QStringLiteral("m3"), 3, same},
        {QStringLiteral("m4"), 4, same},
        {QStringLiteral("m3-rot+4"), 3, turn(4)},
        {QStringLiteral("m3-rot-4"), 3, turn(-4)},
        {QStringLiteral("m3-rot+10"), 3, turn(10)},
        {QStringLiteral("m3-rot-10"), 3, turn(-10)},
        {QStringLiteral("m2-rot+7"), 2, turn(7)},
        {QStringLiteral("m3-rot180"), 3, turn(180)},
        {QStringLiteral("m2-rot180"), 2, turn(180)},
        {QStringLiteral("m3-blur1"), 3,
         [](const QImage &i) {
             return blurred(i, 1);
         }},
        {QStringLiteral("m3-blur2"), 3,
         [](const QImage &i) {
             return blurred(i, 2);
         }},
        {QStringLiteral("m2-blur1"), 2,
         [](const QImage &i) {
             return blurred(i, 1);
         }},
        {QStringLiteral("m3-noise8"), 3,
         [](const QImage &i) {
             return noisy(i, 8);
         }},
        {QStringLiteral("m3-noise20"), 3,
         [](const QImage &i) {
             return noisy(i, 20);
         }},
        {QStringLiteral("m3-contrast0.5"), 3,
         [](const QImage &i) {
             return lowContrast(i, 0.5);
         }},
        {QStringLiteral("m3-contrast0.25"), 3,
         [](const QImage &i) {
             return lowContrast(i, 0.25);
         }},
        {QStringLiteral("m4-rot-7-blur1"), 4,
         [](const QImage &i) {
             return blurred(rotated(i, -7), 1);
         }},
        {QStringLiteral("m3-combined"), 3,
         [](const QImage &i) {
             return noisy(lowContrast(blurred(rotated(i, 6), 1), 0.5), 8);
         }},
        {QStringLiteral("m2-combined"), 2,
         [](const QImage &i) {
             return noisy(lowContrast(blurred(rotated(i, -5), 1), 0.6), 6);
         }},
    };
}

QJsonArray toJson(const std::vector<double> &runs)
{
    QJsonArray a;
    for (double x : runs)
        a.append(round3(x));
    return a;
}

// The child: one decoder on one file. The first call includes loading the PNG and is the warm-up.
int decodeFile(const QString &path, const QString &with, int reps)
{
    std::function<QStringList(const QImage &)> decode;
    QString error;
    auto texts = [](const QList<DecodedCode> &codes) {
        QStringList out;
        for (const DecodedCode &c : codes) {
            if (c.readable && !out.contains(c.text))
                out.append(c.text);
        }
        return out;
    };
    ImageDecoder::Options options;
    if (with == QLatin1String("scan")) {
        decode = [&error](const QImage &image) {
            const Result<QString> r = ImageScan::read(image);
            error = r ? QString() : r.error();
            return r ? QStringList{r.value()} : QStringList{};
        };
    } else if (with == QLatin1String("code128")) {
        options.symbologies = {Symbology::Code128};
        options.maxSymbols = 1;
    } else if (with == QLatin1String("untuned")) {
        options.symbologies = {Symbology::Code128, Symbology::DataMatrix, Symbology::QRCode};
        options.maxSymbols = 255;
    } else if (with == QLatin1String("datamatrix")) {
        options.symbologies = {Symbology::DataMatrix};
        options.maxSymbols = 255;
    } else {
        return fail(QStringLiteral("--with scan|code128|untuned|datamatrix"));
    }
    if (!decode) {
        const ImageDecoder decoder(options);
        decode = [decoder, texts](const QImage &image) {
            return texts(decoder.decode(image));
        };
    }

    QElapsedTimer first;
    first.start();
    const Result<QImage> image = ImageDecoder::load(path);
    if (!image)
        return fail(image.error());
    const double loadMs = ms(first);
    const QStringList found = decode(image.value());
    const double fromFileMs = ms(first);
    std::vector<double> runs;
    for (int i = 0; i < reps; ++i) {
        QElapsedTimer t;
        t.start();
        decode(image.value());
        runs.push_back(ms(t));
    }
    QTextStream(stdout) << QJsonDocument(
                               QJsonObject{{QStringLiteral("load_ms"), round3(loadMs)},
                                           {QStringLiteral("from_file_ms"), round3(fromFileMs)},
                                           {QStringLiteral("ms_p50"), round3(median(runs))},
                                           {QStringLiteral("ms_max"), round3(maximum(runs))},
                                           {QStringLiteral("ms_runs"), toJson(runs)},
                                           {QStringLiteral("texts"), QJsonArray::fromStringList(found)},
                                           {QStringLiteral("error"), error}})
                               .toJson(QJsonDocument::Compact)
                        << '\n';
    return 0;
}

// Runs decodeFile in a child process. A crash comes back as {"crashed": true, "message": ...}.
QJsonObject decodeInChild(const QString &path, const QString &with, int reps)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--decode"), path, QStringLiteral("--with"), with, QStringLiteral("--reps"),
                 QString::number(reps)});
    if (!child.waitForFinished(600000)) {
        child.kill();
        child.waitForFinished();
        return {{QStringLiteral("crashed"), true}, {QStringLiteral("message"), QStringLiteral("timed out")}};
    }
    const QStringList err = QString::fromUtf8(child.readAllStandardError()).trimmed().split(u'\n');
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return {{QStringLiteral("crashed"), true}, {QStringLiteral("message"), err.last()}};
    QJsonObject out = QJsonDocument::fromJson(child.readAllStandardOutput()).object();
    out.insert(QStringLiteral("crashed"), false);
    return out;
}

// Whole-image decoding with ZXing (no region finding): each text found counts once; right when it
// is one of the rack's tubes.
QJsonObject wholeImage(const QString &path, const QSet<QString> &truth, const QString &with)
{
    const QJsonObject r = decodeInChild(path, with, 1);
    if (r.value(QStringLiteral("crashed")).toBool())
        return r;
    int right = 0, wrong = 0;
    for (const QJsonValue &v : r.value(QStringLiteral("texts")).toArray())
        (truth.contains(v.toString()) ? right : wrong)++;
    return QJsonObject{{QStringLiteral("ms"), r.value(QStringLiteral("ms_p50"))},
                       {QStringLiteral("found"), right},
                       {QStringLiteral("wrong"), wrong},
                       {QStringLiteral("crashed"), false}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    int reps = 7;
    quint32 seed = 3;
    QString outDir, decodePath, with;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--decode") && i + 1 < args.size())
            decodePath = args.at(++i);
        else if (a == QLatin1String("--with") && i + 1 < args.size())
            with = args.at(++i);
        else if (a == QLatin1String("--reps") && i + 1 < args.size())
            reps = args.at(++i).toInt();
        else if (a == QLatin1String("--seed") && i + 1 < args.size())
            seed = args.at(++i).toUInt();
        else if (!a.startsWith(u'-') && outDir.isEmpty())
            outDir = a;
        else
            return fail(QStringLiteral("usage: image_bench OUTDIR [--reps N] [--seed S]"));
    }
    if (!decodePath.isEmpty())
        return decodeFile(decodePath, with, qMax(0, reps));
    if (outDir.isEmpty() || reps < 1)
        return fail(QStringLiteral("usage: image_bench OUTDIR [--reps N] [--seed S]"));
    if (!QDir().mkpath(outDir))
        return fail(QStringLiteral("cannot create %1").arg(outDir));
    const QDir out(outDir);
    // For image_bench.sh: what starting zbarimg costs, with nothing to load or scan.
    QImage blank(1, 1, QImage::Format_Grayscale8);
    blank.fill(Qt::white);
    if (!blank.save(out.filePath(QStringLiteral("blank.png"))))
        return fail(QStringLiteral("cannot write to %1").arg(outDir));

    const RackLayout layout{8, 12};
    const RackDecoder rackDecoder;
    // ----------------------------------------------------------------------------------------
    // Racks
    QJsonArray rackResults;
    std::vector<double> rackP50s, rackMaxes, rackLoads;
    int totalTubes = 0, totalCorrect = 0, totalMisread = 0, totalEmpty = 0, totalEmptyOk = 0;
    bool everyRackPerfect = true;
    const QList<Distortion> distortions = rackDistortions();
    for (qsizetype ri = 0; ri < distortions.size(); ++ri) {
        const Distortion &d = distortions.at(ri);
        QRandomGenerator rng(seed * 1000 + quint32(ri));
        // A handful of empty wells (4 to 8), as racks arrive from the wards.
        QSet<int> empty;
        const int emptyCount = 4 + int(rng.bounded(5));
        while (empty.size() < emptyCount)
            empty.insert(int(rng.bounded(layout.wellCount())));
        synthetic::RackSpec spec;
        spec.rows = layout.rows;
        spec.cols = layout.cols;
        spec.fill = 0.84;
        spec.tubeJitterDegrees = 4;
        spec.seed = seed * 1000 + quint32(ri);
        QStringList tubeCodes;
        for (int w = 0; w < layout.wellCount(); ++w) {
            synthetic::Well well;
            if (empty.contains(w)) {
                well.content = synthetic::Well::Content::Empty;
            } else {
                // Distinct across all racks, so a code read from the wrong image would show.
                well.text = AccessionNumber::compose(QStringLiteral("BS"), 26,
                                                     100000 + qint64(ri) * layout.wellCount() + w);
                tubeCodes.append(well.text);
            }
            spec.wells.append(well);
        }
        const QImage image = d.apply(synthetic::rack(spec));
        const QString name = QStringLiteral("rack%1-%2").arg(ri, 2, 10, QLatin1Char('0')).arg(d.name);
        const QString path = out.filePath(name + QStringLiteral(".png"));
        if (!image.save(path) || !writeTruth(out.filePath(name + QStringLiteral(".truth")), tubeCodes))
            return fail(QStringLiteral("cannot write %1").arg(path));

        // From the file, as the app reads a scanner's image: loading a 2000 x 1400 PNG is part of
        // what a user waits for.
        QElapsedTimer loadTimer;
        loadTimer.start();
        const Result<QImage> loaded = ImageDecoder::load(path);
        const double loadMs = ms(loadTimer);
        if (!loaded)
            return fail(loaded.error());
        QElapsedTimer fileTimer;
        fileTimer.start();
        const Result<RackReading> fromFile = rackDecoder.read(loaded.value(), layout);
        const double fileReadMs = ms(fileTimer);
        Q_UNUSED(fromFile);

        const auto t = timed(reps, [&] { return rackDecoder.read(image, layout); });
        QElapsedTimer findTimer;
        findTimer.start();
        const qsizetype regions = rackDecoder.findCodes(image, layout.wellCount()).size();
        const double findCodesMs = ms(findTimer);

        int correct = 0, misread = 0, emptyOk = 0, tubeAsEmpty = 0, tubeUnreadable = 0, duplicate = 0,
            emptyAsTube = 0;
        QJsonArray problems;
        if (!t.result) {
            everyRackPerfect = false;
            tubeAsEmpty = int(tubeCodes.size());
        } else {
            for (const WellReading &w : t.result->wells) {
                const synthetic::Well &truth = spec.wells.at(w.row * layout.cols + w.col);
                const bool isTube = truth.content != synthetic::Well::Content::Empty;
                QString problem;
                if (isTube) {
                    switch (w.state) {
                    case WellReading::State::Decoded:
                        if (w.text == truth.text) {
                            ++correct;
                        } else {
                            ++misread;
                            problem = QStringLiteral("misread as %1").arg(w.text);
                        }
                        break;
                    case WellReading::State::Empty:
                        ++tubeAsEmpty;
                        problem = QStringLiteral("tube reported empty");
                        break;
                    case WellReading::State::Unreadable:
                        ++tubeUnreadable;
                        problem = QStringLiteral("unreadable");
                        break;
                    case WellReading::State::Duplicate:
                        ++duplicate;
                        problem = QStringLiteral("duplicate %1").arg(w.text);
                        break;
                    }
                } else if (w.state == WellReading::State::Empty) {
                    ++emptyOk;
                } else {
                    ++emptyAsTube;
                    if (w.state == WellReading::State::Decoded)
                        ++misread;
                    problem = QStringLiteral("empty well reported %1 %2")
                                  .arg(WellReading::stateName(w.state), w.text);
                }
                if (!problem.isEmpty())
                    problems.append(QStringLiteral("%1: %2").arg(w.well, problem));
            }
        }
        const bool perfect = t.result && correct == tubeCodes.size() && misread == 0 &&
                             emptyOk == emptyCount && emptyAsTube == 0;
        everyRackPerfect = everyRackPerfect && perfect;
        totalTubes += int(tubeCodes.size());
        totalCorrect += correct;
        totalMisread += misread;
        totalEmpty += emptyCount;
        totalEmptyOk += emptyOk;
        rackP50s.push_back(median(t.runs));
        rackMaxes.push_back(maximum(t.runs));
        rackLoads.push_back(loadMs + fileReadMs);

        const QSet<QString> truthSet(tubeCodes.cbegin(), tubeCodes.cend());
        const QJsonObject whole = wholeImage(path, truthSet, QStringLiteral("untuned"));
        const QJsonObject wholeDm = wholeImage(path, truthSet, QStringLiteral("datamatrix"));

        QJsonObject r{
            {QStringLiteral("name"), name},
            {QStringLiteral("file"), path},
            {QStringLiteral("tubes"), static_cast<qint64>(tubeCodes.size())},
            {QStringLiteral("empty_wells"), emptyCount},
            {QStringLiteral("ms_p50"), round3(median(t.runs))},
            {QStringLiteral("ms_max"), round3(maximum(t.runs))},
            {QStringLiteral("ms_runs"), toJson(t.runs)},
            {QStringLiteral("find_codes_ms"), round3(findCodesMs)},
            {QStringLiteral("regions"), static_cast<qint64>(regions)},
            {QStringLiteral("png_load_ms"), round3(loadMs)},
            {QStringLiteral("from_file_ms"), round3(loadMs + fileReadMs)},
            {QStringLiteral("ok"), bool(t.result)},
            {QStringLiteral("error"), t.result ? QString() : t.result.error()},
            {QStringLiteral("angle"), t.result ? round3(t.result->angle) : 0.0},
            {QStringLiteral("upside_down"), t.result ? t.result->upsideDown : false},
            {QStringLiteral("correct"), correct},
            {QStringLiteral("misread"), misread},
            {QStringLiteral("tube_as_empty"), tubeAsEmpty},
            {QStringLiteral("tube_unreadable"), tubeUnreadable},
            {QStringLiteral("duplicate"), duplicate},
            {QStringLiteral("empty_as_empty"), emptyOk},
            {QStringLiteral("empty_as_tube"), emptyAsTube},
            {QStringLiteral("perfect"), perfect},
            {QStringLiteral("problems"), problems},
            {QStringLiteral("zxing_untuned_whole_image"), whole},
            {QStringLiteral("zxing_datamatrix_whole_image"), wholeDm},
        };
        rackResults.append(r);
        log(QStringLiteral("%1: %2/%3 correct, %4 misread, %5/%6 empty ok, p50 %7 ms, max %8 ms; untuned "
                           "whole image %9/%3 in %10 ms, DataMatrix-only %11/%3 in %12 ms")
                .arg(name)
                .arg(correct)
                .arg(tubeCodes.size())
                .arg(misread)
                .arg(emptyOk)
                .arg(emptyCount)
                .arg(median(t.runs), 0, 'f', 1)
                .arg(maximum(t.runs), 0, 'f', 1)
                .arg(whole.value(QStringLiteral("found")).toInt())
                .arg(whole.value(QStringLiteral("ms")).toDouble(), 0, 'f', 0)
                .arg(wholeDm.value(QStringLiteral("found")).toInt())
                .arg(wholeDm.value(QStringLiteral("ms")).toDouble(), 0, 'f', 0));
    }

    // ----------------------------------------------------------------------------------------
    // Tube photos
    QJsonArray tubeResults;
    std::vector<double> scanTimes, tunedTimes, scanFileTimes;
    int scanRight = 0, scanWrong = 0, scanCrashed = 0, tunedRight = 0, tunedWrong = 0, tunedCrashed = 0;
    const QList<TubeCase> cases = tubeCases();
    for (qsizetype ti = 0; ti < cases.size(); ++ti) {
        const TubeCase &c = cases.at(ti);
        const QString text = AccessionNumber::compose(QStringLiteral("BS"), 26, 500000 + ti * 37);
        const QImage image = c.apply(synthetic::tube(text, Symbology::Code128, c.moduleSize));
        const QString name = QStringLiteral("tube%1-%2").arg(ti, 2, 10, QLatin1Char('0')).arg(c.name);
        const QString path = out.filePath(name + QStringLiteral(".png"));
        if (!image.save(path) || !writeTruth(out.filePath(name + QStringLiteral(".truth")), {text}))
            return fail(QStringLiteral("cannot write %1").arg(path));

        QJsonObject entry{
            {QStringLiteral("name"), name}, {QStringLiteral("file"), path}, {QStringLiteral("text"), text}};
        QStringList summary;
        for (const QString &decoder : {QStringLiteral("scan"), QStringLiteral("code128")}) {
            const bool isScan = decoder == QLatin1String("scan");
            const QJsonObject r = decodeInChild(path, decoder, reps);
            const bool crashed = r.value(QStringLiteral("crashed")).toBool();
            const QJsonArray texts = r.value(QStringLiteral("texts")).toArray();
            // A tube photo has one code: anything else read is wrong, even beside the right one.
            bool right = false, wrong = false;
            for (const QJsonValue &v : texts)
                (v.toString() == text ? right : wrong) = true;
            right = right && !wrong;
            QJsonObject o = r;
            o.insert(QStringLiteral("right"), right);
            o.insert(QStringLiteral("wrong"), wrong);
            entry.insert(isScan ? QStringLiteral("image_scan") : QStringLiteral("code128_only"), o);
            if (isScan) {
                scanRight += right;
                scanWrong += wrong;
                scanCrashed += crashed;
                if (!crashed) {
                    scanTimes.push_back(r.value(QStringLiteral("ms_p50")).toDouble());
                    scanFileTimes.push_back(r.value(QStringLiteral("from_file_ms")).toDouble());
                }
            } else {
                tunedRight += right;
                tunedWrong += wrong;
                tunedCrashed += crashed;
                if (!crashed)
                    tunedTimes.push_back(r.value(QStringLiteral("ms_p50")).toDouble());
            }
            summary.append(QStringLiteral("%1 %2%3").arg(
                isScan ? QStringLiteral("ImageScan") : QStringLiteral("Code 128 only"),
                crashed ? QStringLiteral("CRASHED (%1)").arg(r.value(QStringLiteral("message")).toString())
                : right ? QStringLiteral("right")
                : wrong ? QStringLiteral("WRONG")
                        : QStringLiteral("none"),
                crashed ? QString()
                        : QStringLiteral(" in %1 ms")
                              .arg(r.value(QStringLiteral("ms_p50")).toDouble(), 0, 'f', 2)));
        }
        tubeResults.append(entry);
        log(QStringLiteral("%1: %2").arg(name, summary.join(QStringLiteral(", "))));
    }

    const QJsonObject result{
        {QStringLiteral("benchmark"), QStringLiteral("image_bench")},
        {QStringLiteral("reps"), reps},
        {QStringLiteral("seed"), static_cast<qint64>(seed)},
        {QStringLiteral("threads"), QThreadPool::globalInstance()->maxThreadCount()},
        {QStringLiteral("racks"),
         QJsonObject{
             {QStringLiteral("images"), static_cast<qint64>(distortions.size())},
             {QStringLiteral("ms_p50_per_rack"), stats(rackP50s)},
             {QStringLiteral("ms_max_per_rack"), stats(rackMaxes)},
             {QStringLiteral("from_file_ms"), stats(rackLoads)},
             {QStringLiteral("tubes"), totalTubes},
             {QStringLiteral("correct"), totalCorrect},
             {QStringLiteral("misread"), totalMisread},
             {QStringLiteral("empty_wells"), totalEmpty},
             {QStringLiteral("empty_as_empty"), totalEmptyOk},
             {QStringLiteral("every_rack_perfect"), everyRackPerfect},
             {QStringLiteral("target_met"), everyRackPerfect && maximum(rackMaxes) < 250},
             {QStringLiteral("per_image"), rackResults},
         }},
        {QStringLiteral("tubes"),
         QJsonObject{
             {QStringLiteral("images"), static_cast<qint64>(cases.size())},
             {QStringLiteral("image_scan_ms"), stats(scanTimes)},
             {QStringLiteral("image_scan_from_file_ms"), stats(scanFileTimes)},
             {QStringLiteral("image_scan_right"), scanRight},
             {QStringLiteral("image_scan_wrong"), scanWrong},
             {QStringLiteral("image_scan_crashed"), scanCrashed},
             {QStringLiteral("code128_only_ms"), stats(tunedTimes)},
             {QStringLiteral("code128_only_right"), tunedRight},
             {QStringLiteral("code128_only_wrong"), tunedWrong},
             {QStringLiteral("code128_only_crashed"), tunedCrashed},
             {QStringLiteral("per_image"), tubeResults},
         }},
    };
    QTextStream(stdout) << QJsonDocument(result).toJson(QJsonDocument::Indented);
    return 0;
}
