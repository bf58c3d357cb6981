// SPDX-License-Identifier: GPL-3.0-or-later
#include "instruments/instrumentspage.h"

#include "analyzer/analyzerhost.h"
#include "analyzer/analyzerlinemodel.h"
#include "analyzer/analyzerregistry.h"
#include "analyzer/unmatchedmodel.h"
#include "analyzer/unmatchedreadings.h"
#include "instruments/analyzerdialog.h"
#include "lab/lab.h"
#include "scan/scanrefusal.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace benchside {

namespace {
// How long the lines' raw transcripts are kept, as `analyzer serve` keeps them by default.
constexpr int TranscriptDays = 30;

QTableView *table(const QString &name, QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    // Widths follow the contents when rows come in or change, not at every refresh.
    const auto fit = [view] {
        view->resizeColumnsToContents();
    };
    QObject::connect(model, &QAbstractItemModel::modelReset, view, fit);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, fit);
    return view;
}
} // namespace

InstrumentsPage::InstrumentsPage(Lab &lab, QWidget *parent)
    : QWidget(parent), m_lab(lab),
      m_registry(std::make_unique<AnalyzerRegistry>(lab.store(), lab.permissions(), lab.catalog())),
      m_readings(std::make_unique<UnmatchedReadings>(lab))
{
    setObjectName(QStringLiteral("instrumentsPage"));
    m_lineModel = new AnalyzerLineModel(*m_registry, this);
    m_unmatchedModel = new UnmatchedModel(*m_readings, this);

    m_hostState = new QLabel(this);
    m_hostState->setObjectName(QStringLiteral("analyzerHostState"));
    m_hostState->setWordWrap(true);
    m_start = new QPushButton(tr("S&tart lines"), this);
    m_start->setObjectName(QStringLiteral("startLinesButton"));
    m_stop = new QPushButton(tr("Sto&p lines"), this);
    m_stop->setObjectName(QStringLiteral("stopLinesButton"));
    m_analyzers = new QPushButton(tr("&Analyzers…"), this);
    m_analyzers->setObjectName(QStringLiteral("analyzersButton"));
    connect(m_start, &QPushButton::clicked, this, &InstrumentsPage::startLines);
    connect(m_stop, &QPushButton::clicked, this, &InstrumentsPage::stopLines);
    connect(m_analyzers, &QPushButton::clicked, this, &InstrumentsPage::editAnalyzers);
    auto *hostLine = new QHBoxLayout;
    hostLine->addWidget(m_hostState, 1);
    hostLine->addWidget(m_start);
    hostLine->addWidget(m_stop);
    hostLine->addWidget(m_analyzers);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("instrumentsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_lines = table(QStringLiteral("analyzerLinesTable"), m_lineModel, this);
    // States change under the view: the widths follow, but a long serial device path does not push the
    // counts and the reason out of sight (the whole of it is in Station ▸ Analyzers).
    const auto fitLines = [this] {
        m_lines->resizeColumnsToContents();
        const int widest = m_lines->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 24;
        if (m_lines->columnWidth(AnalyzerLineModel::Where) > widest)
            m_lines->setColumnWidth(AnalyzerLineModel::Where, widest);
    };
    connect(m_lineModel, &QAbstractItemModel::dataChanged, m_lines, fitLines);
    connect(m_lineModel, &QAbstractItemModel::modelReset, m_lines, fitLines);
    connect(m_lineModel, &QAbstractItemModel::rowsInserted, m_lines, fitLines);
    m_today = new QLabel(this);
    m_today->setObjectName(QStringLiteral("takenToday"));
    auto *lines = new QWidget(this);
    auto *linesLayout = new QVBoxLayout(lines);
    linesLayout->setContentsMargins(0, 0, 0, 0);
    linesLayout->addWidget(m_lines, 1);
    linesLayout->addWidget(m_today);

    m_unmatchedTitle = new QLabel(this);
    m_unmatchedTitle->setObjectName(QStringLiteral("unmatchedTitle"));
    m_unmatched = table(QStringLiteral("unmatchedTable"), m_unmatchedModel, this);
    m_match = new QPushButton(tr("&Match to tube…"), this);
    m_match->setObjectName(QStringLiteral("matchButton"));
    m_discard = new QPushButton(tr("&Discard…"), this);
    m_discard->setObjectName(QStringLiteral("discardReadingButton"));
    connect(m_match, &QPushButton::clicked, this, &InstrumentsPage::matchSelected);
    connect(m_discard, &QPushButton::clicked, this, &InstrumentsPage::discardSelected);
    connect(m_unmatched->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &InstrumentsPage::updateActions);
    connect(m_unmatched, &QTableView::doubleClicked, this, &InstrumentsPage::matchSelected);
    auto *unmatchedTools = new QHBoxLayout;
    unmatchedTools->addWidget(m_unmatchedTitle, 1);
    unmatchedTools->addWidget(m_match);
    unmatchedTools->addWidget(m_discard);
    auto *unmatched = new QWidget(this);
    auto *unmatchedLayout = new QVBoxLayout(unmatched);
    unmatchedLayout->setContentsMargins(0, 4, 0, 0);
    unmatchedLayout->addLayout(unmatchedTools);
    unmatchedLayout->addWidget(m_unmatched, 1);
    m_unknownQueries = new QLabel(this);
    m_unknownQueries->setObjectName(QStringLiteral("unknownQueries"));
    m_unknownQueries->setWordWrap(true);
    m_unknownQueries->hide();
    unmatchedLayout->addWidget(m_unknownQueries);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(lines);
    split->addWidget(unmatched);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    // A station has a few analyzers and, on a bad day, many readings waiting.
    split->setSizes({180, 420});

    auto *title = new QLabel(tr("<b>Instruments</b> — analyzers on ASTM lines: their results go into the "
                                "worklist; what cannot be entered waits here for a person."),
                             this);
    title->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(hostLine);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    m_timer.setInterval(RefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &InstrumentsPage::refresh);
    m_soon.setSingleShot(true);
    m_soon.setInterval(100);
    connect(&m_soon, &QTimer::timeout, this, &InstrumentsPage::refresh);
    showHostState();
    showTakenToday();
    updateActions();
}

InstrumentsPage::~InstrumentsPage() = default;

void InstrumentsPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        m_message->hide();
    m_actor = actor;
    showHostState();
    updateActions();
}

void InstrumentsPage::setHost(AnalyzerHost *host)
{
    if (m_host)
        m_host->disconnect(this);
    m_host = host;
    if (host) {
        connect(host, &AnalyzerHost::stateChanged, this, [this](AnalyzerHost::State state) {
            if (state != AnalyzerHost::State::Running)
                m_lineModel->stopAll();
            showHostState();
        });
        connect(host, &AnalyzerHost::lineChanged, this,
                [this](const QString &name, AstmConnection::State state, const QString &detail) {
                    m_lineModel->setLine(name, state, detail);
                    showHostState();
                });
        connect(host, &AnalyzerHost::taken, this,
                [this](const QString &name, int, int matched, int unmatched, int held) {
                    m_lineModel->addTaken(name, matched, unmatched, held);
                    showTakenToday();
                    if (unmatched > 0 || held > 0)
                        refreshSoon();
                });
        connect(host, &AnalyzerHost::logged, this,
                [this](const QString &name, const QString &level, const QString &text) {
                    // A line's own state changes ("Error: …") are in the table with their reason; what
                    // else goes wrong (a message not taken in, a refused connection) is said here.
                    if (level == QLatin1String("info") || text.startsWith(QLatin1String("Error: ")))
                        return;
                    showMessage(tr("%1: %2").arg(name, text),
                                level == QLatin1String("error") ? Tone::Error : Tone::Warning);
                });
        for (const AnalyzerHost::Line &l : host->lines())
            m_lineModel->setLine(l.name, l.state, l.detail);
    } else {
        m_lineModel->stopAll();
    }
    showHostState();
}

void InstrumentsPage::showEvent(QShowEvent *event)
{
    refresh();
    m_timer.start();
    QWidget::showEvent(event);
}

void InstrumentsPage::hideEvent(QHideEvent *event)
{
    m_timer.stop();
    QWidget::hideEvent(event);
}

void InstrumentsPage::refreshSoon()
{
    // A burst of messages is one refresh, and none while the page is not on screen.
    if (isVisible() && !m_soon.isActive())
        m_soon.start();
}

void InstrumentsPage::refresh()
{
    QStringList errors;
    for (const Status &s : {m_lineModel->reload(), m_unmatchedModel->reload()}) {
        if (!s)
            errors << s.error();
    }
    if (!errors.isEmpty())
        showMessage(errors.join(QLatin1Char('\n')), Tone::Error);
    const int open = m_unmatchedModel->rowCount();
    m_unmatchedTitle->setText(
        open == 0 ? tr("<b>Unmatched readings</b>: none — every reading was entered or dealt with.")
                  : tr("<b>Unmatched readings</b>: %n waiting to be matched to a tube or discarded.", nullptr,
                       open));
    showTakenToday();
    showUnknownQueries();
    updateActions();
}

void InstrumentsPage::showUnknownQueries()
{
    // Since the start of the day: a tube an analyzer asks about that nobody ordered here is a tube
    // someone must find (or a label the analyzer misread).
    Result<QList<UnknownQuery>> asked = UnmatchedReadings(m_lab).unknownQueries(
        QDateTime(QDate::currentDate(), QTime(0, 0)).toMSecsSinceEpoch());
    if (!asked) {
        showMessage(asked.error(), Tone::Error);
        return;
    }
    QStringList seen;
    for (const UnknownQuery &q : asked.value())
        seen << tr("%1 (%2, %3)")
                    .arg(q.specimenId, q.analyzer,
                         QDateTime::fromMSecsSinceEpoch(q.atMs).toString(QStringLiteral("HH:mm")));
    m_unknownQueries->setVisible(!seen.isEmpty());
    m_unknownQueries->setText(
        tr("<b>Asked about, not known here today</b>: %1").arg(seen.join(QStringLiteral(", "))));
}

void InstrumentsPage::showHostState()
{
    const bool bench = m_lab.permissions().check(m_actor, Permission::BenchWork).ok();
    const bool administrator = m_lab.permissions().check(m_actor, Permission::ChangeSettings).ok();
    const AnalyzerHost::State state = m_host ? m_host->state() : AnalyzerHost::State::Stopped;
    const bool running = state == AnalyzerHost::State::Running || state == AnalyzerHost::State::Starting;
    // Starting the lines only lets results in that the analyzers already hold; stopping them leaves
    // the analyzers with nowhere to send: a station decision, like the HL7 listener's.
    m_start->setEnabled(m_host && bench && !running);
    m_stop->setEnabled(m_host && administrator && state != AnalyzerHost::State::Stopped);
    m_stop->setToolTip(administrator ? QString() : tr("Administrators stop the analyzer lines."));
    m_analyzers->setEnabled(administrator);
    m_analyzers->setToolTip(administrator ? tr("Add an analyzer, change where its line is, load its map")
                                          : tr("Administrators set up analyzers."));
    QString text;
    QString style;
    if (!m_host) {
        text = tr("The analyzer lines do not run in this window.");
    } else {
        switch (state) {
        case AnalyzerHost::State::Stopped:
            text = tr("Analyzer lines stopped: results stay on the analyzers until they are started.");
            break;
        case AnalyzerHost::State::Starting:
            text = tr("Analyzer lines starting…");
            break;
        case AnalyzerHost::State::Running: {
            int up = 0;
            int failing = 0;
            for (const AnalyzerHost::Line &l : m_host->lines()) {
                up += l.state == AstmConnection::State::Connected ||
                      l.state == AstmConnection::State::Listening;
                failing += l.state == AstmConnection::State::Error;
            }
            text = tr("Analyzer lines running: %1 of %2 connected or listening")
                       .arg(up)
                       .arg(m_host->lines().size());
            if (failing > 0)
                text += tr(" · %n with an error", nullptr, failing);
            style = failing > 0 ? QStringLiteral("QLabel { color: #7a0000; font-weight: bold; }")
                                : QStringLiteral("QLabel { color: #0d3d1a; font-weight: bold; }");
            break;
        }
        case AnalyzerHost::State::Failed:
            text = tr("Analyzer lines not running: %1").arg(m_host->error());
            style = QStringLiteral("QLabel { color: #7a0000; font-weight: bold; }");
            break;
        }
    }
    m_hostState->setText(text);
    m_hostState->setStyleSheet(style);
}

void InstrumentsPage::showTakenToday()
{
    const AnalyzerLineModel::Totals t = m_lineModel->today();
    if (t.messages == 0) {
        m_today->setText(tr("Nothing taken from the analyzers today in this window."));
        return;
    }
    m_today->setText(tr("Taken today: %1 result(s) entered into the worklist, %2 unmatched, %3 held, from %n "
                        "message(s).",
                        nullptr, t.messages)
                         .arg(t.entered)
                         .arg(t.unmatched)
                         .arg(t.held));
}

void InstrumentsPage::startLines()
{
    if (!m_host)
        return;
    m_message->hide();
    const QString path = m_lab.database().path();
    m_host->start(path, QFileInfo(path).dir().filePath(QStringLiteral("transcripts")), TranscriptDays);
}

void InstrumentsPage::stopLines()
{
    if (!m_host)
        return;
    m_message->hide();
    m_host->stop();
}

// Mirrors what UnmatchedReadings allows, so nobody is offered a button that can only refuse.
void InstrumentsPage::updateActions()
{
    const bool allowed = m_lab.permissions().check(m_actor, Permission::BenchWork).ok();
    const bool selected = m_unmatched->currentIndex().isValid();
    m_match->setEnabled(allowed && selected);
    m_discard->setEnabled(allowed && selected);
    const QString tip = allowed ? QString() : tr("Technicians match and discard analyzer readings.");
    m_match->setToolTip(allowed ? tr("Enter the reading on the tube it belongs to (type or scan its number)")
                                : tip);
    m_discard->setToolTip(allowed ? tr("Take the reading off the list, with a reason") : tip);
}

void InstrumentsPage::matchSelected()
{
    const int row = m_unmatched->currentIndex().row();
    if (row < 0 || !m_match->isEnabled())
        return;
    const UnmatchedReading u = m_unmatchedModel->row(row);
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("matchDialog"));
    dialog.setWindowTitle(tr("Match an analyzer reading to a tube"));
    dialog.setLabelText(
        tr("%1 read sample %2: %3 %4 %5.\nAccession number of the tube it belongs to "
           "(type it or scan the tube):")
            .arg(u.analyzer, u.specimenId, u.test.isEmpty() ? u.analyzerCode : u.test, u.value, u.unit));
    dialog.setTextValue(u.accession);
    // The tube is scanned into this field (decision 68).
    if (auto *field = dialog.findChild<QLineEdit *>())
        ScanRefusal::acceptScans(field);
    dialog.setOkButtonText(tr("Match"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString accession = dialog.textValue().trimmed().toUpper();
    if (accession.isEmpty()) {
        showMessage(tr("Nothing was matched: say which tube the reading belongs to."), Tone::Error);
        return;
    }
    if (Result<Event> r = m_readings->match(u.id, accession, m_actor); !r) {
        showMessage(r.error(), Tone::Error);
        return;
    }
    showMessage(tr("%1 %2 from %3 is entered on %4.")
                    .arg(u.test.isEmpty() ? u.analyzerCode : u.test, u.value, u.analyzer, accession),
                Tone::Done);
    refresh();
}

void InstrumentsPage::discardSelected()
{
    const int row = m_unmatched->currentIndex().row();
    if (row < 0 || !m_discard->isEnabled())
        return;
    const UnmatchedReading u = m_unmatchedModel->row(row);
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("discardReadingDialog"));
    dialog.setWindowTitle(tr("Discard an analyzer reading"));
    dialog.setLabelText(
        tr("%1 %2 for sample %3 from %4 will not be entered. Why? The reason is kept in the "
           "audit trail.")
            .arg(u.test.isEmpty() ? u.analyzerCode : u.test, u.value, u.specimenId, u.analyzer));
    dialog.setOkButtonText(tr("Discard"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString reason = dialog.textValue().trimmed();
    if (reason.isEmpty()) {
        showMessage(tr("Nothing was discarded: a reading is discarded only with a reason."), Tone::Error);
        return;
    }
    if (Result<Event> r = m_readings->discard(u.id, reason, m_actor); !r) {
        showMessage(r.error(), Tone::Error);
        return;
    }
    showMessage(tr("The reading for sample %1 is discarded: %2").arg(u.specimenId, reason), Tone::Done);
    refresh();
}

void InstrumentsPage::editAnalyzers()
{
    if (!m_lab.permissions().check(m_actor, Permission::ChangeSettings).ok())
        return;
    AnalyzerDialog dialog(m_lab, m_actor, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AnalyzerDefinition &d = dialog.saved();
    QString text = dialog.savedMap()
                       ? tr("%1 is saved (%2) with %n mapped code(s).", nullptr, int(d.map.size()))
                             .arg(d.name, d.endpoint.describe())
                       : tr("%1 is saved (%2).").arg(d.name, d.endpoint.describe());
    if (m_host && m_host->state() == AnalyzerHost::State::Running)
        text += QLatin1Char(' ') + tr("Stop and start the lines for the change to take effect.");
    showMessage(text, Tone::Done);
    refresh();
}

void InstrumentsPage::showMessage(const QString &text, Tone tone)
{
    switch (tone) {
    case Tone::Error:
        m_message->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #7a0000; border: 1px "
                                                "solid #e0a0a0; padding: 6px; font-weight: bold; }"));
        break;
    case Tone::Warning:
        m_message->setStyleSheet(QStringLiteral("QLabel { background: #fff4e0; color: #6b3d00; border: 1px "
                                                "solid #e8c07a; padding: 6px; }"));
        break;
    case Tone::Done:
        m_message->setStyleSheet(QStringLiteral("QLabel { background: #e6f4ea; color: #0d3d1a; border: 1px "
                                                "solid #8cc79b; padding: 6px; }"));
        break;
    }
    m_message->setText(text);
    m_message->show();
}

} // namespace benchside
