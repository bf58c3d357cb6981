// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace benchside {

class Lab;

// Above a specimen: the conflicts between stations that a person must decide (a result changed on
// two stations without either seeing the other's change), and the supervisor's way to decide them.
class ReviewBanner : public QWidget
{
    Q_OBJECT

public:
    explicit ReviewBanner(Lab &lab, QWidget *parent = nullptr);

    void setActor(const QString &actor) { m_actor = actor; }
    // Shows the open flags of the specimen, or hides itself when there are none.
    void showFor(const QString &accession);
    // Records the decision as the current user; the rules (supervisors only) are the model's.
    Status resolve(const QString &resolution);

signals:
    void resolved(const QString &accession);

private:
    void askResolution();

    Lab &m_lab;
    QString m_actor;
    QString m_accession;
    QLabel *m_text;
    QPushButton *m_decide;
};

} // namespace benchside
