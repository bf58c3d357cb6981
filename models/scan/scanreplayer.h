// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "scan/keycapture.h"
#include "scan/scanprocessor.h"
#include "scan/wedgedetector.h"

#include <functional>

namespace benchside {

// Feeds a keystroke capture through the WedgeDetector and every recognised scan through the
// ScanProcessor: the GUI's scan path without the GUI, for `replay` and for tests.
class ScanReplayer
{
public:
    struct Scan
    {
        ScanOutcome outcome;
        double commitMs = 0; // from the scan's last key to its committed transaction
    };

    ScanReplayer(ScanProcessor &processor, WedgeSettings settings, ScanProcessor::Action action,
                 QString actor);

    // paced: keys are fed at their recorded times; otherwise as fast as possible.
    void run(const QList<CapturedKey> &keys, bool paced, const std::function<void(const Scan &)> &onScan);

    static ScanOutcome incomplete(const QString &code);

private:
    void handle(const QList<WedgeAction> &actions, const std::function<void(const Scan &)> &onScan);

    ScanProcessor &m_processor;
    WedgeDetector m_detector;
    ScanProcessor::Action m_action;
    QString m_actor;
};

} // namespace benchside
