// SPDX-License-Identifier: GPL-3.0-or-later
#include "results/resultentrypanel.h"

#include "lab/lab.h"
#include "result/resultflag.h"
#include "result/resultjudge.h"
#include "results/notificationdialog.h"
#include "results/resultflagstyle.h"
#include "results/resulthistorytable.h"

#include <QApplication>
#include <QDateTime>
#include <QGridLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace benchside {

namespace {
QString specText(const ResultSpec &spec, const OrderResult &order)
{
    if (spec.type == ResultSpec::Type::Coded)
        return ResultEntryPanel::tr("Coded: %1").arg(spec.allowedValues.join(QStringLiteral(", ")));
    if (spec.type == ResultSpec::Type::Text)
        return ResultEntryPanel::tr("Free text");
    const Judgement limits = ResultJudge::judge(spec, ResultValue{}, order);
    if (!limits.range)
        return ResultEntryPanel::tr("Numeric, %1 · no reference range in the catalogue").arg(spec.unit);
    const std::optional<ReferenceRange> &range = limits.range;
    QString text = ResultEntryPanel::tr("Numeric, %1 · reference %2–%3")
                       .arg(spec.unit, QString::number(range->low), QString::number(range->high));
    if (range->criticalLow || range->criticalHigh)
        text += ResultEntryPanel::tr(" · critical below %1 / above %2")
                    .arg(range->criticalLow ? QString::number(*range->criticalLow) : QStringLiteral("—"),
                         range->criticalHigh ? QString::number(*range->criticalHigh) : QStringLiteral("—"));
    if (!limits.rangeKnown())
        text += QStringLiteral(" · ") + ResultJudge::basisText(limits.basis);
    return text;
}
} // namespace

ResultEntryPanel::ResultEntryPanel(Lab &lab, QWidget *parent)
    : QWidget(parent), m_lab(lab), m_repository(lab.database().connection()),
      m_service(lab.store(), m_repository, lab.catalog())
{
    setObjectName(QStringLiteral("resultEntryPanel"));
    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("resultOrder"));
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_spec = new QLabel(this);
    m_spec->setObjectName(QStringLiteral("resultSpec"));

    m_value = new QLineEdit(this);
    m_value->setObjectName(QStringLiteral("resultValue"));
    m_value->setPlaceholderText(tr("Type the result and press Enter"));
    QFont valueFont = m_value->font();
    valueFont.setPointSizeF(valueFont.pointSizeF() * 1.4);
    m_value->setFont(valueFont);
    m_value->installEventFilter(this);
    m_unit = new QLineEdit(this);
    m_unit->setObjectName(QStringLiteral("resultUnit"));
    m_unit->setFont(valueFont);
    m_unit->setMaximumWidth(m_unit->fontMetrics().horizontalAdvance(QStringLiteral("x10^12/Lxx")));
    m_unit->installEventFilter(this);
    m_evaluation = new QLabel(this);
    m_evaluation->setObjectName(QStringLiteral("resultEvaluation"));
    m_evaluation->setFont(valueFont);
    m_evaluation->setMinimumWidth(m_evaluation->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 24);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("resultMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notify = new QPushButton(tr("Document call…"), this);
    m_notify->setObjectName(QStringLiteral("resultNotifyButton"));
    m_notify->setToolTip(tr("Document who was told this critical result, so that it can be released."));
    m_notify->hide();
    m_history = new ResultHistoryTable(this);
    m_history->setMinimumHeight(m_history->fontMetrics().height() * 5);

    connect(m_value, &QLineEdit::textChanged, this, &ResultEntryPanel::evaluate);
    connect(m_unit, &QLineEdit::textChanged, this, &ResultEntryPanel::evaluate);
    connect(m_value, &QLineEdit::returnPressed, this, &ResultEntryPanel::record);
    connect(m_unit, &QLineEdit::returnPressed, this, &ResultEntryPanel::record);
    connect(m_notify, &QPushButton::clicked, this, [this] {
        if (documentCall())
            reload();
    });

    auto *valueLabel = new QLabel(tr("&Result:"), this);
    valueLabel->setBuddy(m_value);
    auto *unitLabel = new QLabel(tr("&Unit:"), this);
    unitLabel->setBuddy(m_unit);
    auto *entry = new QGridLayout;
    entry->addWidget(valueLabel, 0, 0);
    entry->addWidget(m_value, 0, 1);
    entry->addWidget(unitLabel, 0, 2);
    entry->addWidget(m_unit, 0, 3);
    entry->addWidget(m_evaluation, 0, 4);
    entry->addWidget(m_notify, 0, 5);
    entry->setColumnStretch(1, 2);
    entry->setColumnStretch(4, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_spec);
    layout->addLayout(entry);
    layout->addWidget(m_message);
    layout->addWidget(m_history, 1);
    setFocusProxy(m_value);
    showOrder(QString());
}

void ResultEntryPanel::focusValue()
{
    m_value->setFocus();
    m_value->selectAll();
}

bool ResultEntryPanel::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_value || watched == m_unit) && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        // The worklist's rows are walked from the value field, so the hands stay on the keys.
        if (key == Qt::Key_Up || key == Qt::Key_Down) {
            emit moveRequested(key == Qt::Key_Up ? -1 : 1);
            return true;
        }
        if (key == Qt::Key_PageUp || key == Qt::Key_PageDown) {
            emit moveRequested(key == Qt::Key_PageUp ? -10 : 10);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ResultEntryPanel::showOrder(const QString &orderId)
{
    m_orderId = orderId;
    m_value->blockSignals(true);
    m_value->clear();
    m_unit->clear();
    m_value->blockSignals(false);
    m_message->clear();
    reload();
}

void ResultEntryPanel::reload()
{
    m_order.reset();
    m_notify->hide();
    m_evaluation->clear();
    m_evaluation->setStyleSheet(QString());
    if (m_orderId.isEmpty()) {
        m_heading->setText(tr("Select a row to enter its result."));
        m_spec->clear();
        m_history->setHistory({});
        m_value->setEnabled(false);
        m_unit->setEnabled(false);
        return;
    }
    Result<std::optional<OrderResult>> order = m_repository.order(m_orderId);
    if (!order || !order.value()) {
        showMessage(order ? tr("Order %1 is not known at this station.").arg(m_orderId) : order.error(),
                    true);
        return;
    }
    m_order = order.value();
    const OrderResult &o = *m_order;
    const bool released = o.status == QLatin1String("verified");
    m_heading->setText(tr("%1 · %2 · %3%4")
                           .arg(o.accession, o.patientName.isEmpty() ? o.patientMrn : o.patientName,
                                o.testCode,
                                released ? tr(" · released: Enter amends it, with a reason") : QString()));
    Result<ResultSpec> spec = m_repository.spec(o.testCode);
    m_spec->setText(spec ? specText(spec.value(), o) : spec.error());
    m_unit->setPlaceholderText(spec ? spec.value().unit : QString());
    m_unit->setEnabled(spec && spec.value().type == ResultSpec::Type::Numeric);
    m_value->setEnabled(true);
    m_notify->setVisible(o.result && !released && spec &&
                         ResultFlags::isCritical(ResultJudge::currentFlag(o, spec.value())) &&
                         o.result->notifiedTo.isEmpty());
    Result<QList<ResultHistoryEntry>> history = m_repository.history(m_orderId);
    if (!history)
        showMessage(history.error(), true);
    m_history->setHistory(history ? history.value() : QList<ResultHistoryEntry>());
    evaluate();
}

void ResultEntryPanel::evaluate()
{
    if (!m_order || m_value->text().trimmed().isEmpty()) {
        m_evaluation->clear();
        m_evaluation->setStyleSheet(QString());
        return;
    }
    Result<ResultEvaluation> e = m_service.evaluate(m_orderId, m_value->text(), m_unit->text().trimmed());
    if (!e) {
        m_evaluation->setText(QStringLiteral("✗ ") + e.error());
        m_evaluation->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
        return;
    }
    const ResultFlagStyle style = ResultFlagStyle::of(ResultFlags::code(e.value().flag));
    QString text = (style.symbol + QLatin1Char(' ') + style.text).trimmed();
    if (!e.value().rangeKnown())
        text += QStringLiteral(" · ") + ResultJudge::basisText(e.value().basis);
    if (e.value().implausible)
        text += tr(" · beyond the plausible limits: check the value");
    if (e.value().delta.outcome == DeltaCheck::Outcome::Exceeded)
        text += tr(" · Δ EXCEEDED (previous %1)").arg(e.value().delta.previousValue);
    else if (e.value().delta.outcome == DeltaCheck::Outcome::Within)
        text += tr(" · Δ within limit (previous %1)").arg(e.value().delta.previousValue);
    m_evaluation->setText(text);
    m_evaluation->setToolTip(e.value().delta.reason);
    m_evaluation->setStyleSheet(style.isPlain() ? QString()
                                                : QStringLiteral("QLabel { background: %1; color: %2; "
                                                                 "padding: 2px 6px; }")
                                                      .arg(style.background.name(), style.foreground.name()));
}

void ResultEntryPanel::record()
{
    if (!m_order)
        return;
    if (m_value->text().trimmed().isEmpty()) {
        // An empty Enter skips the row: the technician goes on without a value.
        emit advanceRequested();
        return;
    }
    const std::optional<QString> confirmation = confirmImplausible();
    if (!confirmation)
        return;
    QList<Event> events;
    bool critical = false;
    if (m_order->status == QLatin1String("verified")) {
        std::optional<Event> amended = amend(*confirmation);
        if (!amended)
            return;
        events << *amended;
    } else {
        Result<ResultService::Recorded> rec =
            m_service.enter(m_orderId, m_value->text(), m_unit->text().trimmed(), m_actor, *confirmation);
        if (!rec) {
            showMessage(rec.error(), true);
            return;
        }
        events << rec.value().event;
        critical = rec.value().evaluation.critical();
    }
    const QString recordedId = m_orderId;
    showMessage(tr("%1 recorded.").arg(recordedId), false);
    reload();
    if (critical && documentCall())
        reload();
    emit recorded(events);
    if (m_orderId == recordedId)
        emit advanceRequested();
}

std::optional<QString> ResultEntryPanel::confirmImplausible()
{
    Result<QString> warning = m_service.implausibility(m_orderId, m_value->text(), m_unit->text().trimmed());
    if (!warning || warning.value().isEmpty())
        return QString(); // entry itself reports a value it cannot read
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("implausibleReasonDialog"));
    dialog.setWindowTitle(tr("Implausible value"));
    dialog.setLabelText(tr("%1\n\nIf the value is right, say why; the reason is recorded with the result.")
                            .arg(warning.value()));
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty()) {
        showMessage(tr("Not recorded: %1").arg(warning.value()), true);
        return std::nullopt;
    }
    return dialog.textValue().trimmed();
}

std::optional<Event> ResultEntryPanel::amend(const QString &confirmation)
{
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("amendReasonDialog"));
    dialog.setWindowTitle(tr("Amend a released result"));
    dialog.setLabelText(tr("%1 was released as %2. Why is it corrected to %3?")
                            .arg(m_orderId, ResultFlagStyle::describe(*m_order), m_value->text().trimmed()));
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    Result<ResultService::Recorded> rec =
        m_service.amend(m_orderId, m_value->text(), m_unit->text().trimmed(), dialog.textValue().trimmed(),
                        m_actor, confirmation);
    if (!rec) {
        showMessage(rec.error(), true);
        return std::nullopt;
    }
    return rec.value().event;
}

bool ResultEntryPanel::documentCall()
{
    if (!m_order)
        return false;
    if (std::optional<Event> e = NotificationDialog::document(
            m_service, m_orderId, ResultFlagStyle::describe(*m_order), m_actor, this)) {
        showMessage(tr("Call documented for %1.").arg(m_orderId), false);
        emit recorded({*e});
        return true;
    }
    showMessage(tr("%1 is critical and cannot be released until the call is documented.").arg(m_orderId),
                true);
    return false;
}

void ResultEntryPanel::setActor(const QString &actor)
{
    if (actor != m_actor)
        m_message->clear();
    m_actor = actor;
}

void ResultEntryPanel::showMessage(const QString &text, bool problem)
{
    if (problem)
        QApplication::beep();
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel { color: #c62828; font-weight: bold; }")
                                     : QString());
}

} // namespace benchside
