// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "hl7/hl7outbox.h"
#include "hl7/hl7resultcomposer.h"
#include "hl7/interfacelog.h"

#include <QObject>
#include <QTimer>
#include <map>
#include <memory>

namespace benchside {

class Lab;

// Delivers the HL7 outbox over MLLP, one message in flight per destination, oldest first. Only an
// ACK whose MSA-2 is the message's own control ID counts: AA/CA journals it delivered, AE/AR (and
// CE/CR) journals it a dead letter, which holds back that patient's later messages at the destination.
// No answer within the timeout, or no connection, is retried later with the same bytes (stored at
// the first attempt) and a capped exponential backoff; the connection is closed on a timeout, so a
// late ACK can never be taken for the next message's. The outbox is looked at every poll interval,
// so releases recorded by another process on the same database go out too.
//
// For throughput the disk is synced per batch, not per message: the next messages are composed and
// stored together, and delivery outcomes are journaled together (within `flushIntervalMs`, or at
// once for a dead letter, which must hold back the patient's next message). A crash between an ACK
// and its journal entry resends that message with its own control ID, which the receiver drops.
class Hl7Sender : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int ackTimeoutMs = 30'000;
        int pollIntervalMs = 100;
        int firstRetryMs = 1'000;
        int maxRetryMs = 300'000;
        int batch = 200;
        int flushIntervalMs = 50;
        QString actor = QStringLiteral("hl7");
    };

    Hl7Sender(Lab &lab, Options options, QObject *parent = nullptr);
    ~Hl7Sender() override;

    void start();
    void stop();

signals:
    void delivered(const QString &id, const QString &destination);
    void deadLettered(const QString &id, const QString &destination, const QString &error);
    void attemptFailed(const QString &id, const QString &destination, const QString &error);

private:
    struct Link;
    void poll();
    void sendNext(Link &link);
    void transmit(Link &link);
    void readAcks(Link &link);
    void failAttempt(Link &link, const QString &error);
    void finish(Link &link, const QString &ackCode, const QString &ack, const QString &error);
    bool refill(Link &link);
    void flushOutcomes();
    void log(const QString &peer, const QString &level, const QString &text);

    Lab &m_lab;
    Options m_options;
    Hl7Outbox m_outbox;
    Hl7ResultComposer m_composer;
    InterfaceLog m_log;
    QTimer m_poll;
    QTimer m_flush;
    QList<Hl7Outbox::Outcome> m_unrecorded;
    QSet<QString> m_unrecordedIds;
    std::map<QString, std::unique_ptr<Link>> m_links;
};

} // namespace benchside
