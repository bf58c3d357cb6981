// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for ASTM at the byte level (models/astm): the bytes go to AstmLink as an
// instrument's side of the line, in pieces, with a clock; every message it completes goes through the
// E1394 parser; the same bytes answer a link that is sending a host-query answer. Besides crashes,
// leaks and undefined behaviour (the `fuzz` preset's sanitizers), it aborts when one of these does
// not hold:
//  - the receiver gives the same answers, messages and log whatever the split of the bytes;
//  - it answers only ACK or NAK, and a message it completes is CR-ended text without any of the
//    link's control characters, never longer than the bytes that came in;
//  - a parsed message starts with H, and every R, C and Q record is found in the structure (results
//    under an order, comments where they belong, queries);
//  - escaping with the message's delimiters reads back as the value and leaves no delimiter;
//  - the sending link never writes a frame of more than 247 characters, and after EOT has nothing in
//    flight;
//  - text from the input, written by the encoder and sent by one link to another, reads back as
//    itself (control characters as spaces, trimmed).
// The first byte steers: its low four bits give the size of the pieces (1–16), bits 4–6 the analyzer
// profile, and when its top bit is set the clock jumps 7 s per piece, so that timers fire.
#include "astm/astmencoder.h"
#include "astm/astmlink.h"
#include "astm/astmmessage.h"

#include <QByteArray>
#include <QDateTime>
#include <QTimeZone>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_astm: invariant violated: %s\n", what);
        std::abort();
    }
}

bool linkControl(char c)
{
    switch (c) {
    case 0x01:
    case AstmLink::Stx:
    case AstmLink::Etx:
    case AstmLink::Eot:
    case AstmLink::Enq:
    case AstmLink::Ack:
    case AstmLink::Lf:
    case 0x10:
    case 0x11:
    case 0x12:
    case 0x13:
    case 0x14:
    case AstmLink::Nak:
    case 0x16:
    case AstmLink::Etb:
        return true;
    default:
        return false;
    }
}

// Distinct delimiters, none missing, none a letter of the escape sequences: what escaping can promise
// a round trip for.
bool delimitersAreOrdinary(const AstmDelimiters &d)
{
    const QChar all[] = {d.field, d.repeat, d.component, d.escape};
    for (int i = 0; i < 4; ++i) {
        if (all[i].isNull() || all[i].unicode() < 0x20 || QStringLiteral("FSRE").contains(all[i]))
            return false;
        for (int j = 0; j < i; ++j) {
            if (all[i] == all[j])
                return false;
        }
    }
    return true;
}

QString sanitized(const QString &value)
{
    QString out = value;
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            c = QLatin1Char(' ');
    }
    return out;
}

void checkMessage(const AstmMessage &m, AstmProfile profile)
{
    require(!m.records().isEmpty() && m.records().first().type() == QLatin1Char('H'),
            "a message starts with H");
    qsizetype results = 0, comments = m.comments().size(), queries = m.queries().size();
    for (const AstmPatient &p : m.patients()) {
        comments += p.comments.size();
        for (const AstmOrder &o : p.orders) {
            comments += o.comments.size();
            results += o.results.size();
            for (const AstmResult &r : o.results)
                comments += r.comments.size();
        }
    }
    qsizetype rRecords = 0, cRecords = 0, qRecords = 0;
    for (const AstmRecord &r : m.records()) {
        rRecords += r.type() == QLatin1Char('R');
        cRecords += r.type() == QLatin1Char('C');
        qRecords += r.type() == QLatin1Char('Q');
        require(r.rawField(0).isEmpty() && r.rawField(r.fieldCount() + 1).isEmpty(),
                "absent fields are empty");
        for (int f = 1; f <= r.fieldCount(); ++f)
            r.component(f, 2, 1);
    }
    require(results == rRecords, "every R record is a result");
    require(comments == cRecords, "every C record is a comment");
    require(queries == qRecords, "every Q record is a query");
    m.sender();
    m.terminationCode();

    const AstmDelimiters &d = m.delimiters();
    if (!delimitersAreOrdinary(d))
        return;
    const AstmEncoder encoder(profile, d);
    for (const AstmRecord &r : m.records()) {
        const QString value = sanitized(r.text());
        const QString escaped = encoder.escape(value);
        require(AstmRecord::decode(escaped, d) == value, "decode(escape(v)) == v");
        for (const QChar c : {d.field, d.repeat, d.component})
            require(!escaped.contains(c), "escape() leaves no delimiter");
    }
}

void checkFrames(const QByteArray &written)
{
    for (qsizetype at = written.indexOf(AstmLink::Stx); at >= 0;
         at = written.indexOf(AstmLink::Stx, at + 1)) {
        const qsizetype end = written.indexOf("\r\n", at);
        require(end > at && end + 2 - at <= 247, "a frame we send has at most 247 characters");
    }
}

// With step 0 no tick(): it would log stray bytes in runs that depend on the split.
QList<QByteArray> feedInPieces(AstmLink &link, const QByteArray &bytes, qsizetype piece, qint64 step,
                               QByteArray *written)
{
    qint64 now = 0;
    for (qsizetype at = 0; at < bytes.size(); at += piece) {
        *written += link.feed(QByteArrayView(bytes).sliced(at, std::min(piece, bytes.size() - at)), now);
        if (step > 0) {
            now += step;
            *written += link.tick(now);
        }
    }
    return link.takeMessages();
}

void checkReceiver(const QByteArray &bytes, qsizetype piece, qint64 step, AstmProfile profile)
{
    // Any split, the same clock: the same result.
    AstmLink atOnce;
    const QByteArray answers = atOnce.feed(bytes, 0);
    const QList<QByteArray> messages = atOnce.takeMessages();
    AstmLink inPieces;
    QByteArray pieceAnswers;
    require(feedInPieces(inPieces, bytes, piece, 0, &pieceAnswers) == messages,
            "the same messages whatever the split");
    require(pieceAnswers == answers, "the same answers whatever the split");
    require(inPieces.takeLog() == atOnce.takeLog(), "the same log whatever the split");

    // With a clock that runs: timers fire.
    AstmLink timed(piece * 8);
    QByteArray timedAnswers;
    const QList<QByteArray> timedMessages = feedInPieces(timed, bytes, piece, step, &timedAnswers);
    for (const QByteArray &out : {answers, timedAnswers}) {
        for (const char c : out)
            require(c == AstmLink::Ack || c == AstmLink::Nak, "a receiver answers ACK or NAK");
    }
    for (const QList<QByteArray> &list : {messages, timedMessages}) {
        for (const QByteArray &message : list) {
            require(!message.isEmpty() && message.endsWith('\r'), "a message is CR-ended text");
            require(message.size() <= bytes.size(), "a message is no longer than its bytes");
            require(std::none_of(message.cbegin(), message.cend(), linkControl),
                    "no control character in a message");
            for (const Result<AstmMessage> &m : AstmMessage::parseSession(message, profile)) {
                if (m.ok())
                    checkMessage(m.value(), profile);
                else
                    require(!m.error().isEmpty(), "a refusal says why");
            }
        }
    }
    // The bytes as bare records too (support staff import those).
    for (const Result<AstmMessage> &m : AstmMessage::parseSession(bytes, profile)) {
        if (m.ok())
            checkMessage(m.value(), profile);
    }
}

void checkSender(const QByteArray &bytes, qsizetype piece, qint64 step, AstmProfile profile)
{
    // Cut as bytes, so that no piece ends in half a surrogate pair.
    const QString text = QString::fromUtf8(bytes);
    const QString receiver = QString::fromUtf8(bytes.left(40));
    const QString patient = QString::fromUtf8(bytes.left(20));
    const AstmEncoder encoder(profile, {}, AstmEncoder::Charset::Utf8);
    static const QDateTime at = QDateTime::fromSecsSinceEpoch(1700000000, QTimeZone::utc());
    const QList<QByteArray> answer =
        encoder.answer(QStringLiteral("Benchside"), receiver, at,
                       {{text,
                         true,
                         patient,
                         {QString::fromUtf8(bytes.left(8)), QString::fromUtf8(bytes.mid(8, 8))},
                         QStringLiteral("R")}});

    // The bytes as the instrument's replies.
    AstmLink sender;
    sender.send(answer);
    QByteArray written = sender.tick(0);
    qint64 now = 0;
    for (qsizetype from = 0; from < bytes.size(); from += piece) {
        written += sender.feed(QByteArrayView(bytes).sliced(from, std::min(piece, bytes.size() - from)), now);
        now += step;
        written += sender.tick(now);
    }
    checkFrames(written);
    require(sender.queuedMessages() <= 1, "one message queued at most");
    if (written.endsWith(AstmLink::Eot))
        require(sender.state() == AstmLink::State::Idle, "nothing in flight after EOT");

    // A well-behaved instrument: what the encoder wrote reads back.
    AstmLink instrument;
    AstmLink lis;
    lis.send(answer);
    QByteArray toInstrument = lis.tick(0);
    for (int turn = 0; turn < 10000 && !toInstrument.isEmpty(); ++turn) {
        checkFrames(toInstrument);
        toInstrument = lis.feed(instrument.feed(toInstrument, turn), turn);
    }
    const QList<QByteArray> received = instrument.takeMessages();
    require(received.size() == 1, "the answer arrives");
    const QList<Result<AstmMessage>> parsed =
        AstmMessage::parseSession(received.first(), AstmProfile::Generic);
    require(parsed.size() == 1 && parsed.first().ok(), "the answer parses");
    const AstmMessage &m = parsed.first().value();
    require(m.isComplete() && m.patients().size() == 1 && m.patients().first().orders.size() == 1,
            "the answer has one patient and one order");
    const AstmOrder &o = m.patients().first().orders.first();
    require(o.specimenId == sanitized(text).trimmed(), "the specimen ID reads back");
    require(m.patients().first().practiceId == sanitized(patient).trimmed(), "the patient ID reads back");
    require(m.receiver() == sanitized(receiver).trimmed(), "the receiver reads back");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const uint8_t steer = size > 0 ? data[0] : 0;
    const qsizetype piece = (steer & 0x0F) + 1;
    const auto profile = static_cast<AstmProfile>(((steer >> 4) & 7) % 7);
    const qint64 step = (steer & 0x80) ? 7000 : 10;
    checkReceiver(bytes, piece, step, profile);
    checkSender(bytes, piece, step, profile);
    return 0;
}
