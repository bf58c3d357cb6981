// SPDX-License-Identifier: GPL-3.0-or-later
#include "lab/lab.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "settings/settings.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace benchside;

// Help ▸ About Benchside names Benchside's licence and that of every library the package links
// (issue 22.4); Help ▸ About Qt opens Qt's own box.
class TestAboutDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void helpMenuHoldsBothAbouts();
    void aboutNamesEachLicence_data();
    void aboutNamesEachLicence();
    void aboutQtOpensQtsBox();
    void cleanupTestCase();

private:
    // Triggers the action and returns the modal dialog's text, read by a timer before it closes it.
    QString textOfModalFrom(QAction *action);

    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MainWindow> m_window;
    QString m_aboutText;
};

void TestAboutDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("demo.db"));
    const Status created = testlab::createDemoStation(path, 7, 5);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    QVERIFY2(lab.ok(), qPrintable(lab.error()));
    m_lab = std::move(lab.value());
    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->show();

    auto *about = m_window->findChild<QAction *>(QStringLiteral("aboutAction"));
    QVERIFY(about);
    m_aboutText = textOfModalFrom(about);
    QVERIFY(!m_aboutText.isEmpty());
}

QString TestAboutDialog::textOfModalFrom(QAction *action)
{
    QString text;
    QTimer watcher;
    watcher.setInterval(20);
    connect(&watcher, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        if (auto *box = qobject_cast<QMessageBox *>(dialog))
            text = box->text();
        else if (auto *notice = dialog->findChild<QLabel *>(QStringLiteral("aboutNotice")))
            text = notice->text();
        dialog->reject();
    });
    watcher.start();
    action->trigger();
    return text;
}

void TestAboutDialog::helpMenuHoldsBothAbouts()
{
    QMenu *help = nullptr;
    for (QAction *entry : m_window->menuBar()->actions()) {
        if (entry->menu() && entry->text() == QLatin1String("&Help"))
            help = entry->menu();
    }
    QVERIFY(help);
    QStringList names;
    for (const QAction *action : help->actions())
        names << action->objectName();
    QCOMPARE(names, (QStringList{QStringLiteral("aboutAction"), QStringLiteral("aboutQtAction")}));
}

void TestAboutDialog::aboutNamesEachLicence_data()
{
    QTest::addColumn<QString>("expected");
    QTest::newRow("version") << QStringLiteral("Benchside " BENCHSIDE_VERSION);
    QTest::newRow("Benchside's licence") << QStringLiteral("GPL-3.0-or-later");
    QTest::newRow("Qt") << QStringLiteral("LGPL-3.0-only OR GPL-2.0-only");
    QTest::newRow("Qt Charts") << QStringLiteral("Qt Charts");
    QTest::newRow("ZXing-C++") << QStringLiteral("ZXing-C++");
    QTest::newRow("Apache") << QStringLiteral("Apache-2.0");
    QTest::newRow("libsodium") << QStringLiteral("libsodium");
    QTest::newRow("ISC") << QStringLiteral("ISC");
    QTest::newRow("SQLite") << QStringLiteral("SQLite");
    QTest::newRow("public domain") << QStringLiteral("public domain");
    QTest::newRow("where the texts are") << QStringLiteral("/usr/share/doc/benchside/copyright");
}

void TestAboutDialog::aboutNamesEachLicence()
{
    QFETCH(QString, expected);
    QVERIFY2(m_aboutText.contains(expected), qPrintable(m_aboutText));
}

void TestAboutDialog::aboutQtOpensQtsBox()
{
    auto *aboutQt = m_window->findChild<QAction *>(QStringLiteral("aboutQtAction"));
    QVERIFY(aboutQt);
    const QString text = textOfModalFrom(aboutQt);
    QVERIFY2(text.contains(QLatin1String(qVersion())), qPrintable(text));
}

void TestAboutDialog::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
