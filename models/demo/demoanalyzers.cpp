#include "demo/demoanalyzers.h"

#include "analyzer/analyzerregistry.h"
#include "lab/lab.h"

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
    return {};
}

} // namespace benchside
