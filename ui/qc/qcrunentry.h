// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "qc/qclot.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace benchside {

// Entry of one QC run: a value for every level of a lot, typed and recorded together (Enter in the
// last field records). It knows nothing of storage: recordRequested() carries the draft.
class QcRunEntry : public QWidget
{
    Q_OBJECT

public:
    explicit QcRunEntry(QWidget *parent = nullptr);

    // The levels of one lot of one test; an empty list (all lots shown) disables entry.
    void setLot(const QString &testCode, const QList<QcLot> &levels, const QString &unit);
    // After recording: clears the fields on success, and shows what happened either way.
    void showOutcome(const QString &text, bool problem, bool clear);
    QList<QLineEdit *> fields() const { return m_fields; }

signals:
    void recordRequested(const QcRunDraft &run);

private:
    void submit();
    static QString placeholder(const QcLot &level, const QString &unit);

    QString m_testCode;
    QList<QcLot> m_levels;
    QFormLayout *m_form;
    QList<QLineEdit *> m_fields;
    QPushButton *m_record;
    QLabel *m_title;
    QLabel *m_outcome;
};

} // namespace benchside
