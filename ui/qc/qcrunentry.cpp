// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcrunentry.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace benchside {

QcRunEntry::QcRunEntry(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("qcRunEntry"));
    m_title = new QLabel(this);
    m_title->setWordWrap(true);
    m_form = new QFormLayout;
    m_record = new QPushButton(tr("&Record run"), this);
    m_record->setObjectName(QStringLiteral("qcRecordButton"));
    m_outcome = new QLabel(this);
    m_outcome->setObjectName(QStringLiteral("qcRunOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_record, &QPushButton::clicked, this, &QcRunEntry::submit);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addLayout(m_form);
    layout->addWidget(m_record, 0, Qt::AlignLeft);
    layout->addWidget(m_outcome);
    layout->addStretch(1);
    setLot(QString(), {}, QString());
}

void QcRunEntry::setLot(const QString &testCode, const QList<QcLot> &levels, const QString &unit)
{
    const auto sameLevels = [&] {
        if (testCode != m_testCode || levels.size() != m_levels.size())
            return false;
        for (qsizetype i = 0; i < levels.size(); ++i) {
            if (levels.at(i).lot != m_levels.at(i).lot || levels.at(i).level != m_levels.at(i).level)
                return false;
        }
        return true;
    }();
    m_testCode = testCode;
    m_levels = levels;
    if (sameLevels && !levels.isEmpty()) {
        // Recording a run reloads the page from inside a field's Enter key: the fields must outlive it.
        for (qsizetype i = 0; i < levels.size(); ++i)
            m_fields.at(i)->setPlaceholderText(placeholder(levels.at(i), unit));
        return;
    }
    while (m_form->rowCount() > 0) {
        const QFormLayout::TakeRowResult row = m_form->takeRow(0);
        for (QLayoutItem *item : {row.labelItem, row.fieldItem}) {
            if (item && item->widget())
                item->widget()->deleteLater();
            delete item;
        }
    }
    m_fields.clear();
    if (levels.isEmpty()) {
        m_title->setText(tr("<b>Record a run</b><br>Choose one lot to enter its values."));
        m_record->setEnabled(false);
        return;
    }
    m_title->setText(tr("<b>Record a run</b> — %1, lot %2").arg(testCode, levels.first().lot));
    for (const QcLot &l : levels) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("qcLevel%1").arg(l.level));
        edit->setPlaceholderText(placeholder(l, unit));
        // Enter moves to the next level, and records after the last one: no mouse needed.
        connect(edit, &QLineEdit::returnPressed, this, [this, edit] {
            const qsizetype i = m_fields.indexOf(edit);
            if (i >= 0 && i + 1 < m_fields.size())
                m_fields.at(i + 1)->setFocus();
            else
                submit();
        });
        m_form->addRow(tr("Level %1:").arg(l.level), edit);
        m_fields << edit;
    }
    m_record->setEnabled(true);
}

QString QcRunEntry::placeholder(const QcLot &level, const QString &unit)
{
    return level.hasTargets() ? tr("target %1 ± %2 %3")
                                    .arg(QLocale().toString(*level.mean, 'g', 6),
                                         QLocale().toString(*level.sd, 'g', 4), unit)
                                    .trimmed()
                              : tr("establishing targets");
}

void QcRunEntry::showOutcome(const QString &text, bool problem, bool clear)
{
    m_outcome->setText(text);
    m_outcome->setStyleSheet(problem ? QStringLiteral("QLabel { color: #b00020; font-weight: bold; }")
                                     : QString());
    if (!clear)
        return;
    for (QLineEdit *e : std::as_const(m_fields))
        e->clear();
    if (!m_fields.isEmpty())
        m_fields.first()->setFocus();
}

void QcRunEntry::submit()
{
    QcRunDraft run;
    run.testCode = m_testCode;
    // No analyzer: typed by hand, as `qc record` without --analyzer (stored data, not a translation).
    for (qsizetype i = 0; i < m_fields.size(); ++i) {
        const QString text = m_fields.at(i)->text().trimmed();
        if (text.isEmpty())
            continue; // a level not run this time
        bool ok = false;
        // A decimal comma is what a German keyboard types; both marks are accepted.
        double value = QLocale().toDouble(text, &ok);
        if (!ok)
            value = QLocale::c().toDouble(text, &ok);
        if (!ok) {
            showOutcome(tr("Level %1: \"%2\" is not a number. Nothing was recorded.")
                            .arg(m_levels.at(i).level)
                            .arg(text),
                        true, false);
            m_fields.at(i)->setFocus();
            m_fields.at(i)->selectAll();
            return;
        }
        run.values << QcRunValue{m_levels.at(i).lot, m_levels.at(i).level, value, 0};
    }
    if (run.values.isEmpty()) {
        showOutcome(tr("Type a value for at least one level."), true, false);
        return;
    }
    emit recordRequested(run);
}

} // namespace benchside
