// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for what scanners type (models/scan): the bytes as a keystroke capture (`replay`
// files, KeyCapture::parse), the keys of a capture and the bytes as raw key/timing pairs through the
// WedgeDetector, and the bytes as a serial scanner's stream through the SerialFramer. Besides
// crashes, leaks and undefined behaviour, it aborts when one of these does not hold:
//  - a capture that parses has times that are finite, not negative and never go back; one that does
//    not names the line that is wrong;
//  - the detector accounts for every key fed exactly once and in order (Deliver, Scan, Incomplete);
//    a scan's code is the burst's text after the prefix, at least minLength long; nothing is held
//    after finish(); expire() before the deadline changes nothing;
//  - the framer gives the same codes and problems whatever the split of the bytes; a code is printable
//    Latin-1 without CR, LF or NUL at its ends, never longer than the limit, and every byte of it came
//    in; after flush() nothing is pending.
// The first byte steers: the wedge settings (gap, prefix, suffix, minimum length) and the framer's
// suffix, limit and piece size.
#include "scan/keycapture.h"
#include "scan/serialframer.h"
#include "scan/wedgedetector.h"

#include <QByteArray>
#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_keys: invariant violated: %s\n", what);
        std::abort();
    }
}

WedgeSettings settingsFor(uint8_t steer)
{
    WedgeSettings s;
    s.maxGapMs = 1 + (steer & 0x0F) * 7;
    s.prefix = (steer & 0x10) ? QStringLiteral("]C1") : QString();
    s.suffix = static_cast<WedgeSettings::Suffix>((steer >> 5) & 3);
    s.minLength = 1 + (steer >> 7) * 5;
    return s;
}

QString textOf(const QList<WedgeKey> &keys)
{
    QString text;
    for (const WedgeKey &k : keys) {
        if (k.type == WedgeKey::Type::Text)
            text += k.ch;
    }
    return text;
}

class DetectorCheck
{
public:
    explicit DetectorCheck(const WedgeSettings &s) : m_settings(s), m_detector(s) {}

    void feed(const WedgeKey &key, qint64 ms)
    {
        // Before the deadline, expire() decides nothing.
        if (const std::optional<qint64> due = m_detector.deadline(); due && ms < *due)
            require(m_detector.expire(ms).isEmpty(), "expire() before the deadline does nothing");
        m_fed << key;
        take(m_detector.feed(key, ms));
    }
    void expireAtDeadline()
    {
        if (const std::optional<qint64> due = m_detector.deadline())
            take(m_detector.expire(*due));
    }
    void finish()
    {
        take(m_detector.finish());
        require(!m_detector.deadline(), "nothing is held after finish()");
        require(m_out == m_fed, "every key is accounted for once, in order");
    }

private:
    void take(const QList<WedgeAction> &actions)
    {
        for (const WedgeAction &a : actions) {
            require(!a.keys.isEmpty(), "an action accounts for keys");
            m_out += a.keys;
            if (a.type == WedgeAction::Type::Deliver) {
                require(a.code.isEmpty(), "delivered keys carry no code");
                continue;
            }
            const QString text = textOf(a.keys);
            require(text.startsWith(m_settings.prefix), "a scan starts with the prefix");
            require(a.code == text.mid(m_settings.prefix.size()),
                    "a scan's code is its text after the prefix");
            require(a.code.size() >= m_settings.minLength, "a scan is at least minLength long");
            if (a.type == WedgeAction::Type::Scan && m_settings.suffix != WedgeSettings::Suffix::None) {
                const WedgeKey::Type last = a.keys.back().type;
                require(last == WedgeKey::Type::Enter || last == WedgeKey::Type::Tab,
                        "a scan ends in its suffix");
            }
        }
    }

    WedgeSettings m_settings;
    WedgeDetector m_detector;
    QList<WedgeKey> m_fed;
    QList<WedgeKey> m_out;
};

void checkCapture(const QByteArray &bytes, const WedgeSettings &settings)
{
    const Result<QList<CapturedKey>> parsed = KeyCapture::parse(bytes);
    if (!parsed.ok()) {
        require(!parsed.error().isEmpty(), "a refused capture says why");
        return;
    }
    double last = 0;
    DetectorCheck check(settings);
    for (const CapturedKey &k : parsed.value()) {
        require(std::isfinite(k.ms) && k.ms >= 0 && k.ms >= last, "times are finite and never go back");
        last = k.ms;
        // As ScanReplayer feeds them.
        check.feed(k.key, static_cast<qint64>(k.ms));
    }
    check.finish();
}

// Pairs of bytes: a gap in milliseconds and a key (letters and digits, Enter, Tab, a modifier,
// another key, or a pause that lets the deadline pass).
void checkRawKeys(const QByteArray &bytes, const WedgeSettings &settings)
{
    DetectorCheck check(settings);
    qint64 ms = 0;
    for (qsizetype i = 1; i + 1 < bytes.size(); i += 2) {
        ms += static_cast<uint8_t>(bytes.at(i)) % 64;
        const auto k = static_cast<uint8_t>(bytes.at(i + 1));
        switch (k % 8) {
        case 0:
            check.feed(WedgeKey::enter(), ms);
            break;
        case 1:
            check.feed(WedgeKey::tab(), ms);
            break;
        case 2:
            check.feed(WedgeKey::modifier(), ms);
            break;
        case 3:
            check.feed(WedgeKey::other(), ms);
            break;
        case 4:
            check.expireAtDeadline();
            break;
        default:
            check.feed(WedgeKey::text(QChar(k < 0x80 ? char16_t(k) : char16_t(0x20 + k % 0x5F))), ms);
            break;
        }
    }
    check.finish();
}

bool sameFrames(const QList<SerialFramer::Frame> &a, const QList<SerialFramer::Frame> &b)
{
    return a == b;
}

void checkSerial(const QByteArray &bytes, uint8_t steer)
{
    const auto suffix = static_cast<SerialFramer::Suffix>(steer % 5);
    const int limit = (steer & 0x80) ? 1 + (steer >> 3) % 16 : SerialFramer::DefaultMaxLength;
    const qsizetype piece = 1 + (steer >> 4) % 7;
    SerialFramer atOnce(suffix, limit);
    QList<SerialFramer::Frame> whole = atOnce.feed(bytes);
    SerialFramer inPieces(suffix, limit);
    QList<SerialFramer::Frame> pieces;
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        pieces += inPieces.feed(QByteArrayView(bytes).sliced(at, std::min(piece, bytes.size() - at)));
    require(sameFrames(whole, pieces), "the same frames whatever the split");
    require(atOnce.hasPending() == inPieces.hasPending(), "the same state whatever the split");
    whole += atOnce.flush();
    require(!atOnce.hasPending(), "nothing is pending after flush()");

    for (const SerialFramer::Frame &f : std::as_const(whole)) {
        require(!f.text.isEmpty(), "a frame has text");
        if (f.type != SerialFramer::Frame::Type::Code)
            continue;
        require(f.text.size() <= limit, "a code is within the limit");
        for (const QChar c : f.text) {
            const char16_t u = c.unicode();
            require(u >= 0x20 && u != 0x7F && (u < 0x80 || u > 0x9F) && u <= 0xFF,
                    "a code is printable Latin-1");
        }
        require(bytes.contains(f.text.toLatin1()), "a code's bytes came in as they are");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const uint8_t steer = size > 0 ? data[0] : 0;
    const WedgeSettings settings = settingsFor(steer);
    checkCapture(bytes, settings);
    checkRawKeys(bytes, settings);
    checkSerial(bytes, steer);
    return 0;
}
