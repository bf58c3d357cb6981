// SPDX-License-Identifier: GPL-3.0-or-later
// Station > Users and passwords: what an administrator and a technician each see and may do, and a
// PIN set through the dialog that then signs its owner in.
#include "auth/signinservice.h"
#include "auth/userservice.h"
#include "demo/demoseeder.h"
#include "lab/lab.h"
#include "labhelpers.h"
#include "users/usersdialog.h"

#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace benchside;

class TestUsersDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void administratorSeesEveryoneAndMayChangeAll();
    void technicianChangesOnlyTheirOwn();
    void pinSetInTheDialogSignsIn();

private:
    static int rowOf(QTableWidget *table, const QString &user);
    // Fills the next modal form's line edits with `values`, in order, and accepts it.
    static void answerNextForm(const QStringList &values);

    QTemporaryDir m_dir;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<UserService> m_users;
};

void TestUsersDialog::initTestCase()
{
    const QString path = m_dir.filePath(QStringLiteral("demo.db"));
    const Status created = testlab::createDemoStation(path, 5, 5);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    m_lab = std::move(Lab::open(path).value());
    m_users = std::make_unique<UserService>(m_lab->store(), m_lab->catalog(),
                                            PasswordHasher(PasswordHasher::minimumCost()));
}

int TestUsersDialog::rowOf(QTableWidget *table, const QString &user)
{
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() == user)
            return r;
    }
    return -1;
}

void TestUsersDialog::answerNextForm(const QStringList &values)
{
    QTimer::singleShot(0, [values] {
        auto *form = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        QVERIFY(form);
        const QList<QLineEdit *> edits = form->findChildren<QLineEdit *>();
        QCOMPARE(edits.size(), values.size());
        for (int i = 0; i < values.size(); ++i)
            form->findChild<QLineEdit *>(QStringLiteral("field%1").arg(i))->setText(values.at(i));
        form->accept();
    });
}

void TestUsersDialog::administratorSeesEveryoneAndMayChangeAll()
{
    UsersDialog dialog(*m_lab, *m_users, *m_lab->catalog().user(QStringLiteral("admin")));
    dialog.show();
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("usersTable"));
    QCOMPARE(table->rowCount(), int(m_lab->catalog().users().value().size()));
    const int nair = rowOf(table, QStringLiteral("p.nair"));
    QVERIFY(nair >= 0);
    QCOMPARE(table->item(nair, 2)->text(), QStringLiteral("technician"));
    for (int col : {3, 4, 5})
        QCOMPARE(table->item(nair, col)->text(), QStringLiteral("✔"));
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("addUserButton"))->isEnabled());
    table->selectRow(nair);
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("setPasswordButton"))->isEnabled());
    QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("assignBadgeButton"))->isEnabled());

    answerNextForm({QStringLiteral("m.rossi"), QStringLiteral("Marco Rossi")});
    dialog.findChild<QPushButton *>(QStringLiteral("addUserButton"))->click();
    QVERIFY(m_lab->catalog().user(QStringLiteral("m.rossi")));
    const int rossi = rowOf(table, QStringLiteral("m.rossi"));
    QVERIFY(rossi >= 0);
    QVERIFY(table->item(rossi, 3)->text().isEmpty()); // no password yet
    QCOMPARE(table->currentRow(), rossi);             // chosen, for setting one next
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("usersMessage"))
                ->text()
                .contains(QLatin1String("m.rossi added")));
    if (const QString dir = qEnvironmentVariable("BENCHSIDE_SCREENSHOTS"); !dir.isEmpty())
        dialog.grab().save(dir + QStringLiteral("/users-dialog.png"));
}

void TestUsersDialog::technicianChangesOnlyTheirOwn()
{
    UsersDialog dialog(*m_lab, *m_users, *m_lab->catalog().user(QStringLiteral("p.nair")));
    dialog.show();
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("usersTable"));
    auto *password = dialog.findChild<QPushButton *>(QStringLiteral("setPasswordButton"));
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("addUserButton"))->isEnabled());
    table->selectRow(rowOf(table, QStringLiteral("j.kowalski")));
    QVERIFY(!password->isEnabled());
    QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("assignBadgeButton"))->isEnabled());
    table->selectRow(rowOf(table, QStringLiteral("p.nair")));
    QVERIFY(password->isEnabled());

    // Two different entries change nothing; the message says so.
    answerNextForm({QStringLiteral("new secret one"), QStringLiteral("new secret two")});
    password->click();
    QVERIFY(
        dialog.findChild<QLabel *>(QStringLiteral("usersMessage"))->text().contains(QLatin1String("differ")));
    QVERIFY(SignInService(m_lab->store(), m_lab->catalog())
                .withPassword(QStringLiteral("p.nair"), DemoSeeder::demoPassword())
                .ok());
}

void TestUsersDialog::pinSetInTheDialogSignsIn()
{
    UsersDialog dialog(*m_lab, *m_users, *m_lab->catalog().user(QStringLiteral("admin")));
    dialog.show();
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("usersTable"));
    table->selectRow(rowOf(table, QStringLiteral("j.kowalski")));
    answerNextForm({QStringLiteral("8642"), QStringLiteral("8642")});
    dialog.findChild<QPushButton *>(QStringLiteral("setPinButton"))->click();
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("usersMessage"))->text(),
             QStringLiteral("PIN of j.kowalski set."));
    SignInService signIn(m_lab->store(), m_lab->catalog());
    QVERIFY(
        signIn.withBadge(DemoSeeder::demoBadge(QStringLiteral("j.kowalski")), QStringLiteral("8642")).ok());
    QVERIFY(
        !signIn.withBadge(DemoSeeder::demoBadge(QStringLiteral("j.kowalski")), DemoSeeder::demoPin()).ok());
}

QTEST_MAIN(TestUsersDialog)
#include "tst_usersdialog.moc"
