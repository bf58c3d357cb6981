// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qccsvimporter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>
#include <algorithm>
#include <cmath>

namespace benchside {

namespace {
bool isLineEnd(QChar c)
{
    return c == QLatin1Char('\n') || c == QLatin1Char('\r');
}

std::optional<double> parseNumber(QString text, bool decimalComma, QString &why)
{
    text = text.trimmed();
    static const QRegularExpression shape(QStringLiteral("^[+-]?(\\d+([.,]\\d*)?|[.,]\\d+)$"));
    if (!shape.match(text).hasMatch()) {
        why = QcCsvImporter::tr("\"%1\" is not a number").arg(text);
        return std::nullopt;
    }
    if (decimalComma && text.contains(QLatin1Char('.'))) {
        why = QcCsvImporter::tr(
                  "\"%1\" has a decimal point in a file that uses decimal commas; which is meant is unclear")
                  .arg(text);
        return std::nullopt;
    }
    if (!decimalComma && text.contains(QLatin1Char(','))) {
        why = QcCsvImporter::tr(
                  "\"%1\" has a comma; decimal commas are read only in files separated by ';' or tabs")
                  .arg(text);
        return std::nullopt;
    }
    text.replace(QLatin1Char(','), QLatin1Char('.'));
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v)) {
        why = QcCsvImporter::tr("\"%1\" is not a number").arg(text);
        return std::nullopt;
    }
    return v;
}

std::optional<int> parseLevel(const QString &text)
{
    // "2", "L2", "Level 2", "LVL2": a level number after an optional word.
    static const QRegularExpression shape(QStringLiteral("^(?:l|lv|lvl|level)?\\s*([1-9])$"),
                                          QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = shape.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toInt();
}

QDateTime parseTime(const QString &raw, const QString &format)
{
    const QString text = raw.trimmed();
    if (!format.isEmpty())
        return QDateTime::fromString(text, format);
    QString iso = text;
    if (iso.size() > 10 && iso.at(10) == QLatin1Char(' '))
        iso[10] = QLatin1Char('T');
    QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(iso, Qt::ISODate);
    // A date alone is not a measurement time: runs of one day would merge.
    if (t.isValid() && iso.size() <= 10)
        return {};
    return t;
}
} // namespace

QChar QcCsvImporter::detectSeparator(const QString &text)
{
    int semicolons = 0, tabs = 0, commas = 0;
    bool quoted = false;
    for (QChar c : text) {
        if (c == QLatin1Char('"'))
            quoted = !quoted;
        else if (!quoted && isLineEnd(c))
            break;
        else if (!quoted && c == QLatin1Char(';'))
            ++semicolons;
        else if (!quoted && c == QLatin1Char('\t'))
            ++tabs;
        else if (!quoted && c == QLatin1Char(','))
            ++commas;
    }
    if (semicolons > 0 && semicolons >= tabs && semicolons >= commas)
        return QLatin1Char(';');
    if (tabs > 0 && tabs >= commas)
        return QLatin1Char('\t');
    return QLatin1Char(',');
}

QList<QcCsvImporter::Record> QcCsvImporter::records(const QString &text, QChar separator)
{
    QList<Record> out;
    int line = 1;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        Record r;
        r.line = line;
        QString field;
        bool fieldQuoted = false;
        bool afterQuote = false;
        bool endOfRecord = false;
        while (i < n && !endOfRecord) {
            const QChar c = text.at(i);
            if (fieldQuoted) {
                if (c == QLatin1Char('"')) {
                    if (i + 1 < n && text.at(i + 1) == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    fieldQuoted = false;
                    afterQuote = true;
                    ++i;
                    continue;
                }
                if (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n')) {
                    field += QLatin1Char('\n');
                    i += 2;
                    ++line;
                    continue;
                }
                if (isLineEnd(c)) {
                    field += QLatin1Char('\n');
                    ++line;
                    ++i;
                    continue;
                }
                field += c;
                ++i;
                continue;
            }
            if (c == separator) {
                r.fields << field;
                field.clear();
                afterQuote = false;
                ++i;
                continue;
            }
            if (isLineEnd(c)) {
                i += (c == QLatin1Char('\r') && i + 1 < n && text.at(i + 1) == QLatin1Char('\n')) ? 2 : 1;
                ++line;
                endOfRecord = true;
                continue;
            }
            if (c == QLatin1Char('"') && field.trimmed().isEmpty() && !afterQuote) {
                field.clear();
                fieldQuoted = true;
                ++i;
                continue;
            }
            if (afterQuote && !c.isSpace() && r.error.isEmpty())
                r.error = tr("text after a closing quote");
            field += c;
            ++i;
        }
        if (fieldQuoted)
            r.error = tr("a quoted field is not closed");
        r.fields << field;
        out << r;
    }
    return out;
}

Result<QcCsvImporter::Parsed> QcCsvImporter::parse(const QByteArray &data, const QcAnalyzerMapping &mapping)
{
    using R = Result<Parsed>;
    if (Status s = mapping.validate(); !s)
        return R::failure(s.error());
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(data);
    if (decoder.hasError())
        return R::failure(tr("The file is not UTF-8 text; export it as UTF-8 (with or without BOM)."));
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    if (text.trimmed().isEmpty())
        return R::failure(tr("The file is empty."));

    Parsed parsed;
    parsed.separator = detectSeparator(text);
    QList<Record> records = QcCsvImporter::records(text, parsed.separator);
    // The first non-blank record is the header.
    qsizetype headerAt = 0;
    while (headerAt < records.size() && records.at(headerAt).fields.join(QString()).trimmed().isEmpty())
        ++headerAt;
    const Record &header = records.at(headerAt);
    if (!header.error.isEmpty())
        return R::failure(tr("Line %1 (the header) cannot be read: %2.").arg(header.line).arg(header.error));
    QHash<QString, int> columnIndex;
    for (int i = 0; i < header.fields.size(); ++i)
        columnIndex.insert(header.fields.at(i).trimmed().toCaseFolded(), i);
    auto find = [&](const QString &name) -> int {
        return name.isEmpty() ? -1 : columnIndex.value(name.trimmed().toCaseFolded(), -1);
    };
    const int test = find(mapping.test), lot = find(mapping.lot), level = find(mapping.level),
              value = find(mapping.value), time = find(mapping.time), run = find(mapping.run);
    for (const auto &[name, index] :
         {std::pair{mapping.test, test}, std::pair{mapping.lot, lot}, std::pair{mapping.level, level},
          std::pair{mapping.value, value}, std::pair{mapping.time, time}, std::pair{mapping.run, run}}) {
        if (!name.isEmpty() && index < 0)
            return R::failure(tr("The header has no column \"%1\", which the mapping of %2 names (%3). The "
                                 "header holds: %4.")
                                  .arg(name, mapping.analyzer, mapping.describe(),
                                       header.fields.join(QStringLiteral(", "))));
    }

    // The decimal mark is the file's, decided over the whole value column (see the class comment).
    const QList<Record> rows(records.mid(headerAt + 1));
    if (parsed.separator != QLatin1Char(',')) {
        for (const Record &r : rows) {
            if (value < r.fields.size() && r.fields.at(value).contains(QLatin1Char(',')))
                parsed.decimalComma = true;
        }
    }

    struct Pending
    {
        QcRunDraft run;
        int firstLine = 0;
    };
    QList<Pending> runs;
    QHash<QString, qsizetype> runIndex;
    const int needed = std::max({test, lot, level, value, time, run});
    for (const Record &r : rows) {
        if (r.fields.join(QString()).trimmed().isEmpty())
            continue; // blank line
        ++parsed.rows;
        if (!r.error.isEmpty()) {
            parsed.bad.append({r.line, r.error});
            continue;
        }
        if (r.fields.size() <= needed) {
            QStringList missing;
            for (const auto &[name, index] :
                 {std::pair{mapping.test, test}, std::pair{mapping.lot, lot}, std::pair{mapping.level, level},
                  std::pair{mapping.value, value}, std::pair{mapping.time, time},
                  std::pair{mapping.run, run}}) {
                if (index >= r.fields.size())
                    missing << name;
            }
            parsed.bad.append({r.line, tr("missing column(s) %1 (the row has %2 fields, the header %3)")
                                           .arg(missing.join(QStringLiteral(", ")))
                                           .arg(r.fields.size())
                                           .arg(header.fields.size())});
            continue;
        }
        auto cell = [&](int index) {
            return r.fields.at(index).trimmed();
        };
        QStringList empty;
        for (const auto &[name, index] :
             {std::pair{mapping.test, test}, std::pair{mapping.lot, lot}, std::pair{mapping.level, level},
              std::pair{mapping.value, value}, std::pair{mapping.time, time}}) {
            if (cell(index).isEmpty())
                empty << name;
        }
        if (!empty.isEmpty()) {
            parsed.bad.append({r.line, tr("no value in column(s) %1").arg(empty.join(QStringLiteral(", ")))});
            continue;
        }
        const std::optional<int> lvl = parseLevel(cell(level));
        if (!lvl) {
            parsed.bad.append(
                {r.line, tr("\"%1\" is not a control level (1 to 9, or L1, Level 1)").arg(cell(level))});
            continue;
        }
        QString why;
        const std::optional<double> number = parseNumber(cell(value), parsed.decimalComma, why);
        if (!number) {
            parsed.bad.append({r.line, why});
            continue;
        }
        const QDateTime at = parseTime(cell(time), mapping.timeFormat);
        if (!at.isValid()) {
            parsed.bad.append(
                {r.line,
                 mapping.timeFormat.isEmpty()
                     ? tr("\"%1\" is not a date and time such as 2026-11-21T08:30").arg(cell(time))
                     : tr("\"%1\" is not a time in the format %2").arg(cell(time), mapping.timeFormat)});
            continue;
        }
        const QString testCode = cell(test).toUpper();
        const QString runCell = run >= 0 ? cell(run) : QString();
        const QString runId = mapping.analyzer + QLatin1Char('-') +
                              (runCell.isEmpty() ? at.toString(QStringLiteral("yyyyMMdd-HHmmss")) : runCell);
        const QString key = testCode + QLatin1Char('\x1f') + runId;
        if (!runIndex.contains(key)) {
            runIndex.insert(key, runs.size());
            Pending p;
            p.run.runId = runId;
            p.run.testCode = testCode;
            p.run.analyzer = mapping.analyzer;
            p.run.measuredAtMs = at.toMSecsSinceEpoch();
            p.firstLine = r.line;
            runs << p;
        }
        Pending &p = runs[runIndex.value(key)];
        p.run.measuredAtMs = std::min(p.run.measuredAtMs, at.toMSecsSinceEpoch());
        p.run.values.append({cell(lot), *lvl, *number, r.line});
    }
    std::stable_sort(runs.begin(), runs.end(), [](const Pending &a, const Pending &b) {
        return a.run.measuredAtMs != b.run.measuredAtMs ? a.run.measuredAtMs < b.run.measuredAtMs
                                                        : a.firstLine < b.firstLine;
    });
    for (const Pending &p : std::as_const(runs))
        parsed.runs << p.run;
    return parsed;
}

} // namespace benchside
