// SPDX-License-Identifier: GPL-3.0-or-later
#include "verification/verificationpage.h"

#include "export/tableexporter.h"
#include "lab/lab.h"
#include "result/resultflag.h"
#include "result/unjudgedresults.h"
#include "result/verificationrules.h"
#include "results/notificationdialog.h"
#include "results/resultflagstyle.h"
#include "results/resulthistorytable.h"
#include "worklist/worklistmodel.h"
#include "worklist/worklistquery.h"
#include "worklist/worklistrowdelegate.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace benchside {

VerificationPage::VerificationPage(Lab &lab, QWidget *parent)
    : QWidget(parent), m_lab(lab), m_repository(lab.database().connection()),
      m_service(lab.store(), m_repository, lab.catalog())
{
    setObjectName(QStringLiteral("verificationPage"));
    auto *heading = new QLabel(tr("<b>Verification</b> — release normal results together; abnormal and "
                                  "critical ones one at a time."),
                               this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    heading->setFont(headingFont);

    m_bench = new QComboBox(this);
    m_bench->setObjectName(QStringLiteral("verificationBench"));
    const Result<QList<CodeName>> benches = m_lab.catalog().benches();
    if (benches)
        for (const CodeName &b : benches.value())
            m_bench->addItem(QStringLiteral("%1 — %2").arg(b.code, b.name), b.code);
    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("verificationStatus"));
    m_status->addItem(tr("Entered, awaiting first release"), QStringLiteral("entered"));
    m_status->addItem(tr("Amended, awaiting release again"), QStringLiteral("amended"));

    m_model = new WorklistModel(m_lab.database().connection(), this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("verificationTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new WorklistRowDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Accession numbers are what a supervisor reads back: never cut them.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(WorklistModel::Patient, QHeaderView::Stretch);

    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("verificationDetail"));
    QFont detailFont = m_detail->font();
    detailFont.setPointSizeF(detailFont.pointSizeF() * 1.2);
    detailFont.setBold(true);
    m_detail->setFont(detailFont);
    m_history = new ResultHistoryTable(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("verificationMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_verify = new QPushButton(tr("&Verify and release"), this);
    m_verify->setObjectName(QStringLiteral("verifyButton"));
    m_verify->setToolTip(tr("Release the selected result (Enter)"));
    m_notify = new QPushButton(tr("Document &call…"), this);
    m_notify->setObjectName(QStringLiteral("verificationNotifyButton"));
    m_releaseNormal = new QPushButton(tr("Release all &normal"), this);
    m_releaseNormal->setObjectName(QStringLiteral("releaseNormalButton"));
    m_releaseNormal->setToolTip(tr("Release every normal result in this queue at once; abnormal, critical "
                                   "and delta-check failures stay for individual review."));

    // An upgraded station may hold released results that the old rule left unflagged and today's
    // rule finds critical: said above everything else until each call is documented.
    m_unjudgedBox = new QWidget(this);
    m_unjudgedBox->setObjectName(QStringLiteral("unjudgedBanner"));
    m_unjudgedBox->setStyleSheet(
        QStringLiteral("#unjudgedBanner { background: #c62828; } "
                       "#unjudgedBanner QLabel { color: white; font-weight: bold; }"));
    m_unjudgedBox->setAttribute(Qt::WA_StyledBackground);
    m_unjudged = new QLabel(m_unjudgedBox);
    m_unjudged->setWordWrap(true);
    m_unjudged->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_unjudgedCall = new QPushButton(m_unjudgedBox);
    m_unjudgedCall->setObjectName(QStringLiteral("unjudgedCallButton"));
    auto *bannerLayout = new QHBoxLayout(m_unjudgedBox);
    bannerLayout->setContentsMargins(8, 6, 8, 6);
    bannerLayout->addWidget(m_unjudged, 1);
    bannerLayout->addWidget(m_unjudgedCall);
    m_unjudgedBox->hide();
    connect(m_unjudgedCall, &QPushButton::clicked, this, &VerificationPage::documentUnjudgedCall);

    connect(m_bench, &QComboBox::currentIndexChanged, this, &VerificationPage::applyFilter);
    connect(m_status, &QComboBox::currentIndexChanged, this, &VerificationPage::applyFilter);
    connect(m_model, &WorklistModel::loadFailed, this, [this](const QString &m) { showMessage(m, true); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &VerificationPage::showSelected);
    // Whether the queue holds anything this user may release depends on the queue and the user, not
    // on the row chosen: read again when either changes, not at every arrow key.
    connect(m_model, &QAbstractItemModel::modelReset, this, &VerificationPage::updateReleaseNormal);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &VerificationPage::updateReleaseNormal);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &VerificationPage::updateReleaseNormal);
    connect(m_table, &QTableView::activated, this, &VerificationPage::verifySelected);
    connect(m_verify, &QPushButton::clicked, this, &VerificationPage::verifySelected);
    connect(m_notify, &QPushButton::clicked, this, &VerificationPage::documentCall);
    connect(m_releaseNormal, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(
                this, tr("Release all normal results"),
                tr("Release every normal result of %1 now, in your name?").arg(m_bench->currentText())) ==
            QMessageBox::Yes)
            releaseAllNormal();
    });

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Bench:"), this));
    filters->addWidget(m_bench);
    filters->addWidget(m_status);
    filters->addStretch(1);
    filters->addWidget(m_releaseNormal);

    auto *detailBox = new QWidget(this);
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_detail, 1);
    actions->addWidget(m_notify);
    actions->addWidget(m_verify);
    detailLayout->addLayout(actions);
    detailLayout->addWidget(m_history, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(detailBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->addWidget(heading);
    layout->addWidget(m_unjudgedBox);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);
    setFocusProxy(m_table);
    if (!benches)
        showMessage(benches.error(), true);
    // A supervisor opens the queue to release what waits: start on the first bench where something
    // does, not on an empty first bench of the list.
    const WorklistQuery queue(m_lab.database().connection());
    for (int i = 0; i < m_bench->count(); ++i) {
        WorklistFilter f;
        f.bench = m_bench->itemData(i).toString();
        f.status = m_status->currentData().toString();
        Result<QList<WorklistRow>> first = queue.page(f, std::nullopt, 1);
        if (first && !first.value().isEmpty()) {
            const QSignalBlocker blocker(m_bench);
            m_bench->setCurrentIndex(i);
            break;
        }
    }
    applyFilter();
}

void VerificationPage::applyFilter()
{
    WorklistFilter f;
    f.bench = m_bench->currentData().toString();
    f.status = m_status->currentData().toString();
    if (Status s = m_model->setFilter(f); !s)
        showMessage(s.error(), true);
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    showSelected();
}

void VerificationPage::refreshUnjudged()
{
    Result<QList<UnjudgedResult>> found = UnjudgedResults(m_repository).releasedCriticalWithoutCall();
    if (!found) {
        showMessage(found.error(), true);
        return;
    }
    m_unjudgedBox->setVisible(!found.value().isEmpty());
    m_firstUnjudged.clear();
    if (found.value().isEmpty())
        return;
    QStringList listed;
    for (const UnjudgedResult &u : found.value())
        listed << QStringLiteral("%1 %2 %3 %4 (%5)")
                      .arg(u.order.orderId, u.order.result->value, u.order.result->unit,
                           ResultFlags::code(u.judgement.flag),
                           u.order.patientName.isEmpty() ? u.order.patientMrn : u.order.patientName);
    m_firstUnjudged = found.value().first().order.orderId;
    m_unjudged->setText(
        tr("%n released result(s) recorded without a flag are critical by today's ranges, and no call to "
           "the care team is documented: %1. Call, then document each call.",
           nullptr, int(found.value().size()))
            .arg(listed.join(QStringLiteral("; "))));
    m_unjudgedCall->setText(tr("Document call for %1…").arg(m_firstUnjudged));
}

QString VerificationPage::unjudgedBanner() const
{
    return m_unjudgedBox->isHidden() ? QString() : m_unjudged->text();
}

bool VerificationPage::documentUnjudgedCall()
{
    Result<std::optional<OrderResult>> order = m_repository.order(m_firstUnjudged);
    if (m_firstUnjudged.isEmpty() || !order || !order.value())
        return false;
    if (!NotificationDialog::document(m_service, m_firstUnjudged, ResultFlagStyle::describe(*order.value()),
                                      m_actor, this))
        return false;
    showMessage(tr("Call documented for %1.").arg(m_firstUnjudged), false);
    refreshUnjudged();
    emit recorded();
    return true;
}

void VerificationPage::refresh()
{
    refreshUnjudged();
    const int row = m_table->currentIndex().row();
    if (Status s = m_model->refresh(); !s)
        showMessage(s.error(), true);
    if (!m_table->currentIndex().isValid() && m_model->rowCount() > 0)
        m_table->selectRow(std::clamp(row, 0, m_model->rowCount() - 1));
    showSelected();
}

QString VerificationPage::selectedOrderId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(WorklistModel::OrderIdRole).toString() : QString();
}

QString VerificationPage::message() const
{
    return m_message->text();
}

void VerificationPage::showSelected()
{
    const QString orderId = selectedOrderId();
    m_verify->setEnabled(!orderId.isEmpty());
    m_verify->setToolTip(tr("Release the selected result (Enter)"));
    m_notify->setVisible(false);
    if (orderId.isEmpty()) {
        m_detail->setText(tr("Nothing to verify here."));
        m_history->setHistory({});
        return;
    }
    Result<std::optional<OrderResult>> order = m_repository.order(orderId);
    if (!order || !order.value()) {
        showMessage(order ? tr("Order %1 is not known at this station.").arg(orderId) : order.error(), true);
        return;
    }
    const OrderResult &o = *order.value();
    QString detail = tr("%1 · %2 · %3")
                         .arg(o.accession, o.patientName.isEmpty() ? o.patientMrn : o.patientName,
                              ResultFlagStyle::describe(o));
    if (o.result) {
        // The flag verification goes by: a result recorded unflagged before this rule is judged now.
        const Result<ResultSpec> spec = m_repository.spec(o.testCode);
        const bool critical = ResultFlags::isCritical(spec ? ResultJudge::currentFlag(o, spec.value())
                                                           : ResultFlags::parse(o.result->flag));
        if (critical && o.result->notifiedTo.isEmpty())
            detail += tr(" · call not documented");
        else if (critical)
            detail += tr(" · told %1").arg(o.result->notifiedTo);
        if (o.result->delta == QLatin1String("exceeded"))
            detail += tr(" · Δ exceeded (previous %1)").arg(o.result->deltaPrevious);
        m_notify->setVisible(critical && o.result->notifiedTo.isEmpty());
        // A button that can only refuse is disabled, and says who may (Enter still tells why).
        if (spec) {
            const Status may = VerificationRules::mayVerify(o.result->enteredBy, spec.value(),
                                                            m_lab.catalog().user(m_actor));
            m_verify->setEnabled(may.ok());
            if (!may)
                m_verify->setToolTip(may.error());
        }
    }
    m_detail->setText(detail);
    Result<QList<ResultHistoryEntry>> history = m_repository.history(orderId);
    m_history->setHistory(history ? history.value() : QList<ResultHistoryEntry>());
    if (!history)
        showMessage(history.error(), true);
}

bool VerificationPage::verifySelected()
{
    const QString orderId = selectedOrderId();
    if (orderId.isEmpty())
        return false;
    Result<Event> e = m_service.verify(orderId, m_actor);
    if (!e) {
        showMessage(e.error(), true);
        return false;
    }
    showMessage(tr("%1 verified and released.").arg(orderId), false);
    refresh();
    emit recorded();
    return true;
}

bool VerificationPage::documentCall()
{
    const QString orderId = selectedOrderId();
    Result<std::optional<OrderResult>> order = m_repository.order(orderId);
    if (orderId.isEmpty() || !order || !order.value())
        return false;
    if (!NotificationDialog::document(m_service, orderId, ResultFlagStyle::describe(*order.value()), m_actor,
                                      this))
        return false;
    showMessage(tr("Call documented for %1; it can be released now.").arg(orderId), false);
    showSelected();
    emit recorded();
    return true;
}

int VerificationPage::releaseAllNormal()
{
    // The whole queue, not only the rows scrolled to so far.
    if (Status s = TableExporter::fetchAll(*m_model); !s) {
        showMessage(s.error(), true);
        return 0;
    }
    QStringList ids;
    for (int row = 0; row < m_model->rowCount(); ++row)
        ids << m_model->rowAt(row).orderId;
    Result<ResultService::BatchOutcome> outcome = m_service.verifyNormal(ids, m_actor);
    if (!outcome) {
        showMessage(outcome.error(), true);
        return 0;
    }
    const int released = int(outcome.value().verified.size());
    QStringList lines{tr("Normal results released: %1. Left for individual review: %2.")
                          .arg(released)
                          .arg(outcome.value().skipped.size())};
    for (const auto &[orderId, why] : outcome.value().skipped)
        lines << QStringLiteral("%1 — %2").arg(orderId, why);
    showMessage(lines.join(QLatin1Char('\n')), false);
    refresh();
    emit recorded();
    return released;
}

void VerificationPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        showMessage(QString(), false);
    m_actor = actor;
    updateReleaseNormal();
    showSelected();
}

// Enabled when the user may release at least one result of the queue: a supervisor always, a technician
// where the catalogue lets technicians verify the test, an administrator never.
void VerificationPage::updateReleaseNormal()
{
    const std::optional<User> user = m_lab.catalog().user(m_actor);
    QString refusal;
    bool any = false;
    QSet<QString> tests;
    for (int row = 0; row < m_model->rowCount() && !any; ++row) {
        const QString test = m_model->rowAt(row).testCode;
        if (tests.contains(test))
            continue;
        tests.insert(test);
        const Result<ResultSpec> spec = m_repository.spec(test);
        if (!spec)
            continue;
        // Whoever entered it: only the role matters here, each result's own rule is checked on release.
        const Status may = VerificationRules::mayVerify(QString(), spec.value(), user);
        any = may.ok();
        if (!may && refusal.isEmpty())
            refusal = may.error();
    }
    m_releaseNormal->setEnabled(any);
    m_releaseNormal->setToolTip(any || refusal.isEmpty()
                                    ? tr("Release every normal result in this queue at once; abnormal, "
                                         "critical and delta-check failures stay for individual review.")
                                    : tr("Nothing in this queue can be released by you: %1").arg(refusal));
}

void VerificationPage::showMessage(const QString &text, bool problem)
{
    if (problem)
        QApplication::beep();
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel { color: #c62828; font-weight: bold; }")
                                     : QString());
}

void VerificationPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

} // namespace benchside
