// SPDX-License-Identifier: GPL-3.0-or-later
#include "interfaces/interfacespage.h"

#include "hl7/hl7inboxmodel.h"
#include "hl7/hl7orderrepository.h"
#include "hl7/hl7outbox.h"
#include "hl7/hl7outboxmodel.h"
#include "hl7/hl7service.h"
#include "hl7/interfacelogmodel.h"
#include "interfaces/destinationdialog.h"
#include "interfaces/hl7messageview.h"
#include "lab/lab.h"
#include "settings/settings.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace benchside {

namespace {
enum Tab { InboundTab, OutboundTab, LogTab };

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
    // One line a message: the whole of a long error is in its tooltip and in the viewer.
    view->setWordWrap(false);
    // Widths follow the contents when rows come in, not at every refresh.
    const auto fit = [view] {
        view->resizeColumnsToContents();
    };
    QObject::connect(model, &QAbstractItemModel::modelReset, view, fit);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, view, fit);
    return view;
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
} // namespace

InterfacesPage::InterfacesPage(Lab &lab, Settings &settings, QWidget *parent)
    : QWidget(parent), m_lab(lab), m_settings(settings),
      m_outbox(std::make_unique<Hl7Outbox>(lab.store(), lab.permissions()))
{
    setObjectName(QStringLiteral("interfacesPage"));
    m_inboxModel = new Hl7InboxModel(m_lab.database().connection(), this);
    m_outboxModel = new Hl7OutboxModel(*m_outbox, this);
    m_logModel = new InterfaceLogModel(m_lab.database().connection(), this);

    m_listenerState = new QLabel(this);
    m_listenerState->setObjectName(QStringLiteral("listenerState"));
    m_listenerState->setWordWrap(true);
    m_address = new QLineEdit(m_settings.value(Settings::Key::Hl7ListenAddress).toString(), this);
    m_address->setObjectName(QStringLiteral("listenAddress"));
    m_address->setPlaceholderText(QStringLiteral("127.0.0.1:2575"));
    m_address->setToolTip(tr("ADDRESS:PORT the hospital system connects to; 0.0.0.0 for every network"));
    m_address->setMaximumWidth(
        m_address->fontMetrics().horizontalAdvance(QStringLiteral("000.000.000.000:00000")) + 24);
    auto *addressLabel = new QLabel(tr("Listen &address:"), this);
    addressLabel->setBuddy(m_address);
    m_start = new QPushButton(tr("S&tart listener"), this);
    m_start->setObjectName(QStringLiteral("startListenerButton"));
    m_stop = new QPushButton(tr("Sto&p listener"), this);
    m_stop->setObjectName(QStringLiteral("stopListenerButton"));
    connect(m_start, &QPushButton::clicked, this, &InterfacesPage::startListener);
    connect(m_stop, &QPushButton::clicked, this, &InterfacesPage::stopListener);
    auto *listener = new QHBoxLayout;
    listener->addWidget(m_listenerState, 1);
    listener->addWidget(addressLabel);
    listener->addWidget(m_address);
    listener->addWidget(m_start);
    listener->addWidget(m_stop);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("interfacesMessage"));
    m_message->setWordWrap(true);
    m_message->hide();

    m_inbound = table(QStringLiteral("inboundTable"), m_inboxModel, this);
    m_outbound = table(QStringLiteral("outboundTable"), m_outboxModel, this);
    m_log = table(QStringLiteral("interfaceLogTable"), m_logModel, this);

    m_stateFilter = new QComboBox(this);
    m_stateFilter->setObjectName(QStringLiteral("outboundStateFilter"));
    m_stateFilter->addItem(tr("All messages"), QString());
    for (const char *state : {"pending", "delivered", "dead", "discarded"})
        m_stateFilter->addItem(Hl7OutboxModel::stateLabel(QLatin1String(state)), QLatin1String(state));
    auto *filterLabel = new QLabel(tr("S&how:"), this);
    filterLabel->setBuddy(m_stateFilter);
    connect(m_stateFilter, &QComboBox::currentIndexChanged, this, [this] {
        if (Status s = m_outboxModel->setState(m_stateFilter->currentData().toString()); !s)
            showMessage(s.error(), true);
        updateOutboundActions();
    });
    m_resend = new QPushButton(tr("Rese&nd"), this);
    m_resend->setObjectName(QStringLiteral("resendButton"));
    m_discard = new QPushButton(tr("&Discard…"), this);
    m_discard->setObjectName(QStringLiteral("discardButton"));
    connect(m_resend, &QPushButton::clicked, this, &InterfacesPage::resendSelected);
    connect(m_discard, &QPushButton::clicked, this, &InterfacesPage::discardSelected);
    m_destinations = new QLabel(this);
    m_destinations->setObjectName(QStringLiteral("destinations"));
    m_destinations->setWordWrap(true);
    m_editDestinations = new QPushButton(tr("D&estinations…"), this);
    m_editDestinations->setObjectName(QStringLiteral("destinationsButton"));
    connect(m_editDestinations, &QPushButton::clicked, this, &InterfacesPage::editDestinations);
    auto *outboundTools = new QHBoxLayout;
    outboundTools->addWidget(filterLabel);
    outboundTools->addWidget(m_stateFilter);
    outboundTools->addWidget(m_destinations, 1);
    outboundTools->addWidget(m_editDestinations);
    outboundTools->addWidget(m_resend);
    outboundTools->addWidget(m_discard);
    auto *outbound = new QWidget(this);
    auto *outboundLayout = new QVBoxLayout(outbound);
    outboundLayout->setContentsMargins(0, 4, 0, 0);
    outboundLayout->addLayout(outboundTools);
    outboundLayout->addWidget(m_outbound, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("interfaceTabs"));
    m_tabs->insertTab(InboundTab, m_inbound, tr("&Inbound"));
    m_tabs->insertTab(OutboundTab, outbound, tr("&Outbound"));
    m_tabs->insertTab(LogTab, m_log, tr("Interface &log"));

    m_viewer = new Hl7MessageView(this);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_tabs);
    split->addWidget(m_viewer);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    // The lists' errors need the width more than the tree's values do.
    split->setSizes({650, 350});

    connect(m_inbound->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_shownOutbound = false;
        showSelectedMessage();
    });
    connect(m_outbound->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_shownOutbound = true;
        showSelectedMessage();
        updateOutboundActions();
    });
    // The viewer follows the list on display; the log has no messages of its own to show.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == LogTab)
            return;
        m_shownOutbound = tab == OutboundTab;
        showSelectedMessage();
    });

    auto *title = new QLabel(tr("<b>Interfaces</b> — HL7 v2 orders in from the hospital system and released "
                                "results out to it, over MLLP."),
                             this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(listener);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    m_timer.setInterval(RefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &InterfacesPage::refresh);
    m_soon.setSingleShot(true);
    m_soon.setInterval(100);
    connect(&m_soon, &QTimer::timeout, this, &InterfacesPage::refresh);
    showListenerState();
    updateOutboundActions();
}

InterfacesPage::~InterfacesPage() = default;

void InterfacesPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        m_message->hide();
    m_actor = actor;
    showListenerState();
    updateOutboundActions();
}

void InterfacesPage::setService(Hl7Service *service)
{
    m_service = service;
    if (service) {
        connect(service, &Hl7Service::stateChanged, this, &InterfacesPage::showListenerState);
        connect(service, &Hl7Service::connectionsChanged, this, &InterfacesPage::showListenerState);
        // A burst of messages is one refresh, and none while the page is not on screen.
        const auto soon = [this] {
            if (isVisible() && !m_soon.isActive())
                m_soon.start();
        };
        connect(service, &Hl7Service::messageHandled, this, soon);
        connect(service, &Hl7Service::logged, this, soon);
        connect(service, &Hl7Service::delivered, this, soon);
        connect(service, &Hl7Service::deadLettered, this, soon);
        connect(service, &Hl7Service::attemptFailed, this, soon);
        connect(service, &Hl7Service::deadLettered, this, &InterfacesPage::countDeadLetters);
        connect(service, &Hl7Service::delivered, this, &InterfacesPage::countDeadLetters);
    }
    showListenerState();
    countDeadLetters();
}

void InterfacesPage::countDeadLetters()
{
    Result<QList<Hl7OutboxEntry>> dead = m_outbox->entries(QStringLiteral("dead"), Hl7OutboxModel::Limit);
    if (!dead) {
        emit deadLettersChanged(-1, dead.error());
        return;
    }
    const int count = int(dead.value().size());
    m_tabs->setTabText(OutboundTab, count > 0 ? tr("&Outbound (%n dead)", nullptr, count) : tr("&Outbound"));
    emit deadLettersChanged(count, {});
}

void InterfacesPage::showEvent(QShowEvent *event)
{
    refresh();
    m_timer.start();
    QWidget::showEvent(event);
}

void InterfacesPage::hideEvent(QHideEvent *event)
{
    m_timer.stop();
    QWidget::hideEvent(event);
}

void InterfacesPage::refresh()
{
    QStringList errors;
    for (const Status &s : {m_inboxModel->reload(), m_outboxModel->reload(), m_logModel->reload()}) {
        if (!s)
            errors << s.error();
    }
    Result<QList<Hl7Destination>> destinations = m_outbox->destinations();
    if (!destinations) {
        errors << destinations.error();
    } else if (destinations.value().isEmpty()) {
        m_destinations->setText(tr("No destination is set up: released results are not sent anywhere."));
    } else {
        QStringList names;
        for (const Hl7Destination &d : destinations.value())
            names << QStringLiteral("%1 → %2:%3").arg(d.name, d.host).arg(d.port);
        m_destinations->setText(tr("Sent to %1").arg(names.join(QStringLiteral(", "))));
    }
    countDeadLetters();
    if (!errors.isEmpty())
        showMessage(errors.join(QLatin1Char('\n')), true);

    // A list read again from scratch (another filter, a rebuild) loses its selection: the message in
    // the viewer is found again.
    QTableView *view = m_shownOutbound ? m_outbound : m_inbound;
    const int row = m_shownOutbound ? m_outboxModel->rowOf(m_shown) : m_inboxModel->rowOf(m_shown);
    if (!m_shown.isEmpty() && row >= 0 && view->currentIndex().row() != row)
        view->setCurrentIndex(view->model()->index(row, 0));
    updateOutboundActions();
}

void InterfacesPage::showListenerState()
{
    const bool administrator = m_lab.permissions().check(m_actor, Permission::ChangeSettings).ok();
    m_address->setReadOnly(!administrator);
    const Hl7Service::State state = m_service ? m_service->state() : Hl7Service::State::Stopped;
    m_start->setEnabled(m_service && administrator && state != Hl7Service::State::Listening &&
                        state != Hl7Service::State::Starting);
    m_stop->setEnabled(m_service && administrator && state != Hl7Service::State::Stopped);
    const QString tip = administrator ? QString() : tr("Administrators start and stop the listener.");
    m_start->setToolTip(tip);
    m_stop->setToolTip(tip);
    QString text;
    QString style;
    if (!m_service) {
        text = tr("The HL7 listener does not run in this window.");
    } else {
        switch (state) {
        case Hl7Service::State::Stopped:
            text = tr("HL7 listener stopped: this station takes no orders from the hospital system and sends "
                      "no results.");
            break;
        case Hl7Service::State::Starting:
            text = tr("HL7 listener starting…");
            break;
        case Hl7Service::State::Listening:
            text = tr("HL7 listener on %1 · peers connected: %2")
                       .arg(m_service->address())
                       .arg(m_service->connections());
            style = QStringLiteral("QLabel { color: #0d3d1a; font-weight: bold; }");
            break;
        case Hl7Service::State::Failed:
            text = tr("HL7 listener not running: %1").arg(m_service->error());
            style = QStringLiteral("QLabel { color: #7a0000; font-weight: bold; }");
            break;
        }
    }
    m_listenerState->setText(text);
    m_listenerState->setStyleSheet(style);
}

// Started here, it starts with the window from now on (and stopped here, no longer): a lab's
// interface is a standing arrangement, not one session's.
void InterfacesPage::startListener()
{
    if (!m_service)
        return;
    const QString address = m_address->text().trimmed();
    for (const auto &[key, value] : std::initializer_list<std::pair<Settings::Key, QVariant>>{
             {Settings::Key::Hl7ListenAddress, address}, {Settings::Key::Hl7ListenerEnabled, true}}) {
        if (Status s = m_settings.setValue(key, value); !s) {
            showMessage(s.error(), true);
            return;
        }
    }
    m_message->hide();
    m_service->start(m_lab.database().path(), Hl7Service::listenerOptions(m_settings), {});
}

void InterfacesPage::stopListener()
{
    if (!m_service)
        return;
    if (Status s = m_settings.setValue(Settings::Key::Hl7ListenerEnabled, false); !s) {
        showMessage(s.error(), true);
        return;
    }
    m_message->hide();
    m_service->stop();
}

void InterfacesPage::showSelectedMessage()
{
    if (m_shownOutbound) {
        const int row = m_outbound->currentIndex().row();
        if (row < 0) {
            m_shown.clear();
            m_viewer->showNote(tr("Choose an outbound message to see it."));
            return;
        }
        const Hl7OutboxEntry &e = m_outboxModel->row(row);
        m_shown = e.id;
        const QString title = tr("%1 to %2 for %3 — %4")
                                  .arg(e.id, e.destination, e.accession, Hl7OutboxModel::stateLabel(e.state));
        Result<std::optional<QString>> text = m_outbox->storedMessage(e.id);
        if (!text)
            m_viewer->showNote(text.error());
        else if (!text.value())
            m_viewer->showNote(
                tr("%1: not written yet. The sender writes the message at its first attempt and sends the "
                   "same text at every later one.")
                    .arg(title));
        else
            m_viewer->showMessage(title, *text.value());
        return;
    }
    const int row = m_inbound->currentIndex().row();
    if (row < 0) {
        m_shown.clear();
        m_viewer->showNote(tr("Choose an inbound message to see it."));
        return;
    }
    const Hl7InboxEntry &e = m_inboxModel->row(row);
    m_shown = e.eventId;
    Result<std::pair<QString, QString>> text =
        Hl7OrderRepository(m_lab.database().connection()).messageText(e.eventId);
    if (!text) {
        m_viewer->showNote(text.error());
        return;
    }
    m_viewer->showMessage(
        tr("%1 %2 from %3, received %4, answered %5")
            .arg(e.messageType, e.controlId, e.sendingApp, timeText(e.receivedAtMs), e.ackCode),
        text.value().first, text.value().second);
}

QString InterfacesPage::selectedOutboundState() const
{
    const int row = m_outbound->currentIndex().row();
    return row >= 0 && row < m_outboxModel->rowCount() ? m_outboxModel->row(row).state : QString();
}

// Mirrors what Hl7Outbox allows (who, and from which state), so nobody is offered a button that can
// only refuse.
void InterfacesPage::updateOutboundActions()
{
    const bool allowed = m_lab.permissions().check(m_actor, Permission::ManageInterfaces).ok();
    const QString state = selectedOutboundState();
    m_resend->setEnabled(allowed && (state == QLatin1String("dead") || state == QLatin1String("discarded")));
    m_discard->setEnabled(allowed && (state == QLatin1String("dead") || state == QLatin1String("pending")));
    const QString tip =
        allowed ? QString() : tr("Supervisors and administrators resend and discard messages.");
    m_resend->setToolTip(allowed ? tr("Send the message again, with the same control ID") : tip);
    m_discard->setToolTip(allowed ? tr("Take the message out of the queue, with a reason") : tip);
    m_editDestinations->setEnabled(allowed);
    m_editDestinations->setToolTip(allowed ? tr("Where released results are sent")
                                           : tr("Supervisors and administrators set up destinations."));
}

void InterfacesPage::editDestinations()
{
    DestinationDialog dialog(*m_outbox, m_actor, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Hl7Destination &d = dialog.saved();
    showMessage(d.active ? tr("%1 is saved: results released from now on are sent to %2:%3.")
                               .arg(d.name, d.host)
                               .arg(d.port)
                         : tr("%1 is saved and switched off: nothing new is queued for it.").arg(d.name),
                false);
    refresh();
}

void InterfacesPage::resendSelected()
{
    const int row = m_outbound->currentIndex().row();
    if (row < 0)
        return;
    const Hl7OutboxEntry e = m_outboxModel->row(row);
    if (Result<Event> r = m_outbox->resend(e.id, m_actor); !r) {
        showMessage(r.error(), true);
        return;
    }
    showMessage(tr("%1 is queued again for %2, with the same control ID.").arg(e.id, e.destination), false);
    refresh();
}

void InterfacesPage::discardSelected()
{
    const int row = m_outbound->currentIndex().row();
    if (row < 0)
        return;
    const Hl7OutboxEntry e = m_outboxModel->row(row);
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("discardDialog"));
    dialog.setWindowTitle(tr("Discard an outbound message"));
    dialog.setLabelText(tr("%1 for %2 will not be sent to %3. Why? The reason is kept in the audit trail.")
                            .arg(e.id, e.accession, e.destination));
    dialog.setOkButtonText(tr("Discard"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString reason = dialog.textValue().trimmed();
    if (reason.isEmpty()) {
        showMessage(tr("Nothing was discarded: a message is discarded only with a reason."), true);
        return;
    }
    if (Result<Event> r = m_outbox->discard(e.id, reason, m_actor); !r) {
        showMessage(r.error(), true);
        return;
    }
    showMessage(tr("%1 is discarded: %2").arg(e.id, reason), false);
    refresh();
}

void InterfacesPage::showMessage(const QString &text, bool error)
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
