// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demoresults.h"

#include "result/resultevaluator.h"
#include "result/resultflag.h"
#include "result/resultjudge.h"
#include "result/valueparser.h"

#include <cmath>

namespace benchside {

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;

const QStringList CultureResults{
    QStringLiteral("No growth after 48 hours"),
    QStringLiteral("Escherichia coli >100,000 CFU/mL"),
    QStringLiteral("Mixed skin flora, probable contamination"),
    QStringLiteral("Staphylococcus aureus, moderate growth"),
    QStringLiteral("Gram-positive cocci in clusters"),
};
const QStringList AmendReasons{
    QStringLiteral("Specimen was diluted; value recalculated"),
    QStringLiteral("Transcription error: digits transposed"),
    QStringLiteral("Result entered on the wrong patient's order"),
};
} // namespace

DemoResults::DemoResults(const QJsonObject &catalog, QRandomGenerator &rng) : m_rng(rng)
{
    for (const QJsonValue &t : catalog.value(QLatin1String("tests")).toArray()) {
        const QString code = t.toObject().value(QLatin1String("code")).toString();
        m_specs.insert(code, ResultSpec::fromDefinition(code, t.toObject()));
        m_tatMinutes.insert(code, t.toObject().value(QLatin1String("tat_minutes")).toInt());
    }
    for (const QJsonValue &u : catalog.value(QLatin1String("users")).toArray()) {
        const QString role = u.toObject().value(QLatin1String("role")).toString();
        const QString name = u.toObject().value(QLatin1String("name")).toString();
        if (role == QLatin1String("technician"))
            m_technicians << name;
        else if (role == QLatin1String("supervisor"))
            m_supervisors << name;
    }
}

QString DemoResults::value(const OrderResult &order, const ResultSpec &spec, int criticalPercent)
{
    switch (spec.type) {
    case ResultSpec::Type::Coded: {
        const bool normal = !spec.normalValues.isEmpty() && m_rng.bounded(100) < 85;
        const QStringList &from = normal ? spec.normalValues : spec.allowedValues;
        return from.isEmpty() ? QString() : from.at(m_rng.bounded(int(from.size())));
    }
    case ResultSpec::Type::Text:
        return CultureResults.at(m_rng.bounded(int(CultureResults.size())));
    case ResultSpec::Type::Numeric:
        break;
    }
    const std::optional<ReferenceRange> r = ResultJudge::judge(spec, ResultValue{}, order).range;
    const double low = r ? r->low : 1, high = r ? r->high : 10;
    const double width = std::max(high - low, std::abs(high) * 0.05 + 1e-6);
    const int roll = m_rng.bounded(100);
    double v = low + m_rng.generateDouble() * (high - low);
    if (roll < criticalPercent && r && r->criticalHigh)
        v = *r->criticalHigh + width * (0.05 + 0.3 * m_rng.generateDouble());
    else if (roll < criticalPercent && r && r->criticalLow && *r->criticalLow > 0)
        v = *r->criticalLow * (0.6 + 0.3 * m_rng.generateDouble());
    else if (roll < 12)
        v = high + width * (0.02 + 0.25 * m_rng.generateDouble());
    else if (roll < 20)
        v = std::max(0.0, low - width * (0.02 + 0.2 * m_rng.generateDouble()));
    // Demo values are typed by nobody: none may need a confirmation of an implausible value.
    if (spec.plausibleLow)
        v = std::max(v, *spec.plausibleLow);
    if (spec.plausibleHigh)
        v = std::min(v, *spec.plausibleHigh);
    const int decimals = std::clamp(2 - int(std::floor(std::log10(std::max(high, 1e-3)))), 0, 3);
    return QString::number(v, 'f', decimals);
}

void DemoResults::plan(const QString &accession, const QJsonObject &patient, qint64 collectedAt,
                       qint64 benchAt, const QJsonArray &orderedTests, const Schedule &schedule)
{
    if (m_technicians.size() < 2 || m_supervisors.isEmpty())
        return;
    for (const QJsonValue &t : orderedTests) {
        const QString code = t.toObject().value(QLatin1String("code")).toString();
        const auto spec = m_specs.constFind(code);
        if (spec == m_specs.constEnd())
            continue;
        OrderResult o;
        o.orderId = accession + QLatin1Char('-') + code;
        o.accession = accession;
        o.testCode = code;
        o.patientMrn = patient.value(QLatin1String("mrn")).toString();
        o.patientSex = patient.value(QLatin1String("sex")).toString();
        o.patientBirthDate = patient.value(QLatin1String("birth_date")).toString();
        o.collectedAtMs = collectedAt;
        m_orders.insert(o.orderId, State{o, {}, {}, QStringLiteral("ordered")});

        const qint64 tat = std::max<qint64>(30, m_tatMinutes.value(code)) * Minute;
        // Most results in time, one in six late.
        const double share =
            m_rng.bounded(6) == 0 ? 1.1 + m_rng.generateDouble() : 0.2 + 0.6 * m_rng.generateDouble();
        qint64 at = benchAt + qint64(tat * share);
        const QString enteredBy = m_technicians.at(m_rng.bounded(int(m_technicians.size())));
        const QString raw = value(o, *spec, 6);
        schedule(at, {QStringLiteral("result.entered"), accession,
                      QJsonObject{{QStringLiteral("order_id"), o.orderId}, {QStringLiteral("value"), raw}},
                      enteredBy});

        // The flag is only known once the value is judged; whether a critical one gets its call
        // and its release is decided now, so the plan stays a function of the seed.
        const bool callMade = m_rng.bounded(100) < 70;
        at += 2 * Minute + m_rng.bounded(int(20 * Minute));
        schedule(at, {QStringLiteral("result.notified"), accession,
                      QJsonObject{{QStringLiteral("order_id"), o.orderId},
                                  {QStringLiteral("call"), callMade},
                                  {QStringLiteral("at"), static_cast<double>(at - Minute)},
                                  {QStringLiteral("to"),
                                   QStringLiteral("Dr. %1 (ward)")
                                       .arg(QStringList{QStringLiteral("Adeyemi"), QStringLiteral("Fischer"),
                                                        QStringLiteral("Moreau")}
                                                .at(m_rng.bounded(3)))}},
                      enteredBy});
        QString verifier;
        if (spec->technicianMayVerify && m_rng.bounded(100) < 60) {
            do {
                verifier = m_technicians.at(m_rng.bounded(int(m_technicians.size())));
            } while (verifier == enteredBy);
        } else {
            verifier = m_supervisors.at(m_rng.bounded(int(m_supervisors.size())));
        }
        at += 5 * Minute + m_rng.bounded(int(2 * Hour));
        schedule(at, {QStringLiteral("result.verified"), accession,
                      QJsonObject{{QStringLiteral("order_id"), o.orderId}}, verifier});
        if (m_rng.bounded(100) < 3) {
            at += Hour + m_rng.bounded(int(20 * Hour));
            const QString amendedBy = m_supervisors.at(m_rng.bounded(int(m_supervisors.size())));
            schedule(at, {QStringLiteral("result.amended"), accession,
                          QJsonObject{{QStringLiteral("order_id"), o.orderId},
                                      {QStringLiteral("value"), value(o, *spec, 0)},
                                      {QStringLiteral("reason"),
                                       AmendReasons.at(m_rng.bounded(int(AmendReasons.size())))}},
                          amendedBy});
            if (m_rng.bounded(100) < 60) {
                at += 10 * Minute + m_rng.bounded(int(2 * Hour));
                QString second;
                do {
                    second = m_supervisors.at(m_rng.bounded(int(m_supervisors.size())));
                } while (second == amendedBy && m_supervisors.size() > 1);
                if (second != amendedBy)
                    schedule(at, {QStringLiteral("result.verified"), accession,
                                  QJsonObject{{QStringLiteral("order_id"), o.orderId}}, second});
            }
        }
    }
}

bool DemoResults::complete(EventDraft &d)
{
    const QString orderId = d.payload.value(QLatin1String("order_id")).toString();
    const auto it = m_orders.find(orderId);
    if (it == m_orders.end())
        return true;
    State &state = *it;
    const OrderResult &order = state.order;
    const ResultSpec &spec = m_specs[order.testCode];
    const QString key = order.patientMrn + QLatin1Char('/') + order.testCode;
    const bool unreleased =
        state.status == QLatin1String("entered") || state.status == QLatin1String("amended");
    if (d.kind == QLatin1String("result.entered") || d.kind == QLatin1String("result.amended")) {
        const bool amend = d.kind == QLatin1String("result.amended");
        if (amend && state.status != QLatin1String("verified"))
            return false;
        const Result<ResultValue> v =
            ValueParser::parse(spec, d.payload.value(QLatin1String("value")).toString());
        if (!v)
            return false;
        const auto previous = m_released.constFind(key);
        const ResultEvaluation e = ResultEvaluator::evaluate(
            order, spec, v.value(),
            previous == m_released.constEnd() ? std::nullopt : std::optional<PreviousResult>(*previous));
        QJsonObject payload = e.payload();
        if (amend) {
            payload.insert(QStringLiteral("reason"), d.payload.value(QLatin1String("reason")));
            payload.insert(QStringLiteral("replaces"), state.value.text);
        }
        d.payload = payload;
        state.value = e.value;
        state.flag = ResultFlags::code(e.flag);
        state.rangeKnown = e.rangeKnown();
        state.status = amend ? QStringLiteral("amended") : QStringLiteral("entered");
        state.notified = false;
        return true;
    }
    const bool critical = ResultFlags::isCritical(ResultFlags::parse(state.flag));
    if (d.kind == QLatin1String("result.notified")) {
        if (!unreleased || !critical || !d.payload.value(QLatin1String("call")).toBool())
            return false;
        d.payload = QJsonObject{{QStringLiteral("order_id"), orderId},
                                {QStringLiteral("to"), d.payload.value(QLatin1String("to"))},
                                {QStringLiteral("at"), d.payload.value(QLatin1String("at"))},
                                {QStringLiteral("read_back"), true},
                                {QStringLiteral("value"), state.value.text},
                                {QStringLiteral("unit"), state.value.unit},
                                {QStringLiteral("flag"), state.flag}};
        state.notified = true;
        return true;
    }
    if (d.kind == QLatin1String("result.verified")) {
        // A result judged without the patient's own range waits in the queue for a person, so that the
        // demo shows what it looks like.
        if (!unreleased || (critical && !state.notified) || !state.rangeKnown)
            return false;
        d.payload = QJsonObject{{QStringLiteral("order_id"), orderId},
                                {QStringLiteral("value"), state.value.text},
                                {QStringLiteral("unit"), state.value.unit},
                                {QStringLiteral("flag"), state.flag}};
        state.status = QStringLiteral("verified");
        m_released.insert(key,
                          PreviousResult{orderId, state.value.text, state.value.number, order.collectedAtMs});
        return true;
    }
    return true;
}

} // namespace benchside
