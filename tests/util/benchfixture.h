// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A station with the demo catalogue and a MainWindow on it, for the GUI tests of the bench pages
// (worklist, result entry, verification, overview): specimens are accessioned and received here,
// and modal dialogs are answered by a watcher while the code under test waits in exec().

#include "demo/demoseeder.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "result/resultrepository.h"
#include "settings/settings.h"
#include "testdatabase.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <functional>

namespace testlab {

class BenchFixture
{
public:
    // False with a message in `error` when the station could not be set up. With `demoSpecimens`
    // the station holds the demo's histories (days of receipts and results) besides the catalogue.
    bool setUp(QString &error, qint64 demoSpecimens = 0)
    {
        if (demoSpecimens > 0) {
            benchside::Result<std::unique_ptr<benchside::Database>> db =
                benchside::Database::open(m_database.path());
            benchside::Result<benchside::DemoSeeder::Summary> seeded =
                db ? benchside::DemoSeeder(*db.value(), 11).seed(demoSpecimens)
                   : benchside::Result<benchside::DemoSeeder::Summary>::failure(db.error());
            if (!seeded) {
                error = seeded.error();
                return false;
            }
        }
        m_lab = m_database.open();
        if (benchside::Status s = demoSpecimens > 0 ? benchside::Status() : importDemoCatalog(*m_lab); !s) {
            error = s.error();
            return false;
        }
        m_settings =
            std::make_unique<benchside::Settings>(m_database.dir() + QStringLiteral("/settings.ini"));
        m_window = std::make_unique<benchside::MainWindow>(*m_lab, *m_settings);
        m_window->resize(1400, 950);
        m_window->show();
        m_window->activateWindow();
        return QTest::qWaitForWindowExposed(m_window.get());
    }

    void tearDown()
    {
        m_window.reset();
        m_lab.reset();
    }

    // Accessioned and received: work on the benches of its tests.
    QString receivedSpecimen(const QStringList &tests, const QString &priority = QStringLiteral("routine"))
    {
        const QString accession = accessioned(tests, priority);
        const benchside::ScanOutcome received = m_lab->scanner().process(
            accession, benchside::ScanProcessor::Action::Receive, QStringLiteral("admin"));
        if (received.type != benchside::ScanOutcome::Type::Received)
            qFatal("cannot receive %s: %s", qPrintable(accession), qPrintable(received.message));
        return accession;
    }

    QString accessioned(const QStringList &tests, const QString &priority = QStringLiteral("routine"))
    {
        benchside::AccessionRequest request = serumRequest(tests);
        request.priority = priority;
        benchside::Result<benchside::Specimen> s =
            m_lab->accessioner().accession(request, QStringLiteral("admin"));
        if (!s)
            qFatal("cannot accession a test specimen: %s", qPrintable(s.error()));
        return s.value().accession;
    }

    // Signs `user` in without a password, as the demo does: sign-in itself is tst_lockscreen's.
    void setActor(const QString &user)
    {
        const std::optional<benchside::User> u = m_lab->catalog().user(user);
        if (!u)
            qFatal("no user %s in the catalogue", qPrintable(user));
        m_window->startSignedIn(*u);
    }

    std::optional<benchside::OrderResult> order(const QString &orderId) const
    {
        benchside::Result<std::optional<benchside::OrderResult>> o =
            benchside::ResultRepository(m_lab->database().connection()).order(orderId);
        return o ? o.value() : std::nullopt;
    }

    // Answers the next modal dialog named `name` (any dialog when empty) with `answer`, once.
    void whenDialog(QObject *context, const QString &name, std::function<void(QDialog *)> answer)
    {
        auto *watcher = new QTimer(context);
        watcher->setInterval(20);
        QObject::connect(watcher, &QTimer::timeout, context, [watcher, name, answer = std::move(answer)] {
            auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (!dialog || (!name.isEmpty() && dialog->objectName() != name))
                return;
            watcher->stop();
            watcher->deleteLater();
            answer(dialog);
        });
        watcher->start();
    }

    benchside::Lab &lab() { return *m_lab; }
    benchside::MainWindow &window() { return *m_window; }

private:
    TestDatabase m_database;
    std::unique_ptr<benchside::Lab> m_lab;
    std::unique_ptr<benchside::Settings> m_settings;
    std::unique_ptr<benchside::MainWindow> m_window;
};

} // namespace testlab
