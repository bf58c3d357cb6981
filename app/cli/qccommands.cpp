// SPDX-License-Identifier: GPL-3.0-or-later
#include "qccommands.h"

#include "commandcontext.h"
#include "qc/leveyjenningschart.h"
#include "qc/qcchartloader.h"
#include "qc/qccsvimporter.h"
#include "qc/qclockout.h"
#include "qc/qcrepository.h"
#include "qc/qcrunjudge.h"
#include "qc/qcservice.h"
#include "result/resultrepository.h"
#include "specimen/specimenjson.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <algorithm>
#include <cmath>

namespace benchside::cli {

namespace {

QJsonValue timestamp(qint64 ms)
{
    return ms > 0 ? QJsonValue(SpecimenJson::timestamp(ms)) : QJsonValue(QJsonValue::Null);
}

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                  : QString();
}

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString number(double v)
{
    return QString::number(v, 'g', 10);
}

QString zText(const std::optional<double> &z)
{
    return z ? (*z >= 0 ? QStringLiteral("+") : QString()) + QString::number(*z, 'f', 2)
             : QStringLiteral("-");
}

// A number as a person types it on the command line: digits with a decimal point.
std::optional<double> parseNumber(const QString &text)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return v;
}

struct Qc
{
    explicit Qc(Lab &lab)
        : repository(lab.database().connection()), lockout(lab.database().connection()),
          service(lab.store(), lab.catalog())
    {}
    QcRepository repository;
    QcLockout lockout;
    QcService service;
};

QJsonObject lotJson(const QcLot &l)
{
    return QJsonObject{{QStringLiteral("test"), l.testCode},
                       {QStringLiteral("lot"), l.lot},
                       {QStringLiteral("level"), l.level},
                       {QStringLiteral("mean"), optionalNumber(l.mean)},
                       {QStringLiteral("sd"), optionalNumber(l.sd)},
                       {QStringLiteral("bench"), l.bench},
                       {QStringLiteral("material"), l.material},
                       {QStringLiteral("expires"),
                        l.expires.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(l.expires)},
                       {QStringLiteral("target_source"), l.targetSource},
                       {QStringLiteral("target_n"), l.targetN}};
}

void printLot(QTextStream &out, const QcLot &l)
{
    out << l.testCode.leftJustified(7) << l.lot.leftJustified(14)
        << tr("level %1").arg(l.level).leftJustified(9);
    if (l.hasTargets())
        out << tr("mean %1  SD %2").arg(number(*l.mean), number(*l.sd)).leftJustified(28)
            << (l.targetSource == QLatin1String("established")
                    ? tr("established from %1 values").arg(l.targetN)
                    : tr("from the insert"));
    else
        out << tr("establishing: targets from the first %1 values").arg(QcRunJudge::establishingCount());
    if (!l.expires.isEmpty())
        out << "  " << tr("expires %1").arg(l.expires);
    out << '\n';
}

QJsonObject valueJson(const QcResultRow &r)
{
    QJsonArray violations;
    for (const QString &v : r.violations)
        violations.append(v);
    return QJsonObject{{QStringLiteral("run_id"), r.runId},
                       {QStringLiteral("test"), r.testCode},
                       {QStringLiteral("lot"), r.lot},
                       {QStringLiteral("level"), r.level},
                       {QStringLiteral("value"), r.value},
                       {QStringLiteral("z"), optionalNumber(r.z)},
                       {QStringLiteral("violations"), violations},
                       {QStringLiteral("run_status"), r.runStatus},
                       {QStringLiteral("judged"), r.judged},
                       {QStringLiteral("at"), timestamp(r.measuredAtMs)},
                       {QStringLiteral("user"), r.recordedBy},
                       {QStringLiteral("analyzer"), r.analyzer}};
}

void printValue(QTextStream &out, const QcResultRow &r)
{
    out << "  " << timeText(r.measuredAtMs).leftJustified(18) << r.runId.leftJustified(24)
        << tr("L%1").arg(r.level).leftJustified(4) << number(r.value).rightJustified(10) << "  "
        << zText(r.z).rightJustified(6) << "  " << r.runStatus.leftJustified(10)
        << r.violations.join(QLatin1Char(' ')) << '\n';
}

QJsonObject runJson(const QcService::RecordedRun &r)
{
    QJsonArray values;
    for (const QcResultRow &v : r.values)
        values.append(valueJson(v));
    QJsonArray established;
    for (const QcLot &l : r.targetsSet)
        established.append(lotJson(l));
    return QJsonObject{{QStringLiteral("run_id"), r.runId},
                       {QStringLiteral("test"), r.testCode},
                       {QStringLiteral("run_status"), r.status},
                       {QStringLiteral("values"), values},
                       {QStringLiteral("targets_set"), established}};
}

void printRun(QTextStream &out, const QcService::RecordedRun &r)
{
    out << tr("%1 run %2: %3").arg(r.testCode, r.runId, r.status.toUpper()) << '\n';
    for (const QcResultRow &v : r.values)
        printValue(out, v);
    for (const QcLot &l : r.targetsSet)
        out << "  "
            << tr("targets of lot %1 level %2 now set from its first %3 values: mean %4, SD %5")
                   .arg(l.lot)
                   .arg(l.level)
                   .arg(l.targetN)
                   .arg(number(l.mean.value_or(0)), number(l.sd.value_or(0)))
            << '\n';
    if (r.status == QLatin1String("rejected"))
        out << "  "
            << tr("REJECTED: patient results of %1 cannot be released until a corrective action is "
                  "documented "
                  "(qc corrective) and an accepted run follows. Review the look-back: qc lookback --test %1.")
                   .arg(r.testCode)
            << '\n';
}

// --test T --lot L --level N, checked.
int lotKey(CommandContext &ctx, QString &test, QString &lot, int &level, bool needLevel = true)
{
    const Invocation &inv = ctx.invocation();
    test = inv.option("--test").trimmed().toUpper();
    lot = inv.option("--lot").trimmed();
    if (test.isEmpty())
        return ctx.fail(BadInput, tr("Name the test with --test CODE."));
    if (lot.isEmpty())
        return ctx.fail(BadInput, tr("Name the lot with --lot NUMBER."));
    if (!needLevel)
        return Ok;
    bool ok = false;
    level = inv.option("--level").trimmed().toInt(&ok);
    if (!ok || level < 1)
        return ctx.fail(BadInput, tr("--level needs the control level, a whole number such as 1 or 2."));
    return Ok;
}

int lotAdd(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(2, tr("\"lot add\"")); e != Ok)
        return e;
    QcService::LotDefinition d;
    if (int e = lotKey(ctx, d.testCode, d.lot, d.level); e != Ok)
        return e;
    if (inv.flag("--mean") != inv.flag("--sd"))
        return ctx.fail(BadInput,
                        tr("Give both --mean and --sd (from the insert), or neither to establish the "
                           "targets from the lab's first %1 values.")
                            .arg(QcRunJudge::establishingCount()));
    if (inv.flag("--mean")) {
        d.mean = parseNumber(inv.option("--mean"));
        d.sd = parseNumber(inv.option("--sd"));
        if (!d.mean || !d.sd)
            return ctx.fail(BadInput, tr("--mean and --sd need numbers such as 5.4 (with a decimal point)."));
    }
    d.material = inv.option("--material");
    d.expires = inv.option("--expires");
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<Event> ev = qc.service.defineLot(d, ctx.actor());
    if (!ev)
        return ctx.fail(BadInput, ev.error());
    Result<std::optional<QcLot>> lot = qc.repository.lot(d.testCode, d.lot.trimmed(), d.level);
    if (!lot || !lot.value())
        return ctx.fail(Failure, lot ? tr("The lot was recorded but cannot be read back.") : lot.error());
    if (inv.json)
        ctx.printJson(lotJson(*lot.value()));
    else
        printLot(ctx.out(), *lot.value());
    return Ok;
}

// qc lot pattern --test T --lot L --level N PATTERN: the analyzer specimen IDs that are this control.
int lotPattern(CommandContext &ctx)
{
    if (int e = ctx.needPositional(3, tr("a specimen ID pattern such as QC-GLU-L1-*")); e != Ok)
        return e;
    QcPattern p;
    if (int e = lotKey(ctx, p.testCode, p.lot, p.level); e != Ok)
        return e;
    p.pattern = ctx.positional(2);
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    if (Result<Event> ev = qc.service.definePattern(p, ctx.actor()); !ev)
        return ctx.fail(BadInput, ev.error());
    if (ctx.invocation().json)
        ctx.printJson(QJsonObject{{QStringLiteral("test"), p.testCode},
                                  {QStringLiteral("lot"), p.lot.trimmed()},
                                  {QStringLiteral("level"), p.level},
                                  {QStringLiteral("pattern"), p.pattern.trimmed()}});
    else
        ctx.out() << tr("Analyzer specimens %1 are control %2 level %3 of %4.")
                         .arg(p.pattern.trimmed(), p.lot.trimmed())
                         .arg(p.level)
                         .arg(p.testCode)
                  << '\n';
    return Ok;
}

int lots(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<QList<QcLot>> all = qc.repository.lots(ctx.invocation().option("--test").trimmed().toUpper());
    if (!all)
        return ctx.fail(Failure, all.error());
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const QcLot &l : all.value())
            a.append(lotJson(l));
        ctx.printJson(a);
        return Ok;
    }
    for (const QcLot &l : all.value())
        printLot(ctx.out(), l);
    if (all.value().isEmpty())
        ctx.out() << tr("No control lots are defined.") << '\n';
    return Ok;
}

int targets(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    QString test, lotNumber;
    int level = 0;
    if (int e = lotKey(ctx, test, lotNumber, level); e != Ok)
        return e;
    const std::optional<double> mean = parseNumber(inv.option("--mean"));
    const std::optional<double> sd = parseNumber(inv.option("--sd"));
    if (!mean || !sd)
        return ctx.fail(BadInput, tr("--mean and --sd need numbers such as 5.4 (with a decimal point)."));
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<Event> ev = qc.service.setTargets(test, lotNumber, level, *mean, *sd, ctx.actor());
    if (!ev)
        return ctx.fail(BadInput, ev.error());
    const QcLot l = *qc.repository.lot(test, lotNumber, level).value();
    if (inv.json)
        ctx.printJson(lotJson(l));
    else
        printLot(ctx.out(), l);
    return Ok;
}

int rules(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    const QString test = inv.option("--test").trimmed().toUpper();
    if (test.isEmpty())
        return ctx.fail(BadInput, tr("Name the test with --test CODE."));
    if (!ctx.lab().catalog().test(test))
        return ctx.fail(BadInput, tr("\"%1\" is not a test in the catalogue.").arg(test));
    Qc qc(ctx.lab());
    if (inv.flag("--rules")) {
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        Result<Event> ev = qc.service.configureRules(test, inv.option("--rules"), ctx.actor());
        if (!ev)
            return ctx.fail(BadInput, ev.error());
    }
    Result<QString> own = qc.repository.rules(test);
    if (!own)
        return ctx.fail(Failure, own.error());
    const QString text = own.value().isEmpty() ? QcRunJudge::defaultRules(2) : own.value();
    if (inv.json) {
        ctx.printJson(
            QJsonObject{{QStringLiteral("test"), test},
                        {QStringLiteral("rules"), QJsonArray::fromStringList(text.split(QLatin1Char(',')))},
                        {QStringLiteral("default"), own.value().isEmpty()}});
        return Ok;
    }
    if (own.value().isEmpty())
        ctx.out() << tr("%1: the default rules: %2 for two levels, %3 for three.")
                         .arg(test, QcRunJudge::defaultRules(2), QcRunJudge::defaultRules(3))
                  << '\n';
    else
        ctx.out() << tr("%1: %2").arg(test, text) << '\n';
    return Ok;
}

int analyzer(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(2, tr("an analyzer name")); e != Ok)
        return e;
    const QString name = ctx.positional(1).trimmed();
    Qc qc(ctx.lab());
    if (inv.flag("--columns")) {
        Result<QcAnalyzerMapping> m =
            QcAnalyzerMapping::parse(name, inv.option("--columns"), inv.option("--time-format"));
        if (!m)
            return ctx.fail(BadInput, m.error());
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        if (Result<Event> ev = qc.service.defineAnalyzer(m.value(), ctx.actor()); !ev)
            return ctx.fail(BadInput, ev.error());
    }
    Result<std::optional<QcAnalyzerMapping>> m = qc.repository.analyzer(name);
    if (!m)
        return ctx.fail(Failure, m.error());
    if (!m.value())
        return ctx.fail(BadInput,
                        tr("No column mapping is saved for analyzer %1; define one with qc analyzer %1 "
                           "--columns test=…,lot=…,level=…,value=…,time=…[,run=…].")
                            .arg(name));
    if (inv.json) {
        QJsonObject o = m.value()->toJson();
        o.insert(QStringLiteral("analyzer"), name);
        ctx.printJson(o);
    } else {
        ctx.out() << tr("%1: %2").arg(name, m.value()->describe())
                  << (m.value()->timeFormat.isEmpty()
                          ? QString()
                          : QStringLiteral("  ") + tr("time format %1").arg(m.value()->timeFormat))
                  << '\n';
    }
    return Ok;
}

int import(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(2, tr("the CSV file to import")); e != Ok)
        return e;
    const QString name = inv.option("--analyzer").trimmed();
    if (name.isEmpty())
        return ctx.fail(BadInput, tr("Name the analyzer whose export this is with --analyzer NAME."));
    QFile file(ctx.positional(1));
    if (!file.open(QIODevice::ReadOnly))
        return ctx.fail(BadInput, tr("Cannot read %1: %2").arg(ctx.positional(1), file.errorString()));
    const QByteArray data = file.readAll();
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    if (inv.flag("--columns")) {
        Result<QcAnalyzerMapping> m =
            QcAnalyzerMapping::parse(name, inv.option("--columns"), inv.option("--time-format"));
        if (!m)
            return ctx.fail(BadInput, m.error());
        if (Result<Event> ev = qc.service.defineAnalyzer(m.value(), ctx.actor()); !ev)
            return ctx.fail(BadInput, ev.error());
    }
    Result<std::optional<QcAnalyzerMapping>> mapping = qc.repository.analyzer(name);
    if (!mapping)
        return ctx.fail(Failure, mapping.error());
    if (!mapping.value())
        return ctx.fail(BadInput,
                        tr("No column mapping is saved for analyzer %1; give one with --columns "
                           "test=…,lot=…,level=…,value=…,time=…[,run=…] (it is saved for next time).")
                            .arg(name));
    // Mostly a file that cannot be read at all; a database error says so in its message.
    Result<QcService::Import> imported = qc.service.importExport(data, *mapping.value(), ctx.actor());
    if (!imported)
        return ctx.fail(BadInput, tr("%1: %2").arg(ctx.positional(1), imported.error()));
    const QcService::Recording &recording = imported.value().recording;
    const QList<QcCsvImporter::BadRow> &bad = imported.value().bad;
    for (const QcCsvImporter::BadRow &b : bad)
        ctx.note(tr("%1 line %2: %3").arg(ctx.positional(1)).arg(b.line).arg(b.reason));

    const int values = recording.recordedValues;
    if (inv.json) {
        QJsonArray runs, rejected;
        for (const QcService::RecordedRun &r : recording.runs)
            runs.append(QJsonObject{{QStringLiteral("run_id"), r.runId},
                                    {QStringLiteral("test"), r.testCode},
                                    {QStringLiteral("run_status"), r.status}});
        for (const QcCsvImporter::BadRow &b : bad)
            rejected.append(
                QJsonObject{{QStringLiteral("line"), b.line}, {QStringLiteral("reason"), b.reason}});
        ctx.printJson(QJsonObject{{QStringLiteral("imported"), values},
                                  {QStringLiteral("rejected"), static_cast<int>(bad.size())},
                                  {QStringLiteral("runs"), runs},
                                  {QStringLiteral("rejected_rows"), rejected}});
    } else {
        ctx.out() << tr("%1: %2 rows imported in %3 runs, %4 rejected.")
                         .arg(ctx.positional(1))
                         .arg(values)
                         .arg(recording.runs.size())
                         .arg(bad.size())
                  << '\n';
        for (const QcService::RecordedRun &r : recording.runs) {
            if (r.status == QLatin1String("rejected") || r.status == QLatin1String("warning"))
                ctx.out() << "  " << tr("%1 run %2: %3").arg(r.testCode, r.runId, r.status.toUpper()) << '\n';
        }
    }
    // Like a rack: a file not imported whole exits 1, so a script cannot take it for a complete one.
    return bad.isEmpty() ? Ok : Failure;
}

int record(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(2, tr("the control value")); e != Ok)
        return e;
    QcRunDraft run;
    QcRunValue v;
    if (int e = lotKey(ctx, run.testCode, v.lot, v.level); e != Ok)
        return e;
    const std::optional<double> value = parseNumber(ctx.positional(1));
    if (!value)
        return ctx.fail(BadInput,
                        tr("\"%1\" is not a number; write control values with a decimal point, such "
                           "as 5.4.")
                            .arg(ctx.positional(1)));
    v.value = *value;
    run.values << v;
    run.runId = inv.option("--run");
    run.analyzer = inv.option("--analyzer");
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<QcService::RecordedRun> r = qc.service.record(run, ctx.actor());
    if (!r)
        return ctx.fail(BadInput, r.error());
    if (inv.json)
        ctx.printJson(runJson(r.value()));
    else
        printRun(ctx.out(), r.value());
    return Ok;
}

// --from / --to as the tat command reads them: a date, or a date and time; a bare --to date
// includes that whole day.
int period(CommandContext &ctx, qint64 &from, qint64 &to)
{
    const Invocation &inv = ctx.invocation();
    auto parse = [](const QString &text, bool end, qint64 &ms) {
        const QDate d = QDate::fromString(text.trimmed(), Qt::ISODate);
        if (d.isValid()) {
            ms = (end ? d.addDays(1).startOfDay().toMSecsSinceEpoch() - 1
                      : d.startOfDay().toMSecsSinceEpoch());
            return true;
        }
        const QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODate);
        ms = t.toMSecsSinceEpoch();
        return t.isValid();
    };
    from = 0;
    to = std::numeric_limits<qint64>::max();
    if (inv.flag("--from") && !parse(inv.option("--from"), false, from))
        return ctx.fail(BadInput, tr("--from needs a date (2026-11-21) or a date and time."));
    if (inv.flag("--to") && !parse(inv.option("--to"), true, to))
        return ctx.fail(BadInput, tr("--to needs a date (2026-11-21) or a date and time."));
    if (from > to)
        return ctx.fail(BadInput, tr("--from is after --to."));
    return Ok;
}

int evaluate(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    QString test, lotNumber;
    int level = 0;
    if (int e = lotKey(ctx, test, lotNumber, level, false); e != Ok)
        return e;
    qint64 from = 0, to = 0;
    if (int e = period(ctx, from, to); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<QList<QcLot>> levels = qc.repository.lotLevels(test, lotNumber);
    if (!levels)
        return ctx.fail(Failure, levels.error());
    if (levels.value().isEmpty())
        return ctx.fail(BadInput, tr("No lot %1 is defined for %2.").arg(lotNumber, test));
    Result<QList<QcResultRow>> values = qc.repository.values(test, lotNumber, from, to);
    if (!values)
        return ctx.fail(Failure, values.error());
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const QcResultRow &r : values.value())
            a.append(valueJson(r));
        ctx.printJson(a);
        return Ok;
    }
    QTextStream &out = ctx.out();
    out << tr("%1 lot %2").arg(test, lotNumber) << '\n';
    for (const QcLot &l : levels.value()) {
        out << "  ";
        printLot(out, l);
    }
    for (const QcResultRow &r : values.value())
        printValue(out, r);
    if (values.value().isEmpty())
        out << "  " << tr("No values recorded in this period.") << '\n';
    return Ok;
}

// The chart shows the judgement the projector made when each run was applied (what the lockout
// acted on), not a new evaluation: LeveyJenningsData is filled from qc_results.
int chart(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    QString test, lotNumber;
    int unused = 0;
    if (int e = lotKey(ctx, test, lotNumber, unused, false); e != Ok)
        return e;
    const QString out = inv.option("--out");
    if (out.isEmpty())
        return ctx.fail(BadInput, tr("Name the PNG file to write with --out FILE.png."));
    int level = 0;
    if (inv.flag("--level")) {
        bool ok = false;
        level = inv.option("--level").toInt(&ok);
        if (!ok || level < 1)
            return ctx.fail(BadInput, tr("--level needs the control level, a whole number such as 1 or 2."));
    }
    qint64 from = 0, to = 0;
    if (int e = period(ctx, from, to); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<QList<QcLot>> levels = qc.repository.lotLevels(test, lotNumber);
    if (!levels)
        return ctx.fail(Failure, levels.error());
    if (levels.value().isEmpty())
        return ctx.fail(BadInput, tr("No lot %1 is defined for %2.").arg(lotNumber, test));
    // The judgements as recorded, the same data the QC page charts.
    Result<LeveyJenningsData> loaded = QcChartLoader(qc.repository).load(test, lotNumber);
    if (!loaded)
        return ctx.fail(Failure, loaded.error());
    LeveyJenningsData data = loaded.value();
    if (const std::optional<TestDefinition> t = ctx.lab().catalog().test(test))
        data.unit = t->unit;
    if (data.points.isEmpty())
        return ctx.fail(BadInput, tr("No values of %1 lot %2 are recorded yet.").arg(test, lotNumber));
    data.fromMs = data.points.first().qc.atMs;
    data.toMs = data.points.last().qc.atMs;
    const LeveyJenningsData shown = data.between(std::max(from, data.fromMs), std::min(to, data.toMs));
    if (shown.isEmpty())
        return ctx.fail(BadInput,
                        tr("No values of %1 lot %2 were measured in that period.").arg(test, lotNumber));
    if (level == 0 && data.targets.isEmpty())
        return ctx.fail(BadInput,
                        tr("Lot %1 of %2 is still establishing its targets: there are no SD lines yet. "
                           "Draw one level in its units with --level N.")
                            .arg(lotNumber, test));
    if (Status s = LeveyJenningsChart::renderPng(shown, out, QSize(1200, 600), level); !s)
        return ctx.fail(BadInput, s.error());
    if (inv.json)
        ctx.printJson(
            QJsonObject{{QStringLiteral("out"), out},
                        {QStringLiteral("points"), static_cast<int>(shown.points.size())},
                        {QStringLiteral("rejected"), shown.count(WestgardEvaluator::RunStatus::Rejected)},
                        {QStringLiteral("warning"), shown.count(WestgardEvaluator::RunStatus::Warning)}});
    else
        ctx.out() << tr("%1: %2 points of %3 lot %4 (%5 rejected, %6 warnings)")
                         .arg(out)
                         .arg(shown.points.size())
                         .arg(test, lotNumber)
                         .arg(shown.count(WestgardEvaluator::RunStatus::Rejected))
                         .arg(shown.count(WestgardEvaluator::RunStatus::Warning))
                  << '\n';
    return Ok;
}

QJsonObject episodeJson(const QcLockoutEpisode &e)
{
    return QJsonObject{{QStringLiteral("test"), e.testCode},
                       {QStringLiteral("bench"), e.bench},
                       {QStringLiteral("run_id"), e.runId},
                       {QStringLiteral("state"), e.state},
                       {QStringLiteral("rejected_at"), timestamp(e.rejectedAtMs)},
                       {QStringLiteral("last_rejected_run"), e.lastRejectedRun},
                       {QStringLiteral("lookback_from"), timestamp(e.lookbackFromMs)},
                       {QStringLiteral("corrective_action"), e.correctiveAction},
                       {QStringLiteral("corrective_done"), e.correctiveDone},
                       {QStringLiteral("override_by"), e.overrideBy},
                       {QStringLiteral("override_reason"), e.overrideReason},
                       {QStringLiteral("resolved_run_id"), e.resolvedRunId}};
}

int status(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<QList<QcLockoutEpisode>> open =
        qc.lockout.openEpisodes(ctx.invocation().option("--bench").trimmed().toUpper());
    if (!open)
        return ctx.fail(Failure, open.error());
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const QcLockoutEpisode &e : open.value()) {
            QJsonObject o = episodeJson(e);
            o.insert(QStringLiteral("reason"), e.locked() ? QcLockout::reason(e) : QString());
            a.append(o);
        }
        ctx.printJson(a);
        return Ok;
    }
    for (const QcLockoutEpisode &e : open.value()) {
        if (e.locked())
            ctx.out() << tr("LOCKED      %1").arg(QcLockout::reason(e)) << '\n';
        else
            ctx.out() << tr("OVERRIDDEN  %1 on %2: rejected run %3, released by %4: %5")
                             .arg(e.testCode, e.bench, e.lastRejectedRun, e.overrideBy, e.overrideReason)
                      << '\n';
    }
    if (open.value().isEmpty())
        ctx.out() << tr("No test is locked out by QC.") << '\n';
    return Ok;
}

Result<TestDefinition> namedTest(CommandContext &ctx)
{
    const QString code = ctx.invocation().option("--test").trimmed().toUpper();
    if (code.isEmpty())
        return Result<TestDefinition>::failure(tr("Name the test with --test CODE."));
    const std::optional<TestDefinition> t = ctx.lab().catalog().test(code);
    if (!t)
        return Result<TestDefinition>::failure(tr("\"%1\" is not a test in the catalogue.").arg(code));
    return *t;
}

int corrective(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    Result<TestDefinition> test = namedTest(ctx);
    if (!test)
        return ctx.fail(BadInput, test.error());
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<Event> ev =
        qc.service.correctiveAction(test.value().code, ctx.invocation().option("--action"), ctx.actor());
    if (!ev)
        return ctx.fail(BadInput, ev.error());
    if (ctx.invocation().json)
        ctx.printJson(QJsonObject{{QStringLiteral("event_id"), ev.value().id},
                                  {QStringLiteral("test"), test.value().code},
                                  {QStringLiteral("bench"), test.value().bench},
                                  {QStringLiteral("by"), ev.value().actor}});
    else
        ctx.out()
            << tr("%1 on %2: corrective action documented; an accepted QC run now releases the lockout.")
                   .arg(test.value().code, test.value().bench)
            << '\n';
    return Ok;
}

int lookback(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    Result<TestDefinition> test = namedTest(ctx);
    if (!test)
        return ctx.fail(BadInput, test.error());
    Qc qc(ctx.lab());
    const QString runId = ctx.invocation().option("--run").trimmed();
    Result<std::optional<QcLockoutEpisode>> e =
        runId.isEmpty() ? qc.lockout.latestEpisode(test.value().code, test.value().bench)
                        : qc.lockout.episode(test.value().code, test.value().bench, runId);
    if (!e)
        return ctx.fail(Failure, e.error());
    if (!e.value())
        return ctx.fail(BadInput, runId.isEmpty()
                                      ? tr("QC for %1 on %2 has never been rejected: there is no "
                                           "look-back.")
                                            .arg(test.value().code, test.value().bench)
                                      : tr("Run %1 did not lock %2.").arg(runId, test.value().code));
    Result<QList<QcLookbackEntry>> list = qc.lockout.lookback(*e.value());
    if (!list)
        return ctx.fail(Failure, list.error());
    if (ctx.invocation().json) {
        QJsonArray results;
        for (const QcLookbackEntry &l : list.value())
            results.append(QJsonObject{{QStringLiteral("order_id"), l.orderId},
                                       {QStringLiteral("accession"), l.accession},
                                       {QStringLiteral("patient"), l.patientMrn},
                                       {QStringLiteral("value"), l.value},
                                       {QStringLiteral("unit"), l.unit},
                                       {QStringLiteral("flag"), l.flag},
                                       {QStringLiteral("released_at"), timestamp(l.releasedAtMs)},
                                       {QStringLiteral("verified_by"), l.verifiedBy},
                                       {QStringLiteral("reviewed"), l.reviewed()},
                                       {QStringLiteral("outcome"), l.outcome},
                                       {QStringLiteral("note"), l.note},
                                       {QStringLiteral("reviewed_by"), l.reviewedBy}});
        QJsonObject o = episodeJson(*e.value());
        o.insert(QStringLiteral("results"), results);
        ctx.printJson(o);
        return Ok;
    }
    QTextStream &out = ctx.out();
    out << tr("%1 on %2, rejected run %3 (%4): results released since %5")
               .arg(test.value().code, test.value().bench, e.value()->runId, e.value()->state,
                    timeText(e.value()->lookbackFromMs))
        << '\n';
    int pending = 0;
    for (const QcLookbackEntry &l : list.value()) {
        out << "  " << l.orderId.leftJustified(20) << l.patientMrn.leftJustified(10)
            << (l.value + QLatin1Char(' ') + l.unit).trimmed().leftJustified(14) << timeText(l.releasedAtMs)
            << "  " << (l.reviewed() ? tr("%1 by %2").arg(l.outcome, l.reviewedBy) : tr("TO REVIEW")) << '\n';
        pending += l.reviewed() ? 0 : 1;
    }
    out << tr("%1 results, %2 to review.").arg(list.value().size()).arg(pending) << '\n';
    return Ok;
}

int review(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("an order id")); e != Ok)
        return e;
    const QString orderId = ctx.positional(1).trimmed();
    Result<std::optional<OrderResult>> order =
        ResultRepository(ctx.lab().database().connection()).order(orderId);
    if (!order)
        return ctx.fail(Failure, order.error());
    if (!order.value())
        return ctx.fail(BadInput, tr("No test order %1 is known at this station.").arg(orderId));
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    const Invocation &inv = ctx.invocation();
    Result<Event> ev = qc.service.reviewLookback(order.value()->testCode, orderId, inv.option("--outcome"),
                                                 inv.option("--note"), ctx.actor(), inv.option("--run"));
    if (!ev)
        return ctx.fail(BadInput, ev.error());
    const QJsonObject p = ev.value().payloadObject();
    if (inv.json)
        ctx.printJson(QJsonObject{{QStringLiteral("event_id"), ev.value().id},
                                  {QStringLiteral("order_id"), orderId},
                                  {QStringLiteral("run_id"), p.value(QLatin1String("run_id"))},
                                  {QStringLiteral("outcome"), p.value(QLatin1String("outcome"))},
                                  {QStringLiteral("reviewed_by"), ev.value().actor}});
    else
        ctx.out() << tr("%1: look-back review recorded (%2).")
                         .arg(orderId, p.value(QLatin1String("outcome")).toString())
                  << '\n';
    return Ok;
}

int overrideLockout(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, QString()); e != Ok)
        return e;
    Result<TestDefinition> test = namedTest(ctx);
    if (!test)
        return ctx.fail(BadInput, test.error());
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Qc qc(ctx.lab());
    Result<Event> ev =
        qc.service.overrideLockout(test.value().code, ctx.invocation().option("--reason"), ctx.actor());
    if (!ev)
        return ctx.fail(BadInput, ev.error());
    if (ctx.invocation().json)
        ctx.printJson(QJsonObject{{QStringLiteral("event_id"), ev.value().id},
                                  {QStringLiteral("test"), test.value().code},
                                  {QStringLiteral("bench"), test.value().bench},
                                  {QStringLiteral("by"), ev.value().actor},
                                  {QStringLiteral("state"), QStringLiteral("overridden")}});
    else
        ctx.out()
            << tr("%1 on %2: lockout overridden by %3; results can be released until the next rejected run.")
                   .arg(test.value().code, test.value().bench, ev.value().actor)
            << '\n';
    return Ok;
}

int qc(CommandContext &ctx)
{
    const QString sub = ctx.positional(0);
    const QString second = ctx.positional(1);
    if (sub == QLatin1String("lot") && second == QLatin1String("add"))
        return lotAdd(ctx);
    if (sub == QLatin1String("lot") && second == QLatin1String("pattern"))
        return lotPattern(ctx);
    static const QList<QPair<const char *, int (*)(CommandContext &)>> table{
        {"lots", &lots},
        {"targets", &targets},
        {"rules", &rules},
        {"analyzer", &analyzer},
        {"import", &import},
        {"record", &record},
        {"evaluate", &evaluate},
        {"chart", &chart},
        {"status", &status},
        {"corrective", &corrective},
        {"lookback", &lookback},
        {"review", &review},
        {"override", &overrideLockout},
    };
    for (const auto &[name, run] : table) {
        if (sub == QLatin1String(name))
            return run(ctx);
    }
    return ctx.fail(BadInput, sub.isEmpty()
                                  ? tr("qc needs a subcommand; run benchside-cli --help for the list.")
                                  : tr("Unknown qc subcommand \"%1\". Run benchside-cli --help for "
                                       "the list.")
                                        .arg(sub));
}

} // namespace

const QList<Command> &qcCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"qc", OpenLab, &qc,
         QT_TRANSLATE_NOOP("benchside::cli",
                           "qc lot add --test T --lot L --level N [--mean M --sd S]\n"
                           "           [--material NAME] [--expires DATE]\n"
                           "qc lot pattern --test T --lot L --level N PATTERN\n"
                           "qc lots [--test T]\n"
                           "qc targets --test T --lot L --level N --mean M --sd S\n"
                           "qc rules --test T [--rules 1-2s,1-3s,2-2s,R-4s,4-1s,10x]\n"
                           "qc analyzer NAME [--columns test=C,lot=C,level=C,value=C,time=C[,run=C]]\n"
                           "           [--time-format FMT]\n"
                           "qc import CSV --analyzer NAME [--columns … --time-format FMT]\n"
                           "qc record --test T --lot L --level N VALUE [--run RUN] [--analyzer NAME]\n"
                           "qc evaluate --test T --lot L [--from DATE] [--to DATE]\n"
                           "qc chart --test T --lot L --out FILE.png [--from DATE] [--to DATE] [--level N]\n"
                           "qc status [--bench B]\n"
                           "qc corrective --test T --action TEXT\n"
                           "qc lookback --test T [--run RUN]\n"
                           "qc review ORDER_ID --outcome stands|amended|retested [--note TEXT] [--run RUN]\n"
                           "qc override --test T --reason TEXT"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "quality control: lots, runs, CSV import, Westgard evaluation, lockout")},
    };
    return commands;
}

} // namespace benchside::cli
