// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for QC import (models/qc): an analyzer's column mapping in every form it comes in
// (the `--columns` text with a time format, the JSON a qc.analyzer.mapped event stores) and its CSV
// export through QcCsvImporter. The input's first line is the mapping (JSON when it starts with '{'),
// its second the time format, the rest the CSV; when the mapping is refused, the whole input is read as
// CSV with one of the fixed mappings (with and without a run column, ISO or a Qt time format), so
// every input reaches the importer. Besides crashes, leaks and undefined behaviour, it aborts when one
// of these does not hold:
//  - a mapping reads back as itself from its own describe() text and from its JSON;
//  - an import that fails says why; one that succeeds reads every data row either into exactly one
//    value of a run or into the list of bad rows with its line and a reason;
//  - the separator is ';', tab or ','; decimal commas only with ';' or tab;
//  - runs are in time order, each has a test code and values with a level of 1 to 9 and a finite
//    value from a line of the file.
#include "qc/qcanalyzermapping.h"
#include "qc/qccsvimporter.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_qc: invariant violated: %s\n%s\n", what, qPrintable(detail));
        std::abort();
    }
}

bool same(const QcAnalyzerMapping &a, const QcAnalyzerMapping &b)
{
    return a.analyzer == b.analyzer && a.test == b.test && a.lot == b.lot && a.level == b.level &&
           a.value == b.value && a.time == b.time && a.run == b.run && a.timeFormat == b.timeFormat;
}

QcAnalyzerMapping fixedMapping(int which)
{
    static const char *const columns[] = {
        "test=Test,lot=Lot,level=Level,value=Result,time=Time,run=Run",
        "test=Assay;lot=Lot No;level=Level;value=Value;time=Date",
        "run=Sample ID, test=Test, lot=Lot, level=Level, value=Result, time=Time",
    };
    static const char *const formats[] = {"", "", "dd.MM.yyyy HH:mm"};
    const Result<QcAnalyzerMapping> m =
        QcAnalyzerMapping::parse(QStringLiteral("AU680"), QString::fromLatin1(columns[which % 3]),
                                 QString::fromLatin1(formats[which % 3]));
    require(m.ok(), "the fixed mappings parse");
    return m.value();
}

void checkMapping(const QcAnalyzerMapping &m)
{
    const Result<QcAnalyzerMapping> described =
        QcAnalyzerMapping::parse(m.analyzer, m.describe(), m.timeFormat);
    require(described.ok(), "a mapping's description parses", described.ok() ? QString() : described.error());
    require(same(described.value(), m), "a mapping reads back from its description", m.describe());
    const Result<QcAnalyzerMapping> json = QcAnalyzerMapping::fromJson(m.analyzer, m.toJson());
    require(json.ok(), "a mapping's JSON reads", json.ok() ? QString() : json.error());
    require(same(json.value(), m), "a mapping reads back from its JSON");
}

void checkImport(const QByteArray &csv, const QcAnalyzerMapping &mapping)
{
    const Result<QcCsvImporter::Parsed> parsed = QcCsvImporter::parse(csv, mapping);
    if (!parsed.ok()) {
        require(!parsed.error().isEmpty(), "a refused file says why");
        return;
    }
    const QcCsvImporter::Parsed &p = parsed.value();
    require(p.separator == QLatin1Char(';') || p.separator == QLatin1Char('\t') ||
                p.separator == QLatin1Char(','),
            "the separator is ';', tab or ','");
    require(!p.decimalComma || p.separator != QLatin1Char(','), "decimal commas only with ';' or tab");
    const int lines = int(csv.count('\n') + csv.count('\r')) + 1;
    qsizetype values = 0;
    qint64 last = std::numeric_limits<qint64>::min();
    for (const QcRunDraft &run : p.runs) {
        require(!run.testCode.isEmpty() && !run.values.isEmpty(), "a run has a test and values");
        require(run.measuredAtMs >= last, "runs are in time order");
        last = run.measuredAtMs;
        for (const QcRunValue &v : run.values) {
            require(v.level >= 1 && v.level <= 9, "a level is 1 to 9");
            require(std::isfinite(v.value), "a value is finite", QString::number(v.value));
            require(v.line >= 1 && v.line <= lines, "a value comes from a line of the file");
        }
        values += run.values.size();
    }
    for (const QcCsvImporter::BadRow &bad : p.bad) {
        require(bad.line >= 1 && bad.line <= lines, "a bad row names a line of the file");
        require(!bad.reason.isEmpty(), "a bad row says why");
    }
    require(p.rows == values + p.bad.size(), "every row is a value or a bad row");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype first = bytes.indexOf('\n');
    const qsizetype second = first < 0 ? -1 : bytes.indexOf('\n', first + 1);
    if (second > 0) {
        const QString spec = QString::fromUtf8(bytes.left(first)).trimmed();
        const QString format = QString::fromUtf8(bytes.mid(first + 1, second - first - 1)).trimmed();
        Result<QcAnalyzerMapping> mapping = Result<QcAnalyzerMapping>::failure(QStringLiteral("none"));
        if (spec.startsWith(QLatin1Char('{'))) {
            QJsonObject o = QJsonDocument::fromJson(spec.toUtf8()).object();
            if (!format.isEmpty())
                o.insert(QStringLiteral("time_format"), format);
            mapping = QcAnalyzerMapping::fromJson(QStringLiteral("FUZZ"), o);
        } else {
            mapping = QcAnalyzerMapping::parse(QStringLiteral("FUZZ"), spec, format);
        }
        if (mapping.ok()) {
            checkMapping(mapping.value());
            checkImport(bytes.mid(second + 1), mapping.value());
            return 0;
        }
        require(!mapping.error().isEmpty(), "a refused mapping says why");
    }
    const QcAnalyzerMapping fixed = fixedMapping(size > 0 ? data[0] : 0);
    checkMapping(fixed);
    checkImport(bytes, fixed);
    return 0;
}
