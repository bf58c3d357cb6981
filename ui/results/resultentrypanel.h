// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "journal/event.h"
#include "result/resultrepository.h"
#include "result/resultservice.h"

#include <QWidget>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace benchside {

class Lab;
class ResultHistoryTable;

// Result entry for one order, keyboard first: type the value, see its flag and delta check as
// you type, press Enter to record it and go on to the next row. Up and Down move between rows
// without leaving the value field. A released result is amended instead, with a reason; a
// critical one asks at once for the call to be documented.
class ResultEntryPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ResultEntryPanel(Lab &lab, QWidget *parent = nullptr);

    // The value being typed stays for the next person (decision 46); the previous person's message goes.
    void setActor(const QString &actor);
    // Empty: nothing selected.
    void showOrder(const QString &orderId);
    const QString &orderId() const { return m_orderId; }
    void focusValue();

signals:
    // Committed events, for the worklist to show at once.
    void recorded(const QList<Event> &events);
    void moveRequested(int rows);
    void advanceRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void evaluate();
    void record();
    std::optional<Event> amend(const QString &confirmation);
    // "" when the value is plausible; the technician's reason when it is not and they confirm it;
    // nullopt when they do not.
    std::optional<QString> confirmImplausible();
    // Asks for the call until it is documented or put off; true once documented.
    bool documentCall();
    void showMessage(const QString &text, bool problem);
    void reload();

    Lab &m_lab;
    ResultRepository m_repository;
    ResultService m_service;
    QString m_actor;
    QString m_orderId;
    std::optional<OrderResult> m_order;

    QLabel *m_heading;
    QLabel *m_spec;
    QLineEdit *m_value;
    QLineEdit *m_unit;
    QLabel *m_evaluation;
    QLabel *m_message;
    QPushButton *m_notify;
    ResultHistoryTable *m_history;
};

} // namespace benchside
