// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

class QSqlQuery;

namespace benchside {

// What a command asks to record; the store gives it identity, time, sequence and hash.
struct EventDraft
{
    QString kind;
    QString subject;
    QJsonObject payload;
    QString actor = {}; // empty: the actor the whole write is recorded for
    // The index of an earlier draft of the same write whose event id becomes this payload's "base":
    // a decision on an event written in the same transaction (an autoverification of the result
    // just entered), whose id is only known once it is appended. -1: none.
    int baseOf = -1;
};

// One journal entry, exactly as stored. Value type: copying is cheap and safe.
struct Event
{
    QString id;
    QString stationId;
    qint64 stationSeq = 0;
    qint64 hlc = 0;
    QString actor;
    QString kind;
    QString subject;
    QString payload; // canonical compact JSON, hashed byte for byte
    QString prevHash;
    QString hash;

    QJsonObject payloadObject() const;
    qint64 atMs() const { return hlc >> 16; }

    // The bytes the hash covers: every field but the hash itself, in a fixed order.
    QByteArray canonicalBytes() const;
    QString computeHash() const;

    static QString canonicalJson(const QJsonObject &object);

    // The journal's columns in the order fromRow() reads them.
    static const char *const Columns;
    // `Row` is a QSqlQuery or a SqliteStatement on a row.
    template<typename Row> static Event fromRow(const Row &q);
    // Every remaining row of an executed query over Columns.
    static QList<Event> fromRows(QSqlQuery &q);
    static QString genesisHash();
};

template<typename Row> Event Event::fromRow(const Row &q)
{
    Event e;
    e.id = q.value(0).toString();
    e.stationId = q.value(1).toString();
    e.stationSeq = q.value(2).toLongLong();
    e.hlc = q.value(3).toLongLong();
    e.actor = q.value(4).toString();
    e.kind = q.value(5).toString();
    e.subject = q.value(6).toString();
    e.payload = q.value(7).toString();
    e.prevHash = q.value(8).toString();
    e.hash = q.value(9).toString();
    return e;
}

} // namespace benchside
