// SPDX-License-Identifier: GPL-3.0-or-later
#include "scan/scanprocessor.h"

#include "accession/accessionnumber.h"
#include "hl7/hl7orderrepository.h"

#include <QCoreApplication>
#include <QDateTime>

namespace benchside {

ScanProcessor::ScanProcessor(EventStore &store, SpecimenRepository &specimens, CustodyService &custody)
    : m_store(store), m_specimens(specimens), m_custody(custody),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{}

ScanOutcome ScanProcessor::process(const QString &rawCode, Action action, const QString &actor)
{
    ScanOutcome outcome;
    // Scanners add no spaces, but a suffix may leave a stray CR or LF behind.
    outcome.code = rawCode.trimmed();

    // Reject misreads before any lookup: a wrong number must never find the wrong tube.
    const AccessionNumber::Problem problem = AccessionNumber::validate(outcome.code);
    if (problem != AccessionNumber::Problem::None) {
        // Not ours: it may be the label the ward put on a tube ordered by HL7 (the placer's specimen
        // ID, or its order number when that order has a single tube). Only an exact match counts.
        const std::optional<QString> ordered = hospitalLabel(outcome);
        if (!ordered) {
            if (outcome.type == ScanOutcome::Type::Failed && !outcome.message.isEmpty())
                return outcome;
            outcome.type = problem == AccessionNumber::Problem::BadCheckCharacter
                               ? ScanOutcome::Type::BadCheckCharacter
                               : ScanOutcome::Type::BadCharacters;
            outcome.message = AccessionNumber::problemText(problem, outcome.code);
            return outcome;
        }
        outcome.hospitalLabel = outcome.code;
        outcome.code = *ordered;
    }
    if (action == Action::Receive) {
        ScanOutcome received = receive(outcome, actor);
        return withLabelNote(received);
    }

    Result<std::optional<Specimen>> found = m_specimens.find(outcome.code, false);
    if (!found) {
        outcome.type = ScanOutcome::Type::Failed;
        outcome.message = found.error();
    } else if (!found.value()) {
        outcome.type = ScanOutcome::Type::Unknown;
        outcome.message =
            tr("%1 is not known at this station. Accession it if it is a new specimen.").arg(outcome.code);
    } else {
        outcome.type = ScanOutcome::Type::Found;
        outcome.specimen = found.value();
        outcome.message = found.value()->summary();
    }
    return withLabelNote(outcome);
}

std::optional<QString> ScanProcessor::hospitalLabel(ScanOutcome &outcome) const
{
    Result<std::optional<QString>> accession =
        Hl7OrderRepository(m_store.database()).accessionForLabel(outcome.code);
    if (!accession) {
        outcome.type = ScanOutcome::Type::Failed;
        outcome.message = accession.error();
        return std::nullopt;
    }
    return accession.value();
}

bool ScanProcessor::isHospitalLabel(const QString &code) const
{
    Result<std::optional<QString>> accession =
        Hl7OrderRepository(m_store.database()).accessionForLabel(code.trimmed());
    // An order number of several tubes is a hospital label too: the scan path explains it.
    return !accession || accession.value().has_value();
}

ScanOutcome ScanProcessor::withLabelNote(ScanOutcome outcome)
{
    if (!outcome.hospitalLabel.isEmpty() && outcome.isConfirmation())
        outcome.message = tr("%1 (hospital label %2: print our label %3 for it)")
                              .arg(outcome.message, outcome.hospitalLabel, outcome.code);
    return outcome;
}

ScanOutcome ScanProcessor::receive(ScanOutcome outcome, const QString &actor)
{
    using Type = ScanOutcome::Type;
    outcome.type = Type::Failed;
    Result<QList<Event>> written = m_store.write(actor, [&]() -> Result<QList<EventDraft>> {
        using R = Result<QList<EventDraft>>;
        Result<std::optional<Specimen>> found = m_specimens.find(outcome.code, false);
        if (!found)
            return R::failure(found.error());
        if (!found.value()) {
            outcome.type = Type::Unknown;
            return R::failure(tr("%1 is not known at this station. Accession it if it is a new specimen.")
                                  .arg(outcome.code));
        }
        const Specimen &s = *found.value();
        outcome.specimen = s;
        // Only a tube still in the state its receipt left it is a duplicate: a tube rejected a
        // moment after receipt must be reported as rejected.
        if (s.status == QLatin1String("received") && m_clock() - s.receivedAtMs < m_duplicateWindowMs) {
            outcome.type = Type::Duplicate;
            return R::failure(
                tr("%1 was scanned again: it was already received %2 s ago. Nothing was recorded twice.")
                    .arg(s.accession)
                    .arg((m_clock() - s.receivedAtMs) / 1000));
        }
        CustodyRules::Verdict verdict = CustodyRules::Verdict::Allowed;
        Result<EventDraft> draft = m_custody.decide(s, {CustodyKind::Received, {}, {}, {}, 0, {}}, &verdict);
        if (!draft) {
            switch (verdict) {
            case CustodyRules::Verdict::AlreadyReceived:
                outcome.type = Type::AlreadyReceived;
                break;
            case CustodyRules::Verdict::Rejected:
                outcome.type = Type::Rejected;
                break;
            case CustodyRules::Verdict::Disposed:
                outcome.type = Type::Disposed;
                break;
            default:
                outcome.type = Type::Failed;
                break;
            }
            return R::failure(draft.error());
        }
        return QList<EventDraft>{draft.value()};
    });
    if (!written) {
        outcome.message = written.error();
        return outcome;
    }
    outcome.type = Type::Received;
    if (outcome.specimen) {
        outcome.specimen->status = QStringLiteral("received");
        outcome.specimen->receivedAtMs = written.value().first().atMs();
        outcome.specimen->receivedStation = m_store.station().id;
        outcome.specimen->location =
            written.value().first().payloadObject().value(QLatin1String("location")).toString();
        outcome.message = outcome.specimen->summary();
    }
    return outcome;
}

} // namespace benchside
