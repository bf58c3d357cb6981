// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/labellayout.h"

#include "barcode/barcodewriter.h"

#include <QCoreApplication>
#include <cmath>

namespace benchside {

namespace {
// Sizes in millimetres; the layout rounds each to whole dots.
constexpr double MarginMm = 1.0;
// Wider modules scan from further away, but beyond this they only make the symbol harder to fit.
constexpr double MaxModuleMm = 0.5;
// Narrower bars than this are beyond what the laboratory's scanners are specified to read; a
// 203-dpi head's single dot (0.125 mm) is among them, so Code 128 needs at least 2 dots there.
constexpr double MinModuleMm = 0.15;
constexpr double AccessionTextMm = 2.2;
constexpr double NameTextMm = 2.6;
constexpr double LineTextMm = 2.1;
constexpr double LinePitch = 1.18;
constexpr double MaxBarHeightMm = 7.0;
// Bars taller than this share of the label leave too little room for the patient's details.
constexpr double BarHeightShare = 0.28;

} // namespace

Result<LabelLayout> LabelLayout::compute(const TubeLabel &label, const LabelFormat &format)
{
    using R = Result<LabelLayout>;
    if (label.accession.isEmpty())
        return R::failure(tr("A label needs an accession number."));
    Result<BarcodeSymbol> linear = BarcodeWriter::encode(Symbology::Code128, label.accession);
    if (!linear)
        return R::failure(linear.error());
    Result<BarcodeSymbol> matrix = BarcodeWriter::encode(Symbology::DataMatrix, label.accession);
    if (!matrix)
        return R::failure(matrix.error());

    LabelLayout l;
    l.m_label = label;
    l.m_format = format;
    l.m_code128 = linear.value();
    l.m_dataMatrix = matrix.value();
    const double dpm = format.dotsPerMm();
    const auto dots = [dpm](double mm) {
        return std::max(1, int(std::lround(mm * dpm)));
    };
    l.m_width = format.widthDots();
    l.m_height = format.heightDots();
    const int margin = dots(MarginMm);
    const int maxModule = std::max(1, int(std::lround(MaxModuleMm * dpm)));

    // Code 128 across the bottom, as wide a module as the label allows. Its quiet zones may take the
    // label's margins (blank label stock is as light as any quiet zone) but not go past its edges.
    const int linearModules = l.m_code128.width + 2 * l.m_code128.quietZone();
    const int module = std::min(maxModule, l.m_width / linearModules);
    if (module < 1 || module < MinModuleMm * dpm)
        return R::failure(
            tr("The Code 128 of %1 needs %2 mm at %3 dpi, but the label is %4 mm wide. "
               "Use a wider label.")
                .arg(label.accession)
                .arg(linearModules * std::max(1.0, std::ceil(MinModuleMm * dpm)) / dpm, 0, 'f', 1)
                .arg(format.dpi)
                .arg(format.widthMm));
    l.m_code128Module = module;
    const int quietWidth = linearModules * module;
    const int quietX = (l.m_width - quietWidth) / 2;
    const int accessionHeight = dots(AccessionTextMm);
    const int accessionY = l.m_height - margin - accessionHeight;
    const int barHeight = dots(std::min(MaxBarHeightMm, format.heightMm * BarHeightShare));
    const int barY = accessionY - dots(0.4) - barHeight;
    l.m_code128Quiet = QRect(quietX, barY, quietWidth, barHeight);
    l.m_code128Bars =
        QRect(quietX + l.m_code128.quietZone() * module, barY, l.m_code128.width * module, barHeight);
    l.m_texts.append({label.accession, QRect(quietX, accessionY, quietWidth, accessionHeight + margin / 2),
                      accessionHeight, true, true});

    // Data Matrix top right, the patient's details beside it.
    const int topHeight = barY - dots(0.8) - margin;
    // ZXing may choose a rectangular symbol for some texts; width and height are kept apart.
    const int quietModules = 2 * l.m_dataMatrix.quietZone();
    const int matrixColumns = l.m_dataMatrix.width + quietModules;
    const int matrixRows = l.m_dataMatrix.height + quietModules;
    const int matrixModule = std::min({maxModule, topHeight / matrixRows, (l.m_width / 2) / matrixColumns});
    if (matrixModule < 1 || topHeight < 1)
        return R::failure(tr("A %1 × %2 mm label is too small for the Data Matrix of %3. Use a taller label.")
                              .arg(format.widthMm)
                              .arg(format.heightMm)
                              .arg(label.accession));
    l.m_dataMatrixModule = matrixModule;
    l.m_dataMatrixQuiet = QRect(l.m_width - margin - matrixColumns * matrixModule, margin,
                                matrixColumns * matrixModule, matrixRows * matrixModule);
    const int matrixQuiet = l.m_dataMatrix.quietZone() * matrixModule;
    l.m_dataMatrixSymbol = l.m_dataMatrixQuiet.adjusted(matrixQuiet, matrixQuiet, -matrixQuiet, -matrixQuiet);

    const QList<std::pair<QString, bool>> lines{{label.nameLine(), true},
                                                {label.mrnLine(), false},
                                                {label.birthLine(), false},
                                                {label.specimenLine(), false}};
    double needed = 0;
    for (const auto &[text, bold] : lines)
        needed += (bold ? NameTextMm : LineTextMm) * dpm * LinePitch;
    // A short label shrinks the text rather than letting it run into the bars.
    const double scale = std::min(1.0, topHeight / needed);
    const int textWidth = l.m_dataMatrixQuiet.left() - margin;
    double y = margin;
    for (const auto &[text, bold] : lines) {
        const double pitch = (bold ? NameTextMm : LineTextMm) * dpm * LinePitch * scale;
        const int height = std::max(1, int(std::lround(pitch / LinePitch)));
        if (!text.isEmpty())
            l.m_texts.append({text, QRect(margin, int(y), textWidth, int(pitch)), height, bold, false});
        y += pitch;
    }
    return l;
}

} // namespace benchside
