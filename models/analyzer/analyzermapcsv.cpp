// SPDX-License-Identifier: GPL-3.0-or-later
#include "analyzer/analyzermapcsv.h"

#include "qc/qccsvimporter.h"

#include <QSet>
#include <QStringDecoder>

namespace benchside {

Result<QList<AnalyzerMapEntry>> AnalyzerMapCsv::parse(const QByteArray &data)
{
    using R = Result<QList<AnalyzerMapEntry>>;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(data);
    if (decoder.hasError())
        return R::failure(tr("The map is not UTF-8 text; save it as UTF-8."));
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    const QList<QcCsvImporter::Record> records =
        QcCsvImporter::records(text, QcCsvImporter::detectSeparator(text));
    qsizetype at = 0;
    const auto blank = [](const QcCsvImporter::Record &r) {
        return r.fields.join(QString()).trimmed().isEmpty();
    };
    while (at < records.size() && blank(records.at(at)))
        ++at;
    if (at == records.size())
        return R::failure(tr("The map is empty: its first line must be analyzer_code,test,unit,factor."));
    QStringList header;
    for (const QString &f : records.at(at).fields)
        header << f.trimmed().toLower();
    const QStringList expected{QStringLiteral("analyzer_code"), QStringLiteral("test"),
                               QStringLiteral("unit"), QStringLiteral("factor")};
    if (header != expected)
        return R::failure(tr("Line %1 must be the header analyzer_code,test,unit,factor, not \"%2\".")
                              .arg(records.at(at).line)
                              .arg(records.at(at).fields.join(QLatin1Char(','))));

    QList<AnalyzerMapEntry> out;
    QStringList problems;
    QSet<QString> seen;
    for (qsizetype i = at + 1; i < records.size(); ++i) {
        const QcCsvImporter::Record &r = records.at(i);
        if (blank(r))
            continue;
        const auto problem = [&](const QString &what) {
            problems << tr("line %1: %2").arg(r.line).arg(what);
        };
        if (!r.error.isEmpty()) {
            problem(r.error);
            continue;
        }
        if (r.fields.size() != 4) {
            problem(tr("%n field(s), not 4", nullptr, int(r.fields.size())));
            continue;
        }
        AnalyzerMapEntry e{r.fields.at(0).trimmed(), r.fields.at(1).trimmed(), r.fields.at(2).trimmed(),
                           std::nullopt};
        if (e.analyzerCode.isEmpty() || e.test.isEmpty()) {
            problem(tr("the analyzer code and the test are both needed"));
            continue;
        }
        if (seen.contains(e.analyzerCode)) {
            problem(tr("analyzer code %1 is mapped twice").arg(e.analyzerCode));
            continue;
        }
        seen.insert(e.analyzerCode);
        const QString factor = r.fields.at(3).trimmed();
        if (!factor.isEmpty()) {
            bool ok = false;
            const double f = factor.toDouble(&ok);
            if (!ok || !(f > 0)) {
                problem(tr("factor \"%1\" is not a positive number (leave it empty for 1)").arg(factor));
                continue;
            }
            e.factor = f;
        }
        out << e;
    }
    if (!problems.isEmpty())
        return R::failure(tr("The map was not taken: %1.").arg(problems.join(QStringLiteral("; "))));
    if (out.isEmpty())
        return R::failure(tr("The map has a header but no analyzer codes."));
    return out;
}

} // namespace benchside
