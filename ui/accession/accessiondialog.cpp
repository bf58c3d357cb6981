// SPDX-License-Identifier: GPL-3.0-or-later
#include "accession/accessiondialog.h"

#include "accession/accessioner.h"
#include "accession/accessionnumber.h"
#include "accession/accessionrequest.h"
#include "lab/lab.h"
#include "scan/scanrefusal.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace benchside {

namespace {
constexpr int CodeRole = Qt::UserRole + 1;

// The date edit's minimum stands for "not entered": a date of birth is never guessed.
const QDate NoDate(1900, 1, 1);

const char *const ErrorStyle = "QLabel { color: #7a0000; background: #fdecea; border: 1px solid #e0a0a0; "
                               "padding: 6px; font-weight: bold; }";
const char *const HintStyle = "QLabel { color: #8a5a00; }";
const char *const KnownStyle = "QLabel { color: #1b5e20; }";
} // namespace

AccessionDialog::AccessionDialog(Lab &lab, const QString &actor, const QString &barcode, QWidget *parent)
    : QDialog(parent), m_lab(lab), m_actor(actor)
{
    setObjectName(QStringLiteral("accessionDialog"));
    setWindowTitle(barcode.isEmpty() ? tr("New accession") : tr("Accession %1").arg(barcode));
    if (Result<QList<TestDefinition>> tests = m_lab.catalog().tests())
        m_tests = tests.value();

    auto *layout = new QVBoxLayout(this);
    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(buildTube());
    left->addWidget(buildPatient());
    left->addWidget(buildSpecimen());
    left->addStretch(1);
    columns->addLayout(left, 5);
    columns->addWidget(buildTests(), 6);
    layout->addLayout(columns, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QLatin1String(ErrorStyle));
    m_message->hide();
    layout->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(tr("&Save accession"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setDefault(true);
    auto *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setAutoDefault(false);
    connect(buttons, &QDialogButtonBox::accepted, this, &AccessionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AccessionDialog::reject);
    layout->addWidget(buttons);

    m_barcode->setText(barcode.trimmed().toUpper());
    barcodeEdited();
    mrnEdited();
    specimenTypeChanged();
    setTabOrderChain();
    m_mrn->setFocus();
    if (m_type->count() == 0)
        showError(tr("This station has no catalogue yet, so there is nothing to order. Import one "
                     "(benchside-cli init --catalog FILE) or ask the laboratory's administrator."));
    resize(1040, 660);
}

QWidget *AccessionDialog::buildTube()
{
    auto *box = new QGroupBox(tr("Tube"), this);
    auto *form = new QFormLayout(box);
    m_barcode = new QLineEdit(box);
    m_barcode->setObjectName(QStringLiteral("barcodeEdit"));
    m_barcode->setPlaceholderText(tr("empty: assign a new number"));
    m_barcode->setMaxLength(AccessionNumber::MaxLength);
    ScanRefusal::acceptScans(m_barcode); // the tube's pre-printed label is scanned here
    m_barcode->setToolTip(tr("The accession number of a pre-printed label on the tube. Leave it empty "
                             "and a new number is assigned for a label to be printed."));
    connect(m_barcode, &QLineEdit::textEdited, this, [this](const QString &t) {
        // Accession numbers are upper case; people type in lower case.
        if (t != t.toUpper()) {
            const int pos = m_barcode->cursorPosition();
            m_barcode->setText(t.toUpper());
            m_barcode->setCursorPosition(pos);
        }
        barcodeEdited();
    });
    form->addRow(tr("Pre-printed &label:"), m_barcode);
    m_barcodeHint = new QLabel(box);
    m_barcodeHint->setObjectName(QStringLiteral("barcodeHintLabel"));
    m_barcodeHint->setWordWrap(true);
    m_barcodeHint->setStyleSheet(QLatin1String(HintStyle));
    form->addRow(QString(), m_barcodeHint);
    return box;
}

QWidget *AccessionDialog::buildPatient()
{
    auto *box = new QGroupBox(tr("Patient"), this);
    auto *form = new QFormLayout(box);
    m_mrn = new QLineEdit(box);
    m_mrn->setObjectName(QStringLiteral("mrnEdit"));
    m_mrn->setPlaceholderText(tr("medical record number; empty if not identified"));
    m_mrn->setMaxLength(40);
    connect(m_mrn, &QLineEdit::textChanged, this, &AccessionDialog::mrnEdited);
    form->addRow(tr("&MRN:"), m_mrn);
    m_patientNote = new QLabel(box);
    m_patientNote->setObjectName(QStringLiteral("patientNoteLabel"));
    m_patientNote->setWordWrap(true);
    form->addRow(QString(), m_patientNote);

    m_name = new QLineEdit(box);
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("Family name, given names"));
    m_name->setMaxLength(120);
    form->addRow(tr("&Name:"), m_name);

    m_birthDate = new QDateEdit(box);
    m_birthDate->setObjectName(QStringLiteral("birthDateEdit"));
    m_birthDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_birthDate->setDateRange(NoDate, QDate::currentDate());
    m_birthDate->setSpecialValueText(tr("not entered"));
    m_birthDate->setDate(NoDate);
    m_birthDate->setCalendarPopup(true);
    m_birthDate->installEventFilter(this);
    form->addRow(tr("Date of &birth:"), m_birthDate);

    m_sex = new QComboBox(box);
    m_sex->setObjectName(QStringLiteral("sexCombo"));
    m_sex->addItem(tr("Choose…"), QString());
    m_sex->addItem(tr("F — female"), QStringLiteral("F"));
    m_sex->addItem(tr("M — male"), QStringLiteral("M"));
    m_sex->addItem(tr("U — unknown"), QStringLiteral("U"));
    form->addRow(tr("Se&x:"), m_sex);
    return box;
}

QWidget *AccessionDialog::buildSpecimen()
{
    auto *box = new QGroupBox(tr("Specimen"), this);
    auto *form = new QFormLayout(box);

    m_type = new QComboBox(box);
    m_type->setObjectName(QStringLiteral("specimenTypeCombo"));
    m_type->setPlaceholderText(tr("Choose the specimen type…"));
    if (Result<QList<CodeName>> types = m_lab.catalog().specimenTypes()) {
        for (const CodeName &t : types.value())
            m_type->addItem(t.name, t.code);
    }
    m_type->setCurrentIndex(-1);
    connect(m_type, &QComboBox::currentIndexChanged, this, &AccessionDialog::specimenTypeChanged);
    form->addRow(tr("S&pecimen type:"), m_type);

    m_container = new QComboBox(box);
    m_container->setObjectName(QStringLiteral("containerCombo"));
    m_container->addItem(tr("As the tests require"), QString());
    if (Result<QList<CodeName>> containers = m_lab.catalog().containers()) {
        for (const CodeName &c : containers.value())
            m_container->addItem(c.name, c.code);
    }
    // Once the user picks a container, the tests no longer choose it for them.
    connect(m_container, &QComboBox::activated, this, [this](int index) { m_containerChosen = index > 0; });
    form->addRow(tr("C&ontainer:"), m_container);

    auto *collected = new QHBoxLayout;
    m_collectedAt = new QDateTimeEdit(QDateTime::currentDateTime(), box);
    m_collectedAt->setObjectName(QStringLiteral("collectedAtEdit"));
    m_collectedAt->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_collectedAt->setCalendarPopup(true);
    m_collectedAt->installEventFilter(this);
    collected->addWidget(m_collectedAt);
    m_collector = new QLineEdit(box);
    m_collector->setObjectName(QStringLiteral("collectorEdit"));
    m_collector->setPlaceholderText(tr("collected by"));
    m_collector->setMaxLength(80);
    collected->addWidget(m_collector, 1);
    auto *collectedLabel = new QLabel(tr("&Collected:"), box);
    collectedLabel->setBuddy(m_collectedAt);
    form->addRow(collectedLabel, collected);

    auto *priority = new QHBoxLayout;
    m_priority = new QButtonGroup(box);
    const struct
    {
        QString text;
        const char *objectName;
    } choices[] = {{tr("&Routine"), "routineRadio"}, {tr("&ASAP"), "asapRadio"}, {tr("S&TAT"), "statRadio"}};
    for (int i = 0; i < 3; ++i) {
        auto *radio = new QRadioButton(choices[i].text, box);
        radio->setObjectName(QLatin1String(choices[i].objectName));
        m_priority->addButton(radio, i);
        priority->addWidget(radio);
    }
    m_priority->button(0)->setChecked(true);
    m_priority->button(2)->setStyleSheet(
        QStringLiteral("QRadioButton { color: #c62828; font-weight: bold; }"));
    priority->addStretch(1);
    form->addRow(tr("Priority:"), priority);
    return box;
}

QWidget *AccessionDialog::buildTests()
{
    auto *box = new QGroupBox(tr("Ordered tests"), this);
    auto *v = new QVBoxLayout(box);
    m_testFilter = new QLineEdit(box);
    m_testFilter->setObjectName(QStringLiteral("testFilterEdit"));
    m_testFilter->setPlaceholderText(tr("Find a test by code or name; Enter ticks the only match"));
    m_testFilter->setClearButtonEnabled(true);
    m_testFilter->installEventFilter(this);
    connect(m_testFilter, &QLineEdit::textChanged, this, &AccessionDialog::applyTestFilter);
    v->addWidget(m_testFilter);

    m_testTree = new QTreeWidget(box);
    m_testTree->setObjectName(QStringLiteral("testsTree"));
    m_testTree->setColumnCount(3);
    m_testTree->setHeaderLabels({tr("Test"), tr("Specimen type"), tr("Turnaround")});
    m_testTree->setRootIsDecorated(false);
    m_testTree->setUniformRowHeights(true);
    m_testTree->setAlternatingRowColors(true);
    m_testTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_testTree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_testTree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_testTree->header()->setStretchLastSection(false);

    QHash<QString, QString> benchNames, containerNames, typeNames;
    for (int i = 0; i < m_type->count(); ++i)
        typeNames.insert(m_type->itemData(i).toString(), m_type->itemText(i));
    if (Result<QList<CodeName>> benches = m_lab.catalog().benches()) {
        for (const CodeName &b : benches.value())
            benchNames.insert(b.code, b.name);
    }
    if (Result<QList<CodeName>> containers = m_lab.catalog().containers()) {
        for (const CodeName &c : containers.value())
            containerNames.insert(c.code, c.name);
    }
    // Grouped by bench, benches in name order, as the lab thinks of its work.
    QMap<QString, QTreeWidgetItem *> benchItems;
    for (const TestDefinition &t : m_tests) {
        const QString bench = benchNames.value(t.bench, t.bench);
        QTreeWidgetItem *&group = benchItems[bench];
        if (!group) {
            group = new QTreeWidgetItem({bench});
            QFont f = group->font(0);
            f.setBold(true);
            group->setFont(0, f);
            group->setFlags(Qt::ItemIsEnabled);
            group->setFirstColumnSpanned(false);
        }
        auto *item = new QTreeWidgetItem(group, {QStringLiteral("%1 — %2").arg(t.code, t.name),
                                                 typeNames.value(t.specimenType, t.specimenType),
                                                 tr("%1 min").arg(t.tatMinutes)});
        item->setData(0, CodeRole, t.code);
        item->setToolTip(0, tr("%1 — %2\n%3 in a %4; bench %5, turnaround %6 min")
                                .arg(t.code, t.name, typeNames.value(t.specimenType, t.specimenType),
                                     containerNames.value(t.container, t.container), bench)
                                .arg(t.tatMinutes));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(0, Qt::Unchecked);
    }
    for (QTreeWidgetItem *group : std::as_const(benchItems))
        m_testTree->addTopLevelItem(group);
    m_testTree->expandAll();
    connect(m_testTree, &QTreeWidget::itemChanged, this,
            [this](QTreeWidgetItem *item, int) { testItemChanged(item); });
    v->addWidget(m_testTree, 1);

    m_testSummary = new QLabel(box);
    m_testSummary->setObjectName(QStringLiteral("testSummaryLabel"));
    m_testSummary->setWordWrap(true);
    v->addWidget(m_testSummary);
    return box;
}

void AccessionDialog::setTabOrderChain()
{
    // The priority radios are one stop: Qt skips the unchecked ones of an exclusive group.
    const QList<QWidget *> chain{m_barcode,
                                 m_mrn,
                                 m_name,
                                 m_birthDate,
                                 m_sex,
                                 m_type,
                                 m_container,
                                 m_collectedAt,
                                 m_collector,
                                 m_priority->button(0),
                                 m_priority->button(1),
                                 m_priority->button(2),
                                 m_testFilter,
                                 m_testTree,
                                 m_save};
    for (qsizetype i = 1; i < chain.size(); ++i)
        setTabOrder(chain.at(i - 1), chain.at(i));
}

bool AccessionDialog::numberAssigned() const
{
    return m_barcode->text().trimmed().isEmpty();
}

std::optional<Specimen> AccessionDialog::accessioned() const
{
    return m_accessioned;
}

void AccessionDialog::barcodeEdited()
{
    const QString code = m_barcode->text().trimmed();
    if (code.isEmpty()) {
        m_barcodeHint->setText(tr("A new accession number will be assigned."));
        m_barcodeHint->setStyleSheet(QString());
        return;
    }
    const AccessionNumber::Problem problem = AccessionNumber::validate(code);
    if (problem == AccessionNumber::Problem::None) {
        m_barcodeHint->setText(tr("The tube keeps its pre-printed number."));
        m_barcodeHint->setStyleSheet(QString());
    } else {
        m_barcodeHint->setText(AccessionNumber::problemText(problem, code));
        m_barcodeHint->setStyleSheet(QLatin1String(HintStyle));
    }
}

void AccessionDialog::mrnEdited()
{
    const QString mrn = m_mrn->text().trimmed();
    const std::optional<Patient> known = mrn.isEmpty() ? std::nullopt : m_lab.specimens().patient(mrn);
    if (known) {
        if (!m_patientKnown)
            m_typedPatient =
                Patient{mrn, m_name->text(),
                        m_birthDate->date() == NoDate ? QString() : m_birthDate->date().toString(Qt::ISODate),
                        m_sex->currentData().toString()};
        m_patientKnown = true;
        m_name->setText(known->name);
        const QDate dob = QDate::fromString(known->birthDate, Qt::ISODate);
        m_birthDate->setDate(dob.isValid() ? dob : NoDate);
        m_sex->setCurrentIndex(std::max(0, m_sex->findData(known->sex)));
        m_patientNote->setText(tr("Known patient: details as recorded with earlier specimens."));
        m_patientNote->setStyleSheet(QLatin1String(KnownStyle));
    } else {
        if (m_patientKnown) {
            // Give back what the user had typed before a known MRN filled the fields.
            m_name->setText(m_typedPatient.name);
            const QDate dob = QDate::fromString(m_typedPatient.birthDate, Qt::ISODate);
            m_birthDate->setDate(dob.isValid() ? dob : NoDate);
            m_sex->setCurrentIndex(std::max(0, m_sex->findData(m_typedPatient.sex)));
        }
        m_patientKnown = false;
        m_patientNote->setText(mrn.isEmpty() ? tr("Specimen without an identified patient.")
                                             : tr("New patient: enter name, date of birth and sex."));
        m_patientNote->setStyleSheet(QString());
    }
    const bool editable = !mrn.isEmpty() && !m_patientKnown;
    for (QWidget *w :
         {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_birthDate), static_cast<QWidget *>(m_sex)})
        w->setEnabled(!mrn.isEmpty());
    m_name->setReadOnly(!editable);
    m_birthDate->setReadOnly(!editable);
    // A combo box has no read-only mode; a known patient's sex is shown but not offered for change.
    m_sex->setEnabled(editable);
}

void AccessionDialog::specimenTypeChanged()
{
    applyTestFilter();
    updateContainerDefault();
    updateTestSummary();
}

void AccessionDialog::applyTestFilter()
{
    const QString type = m_type->currentData().toString();
    const QString text = m_testFilter->text().trimmed();
    for (int g = 0; g < m_testTree->topLevelItemCount(); ++g) {
        QTreeWidgetItem *group = m_testTree->topLevelItem(g);
        int shown = 0;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *item = group->child(i);
            const std::optional<TestDefinition> t = [&]() -> std::optional<TestDefinition> {
                for (const TestDefinition &d : m_tests) {
                    if (d.code == item->data(0, CodeRole).toString())
                        return d;
                }
                return std::nullopt;
            }();
            // With no type chosen every test is offered: ticking one chooses its type.
            const bool match = t && (type.isEmpty() || t->specimenType == type) &&
                               (text.isEmpty() || t->code.contains(text, Qt::CaseInsensitive) ||
                                t->name.contains(text, Qt::CaseInsensitive));
            item->setHidden(!match);
            shown += match ? 1 : 0;
        }
        group->setHidden(shown == 0);
    }
    m_testTree->setColumnHidden(1, !type.isEmpty());
}

void AccessionDialog::testItemChanged(QTreeWidgetItem *item)
{
    const QString code = item->data(0, CodeRole).toString();
    if (code.isEmpty())
        return;
    if (item->checkState(0) == Qt::Checked) {
        if (!m_checked.contains(code))
            m_checked << code;
        if (m_type->currentIndex() < 0) {
            for (const TestDefinition &t : m_tests) {
                if (t.code == code)
                    m_type->setCurrentIndex(m_type->findData(t.specimenType));
            }
        }
    } else {
        m_checked.removeAll(code);
    }
    updateContainerDefault();
    updateTestSummary();
}

QStringList AccessionDialog::chosenTests() const
{
    // Only the ticked tests of the chosen type: ticks under another type are kept, not sent.
    const QString type = m_type->currentData().toString();
    QStringList out;
    for (const QString &code : m_checked) {
        for (const TestDefinition &t : m_tests) {
            if (t.code == code && t.specimenType == type)
                out << code;
        }
    }
    return out;
}

void AccessionDialog::updateContainerDefault()
{
    if (m_containerChosen)
        return;
    const QStringList tests = chosenTests();
    QString container;
    for (const TestDefinition &t : m_tests) {
        if (!tests.isEmpty() && t.code == tests.first())
            container = t.container;
    }
    m_container->setCurrentIndex(container.isEmpty() ? 0 : std::max(0, m_container->findData(container)));
}

void AccessionDialog::updateTestSummary()
{
    const QStringList tests = chosenTests();
    if (m_type->currentIndex() < 0)
        m_testSummary->setText(tr("No test ordered yet. Ticking a test chooses its specimen type."));
    else if (tests.isEmpty())
        m_testSummary->setText(tr("No test ordered yet. Tick tests with the mouse or Space."));
    else
        m_testSummary->setText(
            tr("Ordered (%1): %2").arg(tests.size()).arg(tests.join(QStringLiteral(", "))));
}

bool AccessionDialog::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_birthDate || watched == m_collectedAt) && event->type() == QEvent::KeyPress)
        return dateKeyPress(static_cast<QDateTimeEdit *>(watched), static_cast<QKeyEvent *>(event));
    if (watched == m_testFilter && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down) {
            m_testTree->setFocus();
            return true;
        }
        // Type a code, Enter, type the next: with a filter, Enter ticks rather than saves.
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            !m_testFilter->text().isEmpty()) {
            QList<QTreeWidgetItem *> visible;
            for (int g = 0; g < m_testTree->topLevelItemCount(); ++g) {
                QTreeWidgetItem *group = m_testTree->topLevelItem(g);
                for (int i = 0; i < group->childCount(); ++i) {
                    if (!group->child(i)->isHidden())
                        visible << group->child(i);
                }
            }
            // An exact code wins over partial matches ("NA" rather than every test with "na" in it).
            QTreeWidgetItem *pick = visible.size() == 1 ? visible.first() : nullptr;
            for (QTreeWidgetItem *item : visible) {
                if (item->data(0, CodeRole)
                        .toString()
                        .compare(m_testFilter->text().trimmed(), Qt::CaseInsensitive) == 0)
                    pick = item;
            }
            if (pick) {
                pick->setCheckState(0, pick->checkState(0) == Qt::Checked ? Qt::Unchecked : Qt::Checked);
                m_testFilter->clear();
            } else {
                showError(visible.isEmpty()
                              ? tr("No test of this specimen type matches \"%1\".").arg(m_testFilter->text())
                              : tr("\"%1\" matches several tests: type more of the code or "
                                   "name, or tick one in the list.")
                                    .arg(m_testFilter->text()));
            }
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

bool AccessionDialog::dateKeyPress(QDateTimeEdit *edit, const QKeyEvent *key)
{
    // Tab leaves the field (QDateTimeEdit would step through its sections): the collection time
    // is usually left at "now", and nobody wants five Tabs to get past it.
    if ((key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab) &&
        !(key->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
        focusNextPrevChild(key->key() == Qt::Key_Tab && !(key->modifiers() & Qt::ShiftModifier));
        return true;
    }
    const QString text = key->text();
    if (text.size() != 1 || edit->isReadOnly())
        return false;
    // From "not entered", the first digit starts a date: the year section takes what follows.
    if (edit == m_birthDate && text.front().isDigit() && m_birthDate->date() == NoDate) {
        m_birthDate->setDate(QDate(2000, 1, 1));
        m_birthDate->setCurrentSection(QDateTimeEdit::YearSection);
        m_birthDate->setSelectedSection(QDateTimeEdit::YearSection);
        return false;
    }
    // A full section moves on by itself; the separator typed after it would skip the next section,
    // so "1975-11-23" would become 1975-01-11. Swallow a separator that follows a separator.
    if (!text.front().isDigit() && (text.front().isPunct() || text.front().isSpace())) {
        const QLineEdit *line = edit->findChild<QLineEdit *>();
        if (!line)
            return false;
        const int pos = line->hasSelectedText() ? line->selectionStart() : line->cursorPosition();
        return pos > 0 && !line->text().at(pos - 1).isDigit();
    }
    return false;
}

void AccessionDialog::showError(const QString &text)
{
    m_message->setText(text);
    m_message->show();
}

void AccessionDialog::accept()
{
    if (m_type->currentIndex() < 0) {
        showError(tr("Choose the specimen type."));
        m_type->setFocus();
        return;
    }
    AccessionRequest request;
    request.barcode = m_barcode->text().trimmed();
    request.patient.mrn = m_mrn->text().trimmed();
    if (!request.patient.mrn.isEmpty()) {
        request.patient.name = m_name->text().trimmed();
        request.patient.birthDate =
            m_birthDate->date() == NoDate ? QString() : m_birthDate->date().toString(Qt::ISODate);
        request.patient.sex = m_sex->currentData().toString();
        if (!m_patientKnown) {
            // Say which field is missing rather than the accessioner's general complaint.
            if (request.patient.name.isEmpty()) {
                showError(tr("Enter the patient's name, or clear the MRN if the patient is not identified."));
                m_name->setFocus();
                return;
            }
            if (request.patient.birthDate.isEmpty()) {
                showError(tr("Enter the patient's date of birth."));
                m_birthDate->setFocus();
                return;
            }
            if (request.patient.sex.isEmpty()) {
                showError(tr("Choose the patient's sex (U when unknown)."));
                m_sex->setFocus();
                return;
            }
        }
    }
    request.specimenType = m_type->currentData().toString();
    request.container = m_container->currentData().toString();
    request.collectedAtMs = m_collectedAt->dateTime().toMSecsSinceEpoch();
    request.collector = m_collector->text().trimmed();
    request.priority = Accessioner::priorities().value(m_priority->checkedId(), QStringLiteral("routine"));
    request.tests = chosenTests();

    Result<QString> actor = m_lab.actor(m_actor);
    if (!actor) {
        showError(actor.error());
        return;
    }
    Result<Specimen> saved = m_lab.accessioner().accession(request, actor.value());
    if (!saved) {
        showError(saved.error());
        return;
    }
    m_accessioned = saved.value();
    m_message->hide();
    QDialog::accept();
}

} // namespace benchside
