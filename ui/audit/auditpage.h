// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace benchside {

class JournalBrowserModel;
class Lab;

// The journal as an auditor reads it: filter by user, specimen, kind and time; open an entry to see
// its whole payload and its place in its station's hash chain; save the filtered list as CSV; and,
// for administrators, verify every chain.
class AuditPage : public QWidget
{
    Q_OBJECT

public:
    explicit AuditPage(Lab &lab, QWidget *parent = nullptr);

    void setActor(const QString &actor);
    // Reads the journal again with the filter as set (after a sync, say).
    void refresh();
    bool exportCsv(const QString &path); // false with the reason shown
    // Runs the chain verification as the current user; shows and returns the outcome text.
    QString verifyChains();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyFilter();
    void showEntry();
    void showMessage(const QString &text, bool error);

    Lab &m_lab;
    QString m_actor;
    JournalBrowserModel *m_model;
    QComboBox *m_user;
    QLineEdit *m_subject;
    QComboBox *m_kind;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QLabel *m_message;
    QPushButton *m_verify;
    bool m_loaded = false;
};

} // namespace benchside
