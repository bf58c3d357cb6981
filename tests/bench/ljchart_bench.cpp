// SPDX-License-Identifier: GPL-3.0-or-later
// Levey-Jennings chart benchmark (issue 5, "Quality and performance"): a chart of 5,000 QC points
// (2,500 runs of two levels, tests/util/qcsynthetic.h) rendered to a PNG file, and shown in a
// window until its first paint. Target: each under 200 ms.
//
//   ljchart_bench [--points N] [--reps R] [--out FILE.png] [--scatter-items]
//
// "png" = LeveyJenningsChart::renderPng: building the chart (series, axes, limit lines) from
// LeveyJenningsData, rendering it offscreen into a 1200×600 image and writing the PNG; its parts
// are also timed alone. "first paint" = a new LeveyJenningsView (chart, date range controls and
// statistics panel) given the data, shown, until the chart view's viewport has painted, measured
// offscreen (QT_QPA_PLATFORM=offscreen) with the event loop running. --scatter-items draws the
// markers as plain QScatterSeries items instead of light markers (the comparison in
// docs/decisions.md). Prints JSON: median (p50) and max of the repetitions, in ms (wall time; the
// *_cpu_ms entries are the process's CPU time for the same work).

#include "benchtiming.h"
#include "qc/leveyjenningschart.h"
#include "qc/leveyjenningsview.h"
#include "qcsynthetic.h"

#include <QApplication>
#include <QChartView>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScatterSeries>
#include <QTemporaryDir>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace benchside;

namespace {
// CPU time of the process, in ms (see qc_bench.cpp).
double cpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

class PaintWatcher : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject *o, QEvent *e) override
    {
        if (e->type() == QEvent::Paint)
            painted = true;
        return QObject::eventFilter(o, e);
    }
};

void useScatterItems(LeveyJenningsChart &chart)
{
    for (WestgardEvaluator::RunStatus s :
         {WestgardEvaluator::RunStatus::NotEvaluated, WestgardEvaluator::RunStatus::Accepted,
          WestgardEvaluator::RunStatus::Warning, WestgardEvaluator::RunStatus::Rejected}) {
        if (QScatterSeries *series = chart.statusSeries(s))
            series->setLightMarker(QImage());
    }
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int pointCount = 5000;
    int reps = 9;
    QString out;
    bool scatterItems = false;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--scatter-items"))
            scatterItems = true;
        else if (i + 1 < args.size() && args.at(i) == QLatin1String("--points"))
            pointCount = args.at(++i).toInt();
        else if (i + 1 < args.size() && args.at(i) == QLatin1String("--reps"))
            reps = args.at(++i).toInt();
        else if (i + 1 < args.size() && args.at(i) == QLatin1String("--out"))
            out = args.at(++i);
    }

    const qint64 start = 1'767'225'600'000; // 2026-01-01
    const QList<QcPoint> points = qcsynthetic::history(pointCount / 2, 2, 7, start, 3 * 3'600'000);
    const QMap<int, QcTarget> all = qcsynthetic::glucoseTargets();
    const QMap<int, QcTarget> targets{{1, all.value(1)}, {2, all.value(2)}};
    const Result<LeveyJenningsData> built = LeveyJenningsData::build(
        QStringLiteral("GLU"), points, {{QStringLiteral("L1"), targets}}, QcRuleSet::defaults());
    if (!built) {
        std::fprintf(stderr, "%s\n", qPrintable(built.error()));
        return 1;
    }
    LeveyJenningsData data = *built;
    data.unit = QStringLiteral("mmol/L");
    QTemporaryDir dir;
    const QString png = out.isEmpty() ? dir.filePath(QStringLiteral("chart.png")) : out;
    const QSize size(1200, 600);

    std::vector<double> pngMs, pngCpuMs, buildMs, renderMs, saveMs, paintMs, paintCpuMs;
    for (int r = 0; r < reps + 1; ++r) {
        QElapsedTimer t;
        t.start();
        const double cpu0 = cpuMs();
        if (!scatterItems) {
            const Status s = LeveyJenningsChart::renderPng(data, png, size);
            if (!s) {
                std::fprintf(stderr, "%s\n", qPrintable(s.error()));
                return 1;
            }
        } else {
            LeveyJenningsChart chart;
            chart.setData(data);
            useScatterItems(chart);
            chart.renderImage(size).save(png, "PNG");
        }
        const double whole = benchtiming::ms(t);
        const double wholeCpu = cpuMs() - cpu0;

        // The parts, once more each.
        t.restart();
        LeveyJenningsChart chart;
        chart.setData(data);
        if (scatterItems)
            useScatterItems(chart);
        const double b = benchtiming::ms(t);
        t.restart();
        const QImage image = chart.renderImage(size);
        const double rnd = benchtiming::ms(t);
        t.restart();
        image.save(dir.filePath(QStringLiteral("part.png")), "PNG");
        const double sv = benchtiming::ms(t);

        // Interactive: a new view, shown, until its chart has painted.
        PaintWatcher watcher;
        t.restart();
        const double paint0 = cpuMs();
        LeveyJenningsView view;
        view.resize(1200, 800);
        view.setData(data);
        if (scatterItems)
            useScatterItems(*view.chart());
        view.chartView()->viewport()->installEventFilter(&watcher);
        view.show();
        while (!watcher.painted)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        const double paint = benchtiming::ms(t);
        const double paintCpu = cpuMs() - paint0;
        if (r == 0)
            continue; // warm-up
        pngMs.push_back(whole);
        pngCpuMs.push_back(wholeCpu);
        paintCpuMs.push_back(paintCpu);
        buildMs.push_back(b);
        renderMs.push_back(rnd);
        saveMs.push_back(sv);
        paintMs.push_back(paint);
    }

    const QJsonObject json{
        {QStringLiteral("benchmark"), QStringLiteral("levey_jennings_chart")},
        {QStringLiteral("points"), int(data.points.size())},
        {QStringLiteral("markers"),
         scatterItems ? QStringLiteral("scatter items") : QStringLiteral("light markers")},
        {QStringLiteral("size"), QStringLiteral("%1x%2").arg(size.width()).arg(size.height())},
        {QStringLiteral("png_ms"), benchtiming::stats(pngMs)},
        {QStringLiteral("png_cpu_ms"), benchtiming::stats(pngCpuMs)},
        {QStringLiteral("build_series_ms"), benchtiming::stats(buildMs)},
        {QStringLiteral("render_image_ms"), benchtiming::stats(renderMs)},
        {QStringLiteral("save_png_ms"), benchtiming::stats(saveMs)},
        {QStringLiteral("view_first_paint_ms"), benchtiming::stats(paintMs)},
        {QStringLiteral("view_first_paint_cpu_ms"), benchtiming::stats(paintCpuMs)},
        {QStringLiteral("png_bytes"), QFile(png).size()},
        {QStringLiteral("limit_ms"), 200},
    };
    std::fputs(QJsonDocument(json).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return 0;
}
