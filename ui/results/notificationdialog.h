// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "journal/event.h"
#include "result/notificationrules.h"

#include <QDialog>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;

namespace benchside {

class ResultService;

// Documents the call of a critical result: who was told, when, and that they read it back. The
// rules themselves are the model's (NotificationRules); this only gathers the three facts.
class NotificationDialog : public QDialog
{
    Q_OBJECT

public:
    // `summary`: the result in words ("GLU 1.2 mmol/L — LL critically low"), shown at the top.
    NotificationDialog(const QString &summary, qint64 nowMs, QWidget *parent = nullptr);

    Notification notification() const;
    // A refusal from the model, shown in the dialog so the user can correct it there.
    void showProblem(const QString &message);

    // Asks until the model accepts the call or the user puts it off (nullopt).
    static std::optional<Event> document(ResultService &service, const QString &orderId,
                                         const QString &summary, const QString &actor, QWidget *parent);

private:
    void updateButton();

    QLineEdit *m_to;
    QDateTimeEdit *m_at;
    QCheckBox *m_readBack;
    QLabel *m_problem;
    QPushButton *m_ok;
};

} // namespace benchside
