// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jsontext.h"

#include <QString>

namespace benchside {

namespace {
char hexDigit(unsigned v)
{
    return static_cast<char>(v < 10 ? '0' + v : 'a' + v - 10);
}
} // namespace

void appendJsonString(QByteArray &out, QStringView s)
{
    out += '"';
    const qsizetype n = s.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t u = s[i].unicode();
        if (u >= 0x20 && u < 0x80 && u != u'"' && u != u'\\') {
            out += static_cast<char>(u);
            continue;
        }
        if (u < 0x80) {
            out += '\\';
            switch (u) {
            case u'"':
                out += '"';
                break;
            case u'\\':
                out += '\\';
                break;
            case u'\b':
                out += 'b';
                break;
            case u'\f':
                out += 'f';
                break;
            case u'\n':
                out += 'n';
                break;
            case u'\r':
                out += 'r';
                break;
            case u'\t':
                out += 't';
                break;
            default:
                out += "u00";
                out += hexDigit(u >> 4);
                out += hexDigit(u & 0xf);
            }
            continue;
        }
        const bool pair = QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(s[i + 1].unicode());
        if (QChar::isSurrogate(u) && !pair) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += hexDigit((u >> shift) & 0xf);
            continue;
        }
        out += s.mid(i, pair ? 2 : 1).toUtf8();
        if (pair)
            ++i;
    }
    out += '"';
}

} // namespace benchside
