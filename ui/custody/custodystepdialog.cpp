// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodystepdialog.h"

#include "catalog/catalog.h"
#include "custody/custodykind.h"
#include "lab/lab.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace benchside {

CustodyStepDialog::CustodyStepDialog(Lab &lab, const Specimen &specimen, CustodyKind kind,
                                     const QString &actor, QWidget *parent)
    : QDialog(parent), m_lab(lab), m_specimen(specimen), m_kind(kind), m_actor(actor)
{
    setObjectName(QStringLiteral("custodyStepDialog"));
    const QString verb = actionText(kind).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
    setWindowTitle(tr("%1 %2").arg(verb, specimen.accession));

    auto *layout = new QVBoxLayout(this);
    // Which tube this is about, so a step is never recorded against the wrong one.
    QString typeName = specimen.specimenType;
    if (Result<QList<CodeName>> types = m_lab.catalog().specimenTypes()) {
        for (const CodeName &t : types.value()) {
            if (t.code == specimen.specimenType)
                typeName = t.name;
        }
    }
    const QString who = specimen.patient.mrn.isEmpty()
                            ? tr("patient not identified")
                            : tr("%1 (MRN %2)").arg(specimen.patient.name, specimen.patient.mrn);
    QString now = CustodyKinds::statusLabel(specimen.status);
    if (!specimen.location.isEmpty())
        now += QStringLiteral(" — ") + specimen.location;
    auto *heading = new QLabel(this);
    heading->setObjectName(QStringLiteral("headingLabel"));
    heading->setTextFormat(Qt::RichText);
    heading->setText(QStringLiteral("<b style=\"font-size:13pt\">%1</b>%2<br/>%3 · %4<br/>%5")
                         .arg(specimen.accession.toHtmlEscaped(),
                              specimen.priority == QLatin1String("stat")
                                  ? QStringLiteral(" <b style=\"color:#c62828\">%1</b>").arg(tr("STAT"))
                                  : QString(),
                              who.toHtmlEscaped(), typeName.toHtmlEscaped(),
                              tr("Now: %1").arg(now).toHtmlEscaped()));
    heading->setWordWrap(true);
    layout->addWidget(heading);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    switch (kind) {
    case CustodyKind::Stored:
        m_location = locationCombo(
            {QStringLiteral("freezer"), QStringLiteral("refrigerator"), QStringLiteral("archive")},
            QString());
        form->addRow(tr("&Storage place:"), m_location);
        m_well = new QLineEdit(this);
        m_well->setObjectName(QStringLiteral("wellEdit"));
        m_well->setPlaceholderText(tr("e.g. B7 (optional)"));
        m_well->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("[A-Za-z]{1,2}[0-9]{1,3}")), m_well));
        m_well->setMaxLength(5);
        connect(m_well, &QLineEdit::textEdited, m_well, [this](const QString &t) {
            if (t != t.toUpper())
                m_well->setText(t.toUpper());
        });
        form->addRow(tr("&Position (well):"), m_well);
        break;
    case CustodyKind::SentToBench: {
        QStringList benches;
        if (Result<QList<Location>> all = m_lab.catalog().locations()) {
            for (const Location &l : all.value()) {
                if (l.kind == QLatin1String("bench"))
                    benches << l.path;
            }
        }
        m_location = locationCombo({QStringLiteral("bench")}, benchLocationFor(benches));
        form->addRow(tr("&Bench:"), m_location);
        break;
    }
    case CustodyKind::InTransit:
        m_location = locationCombo({QStringLiteral("transit")}, QString());
        form->addRow(tr("&Sent to / via:"), m_location);
        break;
    case CustodyKind::Aliquoted:
        m_aliquots = new QSpinBox(this);
        m_aliquots->setObjectName(QStringLiteral("aliquotSpin"));
        m_aliquots->setRange(1, CustodyRules::MaxAliquots);
        m_aliquots->setValue(2);
        form->addRow(tr("&Number of aliquots:"), m_aliquots);
        m_location = locationCombo({}, specimen.location);
        form->addRow(tr("&Location:"), m_location);
        break;
    case CustodyKind::Rejected:
        m_reasonCode = new QComboBox(this);
        m_reasonCode->setObjectName(QStringLiteral("reasonCombo"));
        m_reasonCode->addItem(tr("Choose a reason…"), QString());
        for (const RejectionReason &r : Catalog::rejectionReasons())
            m_reasonCode->addItem(r.label, r.code);
        form->addRow(tr("&Reason:"), m_reasonCode);
        break;
    case CustodyKind::Corrected:
        m_status = new QComboBox(this);
        m_status->setObjectName(QStringLiteral("statusCombo"));
        m_status->addItem(tr("(unchanged: %1)").arg(CustodyKinds::statusLabel(specimen.status)), QString());
        for (const QString &s : CustodyRules::statuses())
            m_status->addItem(CustodyKinds::statusLabel(s), s);
        m_location = locationCombo({}, QString());
        m_location->lineEdit()->setPlaceholderText(tr("unchanged: %1").arg(specimen.location));
        break;
    default:
        break;
    }

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setMaxLength(500);
    if (kind == CustodyKind::Corrected) {
        m_reason->setPlaceholderText(tr("required: what was wrong and why"));
        form->addRow(tr("&Why:"), m_reason);
        form->addRow(tr("New &status:"), m_status);
        form->addRow(tr("Correct &location:"), m_location);
    } else if (kind == CustodyKind::Rejected) {
        m_reason->setPlaceholderText(tr("optional: what was seen, who was told"));
        form->addRow(tr("&Details:"), m_reason);
    } else if (kind == CustodyKind::Disposed) {
        m_reason->setPlaceholderText(tr("optional, e.g. retention period over"));
        form->addRow(tr("&Reason:"), m_reason);
    } else {
        m_reason->setPlaceholderText(tr("optional"));
        form->addRow(tr("&Note:"), m_reason);
    }

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral(
        "QLabel { color: #8b0000; background: #fdecea; border: 1px solid #e0a0a0; padding: 6px; }"));
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttonBox"));
    buttons->button(QDialogButtonBox::Ok)
        ->setText(kind == CustodyKind::Corrected ? tr("Record correction") : verb);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("recordButton"));
    buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &CustodyStepDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CustodyStepDialog::reject);
    layout->addWidget(buttons);

    setMinimumWidth(560);
}

bool CustodyStepDialog::needsDialog(CustodyKind kind)
{
    return kind != CustodyKind::Received && kind != CustodyKind::Centrifuged &&
           kind != CustodyKind::Retrieved;
}

QString CustodyStepDialog::actionText(CustodyKind kind)
{
    switch (kind) {
    case CustodyKind::Received:
        return tr("&Receive");
    case CustodyKind::Centrifuged:
        return tr("&Centrifuge");
    case CustodyKind::Aliquoted:
        return tr("&Aliquot…");
    case CustodyKind::Stored:
        return tr("&Store…");
    case CustodyKind::SentToBench:
        return tr("Send to &bench…");
    case CustodyKind::InTransit:
        return tr("In &transit…");
    case CustodyKind::Retrieved:
        return tr("Retrie&ve");
    case CustodyKind::Disposed:
        return tr("&Dispose…");
    case CustodyKind::Rejected:
        return tr("Re&ject…");
    case CustodyKind::Corrected:
        return tr("C&orrect…");
    }
    return {};
}

QComboBox *CustodyStepDialog::locationCombo(const QStringList &kinds, const QString &preset)
{
    auto *combo = new QComboBox(this);
    combo->setObjectName(QStringLiteral("locationCombo"));
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    combo->completer()->setFilterMode(Qt::MatchContains);
    combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    combo->setMinimumContentsLength(32);
    combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The catalogue's places of the right kind first; any other place can still be typed.
    if (Result<QList<Location>> all = m_lab.catalog().locations()) {
        for (const Location &l : all.value()) {
            if (kinds.isEmpty() || kinds.contains(l.kind))
                combo->addItem(l.path);
        }
    }
    combo->setCurrentIndex(-1);
    combo->setEditText(preset);
    combo->lineEdit()->setPlaceholderText(tr("e.g. Freezer 2 (-80 °C) / Rack 5"));
    return combo;
}

QString CustodyStepDialog::benchLocationFor(const QStringList &locations) const
{
    // The bench of the first test still to do; the catalogue names bench locations after benches.
    QHash<QString, QString> benchNames;
    if (Result<QList<CodeName>> benches = m_lab.catalog().benches()) {
        for (const CodeName &b : benches.value())
            benchNames.insert(b.code, b.name);
    }
    for (const TestOrder &o : m_specimen.orders) {
        if (o.status == QLatin1String("cancelled"))
            continue;
        const QString name = benchNames.value(o.bench, o.bench);
        for (const QString &path : locations) {
            if (path.contains(name, Qt::CaseInsensitive))
                return path;
        }
    }
    return {};
}

CustodyRules::Step CustodyStepDialog::step() const
{
    CustodyRules::Step s{m_kind, {}, {}, {}, 0, {}};
    if (m_location) {
        s.location = m_location->currentText().trimmed();
        if (m_well && !m_well->text().trimmed().isEmpty() && !s.location.isEmpty())
            s.location += QStringLiteral(" / ") + m_well->text().trimmed().toUpper();
    }
    if (m_reasonCode)
        s.reasonCode = m_reasonCode->currentData().toString();
    s.reason = m_reason->text().trimmed();
    if (m_aliquots)
        s.aliquots = m_aliquots->value();
    if (m_status)
        s.correctedStatus = m_status->currentData().toString();
    return s;
}

void CustodyStepDialog::accept()
{
    Result<CustodyService::Recorded> r = m_lab.custody().record(m_specimen.accession, step(), m_actor);
    if (!r) {
        m_message->setText(r.error());
        m_message->show();
        return;
    }
    m_recorded = r.value();
    QDialog::accept();
}

} // namespace benchside
