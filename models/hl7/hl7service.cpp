// SPDX-License-Identifier: GPL-3.0-or-later
#include "hl7/hl7service.h"

#include "lab/lab.h"
#include "settings/settings.h"

namespace benchside {

struct Hl7Service::Running
{
    // Destroyed in reverse: the sender and the listener let go of their sockets before the database
    // they write to is closed.
    std::unique_ptr<Lab> lab;
    std::unique_ptr<MllpListener> listener;
    std::unique_ptr<Hl7Sender> sender;
};

Hl7Service::Hl7Service(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("benchside-hl7"));
    m_context.moveToThread(&m_thread);
}

Hl7Service::~Hl7Service()
{
    stop();
}

MllpListener::Options Hl7Service::listenerOptions(const Settings &settings)
{
    MllpListener::Options options;
    // Settings::value has checked the address already; an invalid one reads as the default.
    const Result<std::pair<QHostAddress, quint16>> address =
        MllpListener::parseAddress(settings.value(Settings::Key::Hl7ListenAddress).toString());
    if (address) {
        options.address = address.value().first;
        options.port = address.value().second;
    }
    return options;
}

void Hl7Service::start(const QString &databasePath, const MllpListener::Options &listener,
                       const Hl7Sender::Options &sender)
{
    stop();
    const int generation = ++m_generation;
    setState(State::Starting, {});
    m_thread.start();
    QMetaObject::invokeMethod(
        &m_context,
        [this, generation, databasePath, listener, sender] {
            run(generation, databasePath, listener, sender);
        },
        Qt::QueuedConnection);
}

void Hl7Service::run(int generation, const QString &databasePath, const MllpListener::Options &listener,
                     const Hl7Sender::Options &sender)
{
    Result<std::unique_ptr<Lab>> lab = Lab::open(databasePath);
    if (!lab) {
        report(generation, State::Failed,
               tr("Cannot open the station's database for HL7: %1").arg(lab.error()));
        return;
    }
    auto running = std::make_unique<Running>();
    running->lab = std::move(lab.value());
    running->listener = std::make_unique<MllpListener>(*running->lab, listener);
    // Connected to this object, which lives in the GUI thread: every signal crosses queued.
    connect(running->listener.get(), &MllpListener::messageHandled, this, &Hl7Service::messageHandled);
    connect(running->listener.get(), &MllpListener::logged, this, &Hl7Service::logged);
    connect(running->listener.get(), &MllpListener::connectionsChanged, this, [this, generation](int count) {
        if (generation != m_generation)
            return;
        m_connections = count;
        emit connectionsChanged(count);
    });
    // All or nothing: a sender running behind a listener that failed would show a page that says
    // "failed" while results still leave, which nobody could tell from the screen.
    if (Status s = running->listener->listen(); !s) {
        report(generation, State::Failed, s.error());
        return;
    }
    running->sender = std::make_unique<Hl7Sender>(*running->lab, sender);
    connect(running->sender.get(), &Hl7Sender::delivered, this, &Hl7Service::delivered);
    connect(running->sender.get(), &Hl7Sender::deadLettered, this, &Hl7Service::deadLettered);
    connect(running->sender.get(), &Hl7Sender::attemptFailed, this, &Hl7Service::attemptFailed);
    running->sender->start();
    const QString address = running->listener->address();
    m_running = std::move(running);
    report(generation, State::Listening, address);
}

void Hl7Service::report(int generation, State state, const QString &detail)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation, state, detail] {
            if (generation == m_generation)
                setState(state, detail);
        },
        Qt::QueuedConnection);
}

void Hl7Service::stop()
{
    if (!m_thread.isRunning())
        return;
    ++m_generation;
    // The sockets and the database belong to the thread: they are closed there, then it ends.
    QMetaObject::invokeMethod(
        &m_context, [this] { m_running.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_connections = 0;
    setState(State::Stopped, {});
}

void Hl7Service::setState(State state, const QString &detail)
{
    m_state = state;
    m_address = state == State::Listening ? detail : QString();
    m_error = state == State::Failed ? detail : QString();
    if (state != State::Listening)
        m_connections = 0;
    emit stateChanged(state, detail);
}

} // namespace benchside
