// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcpage.h"

#include "export/tableexporter.h"
#include "lab/lab.h"
#include "qc/leveyjenningsview.h"
#include "qc/qcchartloader.h"
#include "qc/qccsvimporter.h"
#include "qc/qclockoutpanel.h"
#include "qc/qcmonthlysummary.h"
#include "qc/qcrunentry.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace benchside {

QcPage::QcPage(Lab &lab, QWidget *parent)
    : QWidget(parent), m_lab(lab), m_repository(lab.database().connection()),
      m_lockoutQuery(lab.database().connection()), m_service(lab.store(), lab.catalog())
{
    setObjectName(QStringLiteral("qcPage"));
    auto *heading =
        new QLabel(tr("<b>Quality control</b> — Levey-Jennings charts, Westgard rules and lockout. "
                      "Record a run below the chart; hover a point for its rules."),
                   this);
    heading->setWordWrap(true);

    m_bench = new QComboBox(this);
    m_bench->setObjectName(QStringLiteral("qcBench"));
    if (const Result<QList<CodeName>> benches = m_lab.catalog().benches(); benches) {
        for (const CodeName &b : benches.value())
            m_bench->addItem(QStringLiteral("%1 — %2").arg(b.code, b.name), b.code);
    }
    m_test = new QComboBox(this);
    m_test->setObjectName(QStringLiteral("qcTest"));
    m_test->setMinimumContentsLength(18);
    m_lot = new QComboBox(this);
    m_lot->setObjectName(QStringLiteral("qcLot"));
    m_lot->setMinimumContentsLength(12);
    auto *import = new QPushButton(tr("&Import CSV…"), this);
    import->setObjectName(QStringLiteral("qcImportButton"));
    import->setToolTip(tr("Values from an analyzer's QC export, with that analyzer's column mapping."));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("qcMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_chart = new LeveyJenningsView(this);
    m_entry = new QcRunEntry(this);
    m_lockout = new QcLockoutPanel(this);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Bench:"), this));
    filters->addWidget(m_bench);
    filters->addWidget(new QLabel(tr("Test:"), this));
    filters->addWidget(m_test);
    filters->addWidget(new QLabel(tr("Lot:"), this));
    filters->addWidget(m_lot);
    filters->addStretch(1);
    filters->addWidget(import);
    auto *summary = new QPushButton(tr("&Monthly summary…"), this);
    summary->setObjectName(QStringLiteral("qcSummaryButton"));
    summary->setToolTip(tr("The bench's QC for one month (n, mean, SD, CV, bias, rejected runs) as PDF."));
    filters->addWidget(summary);
    connect(summary, &QPushButton::clicked, this, &QcPage::chooseMonthlySummary);

    auto *below = new QWidget(this);
    auto *belowLayout = new QHBoxLayout(below);
    belowLayout->setContentsMargins(0, 0, 0, 0);
    belowLayout->addWidget(m_entry, 1);
    belowLayout->addWidget(m_lockout, 3);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chart);
    split->addWidget(below);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(heading);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    connect(m_bench, &QComboBox::currentIndexChanged, this, &QcPage::fillTests);
    connect(m_test, &QComboBox::currentIndexChanged, this, &QcPage::fillLots);
    connect(m_lot, &QComboBox::currentIndexChanged, this, &QcPage::reload);
    connect(import, &QPushButton::clicked, this, &QcPage::chooseImport);
    connect(m_entry, &QcRunEntry::recordRequested, this, &QcPage::record);
    connect(m_lockout, &QcLockoutPanel::correctiveActionRequested, this, &QcPage::correctiveAction);
    connect(m_lockout, &QcLockoutPanel::overrideRequested, this, &QcPage::overrideLockout);
    connect(m_lockout, &QcLockoutPanel::reviewRequested, this, &QcPage::review);

    // Open on the first bench that has QC lots.
    if (const Result<QList<QcLot>> lots = m_repository.lots(); lots && !lots.value().isEmpty()) {
        const int at = m_bench->findData(lots.value().first().bench);
        if (at >= 0) {
            const QSignalBlocker blocker(m_bench);
            m_bench->setCurrentIndex(at);
        }
    }
    fillTests();
}

QString QcPage::testCode() const
{
    return m_test->currentData().toString();
}

QString QcPage::bench() const
{
    return m_bench->currentData().toString();
}

QString QcPage::message() const
{
    return m_message->text();
}

void QcPage::setActor(const QString &actor)
{
    if (actor != m_actor) {
        showMessage(QString(), false);
        m_entry->showOutcome(QString(), false, false);
    }
    m_actor = actor;
    m_lockout->setPermissions(m_lab.permissions().check(actor, Permission::OverrideQcLockout),
                              m_lab.permissions().check(actor, Permission::DocumentQcAction));
}

void QcPage::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel { color: #b00020; font-weight: bold; }")
                                     : QString());
}

void QcPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
}

void QcPage::fillTests()
{
    const QString previous = testCode();
    const QSignalBlocker blocker(m_test);
    m_test->clear();
    const Result<QList<QcLot>> lots = m_repository.lots();
    const Result<QList<TestDefinition>> tests = m_lab.catalog().tests();
    if (!lots || !tests) {
        showMessage(!lots ? lots.error() : tests.error(), true);
        return;
    }
    QStringList codes;
    for (const QcLot &l : lots.value()) {
        if (l.bench == bench() && !codes.contains(l.testCode))
            codes << l.testCode;
    }
    for (const TestDefinition &t : tests.value()) {
        if (codes.contains(t.code))
            m_test->addItem(QStringLiteral("%1 — %2").arg(t.code, t.name), t.code);
    }
    if (m_test->count() == 0)
        m_test->addItem(tr("No QC lots on this bench"), QString());
    if (const int at = m_test->findData(previous); at >= 0)
        m_test->setCurrentIndex(at);
    fillLots();
}

void QcPage::fillLots()
{
    const QString previous = m_lot->currentData().toString();
    {
        const QSignalBlocker blocker(m_lot);
        m_lot->clear();
        m_lot->addItem(tr("All lots"), QString());
        if (const Result<QList<QcLot>> lots = m_repository.lots(testCode()); lots) {
            QStringList seen;
            for (const QcLot &l : lots.value()) {
                if (seen.contains(l.lot))
                    continue;
                seen << l.lot;
                const QString expiry = l.expires.isEmpty() ? QString() : tr(" (expires %1)").arg(l.expires);
                m_lot->addItem(l.lot + expiry, l.lot);
            }
            // A single lot is what a run is recorded on: choose the newest one by default.
            m_lot->setCurrentIndex(seen.size() == 1 ? 1 : std::max(0, m_lot->findData(previous)));
            if (m_lot->currentIndex() == 0 && !seen.isEmpty())
                m_lot->setCurrentIndex(int(seen.size()));
        }
    }
    // The chart and lockout are read when the page is shown, not while the main window starts.
    if (isVisible())
        reload();
}

void QcPage::reload()
{
    const QString test = testCode();
    const QString lot = m_lot->currentData().toString();
    if (test.isEmpty()) {
        m_chart->setData(LeveyJenningsData());
        m_entry->setLot(QString(), {}, QString());
        m_lockout->setEpisode(std::nullopt, {});
        return;
    }
    const std::optional<TestDefinition> definition = m_lab.catalog().test(test);
    const QString unit = definition ? definition->unit : QString();
    Result<LeveyJenningsData> chartData = QcChartLoader(m_repository).load(test, lot);
    if (!chartData) {
        showMessage(chartData.error(), true);
        m_chart->setData(LeveyJenningsData());
    } else {
        chartData.value().unit = unit;
        m_chart->setData(chartData.value());
    }
    QList<QcLot> levels;
    if (!lot.isEmpty()) {
        Result<QList<QcLot>> l = m_repository.lotLevels(test, lot);
        if (l)
            levels = l.value();
        else
            showMessage(l.error(), true);
    }
    m_entry->setLot(test, levels, unit);
    showLockout();
}

void QcPage::showLockout()
{
    Result<std::optional<QcLockoutEpisode>> episode = m_lockoutQuery.latestEpisode(testCode(), bench());
    if (!episode) {
        showMessage(episode.error(), true);
        return;
    }
    QList<QcLookbackEntry> lookback;
    if (episode.value() && episode.value()->open()) {
        Result<QList<QcLookbackEntry>> l = m_lockoutQuery.lookback(*episode.value());
        if (!l)
            showMessage(l.error(), true);
        else
            lookback = l.value();
    }
    m_lockout->setEpisode(episode.value(), lookback);
}

void QcPage::record(const QcRunDraft &run)
{
    Result<QcService::RecordedRun> recorded = m_service.record(run, m_actor);
    if (!recorded) {
        m_entry->showOutcome(recorded.error(), true, false);
        return;
    }
    const QcService::RecordedRun &r = recorded.value();
    QStringList violations;
    for (const QcResultRow &v : r.values) {
        if (!v.violations.isEmpty())
            violations << tr("level %1: %2").arg(v.level).arg(v.violations.join(QStringLiteral(", ")));
    }
    const QString status = r.status == QLatin1String("accepted")   ? tr("accepted")
                           : r.status == QLatin1String("warning")  ? tr("accepted with a warning")
                           : r.status == QLatin1String("rejected") ? tr("rejected")
                                                                   : r.status;
    QString text = tr("Run %1: %2.").arg(r.runId, status);
    if (!violations.isEmpty())
        text += QLatin1Char(' ') + violations.join(QStringLiteral("; ")) + QLatin1Char('.');
    if (r.status == QLatin1String("rejected"))
        text += QLatin1Char(' ') + tr("Patient results of %1 on this bench are held until an accepted run "
                                      "follows a corrective action.")
                                       .arg(r.testCode);
    for (const QcLot &l : r.targetsSet)
        text += QLatin1Char(' ') +
                tr("Level %1 now has its own targets from %2 values.").arg(l.level).arg(l.targetN);
    m_entry->showOutcome(text, r.status == QLatin1String("rejected"), true);
    reload();
}

QcPage::ImportOutcome QcPage::importCsv(const QString &path, const QString &analyzer)
{
    Result<std::optional<QcAnalyzerMapping>> mapping = m_repository.analyzer(analyzer);
    if (!mapping)
        return {mapping.error(), false};
    if (!mapping.value())
        return {tr("No column mapping is saved for analyzer \"%1\"; define it first (benchside-cli qc "
                   "analyzer).")
                    .arg(analyzer),
                false};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()), false};
    Result<QcService::Import> imported = m_service.importExport(file.readAll(), *mapping.value(), m_actor);
    if (!imported)
        return {tr("%1 was not imported: %2").arg(QDir::toNativeSeparators(path), imported.error()), false};
    QStringList problems;
    for (const QcCsvImporter::BadRow &b : imported.value().bad)
        problems << tr("line %1: %2").arg(b.line).arg(b.reason);
    QString text = tr("Imported %1 value(s) in %2 run(s) from %3.")
                       .arg(imported.value().recording.recordedValues)
                       .arg(imported.value().recording.runs.size())
                       .arg(QDir::toNativeSeparators(path));
    if (!problems.isEmpty())
        text += QLatin1Char(' ') +
                tr("Not imported (%1): %2").arg(problems.size()).arg(problems.join(QStringLiteral("; ")));
    reload();
    return {text, problems.isEmpty()};
}

void QcPage::chooseImport()
{
    Result<QList<QcAnalyzerMapping>> analyzers = m_repository.analyzers();
    if (!analyzers) {
        showMessage(analyzers.error(), true);
        return;
    }
    if (analyzers.value().isEmpty()) {
        showMessage(tr("No analyzer has a column mapping yet; define one first (benchside-cli qc analyzer)."),
                    true);
        return;
    }
    QStringList names;
    for (const QcAnalyzerMapping &a : analyzers.value())
        names << a.analyzer;
    bool ok = false;
    const QString analyzer =
        QInputDialog::getItem(this, tr("Import QC values"), tr("Analyzer:"), names, 0, false, &ok);
    if (!ok)
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import QC values"), QDir::homePath(),
                                                      tr("CSV files (*.csv *.txt)"));
    if (path.isEmpty())
        return;
    const ImportOutcome outcome = importCsv(path, analyzer);
    showMessage(outcome.message, !outcome.complete);
}

Status QcPage::saveMonthlySummary(const QString &path, QDate month)
{
    QcMonthlySummary summary;
    if (Status s = summary.load(m_repository, bench(), month); !s)
        return s;
    if (summary.rowCount() == 0)
        return Status::failure(tr("No QC values were recorded on %1 in that month.").arg(bench()));
    TableExporter exporter(summary);
    exporter.setTitle(summary.title());
    exporter.setPrintedBy(m_actor);
    exporter.setPrintedAt(QDateTime::currentDateTime());
    return Status::from(exporter.writePdf(path));
}

void QcPage::chooseMonthlySummary()
{
    bool ok = false;
    const QString monthText =
        QInputDialog::getText(this, tr("Monthly QC summary"), tr("Month (YYYY-MM):"), QLineEdit::Normal,
                              QDate::currentDate().toString(QStringLiteral("yyyy-MM")), &ok);
    if (!ok)
        return;
    const QDate month = QDate::fromString(monthText.trimmed() + QStringLiteral("-01"), Qt::ISODate);
    if (!month.isValid()) {
        showMessage(tr("\"%1\" is not a month; write it as 2026-11.").arg(monthText), true);
        return;
    }
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save monthly QC summary"),
        QDir::home().filePath(
            QStringLiteral("qc-%1-%2.pdf").arg(bench(), month.toString(QStringLiteral("yyyy-MM")))),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    const Status saved = saveMonthlySummary(path, month);
    showMessage(saved ? tr("Monthly summary saved to %1.").arg(QDir::toNativeSeparators(path))
                      : saved.error(),
                !saved);
}

void QcPage::correctiveAction()
{
    bool ok = false;
    const QString action = QInputDialog::getMultiLineText(
        this, tr("Corrective action"),
        tr("What was done about the rejected run of %1 (recalibration, new reagent, maintenance …)?")
            .arg(testCode()),
        QString(), &ok);
    if (!ok)
        return;
    Result<Event> done = m_service.correctiveAction(testCode(), action, m_actor);
    showMessage(done ? tr("Corrective action recorded. Run QC again: an accepted run releases the hold.")
                     : done.error(),
                !done);
    showLockout();
}

void QcPage::overrideLockout()
{
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, tr("Override QC lockout"),
        tr("Why may results of %1 be released despite the rejected run? (supervisors only; journaled)")
            .arg(testCode()),
        QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    Result<Event> done = m_service.overrideLockout(testCode(), reason, m_actor);
    showMessage(done ? tr("Lockout overridden; the reason is in the journal.") : done.error(), !done);
    // The rejected run's "results are held" is no longer true once overridden.
    if (done)
        m_entry->showOutcome(QString(), false, false);
    showLockout();
}

void QcPage::review(const QString &orderId)
{
    bool ok = false;
    const QString outcome = QInputDialog::getItem(
        this, tr("Look-back review"), tr("Result %1, released during the QC failure:").arg(orderId),
        QcService::reviewOutcomes(), 0, false, &ok);
    if (!ok)
        return;
    const QString note =
        QInputDialog::getText(this, tr("Look-back review"), tr("Note (required unless the result stands):"),
                              QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    Result<Event> done = m_service.reviewLookback(testCode(), orderId, outcome, note, m_actor);
    showMessage(done ? tr("Review of %1 recorded.").arg(orderId) : done.error(), !done);
    showLockout();
}

} // namespace benchside
