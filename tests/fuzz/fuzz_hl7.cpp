// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for HL7 v2 at the byte level (models/hl7): the bytes go through the MLLP framer in
// pieces, each frame and the bytes as they are through the ER7 parser, the encoder, value() on every
// field, the ACK built for the message, and escape/unescape. Besides crashes, leaks and undefined
// behaviour (the `fuzz` preset's sanitizers), it aborts when one of these does not hold:
//  - the framer gives the same frames, stray count and state whatever the split of the bytes;
//  - a frame's payload is never over the limit (an Oversize report carries at most 256 bytes of it),
//    never contains 0x0B, and framed again reads back as itself;
//  - a parsed message encodes to text that parses to the same segments, delimiters and charset;
//  - a field without repetition or escape characters reads as written;
//  - unescape() never lengthens text, nor turns the sequence of a delimiter the message does not
//    declare into U+0000; what escape() writes reads back as the value and carries no
//    delimiter, CR or LF (nothing from a message can add a field or segment to an ACK), whenever the
//    escape character is not itself a letter of the escape sequences (\F\ \S\ \T\ \R\ \E\ \.br\ \X0D\);
//  - the ACK parses; for a message with five distinct delimiters that are no letters or digits, it
//    has those delimiters, MSA-2 the inbound MSH-10, sender and receiver swapped, and every value
//    it was given.
// The first byte steers: its low four bits give the size of the pieces (1–16), and when its top bit
// is set the frame limit is small (32 << bits 4–6) so that oversize frames are reached.
#include "hl7/hl7ack.h"
#include "hl7/hl7escape.h"
#include "hl7/hl7message.h"
#include "hl7/mllpframer.h"

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
        std::fprintf(stderr, "fuzz_hl7: invariant violated: %s\n", what);
        std::abort();
    }
}

// The letters escape sequences are written with; an escape character among them makes its own
// sequences ambiguous (with E as the escape character, \E\ is "EEE").
bool escapeIsOrdinary(const Hl7Delimiters &d)
{
    return !d.escape.isNull() && !QStringLiteral("EFSTR.brX0D").contains(d.escape);
}

// Five distinct delimiters, none missing, a line end, half a surrogate pair, a letter, a digit or a
// point: what a real sender declares, however unusual its choice. (An ACK is written with letters and
// digits of its own, ACK, AA, HL70357, a timestamp, which such a delimiter would split.)
bool delimitersAreOrdinary(const Hl7Delimiters &d)
{
    const QChar all[] = {d.field, d.component, d.repetition, d.escape, d.subcomponent};
    for (int i = 0; i < 5; ++i) {
        const QChar c = all[i];
        if (c.isNull() || c == QLatin1Char('\r') || c == QLatin1Char('\n') || c.isSurrogate() ||
            c.isLetterOrNumber() || c == QLatin1Char('.'))
            return false;
        for (int j = 0; j < i; ++j) {
            if (all[j] == c)
                return false;
        }
    }
    return true;
}

bool sameDelimiters(const Hl7Delimiters &a, const Hl7Delimiters &b)
{
    return a.field == b.field && a.component == b.component && a.repetition == b.repetition &&
           a.escape == b.escape && a.subcomponent == b.subcomponent;
}

void checkEscape(const QString &value, const QString &raw, const Hl7Delimiters &d)
{
    require(Hl7Escape::unescape(raw, d).size() <= raw.size(), "unescape() never lengthens text");
    if (d.escape.isNull() || !raw.contains(d.escape))
        require(Hl7Escape::unescape(raw, d) == raw, "text without the escape character is its own value");
    // U+0000 comes only from \X00\ (or a NUL written as such): a delimiter the message does not
    // declare (a null QChar) is no character to unescape to.
    if (!raw.contains(QChar()) && !raw.contains(QLatin1Char('X')))
        require(!Hl7Escape::unescape(raw, d).contains(QChar()),
                "unescape() makes no U+0000 of a missing delimiter");

    const QString escaped = Hl7Escape::escape(value, d);
    if (d.escape.isNull()) {
        require(escaped == value, "without an escape character nothing is escaped");
        return;
    }
    if (!escapeIsOrdinary(d))
        return;
    require(Hl7Escape::unescape(escaped, d) == value, "unescape(escape(v)) == v");
    for (const QChar c : {d.field, d.component, d.repetition, d.subcomponent, QChar(QLatin1Char('\r')),
                          QChar(QLatin1Char('\n'))}) {
        if (c.isNull() || c == d.escape || QStringLiteral("EFSTR.brX0D").contains(c))
            continue;
        require(!escaped.contains(c), "escape() leaves no delimiter, CR or LF");
    }
}

void checkAck(const Hl7Message &in)
{
    static const QDateTime at(QDate(2024, 1, 2), QTime(3, 4, 5), QTimeZone::utc());
    const int last = int(in.segments().size()) - 1;
    const QString controlId = QStringLiteral("BS-") + in.value(0, 10);
    const QString text = in.value(last, 1);
    QList<Hl7Error> errors;
    for (int s = 0; s < std::min(3, last + 1); ++s) {
        errors.append({in.segments().at(s).name, s + 1, s + 2, in.value(s, 2), in.value(last, 3)});
    }
    const auto code = static_cast<Hl7Ack::Code>(in.segments().size() % 3);
    const QString ack = Hl7Ack::build(in, code, controlId, at, text, errors);
    const QString unreadable = Hl7Ack::rejectUnreadable(text, controlId, at);

    const Result<Hl7Message> reject = Hl7Message::parse(unreadable.toUtf8());
    require(reject.ok(), "rejectUnreadable() parses");
    const int rejectMsa = reject->find(QStringLiteral("MSA"));
    require(reject->value(rejectMsa, 1) == QLatin1String("AR"), "rejectUnreadable() is AR");
    // Half a surrogate pair (a value cut by a delimiter that is one) does not survive UTF-8.
    if (QStringView(text).isValidUtf16() && QStringView(controlId).isValidUtf16()) {
        require(reject->value(rejectMsa, 3) == text, "rejectUnreadable() carries the reason");
        require(reject->value(0, 10) == controlId, "rejectUnreadable() carries the control ID");
    }

    const Result<Hl7Message> back = Hl7Message::parse(ack.toUtf8());
    require(back.ok(), "the ACK parses");
    if (!delimitersAreOrdinary(in.delimiters()))
        return;
    const Hl7Message &a = back.value();
    require(sameDelimiters(a.delimiters(), in.delimiters()), "the ACK has the inbound delimiters");
    require(a.segments().size() == 2 + errors.size(), "the ACK is MSH, MSA and one ERR per error");
    require(a.segments().at(0).name == QLatin1String("MSH") &&
                a.segments().at(1).name == QLatin1String("MSA"),
            "the ACK is MSH, MSA, ERR…");
    for (const auto &[ackField, inField] : {std::pair{3, 5}, {4, 6}, {5, 3}, {6, 4}, {11, 11}, {12, 12}})
        require(a.rawField(0, ackField) == in.rawField(0, inField), "the ACK mirrors MSH-3 to 6, 11 and 12");
    require(a.value(0, 9, 1) == QLatin1String("ACK") && a.value(0, 9, 2) == in.value(0, 9, 2),
            "MSH-9 is ACK^<trigger>");
    require(a.value(0, 10) == controlId, "MSH-10 is the ACK's control ID");
    require(a.value(1, 1) == Hl7Ack::codeName(code), "MSA-1 is the code");
    require(a.rawField(1, 2) == in.rawField(0, 10), "MSA-2 is the inbound MSH-10");
    require(a.value(1, 3) == text, "MSA-3 is the text");
    const QString version = in.value(0, 12, 1);
    const bool inErr1 = version.startsWith(QLatin1String("2.1")) ||
                        version.startsWith(QLatin1String("2.2")) ||
                        version.startsWith(QLatin1String("2.3")) || version.startsWith(QLatin1String("2.4"));
    for (int i = 0; i < errors.size(); ++i) {
        const Hl7Error &e = errors.at(i);
        const int err = 2 + i;
        require(a.segments().at(err).name == QLatin1String("ERR"), "one ERR per error");
        const int where = inErr1 ? 1 : 2;
        require(a.value(err, where, 1) == e.segment, "ERR names the segment");
        require(a.value(err, where, 2) == QString::number(e.occurrence), "ERR gives the occurrence");
        require(a.value(err, where, 3) == QString::number(e.field), "ERR gives the field");
        if (inErr1) {
            require(a.value(err, 1, 4, 1) == e.code && a.value(err, 1, 4, 2) == e.text,
                    "ERR-1 code and text");
        } else {
            require(a.value(err, 3, 1) == e.code && a.value(err, 3, 2) == e.text, "ERR-3 code and text");
        }
    }
}

void checkMessage(const QByteArray &bytes)
{
    const Result<Hl7Message> parsed = Hl7Message::parse(bytes);
    if (!parsed.ok()) {
        require(!parsed.error().isEmpty(), "a refusal says why");
        return;
    }
    const Hl7Message &m = parsed.value();
    require(!m.segments().isEmpty() && m.find(QStringLiteral("MSH")) == 0, "a message starts with MSH");

    const QString text = m.encode();
    const Result<Hl7Message> again = Hl7Message::parse(m.encodeBytes());
    require(again.ok(), "an encoded message parses");
    require(again->encode() == text, "parse(encode(m)) encodes as m");
    require(again->charset() == m.charset(), "parse(encode(m)) has m's charset");
    require(sameDelimiters(again->delimiters(), m.delimiters()), "parse(encode(m)) has m's delimiters");
    require(again->segments().size() == m.segments().size(), "parse(encode(m)) has m's segments");
    for (int s = 0; s < m.segments().size(); ++s) {
        require(again->segments().at(s).name == m.segments().at(s).name &&
                    again->segments().at(s).fields == m.segments().at(s).fields,
                "parse(encode(m)) has m's fields");
    }

    const Hl7Delimiters &d = m.delimiters();
    for (int s = 0; s < m.segments().size(); ++s) {
        const int fields = int(m.segments().at(s).fields.size());
        for (int f = 0; f < fields; ++f) {
            const QString raw = m.rawField(s, f);
            const QString value = m.value(s, f);
            if ((d.repetition.isNull() || !raw.contains(d.repetition)) &&
                (d.escape.isNull() || !raw.contains(d.escape)))
                require(value == raw, "a field without repetitions or escapes reads as written");
            m.value(s, f, 1);
            m.value(s, f, 2, 1);
            m.value(s, f, 1, 2, 1);
            checkEscape(value, raw, d);
        }
        require(m.value(s, fields).isEmpty() && m.rawField(s, fields).isEmpty(), "an absent field is empty");
    }
    require(m.value(int(m.segments().size()), 1).isEmpty() && m.value(-1, 1).isEmpty(),
            "an absent segment is empty");
    m.value(QStringLiteral("PID"), 5, 1);

    checkAck(m);
}

bool sameFrames(const QList<MllpFramer::Frame> &a, const QList<MllpFramer::Frame> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i) {
        if (a.at(i).kind != b.at(i).kind || a.at(i).payload != b.at(i).payload)
            return false;
    }
    return true;
}

void checkFramer(const QByteArray &bytes, qsizetype piece, qsizetype limit)
{
    MllpFramer inPieces(limit);
    QList<MllpFramer::Frame> frames;
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        frames += inPieces.feed(QByteArrayView(bytes).sliced(at, std::min(piece, bytes.size() - at)));
    MllpFramer atOnce(limit);
    require(sameFrames(frames, atOnce.feed(bytes)), "the same frames whatever the split");
    require(inPieces.takeStrayBytes() == atOnce.takeStrayBytes(), "the same stray bytes whatever the split");
    require(inPieces.inFrame() == atOnce.inFrame(), "the same state whatever the split");

    for (const MllpFramer::Frame &frame : std::as_const(frames)) {
        require(!frame.payload.contains(MllpFramer::StartBlock), "no 0x0B in a payload");
        if (frame.kind == MllpFramer::Frame::Kind::Oversize) {
            require(frame.payload.size() <= std::min<qsizetype>(256, limit), "an oversize report is short");
            continue;
        }
        require(frame.payload.size() <= limit, "a message frame is within the limit");
        MllpFramer again;
        const QList<MllpFramer::Frame> one = again.feed(MllpFramer::frame(frame.payload));
        require(one.size() == 1 && one.first().kind == MllpFramer::Frame::Kind::Message &&
                    one.first().payload == frame.payload,
                "a payload framed again reads back as itself");
        require(again.takeStrayBytes() == 0 && !again.inFrame(), "a framed payload leaves nothing behind");
        checkMessage(frame.payload);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const uint8_t steer = size > 0 ? data[0] : 0;
    const qsizetype piece = (steer & 0x0F) + 1;
    const qsizetype limit = (steer & 0x80) ? qsizetype(32) << ((steer >> 4) & 7) : MllpFramer::DefaultLimit;
    checkFramer(bytes, piece, limit);
    checkMessage(bytes);
    // Escaping on its own, with any delimiters: bytes 1–5 as MSH-1 and MSH-2, the rest as the text.
    if (bytes.size() >= 6) {
        const Hl7Delimiters d =
            Hl7Delimiters::fromMsh(QLatin1Char(bytes.at(1)), QString::fromLatin1(bytes.mid(2, 4)));
        const QString text = QString::fromUtf8(bytes.mid(6));
        checkEscape(text, text, d);
    }
    return 0;
}
