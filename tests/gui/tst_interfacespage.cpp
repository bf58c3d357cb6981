// SPDX-License-Identifier: GPL-3.0-or-later
// The Interfaces page: an order taken in shows in the inbound list by itself, the viewer names its
// fields and shows the raw text one click away; with the service running in the window the listener's
// state and peers show, an order sent over a socket appears, and only an administrator stops it;
// resend and discard follow the ManageInterfaces permission and the message's state, and a discard
// asks for its reason.

#include "benchfixture.h"
#include "hl7/hl7inboxmodel.h"
#include "hl7/hl7orderintake.h"
#include "hl7/hl7outbox.h"
#include "hl7/hl7outboxmodel.h"
#include "hl7/hl7service.h"
#include "hl7/interfacelogmodel.h"
#include "hl7/mllpframer.h"
#include "interfaces/hl7messageview.h"
#include "interfaces/interfacespage.h"
#include "labhelpers.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTcpSocket>
#include <QToolButton>
#include <QTreeWidget>

using namespace benchside;

namespace {
const QString Technician = QStringLiteral("p.nair");
const QString Supervisor = QStringLiteral("a.okafor");
const QString Administrator = QStringLiteral("admin");

QByteArray order(const QString &controlId, const QString &placer)
{
    return QStringLiteral("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|%1|P|2.4\r"
                          "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                          "ORC|NW|%2^HIS\r"
                          "OBR|1|%2^HIS||14749-6^Glucose^LN\r")
        .arg(controlId, placer)
        .toUtf8();
}

QByteArray cancel(const QString &controlId, const QString &placer)
{
    return QStringLiteral("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206090000||ORM^O01|%1|P|2.4\r"
                          "PID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\r"
                          "ORC|CA|%2^HIS\r")
        .arg(controlId, placer)
        .toUtf8();
}

// The first item anywhere in the tree whose first column reads `position` ("MSH-3", "PID-5.1").
QTreeWidgetItem *item(QTreeWidget *tree, const QString &position)
{
    const QList<QTreeWidgetItem *> found = tree->findItems(position, Qt::MatchExactly | Qt::MatchRecursive);
    return found.isEmpty() ? nullptr : found.first();
}
} // namespace

class TestInterfacesPage : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void inboundOrderShowsWithNamedFields();
    void serviceStateAndAnOrderOverTheNetwork();
    void resendAndDiscardFollowPermissions();
    void destinationsAreSetUpOnThePage();
    void cleanupTestCase();

private:
    template<typename T> T *child(const QString &name) const
    {
        T *found = m_page->findChild<T *>(name);
        if (!found)
            qFatal("no %s on the Interfaces page", qPrintable(name));
        return found;
    }
    int rowOf(QTableView *view, int column, const QString &text) const;
    QString listenerText() const { return child<QLabel>(QStringLiteral("listenerState"))->text(); }
    Settings settings();

    testlab::BenchFixture m_fixture;
    InterfacesPage *m_page = nullptr;
    std::unique_ptr<Hl7Service> m_service;
};

void TestInterfacesPage::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.setUp(error), qPrintable(error));
    m_page = m_fixture.window().findChild<InterfacesPage *>(QStringLiteral("interfacesPage"));
    QVERIFY(m_page);
    for (const char *name : {"inboundTable", "outboundTable", "interfaceLogTable"})
        new QAbstractItemModelTester(child<QTableView>(QLatin1String(name))->model(),
                                     QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    m_fixture.setActor(Technician);
    // The page is reached from the keyboard like the others.
    QTest::keyClick(&m_fixture.window(), Qt::Key_H, Qt::ControlModifier);
    QVERIFY(m_page->isVisible());
}

Settings TestInterfacesPage::settings()
{
    // BenchFixture keeps the window's settings beside the station database.
    return Settings(
        QFileInfo(m_fixture.lab().database().path()).dir().filePath(QStringLiteral("settings.ini")));
}

int TestInterfacesPage::rowOf(QTableView *view, int column, const QString &text) const
{
    for (int r = 0; r < view->model()->rowCount(); ++r) {
        if (view->model()->index(r, column).data().toString() == text)
            return r;
    }
    return -1;
}

void TestInterfacesPage::inboundOrderShowsWithNamedFields()
{
    auto *inbound = child<QTableView>(QStringLiteral("inboundTable"));
    QCOMPARE(inbound->model()->rowCount(), 0);
    const Hl7OrderIntake::Outcome o = Hl7OrderIntake(m_fixture.lab(), QStringLiteral("hl7"))
                                          .handle(order(QStringLiteral("C0001"), QStringLiteral("ORD-1")));
    QVERIFY2(o.recorded, qPrintable(o.error));

    // Nobody presses anything: the page reads the list again by itself.
    QTRY_COMPARE_WITH_TIMEOUT(inbound->model()->rowCount(), 1, 3 * InterfacesPage::RefreshMs);
    const QAbstractItemModel *m = inbound->model();
    QCOMPARE(m->index(0, Hl7InboxModel::Sender).data().toString(), QStringLiteral("HIS / WARD"));
    QCOMPARE(m->index(0, Hl7InboxModel::Type).data().toString(), QStringLiteral("ORM^O01"));
    QCOMPARE(m->index(0, Hl7InboxModel::ControlId).data().toString(), QStringLiteral("C0001"));
    QCOMPARE(m->index(0, Hl7InboxModel::Ack).data().toString(), QStringLiteral("AA"));
    QCOMPARE(m->index(0, Hl7InboxModel::Accessions).data().toString(),
             o.accessions.join(QStringLiteral(", ")));
    QVERIFY(m->index(0, Hl7InboxModel::Error).data().toString().isEmpty());

    inbound->setCurrentIndex(m->index(0, 0));
    auto *tree = child<QTreeWidget>(QStringLiteral("messageTree"));
    QTreeWidgetItem *sendingApp = item(tree, QStringLiteral("MSH-3"));
    QVERIFY(sendingApp);
    QCOMPARE(sendingApp->text(1), QStringLiteral("Sending Application"));
    QCOMPARE(sendingApp->text(2), QStringLiteral("HIS"));
    QTreeWidgetItem *name = item(tree, QStringLiteral("PID-5"));
    QVERIFY(name);
    QCOMPARE(name->text(1), QStringLiteral("Patient Name"));
    QCOMPARE(item(tree, QStringLiteral("PID-5.1"))->text(2), QStringLiteral("Garcia"));
    QCOMPARE(item(tree, QStringLiteral("PID-5.2"))->text(2), QStringLiteral("Elena"));
    QCOMPARE(item(tree, QStringLiteral("OBR-4"))->text(1), QStringLiteral("Universal Service Identifier"));
    QCOMPARE(item(tree, QStringLiteral("OBR-4.1"))->text(2), QStringLiteral("14749-6"));
    // The ACK that was sent, beneath it: accepted, about this message.
    QCOMPARE(item(tree, QStringLiteral("MSA-1"))->text(1), QStringLiteral("Acknowledgment Code"));
    QCOMPARE(item(tree, QStringLiteral("MSA-1"))->text(2), QStringLiteral("AA"));
    QCOMPARE(item(tree, QStringLiteral("MSA-2"))->text(2), QStringLiteral("C0001"));

    auto *view = child<Hl7MessageView>(QStringLiteral("hl7MessageView"));
    auto *raw = child<QPushButton>(QStringLiteral("rawButton"));
    QVERIFY(!view->showsRaw());
    QTest::mouseClick(raw, Qt::LeftButton);
    QVERIFY(view->showsRaw());
    const QString text = child<QPlainTextEdit>(QStringLiteral("rawMessage"))->toPlainText();
    QVERIFY2(text.startsWith(QStringLiteral("MSH|^~\\&|HIS|WARD|")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("\nPID|1||P1001^^^HOSP^MR||Garcia^Elena||19750314|F\nORC|NW|")),
             qPrintable(text));
    QVERIFY(!text.contains(QLatin1Char('\r')));
    QTest::mouseClick(raw, Qt::LeftButton);
    QVERIFY(!view->showsRaw());
}

void TestInterfacesPage::serviceStateAndAnOrderOverTheNetwork()
{
    QVERIFY(listenerText().contains(QStringLiteral("does not run in this window")));
    m_service = std::make_unique<Hl7Service>();
    m_fixture.window().setHl7Service(m_service.get());
    QVERIFY2(listenerText().contains(QStringLiteral("stopped")), qPrintable(listenerText()));
    auto *start = child<QPushButton>(QStringLiteral("startListenerButton"));
    auto *stop = child<QPushButton>(QStringLiteral("stopListenerButton"));
    // Starting and stopping the listener is a station setting: administrators only.
    QVERIFY(!start->isEnabled());
    m_fixture.setActor(Administrator);
    QVERIFY(start->isEnabled());
    QVERIFY(!stop->isEnabled());

    MllpListener::Options anyPort;
    anyPort.port = 0;
    m_service->start(m_fixture.lab().database().path(), anyPort, {});
    QTRY_COMPARE(m_service->state(), Hl7Service::State::Listening);
    QVERIFY2(listenerText().contains(QStringLiteral("on %1").arg(m_service->address())),
             qPrintable(listenerText()));
    QVERIFY2(listenerText().contains(QStringLiteral("peers connected: 0")), qPrintable(listenerText()));
    QVERIFY(!start->isEnabled());
    QVERIFY(stop->isEnabled());

    const QString address = m_service->address();
    QTcpSocket socket;
    socket.connectToHost(address.left(address.lastIndexOf(QLatin1Char(':'))),
                         quint16(address.mid(address.lastIndexOf(QLatin1Char(':')) + 1).toUInt()));
    QVERIFY(socket.waitForConnected(5'000));
    QTRY_VERIFY2(listenerText().contains(QStringLiteral("peers connected: 1")), qPrintable(listenerText()));
    socket.write(MllpFramer::frame(order(QStringLiteral("C0002"), QStringLiteral("ORD-2"))));
    QVERIFY(socket.waitForReadyRead(10'000));
    auto *inbound = child<QTableView>(QStringLiteral("inboundTable"));
    QTRY_COMPARE(inbound->model()->rowCount(), 2);
    QCOMPARE(inbound->model()->index(0, Hl7InboxModel::ControlId).data().toString(), QStringLiteral("C0002"));
    auto *log = child<QTableView>(QStringLiteral("interfaceLogTable"));
    QTRY_VERIFY(rowOf(log, InterfaceLogModel::Text, QStringLiteral("Connected")) >= 0);

    // A technician sees the state but cannot change it.
    m_fixture.setActor(Technician);
    QVERIFY(!stop->isEnabled());
    QVERIFY(child<QLineEdit>(QStringLiteral("listenAddress"))->isReadOnly());
    m_fixture.setActor(Administrator);
    QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(m_service->state(), Hl7Service::State::Stopped);
    QVERIFY2(listenerText().contains(QStringLiteral("stopped")), qPrintable(listenerText()));
    QCOMPARE(settings().value(Settings::Key::Hl7ListenerEnabled).toBool(), false);

    // Started from the page on the address typed there, which is remembered for the next start.
    auto *edit = child<QLineEdit>(QStringLiteral("listenAddress"));
    edit->setText(QStringLiteral("not an address"));
    QTest::mouseClick(start, Qt::LeftButton);
    QCOMPARE(m_service->state(), Hl7Service::State::Stopped);
    QVERIFY(child<QLabel>(QStringLiteral("interfacesMessage"))->isVisible());
    QCOMPARE(settings().value(Settings::Key::Hl7ListenerEnabled).toBool(), false);
    m_fixture.setActor(Technician);
}

void TestInterfacesPage::resendAndDiscardFollowPermissions()
{
    // A destination that is never reached (the sender is not running): cancellations queue for it.
    Hl7Outbox outbox(m_fixture.lab().store(), m_fixture.lab().permissions());
    QVERIFY(outbox.defineDestination({QStringLiteral("his"),
                                      QStringLiteral("127.0.0.1"),
                                      9,
                                      {QStringLiteral("cancelled")},
                                      QStringLiteral("HIS"),
                                      QStringLiteral("WARD")},
                                     Administrator));
    Hl7OrderIntake intake(m_fixture.lab(), QStringLiteral("hl7"));
    QVERIFY(intake.handle(cancel(QStringLiteral("C0003"), QStringLiteral("ORD-1"))).recorded);
    QVERIFY(intake.handle(cancel(QStringLiteral("C0004"), QStringLiteral("ORD-2"))).recorded);
    Result<QList<Hl7OutboxEntry>> queued = outbox.entries();
    QVERIFY2(queued, qPrintable(queued.error()));
    QCOMPARE(queued.value().size(), 2);
    // The older one was refused by the receiver: a dead letter. The newer one is still pending.
    const QString dead = queued.value().last().id;
    const QString pending = queued.value().first().id;
    QVERIFY(outbox.recordOutcomes(
        {{dead, QStringLiteral("AE"), QString(), QStringLiteral("Unknown patient")}}, QStringLiteral("hl7")));

    auto *tabs = child<QTabWidget>(QStringLiteral("interfaceTabs"));
    tabs->setCurrentIndex(1);
    auto *outbound = child<QTableView>(QStringLiteral("outboundTable"));
    QTRY_COMPARE_WITH_TIMEOUT(outbound->model()->rowCount(), 2, 3 * InterfacesPage::RefreshMs);
    QVERIFY2(tabs->tabText(1).contains(QStringLiteral("1 dead")), qPrintable(tabs->tabText(1)));
    // Whatever page is open, the window's status bar says that a result was refused.
    auto *alert = m_fixture.window().findChild<QToolButton *>(QStringLiteral("deadLettersButton"));
    QVERIFY(alert);
    QVERIFY(!alert->isHidden());
    QVERIFY2(alert->text().contains(QStringLiteral("1 result")), qPrintable(alert->text()));
    QVERIFY(
        child<QLabel>(QStringLiteral("destinations"))->text().contains(QStringLiteral("his → 127.0.0.1:9")));
    const int deadRow = rowOf(outbound, Hl7OutboxModel::ControlId, dead);
    QVERIFY(deadRow >= 0);
    QCOMPARE(outbound->model()->index(deadRow, Hl7OutboxModel::State).data().toString(),
             QStringLiteral("dead letter"));
    QCOMPARE(outbound->model()->index(deadRow, Hl7OutboxModel::LastError).data().toString(),
             QStringLiteral("Unknown patient"));

    auto *resend = child<QPushButton>(QStringLiteral("resendButton"));
    auto *discard = child<QPushButton>(QStringLiteral("discardButton"));
    outbound->setCurrentIndex(outbound->model()->index(deadRow, 0));
    // Not composed yet (the sender writes a message at its first attempt): the viewer says so.
    QVERIFY(
        child<QLabel>(QStringLiteral("messageTitle"))->text().contains(QStringLiteral("not written yet")));
    QVERIFY(!resend->isEnabled());
    QVERIFY(!discard->isEnabled());
    m_fixture.setActor(Supervisor);
    QVERIFY(resend->isEnabled());
    QVERIFY(discard->isEnabled());
    // A pending message can be discarded but not resent.
    outbound->setCurrentIndex(
        outbound->model()->index(rowOf(outbound, Hl7OutboxModel::ControlId, pending), 0));
    QVERIFY(!resend->isEnabled());
    QVERIFY(discard->isEnabled());

    // Discarding asks why; without a reason nothing happens.
    outbound->setCurrentIndex(outbound->model()->index(rowOf(outbound, Hl7OutboxModel::ControlId, dead), 0));
    m_fixture.whenDialog(this, QStringLiteral("discardDialog"), [](QDialog *dialog) { dialog->accept(); });
    QTest::mouseClick(discard, Qt::LeftButton);
    QVERIFY(child<QLabel>(QStringLiteral("interfacesMessage"))
                ->text()
                .contains(QStringLiteral("only with a reason")));
    QCOMPARE(outbox.entry(dead).value()->state, QStringLiteral("dead"));
    m_fixture.whenDialog(this, QStringLiteral("discardDialog"), [](QDialog *dialog) {
        auto *input = qobject_cast<QInputDialog *>(dialog);
        QVERIFY(input);
        QVERIFY(input->labelText().contains(QStringLiteral("Why?")));
        input->setTextValue(QStringLiteral("Patient merged at the HIS; sent again by hand"));
        input->accept();
    });
    QTest::mouseClick(discard, Qt::LeftButton);
    QCOMPARE(outbox.entry(dead).value()->state, QStringLiteral("discarded"));
    QVERIFY(alert->isHidden());
    QCOMPARE(outbox.entry(dead).value()->error,
             QStringLiteral("Patient merged at the HIS; sent again by hand"));
    QSqlQuery q(m_fixture.lab().database().connection());
    QVERIFY(q.exec(QStringLiteral("SELECT actor FROM journal WHERE kind = 'interface.discarded'")) &&
            q.next());
    QCOMPARE(q.value(0).toString(), Supervisor);
    // The row stays selected as its state changes: discarded may be resent, not discarded again.
    QCOMPARE(outbound->currentIndex().row(), rowOf(outbound, Hl7OutboxModel::ControlId, dead));
    QCOMPARE(
        outbound->model()->index(outbound->currentIndex().row(), Hl7OutboxModel::State).data().toString(),
        QStringLiteral("discarded"));
    QVERIFY(resend->isEnabled());
    QVERIFY(!discard->isEnabled());

    QTest::mouseClick(resend, Qt::LeftButton);
    QCOMPARE(outbox.entry(dead).value()->state, QStringLiteral("pending"));
    QVERIFY(!resend->isEnabled());
    QVERIFY(discard->isEnabled());

    // The filter shows one state only.
    auto *filter = child<QComboBox>(QStringLiteral("outboundStateFilter"));
    filter->setCurrentIndex(filter->findData(QStringLiteral("delivered")));
    QCOMPARE(outbound->model()->rowCount(), 0);
    filter->setCurrentIndex(filter->findData(QStringLiteral("pending")));
    QCOMPARE(outbound->model()->rowCount(), 2);

    // A technician, again: nothing to press.
    m_fixture.setActor(Technician);
    outbound->setCurrentIndex(outbound->model()->index(0, 0));
    QVERIFY(!resend->isEnabled());
    QVERIFY(!discard->isEnabled());
}

// Destinations are set up from the page by supervisors: a new one with the events it is sent, an
// existing one changed under its own name; a refusal keeps the dialog open with the reason.
void TestInterfacesPage::destinationsAreSetUpOnThePage()
{
    auto *button = child<QPushButton>(QStringLiteral("destinationsButton"));
    m_fixture.setActor(Technician);
    QVERIFY(!button->isEnabled());
    m_fixture.setActor(Supervisor);
    QVERIFY(button->isEnabled());

    bool answered = false;
    m_fixture.whenDialog(this, QStringLiteral("destinationDialog"), [&answered](QDialog *dialog) {
        answered = true;
        auto *pick = dialog->findChild<QComboBox *>(QStringLiteral("destinationPick"));
        QCOMPARE(pick->currentIndex(), 0);
        dialog->findChild<QLineEdit *>(QStringLiteral("destinationName"))
            ->setText(QStringLiteral("ward-lis"));
        // No host: refused, and the dialog stays open saying why.
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("destinationError"));
        QVERIFY(dialog->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("host")), qPrintable(error->text()));
        dialog->findChild<QLineEdit *>(QStringLiteral("destinationHost"))
            ->setText(QStringLiteral("10.1.2.3"));
        dialog->findChild<QSpinBox *>(QStringLiteral("destinationPort"))->setValue(6661);
        dialog->findChild<QCheckBox *>(QStringLiteral("destinationEvent_cancelled"))->setChecked(false);
        dialog->findChild<QLineEdit *>(QStringLiteral("destinationApp"))->setText(QStringLiteral("WARDLIS"));
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(answered);
    Hl7Outbox outbox(m_fixture.lab().store(), m_fixture.lab().permissions());
    const auto find = [&outbox](const QString &name) -> std::optional<Hl7Destination> {
        const Result<QList<Hl7Destination>> all = outbox.destinations();
        if (!all)
            qFatal("%s", qPrintable(all.error()));
        for (const Hl7Destination &d : all.value()) {
            if (d.name == name)
                return d;
        }
        return std::nullopt;
    };
    std::optional<Hl7Destination> added = find(QStringLiteral("ward-lis"));
    QVERIFY(added);
    QCOMPARE(added->host, QStringLiteral("10.1.2.3"));
    QCOMPARE(added->port, quint16(6661));
    QCOMPARE(added->events, (QStringList{QStringLiteral("released"), QStringLiteral("amended")}));
    QCOMPARE(added->receivingApp, QStringLiteral("WARDLIS"));
    QVERIFY(
        child<QLabel>(QStringLiteral("interfacesMessage"))->text().contains(QStringLiteral("10.1.2.3:6661")));
    QVERIFY(child<QLabel>(QStringLiteral("destinations"))->text().contains(QStringLiteral("ward-lis")));

    // Changed: picked from the list, its name fixed, then switched off.
    answered = false;
    m_fixture.whenDialog(this, QStringLiteral("destinationDialog"), [&answered](QDialog *dialog) {
        answered = true;
        auto *pick = dialog->findChild<QComboBox *>(QStringLiteral("destinationPick"));
        const int row = pick->findText(QStringLiteral("ward-lis"), Qt::MatchStartsWith);
        QVERIFY(row > 0);
        pick->setCurrentIndex(row);
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("destinationName"));
        QCOMPARE(name->text(), QStringLiteral("ward-lis"));
        QVERIFY(name->isReadOnly());
        QVERIFY(!dialog->findChild<QCheckBox *>(QStringLiteral("destinationEvent_cancelled"))->isChecked());
        dialog->findChild<QCheckBox *>(QStringLiteral("destinationActive"))->setChecked(false);
        dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    });
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(answered);
    QVERIFY(!find(QStringLiteral("ward-lis")));
    QVERIFY(
        child<QLabel>(QStringLiteral("interfacesMessage"))->text().contains(QStringLiteral("switched off")));
    QSqlQuery q(m_fixture.lab().database().connection());
    QVERIFY(
        q.exec(QStringLiteral("SELECT actor FROM journal WHERE kind = 'interface.destination.defined' AND "
                              "subject = 'ward-lis' ORDER BY hlc")));
    QStringList actors;
    while (q.next())
        actors << q.value(0).toString();
    QCOMPARE(actors, (QStringList{Supervisor, Supervisor}));
    m_fixture.setActor(Technician);
}

void TestInterfacesPage::cleanupTestCase()
{
    m_fixture.window().setHl7Service(nullptr);
    m_service.reset();
    m_fixture.tearDown();
}

QTEST_MAIN(TestInterfacesPage)
#include "tst_interfacespage.moc"
