// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace benchside {

class Hl7InboxModel;
class Hl7MessageView;
class Hl7Outbox;
class Hl7OutboxModel;
class Hl7Service;
class InterfaceLogModel;
class Lab;
class Settings;

// The HL7 interface at a glance: whether the listener runs and who is connected (administrators
// start and stop it), the messages that came in and what they were answered, the outbound queue
// (supervisors and administrators resend a dead letter or discard a message with a reason), a
// viewer for any of those messages, and the interface log. Read from the window's own Lab; what the
// service reports, and a short timer, keep it current.
class InterfacesPage : public QWidget
{
    Q_OBJECT

public:
    InterfacesPage(Lab &lab, Settings &settings, QWidget *parent = nullptr);
    ~InterfacesPage() override;

    void setActor(const QString &actor);
    // The listener and sender this window runs; none: the page shows that it does not run here.
    void setService(Hl7Service *service);
    // Reads the lists again.
    void refresh();

    // Counts the dead letters again, whether or not the page is on screen (deadLettersChanged).
    void countDeadLetters();

    static constexpr int RefreshMs = 2'000;

signals:
    // Results a receiving system refused (AE/AR): they and that patient's later results wait for a
    // person. `error` says why they could not be counted, with `count` -1.
    void deadLettersChanged(int count, const QString &error);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showListenerState();
    void startListener();
    void stopListener();
    void showSelectedMessage();
    void updateOutboundActions();
    void resendSelected();
    void discardSelected();
    void editDestinations();
    void showMessage(const QString &text, bool error);
    QString selectedOutboundState() const;

    Lab &m_lab;
    Settings &m_settings;
    QString m_actor;
    Hl7Service *m_service = nullptr;
    std::unique_ptr<Hl7Outbox> m_outbox;
    Hl7InboxModel *m_inboxModel;
    Hl7OutboxModel *m_outboxModel;
    InterfaceLogModel *m_logModel;
    QLabel *m_listenerState;
    QLineEdit *m_address;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_message;
    QTabWidget *m_tabs;
    QTableView *m_inbound;
    QTableView *m_outbound;
    QTableView *m_log;
    QComboBox *m_stateFilter;
    QLabel *m_destinations;
    QPushButton *m_resend;
    QPushButton *m_discard;
    QPushButton *m_editDestinations;
    Hl7MessageView *m_viewer;
    QString m_shown;              // the inbound event or outbound message in the viewer
    bool m_shownOutbound = false; // which of the two m_shown is
    QTimer m_timer;               // while the page is on screen
    QTimer m_soon;                // one refresh for a burst of the service's signals
};

} // namespace benchside
