// SPDX-License-Identifier: GPL-3.0-or-later
#include "qc/qcanalyzermapping.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QRegularExpression>

namespace benchside {

namespace {
struct Field
{
    const char *key;
    QString QcAnalyzerMapping::*member;
    bool required;
};

const Field Fields[] = {
    {"test", &QcAnalyzerMapping::test, true},   {"lot", &QcAnalyzerMapping::lot, true},
    {"level", &QcAnalyzerMapping::level, true}, {"value", &QcAnalyzerMapping::value, true},
    {"time", &QcAnalyzerMapping::time, true},   {"run", &QcAnalyzerMapping::run, false},
};
} // namespace

QJsonObject QcAnalyzerMapping::toJson() const
{
    QJsonObject columns;
    for (const Field &f : Fields) {
        if (!(this->*f.member).isEmpty())
            columns.insert(QLatin1String(f.key), this->*f.member);
    }
    QJsonObject o{{QStringLiteral("columns"), columns}};
    if (!timeFormat.isEmpty())
        o.insert(QStringLiteral("time_format"), timeFormat);
    return o;
}

Result<QcAnalyzerMapping> QcAnalyzerMapping::fromJson(const QString &analyzer, const QJsonObject &o)
{
    QcAnalyzerMapping m;
    m.analyzer = analyzer;
    const QJsonObject columns = o.value(QLatin1String("columns")).toObject();
    for (const Field &f : Fields)
        m.*f.member = columns.value(QLatin1String(f.key)).toString().trimmed();
    m.timeFormat = o.value(QLatin1String("time_format")).toString();
    if (Status s = m.validate(); !s)
        return Result<QcAnalyzerMapping>::failure(s.error());
    return m;
}

Result<QcAnalyzerMapping> QcAnalyzerMapping::parse(const QString &analyzer, const QString &columns,
                                                   const QString &timeFormat)
{
    using R = Result<QcAnalyzerMapping>;
    QcAnalyzerMapping m;
    m.analyzer = analyzer.trimmed();
    m.timeFormat = timeFormat.trimmed();
    const QStringList parts = columns.split(QRegularExpression(QStringLiteral("[,;]")), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return R::failure(tr("\"%1\" is not FIELD=COLUMN; the fields are test, lot, level, value, time "
                                 "and run.")
                                  .arg(part.trimmed()));
        const QString key = part.left(eq).trimmed().toLower();
        const QString column = part.mid(eq + 1).trimmed();
        const Field *field = nullptr;
        for (const Field &f : Fields) {
            if (key == QLatin1String(f.key))
                field = &f;
        }
        if (!field)
            return R::failure(
                tr("Unknown field \"%1\"; the fields are test, lot, level, value, time and run.").arg(key));
        if (!(m.*field->member).isEmpty())
            return R::failure(tr("The field %1 is mapped twice.").arg(key));
        m.*field->member = column;
    }
    if (Status s = m.validate(); !s)
        return R::failure(s.error());
    return m;
}

Status QcAnalyzerMapping::validate() const
{
    if (analyzer.isEmpty())
        return Status::failure(tr("An analyzer needs a name."));
    QStringList seen;
    for (const Field &f : Fields) {
        const QString &column = this->*f.member;
        if (f.required && column.isEmpty())
            return Status::failure(tr("The mapping of %1 names no column for %2; the fields test, lot, "
                                      "level, value and time are required.")
                                       .arg(analyzer, QLatin1String(f.key)));
        if (column.isEmpty())
            continue;
        if (seen.contains(column.toCaseFolded()))
            return Status::failure(tr("The column \"%1\" is mapped to two fields.").arg(column));
        seen << column.toCaseFolded();
    }
    if (!timeFormat.isEmpty()) {
        // A format that cannot read back a time it wrote would reject every row.
        const QDateTime probe(QDate(2026, 3, 14), QTime(9, 26, 53));
        const QDateTime back = QDateTime::fromString(probe.toString(timeFormat), timeFormat);
        if (!back.isValid() || back.date() != probe.date())
            return Status::failure(tr("The time format \"%1\" cannot read a date and time back; use Qt's "
                                      "format letters, such as dd.MM.yyyy HH:mm.")
                                       .arg(timeFormat));
    }
    return {};
}

QString QcAnalyzerMapping::describe() const
{
    QStringList parts;
    for (const Field &f : Fields) {
        if (!(this->*f.member).isEmpty())
            parts << QLatin1String(f.key) + QLatin1Char('=') + this->*f.member;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace benchside
