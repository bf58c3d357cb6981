// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "qc/qclockout.h"
#include "qc/qcrepository.h"
#include "qc/qcservice.h"

#include <QDate>
#include <QWidget>

class QComboBox;
class QLabel;

namespace benchside {

class Lab;
class LeveyJenningsView;
class QcLockoutPanel;
class QcRunEntry;

// Quality control at the bench: pick a bench, a test and a lot; see its Levey-Jennings chart and
// statistics, record a run (every level together), import an analyzer's CSV export, and act on a
// lockout (corrective action, look-back review, a supervisor's override). Every action goes through
// QcService, which enforces who may do what.
class QcPage : public QWidget
{
    Q_OBJECT

public:
    explicit QcPage(Lab &lab, QWidget *parent = nullptr);

    // A new user does not see the previous user's messages or run outcome (decision 69).
    void setActor(const QString &actor);
    // Re-reads lots, values and the lockout (after a sync pull or work on another page).
    void reload();
    // Records a run as the entry panel does (tests drive this and the panel alike).
    void record(const QcRunDraft &run);
    // Imports an analyzer export; `complete` is false when any row, or the whole file, was left out.
    struct ImportOutcome
    {
        QString message;
        bool complete = false;
    };
    ImportOutcome importCsv(const QString &path, const QString &analyzer);
    // The month's QC summary of the current bench as PDF.
    Status saveMonthlySummary(const QString &path, QDate month);

    LeveyJenningsView *chart() const { return m_chart; }
    QcRunEntry *entry() const { return m_entry; }
    QcLockoutPanel *lockout() const { return m_lockout; }
    QString message() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fillTests();
    void fillLots();
    void showLockout();
    void chooseImport();
    void chooseMonthlySummary();
    void correctiveAction();
    void overrideLockout();
    void review(const QString &orderId);
    void showMessage(const QString &text, bool problem);
    QString testCode() const;
    QString bench() const;

    Lab &m_lab;
    QString m_actor;
    QcRepository m_repository;
    QcLockout m_lockoutQuery;
    QcService m_service;
    QComboBox *m_bench;
    QComboBox *m_test;
    QComboBox *m_lot;
    LeveyJenningsView *m_chart;
    QcRunEntry *m_entry;
    QcLockoutPanel *m_lockout;
    QLabel *m_message;
};

} // namespace benchside
