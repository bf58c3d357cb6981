// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>
#include <QStringList>
#include <QTimer>

class QLabel;

namespace benchside {

// A scan that came while a dialog not meant for scanning was open (decision 68). Nothing is typed into
// the dialog's fields and nothing is recorded; the dialog itself says which codes were not used and what
// to do, above its own fields, and the station beeps its warning, so the technician keeps the tube in
// hand and scans it again after the dialog.
class ScanRefusal : public QFrame
{
    Q_OBJECT

public:
    // A dialog's text field that asks for a scan (a badge, a tube's pre-printed label) takes it as typed.
    static void acceptScans(QWidget *field);
    static bool acceptsScans(const QWidget *field);

    // Shows the notice on `dialog`, or adds `code` to the one already there, and beeps.
    static ScanRefusal *refuse(QWidget *dialog, const QString &code);

    QStringList codes() const { return m_codes; }
    QString text() const;

private:
    explicit ScanRefusal(QWidget *dialog);
    void add(const QString &code);

    QLabel *m_text = nullptr;
    QStringList m_codes;
    QTimer m_beeps;
    int m_beepsLeft = 0;
};

} // namespace benchside
