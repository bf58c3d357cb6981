// SPDX-License-Identifier: GPL-3.0-or-later
#include "interfaces/hl7messageview.h"

#include "hl7/hl7fieldnames.h"
#include "hl7/hl7message.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QVBoxLayout>

namespace benchside {

namespace {
enum TreeColumn { Position, Name, Value };

// The separator inside a field, or none: MSH-1 and MSH-2 are the separators themselves.
bool splits(const Hl7Message &m, int segment, int field)
{
    return !(m.segments().at(segment).name == QLatin1String("MSH") && field <= 2);
}
} // namespace

Hl7MessageView::Hl7MessageView(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("hl7MessageView"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("messageTitle"));
    m_title->setWordWrap(true);
    m_raw = new QPushButton(tr("&Raw"), this);
    m_raw->setObjectName(QStringLiteral("rawButton"));
    m_raw->setCheckable(true);
    m_raw->setToolTip(tr("The message as it was sent, one segment per line"));
    connect(m_raw, &QPushButton::toggled, this, &Hl7MessageView::showRaw);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("messageTree"));
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("Field"), tr("Name"), tr("Value")});
    m_tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setAlternatingRowColors(true);
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("rawMessage"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_tree);
    m_stack->addWidget(m_text);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_raw);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_stack, 1);
    showNote(tr("Choose a message to see its segments and fields."));
}

bool Hl7MessageView::showsRaw() const
{
    return m_stack->currentWidget() == m_text;
}

void Hl7MessageView::showNote(const QString &text)
{
    m_title->setText(text);
    m_tree->clear();
    m_text->clear();
    m_raw->setEnabled(false);
    m_readable = true;
}

void Hl7MessageView::showMessage(const QString &title, const QString &message, const QString &ack)
{
    m_title->setText(title);
    m_tree->clear();
    m_readable = true;
    QStringList raw{message.trimmed()};
    addMessage(ack.isEmpty() ? QString() : tr("Message"), message);
    if (!ack.isEmpty()) {
        addMessage(tr("Acknowledgement"), ack);
        raw << QString() << tr("— Acknowledgement —") << ack.trimmed();
    }
    // A value wider than its column is read in full from its tooltip.
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        (*it)->setToolTip(Value, (*it)->text(Value));
    // Segments end with CR on the wire; a person reads them one per line.
    m_text->setPlainText(raw.join(QLatin1Char('\n')).replace(QLatin1Char('\r'), QLatin1Char('\n')).trimmed());
    m_raw->setEnabled(m_readable);
    showRaw(m_raw->isChecked() || !m_readable);
}

void Hl7MessageView::addMessage(const QString &heading, const QString &text)
{
    QTreeWidgetItem *parent = nullptr;
    if (!heading.isEmpty()) {
        parent = new QTreeWidgetItem(m_tree, {heading});
        QFont bold = parent->font(Position);
        bold.setBold(true);
        parent->setFont(Position, bold);
        parent->setFirstColumnSpanned(true);
        parent->setExpanded(true);
    }
    const auto add = [this, parent](const QStringList &columns) {
        return parent ? new QTreeWidgetItem(parent, columns) : new QTreeWidgetItem(m_tree, columns);
    };
    Result<Hl7Message> m = Hl7Message::parse(text.toUtf8());
    if (!m) {
        add({QString(), tr("Not readable as HL7"), m.error()});
        m_readable = false;
        return;
    }
    for (int s = 0; s < m.value().segments().size(); ++s) {
        const QString name = m.value().segments().at(s).name;
        QTreeWidgetItem *segment = add({name, Hl7FieldNames::segmentName(name)});
        QFont bold = segment->font(Position);
        bold.setBold(true);
        segment->setFont(Position, bold);
        addFields(segment, m.value(), s);
        segment->setExpanded(true);
    }
}

void Hl7MessageView::addFields(QTreeWidgetItem *segmentItem, const Hl7Message &m, int segment)
{
    const Hl7Message::Segment &seg = m.segments().at(segment);
    for (int f = 1; f < seg.fields.size(); ++f) {
        const QString raw = m.rawField(segment, f);
        // Empty fields are most of a message; what was sent is what a person looks for.
        if (raw.isEmpty())
            continue;
        const QString position = QStringLiteral("%1-%2").arg(seg.name).arg(f);
        const QChar repetition = m.delimiters().repetition;
        const int repetitions =
            splits(m, segment, f) && !repetition.isNull() ? int(raw.count(repetition)) + 1 : 1;
        auto *field = new QTreeWidgetItem(segmentItem, {position, Hl7FieldNames::name(seg.name, f)});
        if (repetitions == 1) {
            addParts(field, m, segment, f, 0, position);
            continue;
        }
        field->setText(Value, raw);
        for (int r = 0; r < repetitions; ++r) {
            auto *item = new QTreeWidgetItem(field, {QStringLiteral("%1[%2]").arg(position).arg(r + 1)});
            addParts(item, m, segment, f, r, position);
        }
    }
}

// The value of one repetition of a field; its components (and their sub-components) beneath it
// when it has more than one.
void Hl7MessageView::addParts(QTreeWidgetItem *parent, const Hl7Message &m, int segment, int field,
                              int repetition, const QString &label)
{
    const Hl7Delimiters &d = m.delimiters();
    QString raw = m.rawField(segment, field);
    if (!d.repetition.isNull() && splits(m, segment, field))
        raw = raw.split(d.repetition).value(repetition);
    if (!splits(m, segment, field) || d.component.isNull() || !raw.contains(d.component)) {
        parent->setText(Value, m.value(segment, field, 0, 0, repetition));
        return;
    }
    // Written as sent (escapes and all) on the field; each part read out below it.
    parent->setText(Value, raw);
    const QStringList components = raw.split(d.component);
    for (int c = 0; c < components.size(); ++c) {
        if (components.at(c).isEmpty())
            continue;
        auto *item = new QTreeWidgetItem(parent, {QStringLiteral("%1.%2").arg(label).arg(c + 1)});
        if (d.subcomponent.isNull() || !components.at(c).contains(d.subcomponent)) {
            item->setText(Value, m.value(segment, field, c + 1, 0, repetition));
            continue;
        }
        item->setText(Value, components.at(c));
        const QStringList subs = components.at(c).split(d.subcomponent);
        for (int s = 0; s < subs.size(); ++s) {
            if (!subs.at(s).isEmpty())
                new QTreeWidgetItem(item, {QStringLiteral("%1.%2.%3").arg(label).arg(c + 1).arg(s + 1),
                                           QString(), m.value(segment, field, c + 1, s + 1, repetition)});
        }
    }
}

void Hl7MessageView::showRaw(bool raw)
{
    m_stack->setCurrentWidget(raw ? static_cast<QWidget *>(m_text) : m_tree);
}

} // namespace benchside
