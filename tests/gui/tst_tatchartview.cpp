// SPDX-License-Identifier: GPL-3.0-or-later
// TatChartView offscreen: one box per group with the group's quartiles and whiskers, target
// lines where a target is given, outliers as points, tooltips, the axis titles, the empty state,
// and that the chart paints something.

#include "overview/tatchartview.h"

#include <QBarCategoryAxis>
#include <QBoxPlotSeries>
#include <QBoxSet>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTest>
#include <QValueAxis>
#include <cstdlib>

using namespace benchside;

namespace {
QList<TatDistribution> benches()
{
    return {{QStringLiteral("Chemistry"), {35, 40, 42, 45, 47, 50, 52, 55, 58, 60, 65, 240}, 60},
            {QStringLiteral("Hematology"), {12, 15, 18, 20, 22, 25, 30}, 0},
            {QStringLiteral("Serology"), {}, 120},
            {QStringLiteral("Coagulation"), {30, 38, 41, 44, 52, 80}, 45}};
}

// Pixels dark enough to be text or lines: a blank chart (white on light grey) has none.
int inkedPixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            n += qGray(image.pixel(x, y)) < 160 ? 1 : 0;
    }
    return n;
}

// Pixels within a small distance of a colour (antialiasing and blending shift edges a little).
int pixelsNear(const QImage &image, const QColor &colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c(image.pixel(x, y));
            n += std::abs(c.red() - colour.red()) + std::abs(c.green() - colour.green()) +
                             std::abs(c.blue() - colour.blue()) <
                         24
                     ? 1
                     : 0;
        }
    }
    return n;
}

template<typename T> QList<T *> seriesOf(QChart *chart)
{
    QList<T *> found;
    for (QAbstractSeries *s : chart->series()) {
        if (auto *t = qobject_cast<T *>(s))
            found << t;
    }
    return found;
}
} // namespace

class TestTatChartView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void boxesMatchTheData();
    void targetsAndOutliers();
    void axesAndToolTips();
    void repeatedLabelsStayApart();
    void emptyState();
    void paintsSomething();

private:
    std::unique_ptr<TatChartView> m_view;
};

void TestTatChartView::initTestCase()
{
    m_view = std::make_unique<TatChartView>();
    m_view->resize(800, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestTatChartView::init()
{
    m_view->setDistributions(benches());
}

void TestTatChartView::boxesMatchTheData()
{
    QBoxPlotSeries *boxes = m_view->boxSeries();
    QVERIFY(boxes);
    QCOMPARE(seriesOf<QBoxPlotSeries>(m_view->chart()).size(), 1);
    // Serology has no values: three boxes, not four.
    QCOMPARE(boxes->count(), 3);
    QCOMPARE(m_view->shownGroups().size(), 3);
    const QList<TatDistribution> groups = benches();
    const QList<int> shown{0, 1, 3};
    for (int i = 0; i < 3; ++i) {
        const TatDistribution::Summary s = groups.at(shown.at(i)).summary();
        const QBoxSet *set = boxes->boxSets().at(i);
        QCOMPARE(set->label(), groups.at(shown.at(i)).label);
        QCOMPARE(set->at(QBoxSet::LowerExtreme), s.lowerWhisker);
        QCOMPARE(set->at(QBoxSet::LowerQuartile), s.lowerQuartile);
        QCOMPARE(set->at(QBoxSet::Median), s.median);
        QCOMPARE(set->at(QBoxSet::UpperQuartile), s.upperQuartile);
        QCOMPARE(set->at(QBoxSet::UpperExtreme), s.upperWhisker);
    }
    // Chemistry's box by hand: whiskers 35..65 (240 is an outlier), box 44.25..58.5, median 51.
    const QBoxSet *chemistry = boxes->boxSets().at(0);
    QCOMPARE(chemistry->at(QBoxSet::Median), 51.0);
    QCOMPARE(chemistry->at(QBoxSet::UpperExtreme), 65.0);
    QCOMPARE(chemistry->at(QBoxSet::LowerQuartile), 44.25);
    QVERIFY(!m_view->isShowingEmptyState());
}

void TestTatChartView::targetsAndOutliers()
{
    // Chemistry (60) and Coagulation (45) have targets; Hematology none; Serology is not shown.
    const QList<QLineSeries *> lines = seriesOf<QLineSeries>(m_view->chart());
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0)->count(), 2);
    QCOMPARE(lines.at(0)->at(0).y(), 60.0);
    QCOMPARE(lines.at(0)->at(1).y(), 60.0);
    // Each line sits across its own box (box i centred on x = i).
    QVERIFY(lines.at(0)->at(0).x() < 0 && lines.at(0)->at(1).x() > 0);
    QCOMPARE(lines.at(1)->at(0).y(), 45.0);
    QVERIFY(lines.at(1)->at(0).x() < 2 && lines.at(1)->at(1).x() > 2);

    const QList<QScatterSeries *> points = seriesOf<QScatterSeries>(m_view->chart());
    QCOMPARE(points.size(), 1);
    QList<QPointF> expected{{0, 240}}; // Coagulation: fences 27.5..61.5 → 80 is an outlier too
    const TatDistribution::Summary coag = benches().at(3).summary();
    for (double o : coag.outliers)
        expected.append(QPointF(2, o));
    QCOMPARE(points.first()->points(), expected);
    QVERIFY(expected.size() >= 2);
}

void TestTatChartView::axesAndToolTips()
{
    const QList<QAbstractAxis *> vertical = m_view->chart()->axes(Qt::Vertical);
    QCOMPARE(vertical.size(), 1);
    QCOMPARE(vertical.first()->titleText(), QStringLiteral("minutes received → verified"));
    auto *minutes = qobject_cast<QValueAxis *>(vertical.first());
    QVERIFY(minutes);
    QCOMPARE(minutes->min(), 0.0);
    QVERIFY(minutes->max() >= 240);

    QBarCategoryAxis *groups = nullptr;
    for (QAbstractAxis *a : m_view->chart()->axes(Qt::Horizontal))
        groups = groups ? groups : qobject_cast<QBarCategoryAxis *>(a);
    QVERIFY(groups);
    QCOMPARE(groups->categories(), (QStringList{QStringLiteral("Chemistry"), QStringLiteral("Hematology"),
                                                QStringLiteral("Coagulation")}));
    m_view->setGroupAxisTitle(QStringLiteral("bench"));
    QCOMPARE(groups->titleText(), QStringLiteral("bench"));

    const QString tip = m_view->toolTipForBox(0);
    for (const QString &part : {QStringLiteral("Chemistry"), QStringLiteral("n = 12"),
                                QStringLiteral("median 51 min"), QStringLiteral("p90 64.5 min"),
                                QStringLiteral("max 240 min"), QStringLiteral("target 60 min: 2 of 12 over")})
        QVERIFY2(tip.contains(part), qPrintable(tip));
    QVERIFY(!m_view->toolTipForBox(1).contains(QStringLiteral("target")));
    QVERIFY(m_view->toolTipForBox(3).isEmpty());
}

void TestTatChartView::repeatedLabelsStayApart()
{
    m_view->setDistributions({{QStringLiteral("GLU"), {10, 20}, 0},
                              {QStringLiteral("GLU"), {30, 40}, 0},
                              {QString(), {5}, 0},
                              {QString(), {6}, 0}});
    QCOMPARE(m_view->boxSeries()->count(), 4);
    QBarCategoryAxis *groups = nullptr;
    for (QAbstractAxis *a : m_view->chart()->axes(Qt::Horizontal))
        groups = groups ? groups : qobject_cast<QBarCategoryAxis *>(a);
    QVERIFY(groups);
    QCOMPARE(groups->count(), 4);
    QCOMPARE(groups->at(0), QStringLiteral("GLU"));
    QCOMPARE(groups->at(1), QStringLiteral("GLU (2)"));
    QCOMPARE(groups->at(2), QStringLiteral("(no name)"));
    QCOMPARE(groups->at(3), QStringLiteral("(no name) (2)"));
}

void TestTatChartView::emptyState()
{
    m_view->setDistributions({});
    QVERIFY(m_view->isShowingEmptyState());
    QVERIFY(!m_view->boxSeries());
    QVERIFY(m_view->chart()->series().isEmpty());
    QVERIFY(m_view->chart()->axes().isEmpty());
    QVERIFY(!m_view->emptyMessage().isEmpty());

    // Groups without a single value are no data either.
    m_view->setDistributions({{QStringLiteral("Serology"), {}, 60}});
    QVERIFY(m_view->isShowingEmptyState());

    // The message is painted: the empty chart is not blank, and differs from a chart with data.
    const QImage empty = m_view->grab().toImage();
    QVERIFY2(inkedPixels(empty) > 100, qPrintable(QString::number(inkedPixels(empty))));
    m_view->setEmptyMessage(QString());
    const QImage blank = m_view->grab().toImage();
    QCOMPARE(inkedPixels(blank), 0);

    m_view->setDistributions(benches());
    QVERIFY(!m_view->isShowingEmptyState());
    m_view->setEmptyMessage(QStringLiteral("No verified results in this period."));
}

void TestTatChartView::paintsSomething()
{
    QCoreApplication::processEvents();
    const QImage image = m_view->grab().toImage();
    QCOMPARE(image.size(), m_view->size() * m_view->devicePixelRatio());
    // Axis labels and titles, box outlines, whiskers and the legend.
    QVERIFY2(inkedPixels(image) > 2000, qPrintable(QString::number(inkedPixels(image))));
    // The boxes' fill colour covers a good area: the boxes themselves were drawn, and the
    // empty-state chart has none of it.
    const QColor fill = m_view->boxSeries()->boxSets().first()->brush().color();
    QVERIFY2(pixelsNear(image, fill) > 2000, qPrintable(QString::number(pixelsNear(image, fill))));
    m_view->setDistributions({});
    QCOMPARE(pixelsNear(m_view->grab().toImage(), fill), 0);
}

QTEST_MAIN(TestTatChartView)
#include "tst_tatchartview.moc"
