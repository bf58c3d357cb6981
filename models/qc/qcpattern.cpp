// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcpattern.h"

namespace benchside {

namespace {
// Classic wildcard matching with backtracking to the last '*': linear in practice for IDs.
bool wildcard(QStringView pattern, QStringView text)
{
    qsizetype p = 0, t = 0, star = -1, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern.at(p) == QLatin1Char('?') ||
                                   pattern.at(p).toCaseFolded() == text.at(t).toCaseFolded())) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            star = p++;
            resume = t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('*'))
        ++p;
    return p == pattern.size();
}
} // namespace

bool QcPattern::matches(const QString &specimenId) const
{
    return !specimenId.isEmpty() && wildcard(pattern, specimenId);
}

Status QcPattern::validate(const QString &pattern)
{
    if (pattern.isEmpty() || pattern.size() > 64)
        return Status::failure(tr("A QC specimen pattern needs 1 to 64 characters."));
    QString literal = pattern;
    literal.remove(QLatin1Char('*')).remove(QLatin1Char('?'));
    // Patient tubes must never be taken for controls: a pattern needs text of its own.
    if (literal.size() < 2)
        return Status::failure(
            tr("\"%1\" would take patients' tubes for controls: give a pattern with at least "
               "two fixed characters, such as QC-GLU-L1-*.")
                .arg(pattern));
    for (QChar c : pattern) {
        if (!c.isPrint() || c.isSpace())
            return Status::failure(tr("A QC specimen pattern cannot hold spaces or control characters."));
    }
    return {};
}

} // namespace benchside
