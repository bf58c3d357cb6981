// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <vector>

// Small helpers the benchmarks share: times in milliseconds, rounded, and summarised for JSON.
namespace benchtiming {

inline double ms(const QElapsedTimer &t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

inline double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

// Nearest-rank percentiles, as the receiving benchmark script computes them.
inline QJsonObject stats(std::vector<double> v)
{
    if (v.empty())
        return {};
    std::sort(v.begin(), v.end());
    auto rank = [&](double q) {
        const auto i = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
        return v[std::clamp<size_t>(i, 1, v.size()) - 1];
    };
    double sum = 0;
    for (double x : v)
        sum += x;
    return QJsonObject{{QStringLiteral("n"), static_cast<qint64>(v.size())},
                       {QStringLiteral("p50"), round3(rank(0.50))},
                       {QStringLiteral("p95"), round3(rank(0.95))},
                       {QStringLiteral("p99"), round3(rank(0.99))},
                       {QStringLiteral("max"), round3(v.back())},
                       {QStringLiteral("mean"), round3(sum / static_cast<double>(v.size()))},
                       {QStringLiteral("min"), round3(v.front())}};
}

// Kilobytes from /proc/self/status: VmHWM is the peak resident set of the whole process.
inline qint64 procStatusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// The process's peak and current resident memory, in MB, as the benchmarks report them.
inline QJsonObject memory()
{
    return QJsonObject{{QStringLiteral("vm_hwm_mb"), round3(double(procStatusKb("VmHWM")) / 1024.0)},
                       {QStringLiteral("vm_rss_mb"), round3(double(procStatusKb("VmRSS")) / 1024.0)}};
}

} // namespace benchtiming
