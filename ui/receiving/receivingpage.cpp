// SPDX-License-Identifier: GPL-3.0-or-later
#include "receiving/receivingpage.h"

#include "accession/accessionnumber.h"
#include "camera/cameraview.h"
#include "lab/lab.h"
#include "receiving/outcomestyle.h"
#include "receiving/scanfeedbackpanel.h"
#include "scan/scanlogmodel.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace benchside {

namespace {
constexpr int WarningBeeps = 3;
constexpr int BeepGapMs = 150;

// Colours the outcome cell as the feedback panel was coloured, so the list reads at a glance.
class OutcomeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const OutcomeStyle style =
            OutcomeStyle::of(ScanOutcome::Type(index.data(ScanLogModel::OutcomeTypeRole).toInt()));
        option->backgroundBrush = style.background;
        option->palette.setColor(QPalette::Text, style.foreground);
        option->palette.setColor(QPalette::HighlightedText, style.foreground);
        option->font.setBold(true);
    }
};
} // namespace

ReceivingPage::ReceivingPage(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    setObjectName(QStringLiteral("receivingPage"));
    if (Result<QList<CodeName>> types = m_lab.catalog().specimenTypes())
        for (const CodeName &t : types.value())
            m_typeNames.insert(t.code, t.name);

    auto *heading = new QLabel(tr("<b>Receiving</b> at %1 — scan each tube as it arrives.")
                                   .arg(m_lab.station().defaultLocation.toHtmlEscaped()),
                               this);
    heading->setObjectName(QStringLiteral("receivingHeading"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    heading->setFont(headingFont);

    m_panel = new ScanFeedbackPanel(this);
    m_panel->setMinimumHeight(340);
    connect(m_panel, &ScanFeedbackPanel::accessionRequested, this, &ReceivingPage::accessionRequested);
    connect(m_panel, &ScanFeedbackPanel::specimenRequested, this, &ReceivingPage::specimenRequested);

    m_entry = new QLineEdit(this);
    m_entry->setObjectName(QStringLiteral("manualEntry"));
    m_entry->setPlaceholderText(tr("Type an accession number and press Enter"));
    m_entry->setClearButtonEnabled(true);
    QFont entryFont = m_entry->font();
    entryFont.setPointSizeF(entryFont.pointSizeF() * 1.3);
    m_entry->setFont(entryFont);
    auto *entryLabel = new QLabel(tr("&Manual entry:"), this);
    entryLabel->setBuddy(m_entry);
    auto *receiveButton = new QPushButton(tr("Receive"), this);
    receiveButton->setObjectName(QStringLiteral("manualReceiveButton"));
    const auto submit = [this] {
        // People type in lower case; accession numbers are upper case only, and a typed "a" is not
        // the keyboard-layout fault that characters outside the alphabet point to when scanned.
        const QString code = m_entry->text().trimmed().toUpper();
        if (code.isEmpty())
            return;
        m_entry->clear();
        receive(code);
    };
    connect(m_entry, &QLineEdit::returnPressed, this, submit);
    connect(receiveButton, &QPushButton::clicked, this, submit);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("receivedCount"));
    QFont countFont = m_count->font();
    countFont.setPointSizeF(countFont.pointSizeF() * 1.5);
    countFont.setBold(true);
    m_count->setFont(countFont);

    m_log = new ScanLogModel(this);
    const auto updateCount = [this](int n) {
        m_count->setText(tr("%n received this session", "", n));
    };
    connect(m_log, &ScanLogModel::receivedCountChanged, this, updateCount);
    updateCount(0);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("scanLog"));
    m_table->setModel(m_log);
    m_table->setItemDelegateForColumn(ScanLogModel::Outcome, new OutcomeDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Widths from what the columns can hold, not from the rows so far, so they never jump or clip.
    QHeaderView *header = m_table->horizontalHeader();
    const QFontMetrics metrics(m_table->font());
    const int padding = 3 * metrics.averageCharWidth();
    QFont bold = m_table->font();
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold); // the delegate draws outcomes in bold
    int outcomeWidth = 0;
    for (int t = 0; t <= int(ScanOutcome::Type::Failed); ++t) // Failed is the last type
        outcomeWidth =
            std::max(outcomeWidth, boldMetrics.horizontalAdvance(ScanLogModel::label(ScanOutcome::Type(t))));
    header->resizeSection(ScanLogModel::Time,
                          metrics.horizontalAdvance(QStringLiteral("00:00:00")) + padding);
    header->resizeSection(ScanLogModel::Code,
                          metrics.horizontalAdvance(QString(AccessionNumber::MaxLength, QLatin1Char('0'))) +
                              padding);
    header->resizeSection(ScanLogModel::Outcome, outcomeWidth + padding);
    header->setSectionResizeMode(ScanLogModel::Message, QHeaderView::Stretch);
    header->setHighlightSections(false);

    auto *entryRow = new QHBoxLayout;
    m_entryRow = entryRow;
    entryRow->addWidget(entryLabel);
    entryRow->addWidget(m_entry, 2);
    entryRow->addWidget(receiveButton);
    entryRow->addStretch(1);
    entryRow->addWidget(m_count);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addWidget(heading);
    m_panelRow = new QHBoxLayout;
    m_panelRow->addWidget(m_panel, 1);
    layout->addLayout(m_panelRow);
    layout->addLayout(entryRow);
    layout->addWidget(m_table, 1);

    m_beeps.setInterval(BeepGapMs);
    connect(&m_beeps, &QTimer::timeout, this, [this] {
        QApplication::beep();
        if (--m_beepsLeft <= 0)
            m_beeps.stop();
    });
    setFocusProxy(m_entry);
}

void ReceivingPage::setActor(const QString &actor)
{
    m_actor = actor;
}

void ReceivingPage::receive(const QString &code)
{
    const ScanOutcome outcome = m_lab.scanner().process(code, ScanProcessor::Action::Receive, m_actor);
    // An unknown tube is offered for accessioning by the panel's Accession… button; the form does not
    // open by itself, or the next tubes of the batch would be scanned into it (decision 68).
    show(outcome);
}

void ReceivingPage::showRefusedScan(const QString &code)
{
    ScanOutcome outcome;
    outcome.type = ScanOutcome::Type::Failed;
    outcome.code = code;
    outcome.message = tr("Not received: scanned while a dialog was open. Scan the tube again.");
    m_log->add(outcome);
    m_table->scrollToTop();
    m_panel->showProblem(OutcomeStyle::scanRefused(), QStringLiteral("scan-refused"), code, outcome.message);
}

void ReceivingPage::showIncompleteScan(const QString &code)
{
    ScanOutcome outcome;
    outcome.type = ScanOutcome::Type::Incomplete;
    outcome.code = code;
    outcome.message = tr("The scanner sent \"%1\" without its Enter/Tab suffix.").arg(code);
    show(outcome);
}

void ReceivingPage::showImageProblem(const QString &source, const QString &message)
{
    m_panel->showProblem(OutcomeStyle::imageNotRead(), QStringLiteral("image-not-read"), source, message);
    sound(true);
}

void ReceivingPage::show(const ScanOutcome &outcome)
{
    m_log->add(outcome);
    m_table->scrollToTop();
    const QString typeName = outcome.specimen ? m_typeNames.value(outcome.specimen->specimenType) : QString();
    m_panel->showOutcome(outcome, typeName);
    sound(OutcomeStyle::of(outcome.type).warning);
    emit outcomeShown(outcome, typeName);
}

void ReceivingPage::setCameraFeed(CameraFeed &feed)
{
    if (m_cameraButton)
        return;
    m_cameraButton = new QPushButton(tr("&Camera"), this);
    m_cameraButton->setObjectName(QStringLiteral("receivingCameraButton"));
    m_cameraButton->setCheckable(true);
    m_cameraButton->setToolTip(tr("Read tubes held under the station's camera, beside the scanner."));
    m_cameraView = new CameraView(feed, this);
    m_cameraView->setObjectName(QStringLiteral("receivingCameraView"));
    m_cameraView->setMinimumWidth(400);
    m_cameraView->hide();
    m_panelRow->addWidget(m_cameraView, 1);
    m_entryRow->insertWidget(3, m_cameraButton);
    connect(m_cameraButton, &QPushButton::toggled, this, [this](bool on) {
        m_cameraView->setVisible(on);
        emit cameraToggled(on);
    });
}

bool ReceivingPage::cameraOn() const
{
    return m_cameraButton && m_cameraButton->isChecked();
}

void ReceivingPage::sound(bool warning)
{
    // A new scan cuts short the pattern of the previous one, so the sound always matches the panel.
    m_beeps.stop();
    QApplication::beep();
    m_beepsLeft = warning ? WarningBeeps - 1 : 0;
    if (m_beepsLeft > 0)
        m_beeps.start();
}

} // namespace benchside
