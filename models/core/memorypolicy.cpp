// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/memorypolicy.h"

#include <malloc.h>

namespace benchside {

void MemoryPolicy::keepFreedPages()
{
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}

} // namespace benchside
