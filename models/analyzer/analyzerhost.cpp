// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerhost.h"

#include "analyzer/analyzerservice.h"
#include "lab/lab.h"

namespace benchside {

struct AnalyzerHost::Running
{
    // Destroyed in reverse: the lines stop before the database they write to is closed.
    std::unique_ptr<Lab> lab;
    std::unique_ptr<AnalyzerService> service;
};

AnalyzerHost::AnalyzerHost(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("benchside-analyzers"));
    m_context.moveToThread(&m_thread);
}

AnalyzerHost::~AnalyzerHost()
{
    stop();
}

void AnalyzerHost::start(const QString &databasePath, const QString &transcriptDir, int keepDays)
{
    stop();
    const int generation = ++m_generation;
    setState(State::Starting, {});
    m_thread.start();
    QMetaObject::invokeMethod(
        &m_context,
        [this, generation, databasePath, transcriptDir, keepDays] {
            run(generation, databasePath, transcriptDir, keepDays);
        },
        Qt::QueuedConnection);
}

void AnalyzerHost::run(int generation, const QString &databasePath, const QString &transcriptDir,
                       int keepDays)
{
    Result<std::unique_ptr<Lab>> lab = Lab::open(databasePath);
    if (!lab) {
        report(generation, State::Failed,
               tr("Cannot open the station's database for the analyzers: %1").arg(lab.error()));
        return;
    }
    auto running = std::make_unique<Running>();
    running->lab = std::move(lab.value());
    // The analyzers' results are the station's work, recorded for its own account as the CLI's
    // `analyzer serve` records them for whoever runs it.
    running->service = std::make_unique<AnalyzerService>(*running->lab, running->lab->station().defaultActor);
    running->service->setTranscript(transcriptDir, keepDays);
    // Received by lambdas whose context is this object, in the GUI thread: every signal crosses
    // queued, and one from a service stopped meanwhile is dropped there.
    AnalyzerService *service = running->service.get();
    connect(service, &AnalyzerService::lineChanged, this,
            [this, generation](const QString &name, AstmConnection::State state, const QString &detail) {
                if (generation == m_generation)
                    setLine(name, state, detail);
            });
    connect(service, &AnalyzerService::taken, this,
            [this, generation](const QString &name, int results, int matched, int unmatched, int held,
                               int duplicates) {
                if (generation == m_generation)
                    emit taken(name, results, matched, unmatched, held, duplicates);
            });
    connect(service, &AnalyzerService::logged, this,
            [this, generation](const QString &name, const QString &level, const QString &text) {
                if (generation == m_generation)
                    emit logged(name, level, text);
            });
    if (Status s = service->start(); !s) {
        report(generation, State::Failed, s.error());
        return;
    }
    QList<Line> lines;
    for (const AnalyzerService::Line &l : service->lines())
        lines << Line{l.name, l.endpoint, l.state, l.detail};
    if (lines.isEmpty()) {
        report(generation, State::Failed,
               tr("No analyzer is set up and switched on (Station ▸ Analyzers…)."));
        return;
    }
    m_running = std::move(running);
    report(generation, State::Running, {}, lines);
}

void AnalyzerHost::report(int generation, State state, const QString &detail, const QList<Line> &lines)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation, state, detail, lines] {
            if (generation != m_generation)
                return;
            // A line may have said how it is before the list arrived: that state is the newer one.
            QList<Line> merged = lines;
            for (Line &l : merged) {
                for (const Line &known : std::as_const(m_lines)) {
                    if (known.name == l.name) {
                        l.state = known.state;
                        l.detail = known.detail;
                    }
                }
            }
            m_lines = merged;
            setState(state, detail);
        },
        Qt::QueuedConnection);
}

void AnalyzerHost::stop()
{
    if (!m_thread.isRunning())
        return;
    ++m_generation;
    // The lines and the database belong to the thread: they are closed there, then it ends.
    QMetaObject::invokeMethod(
        &m_context, [this] { m_running.reset(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    const QList<Line> stopped = std::exchange(m_lines, {});
    for (const Line &l : stopped)
        emit lineChanged(l.name, AstmConnection::State::Stopped, l.endpoint);
    setState(State::Stopped, {});
}

void AnalyzerHost::setState(State state, const QString &detail)
{
    m_state = state;
    m_error = state == State::Failed ? detail : QString();
    if (state != State::Running)
        m_lines.clear();
    emit stateChanged(state, detail);
}

void AnalyzerHost::setLine(const QString &name, AstmConnection::State state, const QString &detail)
{
    bool known = false;
    for (Line &l : m_lines) {
        if (l.name == name) {
            l.state = state;
            l.detail = detail;
            known = true;
        }
    }
    // Before the list of lines has arrived (Starting): kept, so the list picks it up.
    if (!known)
        m_lines << Line{name, QString(), state, detail};
    emit lineChanged(name, state, detail);
}

} // namespace benchside
