// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <optional>

namespace benchside {

// Cuts the byte stream of a serial-mode scanner into codes. A pure value class: the owner feeds it
// whatever the port delivered, in whatever chunks, and calls flush() when the line has been quiet.
//
// The configured suffix ends a code. CR, LF and NUL bytes at either end of a code are line noise
// (a scanner sending CR LF to a station set to CR, a NUL when the device resets) and are dropped; any
// other control byte makes the whole code suspect, so it is reported and never passed on, as is a line
// longer than maxLength without its suffix. A misread tube must end as a message, never as a
// different tube.
class SerialFramer
{
    Q_DECLARE_TR_FUNCTIONS(SerialFramer)

public:
    enum class Suffix { Cr, Lf, CrLf, Tab, None }; // None: a quiet line (flush()) ends the code

    struct Frame
    {
        enum class Type { Code, Problem };

        Type type = Type::Code;
        QString text; // the code, or a message a person can act on

        static Frame code(QString text) { return {Type::Code, std::move(text)}; }
        static Frame problem(QString text) { return {Type::Problem, std::move(text)}; }
        friend bool operator==(const Frame &, const Frame &) = default;
    };

    static constexpr int DefaultMaxLength = 128;

    explicit SerialFramer(Suffix suffix = Suffix::Cr, int maxLength = DefaultMaxLength);

    Suffix suffix() const { return m_suffix; }
    int maxLength() const { return m_maxLength; }

    // Codes and problems completed by these bytes, in the order they were completed.
    QList<Frame> feed(QByteArrayView bytes);
    // The line has been quiet: with suffix None what is held is a code; with any other suffix it is a
    // code that lost its suffix, reported and dropped. Does nothing when nothing is held.
    QList<Frame> flush();
    // Drops whatever is held without a word, for when the port closes and the owner reports why.
    void reset();
    // True while part of a code (or of a line being discarded) is held, so the owner knows to time
    // the line's silence.
    bool hasPending() const { return !m_buffer.isEmpty() || m_discarding; }

    // "cr", "lf", "crlf", "tab", "none" as in Settings::serialSuffixes().
    static std::optional<Suffix> parseSuffix(const QString &name);
    static QString suffixName(Suffix suffix);

private:
    void endCode(QList<Frame> &out);
    void takeByte(char byte, QList<Frame> &out);

    Suffix m_suffix;
    int m_maxLength;
    QByteArray m_buffer;
    bool m_discarding = false; // an over-long line: ignore bytes until its end
};

} // namespace benchside
