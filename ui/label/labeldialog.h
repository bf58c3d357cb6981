// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "label/labelformat.h"
#include "label/tubelabel.h"

#include <QDialog>
#include <QFutureWatcher>

class QComboBox;
class QLabel;
class QPushButton;

namespace benchside {

class Lab;

// Shows the tube labels of one or more specimens (a tube, or the aliquots just made) and sends
// them where they are needed: the print dialog, a PDF, a PNG, a ZPL file or a raw-TCP label
// printer. Print, PDF, ZPL and the label printer take every label listed; a PNG holds the one
// on show. Size, resolution and printer address come from the settings.
class LabelDialog : public QDialog
{
    Q_OBJECT
public:
    LabelDialog(Lab &lab, const QStringList &accessions, QWidget *parent = nullptr);

    // For tests and callers that hold their own settings.
    void setFormat(const LabelFormat &format);
    void setPrinterAddress(const QString &address);

    const QList<TubeLabel> &labels() const { return m_labels; }
    QString shownAccession() const;
    // Each writes, shows the outcome in the dialog, and returns whether it worked.
    bool savePdf(const QString &path);
    bool savePng(const QString &path);
    bool saveZpl(const QString &path);
    // Sends in the background (a printer that does not answer takes seconds to give up) and
    // emits sendFinished; returns false when nothing could be sent at all.
    bool sendToPrinter();
    bool isSending() const { return m_sending.isRunning(); }

signals:
    void sendFinished(bool ok);

private:
    void onSent();

    void updatePreview();
    void print();
    void askPath(const QString &title, const QString &suffix, const QString &filter,
                 bool (LabelDialog::*save)(const QString &));
    void showOutcome(bool ok, const QString &text);

    QList<TubeLabel> m_labels;
    LabelFormat m_format;
    QString m_printerAddress;
    QString m_sendingTo;
    QFutureWatcher<Status> m_sending;

    QComboBox *m_choice = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_size = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_print = nullptr;
    QPushButton *m_pdf = nullptr;
    QPushButton *m_png = nullptr;
    QPushButton *m_zpl = nullptr;
    QPushButton *m_send = nullptr;
};

} // namespace benchside
