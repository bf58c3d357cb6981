#include "barcode/fallbackreader.h"

#include "accession/accessionnumber.h"
#include "barcode/imagedecoder.h"
#include "barcode/timinggridsampler.h"

#include <QPainter>
#include <QTransform>
#include <algorithm>
#include <array>
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
    QPainter painter(&out);
    painter.drawImage(margin, margin, gray);
    return out;
}

// The median of each 3x3 neighbourhood: removes the speckle of a noisy photo, which the local
// threshold turns into false modules, while keeping the modules' edges.
QImage median3(const QImage &gray)
{
    QImage out = gray;
    const int w = gray.width(), h = gray.height();
    std::array<uchar, 9> v{};
    for (int y = 0; y < h; ++y) {
        const uchar *rows[3] = {gray.constScanLine(qMax(0, y - 1)), gray.constScanLine(y),
                                gray.constScanLine(qMin(h - 1, y + 1))};
        uchar *line = out.scanLine(y);
        for (int x = 0; x < w; ++x) {
            int i = 0;
            for (const uchar *row : rows) {
                for (int dx = -1; dx <= 1; ++dx)
                    v[i++] = row[qBound(0, x + dx, w - 1)];
            }
            std::nth_element(v.begin(), v.begin() + 4, v.end());
            line[x] = v[4];
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
// the width, pulls apart the narrow bars and spaces the blur has merged.
QImage sharpenedBars(const QImage &gray, int along, int across, double amount)
{
    const int w = gray.width(), h = gray.height();
    QImage smoothed(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y) {
        uchar *line = smoothed.scanLine(y);
        const int top = qMax(0, y - along), bottom = qMin(h - 1, y + along);
        for (int x = 0; x < w; ++x) {
            int sum = 0;
            for (int yy = top; yy <= bottom; ++yy)
                sum += gray.constScanLine(yy)[x];
            line[x] = uchar(sum / (bottom - top + 1));
        }
    }
    const QImage wide = smoothed.scaled(2 * w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    QImage out = wide;
    const int ww = wide.width();
    for (int y = 0; y < h; ++y) {
        const uchar *in = wide.constScanLine(y);
        uchar *line = out.scanLine(y);
        for (int x = 0; x < ww; ++x) {
            const int left = qMax(0, x - across), right = qMin(ww - 1, x + across);
            int sum = 0;
            for (int xx = left; xx <= right; ++xx)
                sum += in[xx];
            const double mean = double(sum) / (right - left + 1);
            line[x] = uchar(qBound(0, qRound(in[x] + amount * (in[x] - mean)), 255));
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
