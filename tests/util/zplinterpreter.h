// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A minimal interpreter for the ZPL II commands ZplWriter emits, used to render a written label
// back to an image and scan it. It is a check of our own output, not a printer:
//  - it proves the stream is well formed (every ^FO…^FS field complete, only known commands,
//    ^FH escapes decodable), that the barcodes carry the accession at the positions, module
//    sizes and (for ^BX) the symbol size the layout reserved, and that the result scans;
//  - it does not prove what a Zebra printer draws: Code 128 and Data Matrix are re-encoded with
//    ZXing from the field data (after resolving the >: >; >5 >6 subset codes), not with the
//    printer's encoder, and font 0 is stood in for by DejaVu Sans Condensed Bold, whose widths
//    only approximate the printer's.

#include "barcode/barcodewriter.h"

#include <QFont>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QStringList>

namespace testzpl {

struct Field
{
    enum class Kind { Text, Code128, DataMatrix } kind = Kind::Text;
    int x = 0, y = 0;
    int height = 0; // text height, bar height, or Data Matrix module size
    int module = 0; // ^BY module width (Code 128)
    int columns = 0, rows = 0;
    int blockWidth = 0;    // ^FB width, 0 when none
    bool centered = false; // ^FB justification C
    bool hex = false;      // ^FH was given
    QByteArray raw;        // field data as written
    QString data;          // after ^FH decoding
};

struct Format
{
    int width = 0, height = 0;
    bool utf8 = false;
    QList<Field> fields;
};

struct Parsed
{
    QList<Format> formats;
    QStringList errors;
};

inline QString decodeHex(const QByteArray &raw, QStringList &errors)
{
    QByteArray bytes;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) != '_') {
            bytes += raw.at(i);
            continue;
        }
        bool ok = false;
        const int v = raw.mid(i + 1, 2).toInt(&ok, 16);
        if (!ok || i + 2 >= raw.size()) {
            errors << QStringLiteral("bad ^FH escape in %1").arg(QString::fromLatin1(raw));
            return {};
        }
        bytes += char(v);
        i += 2;
    }
    return QString::fromUtf8(bytes);
}

// Code 128 field data in mode N back to text: >: >; start B/C, >5 >6 switch to C/B, >0 is '>'.
inline QString code128Text(const QByteArray &raw, QStringList &errors)
{
    QString text;
    bool inC = false;
    for (qsizetype i = 0; i < raw.size();) {
        if (raw.at(i) == '>') {
            const char c = i + 1 < raw.size() ? raw.at(i + 1) : 0;
            if (c == ';' || c == '5')
                inC = true;
            else if (c == ':' || c == '6')
                inC = false;
            else if (c == '0')
                text += QLatin1Char('>');
            else
                errors << QStringLiteral("unexpected Code 128 invocation >%1").arg(QLatin1Char(c));
            i += 2;
            continue;
        }
        if (inC) {
            const QByteArray pair = raw.mid(i, 2);
            if (pair.size() != 2 || !std::isdigit(uchar(pair.at(0))) || !std::isdigit(uchar(pair.at(1))))
                errors << QStringLiteral("subset C needs digit pairs, got %1").arg(QString::fromLatin1(pair));
            text += QString::fromLatin1(pair);
            i += 2;
        } else {
            text += QLatin1Char(raw.at(i));
            ++i;
        }
    }
    return text;
}

inline QList<int> numbers(const QByteArray &params)
{
    QList<int> out;
    for (const QByteArray &p : params.split(','))
        out << p.toInt();
    return out;
}

inline Parsed parse(const QByteArray &zpl)
{
    Parsed result;
    QStringList &errors = result.errors;
    Format *format = nullptr;
    Field field;
    bool inField = false;
    QByteArray stream = zpl;
    stream.replace('\n', "").replace('\r', "");
    if (stream.contains('~'))
        errors << QStringLiteral("a ~ control command appears in the stream");
    const QList<QByteArray> commands = stream.split('^');
    if (!commands.isEmpty() && !commands.first().isEmpty())
        errors << QStringLiteral("text before the first command");
    for (qsizetype i = 1; i < commands.size(); ++i) {
        const QByteArray cmd = commands.at(i).left(2);
        const QByteArray params = commands.at(i).mid(2);
        if (cmd == "XA") {
            if (format)
                errors << QStringLiteral("^XA inside a format");
            result.formats.append(Format());
            format = &result.formats.last();
            continue;
        }
        if (!format) {
            errors << QStringLiteral("^%1 outside ^XA…^XZ").arg(QString::fromLatin1(cmd));
            continue;
        }
        if (cmd == "XZ") {
            if (inField)
                errors << QStringLiteral("^XZ inside a field");
            format = nullptr;
        } else if (cmd == "CI") {
            format->utf8 = params == "28";
        } else if (cmd == "PW") {
            format->width = params.toInt();
        } else if (cmd == "LL") {
            format->height = params.toInt();
        } else if (cmd == "LH") {
            if (params != "0,0")
                errors << QStringLiteral("unexpected label home %1").arg(QString::fromLatin1(params));
        } else if (cmd == "FO") {
            if (inField)
                errors << QStringLiteral("^FO before the previous field's ^FS");
            field = Field();
            const QList<int> n = numbers(params);
            field.x = n.value(0);
            field.y = n.value(1);
            inField = true;
        } else if (cmd == "A0") {
            const QList<int> n = numbers(params.mid(1)); // "N,h,w"
            field.kind = Field::Kind::Text;
            field.height = n.value(1);
        } else if (cmd == "FB") {
            field.blockWidth = numbers(params).value(0);
            field.centered = params.split(',').value(3) == "C";
        } else if (cmd == "FH") {
            field.hex = true;
        } else if (cmd == "BY") {
            const QList<int> n = numbers(params);
            field.module = n.value(0);
        } else if (cmd == "BC") {
            field.kind = Field::Kind::Code128;
            field.height = numbers(params.mid(2)).value(0); // "N,h,…"
        } else if (cmd == "BX") {
            const QList<int> n = numbers(params.mid(2)); // "N,h,200,c,r"
            field.kind = Field::Kind::DataMatrix;
            field.height = n.value(0);
            if (n.value(1) != 200)
                errors << QStringLiteral("Data Matrix is not ECC 200");
            field.columns = n.value(2);
            field.rows = n.value(3);
        } else if (cmd == "FD") {
            field.raw = params;
        } else if (cmd == "FS") {
            if (!inField)
                errors << QStringLiteral("^FS without ^FO");
            field.data = field.hex ? decodeHex(field.raw, errors) : QString::fromLatin1(field.raw);
            if (field.kind == Field::Kind::Code128)
                field.data = code128Text(field.raw, errors);
            format->fields.append(field);
            inField = false;
        } else {
            errors << QStringLiteral("unknown command ^%1").arg(QString::fromLatin1(cmd));
        }
    }
    if (format)
        errors << QStringLiteral("format without ^XZ");
    return result;
}

inline QFont font0(int height)
{
    QFont f(QStringLiteral("DejaVu Sans Condensed"));
    f.setBold(true);
    f.setPixelSize(height);
    return f;
}

// Draws one format at one pixel per dot. `errors` collects what a printer would not print as
// laid out: a barcode whose size differs from the forced one, text running off the label.
inline QImage render(const Format &format, QStringList &errors)
{
    QImage image(format.width, format.height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    for (const Field &f : format.fields) {
        switch (f.kind) {
        case Field::Kind::Code128:
        case Field::Kind::DataMatrix: {
            const bool linear = f.kind == Field::Kind::Code128;
            auto symbol = benchside::BarcodeWriter::encode(
                linear ? benchside::Symbology::Code128 : benchside::Symbology::DataMatrix, f.data);
            if (!symbol) {
                errors << symbol.error();
                break;
            }
            if (!linear && (symbol->width != f.columns || symbol->height != f.rows))
                errors << QStringLiteral("Data Matrix is %1x%2, forced %3x%4")
                              .arg(symbol->width)
                              .arg(symbol->height)
                              .arg(f.columns)
                              .arg(f.rows);
            const int module = linear ? f.module : f.height;
            const int barHeight = linear ? f.height : module;
            for (int y = 0; y < symbol->height; ++y)
                for (int x = 0; x < symbol->width; ++x)
                    if (symbol->isDark(x, y))
                        p.fillRect(f.x + x * module, f.y + y * module, module, barHeight, Qt::black);
            const int right = f.x + symbol->width * module + symbol->quietZone() * module;
            if (f.x - symbol->quietZone() * module < 0 || right > format.width ||
                f.y + (linear ? barHeight : symbol->height * module) > format.height)
                errors << QStringLiteral("%1 with its quiet zone leaves the label").arg(f.data);
            break;
        }
        case Field::Kind::Text: {
            const QFont font = font0(f.height);
            p.setFont(font);
            p.setPen(Qt::black);
            const int advance = QFontMetrics(font).horizontalAdvance(f.data);
            if (f.blockWidth > 0) {
                // A printer overprints what does not fit a one-line block; report it as a defect.
                p.drawText(QRect(f.x, f.y, f.blockWidth, f.height * 2),
                           (f.centered ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignTop, f.data);
                if (advance > f.blockWidth)
                    errors << QStringLiteral("\"%1\" is wider than its block").arg(f.data);
                if (f.x + f.blockWidth > format.width)
                    errors << QStringLiteral("the block of \"%1\" runs off the label").arg(f.data);
            } else {
                p.drawText(QRect(f.x, f.y, format.width * 2, f.height * 2), Qt::AlignLeft | Qt::AlignTop,
                           f.data);
                if (f.x + advance > format.width)
                    errors << QStringLiteral("\"%1\" runs off the label").arg(f.data);
            }
            break;
        }
        }
    }
    return image;
}

} // namespace testzpl
