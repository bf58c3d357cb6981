#pragma once

#include <QElapsedTimer>
#include <cmath>

// Small helpers the benchmarks share: times in milliseconds, rounded for JSON.
namespace benchtiming {

inline double ms(const QElapsedTimer &t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

inline double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}

} // namespace benchtiming
