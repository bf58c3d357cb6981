// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "result/resultrepository.h"
#include "result/resultservice.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace benchside {

class Lab;
class ResultHistoryTable;
class WorklistModel;

// Results waiting to be released on one bench. Normal ones are released together; abnormal,
// critical and delta-failed ones are looked at and verified one by one. Who may verify what is
// the model's decision: its refusal (one's own result, a critical value nobody was told about)
// is shown as it is worded.
class VerificationPage : public QWidget
{
    Q_OBJECT

public:
    explicit VerificationPage(Lab &lab, QWidget *parent = nullptr);

    // Another person's messages are not theirs: a refusal or result addressed to the previous user goes
    // when someone else signs in (decision 69).
    void setActor(const QString &actor);
    void refresh();
    // Verifies the selected result; false (with the reason shown) when the model refuses.
    bool verifySelected();
    // Releases the normal results of the whole queue; returns how many were released.
    int releaseAllNormal();
    bool documentCall();
    // Documents the call for the first result of the banner (released without a flag, critical by
    // today's ranges, nobody told).
    bool documentUnjudgedCall();
    QString unjudgedBanner() const;

    WorklistModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QString message() const;

signals:
    void recorded();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyFilter();
    void showSelected();
    void updateReleaseNormal();
    QString selectedOrderId() const;
    void showMessage(const QString &text, bool problem);
    void refreshUnjudged();

    Lab &m_lab;
    ResultRepository m_repository;
    ResultService m_service;
    QString m_actor;
    WorklistModel *m_model;
    QComboBox *m_bench;
    QComboBox *m_status;
    QTableView *m_table;
    QLabel *m_detail;
    ResultHistoryTable *m_history;
    QLabel *m_message;
    QPushButton *m_verify;
    QPushButton *m_notify;
    QPushButton *m_releaseNormal;
    QWidget *m_unjudgedBox;
    QLabel *m_unjudged;
    QPushButton *m_unjudgedCall;
    QString m_firstUnjudged;
};

} // namespace benchside
