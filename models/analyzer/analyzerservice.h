// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/analyzerdefinition.h"
#include "analyzer/astmtranscript.h"
#include "astm/astmconnection.h"
#include "core/result.h"

#include <QObject>
#include <QStringList>
#include <memory>
#include <vector>

namespace benchside {

class Lab;

// The station's analyzer lines at work: one AstmConnection per analyzer, each in a thread of its own
// (a slow serial port or a hung socket never holds up another analyzer), and the intake here, in the
// thread of the Lab it was given: a message received is taken in (AnalyzerIntake), a host query's
// answer sent back on the same line. Every line's state is kept for the status bar and the
// Instruments page; its bytes go to the transcript.
class AnalyzerService : public QObject
{
    Q_OBJECT

public:
    struct Line
    {
        QString name;
        QString endpoint; // AstmEndpoint::describe()
        AstmConnection::State state = AstmConnection::State::Stopped;
        QString detail;
    };

    AnalyzerService(Lab &lab, QString actor, QObject *parent = nullptr);
    ~AnalyzerService() override;

    // Starts the named analyzers' lines, or every active analyzer's when `names` is empty. Refuses,
    // starting none, when a name is not set up here. A running service is stopped first.
    Status start(const QStringList &names = {}, const AstmConnection::Timing &timing = {});
    void stop();
    // Where transcripts go and for how many days (0: none). Before start().
    void setTranscript(const QString &directory, int keepDays);

    QList<Line> lines() const;

signals:
    void lineChanged(const QString &name, benchside::AstmConnection::State state, const QString &detail);
    // A message taken in: what became of its results.
    void taken(const QString &name, int results, int matched, int unmatched, int held, int duplicates);
    // What happened on a line, or to a message (level: info, warning, error).
    void logged(const QString &name, const QString &level, const QString &text);

private:
    struct Running;
    void receive(Running &r, const QByteArray &text);
    void log(const QString &name, const QString &level, const QString &text);

    Lab &m_lab;
    QString m_actor;
    std::unique_ptr<AstmTranscript> m_transcript;
    std::vector<std::unique_ptr<Running>> m_running;
};

} // namespace benchside
