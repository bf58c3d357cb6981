// SPDX-License-Identifier: GPL-3.0-or-later
// A result changed on two stations without either seeing the other's change is shown above the
// specimen until a supervisor decides; a technician's decision is refused by the model.

#include "journal/eventstore.h"
#include "labhelpers.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"
#include "review/reviewbanner.h"
#include "specimen/specimenpage.h"
#include "testdatabase.h"

#include <QLabel>
#include <QPushButton>
#include <QTest>

using namespace benchside;

class TestReviewBanner : public QObject
{
    Q_OBJECT

private slots:
    void conflictIsShownUntilASupervisorDecides();
};

void TestReviewBanner::conflictIsShownUntilASupervisorDecides()
{
    TestDatabase db;
    std::unique_ptr<Lab> lab = db.open();
    QVERIFY(testlab::importDemoCatalog(*lab));
    Result<Specimen> s = lab->accessioner().accession(testlab::serumRequest({QStringLiteral("GLU")}),
                                                      QStringLiteral("p.nair"));
    QVERIFY(s);
    const QString accession = s.value().accession;
    QVERIFY(
        lab->scanner().process(accession, ScanProcessor::Action::Receive, QStringLiteral("p.nair")).type ==
        ScanOutcome::Type::Received);
    ResultRepository repo(lab->database().connection());
    ResultService results(lab->store(), repo, lab->catalog());
    Result<ResultService::Recorded> entered = results.enter(
        accession + QStringLiteral("-GLU"), QStringLiteral("5.2"), {}, QStringLiteral("p.nair"));
    QVERIFY(entered);

    SpecimenPage page(*lab);
    page.setActor(QStringLiteral("p.nair"));
    page.show();
    page.showSpecimen(accession);
    auto *banner = page.findChild<ReviewBanner *>(QStringLiteral("reviewBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());

    // Another station's entry, made without knowing of this one (as a pull would bring it).
    EventStore other(lab->database().connection(),
                     Station{QStringLiteral("OTH"), QStringLiteral("MAIN"),
                             QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), false});
    QJsonObject concurrent = entered.value().event.payloadObject();
    concurrent.insert(QStringLiteral("value"), QStringLiteral("7.9"));
    concurrent.insert(QStringLiteral("base"), QString());
    QVERIFY(other.writeOne(QStringLiteral("j.kowalski"),
                           {QStringLiteral("result.entered"), accession, concurrent}));
    page.refresh();
    QVERIFY(banner->isVisible());
    const QString text = banner->findChild<QLabel *>(QStringLiteral("reviewText"))->text();
    QVERIFY2(text.contains(QStringLiteral("Needs review")) && text.contains(QStringLiteral("OTH")),
             qPrintable(text));
    // For docs/: BENCHSIDE_SCREENSHOTS=docs/screenshots ./tst_reviewbanner
    if (const QString shots = qEnvironmentVariable("BENCHSIDE_SCREENSHOTS"); !shots.isEmpty()) {
        page.resize(1200, 720);
        QVERIFY(page.grab().save(shots + QStringLiteral("/review-banner.png")));
    }

    Status refused = banner->resolve(QStringLiteral("7.9 stands"));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QStringLiteral("supervisor")), qPrintable(refused.error()));
    QVERIFY(banner->isVisible());

    page.setActor(QStringLiteral("a.okafor"));
    QVERIFY(banner->resolve(QStringLiteral("7.9 confirmed by rerun")));
    QVERIFY(!banner->isVisible());
    page.showSpecimen(accession);
    QVERIFY(!banner->isVisible());
}

QTEST_MAIN(TestReviewBanner)
#include "tst_reviewbanner.moc"
