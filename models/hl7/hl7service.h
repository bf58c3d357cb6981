// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7sender.h"
#include "hl7/mllplistener.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace benchside {

class Settings;

// The HL7 listener and sender inside the GUI (a one-station lab): both run in a thread of their own
// with a Lab of their own, opened in that thread, so that the window never waits on a socket or on
// another program's commit. The GUI thread starts and stops it and receives, queued, what the
// listener and the sender report; the tables it shows are read from the GUI's own Lab.
class Hl7Service : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Listening, Failed };
    Q_ENUM(State)

    explicit Hl7Service(QObject *parent = nullptr);
    ~Hl7Service() override;

    // The listener as the station's settings have it (address and port); the rest as `hl7 serve`.
    static MllpListener::Options listenerOptions(const Settings &settings);

    // Returns at once: the thread opens the database, listens and starts the sender, and
    // stateChanged says how that went (Listening with the address, or Failed with the reason, in
    // which case nothing runs). A running service is stopped first.
    void start(const QString &databasePath, const MllpListener::Options &listener,
               const Hl7Sender::Options &sender);
    // Closes the connections and the database in the thread and ends it. Waits only for a message
    // being committed at that moment, never for a peer.
    void stop();

    State state() const { return m_state; }
    // "127.0.0.1:2575" while listening.
    const QString &address() const { return m_address; }
    // Why it failed, while Failed.
    const QString &error() const { return m_error; }
    int connections() const { return m_connections; }

signals:
    // `detail` is the address when Listening, the reason when Failed.
    void stateChanged(benchside::Hl7Service::State state, const QString &detail);
    void connectionsChanged(int count);
    void messageHandled(const QString &peer, const QString &controlId, const QString &ackCode,
                        const QStringList &accessions, const QString &error, bool duplicate);
    void logged(const QString &peer, const QString &level, const QString &text);
    void delivered(const QString &id, const QString &destination);
    void deadLettered(const QString &id, const QString &destination, const QString &error);
    void attemptFailed(const QString &id, const QString &destination, const QString &error);

private:
    struct Running;
    // In the thread.
    void run(int generation, const QString &databasePath, const MllpListener::Options &listener,
             const Hl7Sender::Options &sender);
    // In the GUI thread; what an earlier start reports after a stop or a restart is dropped.
    void report(int generation, State state, const QString &detail);
    void setState(State state, const QString &detail);

    QThread m_thread;
    QObject m_context;                  // lives in m_thread: what runs there is queued to it
    std::unique_ptr<Running> m_running; // created, used and destroyed in m_thread only
    int m_generation = 0;
    State m_state = State::Stopped;
    QString m_address;
    QString m_error;
    int m_connections = 0;
};

} // namespace benchside
