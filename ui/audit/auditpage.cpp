// SPDX-License-Identifier: GPL-3.0-or-later
#include "audit/auditpage.h"

#include "audit/chainaudit.h"
#include "audit/journalbrowsermodel.h"
#include "export/tableexporter.h"
#include "lab/lab.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace benchside {

AuditPage::AuditPage(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    setObjectName(QStringLiteral("auditPage"));
    m_model = new JournalBrowserModel(m_lab.database().connection(), this);

    m_user = new QComboBox(this);
    m_user->setObjectName(QStringLiteral("userFilter"));
    m_user->addItem(tr("Anyone"), QString());
    if (Result<QList<User>> users = m_lab.catalog().users(); users) {
        for (const User &u : users.value())
            m_user->addItem(QStringLiteral("%1 (%2)").arg(u.displayName, u.name), u.name);
    }
    m_subject = new QLineEdit(this);
    m_subject->setObjectName(QStringLiteral("subjectFilter"));
    m_subject->setPlaceholderText(tr("accession number"));
    m_subject->setClearButtonEnabled(true);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("kindFilter"));
    const QList<std::pair<QString, QString>> kinds{{tr("Any kind"), QString()},
                                                   {tr("Accessioning"), QStringLiteral("specimen.")},
                                                   {tr("Custody steps"), QStringLiteral("custody.")},
                                                   {tr("Results"), QStringLiteral("result.")},
                                                   {tr("Quality control"), QStringLiteral("qc.")},
                                                   {tr("Catalogue"), QStringLiteral("catalog.")},
                                                   {tr("Reviews of conflicts"), QStringLiteral("review.")},
                                                   {tr("Sign-ins and credentials"), QStringLiteral("user.")}};
    for (const auto &[label, prefix] : kinds)
        m_kind->addItem(label, prefix);
    m_from = new QDateEdit(this);
    m_from->setObjectName(QStringLiteral("fromFilter"));
    m_from->setCalendarPopup(true);
    m_from->setSpecialValueText(tr("any day"));
    m_from->setMinimumDate(QDate(2000, 1, 1));
    m_from->setDate(m_from->minimumDate());
    m_to = new QDateEdit(this);
    m_to->setObjectName(QStringLiteral("toFilter"));
    m_to->setCalendarPopup(true);
    m_to->setSpecialValueText(tr("today"));
    m_to->setMinimumDate(QDate(2000, 1, 1));
    m_to->setDate(m_to->minimumDate());
    auto *apply = new QPushButton(tr("&Show"), this);
    apply->setObjectName(QStringLiteral("applyFilterButton"));
    apply->setDefault(true);
    connect(apply, &QPushButton::clicked, this, &AuditPage::applyFilter);
    connect(m_subject, &QLineEdit::returnPressed, this, &AuditPage::applyFilter);

    auto *save = new QPushButton(tr("Save as &CSV…"), this);
    save->setObjectName(QStringLiteral("exportCsvButton"));
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save the journal entries"), QStringLiteral("journal.csv"), tr("CSV files (*.csv)"));
        if (!path.isEmpty())
            exportCsv(path);
    });
    m_verify = new QPushButton(tr("&Verify chains"), this);
    m_verify->setObjectName(QStringLiteral("verifyChainsButton"));
    m_verify->setToolTip(tr("Check every station's hash chain (administrators)"));
    connect(m_verify, &QPushButton::clicked, this, &AuditPage::verifyChains);

    auto *filters = new QHBoxLayout;
    for (const auto &[label, widget] :
         std::initializer_list<std::pair<QString, QWidget *>>{{tr("&User:"), m_user},
                                                              {tr("S&pecimen:"), m_subject},
                                                              {tr("&Kind:"), m_kind},
                                                              {tr("&From:"), m_from},
                                                              {tr("&To:"), m_to}}) {
        auto *caption = new QLabel(label, this);
        caption->setBuddy(widget);
        filters->addWidget(caption);
        filters->addWidget(widget);
    }
    filters->addWidget(apply);
    filters->addStretch(1);
    filters->addWidget(save);
    filters->addWidget(m_verify);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("auditMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("journalTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AuditPage::showEntry);

    m_detail = new QPlainTextEdit(this);
    m_detail->setObjectName(QStringLiteral("entryDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Choose an entry to see its payload and its place in the hash chain."));

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *title = new QLabel(tr("<b>Audit</b> — every event this station holds, newest first; nothing here "
                                "can be changed."),
                             this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);
}

// The journal is read when the page is first shown, not when the window is built at start-up.
void AuditPage::showEvent(QShowEvent *event)
{
    if (!m_loaded)
        applyFilter();
    QWidget::showEvent(event);
}

void AuditPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        m_message->hide();
    m_actor = actor;
    // Mirrors the rule ChainAudit enforces, so nobody is offered a button that can only refuse.
    m_verify->setEnabled(m_lab.permissions().check(actor, Permission::VerifyChains).ok());
}

void AuditPage::refresh()
{
    applyFilter();
}

void AuditPage::applyFilter()
{
    JournalFilter f;
    f.actor = m_user->currentData().toString();
    f.subject = m_subject->text().trimmed().toUpper();
    f.kindPrefix = m_kind->currentData().toString();
    if (m_from->date() != m_from->minimumDate())
        f.fromMs = m_from->date().startOfDay().toMSecsSinceEpoch();
    if (m_to->date() != m_to->minimumDate())
        f.toMs = m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch();
    if (Status s = m_model->setFilter(f); !s) {
        showMessage(s.error(), true);
        return;
    }
    m_loaded = true;
    m_message->hide();
    m_detail->clear();
    m_table->resizeColumnsToContents();
}

void AuditPage::showEntry()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const Event &e = m_model->event(current.row());
    Result<JournalBrowserModel::ChainPlace> place = m_model->chainPlace(current.row());
    const QString payload =
        QString::fromUtf8(QJsonDocument(e.payloadObject()).toJson(QJsonDocument::Indented)).trimmed();
    QStringList text{tr("Event     %1").arg(e.id),
                     tr("Kind      %1").arg(e.kind),
                     tr("Subject   %1").arg(e.subject),
                     tr("User      %1").arg(e.actor),
                     tr("Station   %1, entry #%2").arg(e.stationId).arg(e.stationSeq),
                     tr("Recorded  %1").arg(m_model->data(m_model->index(current.row(), 0)).toString()),
                     QString(),
                     tr("Hash      %1").arg(e.hash),
                     tr("Previous  %1").arg(e.prevHash)};
    if (place) {
        text << (place.value().hashMatches ? tr("          the hash matches the entry's content")
                                           : tr("          THE HASH DOES NOT MATCH THE ENTRY'S CONTENT"));
        text << (place.value().linksToPrevious
                     ? tr("          links to entry #%1 of %2 (%3)")
                           .arg(e.stationSeq - 1)
                           .arg(e.stationId, place.value().previousId.isEmpty() ? tr("the start of the chain")
                                                                                : place.value().previousId)
                     : tr("          DOES NOT LINK TO THE ENTRY BEFORE IT"));
        if (!place.value().nextId.isEmpty())
            text << tr("          followed by %1").arg(place.value().nextId);
    } else {
        text << place.error();
    }
    text << QString() << tr("Payload") << payload;
    m_detail->setPlainText(text.join(QLatin1Char('\n')));
}

bool AuditPage::exportCsv(const QString &path)
{
    TableExporter exporter(*m_model);
    if (Status s = exporter.writeCsv(path); !s) {
        showMessage(s.error(), true);
        return false;
    }
    showMessage(tr("Saved %n entries to %1.", nullptr, m_model->rowCount()).arg(path), false);
    return true;
}

QString AuditPage::verifyChains()
{
    Result<ChainVerifier::Report> report = ChainAudit::verifyAs(m_lab, m_actor);
    if (!report) {
        showMessage(report.error(), true);
        return report.error();
    }
    const QString text = report.value().intact()
                             ? tr("All %1 entries of %2 station(s) verify: no entry was changed, removed, "
                                  "inserted or reordered.")
                                   .arg(report.value().entries)
                                   .arg(report.value().stations)
                             : tr("Tampering found: %1").arg(report.value().finding->message);
    showMessage(text, !report.value().intact());
    return text;
}

void AuditPage::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(
        error ? QStringLiteral("QLabel { background: #fdecea; color: #7a0000; border: 1px solid "
                               "#e0a0a0; padding: 6px; font-weight: bold; }")
              : QStringLiteral("QLabel { background: #e6f4ea; color: #0d3d1a; border: 1px "
                               "solid #8cc79b; padding: 6px; }"));
    m_message->setText(text);
    m_message->show();
}

} // namespace benchside
