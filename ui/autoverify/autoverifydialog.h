// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "autoverify/autoverifyrules.h"
#include "core/result.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace benchside {

class Lab;

// The rules that release a numeric test's analyzer results without a person (issue 21): pick a
// test; the rules in force are shown in plain words and as JSON; edit them, try the edited rules on
// the last 30 days' analyzer results against those in force, and save them with a reason
// (AutoverifyService::set, supervisors only). A refusal is shown in the dialog, which stays open.
class AutoverifyDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int TrialDays = 30;

    AutoverifyDialog(Lab &lab, QString actor, QWidget *parent = nullptr);

    // Shows `test` (a numeric test's code); false when it is not in the list.
    bool selectTest(const QString &test);
    // The rules saved, after exec() returned Accepted.
    const AutoverifyRules &saved() const { return m_saved; }

private:
    void showTest();
    void showRules(const AutoverifyRules &rules);
    void updateEnabled();
    // The rules the fields describe, checked as a save would check them.
    Result<AutoverifyRules> edited() const;
    void tryOnHistory();
    void save();
    void showError(const QString &text);

    Lab &m_lab;
    QString m_actor;
    AutoverifyRules m_current;
    AutoverifyRules m_saved;
    QComboBox *m_test;
    QLabel *m_description;
    QPlainTextEdit *m_json;
    QCheckBox *m_enabled;
    QRadioButton *m_useLimits;
    QRadioButton *m_useWiden;
    QDoubleSpinBox *m_low;
    QDoubleSpinBox *m_high;
    QDoubleSpinBox *m_widen;
    QCheckBox *m_useDelta;
    QDoubleSpinBox *m_delta;
    QDoubleSpinBox *m_qcMaxAge;
    // Hemolysis, lipemia, icterus: whether a highest index is set, and the index.
    QCheckBox *m_useIndex[3];
    QDoubleSpinBox *m_index[3];
    QLineEdit *m_reason;
    QPushButton *m_try;
    QLabel *m_trial;
    QPushButton *m_save;
    QLabel *m_error;
};

} // namespace benchside
