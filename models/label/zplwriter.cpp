// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/zplwriter.h"

#include <QCoreApplication>

namespace benchside {

namespace {

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

int digitRun(const QString &text, qsizetype from)
{
    int n = 0;
    while (from + n < text.size() && isDigit(text.at(from + n)))
        ++n;
    return n;
}

QByteArray number(int n)
{
    return QByteArray::number(n);
}

} // namespace

QByteArray ZplWriter::hexEscaped(const QString &text)
{
    QByteArray out;
    for (const char byte : text.toUtf8()) {
        const auto c = static_cast<unsigned char>(byte);
        if (c < 0x20 || c >= 0x7F || c == '^' || c == '~' || c == '_')
            out += '_' + QByteArray::number(c, 16).toUpper().rightJustified(2, '0');
        else
            out += byte;
    }
    return out;
}

QByteArray ZplWriter::code128Data(const QString &text)
{
    // Subset C packs two digits in one character; as ZXing's writer does, it is worth a switch
    // only for a run of four or more digits, and an odd run leaves its first digit in subset B.
    QByteArray out;
    bool inC = false;
    qsizetype i = 0;
    while (i < text.size()) {
        const int run = digitRun(text, i);
        const bool useC = inC ? run >= 2 : run >= 4 && run % 2 == 0;
        if (useC != inC || i == 0)
            out += i == 0 ? (useC ? ">;" : ">:") : (useC ? ">5" : ">6");
        inC = useC;
        if (inC) {
            out += text.mid(i, 2).toLatin1();
            i += 2;
        } else {
            // '>' introduces an invocation code; as data it is written ">0".
            out += text.at(i) == QLatin1Char('>') ? QByteArray(">0") : QString(text.at(i)).toUtf8();
            ++i;
        }
    }
    return out;
}

int ZplWriter::code128Modules(const QByteArray &data)
{
    int characters = 0; // start character included below
    bool inC = false;
    for (qsizetype i = 0; i < data.size();) {
        if (data.at(i) == '>' && i + 1 < data.size()) {
            const char code = data.at(i + 1);
            if (code == ';' || code == '5')
                inC = true;
            else if (code == ':' || code == '6')
                inC = false;
            // Start characters are counted once below; switches and ">0" are characters.
            if (code != ';' && code != ':')
                ++characters;
            i += 2;
            continue;
        }
        ++characters;
        i += inC ? 2 : 1;
    }
    return 11 * (characters + 2) + 13;
}

double ZplWriter::estimatedAdvance(QChar c)
{
    if (c == QLatin1Char('W') || c == QLatin1Char('M') || c == QLatin1Char('m') || c == QLatin1Char('w'))
        return 1.0;
    if (c.isUpper())
        return 0.75;
    if (c.isSpace() || c.isPunct())
        return 0.38;
    return 0.6;
}

QString ZplWriter::fitted(const QString &text, int height, int width)
{
    const auto advance = [height](const QString &s) {
        double w = 0;
        for (QChar c : s)
            w += estimatedAdvance(c) * height;
        return w;
    };
    if (advance(text) <= width)
        return text;
    // The printer's fonts may lack an ellipsis character.
    const QString dots = QStringLiteral("...");
    QString cut = text;
    while (!cut.isEmpty() && advance(cut.trimmed() + dots) > width)
        cut.chop(1);
    return cut.isEmpty() ? QString() : cut.trimmed() + dots;
}

Result<QByteArray> ZplWriter::write(const LabelLayout &layout)
{
    if (layout.dataMatrix().width != layout.dataMatrix().height)
        return Result<QByteArray>::failure(
            QCoreApplication::translate("ZplWriter",
                                        "The Data Matrix of %1 is rectangular (%2 × %3), which ZPL "
                                        "printers cannot print. Print the label as PDF instead.")
                .arg(layout.label().accession)
                .arg(layout.dataMatrix().width)
                .arg(layout.dataMatrix().height));
    QByteArray z;
    z += "^XA\n^CI28\n";
    z += "^PW" + number(layout.widthDots()) + "\n^LL" + number(layout.heightDots()) + "\n^LH0,0\n";

    const QByteArray linear = code128Data(layout.label().accession);
    const int module = layout.code128Module();
    // Centred in its quiet zone by the width the printer will draw, which the tests check equals
    // the width ZXing measured.
    const QRect quiet = layout.code128Quiet();
    const int barsX = quiet.left() + (quiet.width() - code128Modules(linear) * module) / 2;
    z += "^FO" + number(barsX) + ',' + number(quiet.top()) + "^BY" + number(module) + ",3," +
         number(quiet.height()) + "^BCN," + number(quiet.height()) + ",N,N,N,N^FD" + linear + "^FS\n";

    // Rows and columns are forced to ZXing's choice, so the symbol has the size laid out for it.
    const QRect matrix = layout.dataMatrixSymbol();
    z += "^FO" + number(matrix.left()) + ',' + number(matrix.top()) + "^BXN," +
         number(layout.dataMatrixModule()) + ",200," + number(layout.dataMatrix().width) + ',' +
         number(layout.dataMatrix().height) + "^FD" + layout.label().accession.toLatin1() + "^FS\n";

    for (const LabelLayout::TextField &t : layout.texts()) {
        const QByteArray h = number(t.pixelHeight);
        // A one-line field block as well as the estimate: should the printer's font still be wider,
        // the printer overprints the end of the line inside the block instead of running past it.
        z += "^FO" + number(t.box.left()) + ',' + number(t.box.top()) + "^A0N," + h + ',' + h;
        z += "^FB" + number(t.box.width()) + ",1,0," + (t.centered ? "C" : "L");
        z += "^FH^FD" + hexEscaped(fitted(t.text, t.pixelHeight, t.box.width())) + "^FS\n";
    }
    z += "^XZ\n";
    return z;
}

Result<QByteArray> ZplWriter::write(const QList<TubeLabel> &labels, const LabelFormat &format)
{
    QByteArray all;
    for (const TubeLabel &label : labels) {
        Result<LabelLayout> layout = LabelLayout::compute(label, format);
        if (!layout)
            return Result<QByteArray>::failure(layout.error());
        Result<QByteArray> one = write(layout.value());
        if (!one)
            return one;
        all += one.value();
    }
    return all;
}

} // namespace benchside
