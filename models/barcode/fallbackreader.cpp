// SPDX-License-Identifier: GPL-3.0-or-later
#include "barcode/fallbackreader.h"

#include "accession/accessionnumber.h"
#include "barcode/imagedecoder.h"
#include "barcode/timinggridsampler.h"

#include <QTransform>
#include <algorithm>
#include <functional>
#include <optional>

namespace benchside {

namespace {

// The image as one pass changed it, and the way back to the original's coordinates.
struct Changed
{
    QImage image;
    QTransform back;
};

struct Pass
{
    std::function<std::optional<Changed>(const QImage &)> change;
    QList<Symbology> symbologies;
    bool globalThreshold = false;
};

int quietZone(const QImage &gray)
{
    return qMax(8, qMax(gray.width(), gray.height()) / 8);
}

// A symbol cropped to its outermost modules has no quiet zone, and ZXing's detectors need one.
QImage withQuietZone(const QImage &gray)
{
    const int margin = quietZone(gray);
    QImage out(gray.width() + 2 * margin, gray.height() + 2 * margin, QImage::Format_Grayscale8);
    out.fill(Qt::white);
    for (int y = 0; y < gray.height(); ++y)
        std::copy_n(gray.constScanLine(y), gray.width(), out.scanLine(y + margin) + margin);
    return out;
}

// The median of each 3x3 neighbourhood: removes the speckle of a noisy photo, which the local
// threshold turns into false modules, while keeping the modules' edges. The median of the three
// columns' sorted triples: the largest of the minima, the median of the medians, the smallest of
// the maxima, and then their median.
QImage median3(const QImage &gray)
{
    const int w = gray.width(), h = gray.height();
    QImage out = gray;
    if (w < 3 || h < 3)
        return out;
    auto sort3 = [](int &a, int &b, int &c) {
        if (a > b)
            std::swap(a, b);
        if (b > c)
            std::swap(b, c);
        if (a > b)
            std::swap(a, b);
    };
    for (int y = 1; y + 1 < h; ++y) {
        const uchar *up = gray.constScanLine(y - 1), *mid = gray.constScanLine(y),
                    *down = gray.constScanLine(y + 1);
        uchar *line = out.scanLine(y);
        for (int x = 1; x + 1 < w; ++x) {
            int mins[3], meds[3], maxs[3];
            for (int i = 0; i < 3; ++i) {
                int a = up[x - 1 + i], b = mid[x - 1 + i], c = down[x - 1 + i];
                sort3(a, b, c);
                mins[i] = a, meds[i] = b, maxs[i] = c;
            }
            int lo = qMax(mins[0], qMax(mins[1], mins[2]));
            int hi = qMin(maxs[0], qMin(maxs[1], maxs[2]));
            sort3(meds[0], meds[1], meds[2]);
            int med = meds[1];
            sort3(lo, med, hi);
            line[x] = uchar(med);
        }
    }
    return out;
}

QImage half(const QImage &gray)
{
    return gray.scaled(qMax(1, gray.width() / 2), qMax(1, gray.height() / 2), Qt::IgnoreAspectRatio,
                       Qt::SmoothTransformation);
}

// A blurred Code 128 lying across the image: averaging each column over `along` pixels either side
// takes the noise out of the bars (they run vertically), and an unsharp mask across them, at twice
// the width, pulls apart the narrow bars and spaces the blur has merged. Both averages are running
// sums, so a large photo costs a few passes over its pixels.
QImage sharpenedBars(const QImage &gray, int along, int across, double amount)
{
    const int w = gray.width(), h = gray.height();
    QImage smoothed(w, h, QImage::Format_Grayscale8);
    QList<int> sums(w, 0);
    auto add = [&](int y, int sign) {
        const uchar *line = gray.constScanLine(y);
        for (int x = 0; x < w; ++x)
            sums[x] += sign * line[x];
    };
    for (int y = 0; y < qMin(h, along); ++y)
        add(y, 1);
    for (int y = 0; y < h; ++y) {
        if (y + along < h)
            add(y + along, 1);
        if (y - along - 1 >= 0)
            add(y - along - 1, -1);
        const int count = qMin(h - 1, y + along) - qMax(0, y - along) + 1;
        uchar *line = smoothed.scanLine(y);
        for (int x = 0; x < w; ++x)
            line[x] = uchar(sums.at(x) / count);
    }
    // Twice as wide (linear interpolation between pixel centres), then the mask.
    const int ww = 2 * w;
    QImage out(ww, h, QImage::Format_Grayscale8);
    QList<int> wide(ww), prefix(ww + 1, 0);
    for (int y = 0; y < h; ++y) {
        const uchar *in = smoothed.constScanLine(y);
        for (int x = 0; x < w; ++x) {
            wide[2 * x] = (3 * in[x] + in[qMax(0, x - 1)] + 2) / 4;
            wide[2 * x + 1] = (3 * in[x] + in[qMin(w - 1, x + 1)] + 2) / 4;
        }
        for (int x = 0; x < ww; ++x)
            prefix[x + 1] = prefix.at(x) + wide.at(x);
        uchar *line = out.scanLine(y);
        for (int x = 0; x < ww; ++x) {
            const int left = qMax(0, x - across), right = qMin(ww - 1, x + across);
            const double mean = double(prefix.at(right + 1) - prefix.at(left)) / (right - left + 1);
            line[x] = uchar(qBound(0, qRound(wide.at(x) + amount * (wide.at(x) - mean)), 255));
        }
    }
    return out;
}

Changed changedTo(QImage image, QTransform back = {})
{
    return {std::move(image), back};
}

std::optional<Changed> paddedPass(const QImage &gray)
{
    const int margin = quietZone(gray);
    return changedTo(withQuietZone(gray), QTransform::fromTranslate(-margin, -margin));
}

std::optional<Changed> gridPass(const QImage &gray, int inset)
{
    const auto redrawn = TimingGridSampler::redraw(gray, inset);
    if (!redrawn)
        return std::nullopt;
    return changedTo(redrawn->image, redrawn->back);
}

// Cheapest first. Each pass earns its place on the real photos of ../shared/testdata/zxing
// (docs/benchmarks.md, issue 23): the quiet zone reads a symbol cropped to its edge, the median and
// the half-size copy a noisy etched one, the sharpened bars a blurred Code 128, the timing grid a
// symbol with uneven modules.
const QList<Pass> &passes()
{
    static const QList<Symbology> all{Symbology::Code128, Symbology::DataMatrix, Symbology::QRCode};
    static const QList<Pass> list{
        {paddedPass, all, false},
        {paddedPass, all, true},
        {[](const QImage &g) { return std::optional(changedTo(median3(g))); }, all, false},
        {[](const QImage &g) { return std::optional(changedTo(half(g), QTransform::fromScale(2, 2))); }, all,
         false},
        {[](const QImage &g) {
             return std::optional(changedTo(sharpenedBars(g, 3, 4, 1.5), QTransform::fromScale(0.5, 1)));
         },
         {Symbology::Code128},
         false},
        {[](const QImage &g) {
             return std::optional(changedTo(sharpenedBars(g, 7, 3, 2.0), QTransform::fromScale(0.5, 1)));
         },
         {Symbology::Code128},
         false},
        {[](const QImage &g) { return gridPass(g, 0); }, {Symbology::DataMatrix}, false},
        {[](const QImage &g) { return gridPass(g, 1); }, {Symbology::DataMatrix}, false},
    };
    return list;
}

bool isOurs(const DecodedCode &code)
{
    return AccessionNumber::validate(code.text) == AccessionNumber::Problem::None;
}

} // namespace

QList<DecodedCode> FallbackReader::read(const QImage &gray)
{
    struct Seen
    {
        DecodedCode code;
        int passes = 0;
    };
    QList<Seen> seen;
    for (const Pass &pass : passes()) {
        ImageDecoder::Options options;
        options.symbologies = pass.symbologies;
        options.maxSymbols = 1;
        options.globalThreshold = pass.globalThreshold;
        const std::optional<Changed> changed = pass.change(gray);
        if (!changed)
            continue;
        for (DecodedCode code : ImageDecoder(options).decode(changed->image)) {
            code.corners = changed->back.map(code.corners);
            if (isOurs(code))
                return {code};
            auto it = std::find_if(seen.begin(), seen.end(), [&code](const Seen &s) {
                return s.code.symbology == code.symbology && s.code.text == code.text;
            });
            if (it == seen.end())
                seen.append({code, 1});
            else
                ++it->passes;
        }
        QList<DecodedCode> agreed;
        for (const Seen &s : seen) {
            if (s.passes >= 2)
                agreed.append(s.code);
        }
        if (!agreed.isEmpty())
            return agreed;
    }
    return {};
}

} // namespace benchside
