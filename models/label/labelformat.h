// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace benchside {

class Settings;

// The physical label: its size, and the resolution its geometry is snapped to. Thermal heads
// print whole dots, so bars and modules are laid out in dots of this resolution even when the
// output (PDF, a laser printer) could draw finer.
struct LabelFormat
{
    double widthMm = 50;
    double heightMm = 25;
    int dpi = 203;

    double dotsPerMm() const { return dpi / 25.4; }
    int widthDots() const { return qRound(widthMm * dotsPerMm()); }
    int heightDots() const { return qRound(heightMm * dotsPerMm()); }

    static LabelFormat fromSettings(const Settings &settings);
};

} // namespace benchside
