// SPDX-License-Identifier: GPL-3.0-or-later
#include "specimen/specimenpage.h"

#include "accession/accessionnumber.h"
#include "custody/custodyrules.h"
#include "custody/custodystepdialog.h"
#include "custody/custodytimelinemodel.h"
#include "lab/lab.h"
#include "label/labeldialog.h"
#include "report/custodyreport.h"
#include "review/manualreview.h"
#include "review/reviewbanner.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace benchside {

namespace {

struct Colours
{
    const char *background;
    const char *text;
};

// One colour per status, so the state of a tube reads from across the bench.
Colours statusColours(const QString &status)
{
    if (status == QLatin1String("rejected"))
        return {"#c62828", "#ffffff"};
    if (status == QLatin1String("disposed"))
        return {"#4a4a4a", "#ffffff"};
    if (status == QLatin1String("in_transit"))
        return {"#e69500", "#1a1a1a"};
    if (status == QLatin1String("stored"))
        return {"#3949ab", "#ffffff"};
    if (status == QLatin1String("at_bench"))
        return {"#2e7d32", "#ffffff"};
    if (status == QLatin1String("accessioned"))
        return {"#cfd8dc", "#1a1a1a"};
    return {"#1565c0", "#ffffff"};
}

QString chipStyle(const char *background, const char *text, int pointSize)
{
    return QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; padding: 3px 10px; "
                          "font-weight: bold; font-size: %3pt; }")
        .arg(QLatin1String(background), QLatin1String(text))
        .arg(pointSize);
}

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                  : QString();
}

QString ago(qint64 ms)
{
    const qint64 minutes = (QDateTime::currentMSecsSinceEpoch() - ms) / 60'000;
    if (minutes < 1)
        return SpecimenPage::tr("just now");
    if (minutes < 60)
        return SpecimenPage::tr("%1 min ago").arg(minutes);
    if (minutes < 24 * 60)
        return SpecimenPage::tr("%1 h %2 min ago").arg(minutes / 60).arg(minutes % 60);
    return SpecimenPage::tr("%1 d %2 h ago").arg(minutes / (24 * 60)).arg(minutes % (24 * 60) / 60);
}

QString ageText(const QString &isoDate)
{
    const QDate dob = QDate::fromString(isoDate, Qt::ISODate);
    const QDate today = QDate::currentDate();
    if (!dob.isValid() || dob > today)
        return {};
    int years = today.year() - dob.year();
    if (today < dob.addYears(years))
        --years;
    if (years >= 2)
        return SpecimenPage::tr("%1 years").arg(years);
    int months = (today.year() - dob.year()) * 12 + today.month() - dob.month();
    if (today.day() < dob.day())
        --months;
    if (months >= 1)
        return SpecimenPage::tr("%1 months").arg(months);
    return SpecimenPage::tr("%1 days").arg(dob.daysTo(today));
}

QString sexText(const QString &sex)
{
    if (sex == QLatin1String("F"))
        return SpecimenPage::tr("Female");
    if (sex == QLatin1String("M"))
        return SpecimenPage::tr("Male");
    if (sex == QLatin1String("U"))
        return SpecimenPage::tr("Unknown");
    return sex;
}

QString link(const QString &accession)
{
    return QStringLiteral("<a href=\"%1\">%1</a>").arg(accession.toHtmlEscaped());
}

QLabel *valueLabel(QWidget *parent, const char *objectName)
{
    auto *l = new QLabel(parent);
    l->setObjectName(QLatin1String(objectName));
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setWordWrap(true);
    return l;
}

} // namespace

SpecimenPage::SpecimenPage(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    m_timeline = new CustodyTimelineModel(m_lab.specimens(), this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFindBar());

    m_messageBar = new QWidget(this);
    m_messageBar->setObjectName(QStringLiteral("messageBar"));
    auto *messageLayout = new QHBoxLayout(m_messageBar);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    m_message = new QLabel(m_messageBar);
    m_message->setObjectName(QStringLiteral("messageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(m_message, &QLabel::linkActivated, this, &SpecimenPage::showSpecimen);
    messageLayout->addWidget(m_message, 1);
    m_accessionButton = new QPushButton(m_messageBar);
    m_accessionButton->setObjectName(QStringLiteral("accessionButton"));
    connect(m_accessionButton, &QPushButton::clicked, this,
            [this] { emit accessionRequested(m_unknownCode); });
    messageLayout->addWidget(m_accessionButton);
    // Aliquots need labels before they leave the bench: offer them right where the step is confirmed.
    m_aliquotLabelsButton = new QPushButton(m_messageBar);
    m_aliquotLabelsButton->setObjectName(QStringLiteral("aliquotLabelsButton"));
    connect(m_aliquotLabelsButton, &QPushButton::clicked, this, [this] { openLabels(m_newAliquots); });
    m_aliquotLabelsButton->hide();
    messageLayout->addWidget(m_aliquotLabelsButton);
    m_messageBar->hide();
    layout->addWidget(m_messageBar);
    m_review = new ReviewBanner(m_lab, this);
    connect(m_review, &ReviewBanner::resolved, this, [this] { refresh(); });
    layout->addWidget(m_review);

    m_stack = new QStackedWidget(this);
    m_empty = new QLabel(tr("Scan a tube or type its accession number to see where it is and what "
                            "happened to it."),
                         m_stack);
    m_empty->setObjectName(QStringLiteral("emptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); font-size: 14pt; }"));
    m_stack->addWidget(m_empty);

    auto *content = new QWidget(m_stack);
    content->setObjectName(QStringLiteral("specimenContent"));
    auto *contentLayout = new QHBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    auto *left = new QVBoxLayout;
    left->addWidget(buildWhereHeader());
    left->addWidget(buildDetails());

    auto *timelineBox = new QGroupBox(tr("Chain of custody, newest first"), content);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    m_timelineView = new QTableView(timelineBox);
    m_timelineView->setObjectName(QStringLiteral("timelineView"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->setWordWrap(false);
    m_timelineView->verticalHeader()->hide();
    m_timelineView->horizontalHeader()->setStretchLastSection(true);
    m_timelineView->horizontalHeader()->setHighlightSections(false);
    for (int c : {CustodyTimelineModel::Time, CustodyTimelineModel::Step, CustodyTimelineModel::Actor,
                  CustodyTimelineModel::Station})
        m_timelineView->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_timelineView->horizontalHeader()->setSectionResizeMode(CustodyTimelineModel::Location,
                                                             QHeaderView::Interactive);
    m_timelineView->setColumnWidth(CustodyTimelineModel::Location, 280);
    timelineLayout->addWidget(m_timelineView);
    left->addWidget(timelineBox, 1);

    contentLayout->addLayout(left, 1);
    contentLayout->addWidget(buildActions());
    m_stack->addWidget(content);
    layout->addWidget(m_stack, 1);

    loadCatalogNames();
    clearSpecimen();
}

SpecimenPage::~SpecimenPage() = default;

QWidget *SpecimenPage::buildFindBar()
{
    auto *bar = new QWidget(this);
    auto *l = new QHBoxLayout(bar);
    l->setContentsMargins(0, 0, 0, 0);
    m_find = new QLineEdit(bar);
    m_find->setObjectName(QStringLiteral("findEdit"));
    m_find->setPlaceholderText(tr("Scan or type an accession number, then Enter"));
    m_find->setClearButtonEnabled(true);
    m_find->setMaxLength(AccessionNumber::MaxLength + 10);
    QFont f = m_find->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    m_find->setFont(f);
    auto *label = new QLabel(tr("Fi&nd specimen:"), bar);
    label->setBuddy(m_find);
    auto *go = new QPushButton(tr("Open"), bar);
    go->setObjectName(QStringLiteral("findButton"));
    connect(m_find, &QLineEdit::returnPressed, this, &SpecimenPage::findTyped);
    connect(go, &QPushButton::clicked, this, &SpecimenPage::findTyped);
    l->addWidget(label);
    l->addWidget(m_find, 1);
    l->addWidget(go);
    return bar;
}

QWidget *SpecimenPage::buildWhereHeader()
{
    auto *frame = new QFrame(this);
    frame->setObjectName(QStringLiteral("whereFrame"));
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setStyleSheet(QStringLiteral("#whereFrame { background: palette(base); }"));
    auto *v = new QVBoxLayout(frame);

    auto *top = new QHBoxLayout;
    m_accession = valueLabel(frame, "accessionLabel");
    m_accession->setWordWrap(false);
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSize(20);
    mono.setBold(true);
    m_accession->setFont(mono);
    top->addWidget(m_accession);
    m_priority = new QLabel(frame);
    m_priority->setObjectName(QStringLiteral("priorityLabel"));
    top->addWidget(m_priority);
    m_manualReview = new QLabel(frame);
    m_manualReview->setObjectName(QStringLiteral("manualReviewLabel"));
    m_manualReview->setStyleSheet(chipStyle("#6a1b9a", "#ffffff", 13));
    m_manualReview->hide();
    top->addWidget(m_manualReview);
    top->addStretch(1);
    m_family = new QLabel(frame);
    m_family->setObjectName(QStringLiteral("familyLabel"));
    m_family->setTextFormat(Qt::RichText);
    m_family->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(m_family, &QLabel::linkActivated, this, &SpecimenPage::showSpecimen);
    top->addWidget(m_family);
    v->addLayout(top);

    auto *where = new QHBoxLayout;
    m_status = new QLabel(frame);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    where->addWidget(m_status);
    m_location = valueLabel(frame, "locationLabel");
    QFont big = m_location->font();
    big.setPointSize(17);
    big.setBold(true);
    m_location->setFont(big);
    where->addWidget(m_location, 1);
    v->addLayout(where);

    m_since = valueLabel(frame, "sinceLabel");
    QFont since = m_since->font();
    since.setPointSizeF(since.pointSizeF() * 1.1);
    m_since->setFont(since);
    v->addWidget(m_since);
    return frame;
}

QWidget *SpecimenPage::buildDetails()
{
    auto *row = new QWidget(this);
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);

    auto *patient = new QGroupBox(tr("Patient"), row);
    auto *pf = new QFormLayout(patient);
    m_patientName = valueLabel(patient, "patientNameLabel");
    QFont bold = m_patientName->font();
    bold.setBold(true);
    m_patientName->setFont(bold);
    m_patientMrn = valueLabel(patient, "patientMrnLabel");
    m_patientDob = valueLabel(patient, "patientDobLabel");
    m_patientSex = valueLabel(patient, "patientSexLabel");
    pf->addRow(tr("Name:"), m_patientName);
    pf->addRow(tr("MRN:"), m_patientMrn);
    pf->addRow(tr("Born:"), m_patientDob);
    pf->addRow(tr("Sex:"), m_patientSex);
    h->addWidget(patient, 2);

    auto *specimen = new QGroupBox(tr("Specimen"), row);
    auto *sf = new QFormLayout(specimen);
    m_type = valueLabel(specimen, "specimenTypeLabel");
    m_container = valueLabel(specimen, "containerLabel");
    m_collected = valueLabel(specimen, "collectedLabel");
    m_accessioned = valueLabel(specimen, "accessionedLabel");
    sf->addRow(tr("Type:"), m_type);
    sf->addRow(tr("Container:"), m_container);
    sf->addRow(tr("Collected:"), m_collected);
    sf->addRow(tr("Accessioned:"), m_accessioned);
    h->addWidget(specimen, 3);

    auto *tests = new QGroupBox(tr("Ordered tests"), row);
    auto *tl = new QVBoxLayout(tests);
    m_tests = valueLabel(tests, "testsLabel");
    m_tests->setTextFormat(Qt::RichText);
    m_tests->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    tl->addWidget(m_tests);
    tl->addStretch(1);
    h->addWidget(tests, 3);
    return row;
}

QWidget *SpecimenPage::buildActions()
{
    auto *box = new QGroupBox(tr("Record a step"), this);
    box->setObjectName(QStringLiteral("actionsBox"));
    auto *v = new QVBoxLayout(box);
    static const struct
    {
        CustodyKind kind;
        const char *objectName;
    } steps[] = {
        {CustodyKind::Received, "receiveButton"},        {CustodyKind::Centrifuged, "centrifugeButton"},
        {CustodyKind::Aliquoted, "aliquotButton"},       {CustodyKind::Stored, "storeButton"},
        {CustodyKind::SentToBench, "sendToBenchButton"}, {CustodyKind::InTransit, "inTransitButton"},
        {CustodyKind::Retrieved, "retrieveButton"},      {CustodyKind::Disposed, "disposeButton"},
        {CustodyKind::Rejected, "rejectButton"},         {CustodyKind::Corrected, "correctButton"},
    };
    for (const auto &s : steps) {
        // Disposal, rejection and correction end or amend the chain: set them apart.
        if (s.kind == CustodyKind::Disposed)
            v->addSpacing(12);
        auto *b = new QPushButton(CustodyStepDialog::actionText(s.kind), box);
        b->setObjectName(QLatin1String(s.objectName));
        const CustodyKind kind = s.kind;
        connect(b, &QPushButton::clicked, this, [this, kind] { runStep(kind); });
        v->addWidget(b);
        m_stepButtons.insert(s.kind, b);
    }
    v->addSpacing(12);
    m_reportButton = new QPushButton(tr("Save custody report (&PDF)…"), box);
    m_reportButton->setObjectName(QStringLiteral("reportButton"));
    connect(m_reportButton, &QPushButton::clicked, this, &SpecimenPage::askReportPath);
    v->addWidget(m_reportButton);
    m_labelButton = new QPushButton(tr("Print &label…"), box);
    m_labelButton->setObjectName(QStringLiteral("labelButton"));
    m_labelButton->setShortcut(QKeySequence::Print);
    m_labelButton->setToolTip(tr("Tube label: print, PDF, PNG or ZPL (%1)")
                                  .arg(QKeySequence(QKeySequence::Print).toString(QKeySequence::NativeText)));
    connect(m_labelButton, &QPushButton::clicked, this, [this] {
        if (m_specimen)
            openLabels({m_specimen->accession});
    });
    v->addWidget(m_labelButton);
    m_manualReviewButton = new QPushButton(box);
    m_manualReviewButton->setObjectName(QStringLiteral("manualReviewButton"));
    connect(m_manualReviewButton, &QPushButton::clicked, this, &SpecimenPage::askManualReview);
    v->addWidget(m_manualReviewButton);
    v->addStretch(1);
    return box;
}

void SpecimenPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        hideMessage();
    m_actor = actor;
    m_review->setActor(actor);
}

QString SpecimenPage::currentAccession() const
{
    return m_specimen ? m_specimen->accession : QString();
}

void SpecimenPage::loadCatalogNames()
{
    m_users.clear();
    if (Result<QList<User>> users = m_lab.catalog().users()) {
        for (const User &u : users.value())
            m_users.insert(u.name, u.displayName);
    }
    m_types = Catalog::namesByCode(m_lab.catalog().specimenTypes());
    m_containers = Catalog::namesByCode(m_lab.catalog().containers());
    m_benches = Catalog::namesByCode(m_lab.catalog().benches());
    m_timeline->setUserNames(m_users);
}

QString SpecimenPage::userName(const QString &id) const
{
    return m_users.value(id, id);
}

void SpecimenPage::findTyped()
{
    // People type in lower case; accession numbers are upper case only.
    const QString code = m_find->text().trimmed().toUpper();
    const AccessionNumber::Problem problem = AccessionNumber::validate(code);
    if (problem != AccessionNumber::Problem::None) {
        showMessage(Tone::Error, AccessionNumber::problemText(problem, code));
        m_find->selectAll();
        return;
    }
    showSpecimen(code);
}

void SpecimenPage::showSpecimen(const QString &accession)
{
    hideMessage();
    m_find->setText(accession);
    m_find->selectAll();
    const QString code = accession.trimmed();
    const AccessionNumber::Problem problem = AccessionNumber::validate(code);
    if (problem != AccessionNumber::Problem::None) {
        clearSpecimen();
        showMessage(Tone::Error, AccessionNumber::problemText(problem, code));
        return;
    }
    Result<std::optional<Specimen>> found = m_lab.specimens().find(code);
    if (!found) {
        clearSpecimen();
        showMessage(Tone::Error, found.error());
        return;
    }
    if (!found.value()) {
        clearSpecimen();
        m_unknownCode = code;
        showMessage(Tone::Warning, tr("No specimen %1 is known at this station. If this is a pre-printed "
                                      "label on a new tube, accession it.")
                                       .arg(code));
        m_accessionButton->setText(tr("&Accession %1…").arg(code));
        m_accessionButton->show();
        return;
    }
    if (m_users.isEmpty() || !m_types.contains(found.value()->specimenType))
        loadCatalogNames();
    display(*found.value());
}

void SpecimenPage::focusFind()
{
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void SpecimenPage::refresh()
{
    if (!m_specimen)
        return;
    Result<std::optional<Specimen>> found = m_lab.specimens().find(m_specimen->accession);
    if (!found) {
        showMessage(Tone::Error, found.error());
        return;
    }
    if (!found.value()) {
        clearSpecimen();
        return;
    }
    display(*found.value());
}

void SpecimenPage::clearSpecimen()
{
    m_specimen.reset();
    m_manualReview->hide();
    m_review->hide();
    m_timeline->clear();
    m_stack->setCurrentWidget(m_empty);
    updateActions();
}

void SpecimenPage::display(const Specimen &s)
{
    m_specimen = s;
    m_review->showFor(s.accession);
    if (Status loaded = m_timeline->load(s.accession); !loaded)
        showMessage(Tone::Error, loaded.error());

    m_accession->setText(s.accession);
    m_manualReview->setVisible(s.manualReview.has_value());
    if (s.manualReview) {
        m_manualReview->setText(tr("Manual review"));
        m_manualReview->setToolTip(*s.manualReview);
    }
    if (s.priority == QLatin1String("stat")) {
        m_priority->setText(tr("STAT"));
        m_priority->setStyleSheet(chipStyle("#d50000", "#ffffff", 16));
    } else if (s.priority == QLatin1String("asap")) {
        m_priority->setText(tr("ASAP"));
        m_priority->setStyleSheet(chipStyle("#ffb300", "#1a1a1a", 13));
    } else {
        m_priority->setText(tr("Routine"));
        m_priority->setStyleSheet(QStringLiteral("QLabel { color: palette(mid); font-size: 12pt; }"));
    }

    QStringList family;
    if (!s.parent.isEmpty())
        family << tr("Aliquot of %1").arg(link(s.parent));
    if (!s.children.isEmpty()) {
        QStringList links;
        for (const QString &c : s.children)
            links << link(c);
        family << tr("Aliquots: %1").arg(links.join(QStringLiteral(", ")));
    }
    m_family->setText(family.join(QStringLiteral("<br/>")));
    m_family->setVisible(!family.isEmpty());

    const Colours colours = statusColours(s.status);
    m_status->setText(CustodyKinds::statusLabel(s.status));
    m_status->setStyleSheet(chipStyle(colours.background, colours.text, 16));
    m_location->setText(s.location.isEmpty() ? tr("location not recorded") : s.location);

    const QList<CustodyEntry> &entries = m_timeline->entries();
    const int current = CustodyTimelineModel::currentStepRow(entries);
    if (current >= 0) {
        const CustodyEntry &e = entries.at(current);
        QString since = tr("since %1 (%2) · %3 by %4 at station %5")
                            .arg(timeText(e.atMs), ago(e.atMs), CustodyKinds::label(e.kind),
                                 userName(e.actor), e.station);
        if (const QString why = CustodyTimelineModel::describe(e); !why.isEmpty())
            since += QStringLiteral(" · ") + why;
        m_since->setText(since);
    } else {
        m_since->clear();
    }

    if (s.patient.mrn.isEmpty()) {
        m_patientName->setText(tr("Patient not identified"));
        m_patientMrn->clear();
        m_patientDob->clear();
        m_patientSex->clear();
    } else {
        m_patientName->setText(s.patient.name);
        m_patientMrn->setText(s.patient.mrn);
        const QString age = ageText(s.patient.birthDate);
        m_patientDob->setText(age.isEmpty() ? s.patient.birthDate
                                            : tr("%1 (%2)").arg(s.patient.birthDate, age));
        m_patientSex->setText(sexText(s.patient.sex));
    }
    m_type->setText(m_types.value(s.specimenType, s.specimenType));
    m_container->setText(m_containers.value(s.container, s.container));
    m_collected->setText(s.collector.isEmpty() ? timeText(s.collectedAtMs)
                                               : tr("%1 by %2").arg(timeText(s.collectedAtMs), s.collector));
    m_accessioned->setText(tr("%1 by %2").arg(timeText(s.accessionedAtMs), userName(s.accessionedBy)));

    // Tests grouped by the bench that runs them, the way the tube will travel.
    QMap<QString, QStringList> byBench;
    for (const TestOrder &o : s.orders) {
        QString t =
            QStringLiteral("<b>%1</b> %2").arg(o.testCode.toHtmlEscaped(), o.testName.toHtmlEscaped());
        if (o.status == QLatin1String("cancelled"))
            t = QStringLiteral("<s>%1</s> <i>%2</i>").arg(t, tr("cancelled"));
        byBench[m_benches.value(o.bench, o.bench)] << t;
    }
    QStringList lines;
    for (auto it = byBench.cbegin(); it != byBench.cend(); ++it)
        lines << QStringLiteral("<u>%1</u>: %2")
                     .arg(it.key().toHtmlEscaped(), it.value().join(QStringLiteral(", ")));
    m_tests->setText(lines.isEmpty() ? tr("<i>none</i>") : lines.join(QStringLiteral("<br/>")));

    m_stack->setCurrentIndex(1);
    updateActions();
}

void SpecimenPage::updateActions()
{
    for (auto it = m_stepButtons.cbegin(); it != m_stepButtons.cend(); ++it) {
        if (!m_specimen) {
            it.value()->setEnabled(false);
            it.value()->setToolTip(QString());
            continue;
        }
        // Ask the rules with everything a dialog would supply, so only the specimen's state decides.
        const CustodyRules::Step probe{
            it.key(), QStringLiteral("-"), Catalog::rejectionReasons().first().code, QStringLiteral("-"), 1,
            {}};
        const CustodyRules::Check check = CustodyRules::check(*m_specimen, probe);
        it.value()->setEnabled(check.allowed());
        it.value()->setToolTip(check.allowed() ? QString() : check.message);
    }
    m_reportButton->setEnabled(m_specimen.has_value());
    m_labelButton->setEnabled(m_specimen.has_value());
    m_manualReviewButton->setEnabled(m_specimen.has_value());
    m_manualReviewButton->setText(markedForReview() ? tr("Clear &manual review…")
                                                    : tr("Hold for &manual review…"));
    m_manualReviewButton->setToolTip(
        markedForReview()
            ? tr("Let the autoverification rules release this tube's results again")
            : tr("Autoverification releases none of this tube's results until the mark is cleared"));
}

std::optional<QString> SpecimenPage::resolvedActor()
{
    Result<QString> actor = m_lab.actor(m_actor);
    if (!actor) {
        showMessage(Tone::Error, actor.error());
        return std::nullopt;
    }
    return actor.value();
}

void SpecimenPage::runStep(CustodyKind kind)
{
    if (!m_specimen)
        return;
    const std::optional<QString> actor = resolvedActor();
    if (!actor)
        return;
    if (!CustodyStepDialog::needsDialog(kind)) {
        const CustodyRules::Step step{kind, {}, {}, {}, 0, {}};
        Result<CustodyService::Recorded> r = m_lab.custody().record(m_specimen->accession, step, *actor);
        if (!r) {
            // The specimen may have changed since it was shown (another station, a scan): show
            // why nothing was recorded, next to what is true now.
            const QString message = r.error();
            refresh();
            showMessage(Tone::Error, message);
            return;
        }
        stepRecorded(kind, r.value().aliquots);
        return;
    }
    auto *dialog = new CustodyStepDialog(m_lab, *m_specimen, kind, *actor, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const std::optional<CustodyService::Recorded> &r = dialog->recorded();
        stepRecorded(dialog->kind(), r ? r->aliquots : QStringList());
    });
    dialog->open();
}

void SpecimenPage::stepRecorded(CustodyKind kind, const QStringList &aliquots)
{
    const QString accession = m_specimen->accession;
    refresh();
    const QString step = CustodyKinds::label(QString::fromLatin1(CustodyKinds::info(kind).eventKind));
    if (aliquots.isEmpty()) {
        showMessage(Tone::Success, tr("%1 recorded for %2.").arg(step, accession));
    } else {
        QStringList links;
        for (const QString &a : aliquots)
            links << link(a);
        showMessage(Tone::Success,
                    tr("%1 recorded for %2: %3.")
                        .arg(step.toHtmlEscaped(), accession, links.join(QStringLiteral(", "))),
                    Qt::RichText);
        m_newAliquots = aliquots;
        m_aliquotLabelsButton->setText(tr("Print &labels for %n aliquot(s)…", nullptr, int(aliquots.size())));
        m_aliquotLabelsButton->show();
    }
    emit specimenChanged(accession);
}

void SpecimenPage::showAccessioned(const QString &accession, bool numberAssigned)
{
    showSpecimen(accession);
    const QString number = QStringLiteral("<span style=\"font-size: x-large; font-weight: bold;\">%1</span>")
                               .arg(accession.toHtmlEscaped());
    showMessage(Tone::Success,
                numberAssigned
                    ? tr("Accessioned as %1. This number is on no tube yet: print its label, put it "
                         "on the tube, then scan the tube at Receiving.")
                          .arg(number)
                    : tr("Accessioned as %1, the tube's pre-printed label. Scan the tube at "
                         "Receiving to receive it.")
                          .arg(number),
                Qt::RichText);
    if (numberAssigned) {
        m_newAliquots = {accession}; // the labels the message bar's button prints
        m_aliquotLabelsButton->setText(tr("Print &label…"));
        m_aliquotLabelsButton->show();
    }
}

void SpecimenPage::askManualReview()
{
    if (!m_specimen)
        return;
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, markedForReview() ? tr("Clear manual review") : tr("Hold for manual review"),
        markedForReview()
            ? tr("Why may the rules release %1's results again?").arg(m_specimen->accession)
            : tr("Why must a person see %1's results before release?").arg(m_specimen->accession),
        QLineEdit::Normal, QString(), &ok);
    if (ok)
        setManualReview(!markedForReview(), reason);
}

bool SpecimenPage::setManualReview(bool marked, const QString &reason)
{
    if (!m_specimen)
        return false;
    const std::optional<QString> actor = resolvedActor();
    if (!actor)
        return false;
    ManualReview review(m_lab.store(), m_lab.catalog());
    const QString accession = m_specimen->accession;
    Result<Event> done =
        marked ? review.mark(accession, reason, *actor) : review.clear(accession, reason, *actor);
    if (!done) {
        showMessage(Tone::Error, done.error());
        return false;
    }
    refresh();
    showMessage(Tone::Success, marked ? tr("%1 is held for manual review: autoverification releases none of "
                                           "its results.")
                                            .arg(accession)
                                      : tr("%1 is no longer held for manual review.").arg(accession));
    return true;
}

void SpecimenPage::askReportPath()
{
    if (!m_specimen)
        return;
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString suggested =
        QDir(dir).filePath(tr("custody-%1.pdf", "file name of a custody report").arg(m_specimen->accession));
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save custody report"), suggested, tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        path += QStringLiteral(".pdf");
    saveReport(path);
}

bool SpecimenPage::saveReport(const QString &path)
{
    if (!m_specimen)
        return false;
    Result<CustodyReport> report = CustodyReport::forSpecimen(m_lab, m_specimen->accession);
    if (!report) {
        showMessage(Tone::Error, report.error());
        return false;
    }
    Result<QString> actor = m_lab.actor(m_actor);
    if (actor)
        report.value().setProducedBy(actor.value());
    Result<int> pages = report.value().writePdf(path);
    if (!pages) {
        showMessage(Tone::Error, pages.error());
        return false;
    }
    showMessage(Tone::Success, tr("Custody report of %1 saved to %2 (%n page(s)).", nullptr, pages.value())
                                   .arg(m_specimen->accession, QDir::toNativeSeparators(path)));
    return true;
}

void SpecimenPage::openLabels(const QStringList &accessions)
{
    if (accessions.isEmpty())
        return;
    auto *dialog = new LabelDialog(m_lab, accessions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void SpecimenPage::showMessage(Tone tone, const QString &text, Qt::TextFormat format)
{
    static const char *const styles[] = {
        "QLabel { background: #e8f0fe; color: #0b2e59; border: 1px solid #a8c4f0; padding: 8px; }",
        "QLabel { background: #e6f4ea; color: #0d3d1a; border: 1px solid #8cc79b; padding: 8px; }",
        "QLabel { background: #fff4e5; color: #5a3300; border: 1px solid #f0b860; padding: 8px; }",
        "QLabel { background: #fdecea; color: #7a0000; border: 1px solid #e0a0a0; padding: 8px; "
        "font-weight: bold; }",
    };
    m_message->setStyleSheet(QLatin1String(styles[static_cast<int>(tone)]));
    m_message->setTextFormat(format);
    m_message->setText(text);
    if (tone != Tone::Warning || m_unknownCode.isEmpty())
        m_accessionButton->hide();
    m_aliquotLabelsButton->hide();
    m_messageBar->show();
}

void SpecimenPage::hideMessage()
{
    m_unknownCode.clear();
    m_accessionButton->hide();
    m_aliquotLabelsButton->hide();
    m_message->clear();
    m_messageBar->hide();
}

} // namespace benchside
