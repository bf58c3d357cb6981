// SPDX-License-Identifier: GPL-3.0-or-later
// The camera's frame pipeline (issue 23.3) on the test video's frames, without Qt Multimedia:
//
//   camera_bench [--scale N] [--db STATION.db] [--video OUT.avi]
//
// Draws the video tst_cameravideo plays (synthetic::TubeVideo: four tubes passing under the camera,
// one held, one code in a single frame) and submits its frames to a FramePipeline at 25 frames/s,
// as a camera would, each frame N times the video's 640 x 480 (--scale 2: 1280 x 960). Prints one
// JSON object: decode time per frame on the decoding thread (mean, median, 95th percentile, max),
// frames decoded and dropped, the tubes reported, and for each the time from the first frame that
// shows it to its report.
// --db takes the labels of that station's first five tubes waiting for receipt (the demo's, say), and
// --video writes the video (with ffmpeg) for `benchside --demo --camera-file OUT.avi`.
// Timings are never asserted.

#include "camera/framepipeline.h"
#include "lab/lab.h"
#include "label/labelrenderer.h"
#include "tubevideo.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace benchside;

namespace {
int fail(const QString &message)
{
    std::fprintf(stderr, "camera_bench: %s\n", qPrintable(message));
    return 1;
}

QString option(const QStringList &args, const QString &name)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
}

// Five labels: the station's waiting tubes, or made-up numbers of a station that does not exist.
Result<QList<std::pair<QString, QImage>>> labels(const QString &db)
{
    using R = Result<QList<std::pair<QString, QImage>>>;
    QList<TubeLabel> tubes;
    std::unique_ptr<Lab> lab;
    if (!db.isEmpty()) {
        Result<std::unique_ptr<Lab>> opened = Lab::open(db);
        if (!opened)
            return R::failure(opened.error());
        lab = std::move(opened.value());
        QSqlQuery q(lab->database().connection());
        if (!q.exec(
                QStringLiteral("SELECT accession FROM specimens WHERE status = 'accessioned' AND parent = '' "
                               "ORDER BY accession LIMIT 5")))
            return R::failure(q.lastError().text());
        while (q.next()) {
            Result<std::optional<Specimen>> s = lab->specimens().find(q.value(0).toString());
            if (s && s.value())
                tubes.append(TubeLabel::fromSpecimen(*s.value()));
        }
        if (tubes.size() < 5)
            return R::failure(QStringLiteral("%1 has fewer than five tubes waiting for receipt").arg(db));
    } else {
        for (int i = 0; i < 5; ++i) {
            TubeLabel label;
            label.accession = QStringLiteral("BENCH%1").arg(i);
            label.patientName = QStringLiteral("BENCH, Tube %1").arg(i);
            label.specimenType = QStringLiteral("SERUM");
            tubes.append(label);
        }
    }
    QList<std::pair<QString, QImage>> out;
    for (const TubeLabel &t : tubes) {
        Result<QImage> image = LabelRenderer::toImage(t, LabelFormat());
        if (!image)
            return R::failure(image.error());
        out.append({t.accession, image.value()});
    }
    return out;
}

double percentile(QList<qint64> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, qsizetype(p * double(values.size())))) / 1000.0;
}
} // namespace

int main(int argc, char *argv[])
{
    // The labels are drawn with fonts, which need a GUI application; no window is shown.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int scale = std::max(1, option(args, QStringLiteral("--scale")).toInt());
    Result<QList<std::pair<QString, QImage>>> drawn = labels(option(args, QStringLiteral("--db")));
    if (!drawn)
        return fail(drawn.error());
    const synthetic::TubeVideo video = synthetic::TubeVideo::scenario(drawn.value());
    if (const QString out = option(args, QStringLiteral("--video")); !out.isEmpty()) {
        if (Status s = video.write(out); !s)
            return fail(s.error());
        std::fprintf(stderr, "camera_bench: wrote %s\n", qPrintable(out));
    }

    // Drawn first: drawing costs more than decoding and must not be timed with it.
    QList<QImage> frames;
    for (int n = 0; n < video.frameCount(); ++n) {
        QImage f = video.frame(n).convertToFormat(QImage::Format_Grayscale8);
        frames.append(
            scale == 1 ? f : f.scaled(f.size() * scale, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    }

    FramePipeline pipeline;
    QList<qint64> decodeUs;
    QHash<QString, qint64> reportedAt;
    QElapsedTimer wall;
    QObject::connect(&pipeline, &FramePipeline::frameRead,
                     [&](const FrameReading &reading) { decodeUs.append(reading.decodeUs); });
    QObject::connect(&pipeline, &FramePipeline::tubeRead, [&](const QString &code) {
        if (!reportedAt.contains(code))
            reportedAt.insert(code, wall.elapsed());
    });
    int next = 0;
    QList<qint64> submittedAt;
    QTimer camera;
    camera.setTimerType(Qt::PreciseTimer);
    camera.setInterval(synthetic::TubeVideo::FrameMs);
    QObject::connect(&camera, &QTimer::timeout, [&] {
        if (next == frames.size()) {
            camera.stop();
            QTimer::singleShot(1000, &app, &QCoreApplication::quit); // the last frames' decoding
            return;
        }
        const QImage f = frames.at(next++);
        submittedAt.append(wall.elapsed());
        pipeline.submit([f] { return f; });
    });
    wall.start();
    camera.start();
    app.exec();

    const FramePipeline::Stats stats = pipeline.stats();
    QJsonArray tubes;
    for (const synthetic::TubeVideo::Pass &p : video.passes()) {
        QJsonObject t{{QStringLiteral("code"), p.accession},
                      {QStringLiteral("single_frame"), p.flash},
                      {QStringLiteral("reported"), reportedAt.contains(p.accession)}};
        if (reportedAt.contains(p.accession))
            t.insert(QStringLiteral("enter_to_report_ms"),
                     reportedAt.value(p.accession) -
                         submittedAt.value(
                             int(synthetic::TubeVideo::entersAtMs(p) / synthetic::TubeVideo::FrameMs)));
        tubes.append(t);
    }
    qint64 total = 0;
    for (qint64 us : decodeUs)
        total += us;
    const QJsonObject result{
        {QStringLiteral("width"), synthetic::TubeVideo::Width * scale},
        {QStringLiteral("height"), synthetic::TubeVideo::Height * scale},
        {QStringLiteral("frames"), stats.offered},
        {QStringLiteral("decoded"), stats.decoded},
        {QStringLiteral("dropped"), stats.dropped},
        {QStringLiteral("decode_ms_mean"), decodeUs.isEmpty() ? 0.0 : double(total) / decodeUs.size() / 1000},
        {QStringLiteral("decode_ms_median"), percentile(decodeUs, 0.5)},
        {QStringLiteral("decode_ms_p95"), percentile(decodeUs, 0.95)},
        {QStringLiteral("decode_ms_max"), percentile(decodeUs, 1.0)},
        {QStringLiteral("tubes"), tubes}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Indented).constData());
    return 0;
}
