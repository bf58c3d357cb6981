// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demoanalyzers.h"

#include "analyzer/analyzerregistry.h"
#include "autoverify/autoverifyservice.h"
#include "lab/lab.h"
#include "qc/qcrepository.h"
#include "qc/qcservice.h"

#include <QDir>
#include <QFileInfo>

namespace benchside {

namespace {
struct DemoAnalyzer
{
    const char *name;
    AstmEndpoint endpoint;
    AstmProfile profile;
    QList<AnalyzerMapEntry> map;
};
} // namespace

Status DemoAnalyzers::seed(Lab &lab, const QString &administrator)
{
    // The chemistry codes are those of the cobas c311 capture in the shared test data (717/ glucose,
    // 690/ creatinine …); the haematology ones are the names analyzers print. Units as the analyzers
    // send them, with the factor to the catalogue's unit where they differ.
    const QList<DemoAnalyzer> analyzers{
        {"chem-c311",
         AstmEndpoint::tcpServer(QStringLiteral("127.0.0.1"), 5701),
         AstmProfile::Roche,
         {{QStringLiteral("717/"), QStringLiteral("GLU"), QStringLiteral("mmol/l"), {}},
          {QStringLiteral("989/"), QStringLiteral("NA"), QStringLiteral("mmol/l"), {}},
          {QStringLiteral("990/"), QStringLiteral("K"), QStringLiteral("mmol/l"), {}},
          {QStringLiteral("991/"), QStringLiteral("CL"), QStringLiteral("mmol/l"), {}},
          {QStringLiteral("690/"), QStringLiteral("CREA"), QStringLiteral("umol/l"), {}},
          {QStringLiteral("685/"), QStringLiteral("ALT"), QStringLiteral("U/l"), {}},
          {QStringLiteral("687/"), QStringLiteral("AST"), QStringLiteral("U/l"), {}},
          {QStringLiteral("418/"), QStringLiteral("CRP"), QStringLiteral("mg/l"), {}}}},
        // A serial line: the path beside the database that `analyzer simulate hema-xn` links to a
        // pseudo-terminal, as a USB serial adapter would appear.
        {"hema-xn",
         AstmEndpoint::serial(QFileInfo(lab.database().path()).dir().filePath(QStringLiteral("hema-xn.tty"))),
         AstmProfile::Generic,
         {{QStringLiteral("WBC"), QStringLiteral("WBC"), QStringLiteral("10*3/uL"), {}},
          {QStringLiteral("HGB"), QStringLiteral("HGB"), QStringLiteral("g/dL"), 10.0},
          {QStringLiteral("HCT"), QStringLiteral("HCT"), QStringLiteral("%"), 0.01},
          {QStringLiteral("MCV"), QStringLiteral("MCV"), QStringLiteral("fL"), {}},
          {QStringLiteral("PLT"), QStringLiteral("PLT"), QStringLiteral("10*3/uL"), {}}}},
    };
    AnalyzerRegistry registry(lab.store(), lab.permissions(), lab.catalog());
    QcService qc(lab.store(), lab.catalog());
    QcRepository lots(lab.database().connection());
    for (const DemoAnalyzer &a : analyzers) {
        AnalyzerDefinition d;
        d.name = QLatin1String(a.name);
        d.endpoint = a.endpoint;
        d.profile = a.profile;
        if (Result<Event> e = registry.define(d, administrator); !e)
            return Status::failure(tr("The demo analyzer %1 could not be set up: %2").arg(d.name, e.error()));
        if (Result<Event> e = registry.setMap(d.name, a.map, administrator); !e)
            return Status::failure(
                tr("The map of the demo analyzer %1 could not be set: %2").arg(d.name, e.error()));
    }
    // The chemistry analyzer's controls: the demo's lots in use for glucose, sodium and potassium,
    // under the IDs `analyzer simulate` gives them; and a supervisor's autoverification rules for
    // those tests, so that normal results release themselves once a control run is accepted.
    const QDate today = QDate::currentDate();
    for (const QString &test : {QStringLiteral("GLU"), QStringLiteral("NA"), QStringLiteral("K")}) {
        Result<QList<QcLot>> all = lots.lots(test);
        if (!all)
            return Status::failure(all.error());
        QString inUse;
        for (const QcLot &l : all.value()) {
            const QDate expires = QDate::fromString(l.expires, Qt::ISODate);
            if (l.hasTargets() && (!expires.isValid() || expires >= today))
                inUse = l.lot;
        }
        for (const QcLot &l : all.value()) {
            if (l.lot != inUse)
                continue;
            if (Result<Event> e = qc.definePattern(
                    {test, l.lot, l.level, QStringLiteral("QC-%1-L%2-*").arg(test).arg(l.level)},
                    administrator);
                !e)
                return Status::failure(e.error());
        }
        AutoverifyRules rules;
        rules.test = test;
        rules.enabled = true;
        rules.widenPercent = 10;
        if (Result<Event> e = AutoverifyService(lab.store(), lab.catalog(), lab.permissions())
                                  .set(rules, tr("demo: normal chemistry from the analyzer releases itself"),
                                       QStringLiteral("a.okafor"));
            !e)
            return Status::failure(e.error());
    }
    return {};
}

} // namespace benchside
