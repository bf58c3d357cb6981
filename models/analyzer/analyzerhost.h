// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmconnection.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QThread>
#include <memory>

namespace benchside {

// The analyzer lines inside the GUI: an AnalyzerService running in a thread of its own with a Lab of
// its own, opened in that thread, so that the window never waits on a commit, a serial port or a
// socket (the service then gives each line a further thread). The GUI thread starts and stops it and
// receives, queued, what the service reports; the last state of every line is kept here for the
// status bar and the Instruments page.
class AnalyzerHost : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, Running, Failed };
    Q_ENUM(State)

    struct Line
    {
        QString name;
        QString endpoint; // AstmEndpoint::describe()
        AstmConnection::State state = AstmConnection::State::Stopped;
        QString detail; // the address, the peer or the reason, as the connection said it
    };

    explicit AnalyzerHost(QObject *parent = nullptr);
    ~AnalyzerHost() override;

    // Returns at once: the thread opens the database and starts every active analyzer's line, and
    // stateChanged says how that went (Running, or Failed with the reason, in which case no line
    // runs). Transcripts go to `transcriptDir` and are kept `keepDays` days (0: none). A running host
    // is stopped first.
    void start(const QString &databasePath, const QString &transcriptDir, int keepDays);
    // Closes the lines and the database in the thread and ends it. Waits only for a message being
    // committed at that moment, never for an analyzer.
    void stop();

    State state() const { return m_state; }
    // Why it failed, while Failed.
    const QString &error() const { return m_error; }
    // The running lines in the service's order (by name), each as it last reported.
    const QList<Line> &lines() const { return m_lines; }

signals:
    void stateChanged(benchside::AnalyzerHost::State state, const QString &detail);
    void lineChanged(const QString &name, benchside::AstmConnection::State state, const QString &detail);
    void taken(const QString &name, int results, int matched, int unmatched, int held, int duplicates);
    void logged(const QString &name, const QString &level, const QString &text);

private:
    struct Running;
    // In the thread.
    void run(int generation, const QString &databasePath, const QString &transcriptDir, int keepDays);
    // In the GUI thread; what an earlier start reports after a stop or a restart is dropped.
    void report(int generation, State state, const QString &detail, const QList<Line> &lines = {});
    void setState(State state, const QString &detail);
    void setLine(const QString &name, AstmConnection::State state, const QString &detail);

    QThread m_thread;
    QObject m_context;                  // lives in m_thread: what runs there is queued to it
    std::unique_ptr<Running> m_running; // created, used and destroyed in m_thread only
    int m_generation = 0;
    State m_state = State::Stopped;
    QString m_error;
    QList<Line> m_lines;
};

} // namespace benchside
