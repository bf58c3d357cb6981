// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/scanreplayer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

namespace benchside {

ScanReplayer::ScanReplayer(ScanProcessor &processor, WedgeSettings settings, ScanProcessor::Action action,
                           QString actor)
    : m_processor(processor), m_detector(std::move(settings)), m_action(action), m_actor(std::move(actor))
{}

ScanOutcome ScanReplayer::incomplete(const QString &code)
{
    ScanOutcome o;
    o.type = ScanOutcome::Type::Incomplete;
    o.code = code;
    o.message =
        QCoreApplication::translate(
            "ScanReplayer", "A scan of \"%1\" ended without the scanner's suffix key and was ignored. "
                            "Scan the tube again; if this repeats, check the suffix setting.")
            .arg(code);
    return o;
}

void ScanReplayer::run(const QList<CapturedKey> &keys, bool paced,
                       const std::function<void(const Scan &)> &onScan)
{
    QElapsedTimer clock;
    clock.start();
    for (const CapturedKey &k : keys) {
        if (paced) {
            const qint64 waitUs = static_cast<qint64>(k.ms * 1000.0) - clock.nsecsElapsed() / 1000;
            if (waitUs > 0)
                QThread::usleep(static_cast<unsigned long>(waitUs));
        }
        handle(m_detector.feed(k.key, static_cast<qint64>(k.ms)), onScan);
    }
    handle(m_detector.finish(), onScan);
}

void ScanReplayer::handle(const QList<WedgeAction> &actions, const std::function<void(const Scan &)> &onScan)
{
    for (const WedgeAction &a : actions) {
        if (a.type == WedgeAction::Type::Scan) {
            QElapsedTimer t;
            t.start();
            Scan s;
            s.outcome = m_processor.process(a.code, m_action, m_actor);
            s.commitMs = static_cast<double>(t.nsecsElapsed()) / 1e6;
            onScan(s);
        } else if (a.type == WedgeAction::Type::Incomplete) {
            onScan({incomplete(a.code), 0.0});
        }
    }
}

} // namespace benchside
