// SPDX-License-Identifier: GPL-3.0-or-later
// The verification queue: one's own result refused, a critical value held until its call is
// documented, normal results released together and the others left for individual review.

#include "benchfixture.h"
#include "labhelpers.h"
#include "result/resultservice.h"
#include "verification/verificationpage.h"
#include "worklist/worklistmodel.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>

using namespace benchside;

namespace {
constexpr int HumanGapMs = 40;
const QString Technician = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
} // namespace

class TestVerificationPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void functionKeyOpensQueue();
    void ownResultIsRefusedPlainly();
    void criticalResultIsHeldUntilTheCall();
    void releaseAllNormalLeavesTheOthers();
    void unknownPatientSaysHowItWasJudged();
    void unflaggedCriticalReleasedBeforeIsBannered();
    // These leave results in the queue: after the tests that count it.
    void refusalGoesWhenAnotherUserSignsIn();
    void buttonsFollowTheRole();
    void cleanupTestCase();

private:
    QString enter(const QString &accession, const QString &test, const QString &value);
    void select(const QString &orderId);
    QString message() const;

    testlab::BenchFixture m_fixture;
    VerificationPage *m_page = nullptr;
    std::unique_ptr<ResultRepository> m_repository;
    std::unique_ptr<ResultService> m_service;
};

void TestVerificationPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error), qPrintable(error));
    m_repository = std::make_unique<ResultRepository>(m_fixture.lab().database().connection());
    m_service =
        std::make_unique<ResultService>(m_fixture.lab().store(), *m_repository, m_fixture.lab().catalog());
    m_page = m_fixture.window().findChild<VerificationPage *>(QStringLiteral("verificationPage"));
    QVERIFY(m_page);
}

void TestVerificationPage::init()
{
    QApplication::setActiveWindow(&m_fixture.window());
    m_fixture.setActor(Supervisor);
    m_fixture.window().showPage(MainWindow::Page::Verification);
    auto *bench = m_page->findChild<QComboBox *>(QStringLiteral("verificationBench"));
    bench->setCurrentIndex(bench->findData(QStringLiteral("CHEM")));
    m_page->refresh();
}

void TestVerificationPage::cleanupTestCase()
{
    m_service.reset();
    m_repository.reset();
    m_fixture.tearDown();
}

// The technician's entry, as the worklist page records it.
QString TestVerificationPage::enter(const QString &accession, const QString &test, const QString &value)
{
    Result<QList<OrderResult>> orders = m_repository->orders(accession);
    if (orders) {
        for (const OrderResult &o : orders.value()) {
            if (o.testCode != test)
                continue;
            Result<ResultService::Recorded> r = m_service->enter(o.orderId, value, {}, Technician);
            if (!r)
                qFatal("cannot enter %s: %s", qPrintable(o.orderId), qPrintable(r.error()));
            return o.orderId;
        }
    }
    qFatal("no %s order on %s", qPrintable(test), qPrintable(accession));
}

void TestVerificationPage::select(const QString &orderId)
{
    m_page->refresh();
    const int row = m_page->model()->rowOf(orderId);
    QVERIFY2(row >= 0, qPrintable(orderId));
    m_page->table()->selectRow(row);
    QCOMPARE(m_page->table()->currentIndex().data(WorklistModel::OrderIdRole).toString(), orderId);
}

QString TestVerificationPage::message() const
{
    return m_page->findChild<QLabel *>(QStringLiteral("verificationMessage"))->text();
}

void TestVerificationPage::functionKeyOpensQueue()
{
    m_fixture.window().showPage(MainWindow::Page::Receiving);
    QTest::keyClick(&m_fixture.window(), Qt::Key_F6);
    QTRY_VERIFY(m_page->isVisible());
}

void TestVerificationPage::ownResultIsRefusedPlainly()
{
    const QString accession = m_fixture.receivedSpecimen({QStringLiteral("GLU")});
    const QString order = enter(accession, QStringLiteral("GLU"), QStringLiteral("5.0"));
    m_fixture.setActor(Technician);
    select(order);
    // The button that can only refuse is disabled and says who may; Enter still says why.
    auto *verify = m_page->findChild<QPushButton *>(QStringLiteral("verifyButton"));
    QVERIFY(!verify->isEnabled());
    QVERIFY2(verify->toolTip().contains(QLatin1String("Ask a supervisor.")), qPrintable(verify->toolTip()));
    QVERIFY(!m_page->verifySelected());
    QCOMPARE(m_fixture.order(order)->status, QStringLiteral("entered"));
    QVERIFY2(message().contains(QLatin1String("nobody verifies their own result")), qPrintable(message()));
    // GLU is verified by supervisors only: no "another technician" to ask.
    QVERIFY2(!message().contains(QLatin1String("technician")), qPrintable(message()));

    // Someone else may: the same button, as the supervisor.
    m_fixture.setActor(Supervisor);
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("verifyButton")), Qt::LeftButton);
    QCOMPARE(m_fixture.order(order)->status, QStringLiteral("verified"));
    QCOMPARE(m_fixture.order(order)->result->verifiedBy, Supervisor);
    QCOMPARE(m_page->model()->rowOf(order), -1); // out of the queue
}

// Decision 69: "p.nair entered this result and cannot verify it" is for p.nair, not for the supervisor
// who takes over the station next.
void TestVerificationPage::refusalGoesWhenAnotherUserSignsIn()
{
    const QString accession = m_fixture.receivedSpecimen({QStringLiteral("GLU")});
    const QString order = enter(accession, QStringLiteral("GLU"), QStringLiteral("5.1"));
    m_fixture.setActor(Technician);
    select(order);
    QVERIFY(!m_page->verifySelected());
    QVERIFY2(message().contains(QLatin1String("nobody verifies their own result")), qPrintable(message()));
    m_fixture.setActor(Technician); // signing in again after a lock: still theirs
    QVERIFY(!message().isEmpty());
    m_fixture.setActor(Supervisor);
    QCOMPARE(message(), QString());
}

// Finding 5: a technician on a bench of supervisor-only tests and an administrator are not offered
// release buttons that can only refuse; the tooltip and the refusal name who may.
void TestVerificationPage::buttonsFollowTheRole()
{
    const QString accession = m_fixture.receivedSpecimen({QStringLiteral("K")});
    const QString order = enter(accession, QStringLiteral("K"), QStringLiteral("4.1"));
    auto *verify = m_page->findChild<QPushButton *>(QStringLiteral("verifyButton"));
    auto *releaseNormal = m_page->findChild<QPushButton *>(QStringLiteral("releaseNormalButton"));

    m_fixture.setActor(Supervisor);
    select(order);
    QVERIFY(verify->isEnabled());
    QVERIFY(releaseNormal->isEnabled());

    m_fixture.setActor(QStringLiteral("y.tanaka"));
    select(order);
    QVERIFY(!verify->isEnabled());
    QVERIFY2(verify->toolTip().contains(QLatin1String("supervisor only")), qPrintable(verify->toolTip()));
    QVERIFY(!releaseNormal->isEnabled());
    QVERIFY2(releaseNormal->toolTip().contains(QLatin1String("supervisor")),
             qPrintable(releaseNormal->toolTip()));

    m_fixture.setActor(QStringLiteral("admin"));
    select(order);
    QVERIFY(!verify->isEnabled());
    QVERIFY(!releaseNormal->isEnabled());
    QVERIFY(!m_page->verifySelected());
    QVERIFY2(message().contains(QLatin1String("K results are verified by a supervisor only")),
             qPrintable(message()));
    QVERIFY2(!message().contains(QLatin1String("technician")), qPrintable(message()));
}

void TestVerificationPage::criticalResultIsHeldUntilTheCall()
{
    const QString accession = m_fixture.receivedSpecimen({QStringLiteral("K")});
    const QString order = enter(accession, QStringLiteral("K"), QStringLiteral("7.1"));
    QCOMPARE(m_fixture.order(order)->result->flag, QStringLiteral("HH"));
    select(order);
    auto *call = m_page->findChild<QPushButton *>(QStringLiteral("verificationNotifyButton"));
    QVERIFY(call->isVisible());
    QVERIFY(m_page->findChild<QLabel *>(QStringLiteral("verificationDetail"))
                ->text()
                .contains(QLatin1String("call not documented")));

    QTest::keyClick(m_page->table(), Qt::Key_Return); // Enter on the row verifies it
    QCOMPARE(m_fixture.order(order)->status, QStringLiteral("entered"));
    QVERIFY2(message().contains(QLatin1String("critical result")), qPrintable(message()));

    // A call without read-back cannot be documented: the dialog's button stays off.
    bool okWasOff = false;
    m_fixture.whenDialog(this, QStringLiteral("notificationDialog"), [&okWasOff](QDialog *dialog) {
        auto *to = dialog->findChild<QLineEdit *>(QStringLiteral("notifiedTo"));
        QTest::keyClicks(to, QStringLiteral("Dr. Osei"), Qt::NoModifier, HumanGapMs);
        const auto buttons = dialog->findChildren<QPushButton *>();
        for (QPushButton *b : buttons)
            okWasOff |= b->text() == QLatin1String("Document call") && !b->isEnabled();
        dialog->findChild<QCheckBox *>(QStringLiteral("notifiedReadBack"))->setChecked(true);
        QTest::keyClick(to, Qt::Key_Return);
    });
    QTest::mouseClick(call, Qt::LeftButton);
    QVERIFY(okWasOff);
    QCOMPARE(m_fixture.order(order)->result->notifiedTo, QStringLiteral("Dr. Osei"));
    QCOMPARE(m_fixture.order(order)->result->notifiedBy, Supervisor);
    QVERIFY(!call->isVisible());

    QTest::keyClick(m_page->table(), Qt::Key_Return);
    QCOMPARE(m_fixture.order(order)->status, QStringLiteral("verified"));
}

void TestVerificationPage::releaseAllNormalLeavesTheOthers()
{
    const QString a = m_fixture.receivedSpecimen({QStringLiteral("GLU"), QStringLiteral("NA")});
    const QString b = m_fixture.receivedSpecimen({QStringLiteral("GLU"), QStringLiteral("NA")});
    const QStringList normal{enter(a, QStringLiteral("GLU"), QStringLiteral("5.0")),
                             enter(a, QStringLiteral("NA"), QStringLiteral("140"))};
    const QString high = enter(b, QStringLiteral("GLU"), QStringLiteral("7.5"));
    const QString critical = enter(b, QStringLiteral("NA"), QStringLiteral("115"));
    m_page->refresh();
    QCOMPARE(m_page->model()->rowCount(), 4);

    m_fixture.whenDialog(this, QString(), [](QDialog *dialog) {
        auto *box = qobject_cast<QMessageBox *>(dialog);
        QVERIFY(box);
        box->button(QMessageBox::Yes)->click();
    });
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("releaseNormalButton")),
                      Qt::LeftButton);

    for (const QString &order : normal) {
        QCOMPARE(m_fixture.order(order)->status, QStringLiteral("verified"));
        QCOMPARE(m_fixture.order(order)->result->verifiedBy, Supervisor);
    }
    QCOMPARE(m_fixture.order(high)->status, QStringLiteral("entered"));
    QCOMPARE(m_fixture.order(critical)->status, QStringLiteral("entered"));
    QCOMPARE(m_page->model()->rowCount(), 2);
    QVERIFY(message().contains(high) && message().contains(critical)); // and why, for each
    QVERIFY(m_page->model()->rowOf(high) >= 0 && m_page->model()->rowOf(critical) >= 0);
    QVERIFY2(message().contains(QLatin1String("Normal results released: 2. Left for individual review: 2.")),
             qPrintable(message()));
}

void TestVerificationPage::unknownPatientSaysHowItWasJudged()
{
    QVERIFY(testlab::importJudgementTest(m_fixture.lab()).ok());
    const QString accession = testlab::receivedFor(m_fixture.lab(), QStringLiteral("unidentified"),
                                                   {QStringLiteral("XK")}, Technician);
    const QString normal = enter(accession, QStringLiteral("XK"), QStringLiteral("4.0"));
    select(normal);
    // In the row, in the detail, and kept out of "Release all normal".
    const QString cell =
        m_page->model()->index(m_page->model()->rowOf(normal), WorklistModel::Flag).data().toString();
    QCOMPARE(cell, QStringLiteral("N (age, sex unknown)"));
    const QString detail = m_page->findChild<QLabel *>(QStringLiteral("verificationDetail"))->text();
    QVERIFY2(detail.contains(QLatin1String("age and sex unknown: judged against all ranges")),
             qPrintable(detail));
    m_fixture.whenDialog(this, QString(), [](QDialog *dialog) {
        qobject_cast<QMessageBox *>(dialog)->button(QMessageBox::Yes)->click();
    });
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("releaseNormalButton")),
                      Qt::LeftButton);
    QCOMPARE(m_fixture.order(normal)->status, QStringLiteral("entered"));
    QVERIFY2(message().contains(QLatin1String("judged without the patient's own range")),
             qPrintable(message()));
    // One by one, a supervisor may release it.
    select(normal);
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("verifyButton")), Qt::LeftButton);
    QCOMPARE(m_fixture.order(normal)->status, QStringLiteral("verified"));
}

void TestVerificationPage::unflaggedCriticalReleasedBeforeIsBannered()
{
    QVERIFY(m_page->unjudgedBanner().isEmpty());
    QVERIFY(testlab::importJudgementTest(m_fixture.lab()).ok());
    const QString accession = testlab::receivedFor(m_fixture.lab(), QStringLiteral("unidentified"),
                                                   {QStringLiteral("XK")}, Technician);
    const QString order = accession + QStringLiteral("-XK");
    // Entered and released the way the old rule did it: no flag at all.
    QVERIFY(
        testlab::writeUnflaggedResult(m_fixture.lab(), order, QStringLiteral("9.9"), Technician, Supervisor)
            .ok());
    m_page->refresh();
    QVERIFY2(m_page->unjudgedBanner().contains(order) &&
                 m_page->unjudgedBanner().contains(QLatin1String("HH")),
             qPrintable(m_page->unjudgedBanner()));
    QVERIFY(m_page->findChild<QWidget *>(QStringLiteral("unjudgedBanner"))->isVisible());

    m_fixture.whenDialog(this, QStringLiteral("notificationDialog"), [](QDialog *dialog) {
        auto *to = dialog->findChild<QLineEdit *>(QStringLiteral("notifiedTo"));
        QTest::keyClicks(to, QStringLiteral("Dr. Osei"), Qt::NoModifier, HumanGapMs);
        dialog->findChild<QCheckBox *>(QStringLiteral("notifiedReadBack"))->setChecked(true);
        QTest::keyClick(to, Qt::Key_Return);
    });
    QTest::mouseClick(m_page->findChild<QPushButton *>(QStringLiteral("unjudgedCallButton")), Qt::LeftButton);
    QTRY_COMPARE(m_fixture.order(order)->result->notifiedTo, QStringLiteral("Dr. Osei"));
    QVERIFY(m_page->unjudgedBanner().isEmpty());
    QVERIFY(!m_page->findChild<QWidget *>(QStringLiteral("unjudgedBanner"))->isVisible());
}

QTEST_MAIN(TestVerificationPage)
#include "tst_verificationpage.moc"
