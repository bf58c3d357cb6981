// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/labelformat.h"

#include "settings/settings.h"

namespace benchside {

LabelFormat LabelFormat::fromSettings(const Settings &settings)
{
    LabelFormat f;
    f.widthMm = settings.value(Settings::Key::LabelWidthMm).toDouble();
    f.heightMm = settings.value(Settings::Key::LabelHeightMm).toDouble();
    f.dpi = settings.value(Settings::Key::LabelDpi).toInt();
    return f;
}

} // namespace benchside
