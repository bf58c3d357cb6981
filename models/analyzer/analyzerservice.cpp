// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzerservice.h"

#include "analyzer/analyzerintake.h"
#include "analyzer/analyzerregistry.h"
#include "hl7/interfacelog.h"
#include "lab/lab.h"

#include <QThread>

namespace benchside {

struct AnalyzerService::Running
{
    AnalyzerDefinition definition;
    QThread thread;
    AstmConnection *connection = nullptr; // lives in `thread`; deleted there when it finishes
    AstmConnection::State state = AstmConnection::State::Stopped;
    QString detail;
    bool transcriptFailed = false; // said once, not for every byte
};

AnalyzerService::AnalyzerService(Lab &lab, QString actor, QObject *parent)
    : QObject(parent), m_lab(lab), m_actor(std::move(actor))
{}

AnalyzerService::~AnalyzerService()
{
    stop();
}

void AnalyzerService::setTranscript(const QString &directory, int keepDays)
{
    m_transcript = keepDays > 0 ? std::make_unique<AstmTranscript>(directory, keepDays) : nullptr;
    if (m_transcript)
        m_transcript->prune(QDate::currentDate());
}

Status AnalyzerService::start(const QStringList &names, const AstmConnection::Timing &timing)
{
    stop();
    Result<QList<AnalyzerDefinition>> all =
        AnalyzerRegistry(m_lab.store(), m_lab.permissions(), m_lab.catalog()).list();
    if (!all)
        return Status::failure(all.error());
    QList<AnalyzerDefinition> chosen;
    for (const QString &name : names) {
        const auto it = std::find_if(all.value().cbegin(), all.value().cend(),
                                     [&](const AnalyzerDefinition &d) { return d.name == name; });
        if (it == all.value().cend())
            return Status::failure(tr("No analyzer %1 is set up here (analyzer list).").arg(name));
        chosen << *it;
    }
    if (names.isEmpty()) {
        for (const AnalyzerDefinition &d : all.value()) {
            if (d.active)
                chosen << d;
        }
    }
    for (const AnalyzerDefinition &d : std::as_const(chosen)) {
        auto r = std::make_unique<Running>();
        r->definition = d;
        r->thread.setObjectName(QStringLiteral("astm-") + d.name);
        r->connection = new AstmConnection(d.name, d.endpoint);
        r->connection->setTiming(timing);
        // A result is acknowledged to the analyzer once it is on disk (see receive()).
        r->connection->setAckAfterCommit(true);
        r->connection->moveToThread(&r->thread);
        Running *raw = r.get();
        connect(&r->thread, &QThread::finished, r->connection, &QObject::deleteLater);
        connect(r->connection, &AstmConnection::stateChanged, this,
                [this, raw](AstmConnection::State state, const QString &detail) {
                    raw->state = state;
                    raw->detail = detail;
                    emit lineChanged(raw->definition.name, state, detail);
                });
        connect(r->connection, &AstmConnection::messageReceived, this,
                [this, raw](const QByteArray &text) { receive(*raw, text); });
        connect(r->connection, &AstmConnection::logLine, this,
                [this, raw](const QString &level, const QString &text) {
                    log(raw->definition.name, level, text);
                });
        connect(r->connection, &AstmConnection::bytes, this,
                [this, raw](const QByteArray &data, bool inbound) {
                    if (!m_transcript)
                        return;
                    if (Status s = m_transcript->append(raw->definition.name, data, inbound,
                                                        QDateTime::currentDateTime());
                        !s && !raw->transcriptFailed) {
                        raw->transcriptFailed = true;
                        log(raw->definition.name, QStringLiteral("warning"), s.error());
                    }
                });
        r->thread.start();
        QMetaObject::invokeMethod(r->connection, &AstmConnection::start, Qt::QueuedConnection);
        m_running.push_back(std::move(r));
    }
    return {};
}

void AnalyzerService::stop()
{
    for (const std::unique_ptr<Running> &r : m_running) {
        r->connection->disconnect(this);
        QMetaObject::invokeMethod(r->connection, &AstmConnection::stop, Qt::BlockingQueuedConnection);
        r->thread.quit();
        r->thread.wait();
    }
    m_running.clear();
}

QList<AnalyzerService::Line> AnalyzerService::lines() const
{
    QList<Line> out;
    for (const std::unique_ptr<Running> &r : m_running)
        out << Line{r->definition.name, r->definition.endpoint.describe(), r->state, r->detail};
    return out;
}

void AnalyzerService::receive(Running &r, const QByteArray &text)
{
    AnalyzerIntake intake(m_lab, m_actor);
    Result<AnalyzerIntake::Outcome> o = intake.receive(r.definition, text);
    // The ACK of the message's last frame waited for this: ACK once it is committed, NAK if it could
    // not be (the analyzer sends it again). Every message is answered for, in order.
    QMetaObject::invokeMethod(
        r.connection, [c = r.connection, ok = bool(o)] { c->acknowledge(ok); }, Qt::QueuedConnection);
    if (!o) {
        log(r.definition.name, QStringLiteral("error"), o.error());
        return;
    }
    if (o.value().qcValues > 0)
        log(r.definition.name, QStringLiteral("info"),
            tr("%1 control value(s) recorded as %2 QC run(s)").arg(o.value().qcValues).arg(o.value().qcRuns));
    if (o.value().autoverified + o.value().heldByRules > 0)
        log(r.definition.name, QStringLiteral("info"),
            tr("Autoverification: %1 released, %2 held for a person")
                .arg(o.value().autoverified)
                .arg(o.value().heldByRules));
    if (!o.value().answers.isEmpty())
        log(r.definition.name, QStringLiteral("info"),
            tr("Answered %1 host query message(s)").arg(o.value().answers.size()));
    for (const QList<QByteArray> &answer : o.value().answers)
        QMetaObject::invokeMethod(
            r.connection, [c = r.connection, answer] { c->send(answer); }, Qt::QueuedConnection);
    for (const QString &note : o.value().notes)
        log(r.definition.name, QStringLiteral("warning"), note);
    emit taken(r.definition.name, o.value().results, o.value().matched, o.value().unmatched,
               int(o.value().held.size()), o.value().duplicates);
}

void AnalyzerService::log(const QString &name, const QString &level, const QString &text)
{
    if (Status s =
            InterfaceLog(m_lab.database().connection()).append(QStringLiteral("astm"), name, level, text);
        !s)
        qWarning("%s", qPrintable(s.error()));
    emit logged(name, level, text);
}

} // namespace benchside
