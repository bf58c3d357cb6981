// SPDX-License-Identifier: GPL-3.0-or-later
#include "receiving/scanfeedbackpanel.h"

#include "receiving/outcomestyle.h"

#include <QDate>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace benchside {

namespace {
QLabel *label(QWidget *parent, const char *name, qreal scale, bool bold = false)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QLatin1String(name));
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(bold);
    l->setFont(f);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
} // namespace

ScanFeedbackPanel::ScanFeedbackPanel(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("feedbackPanel"));
    setAutoFillBackground(true);

    m_symbol = label(this, "feedbackSymbol", 5.0, true);
    m_symbol->setAlignment(Qt::AlignCenter);
    m_symbol->setMinimumWidth(m_symbol->fontMetrics().horizontalAdvance(QStringLiteral("2\u00d7")) + 16);
    m_symbol->setTextInteractionFlags(Qt::NoTextInteraction);
    m_title = label(this, "feedbackTitle", 2.6, true);
    m_headline = label(this, "feedbackHeadline", 1.5, true);
    m_code = label(this, "feedbackCode", 2.2, true);
    m_code->setFont([&] {
        QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        f.setPointSizeF(m_code->font().pointSizeF());
        f.setBold(true);
        return f;
    }());
    m_priority = label(this, "feedbackPriority", 1.6, true);
    m_priority->setWordWrap(false);
    m_patient = label(this, "feedbackPatient", 1.5);
    m_specimen = label(this, "feedbackSpecimen", 1.3);
    m_message = label(this, "feedbackMessage", 1.15);

    m_accession = new QPushButton(tr("Accession…"), this);
    m_accession->setObjectName(QStringLiteral("feedbackAccessionButton"));
    m_open = new QPushButton(tr("Open specimen"), this);
    m_open->setObjectName(QStringLiteral("feedbackOpenButton"));
    for (QPushButton *b : {m_accession, m_open}) {
        // The next scan's Enter must not press a button that kept the focus.
        b->setFocusPolicy(Qt::NoFocus);
        QFont f = b->font();
        f.setPointSizeF(f.pointSizeF() * 1.25);
        b->setFont(f);
        b->setMinimumHeight(b->sizeHint().height() + 8);
    }
    connect(m_accession, &QPushButton::clicked, this, [this] { emit accessionRequested(m_shownCode); });
    connect(m_open, &QPushButton::clicked, this, [this] { emit specimenRequested(m_shownCode); });

    auto *codeRow = new QHBoxLayout;
    codeRow->addWidget(m_code, 1);
    codeRow->addWidget(m_priority, 0, Qt::AlignRight | Qt::AlignVCenter);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_accession);
    buttons->addWidget(m_open);
    buttons->addStretch();

    auto *text = new QVBoxLayout;
    text->setSpacing(6);
    text->addWidget(m_title);
    text->addWidget(m_headline);
    text->addSpacing(8);
    text->addLayout(codeRow);
    text->addWidget(m_patient);
    text->addWidget(m_specimen);
    text->addWidget(m_message);
    text->addStretch();
    text->addLayout(buttons);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 18);
    layout->setSpacing(24);
    layout->addWidget(m_symbol, 0, Qt::AlignTop);
    layout->addLayout(text, 1);

    const OutcomeStyle idle = OutcomeStyle::idle();
    m_symbol->setText(idle.symbol);
    m_title->setText(idle.title);
    m_headline->setText(idle.headline);
    for (QWidget *w : {static_cast<QWidget *>(m_code), static_cast<QWidget *>(m_priority),
                       static_cast<QWidget *>(m_patient), static_cast<QWidget *>(m_specimen),
                       static_cast<QWidget *>(m_message), static_cast<QWidget *>(m_accession),
                       static_cast<QWidget *>(m_open)})
        w->hide();
    applyStyle(idle.background, idle.foreground);
}

void ScanFeedbackPanel::showOutcome(const ScanOutcome &outcome, const QString &specimenTypeName)
{
    const OutcomeStyle style = OutcomeStyle::of(outcome.type);
    m_outcome = outcome.name();
    m_shownCode = outcome.specimen ? outcome.specimen->accession : outcome.code;

    m_symbol->setText(style.symbol);
    m_title->setText(style.title);
    // A tube found by the ward's own label carries no label of ours: the next step is to print one,
    // and that must be where the technician looks, not only in the log.
    m_headline->setText(!outcome.hospitalLabel.isEmpty() && outcome.isConfirmation()
                            ? tr("Found by the hospital's label %1: print our label %2 and put it on the "
                                 "tube.")
                                  .arg(outcome.hospitalLabel, m_shownCode)
                            : style.headline);
    // An empty scan still gets a visible line, so the panel never looks as if nothing happened.
    m_code->setText(m_shownCode.isEmpty() ? tr("(empty scan)") : m_shownCode);
    m_code->show();

    const std::optional<Specimen> &s = outcome.specimen;
    if (s) {
        const Patient &p = s->patient;
        QStringList who;
        if (p.mrn.isEmpty()) {
            who << tr("Patient not identified");
        } else {
            who << p.name << tr("MRN %1").arg(p.mrn);
            if (!p.birthDate.isEmpty())
                who << tr("born %1").arg(
                    QLocale().toString(QDate::fromString(p.birthDate, Qt::ISODate), QLocale::ShortFormat));
            if (!p.sex.isEmpty())
                who << p.sex;
        }
        m_patient->setText(who.join(QStringLiteral("  ·  ")));
        const QString tests =
            s->testCodes().isEmpty() ? tr("no tests ordered") : s->testCodes().join(QStringLiteral(", "));
        m_specimen->setText(
            QStringLiteral("%1  ·  %2  ·  %3")
                .arg(specimenTypeName.isEmpty() ? s->specimenType : specimenTypeName, s->container, tests));
        m_priority->setText(s->priority.toUpper());
        // A STAT tube must stand out whatever the outcome: it jumps the queue at every bench.
        const bool urgent = s->priority != QLatin1String("routine");
        m_priority->setStyleSheet(
            urgent ? QStringLiteral("QLabel { background: white; color: #b71c1c; padding: 4px 14px; "
                                    "border: 3px solid #b71c1c; border-radius: 6px; }")
                   : QStringLiteral("QLabel { padding: 4px 14px; border: 2px solid %1; border-radius: 6px; }")
                         .arg(style.foreground.name()));
    }
    m_patient->setVisible(s.has_value());
    m_specimen->setVisible(s.has_value());
    m_priority->setVisible(s.has_value());

    // For a receipt the message only repeats the summary shown above; a warning's message says why.
    m_message->setText(outcome.message);
    m_message->setVisible(style.warning && !outcome.message.isEmpty());

    m_accession->setVisible(outcome.type == ScanOutcome::Type::Unknown);
    m_open->setVisible(s.has_value());
    applyStyle(style.background, style.foreground);
}

void ScanFeedbackPanel::showProblem(const OutcomeStyle &style, const QString &name, const QString &what,
                                    const QString &message)
{
    m_outcome = name;
    m_shownCode.clear();
    m_symbol->setText(style.symbol);
    m_title->setText(style.title);
    m_headline->setText(style.headline);
    m_code->setText(what);
    m_code->show();
    m_message->setText(message);
    m_message->show();
    for (QWidget *w : {static_cast<QWidget *>(m_priority), static_cast<QWidget *>(m_patient),
                       static_cast<QWidget *>(m_specimen), static_cast<QWidget *>(m_accession),
                       static_cast<QWidget *>(m_open)})
        w->hide();
    applyStyle(style.background, style.foreground);
}

void ScanFeedbackPanel::applyStyle(const QColor &background, const QColor &foreground)
{
    setStyleSheet(QStringLiteral("#feedbackPanel { background: %1; border-radius: 10px; }"
                                 "#feedbackPanel > QLabel { color: %2; }")
                      .arg(background.name(), foreground.name()));
}

} // namespace benchside
