// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for accession numbers and the one scan path (models/accession, models/scan): every
// line of the input is a scanned code, looked up or received through ScanProcessor::process() on a
// station that knows a few tubes; the input as a keystroke capture goes through ScanReplayer, as
// `benchside-cli replay` runs it; each line also goes through AccessionNumber. Besides crashes, leaks
// and undefined behaviour, it aborts when one of these does not hold:
//  - validate() accepts exactly the codes of 0-9/A-Z, 5 to 20 long, whose last character is the
//    check character of the rest; compose() always gives such a code; changing any one character of
//    a valid code makes it invalid (the check catches every single substitution);
//  - a code that is malformed (bad characters, bad check character) writes nothing, and neither does
//    a lookup; every outcome but a confirmation says why;
//  - a receipt of one of the station's own tubes is confirmed (received, already received or a
//    duplicate), never refused;
//  - after all scans the views equal a rebuild from the journal.
#include "accession/accessionnumber.h"
#include "fuzzstation.h"
#include "projection/rebuildcheck.h"
#include "scan/keycapture.h"
#include "scan/scanprocessor.h"
#include "scan/scanreplayer.h"

#include <QSqlQuery>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_scanpath: invariant violated: %s\n%s\n", what, qPrintable(detail));
        std::abort();
    }
}

QStringList &knownTubes()
{
    static QStringList tubes;
    return tubes;
}

void seedTubes(Lab &lab)
{
    for (int i = 0; i < 3; ++i) {
        AccessionRequest r;
        r.patient = {QStringLiteral("M0000001"), QStringLiteral("Doe, Jane"), QStringLiteral("1980-04-02"),
                     QStringLiteral("F")};
        r.specimenType = QStringLiteral("SERUM");
        r.collector = QStringLiteral("Ward 3");
        r.tests = {QStringLiteral("XK")};
        const Result<Specimen> s = lab.accessioner().accession(r, QStringLiteral("tech"));
        if (!s)
            fuzzstation::fail("cannot accession a tube", s.error());
        knownTubes() << s.value().accession;
    }
}

qint64 journalCount(Lab &lab)
{
    QSqlQuery q(lab.database().connection());
    require(q.exec(QStringLiteral("SELECT count(*) FROM journal")) && q.next(), "the journal counts");
    return q.value(0).toLongLong();
}

void checkNumber(const QString &code)
{
    const AccessionNumber::Problem problem = AccessionNumber::validate(code);
    bool alphabet = !code.isEmpty();
    for (const QChar c : code)
        alphabet = alphabet && ((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                                (c >= QLatin1Char('A') && c <= QLatin1Char('Z')));
    const bool valid = alphabet && code.size() >= AccessionNumber::MinLength &&
                       code.size() <= AccessionNumber::MaxLength &&
                       AccessionNumber::checkCharacter(code.chopped(1)) == code.back();
    require(valid == (problem == AccessionNumber::Problem::None),
            "validate() accepts exactly the valid codes", code);
    require((problem == AccessionNumber::Problem::None) ==
                AccessionNumber::problemText(problem, code).isEmpty(),
            "every problem is explained", code);
    if (valid) {
        // MOD 37,36 catches every single substitution.
        for (qsizetype i = 0; i < code.size(); ++i) {
            QString changed = code;
            changed[i] = code.at(i) == QLatin1Char('0') ? QLatin1Char('1') : QLatin1Char('0');
            require(AccessionNumber::validate(changed) != AccessionNumber::Problem::None,
                    "a single substitution is caught", changed);
        }
    }
    // The input's letters as a station prefix, its length as year and sequence.
    QString prefix;
    for (const QChar c : code) {
        if (c >= QLatin1Char('A') && c <= QLatin1Char('Z') && prefix.size() < 8)
            prefix += c;
    }
    if (prefix.size() >= 2) {
        const QString composed = AccessionNumber::compose(prefix, int(code.size()) % 100, code.size() * 7919);
        require(AccessionNumber::validate(composed) == AccessionNumber::Problem::None,
                "compose() gives a valid number", composed);
    }
}

void checkOutcome(const ScanOutcome &o)
{
    if (!o.isConfirmation())
        require(!o.message.isEmpty(), "an outcome that is no confirmation says why", o.name());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzzstation::Fixture station(seedTubes);
    const std::unique_ptr<Lab> lab = station.open();
    ScanProcessor &processor = lab->scanner();
    processor.setClock([] { return qint64(1893456000000); });

    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> lines = bytes.split('\n');
    for (qsizetype i = 0; i < lines.size() && i < 32; ++i) {
        const QString code = QString::fromUtf8(lines.at(i));
        checkNumber(code);
        checkNumber(code.trimmed());
        const auto action = i % 2 ? ScanProcessor::Action::Receive : ScanProcessor::Action::Lookup;
        const qint64 before = journalCount(*lab);
        const ScanOutcome o = processor.process(code, action, QStringLiteral("tech"));
        checkOutcome(o);
        if (o.isMalformed() || action == ScanProcessor::Action::Lookup)
            require(journalCount(*lab) == before, "a malformed code or a lookup writes nothing", code);
        if (action == ScanProcessor::Action::Receive && knownTubes().contains(code.trimmed()))
            require(o.type == ScanOutcome::Type::Received || o.type == ScanOutcome::Type::AlreadyReceived ||
                        o.type == ScanOutcome::Type::Duplicate,
                    "a known tube is received", o.message);
    }
    // A known tube, received through the capture's burst.
    const Result<QList<CapturedKey>> keys = KeyCapture::parse(bytes);
    if (keys) {
        ScanReplayer replayer(processor, WedgeSettings{}, ScanProcessor::Action::Receive,
                              QStringLiteral("tech"));
        replayer.run(keys.value(), false, [](const ScanReplayer::Scan &s) { checkOutcome(s.outcome); });
    }
    const Result<QStringList> diff = RebuildCheck::differences(lab->database());
    require(diff.ok(), "the rebuild check runs", diff.ok() ? QString() : diff.error());
    require(diff.value().isEmpty(), "the views equal a rebuild from the journal",
            diff.value().join(QLatin1Char('\n')));
    return 0;
}
