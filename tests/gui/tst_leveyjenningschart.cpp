// SPDX-License-Identifier: GPL-3.0-or-later
// LeveyJenningsChart and LeveyJenningsView offscreen: the series drawn from known data (levels,
// points, status colours and shapes, limit lines at mean ± k·SD, lot changes), tooltips and
// hit-testing, the PNG the CLI writes, and the view's period, level choice, statistics and export.

#include "qc/leveyjenningschart.h"
#include "qc/leveyjenningsview.h"
#include "qcsynthetic.h"

#include <QChartView>
#include <QDateEdit>
#include <QDateTimeAxis>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>
#include <cmath>

using namespace benchside;
using RunStatus = WestgardEvaluator::RunStatus;

namespace {
constexpr qint64 Day = 86'400'000;
const qint64 Start = QDateTime(QDate(2026, 3, 2), QTime(8, 0)).toMSecsSinceEpoch();

// Six daily runs of two levels, lot A (level 1: 100 ± 2, level 2: 200 ± 5), then lot B from day 7
// (level 1: 110 ± 2.5; no target for level 2 yet). Day 3 level 1 is +3.5 SD (1-3s, rejected),
// day 5 level 2 is −2.4 SD (1-2s, warning).
LeveyJenningsData knownData()
{
    const double l1[] = {100, 101, 107, 99, 100.5, 98};
    const double l2[] = {200, 195, 203, 204, 188, 201};
    QList<QcPoint> points;
    for (int d = 0; d < 6; ++d) {
        const QString run = QStringLiteral("A%1").arg(d + 1);
        points << QcPoint{run + QStringLiteral("-1"), run, 1, l1[d], Start + d * Day, QStringLiteral("akim"),
                          QStringLiteral("A")};
        points << QcPoint{
            run + QStringLiteral("-2"), run, 2, l2[d], Start + d * Day + 60'000, QStringLiteral("akim"),
            QStringLiteral("A")};
    }
    for (int d = 6; d < 8; ++d) {
        const QString run = QStringLiteral("B%1").arg(d + 1);
        points << QcPoint{
            run + QStringLiteral("-1"), run, 1, 110.5, Start + d * Day, QStringLiteral("bnovak"),
            QStringLiteral("B")};
        points << QcPoint{
            run + QStringLiteral("-2"), run, 2, 230, Start + d * Day + 60'000, QStringLiteral("bnovak"),
            QStringLiteral("B")};
    }
    const QMap<QString, LeveyJenningsData::LevelTargets> targets{
        {QStringLiteral("A"), {{1, {100, 2}}, {2, {200, 5}}}},
        {QStringLiteral("B"), {{1, {110, 2.5}}}},
    };
    Result<LeveyJenningsData> d =
        LeveyJenningsData::build(QStringLiteral("GLU"), points, targets, QcRuleSet::defaults());
    if (!d)
        qFatal("%s", qPrintable(d.error()));
    d.value().unit = QStringLiteral("mg/dL");
    return d.value();
}

// About three months of a glucose control: lot 2611 (70 days), then lot 2702 in parallel for 10
// days before it takes over, as a technician would see it on the demo station.
LeveyJenningsData demoData()
{
    const qint64 start = QDateTime(QDate(2026, 8, 24), QTime(7, 30)).toMSecsSinceEpoch();
    QList<QcPoint> points = qcsynthetic::history(70, 2, 41, start, Day, QStringLiteral("2611"));
    const QMap<int, QcTarget> a = qcsynthetic::glucoseTargets();
    const QMap<int, QcTarget> b{{1, {5.62, 0.16}}, {2, {15.80, 0.42}}};
    for (QcPoint p :
         qcsynthetic::history(40, 2, 42, start + 60 * Day + 3'600'000, Day, QStringLiteral("2702"))) {
        const QcTarget from = a.value(p.level);
        const QcTarget to = b.value(p.level);
        p.value = std::round((to.mean + (p.value - from.mean) * to.sd / from.sd) * 100) / 100;
        p.atMs += 0;
        points << p;
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const QcPoint &x, const QcPoint &y) { return x.atMs < y.atMs; });
    Result<LeveyJenningsData> d = LeveyJenningsData::build(
        QStringLiteral("GLU"), points,
        {{QStringLiteral("2611"), {{1, a.value(1)}, {2, a.value(2)}}}, {QStringLiteral("2702"), b}},
        QcRuleSet::defaults());
    if (!d)
        qFatal("%s", qPrintable(d.error()));
    d.value().unit = QStringLiteral("mmol/L");
    return d.value();
}

bool near(const QColor &a, const QColor &b, int tolerance = 40)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <
           tolerance;
}

int pixelsNear(const QImage &image, const QColor &colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            n += near(QColor(image.pixel(x, y)), colour, 24) ? 1 : 0;
    }
    return n;
}

int indexOf(const LeveyJenningsData &d, const QString &id)
{
    for (qsizetype i = 0; i < d.points.size(); ++i) {
        if (d.points.at(i).qc.id == id)
            return int(i);
    }
    return -1;
}
} // namespace

class TestLeveyJenningsChart : public QObject
{
    Q_OBJECT

private slots:
    void evaluationBehindTheChart();
    void zScoreSeries();
    void largeZKeepsAxisLabelsReadable();
    void statusMarkers();
    void limitLinesOnZScores();
    void unitsScaleOneLevel();
    void lotChanges();
    void toolTipsAndHitTesting();
    void renderPng();
    void renderPngRefuses();
    void viewPeriodLevelsAndStatistics();
    void viewExportAndScreenshot();
    void viewHoverShowsToolTip();
    void zoomTimeAxis();
};

void TestLeveyJenningsChart::evaluationBehindTheChart()
{
    // The statuses the chart must show, from the rules (so the drawing checks below are checked
    // against the right thing).
    const LeveyJenningsData d = knownData();
    QCOMPARE(d.points.size(), 16);
    QCOMPARE(d.points.at(indexOf(d, QStringLiteral("A3-1"))).violations, (QStringList{"1-2s", "1-3s"}));
    QCOMPARE(d.points.at(indexOf(d, QStringLiteral("A3-2"))).runStatus, RunStatus::Rejected);
    QCOMPARE(d.points.at(indexOf(d, QStringLiteral("A5-2"))).violations, QStringList{"1-2s"});
    QCOMPARE(d.points.at(indexOf(d, QStringLiteral("A5-1"))).runStatus, RunStatus::Warning);
    QCOMPARE(d.points.at(indexOf(d, QStringLiteral("B7-2"))).runStatus, RunStatus::Accepted);
    QVERIFY(!d.points.at(indexOf(d, QStringLiteral("B7-2"))).z);
}

void TestLeveyJenningsChart::zScoreSeries()
{
    LeveyJenningsChart chart;
    const LeveyJenningsData d = knownData();
    chart.setData(d);
    QCOMPARE(chart.scale(), LeveyJenningsChart::Scale::ZScore);
    // One line per level and lot; level 2 of lot B has no target, so no z and no line.
    QCOMPARE(chart.levelLines().size(), 3);
    QCOMPARE(chart.levelLines().at(0).level, 1);
    QCOMPARE(chart.levelLines().at(0).lot, QStringLiteral("A"));
    QCOMPARE(chart.levelLines().at(1).lot, QStringLiteral("B"));
    QCOMPARE(chart.levelLines().at(2).level, 2);
    QVERIFY(!chart.levelLine(2, QStringLiteral("B")));
    // Level 1, at (time, z).
    const QList<QPointF> l1 = chart.levelLine(1, QStringLiteral("A"))->points();
    QCOMPARE(l1.size(), 6);
    QCOMPARE(l1.at(0), QPointF(double(Start), 0));
    QCOMPARE(l1.at(2), QPointF(double(Start + 2 * Day), 3.5));
    const QList<QPointF> l1b = chart.levelLine(1, QStringLiteral("B"))->points();
    QCOMPARE(l1b.size(), 2);
    QCOMPARE(l1b.at(0), QPointF(double(Start + 6 * Day), 0.2)); // lot B: (110.5 − 110) / 2.5
    const QList<QPointF> l2 = chart.levelLine(2, QStringLiteral("A"))->points();
    QCOMPARE(l2.size(), 6);
    QCOMPARE(l2.at(4), QPointF(double(Start + 4 * Day + 60'000), -2.4));
    QCOMPARE(chart.levelLines().at(0).series->name(), QStringLiteral("Level 1"));

    // Axes: time across, z up, wide enough for +3.5.
    QVERIFY(chart.timeAxis());
    QVERIFY(chart.timeAxis()->min().toMSecsSinceEpoch() < Start);
    QVERIFY(chart.timeAxis()->max().toMSecsSinceEpoch() > Start + 7 * Day);
    QCOMPARE(chart.valueAxis()->min(), -4.0);
    QCOMPARE(chart.valueAxis()->max(), 4.0);
}

// Finding 17: a run at +6.5 SD gave fifteen z labels, which QtCharts shows as "…" at normal height.
void TestLeveyJenningsChart::largeZKeepsAxisLabelsReadable()
{
    QList<QcPoint> points;
    const double values[] = {100, 113, 99};
    for (int d = 0; d < 3; ++d) {
        const QString run = QStringLiteral("R%1").arg(d + 1);
        points << QcPoint{
            run + QStringLiteral("-1"), run, 1, values[d], Start + d * Day, QStringLiteral("akim"),
            QStringLiteral("A")};
    }
    const QMap<QString, LeveyJenningsData::LevelTargets> targets{{QStringLiteral("A"), {{1, {100, 2}}}}};
    Result<LeveyJenningsData> d =
        LeveyJenningsData::build(QStringLiteral("GLU"), points, targets, QcRuleSet::defaults());
    QVERIFY2(d.ok(), qPrintable(d.error()));
    LeveyJenningsChart chart;
    chart.setData(d.value());
    const QValueAxis *axis = chart.valueAxis();
    QVERIFY(axis->max() >= 6.5);
    QCOMPARE(axis->min(), -axis->max());
    const int labels = axis->tickType() == QValueAxis::TicksDynamic
                           ? int(std::lround((axis->max() - axis->min()) / axis->tickInterval())) + 1
                           : axis->tickCount();
    QVERIFY2(labels <= 9, qPrintable(QString::number(labels)));
    // In the usual range, one label per SD as before.
    chart.setData(knownData());
    QCOMPARE(chart.valueAxis()->min(), -4.0);
    QCOMPARE(chart.valueAxis()->tickInterval(), 1.0);
}

void TestLeveyJenningsChart::statusMarkers()
{
    LeveyJenningsChart chart;
    const LeveyJenningsData d = knownData();
    chart.setData(d);
    // Rejected: day 3, both levels. Warning: day 5, both levels. Accepted: days 1, 2, 4 and 6 of
    // lot A (both levels) and lot B's level 1 (level 2 has no z).
    QScatterSeries *rejected = chart.statusSeries(RunStatus::Rejected);
    QScatterSeries *warning = chart.statusSeries(RunStatus::Warning);
    QScatterSeries *accepted = chart.statusSeries(RunStatus::Accepted);
    QVERIFY(rejected && warning && accepted);
    QVERIFY(!chart.statusSeries(RunStatus::NotEvaluated)); // nothing without a z on this scale
    QCOMPARE(rejected->count(), 2);
    QCOMPARE(warning->count(), 2);
    QCOMPARE(accepted->count(), 10);
    QCOMPARE(rejected->points(),
             (QList<QPointF>{{double(Start + 2 * Day), 3.5}, {double(Start + 2 * Day + 60'000), 0.6}}));
    QCOMPARE(chart.statusPoints(RunStatus::Rejected),
             (QList<int>{indexOf(d, QStringLiteral("A3-1")), indexOf(d, QStringLiteral("A3-2"))}));

    // Colour per status, and the marker differs in shape and size too.
    QCOMPARE(rejected->color(), LeveyJenningsChart::statusColour(RunStatus::Rejected));
    QCOMPARE(warning->color(), LeveyJenningsChart::statusColour(RunStatus::Warning));
    QCOMPARE(accepted->color(), LeveyJenningsChart::statusColour(RunStatus::Accepted));
    QCOMPARE(rejected->markerShape(), QScatterSeries::MarkerShapeRotatedRectangle);
    QCOMPARE(warning->markerShape(), QScatterSeries::MarkerShapeTriangle);
    QCOMPARE(accepted->markerShape(), QScatterSeries::MarkerShapeCircle);
    QVERIFY(rejected->markerSize() > warning->markerSize());
    QVERIFY(warning->markerSize() > accepted->markerSize());
    QCOMPARE(rejected->lightMarker().size(), LeveyJenningsChart::markerImage(RunStatus::Rejected).size());
    const QColor centre = rejected->lightMarker().pixelColor(rejected->lightMarker().rect().center());
    QVERIFY(near(centre, LeveyJenningsChart::statusColour(RunStatus::Rejected)));
    QVERIFY(!near(LeveyJenningsChart::statusColour(RunStatus::Rejected),
                  LeveyJenningsChart::statusColour(RunStatus::Accepted), 100));
    QVERIFY(rejected->name().startsWith(QStringLiteral("Rejected (2)")));
}

void TestLeveyJenningsChart::limitLinesOnZScores()
{
    LeveyJenningsChart chart;
    chart.setData(knownData());
    const QList<LeveyJenningsChart::LimitLine> &limits = chart.limitLines();
    QCOMPARE(limits.size(), 7);
    QList<int> ks;
    for (const LeveyJenningsChart::LimitLine &l : limits) {
        ks << l.k;
        QCOMPARE(l.series->count(), 2);
        QCOMPARE(l.series->at(0).y(), double(l.k));
        QCOMPARE(l.series->at(1).y(), double(l.k));
        // Across the whole time axis.
        QVERIFY(l.series->at(0).x() <= double(Start));
        QVERIFY(l.series->at(1).x() >= double(Start + 7 * Day));
    }
    QCOMPARE(ks, (QList<int>{-3, -2, -1, 0, 1, 2, 3}));
    // ±3 SD in the rejection colour, ±2 SD in the warning colour.
    QCOMPARE(limits.at(0).series->pen().color(), LeveyJenningsChart::statusColour(RunStatus::Rejected));
    QCOMPARE(limits.at(5).series->pen().color(), LeveyJenningsChart::statusColour(RunStatus::Warning));
}

void TestLeveyJenningsChart::unitsScaleOneLevel()
{
    LeveyJenningsChart chart;
    const LeveyJenningsData d = knownData();
    chart.setData(d, 1);
    QCOMPARE(chart.scale(), LeveyJenningsChart::Scale::Units);
    QCOMPARE(chart.level(), 1);
    QCOMPARE(chart.levelLines().size(), 2); // lots A and B
    const QList<QPointF> l1 = chart.levelLine(1, QStringLiteral("A"))->points();
    QCOMPARE(l1.size(), 6);
    QCOMPARE(l1.at(2).y(), 107.0);
    QCOMPARE(chart.levelLine(1, QStringLiteral("B"))->at(1).y(), 110.5);
    // Each lot's limits over its own days: lot A 100 ± k·2, lot B 110 ± k·2.5.
    const QList<LeveyJenningsChart::LimitLine> &limits = chart.limitLines();
    QCOMPARE(limits.size(), 14);
    for (const LeveyJenningsChart::LimitLine &l : limits) {
        const QcTarget t = l.lot == QLatin1String("A") ? QcTarget{100, 2} : QcTarget{110, 2.5};
        QVERIFY(l.lot == QLatin1String("A") || l.lot == QLatin1String("B"));
        QCOMPARE(l.series->at(0).y(), t.mean + l.k * t.sd);
        QCOMPARE(l.series->at(1).y(), t.mean + l.k * t.sd);
        if (l.lot == QLatin1String("A")) {
            QCOMPARE(qint64(l.series->at(0).x()), Start);
            QCOMPARE(qint64(l.series->at(1).x()), Start + 5 * Day);
        } else {
            QCOMPARE(qint64(l.series->at(0).x()), Start + 6 * Day);
        }
    }
    // The value axis holds lot A's −3.5 SD and lot B's +3.5 SD.
    QVERIFY(chart.valueAxis()->min() <= 93);
    QVERIFY(chart.valueAxis()->max() >= 118.75);
    QVERIFY(chart.valueAxis()->titleText().contains(QStringLiteral("mg/dL")));

    // Level 2 in units: lot B's points have no target and show as not evaluated... but their run
    // was judged on level 1 and accepted, which is the status the marker shows.
    chart.setData(d, 2);
    QCOMPARE(chart.levelLine(2, QStringLiteral("A"))->count(), 6);
    QCOMPARE(chart.levelLine(2, QStringLiteral("B"))->count(), 2);
    QCOMPARE(chart.limitLines().size(), 7); // lot B has no level-2 target: no lines for it
    QCOMPARE(chart.statusSeries(RunStatus::Accepted)->count(), 4 + 2);
}

void TestLeveyJenningsChart::lotChanges()
{
    LeveyJenningsChart chart;
    chart.setData(knownData());
    QCOMPARE(chart.lotChangeLines().size(), 1);
    const QLineSeries *line = chart.lotChangeLines().first();
    QCOMPARE(line->count(), 2);
    QCOMPARE(line->at(0).x(), double(Start + 6 * Day));
    QCOMPARE(line->at(1).x(), double(Start + 6 * Day));
    QCOMPARE(line->at(0).y(), chart.valueAxis()->min());
    QCOMPARE(line->at(1).y(), chart.valueAxis()->max());
    QCOMPARE(chart.lotChangeLabels().size(), 1);
    QCOMPARE(chart.lotChangeLabels().first()->text(), QStringLiteral("Lot B"));
}

void TestLeveyJenningsChart::toolTipsAndHitTesting()
{
    LeveyJenningsChart chart;
    const LeveyJenningsData d = knownData();
    chart.setData(d);
    chart.renderImage(QSize(900, 500)); // lays the chart out at a known size
    const int a3 = indexOf(d, QStringLiteral("A3-1"));
    const QString tip = chart.toolTip(a3);
    for (const QString &part :
         {QStringLiteral("Level 1, lot A"), QStringLiteral("107 mg/dL"), QStringLiteral("z +3.50"),
          QStringLiteral("akim"), QStringLiteral("rejected"), QStringLiteral("1-2s, 1-3s")})
        QVERIFY2(tip.contains(part), qPrintable(tip));
    QVERIFY(chart.toolTip(indexOf(d, QStringLiteral("A1-1"))).contains(QStringLiteral("accepted")));
    QVERIFY(!chart.toolTip(indexOf(d, QStringLiteral("A1-1"))).contains(QStringLiteral("Violates")));
    QVERIFY(chart.toolTip(-1).isEmpty());

    const QPointF at =
        chart.mapToPosition(QPointF(double(Start + 2 * Day), 3.5), chart.levelLines().first().series);
    QCOMPARE(chart.pointAt(at), a3);
    QCOMPARE(chart.pointAt(at + QPointF(3, -2)), a3);
    QCOMPARE(chart.pointAt(at + QPointF(0, -60)), -1);
}

void TestLeveyJenningsChart::renderPng()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("glu.png"));
    const LeveyJenningsData d = knownData();
    const Status s = LeveyJenningsChart::renderPng(d, path, QSize(1000, 520));
    QVERIFY2(s.ok(), qPrintable(s.error()));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1000, 520));
    QVERIFY(QFileInfo(path).size() > 5000);

    // The rejected point is drawn in the rejection colour where the chart puts it. The same
    // chart, laid out the same way, tells where that is.
    LeveyJenningsChart chart;
    chart.setData(d);
    const QImage again = chart.renderImage(QSize(1000, 520));
    QCOMPARE(again, image.convertToFormat(again.format()));
    const QPoint rejected =
        chart.mapToPosition(QPointF(double(Start + 2 * Day), 3.5), chart.levelLines().first().series)
            .toPoint();
    const QColor colour = image.pixelColor(rejected);
    QVERIFY2(near(colour, LeveyJenningsChart::statusColour(RunStatus::Rejected)), qPrintable(colour.name()));
    // And the accepted colour at an accepted point.
    const QPoint accepted =
        chart.mapToPosition(QPointF(double(Start), 0), chart.levelLines().first().series).toPoint();
    QVERIFY(near(image.pixelColor(accepted), LeveyJenningsChart::statusColour(RunStatus::Accepted)));
    QVERIFY(pixelsNear(image, LeveyJenningsChart::statusColour(RunStatus::Warning)) > 20);

    // One level in units.
    const QString level1 = dir.filePath(QStringLiteral("glu-1.png"));
    QVERIFY(LeveyJenningsChart::renderPng(d, level1, QSize(800, 400), 1).ok());
    QCOMPARE(QImage(level1).size(), QSize(800, 400));
}

void TestLeveyJenningsChart::renderPngRefuses()
{
    QTemporaryDir dir;
    Status s =
        LeveyJenningsChart::renderPng(knownData().between(0, 1), dir.filePath(QStringLiteral("x.png")));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("no QC results")), qPrintable(s.error()));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));
    s = LeveyJenningsChart::renderPng(knownData(), dir.filePath(QStringLiteral("no/such/dir/x.png")));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("Could not write")), qPrintable(s.error()));
    s = LeveyJenningsChart::renderPng(knownData(), dir.filePath(QStringLiteral("x.png")), QSize(800, 400), 3);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("level 3")), qPrintable(s.error()));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))));

    // A lot still establishing its targets has no z-scores: refused on that scale, drawn in units.
    LeveyJenningsData noTargets = knownData();
    noTargets.targets.clear();
    for (LeveyJenningsData::Point &p : noTargets.points) {
        p.z.reset();
        p.violations.clear();
        p.runStatus = RunStatus::NotEvaluated;
    }
    s = LeveyJenningsChart::renderPng(noTargets, dir.filePath(QStringLiteral("x.png")));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().contains(QStringLiteral("no z-scores")), qPrintable(s.error()));
    QVERIFY(
        LeveyJenningsChart::renderPng(noTargets, dir.filePath(QStringLiteral("x.png")), QSize(800, 400), 1)
            .ok());
    LeveyJenningsChart chart;
    chart.setData(noTargets, 1);
    QCOMPARE(chart.statusSeries(RunStatus::NotEvaluated)->count(), 8);
    QVERIFY(chart.limitLines().isEmpty());
}

void TestLeveyJenningsChart::viewPeriodLevelsAndStatistics()
{
    LeveyJenningsView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setData(knownData());
    QTableWidget *table = view.findChild<QTableWidget *>(QStringLiteral("statisticsTable"));
    QVERIFY(table);
    // Rows: level 1 lot A, level 1 lot B, level 2 lot A, level 2 lot B.
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("1"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("A"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("6"));
    // Level 1 lot A: 100, 101, 107, 99, 100.5, 98 → mean 100.9166…, bias +0.9166… (+0.92 %),
    // shown to a hundredth of the SD of 2.
    QCOMPARE(table->item(0, 3)->text(), QLocale().toString(100.92, 'f', 2));
    QCOMPARE(table->item(0, 7)->text(), QStringLiteral("+") + QLocale().toString(0.92, 'f', 2));
    QCOMPARE(table->item(0, 8)->text(), QStringLiteral("+") + QLocale().toString(0.92, 'f', 2));
    QCOMPARE(table->item(3, 6)->text(), QStringLiteral("not set"));

    // The period: days 3–4 only → the rejected and the following run.
    auto *from = view.findChild<QDateEdit *>(QStringLiteral("periodFrom"));
    auto *to = view.findChild<QDateEdit *>(QStringLiteral("periodTo"));
    QCOMPARE(from->date(), QDate(2026, 3, 2));
    QCOMPARE(to->date(), QDate(2026, 3, 9));
    to->setDate(QDate(2026, 3, 5));
    from->setDate(QDate(2026, 3, 4));
    QCOMPARE(view.shownData().points.size(), 4);
    QCOMPARE(view.chart()->statusSeries(RunStatus::Rejected)->count(), 2);
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("2"));
    QVERIFY(!view.setPeriod(QDate(2026, 3, 5), QDate(2026, 3, 4)));
    QCOMPARE(view.shownData().points.size(), 4);

    // One level in units; then back to everything.
    view.showLevel(2);
    QCOMPARE(view.chart()->scale(), LeveyJenningsChart::Scale::Units);
    QCOMPARE(table->rowCount(), 1);
    view.showWholePeriod();
    QCOMPARE(view.shownData().points.size(), 16);
    QCOMPARE(table->rowCount(), 2); // level 2, lots A and B
    view.showLevel(0);
    QCOMPARE(view.chart()->scale(), LeveyJenningsChart::Scale::ZScore);
    QCOMPARE(table->rowCount(), 4);
}

void TestLeveyJenningsChart::viewExportAndScreenshot()
{
    LeveyJenningsView view;
    view.resize(1100, 760);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setData(demoData());
    QCoreApplication::processEvents();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("export.png"));
    const Status s = view.exportPng(path);
    QVERIFY2(s.ok(), qPrintable(s.error()));
    const QImage image(path);
    QCOMPARE(image.size(), view.chartView()->size() * view.chartView()->devicePixelRatio());
    QVERIFY(pixelsNear(image, LeveyJenningsChart::statusColour(RunStatus::Accepted)) > 200);
    QVERIFY(!view.exportPng(dir.filePath(QStringLiteral("missing/export.png"))).ok());

    if (const QByteArray shot = qgetenv("BENCHSIDE_LJ_SCREENSHOT"); !shot.isEmpty()) {
        // Only for docs/screenshots: the view with three months of demo-like QC.
        QVERIFY(view.grab().save(QString::fromLocal8Bit(shot)));
    }
}

void TestLeveyJenningsChart::viewHoverShowsToolTip()
{
    LeveyJenningsView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const LeveyJenningsData d = knownData();
    view.setData(d);
    QCoreApplication::processEvents();
    // Where the rejected level-1 point of day 3 is on screen.
    LeveyJenningsChart *chart = view.chart();
    const QPointF inChart =
        chart->mapToPosition(QPointF(double(Start + 2 * Day), 3.5), chart->levelLines().first().series);
    const QPoint inViewport = view.chartView()->mapFromScene(chart->mapToScene(inChart));
    QTest::mouseMove(view.chartView()->viewport(), inViewport);
    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), chart->toolTip(indexOf(d, QStringLiteral("A3-1"))));
    // Away from every point the tooltip goes.
    QTest::mouseMove(view.chartView()->viewport(), inViewport + QPoint(0, 80));
    QTRY_VERIFY(!QToolTip::isVisible() || QToolTip::text().isEmpty());
}

void TestLeveyJenningsChart::zoomTimeAxis()
{
    LeveyJenningsChart chart;
    chart.setData(knownData());
    chart.setTimeRange(Start + Day, Start + 3 * Day);
    QCOMPARE(chart.timeAxis()->min().toMSecsSinceEpoch(), Start + Day);
    QCOMPARE(chart.timeAxis()->max().toMSecsSinceEpoch(), Start + 3 * Day);
    // The series keep every point; only the axis narrows. An empty range is ignored.
    QCOMPARE(chart.levelLine(1, QStringLiteral("A"))->count(), 6);
    chart.setTimeRange(Start + 3 * Day, Start + Day);
    QCOMPARE(chart.timeAxis()->min().toMSecsSinceEpoch(), Start + Day);
}

QTEST_MAIN(TestLeveyJenningsChart)
#include "tst_leveyjenningschart.moc"
