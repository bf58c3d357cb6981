// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/datamatrixencoder.h"

#include <array>

namespace benchside {

namespace {

struct SymbolSize
{
    int size;      // modules per side, finder and timing patterns included
    int dataWords; // data codewords
    int eccWords;  // error-correction codewords (one Reed-Solomon block up to 26x26)
};

// ISO/IEC 16022 table 7, the square symbols with a single data region.
constexpr std::array<SymbolSize, 9> Sizes{{{10, 3, 5},
                                           {12, 5, 7},
                                           {14, 8, 10},
                                           {16, 12, 12},
                                           {18, 18, 14},
                                           {20, 22, 18},
                                           {22, 30, 20},
                                           {24, 36, 24},
                                           {26, 44, 28}}};

// GF(256) with the Data Matrix field polynomial x^8 + x^5 + x^3 + x^2 + 1 (301).
struct Field
{
    std::array<int, 256> exp{};
    std::array<int, 256> log{};
    Field()
    {
        int x = 1;
        for (int i = 0; i < 255; ++i) {
            exp[i] = x;
            log[x] = i;
            x <<= 1;
            if (x & 0x100)
                x ^= 301;
        }
        exp[255] = exp[0];
    }
    int multiply(int a, int b) const { return a && b ? exp[(log[a] + log[b]) % 255] : 0; }
};

const Field &field()
{
    static const Field f;
    return f;
}

// The utah-shaped placement of ISO/IEC 16022 annex F: each codeword's eight bits go to a fixed
// pattern of modules, walked diagonally across the mapping matrix, with four special corner shapes.
class Placement
{
public:
    Placement(const QList<quint8> &words, int rows, int cols)
        : m_words(words), m_rows(rows), m_cols(cols), m_bits(rows * cols, -1)
    {}

    QList<int> place()
    {
        int pos = 0, row = 4, col = 0;
        do {
            if (row == m_rows && col == 0)
                corner1(pos++);
            if (row == m_rows - 2 && col == 0 && m_cols % 4 != 0)
                corner2(pos++);
            if (row == m_rows - 2 && col == 0 && m_cols % 8 == 4)
                corner3(pos++);
            if (row == m_rows + 4 && col == 2 && m_cols % 8 == 0)
                corner4(pos++);
            do {
                if (row < m_rows && col >= 0 && bit(row, col) < 0)
                    utah(row, col, pos++);
                row -= 2;
                col += 2;
            } while (row >= 0 && col < m_cols);
            row += 1;
            col += 3;
            do {
                if (row >= 0 && col < m_cols && bit(row, col) < 0)
                    utah(row, col, pos++);
                row += 2;
                col -= 2;
            } while (row < m_rows && col >= 0);
            row += 3;
            col += 1;
        } while (row < m_rows || col < m_cols);
        // A fixed pattern fills the bottom-right corner when the codewords leave it empty.
        if (bit(m_rows - 1, m_cols - 1) < 0) {
            set(m_rows - 1, m_cols - 1, 1);
            set(m_rows - 2, m_cols - 2, 1);
            set(m_rows - 1, m_cols - 2, 0);
            set(m_rows - 2, m_cols - 1, 0);
        }
        return m_bits;
    }

private:
    int bit(int row, int col) const { return m_bits.at(row * m_cols + col); }
    void set(int row, int col, int value) { m_bits[row * m_cols + col] = value; }

    void module(int row, int col, int pos, int bitNumber)
    {
        if (row < 0) {
            row += m_rows;
            col += 4 - ((m_rows + 4) % 8);
        }
        if (col < 0) {
            col += m_cols;
            row += 4 - ((m_cols + 4) % 8);
        }
        const int word = pos < m_words.size() ? m_words.at(pos) : 0;
        set(row, col, (word >> (8 - bitNumber)) & 1);
    }

    void utah(int row, int col, int pos)
    {
        module(row - 2, col - 2, pos, 1);
        module(row - 2, col - 1, pos, 2);
        module(row - 1, col - 2, pos, 3);
        module(row - 1, col - 1, pos, 4);
        module(row - 1, col, pos, 5);
        module(row, col - 2, pos, 6);
        module(row, col - 1, pos, 7);
        module(row, col, pos, 8);
    }

    void corner1(int pos)
    {
        module(m_rows - 1, 0, pos, 1);
        module(m_rows - 1, 1, pos, 2);
        module(m_rows - 1, 2, pos, 3);
        module(0, m_cols - 2, pos, 4);
        module(0, m_cols - 1, pos, 5);
        module(1, m_cols - 1, pos, 6);
        module(2, m_cols - 1, pos, 7);
        module(3, m_cols - 1, pos, 8);
    }

    void corner2(int pos)
    {
        module(m_rows - 3, 0, pos, 1);
        module(m_rows - 2, 0, pos, 2);
        module(m_rows - 1, 0, pos, 3);
        module(0, m_cols - 4, pos, 4);
        module(0, m_cols - 3, pos, 5);
        module(0, m_cols - 2, pos, 6);
        module(0, m_cols - 1, pos, 7);
        module(1, m_cols - 1, pos, 8);
    }

    void corner3(int pos)
    {
        module(m_rows - 3, 0, pos, 1);
        module(m_rows - 2, 0, pos, 2);
        module(m_rows - 1, 0, pos, 3);
        module(0, m_cols - 2, pos, 4);
        module(0, m_cols - 1, pos, 5);
        module(1, m_cols - 1, pos, 6);
        module(2, m_cols - 1, pos, 7);
        module(3, m_cols - 1, pos, 8);
    }

    void corner4(int pos)
    {
        module(m_rows - 1, 0, pos, 1);
        module(m_rows - 1, m_cols - 1, pos, 2);
        module(0, m_cols - 3, pos, 3);
        module(0, m_cols - 2, pos, 4);
        module(0, m_cols - 1, pos, 5);
        module(1, m_cols - 3, pos, 6);
        module(1, m_cols - 2, pos, 7);
        module(1, m_cols - 1, pos, 8);
    }

    const QList<quint8> &m_words;
    int m_rows;
    int m_cols;
    QList<int> m_bits;
};

} // namespace

QList<quint8> DataMatrixEncoder::codewords(const QString &text)
{
    QList<quint8> words;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const auto digit = [](char16_t d) {
            return d >= u'0' && d <= u'9';
        };
        if (digit(c) && i + 1 < text.size() && digit(text.at(i + 1).unicode())) {
            words.append(quint8(130 + (c - u'0') * 10 + (text.at(i + 1).unicode() - u'0')));
            ++i;
        } else if (c < 128) {
            words.append(quint8(c + 1));
        } else {
            words.append(235); // upper shift: the next codeword is a Latin-1 character above 127
            words.append(quint8(c - 127));
        }
    }
    return words;
}

QList<quint8> DataMatrixEncoder::errorCorrection(const QList<quint8> &data, int eccCount)
{
    const Field &f = field();
    // Generator polynomial (x - a^1)(x - a^2)...(x - a^n), coefficients highest power first.
    QList<int> generator{1};
    for (int i = 1; i <= eccCount; ++i) {
        QList<int> next(generator.size() + 1, 0);
        for (qsizetype j = 0; j < generator.size(); ++j) {
            next[j] ^= generator.at(j);
            next[j + 1] ^= f.multiply(generator.at(j), f.exp[i]);
        }
        generator = next;
    }
    QList<int> remainder(eccCount, 0);
    for (quint8 d : data) {
        const int factor = d ^ remainder.first();
        remainder.removeFirst();
        remainder.append(0);
        for (int j = 0; j < eccCount; ++j)
            remainder[j] ^= f.multiply(generator.at(j + 1), factor);
    }
    QList<quint8> ecc;
    for (int r : remainder)
        ecc.append(quint8(r));
    return ecc;
}

std::optional<BarcodeSymbol> DataMatrixEncoder::encode(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() > 255)
            return std::nullopt; // beyond Latin-1 needs ECI: left to ZXing
    }
    QList<quint8> data = codewords(text);
    const SymbolSize *size = nullptr;
    for (const SymbolSize &s : Sizes) {
        if (s.dataWords >= data.size()) {
            size = &s;
            break;
        }
    }
    if (!size || text.isEmpty())
        return std::nullopt;

    // Pad codewords: 129 first, then 129 scrambled by position (the 253-state randomising algorithm).
    const qsizetype used = data.size();
    for (qsizetype pos = used + 1; pos <= size->dataWords; ++pos) { // positions count from 1
        int pad = 129;
        if (pos > used + 1) {
            pad = 129 + ((149 * int(pos)) % 253) + 1;
            if (pad > 254)
                pad -= 254;
        }
        data.append(quint8(pad));
    }
    const QList<quint8> all = data + errorCorrection(data, size->eccWords);

    const int inner = size->size - 2;
    const QList<int> bits = Placement(all, inner, inner).place();

    BarcodeSymbol symbol;
    symbol.symbology = Symbology::DataMatrix;
    symbol.width = symbol.height = size->size;
    symbol.dark.resize(size->size * size->size);
    const int last = size->size - 1;
    for (int y = 0; y < size->size; ++y) {
        for (int x = 0; x < size->size; ++x) {
            bool dark = false;
            if (x == 0 || y == last)
                dark = true; // the solid L of the finder pattern
            else if (y == 0)
                dark = x % 2 == 0; // top timing pattern
            else if (x == last)
                dark = y % 2 == 1; // right timing pattern
            else
                dark = bits.at((y - 1) * inner + (x - 1)) == 1;
            symbol.dark[y * size->size + x] = dark;
        }
    }
    return symbol;
}

} // namespace benchside
