// SPDX-License-Identifier: GPL-3.0-or-later
#include "resultcommands.h"

#include "autoverify/autoverifyservice.h"
#include "commandcontext.h"
#include "result/resultflag.h"
#include "result/resultjudge.h"
#include "result/resultservice.h"
#include "result/unjudgedresults.h"
#include "specimen/specimenjson.h"
#include "worklist/tatstatistics.h"
#include "worklist/worklistquery.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace benchside::cli {

namespace {

QString timeText(qint64 ms)
{
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                  : QString();
}

QJsonValue timestamp(qint64 ms)
{
    return ms > 0 ? QJsonValue(SpecimenJson::timestamp(ms)) : QJsonValue(QJsonValue::Null);
}

// The services work on the Lab's connection and store; they are cheap to make per command.
struct Results
{
    explicit Results(Lab &lab)
        : repository(lab.database().connection()), service(lab.store(), repository, lab.catalog())
    {}
    ResultRepository repository;
    ResultService service;
};

QJsonObject evaluationJson(const QString &orderId, const ResultEvaluation &e, const Event &event)
{
    QJsonObject delta{{QStringLiteral("outcome"), e.delta.outcome == DeltaCheck::Outcome::NotChecked
                                                      ? QStringLiteral("not_checked")
                                                      : DeltaCheck::outcomeCode(e.delta.outcome)},
                      {QStringLiteral("detail"), e.delta.reason}};
    if (!e.delta.previousValue.isEmpty()) {
        delta.insert(QStringLiteral("previous"), e.delta.previousValue);
        delta.insert(QStringLiteral("change"), e.delta.change);
    }
    QJsonObject o{{QStringLiteral("order_id"), orderId},
                  {QStringLiteral("event_id"), event.id},
                  {QStringLiteral("value"), e.value.text},
                  {QStringLiteral("unit"), e.value.unit},
                  {QStringLiteral("flag"), ResultFlags::code(e.flag)},
                  {QStringLiteral("critical"), e.critical()},
                  {QStringLiteral("range_known"), e.rangeKnown()},
                  {QStringLiteral("delta"), delta}};
    if (!e.rangeKnown()) {
        o.insert(QStringLiteral("range_basis"), ResultJudge::basisCode(e.basis));
        o.insert(QStringLiteral("range_note"), ResultJudge::basisText(e.basis));
    }
    if (e.range)
        o.insert(QStringLiteral("range"), e.range->limitsJson());
    if (!e.implausibleReason.isEmpty())
        o.insert(QStringLiteral("implausible_confirmed"), e.implausibleReason);
    return o;
}

void printEvaluation(QTextStream &out, const QString &orderId, const ResultEvaluation &e)
{
    const QString flag = ResultFlags::code(e.flag);
    out << tr("%1: %2 %3").arg(orderId, e.value.text, e.value.unit).trimmed() << '\n';
    out << "  "
        << tr("flag: %1 (%2)").arg(flag.isEmpty() ? QStringLiteral("-") : flag, ResultFlags::label(e.flag))
        << '\n';
    const QString outcome = e.delta.outcome == DeltaCheck::Outcome::Exceeded ? tr("EXCEEDED")
                            : e.delta.outcome == DeltaCheck::Outcome::Within ? tr("within limit")
                                                                             : tr("not checked");
    if (!e.rangeKnown())
        out << "  " << tr("range: %1").arg(ResultJudge::basisText(e.basis)) << '\n';
    if (!e.implausibleReason.isEmpty())
        out << "  " << tr("beyond the plausible limits, confirmed: %1").arg(e.implausibleReason) << '\n';
    out << "  " << tr("delta check: %1 (%2)").arg(outcome, e.delta.reason) << '\n';
    if (e.critical())
        out << "  " << tr("CRITICAL: document the notification (notify-result) before it can be verified.")
            << '\n';
}

int worklist(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, tr("a bench code")); e != Ok)
        return e;
    WorklistFilter f;
    f.bench = ctx.positional(0).trimmed().toUpper();
    f.status = inv.option("--status").trimmed().toLower();
    f.priority = inv.option("--priority").trimmed().toLower();
    f.testCode = inv.option("--test").trimmed().toUpper();
    if (inv.flag("--sort")) {
        const std::optional<WorklistSort> sort = WorklistSort::fromName(inv.option("--sort"));
        if (!sort)
            return ctx.fail(BadInput,
                            tr("\"%1\" is not a worklist order; use one of: %2 (a leading - reverses it).")
                                .arg(inv.option("--sort"), WorklistSort::names().join(QStringLiteral(", "))));
        f.sort = *sort;
    }
    bool ok = true;
    const int limit = inv.option("--limit", QStringLiteral("100")).toInt(&ok);
    if (!ok || limit < 1)
        return ctx.fail(BadInput, tr("--limit needs a positive number of rows."));
    if (Status s = WorklistQuery::validate(f); !s)
        return ctx.fail(BadInput, s.error());
    if (!Catalog::namesByCode(ctx.lab().catalog().benches()).contains(f.bench))
        return ctx.fail(BadInput, tr("\"%1\" is not a bench in the catalogue.").arg(f.bench));
    Result<QList<WorklistRow>> rows =
        WorklistQuery(ctx.lab().database().connection()).page(f, std::nullopt, limit);
    if (!rows)
        return ctx.fail(Failure, rows.error());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (inv.json) {
        QJsonArray a;
        for (const WorklistRow &r : rows.value())
            a.append(QJsonObject{
                {QStringLiteral("order_id"), r.orderId},
                {QStringLiteral("accession"), r.accession},
                {QStringLiteral("patient"), r.patientMrn},
                {QStringLiteral("test"), r.testCode},
                {QStringLiteral("priority"), r.priority},
                {QStringLiteral("received_at"), timestamp(r.receivedAtMs)},
                {QStringLiteral("due_at"), timestamp(r.dueAtMs)},
                {QStringLiteral("status"), r.status},
                {QStringLiteral("flag"), r.flag},
                {QStringLiteral("range_basis"), r.rangeBasis},
                {QStringLiteral("analyzer"), r.analyzer},
                {QStringLiteral("instrument_flags"), QJsonArray::fromStringList(r.instrumentFlags)},
                {QStringLiteral("overdue"), r.overdue(now)},
                {QStringLiteral("near_due"), r.nearDue(now)}});
        ctx.printJson(a);
        return Ok;
    }
    QTextStream &out = ctx.out();
    for (const WorklistRow &r : rows.value()) {
        const QString mark = r.overdue(now) ? tr("OVERDUE") : r.nearDue(now) ? tr("due soon") : QString();
        out << r.orderId.leftJustified(20) << r.priority.toUpper().leftJustified(8)
            << r.testCode.leftJustified(7) << timeText(r.receivedAtMs).leftJustified(18)
            << timeText(r.dueAtMs).leftJustified(18) << r.status.leftJustified(10) << mark
            << (r.analyzer.isEmpty() ? QString() : QStringLiteral("  [%1]").arg(r.analyzer)) << '\n';
    }
    if (rows.value().isEmpty())
        out << tr("No work on %1.").arg(f.bench) << '\n';
    return Ok;
}

int result(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("an order id and a value")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Results r(ctx.lab());
    const QString orderId = ctx.positional(0).trimmed();
    Result<ResultService::Recorded> rec =
        r.service.enter(orderId, ctx.positional(1), ctx.invocation().option("--unit"), ctx.actor(),
                        ctx.invocation().option("--confirm-implausible"));
    if (!rec)
        return ctx.fail(BadInput, rec.error());
    if (ctx.invocation().json)
        ctx.printJson(evaluationJson(orderId, rec.value().evaluation, rec.value().event));
    else
        printEvaluation(ctx.out(), orderId, rec.value().evaluation);
    return Ok;
}

int amendResult(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("an order id and the corrected value")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Results r(ctx.lab());
    const QString orderId = ctx.positional(0).trimmed();
    Result<ResultService::Recorded> rec = r.service.amend(
        orderId, ctx.positional(1), ctx.invocation().option("--unit"), ctx.invocation().option("--reason"),
        ctx.actor(), ctx.invocation().option("--confirm-implausible"));
    if (!rec)
        return ctx.fail(BadInput, rec.error());
    if (ctx.invocation().json) {
        ctx.printJson(evaluationJson(orderId, rec.value().evaluation, rec.value().event));
    } else {
        printEvaluation(ctx.out(), orderId, rec.value().evaluation);
        ctx.out() << "  " << tr("amended; it needs verification again.") << '\n';
    }
    return Ok;
}

int notifyResult(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(1, tr("an order id")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Notification n;
    n.to = inv.option("--to");
    n.readBack = inv.flag("--read-back");
    if (inv.flag("--at")) {
        const QDateTime at = QDateTime::fromString(inv.option("--at"), Qt::ISODate);
        if (!at.isValid())
            return ctx.fail(BadInput, tr("--at needs a date and time such as 2026-11-21T08:30."));
        n.atMs = at.toMSecsSinceEpoch();
    }
    Results r(ctx.lab());
    Result<Event> e = r.service.notify(ctx.positional(0).trimmed(), n, ctx.actor());
    if (!e)
        return ctx.fail(BadInput, e.error());
    const QJsonObject p = e.value().payloadObject();
    if (inv.json)
        ctx.printJson(
            QJsonObject{{QStringLiteral("order_id"), p.value(QLatin1String("order_id"))},
                        {QStringLiteral("event_id"), e.value().id},
                        {QStringLiteral("to"), p.value(QLatin1String("to"))},
                        {QStringLiteral("by"), e.value().actor},
                        {QStringLiteral("at"), timestamp(qint64(p.value(QLatin1String("at")).toDouble()))},
                        {QStringLiteral("read_back"), true}});
    else
        ctx.out() << tr("%1: notification to %2 documented (read-back confirmed).")
                         .arg(p.value(QLatin1String("order_id")).toString(),
                              p.value(QLatin1String("to")).toString())
                  << '\n';
    return Ok;
}

int verifyResult(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, tr("an order id")); e != Ok)
        return e;
    if (int e = ctx.resolveActor(); e != Ok)
        return e;
    Results r(ctx.lab());
    Result<Event> e = r.service.verify(ctx.positional(0).trimmed(), ctx.actor());
    if (!e)
        return ctx.fail(BadInput, e.error());
    const QJsonObject p = e.value().payloadObject();
    const QString basis = p.value(QLatin1String("range_basis")).toString();
    if (ctx.invocation().json) {
        QJsonObject o{{QStringLiteral("order_id"), p.value(QLatin1String("order_id"))},
                      {QStringLiteral("event_id"), e.value().id},
                      {QStringLiteral("verified_by"), e.value().actor},
                      {QStringLiteral("value"), p.value(QLatin1String("value"))},
                      {QStringLiteral("flag"), p.value(QLatin1String("flag"))},
                      {QStringLiteral("range_known"), basis.isEmpty()},
                      {QStringLiteral("status"), QStringLiteral("verified")}};
        if (!basis.isEmpty()) {
            o.insert(QStringLiteral("range_basis"), basis);
            o.insert(QStringLiteral("range_note"), ResultJudge::basisText(basis));
        }
        ctx.printJson(o);
        return Ok;
    }
    ctx.out() << tr("%1: %2 verified and released by %3.")
                     .arg(p.value(QLatin1String("order_id")).toString(),
                          p.value(QLatin1String("value")).toString(), e.value().actor)
              << '\n';
    if (!basis.isEmpty())
        ctx.out() << "  " << tr("range: %1").arg(ResultJudge::basisText(basis)) << '\n';
    return Ok;
}

int resultHistory(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, tr("an order id")); e != Ok)
        return e;
    Results r(ctx.lab());
    const QString orderId = ctx.positional(0).trimmed();
    Result<std::optional<OrderResult>> o = r.repository.order(orderId);
    if (!o)
        return ctx.fail(Failure, o.error());
    if (!o.value())
        return ctx.fail(BadInput, tr("No test order %1 is known at this station.").arg(orderId));
    Result<QList<ResultHistoryEntry>> h = r.repository.history(orderId);
    if (!h)
        return ctx.fail(Failure, h.error());
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const ResultHistoryEntry &x : h.value()) {
            QJsonObject entry{{QStringLiteral("kind"), x.kind},         {QStringLiteral("value"), x.value},
                              {QStringLiteral("unit"), x.unit},         {QStringLiteral("flag"), x.flag},
                              {QStringLiteral("actor"), x.actor},       {QStringLiteral("detail"), x.detail},
                              {QStringLiteral("at"), timestamp(x.atMs)}};
            // Released by the rules: the rule set and its version verified it (issue 21).
            static const QRegularExpression rules(QStringLiteral("^released by rules (v\\d+)"));
            if (x.kind == QLatin1String("result.verified"))
                entry.insert(QStringLiteral("verified_by"),
                             x.actor == AutoverifyService::actor() && rules.match(x.detail).hasMatch()
                                 ? QStringLiteral("autoverification rules ") +
                                       rules.match(x.detail).captured(1)
                                 : x.actor);
            a.append(entry);
        }
        ctx.printJson(QJsonObject{{QStringLiteral("order_id"), orderId},
                                  {QStringLiteral("status"), o.value()->status == QLatin1String("ordered")
                                                                 ? QStringLiteral("pending")
                                                                 : o.value()->status},
                                  {QStringLiteral("history"), a}});
        return Ok;
    }
    ctx.out() << orderId << "  " << o.value()->status << '\n';
    for (const ResultHistoryEntry &x : h.value())
        ctx.out() << "  " << timeText(x.atMs) << "  " << x.kind.leftJustified(17) << x.actor.leftJustified(14)
                  << (x.value + QLatin1Char(' ') + x.unit).trimmed()
                  << (x.flag.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(x.flag))
                  << (x.detail.isEmpty() ? QString() : QStringLiteral("  ") + x.detail) << '\n';
    return Ok;
}

// results unjudged: what an upgraded laboratory must look at (issue 18, part 5).
int results(CommandContext &ctx)
{
    if (int e = ctx.needPositional(1, tr("what to list (unjudged)")); e != Ok)
        return e;
    if (ctx.positional(0) != QLatin1String("unjudged"))
        return ctx.fail(BadInput,
                        tr("\"%1\" is not a results listing; use: results unjudged.").arg(ctx.positional(0)));
    Results r(ctx.lab());
    Result<QList<UnjudgedResult>> found = UnjudgedResults(r.repository).releasedCriticalWithoutCall();
    if (!found)
        return ctx.fail(Failure, found.error());
    if (ctx.invocation().json) {
        QJsonArray a;
        for (const UnjudgedResult &u : found.value())
            a.append(QJsonObject{{QStringLiteral("order_id"), u.order.orderId},
                                 {QStringLiteral("accession"), u.order.accession},
                                 {QStringLiteral("patient"), u.order.patientMrn},
                                 {QStringLiteral("test"), u.order.testCode},
                                 {QStringLiteral("value"), u.order.result->value},
                                 {QStringLiteral("unit"), u.order.result->unit},
                                 {QStringLiteral("recorded_flag"), u.order.result->flag},
                                 {QStringLiteral("flag"), ResultFlags::code(u.judgement.flag)},
                                 {QStringLiteral("range_basis"), ResultJudge::basisCode(u.judgement.basis)},
                                 {QStringLiteral("range_note"), ResultJudge::basisText(u.judgement.basis)},
                                 {QStringLiteral("released_at"), timestamp(u.order.result->releasedAtMs)},
                                 {QStringLiteral("notified"), u.notified()}});
        ctx.printJson(a);
        return Ok;
    }
    QTextStream &out = ctx.out();
    if (found.value().isEmpty()) {
        out << tr("No released result is critical by today's ranges without a documented call.") << '\n';
        return Ok;
    }
    out << tr("Released without a flag, critical by today's ranges, no call documented (notify-result):")
        << '\n';
    for (const UnjudgedResult &u : found.value()) {
        const QString basis = ResultJudge::basisText(u.judgement.basis);
        out << "  " << u.order.orderId.leftJustified(20) << u.order.patientMrn.leftJustified(12)
            << (u.order.result->value + QLatin1Char(' ') + u.order.result->unit).leftJustified(16)
            << ResultFlags::code(u.judgement.flag).leftJustified(4)
            << tr("released %1").arg(timeText(u.order.result->releasedAtMs))
            << (basis.isEmpty() ? QString() : QStringLiteral(" · ") + basis) << '\n';
    }
    return Ok;
}

// DATE or DATETIME; a bare --to date includes that whole day.
bool parseWhen(const QString &text, bool end, qint64 &ms)
{
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (d.isValid()) {
        ms = (end ? d.addDays(1) : d).startOfDay().toMSecsSinceEpoch();
        return true;
    }
    const QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    ms = t.toMSecsSinceEpoch();
    return t.isValid();
}

QJsonObject groupJson(const TatStatistics::Group &g)
{
    QJsonObject o{{QStringLiteral("bench"), g.bench},
                  {QStringLiteral("count"), g.count},
                  {QStringLiteral("median_minutes"), g.medianMinutes},
                  {QStringLiteral("p90_minutes"), g.p90Minutes},
                  {QStringLiteral("max_minutes"), g.maxMinutes}};
    if (g.tatMinutes > 0) {
        o.insert(QStringLiteral("test"), g.key);
        o.insert(QStringLiteral("target_minutes"), g.tatMinutes);
        o.insert(QStringLiteral("over_target"), g.overTarget);
    }
    return o;
}

int tat(CommandContext &ctx)
{
    const Invocation &inv = ctx.invocation();
    if (int e = ctx.needPositional(0, QString()); e != Ok)
        return e;
    const QString bench = inv.option("--bench").trimmed().toUpper();
    if (!bench.isEmpty() && !Catalog::namesByCode(ctx.lab().catalog().benches()).contains(bench))
        return ctx.fail(BadInput, tr("\"%1\" is not a bench in the catalogue.").arg(bench));
    qint64 from = QDate::currentDate().startOfDay().toMSecsSinceEpoch();
    qint64 to = QDateTime::currentMSecsSinceEpoch() + 1;
    if (inv.flag("--from") && !parseWhen(inv.option("--from"), false, from))
        return ctx.fail(BadInput, tr("--from needs a date (2026-11-21) or a date and time."));
    if (inv.flag("--to") && !parseWhen(inv.option("--to"), true, to))
        return ctx.fail(BadInput, tr("--to needs a date (2026-11-21) or a date and time."));
    Result<TatStatistics::Report> r =
        TatStatistics(ctx.lab().database().connection()).compute(bench, from, to);
    if (!r)
        return ctx.fail(r.error().contains(QLatin1String("period")) ? BadInput : Failure, r.error());
    const TatStatistics::Report &rep = r.value();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (inv.json) {
        QJsonArray benches, tests, slowest;
        for (const TatStatistics::Group &g : rep.benches)
            benches.append(groupJson(g));
        for (const TatStatistics::Group &g : rep.tests)
            tests.append(groupJson(g));
        for (const WorklistRow &w : rep.slowestOpen)
            slowest.append(QJsonObject{{QStringLiteral("order_id"), w.orderId},
                                       {QStringLiteral("test"), w.testCode},
                                       {QStringLiteral("status"), w.status},
                                       {QStringLiteral("received_at"), timestamp(w.receivedAtMs)},
                                       {QStringLiteral("due_at"), timestamp(w.dueAtMs)},
                                       {QStringLiteral("waiting_minutes"), double(w.ageMs(now)) / 60'000.0}});
        ctx.printJson(QJsonObject{{QStringLiteral("from"), timestamp(rep.fromMs)},
                                  {QStringLiteral("to"), timestamp(rep.toMs)},
                                  {QStringLiteral("benches"), benches},
                                  {QStringLiteral("tests"), tests},
                                  {QStringLiteral("slowest_open"), slowest}});
        return Ok;
    }
    QTextStream &out = ctx.out();
    out << tr("Turnaround time, received to verified, %1 to %2 (minutes)")
               .arg(timeText(rep.fromMs), timeText(rep.toMs))
        << '\n';
    auto line = [&out](const QString &name, const TatStatistics::Group &g) {
        out << "  " << name.leftJustified(14) << QString::number(g.count).rightJustified(6)
            << QString::number(g.medianMinutes, 'f', 0).rightJustified(9)
            << QString::number(g.p90Minutes, 'f', 0).rightJustified(9)
            << QString::number(g.maxMinutes, 'f', 0).rightJustified(9) << '\n';
    };
    out << "  " << tr("bench").leftJustified(14) << tr("count").rightJustified(6)
        << tr("median").rightJustified(9) << tr("p90").rightJustified(9) << tr("max").rightJustified(9)
        << '\n';
    for (const TatStatistics::Group &g : rep.benches)
        line(g.key, g);
    for (const TatStatistics::Group &g : rep.tests)
        line(g.bench + QLatin1Char('/') + g.key, g);
    if (rep.benches.isEmpty())
        out << "  " << tr("No results were verified in this period.") << '\n';
    if (!rep.slowestOpen.isEmpty()) {
        out << tr("Longest-waiting open orders:") << '\n';
        for (const WorklistRow &w : rep.slowestOpen)
            out << "  " << w.orderId.leftJustified(20) << w.status.leftJustified(10)
                << tr("%1 min").arg(w.ageMs(now) / 60'000) << '\n';
    }
    return Ok;
}

} // namespace

const QList<Command> &resultCommands()
{
    using enum Command::Needs;
    static const QList<Command> commands{
        {"worklist", OpenLab, &worklist,
         QT_TRANSLATE_NOOP("benchside::cli",
                           "worklist BENCH [--status open|pending|entered|amended|verified]\n"
                           "         [--priority P] [--test CODE] [--limit N]\n"
                           "         [--sort priority|received|due|accession|test, -X reverses]"),
         QT_TRANSLATE_NOOP("benchside::cli", "a bench's work: STAT first, then oldest received (or --sort)")},
        {"result", OpenLab, &result,
         QT_TRANSLATE_NOOP("benchside::cli",
                           "result ORDER_ID VALUE [--unit U] [--confirm-implausible REASON]"),
         QT_TRANSLATE_NOOP("benchside::cli", "enter a result; prints its flag and delta check")},
        {"notify-result", OpenLab, &notifyResult,
         QT_TRANSLATE_NOOP("benchside::cli", "notify-result ORDER_ID --to NAME --read-back [--at DATETIME]"),
         QT_TRANSLATE_NOOP("benchside::cli", "document who was told a critical result")},
        {"verify-result", OpenLab, &verifyResult,
         QT_TRANSLATE_NOOP("benchside::cli", "verify-result ORDER_ID"),
         QT_TRANSLATE_NOOP("benchside::cli", "verify and release a result (--as the verifier)")},
        {"amend-result", OpenLab, &amendResult,
         QT_TRANSLATE_NOOP("benchside::cli", "amend-result ORDER_ID VALUE --reason TEXT [--unit U]\n"
                                             "             [--confirm-implausible REASON]"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "correct a released result; the old value stays in its history")},
        {"results", OpenLab, &results, QT_TRANSLATE_NOOP("benchside::cli", "results unjudged"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "released results recorded without a flag that are critical by today's ranges")},
        {"result-history", OpenLab, &resultHistory,
         QT_TRANSLATE_NOOP("benchside::cli", "result-history ORDER_ID"),
         QT_TRANSLATE_NOOP("benchside::cli", "every value, notification and verification of a result")},
        {"tat", OpenLab, &tat,
         QT_TRANSLATE_NOOP("benchside::cli", "tat [--bench B] [--from DATE] [--to DATE]"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "turnaround times (received to verified) and the slowest open orders")},
    };
    return commands;
}

} // namespace benchside::cli
