// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/scanoutcome.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace benchside {

struct OutcomeStyle;

// The large panel a technician glances at after every scan: a colour, a symbol and a few words
// readable at arm's length, then the specimen itself so the tube in hand can be checked against it.
class ScanFeedbackPanel : public QFrame
{
    Q_OBJECT
    // ScanOutcome::name() of what is shown ("received", "duplicate", …), empty while idle.
    Q_PROPERTY(QString outcome READ outcome)

public:
    explicit ScanFeedbackPanel(QWidget *parent = nullptr);

    // specimenTypeName: the catalogue's name for the specimen's type, which reads better than its code.
    void showOutcome(const ScanOutcome &outcome, const QString &specimenTypeName);
    QString outcome() const { return m_outcome; }
    // Something that never became a scan (an unreadable image, say): `name` for the outcome property,
    // `what` in the code's place, `message` saying why.
    void showProblem(const OutcomeStyle &style, const QString &name, const QString &what,
                     const QString &message);

signals:
    void accessionRequested(const QString &code);
    void specimenRequested(const QString &accession);

private:
    void applyStyle(const QColor &background, const QColor &foreground);

    QLabel *m_symbol;
    QLabel *m_title;
    QLabel *m_headline;
    QLabel *m_code;
    QLabel *m_priority;
    QLabel *m_patient;
    QLabel *m_specimen;
    QLabel *m_message;
    QPushButton *m_accession;
    QPushButton *m_open;
    QString m_outcome;
    QString m_shownCode;
};

} // namespace benchside
