// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "worklist/worklistquery.h"

#include <QWidget>

class QComboBox;

namespace benchside {

class Catalog;

// The bench and the filters of a worklist: status, priority, test and a window on the receipt
// time. Changing any of them emits filterChanged(); filter() gives the model's filter for now.
class WorklistFilterBar : public QWidget
{
    Q_OBJECT

public:
    WorklistFilterBar(Catalog &catalog, QWidget *parent = nullptr);

    WorklistFilter filter(qint64 nowMs) const;
    QString benchName() const;
    void setBench(const QString &code);
    // Problems reading the catalogue, empty when there were none.
    const QString &problem() const { return m_problem; }

signals:
    void filterChanged();

private:
    void fillTests();

    Catalog &m_catalog;
    QString m_problem;
    QComboBox *m_bench;
    QComboBox *m_status;
    QComboBox *m_priority;
    QComboBox *m_test;
    QComboBox *m_window;
};

} // namespace benchside
