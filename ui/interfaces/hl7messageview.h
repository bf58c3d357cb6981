// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace benchside {

class Hl7Message;

// One HL7 message as support staff read it: its segments, each field with the standard's name and
// its value (components and repetitions below it), or, one click away, the text as it was sent with
// one segment per line. The acknowledgement that went with it is shown the same way beneath it.
class Hl7MessageView : public QWidget
{
    Q_OBJECT

public:
    explicit Hl7MessageView(QWidget *parent = nullptr);

    // `ack` empty: none to show. A text that is not HL7 is shown raw, with the reason.
    void showMessage(const QString &title, const QString &message, const QString &ack = {});
    // Nothing to show, and why.
    void showNote(const QString &text);
    bool showsRaw() const;

private:
    void addMessage(const QString &heading, const QString &text);
    void addFields(QTreeWidgetItem *segmentItem, const Hl7Message &m, int segment);
    void addParts(QTreeWidgetItem *parent, const Hl7Message &m, int segment, int field, int repetition,
                  const QString &label);
    void showRaw(bool raw);

    QLabel *m_title;
    QPushButton *m_raw;
    QStackedWidget *m_stack;
    QTreeWidget *m_tree;
    QPlainTextEdit *m_text;
    bool m_readable = true; // false: the tree cannot show the message, so the raw text stays up
};

} // namespace benchside
