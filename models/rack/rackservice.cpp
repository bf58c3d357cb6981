// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackservice.h"

#include "accession/accessionnumber.h"
#include "hl7/hl7orderrepository.h"

#include <QCoreApplication>

namespace benchside {

namespace {
QString verdictName(CustodyRules::Verdict verdict)
{
    switch (verdict) {
    case CustodyRules::Verdict::NotReceived:
        return QStringLiteral("not-received");
    case CustodyRules::Verdict::AlreadyReceived:
        return QStringLiteral("already-received");
    case CustodyRules::Verdict::Disposed:
        return QStringLiteral("disposed");
    case CustodyRules::Verdict::Rejected:
        return QStringLiteral("rejected");
    default:
        return QStringLiteral("refused");
    }
}

} // namespace

RackService::RackService(EventStore &store, SpecimenRepository &specimens, CustodyService &custody)
    : m_store(store), m_specimens(specimens), m_custody(custody)
{}

Result<RackService::Outcome> RackService::receive(const RackReading &reading, const QString &actor)
{
    return record(reading, CustodyKind::Received, QString(), actor);
}

Result<RackService::Outcome> RackService::store(const RackReading &reading, const QString &location,
                                                const QString &actor)
{
    if (location.trimmed().isEmpty())
        return Result<Outcome>::failure(
            tr("Say where the rack is stored, for example \"Freezer 2 / Rack 5\"."));
    return record(reading, CustodyKind::Stored, location, actor);
}

Result<RackService::Outcome> RackService::record(const RackReading &reading, CustodyKind kind,
                                                 const QString &location, const QString &actor)
{
    Outcome outcome;
    QList<int> pending; // indexes into outcome.wells of the events being written
    const auto decide = [&]() -> Result<QList<EventDraft>> {
        outcome = Outcome();
        pending.clear();
        QList<EventDraft> drafts;
        for (const WellReading &w : reading.wells) {
            WellOutcome o;
            o.well = w.well;
            o.state = w.state;
            o.code = w.text;
            switch (w.state) {
            case WellReading::State::Empty:
                o.outcome = QStringLiteral("empty");
                o.message = tr("No tube.");
                break;
            case WellReading::State::Unreadable:
                o.outcome = QStringLiteral("unreadable");
                o.message = tr("A tube is there but its code could not be read. Scan it by hand.");
                break;
            case WellReading::State::Duplicate:
                o.outcome = QStringLiteral("duplicate");
                o.message = tr("%1 was read in more than one well: neither is recorded. Check the labels.")
                                .arg(w.text);
                break;
            case WellReading::State::Decoded: {
                QString accession = w.text;
                const AccessionNumber::Problem problem = AccessionNumber::validate(w.text);
                if (problem != AccessionNumber::Problem::None) {
                    // A ward's own label on a tube ordered by HL7 finds that tube; nothing else does.
                    Result<std::optional<QString>> ordered =
                        Hl7OrderRepository(m_store.database()).accessionForLabel(w.text);
                    if (!ordered || !ordered.value()) {
                        o.outcome = !ordered ? QStringLiteral("ambiguous")
                                    : problem == AccessionNumber::Problem::BadCheckCharacter
                                        ? QStringLiteral("bad-check-character")
                                        : QStringLiteral("bad-characters");
                        o.message =
                            !ordered ? ordered.error() : AccessionNumber::problemText(problem, w.text);
                        break;
                    }
                    accession = *ordered.value();
                }
                Result<std::optional<Specimen>> found = m_specimens.find(accession, false);
                if (!found)
                    return Result<QList<EventDraft>>::failure(found.error());
                if (!found.value()) {
                    o.outcome = QStringLiteral("unknown");
                    o.message = tr("%1 is not known at this station. Accession it first.").arg(w.text);
                    break;
                }
                CustodyRules::Step step{kind, {}, {}, {}, 0, {}};
                if (kind == CustodyKind::Stored)
                    step.location = location + QStringLiteral(" / ") + w.well;
                CustodyRules::Verdict verdict = CustodyRules::Verdict::Allowed;
                Result<EventDraft> draft = m_custody.decide(*found.value(), step, &verdict);
                if (!draft) {
                    o.outcome = verdictName(verdict);
                    o.message = draft.error();
                    break;
                }
                draft.value().payload.insert(QStringLiteral("well"), w.well);
                drafts.append(draft.value());
                o.outcome =
                    kind == CustodyKind::Received ? QStringLiteral("received") : QStringLiteral("stored");
                o.message = draft.value().payload.value(QLatin1String("location")).toString();
                if (accession != w.text)
                    o.message +=
                        tr(" (hospital label %1 is %2: print our label for it)").arg(w.text, accession);
                o.recorded = true;
                pending.append(int(outcome.wells.size()));
                break;
            }
            }
            outcome.wells.append(o);
        }
        return drafts; // possibly none: every well then says why
    };
    Result<QList<Event>> written = m_store.write(actor, decide);
    if (!written)
        return Result<Outcome>::failure(written.error());
    outcome.recorded = int(pending.size());
    return outcome;
}

} // namespace benchside
