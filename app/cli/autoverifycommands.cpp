// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverifycommands.h"

#include "autoverify/autoverifyservice.h"
#include "autoverify/autoverifytrial.h"
#include "commandcontext.h"
#include "lab/lab.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace benchside::cli {

namespace {
AutoverifyService service(CommandContext &ctx)
{
    return AutoverifyService(ctx.lab().store(), ctx.lab().catalog(), ctx.lab().permissions());
}

QJsonObject rulesJson(const AutoverifyRules &r)
{
    QJsonObject o = r.toJson();
    o.insert(QStringLiteral("test"), r.test);
    o.insert(QStringLiteral("version"), r.version);
    o.insert(QStringLiteral("description"), r.describe());
    return o;
}

// The rules the options describe, starting from `base`: --on/--off, --limits LOW,HIGH, --widen
// PERCENT, --delta VALUE, --qc-max-age HOURS, --hil H,L,I.
Result<AutoverifyRules> fromOptions(const Invocation &inv, AutoverifyRules base)
{
    using R = Result<AutoverifyRules>;
    if (inv.flag("--on") && inv.flag("--off"))
        return R::failure(tr("Say --on or --off, not both."));
    if (inv.flag("--limits") && inv.flag("--widen"))
        return R::failure(
            tr("Give --limits or --widen, not both: limits of their own, or the reference range widened."));
    if (inv.flag("--on"))
        base.enabled = true;
    if (inv.flag("--off"))
        base.enabled = false;
    const auto number = [](const QString &text, bool &ok) {
        return QLocale::c().toDouble(text.trimmed(), &ok);
    };
    if (inv.flag("--limits")) {
        const QStringList parts = inv.option("--limits").split(QLatin1Char(','));
        bool a = false, b = false;
        const double low = parts.size() == 2 ? number(parts.at(0), a) : 0;
        const double high = parts.size() == 2 ? number(parts.at(1), b) : 0;
        if (!a || !b)
            return R::failure(tr("--limits takes LOW,HIGH in the test's unit, e.g. 3.5,5.9."));
        base.low = low;
        base.high = high;
    }
    if (inv.flag("--widen")) {
        bool ok = false;
        base.widenPercent = number(inv.option("--widen"), ok);
        if (!ok)
            return R::failure(tr("--widen takes a percentage of the reference range's width, e.g. 10."));
        base.low.reset();
        base.high.reset();
    }
    if (inv.flag("--delta")) {
        bool ok = false;
        base.deltaLimit = number(inv.option("--delta"), ok);
        if (!ok)
            return R::failure(tr("--delta takes the largest change it releases, in the test's unit."));
    }
    if (inv.flag("--qc-max-age")) {
        bool ok = false;
        base.qcMaxAgeHours = number(inv.option("--qc-max-age"), ok);
        if (!ok)
            return R::failure(tr("--qc-max-age takes hours, e.g. 24."));
    }
    if (inv.flag("--hil")) {
        const QStringList parts = inv.option("--hil").split(QLatin1Char(','));
        if (parts.size() != 3)
            return R::failure(tr("--hil takes the highest hemolysis, lipemia and icterus index released, "
                                 "e.g. 50,100,20, with - for no limit: 50,-,-."));
        std::optional<double> limits[3];
        for (int i = 0; i < 3; ++i) {
            if (parts.at(i).trimmed() == QLatin1String("-"))
                continue;
            bool ok = false;
            limits[i] = number(parts.at(i), ok);
            if (!ok)
                return R::failure(
                    tr("--hil: \"%1\" is neither an index nor - for no limit.").arg(parts.at(i)));
        }
        base.hemolysisMax = limits[0];
        base.lipemiaMax = limits[1];
        base.icterusMax = limits[2];
    }
    if (Result<AutoverifyRules> valid = AutoverifyRules::fromJson(base.test, base.toJson()); !valid)
        return valid;
    return base;
}

int autoverify(CommandContext &ctx)
{
    if (int e = ctx.needPositional(2, tr("what to do (rules, set, try) and a test")); e != Ok)
        return e;
    const QString what = ctx.positional(0);
    const QString test = ctx.positional(1).trimmed().toUpper();
    AutoverifyService svc = service(ctx);
    Result<AutoverifyRules> current = svc.rules(test);
    if (!current)
        return ctx.fail(Failure, current.error());
    if (!ctx.lab().catalog().test(test))
        return ctx.fail(BadInput, tr("\"%1\" is not a test in the catalogue.").arg(test));
    if (what == QLatin1String("rules")) {
        if (ctx.invocation().json)
            ctx.printJson(rulesJson(current.value()));
        else
            ctx.out() << current.value().describe() << '\n';
        return Ok;
    }
    Result<AutoverifyRules> proposed = fromOptions(ctx.invocation(), current.value());
    if (!proposed)
        return ctx.fail(BadInput, proposed.error());
    if (what == QLatin1String("set")) {
        if (int e = ctx.resolveActor(); e != Ok)
            return e;
        const QString reason =
            ctx.invocation().option("--reason", tr("set from the command line, without a reason given"));
        if (Result<Event> e = svc.set(proposed.value(), reason, ctx.actor()); !e)
            return ctx.fail(BadInput, e.error());
        Result<AutoverifyRules> now =
            AutoverifyService(ctx.lab().store(), ctx.lab().catalog(), ctx.lab().permissions()).rules(test);
        if (!now)
            return ctx.fail(Failure, now.error());
        if (ctx.invocation().json)
            ctx.printJson(rulesJson(now.value()));
        else
            ctx.out() << now.value().describe() << '\n';
        return Ok;
    }
    if (what == QLatin1String("try")) {
        const int days = ctx.invocation().option("--days", QStringLiteral("30")).toInt();
        if (days <= 0)
            return ctx.fail(BadInput, tr("--days takes a number of days above 0."));
        AutoverifyRules candidate = proposed.value();
        // Trying rules that are off would only say they release nothing.
        if (!ctx.invocation().flag("--off"))
            candidate.enabled = true;
        Result<AutoverifyTrial::Outcome> o =
            AutoverifyTrial(ctx.lab().database().connection())
                .run(current.value(), candidate, days, QDateTime::currentMSecsSinceEpoch());
        if (!o)
            return ctx.fail(Failure, o.error());
        if (ctx.invocation().json) {
            QJsonArray changed;
            for (const AutoverifyTrial::Change &c : o.value().changed)
                changed.append(QJsonObject{{QStringLiteral("order_id"), c.orderId},
                                           {QStringLiteral("value"), c.value},
                                           {QStringLiteral("released_now"), c.releasedNow},
                                           {QStringLiteral("would_release"), c.releasedThen},
                                           {QStringLiteral("reason"), c.reason}});
            ctx.printJson(QJsonObject{{QStringLiteral("results"), o.value().results},
                                      {QStringLiteral("would_release"), o.value().wouldRelease},
                                      {QStringLiteral("would_hold"), o.value().wouldHold},
                                      {QStringLiteral("changed"), changed}});
            return Ok;
        }
        ctx.out()
            << tr("%1 analyzer results of %2 in %3 days: the proposed rules would release %4 and hold %5; "
                  "%6 decided differently from the rules in force.")
                   .arg(o.value().results)
                   .arg(test)
                   .arg(days)
                   .arg(o.value().wouldRelease)
                   .arg(o.value().wouldHold)
                   .arg(o.value().changed.size())
            << '\n';
        for (const AutoverifyTrial::Change &c : o.value().changed)
            ctx.out() << "  " << c.orderId << ' ' << c.value << ": "
                      << (c.releasedThen ? "now released" : "now held") << " (" << c.reason << ")\n";
        return Ok;
    }
    return ctx.fail(BadInput, tr("\"%1\" is not an autoverify command; use rules, set or try.").arg(what));
}
} // namespace

const QList<Command> &autoverifyCommands()
{
    static const QList<Command> commands{
        {"autoverify", Command::Needs::OpenLab, autoverify,
         QT_TRANSLATE_NOOP(
             "benchside::cli",
             "autoverify rules TEST | autoverify set TEST --on|--off [--limits LOW,HIGH | --widen PERCENT]\n"
             "           [--delta VALUE] [--qc-max-age HOURS] [--hil H,L,I] [--reason TEXT]\n"
             "      | autoverify try TEST [--days N] [the same options as set]"),
         QT_TRANSLATE_NOOP("benchside::cli",
                           "the rules that release analyzer results without a person (supervisors), and what "
                           "proposed rules would have done with the last days' results")},
    };
    return commands;
}

} // namespace benchside::cli
