// SPDX-License-Identifier: GPL-3.0-or-later
// The outbound ORU^R01 (Hl7OruBuilder): every field checked against the report it was built from,
// read back twice — by our own parser (Hl7Message) and by an independent one, python-hl7 (Debian's
// python3-hl7), the peer the issue names. Expected values are written out here, never taken from the
// builder's output.
#include "hl7/hl7message.h"
#include "hl7/hl7orubuilder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <utility>

using namespace benchside;

namespace {
qint64 utc(int year, int month, int day, int hour, int minute, int second = 0, int msec = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, msec), QTimeZone::utc())
        .toMSecsSinceEpoch();
}

QTimeZone amsterdam()
{
    return QTimeZone(QByteArrayLiteral("Europe/Amsterdam"));
}

Hl7ReportedResult result(const QString &value)
{
    Hl7ReportedResult r;
    r.localCode = QStringLiteral("X");
    r.name = QStringLiteral("Test X");
    r.value = value;
    return r;
}

// A released potassium, a C-reactive protein below the limit of quantitation (no LOINC), a
// pregnancy test as text, and a critical glucose with the documented call.
Hl7ResultReport sample()
{
    Hl7ResultReport r;
    r.controlId = QStringLiteral("BS-0000000123-1");
    r.createdAtMs = utc(2026, 12, 6, 7, 30);
    r.sendingFacility = QStringLiteral("CENTRAL LAB");
    r.receivingApplication = QStringLiteral("HIS");
    r.receivingFacility = QStringLiteral("GENERAL HOSPITAL");
    r.patientId = QStringLiteral("PAT-001");
    r.patientAssigningAuthority = QStringLiteral("GH");
    r.patientName = QStringLiteral("Jansen, Marieke");
    r.patientBirthDate = QStringLiteral("1971-03-09");
    r.patientSex = QStringLiteral("F");
    r.placerOrder = QStringLiteral("ORD-7781");
    r.placerGroup = QStringLiteral("GRP-12");
    r.fillerOrder = QStringLiteral("260001234");
    r.placerSpecimen = QStringLiteral("SP-5501");
    r.serviceCode = QStringLiteral("24320-4");
    r.serviceName = QStringLiteral("Basic metabolic panel");
    r.serviceCodeSystem = QStringLiteral("LN");
    r.orderingProviderId = QStringLiteral("dr123");
    r.orderingProviderName = QStringLiteral("de Vries, Anna");
    r.collectedAtMs = utc(2026, 12, 6, 6, 45);
    r.receivedAtMs = utc(2026, 12, 6, 7, 5, 10);
    r.reportedAtMs = utc(2026, 12, 6, 7, 29, 59);
    r.specimenTypeCode = QStringLiteral("SER");
    r.specimenTypeName = QStringLiteral("Serum");
    r.specimenTypeCodeSystem = QStringLiteral("HL70487");

    Hl7ReportedResult k;
    k.localCode = QStringLiteral("K");
    k.name = QStringLiteral("Potassium");
    k.loinc = QStringLiteral("2823-3");
    k.loincName = QStringLiteral("Potassium [Moles/volume] in Serum or Plasma");
    k.value = QStringLiteral("4.2");
    k.unit = QStringLiteral("mmol/L");
    k.referenceRange = QStringLiteral("3.5-5.1");
    k.flag = QStringLiteral("N");
    k.observedAtMs = utc(2026, 12, 6, 7, 12);
    k.verifierId = QStringLiteral("jdoe");
    k.verifierName = QStringLiteral("Doe, Jane");
    k.analyzer = QStringLiteral("COBAS-1");

    Hl7ReportedResult crp;
    crp.localCode = QStringLiteral("CRP");
    crp.name = QStringLiteral("C-reactive protein");
    crp.value = QStringLiteral("<0.5");
    crp.unit = QStringLiteral("mg/L");
    crp.referenceRange = QStringLiteral("<5");
    crp.flag = QStringLiteral("N");
    crp.observedAtMs = utc(2026, 12, 6, 7, 13);
    crp.verifierId = QStringLiteral("jdoe");
    crp.verifierName = QStringLiteral("Doe, Jane");
    crp.analyzer = QStringLiteral("COBAS-1");

    Hl7ReportedResult hcg;
    hcg.localCode = QStringLiteral("HCGU");
    hcg.name = QStringLiteral("hCG, urine");
    hcg.loinc = QStringLiteral("2106-3");
    hcg.value = QStringLiteral("NEG");
    hcg.observedAtMs = utc(2026, 12, 6, 7, 14);
    hcg.verifierId = QStringLiteral("psmit");
    hcg.verifierName = QStringLiteral("Smit");

    Hl7ReportedResult glu;
    glu.localCode = QStringLiteral("GLU");
    glu.name = QStringLiteral("Glucose");
    glu.loinc = QStringLiteral("2345-7");
    glu.value = QStringLiteral("32.1");
    glu.unit = QStringLiteral("mmol/L");
    glu.referenceRange = QStringLiteral("3.9-7.8");
    glu.flag = QStringLiteral("HH");
    glu.observedAtMs = utc(2026, 12, 6, 7, 15);
    glu.verifierId = QStringLiteral("jdoe");
    glu.verifierName = QStringLiteral("Doe, Jane");
    glu.analyzer = QStringLiteral("COBAS-1");
    glu.notes = {QStringLiteral("Critical value phoned to ward 5 at 08:20, read back by R. Bakker."),
                 QStringLiteral("Second note.")};

    r.results = {k, crp, hcg, glu};
    return r;
}

Hl7Message parsed(const QString &text)
{
    auto m = Hl7Message::parse(text.toUtf8());
    if (!m.ok())
        qFatal("our own parser refused the ORU: %s", qPrintable(m.error()));
    return m.value();
}

QStringList segmentNames(const Hl7Message &m)
{
    QStringList names;
    for (const auto &s : m.segments())
        names << s.name;
    return names;
}

// A DTM with offset (YYYYMMDDHHMMSS+ZZZZ) read back as an instant, independently of the builder.
qint64 instant(const QString &dtm)
{
    if (dtm.size() != 19 || (dtm.at(14) != QLatin1Char('+') && dtm.at(14) != QLatin1Char('-')))
        return -1;
    const QDateTime local = QDateTime::fromString(dtm.left(14), QStringLiteral("yyyyMMddHHmmss"));
    if (!local.isValid())
        return -1;
    const int sign = dtm.at(14) == QLatin1Char('-') ? -1 : 1;
    const int offset = sign * (dtm.mid(15, 2).toInt() * 3600 + dtm.mid(17, 2).toInt() * 60);
    return QDateTime(local.date(), local.time(), QTimeZone::utc()).toMSecsSinceEpoch() - offset * 1000LL;
}

const QString Nasty = QStringLiteral("A|B^C&D~E\\F\\G\nH\rI \\X41\\ \\.br\\ \\T\\ ü 𝛃");
} // namespace

class TestHl7Oru : public QObject
{
    Q_OBJECT

private slots:
    void segmentsAndHeader();
    void patientOrderAndSpecimen();
    void observations();
    void valueTypes_data();
    void valueTypes();
    void notesFollowTheirObservation();
    void correctedReport();
    void emptyAndUnknownFields();
    void nastyValuesRoundTrip();
    void timestamps_data();
    void timestamps();
    void stationZoneByDefault();
    void pythonHl7ReadsEveryField();
};

void TestHl7Oru::segmentsAndHeader()
{
    const QString text = Hl7OruBuilder::build(sample(), amsterdam());
    QVERIFY(text.startsWith(QLatin1String("MSH|^~\\&|BENCHSIDE|CENTRAL LAB|HIS|GENERAL HOSPITAL|")));
    QVERIFY(text.endsWith(QLatin1Char('\r')));
    QVERIFY(!text.contains(QLatin1Char('\n')));

    const Hl7Message m = parsed(text);
    QCOMPARE(m.charset(), QStringLiteral("UTF-8"));
    QVERIFY(m.warnings().isEmpty());
    QCOMPARE(segmentNames(m),
             QStringList({"MSH", "PID", "ORC", "OBR", "OBX", "OBX", "OBX", "OBX", "NTE", "NTE", "SPM"}));
    QCOMPARE(m.encode(), text); // nothing our parser would write differently
    const int msh = 0;
    QCOMPARE(m.value(msh, 1), QStringLiteral("|"));
    QCOMPARE(m.value(msh, 2), QStringLiteral("^~\\&"));
    QCOMPARE(m.value(msh, 3), QStringLiteral("BENCHSIDE"));
    QCOMPARE(m.value(msh, 4), QStringLiteral("CENTRAL LAB"));
    QCOMPARE(m.value(msh, 5), QStringLiteral("HIS"));
    QCOMPARE(m.value(msh, 6), QStringLiteral("GENERAL HOSPITAL"));
    QCOMPARE(m.value(msh, 7), QStringLiteral("20261206083000+0100"));
    QCOMPARE(m.value(msh, 8), QString());
    QCOMPARE(m.value(msh, 9, 1), QStringLiteral("ORU"));
    QCOMPARE(m.value(msh, 9, 2), QStringLiteral("R01"));
    QCOMPARE(m.value(msh, 9, 3), QStringLiteral("ORU_R01"));
    QCOMPARE(m.value(msh, 10), QStringLiteral("BS-0000000123-1"));
    QCOMPARE(m.value(msh, 11), QStringLiteral("P"));
    QCOMPARE(m.value(msh, 12), QStringLiteral("2.5.1"));
    // Original-mode acknowledgement: MSH-15/16 empty.
    QCOMPARE(m.rawField(msh, 15), QString());
    QCOMPARE(m.rawField(msh, 16), QString());
    QCOMPARE(m.value(msh, 18), QStringLiteral("UNICODE UTF-8"));

    Hl7ResultReport training = sample();
    training.processingId = QStringLiteral("T");
    QCOMPARE(parsed(Hl7OruBuilder::build(training, amsterdam())).value(0, 11), QStringLiteral("T"));
}

void TestHl7Oru::patientOrderAndSpecimen()
{
    const Hl7Message m = parsed(Hl7OruBuilder::build(sample(), amsterdam()));
    const int pid = m.find(QStringLiteral("PID"));
    QCOMPARE(m.value(pid, 1), QStringLiteral("1"));
    QCOMPARE(m.value(pid, 3, 1), QStringLiteral("PAT-001"));
    QCOMPARE(m.value(pid, 3, 2), QString());
    QCOMPARE(m.value(pid, 3, 4), QStringLiteral("GH"));
    QCOMPARE(m.value(pid, 3, 5), QStringLiteral("MR"));
    QCOMPARE(m.value(pid, 5, 1), QStringLiteral("Jansen"));
    QCOMPARE(m.value(pid, 5, 2), QStringLiteral("Marieke"));
    QCOMPARE(m.value(pid, 7), QStringLiteral("19710309"));
    QCOMPARE(m.value(pid, 8), QStringLiteral("F"));

    const int orc = m.find(QStringLiteral("ORC"));
    QCOMPARE(m.value(orc, 1), QStringLiteral("RE"));
    QCOMPARE(m.value(orc, 2), QStringLiteral("ORD-7781"));
    QCOMPARE(m.value(orc, 3), QStringLiteral("260001234"));
    QCOMPARE(m.value(orc, 4), QStringLiteral("GRP-12"));
    QCOMPARE(m.value(orc, 12, 1), QStringLiteral("dr123"));
    QCOMPARE(m.value(orc, 12, 2), QStringLiteral("de Vries"));
    QCOMPARE(m.value(orc, 12, 3), QStringLiteral("Anna"));

    const int obr = m.find(QStringLiteral("OBR"));
    QCOMPARE(m.value(obr, 1), QStringLiteral("1"));
    QCOMPARE(m.value(obr, 2), QStringLiteral("ORD-7781"));
    QCOMPARE(m.value(obr, 3), QStringLiteral("260001234"));
    QCOMPARE(m.value(obr, 4, 1), QStringLiteral("24320-4"));
    QCOMPARE(m.value(obr, 4, 2), QStringLiteral("Basic metabolic panel"));
    QCOMPARE(m.value(obr, 4, 3), QStringLiteral("LN"));
    QCOMPARE(m.value(obr, 7), QStringLiteral("20261206074500+0100"));
    QCOMPARE(m.value(obr, 16, 1), QStringLiteral("dr123"));
    QCOMPARE(m.value(obr, 16, 2), QStringLiteral("de Vries"));
    QCOMPARE(m.value(obr, 16, 3), QStringLiteral("Anna"));
    QCOMPARE(m.value(obr, 22), QStringLiteral("20261206082959+0100"));
    QCOMPARE(m.value(obr, 25), QStringLiteral("F"));

    const int spm = m.find(QStringLiteral("SPM"));
    QCOMPARE(m.value(spm, 1), QStringLiteral("1"));
    QCOMPARE(m.value(spm, 2, 1), QStringLiteral("SP-5501"));
    QCOMPARE(m.value(spm, 2, 2), QStringLiteral("260001234"));
    QCOMPARE(m.value(spm, 4, 1), QStringLiteral("SER"));
    QCOMPARE(m.value(spm, 4, 2), QStringLiteral("Serum"));
    QCOMPARE(m.value(spm, 4, 3), QStringLiteral("HL70487"));
    QCOMPARE(m.value(spm, 17), QStringLiteral("20261206074500+0100"));
    QCOMPARE(m.value(spm, 18), QStringLiteral("20261206080510+0100"));
}

void TestHl7Oru::observations()
{
    const Hl7Message m = parsed(Hl7OruBuilder::build(sample(), amsterdam()));
    const int k = m.find(QStringLiteral("OBX"), 0);
    QCOMPARE(m.value(k, 1), QStringLiteral("1"));
    QCOMPARE(m.value(k, 2), QStringLiteral("NM"));
    // LOINC first, our code as the alternate.
    QCOMPARE(m.value(k, 3, 1), QStringLiteral("2823-3"));
    QCOMPARE(m.value(k, 3, 2), QStringLiteral("Potassium [Moles/volume] in Serum or Plasma"));
    QCOMPARE(m.value(k, 3, 3), QStringLiteral("LN"));
    QCOMPARE(m.value(k, 3, 4), QStringLiteral("K"));
    QCOMPARE(m.value(k, 3, 5), QStringLiteral("Potassium"));
    QCOMPARE(m.value(k, 3, 6), QStringLiteral("L"));
    QCOMPARE(m.value(k, 5), QStringLiteral("4.2"));
    QCOMPARE(m.value(k, 6, 1), QStringLiteral("mmol/L"));
    QCOMPARE(m.value(k, 6, 2), QStringLiteral("mmol/L"));
    QCOMPARE(m.value(k, 6, 3), QStringLiteral("UCUM"));
    // A unit the catalogue has no UCUM code for is the lab's own text: coding system L, not UCUM.
    Hl7ResultReport local = sample();
    local.results.first().unitIsUcum = false;
    QCOMPARE(parsed(Hl7OruBuilder::build(local, amsterdam())).value(k, 6, 3), QStringLiteral("L"));
    QCOMPARE(m.value(k, 7), QStringLiteral("3.5-5.1"));
    QCOMPARE(m.value(k, 8), QStringLiteral("N"));
    QCOMPARE(m.value(k, 11), QStringLiteral("F"));
    QCOMPARE(m.value(k, 14), QStringLiteral("20261206081200+0100"));
    QCOMPARE(m.value(k, 16, 1), QStringLiteral("jdoe"));
    QCOMPARE(m.value(k, 16, 2), QStringLiteral("Doe"));
    QCOMPARE(m.value(k, 16, 3), QStringLiteral("Jane"));
    QCOMPARE(m.value(k, 18), QStringLiteral("COBAS-1"));

    // No LOINC: our code alone, coding system L.
    const int crp = m.find(QStringLiteral("OBX"), 1);
    QCOMPARE(m.value(crp, 1), QStringLiteral("2"));
    QCOMPARE(m.rawField(crp, 3), QStringLiteral("CRP^C-reactive protein^L"));
    QCOMPARE(m.value(crp, 2), QStringLiteral("SN"));
    QCOMPARE(m.value(crp, 5, 1), QStringLiteral("<"));
    QCOMPARE(m.value(crp, 5, 2), QStringLiteral("0.5"));
    QCOMPARE(m.value(crp, 7), QStringLiteral("<5"));

    // Text, no unit, no range, no flag; the LOINC name falls back to ours; an entry by hand has no
    // OBX-18; a verifier known by one word.
    const int hcg = m.find(QStringLiteral("OBX"), 2);
    QCOMPARE(m.value(hcg, 2), QStringLiteral("ST"));
    QCOMPARE(m.value(hcg, 3, 1), QStringLiteral("2106-3"));
    QCOMPARE(m.value(hcg, 3, 2), QStringLiteral("hCG, urine"));
    QCOMPARE(m.value(hcg, 3, 3), QStringLiteral("LN"));
    QCOMPARE(m.value(hcg, 3, 4), QStringLiteral("HCGU"));
    QCOMPARE(m.value(hcg, 5), QStringLiteral("NEG"));
    QCOMPARE(m.rawField(hcg, 6), QString());
    QCOMPARE(m.rawField(hcg, 7), QString());
    QCOMPARE(m.rawField(hcg, 8), QString());
    QCOMPARE(m.value(hcg, 11), QStringLiteral("F"));
    QCOMPARE(m.rawField(hcg, 16), QStringLiteral("psmit^Smit"));
    QCOMPARE(m.rawField(hcg, 18), QString());

    const int glu = m.find(QStringLiteral("OBX"), 3);
    QCOMPARE(m.value(glu, 1), QStringLiteral("4"));
    QCOMPARE(m.value(glu, 8), QStringLiteral("HH"));
}

void TestHl7Oru::valueTypes_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("components"); // OBX-5 components 1…4, unescaped

    QTest::newRow("decimal") << "4.2"
                             << "NM" << QStringList{"4.2"};
    QTest::newRow("trailing zero kept") << "4.20"
                                        << "NM" << QStringList{"4.20"};
    QTest::newRow("integer") << "140"
                             << "NM" << QStringList{"140"};
    QTest::newRow("zero") << "0"
                          << "NM" << QStringList{"0"};
    QTest::newRow("negative") << "-2.5"
                              << "NM" << QStringList{"-2.5"};
    QTest::newRow("blanks around") << " 7.1 "
                                   << "NM" << QStringList{"7.1"};
    QTest::newRow("less than") << "<0.5"
                               << "SN" << QStringList{"<", "0.5"};
    QTest::newRow("greater than") << ">11.0"
                                  << "SN" << QStringList{">", "11.0"};
    QTest::newRow("at most, spaced") << "<= 5"
                                     << "SN" << QStringList{"<=", "5"};
    QTest::newRow("at least") << ">=60"
                              << "SN" << QStringList{">=", "60"};
    QTest::newRow("titre") << "1:128"
                           << "SN" << QStringList{"", "1", ":", "128"};
    QTest::newRow("range") << "2-5"
                           << "SN" << QStringList{"", "2", "-", "5"};
    QTest::newRow("text") << "NEG"
                          << "ST" << QStringList{"NEG"};
    QTest::newRow("dashes") << "-----"
                            << "ST" << QStringList{"-----"};
    QTest::newRow("not detected") << "NOT DETECTED"
                                  << "ST" << QStringList{"NOT DETECTED"};
    QTest::newRow("decimal comma") << "1,5"
                                   << "ST" << QStringList{"1,5"};
    QTest::newRow("two points") << "4.2.1"
                                << "ST" << QStringList{"4.2.1"};
    QTest::newRow("comparator alone") << "<"
                                      << "ST" << QStringList{"<"};
    QTest::newRow("number and word") << "5 cells"
                                     << "ST" << QStringList{"5 cells"};
    QTest::newRow("other script's digits") << "٤٢"
                                           << "ST" << QStringList{"٤٢"};
    QTest::newRow("plus") << "2+"
                          << "ST" << QStringList{"2+"};
    QTest::newRow("caret") << "A^B"
                           << "ST" << QStringList{"A^B"};
    QTest::newRow("line break") << "first line\nsecond line"
                                << "FT" << QStringList{"first line\nsecond line"};
    QTest::newRow("longer than ST") << QString(250, QLatin1Char('x')) << "FT"
                                    << QStringList{QString(250, QLatin1Char('x'))};
    QTest::newRow("empty") << ""
                           << "" << QStringList{""};
}

void TestHl7Oru::valueTypes()
{
    QFETCH(QString, value);
    QFETCH(QString, type);
    QFETCH(QStringList, components);

    Hl7ResultReport r = sample();
    r.results = {result(value)};
    const Hl7Message m = parsed(Hl7OruBuilder::build(r, amsterdam()));
    const int obx = m.find(QStringLiteral("OBX"));
    QCOMPARE(m.value(obx, 2), type);
    for (int c = 0; c < 4; ++c)
        QCOMPARE(m.value(obx, 5, c + 1), components.value(c));
    if (type != QLatin1String("SN"))
        QCOMPARE(m.value(obx, 5), components.first()); // the whole field, unescaped
    if (type != QLatin1String("NM"))
        QVERIFY(m.value(obx, 5) != QLatin1String("0")); // text is never sent as 0
}

void TestHl7Oru::notesFollowTheirObservation()
{
    const Hl7ResultReport r = sample();
    const Hl7Message m = parsed(Hl7OruBuilder::build(r, amsterdam()));
    // The glucose's notes come right after its OBX; the other results have none.
    const int glu = m.find(QStringLiteral("OBX"), 3);
    for (int i = 0; i < 2; ++i) {
        const int nte = glu + 1 + i;
        QCOMPARE(m.segments().at(nte).name, QStringLiteral("NTE"));
        QCOMPARE(m.value(nte, 1), QString::number(i + 1));
        QCOMPARE(m.value(nte, 2), QStringLiteral("L"));
        QCOMPARE(m.value(nte, 3), r.results.at(3).notes.at(i));
    }
    QCOMPARE(m.segments().at(glu + 3).name, QStringLiteral("SPM"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m.segments().at(m.find(QStringLiteral("OBX"), i) + 1).name, QStringLiteral("OBX"));

    // Notes on two results: each numbered from 1 after its own OBX.
    Hl7ResultReport two = r;
    two.results[0].notes = {QStringLiteral("Haemolysed sample, repeat advised.")};
    const Hl7Message m2 = parsed(Hl7OruBuilder::build(two, amsterdam()));
    QCOMPARE(segmentNames(m2), QStringList({"MSH", "PID", "ORC", "OBR", "OBX", "NTE", "OBX", "OBX", "OBX",
                                            "NTE", "NTE", "SPM"}));
    QCOMPARE(m2.value(5, 1), QStringLiteral("1"));
    QCOMPARE(m2.value(5, 3), QStringLiteral("Haemolysed sample, repeat advised."));
    QCOMPARE(m2.value(9, 1), QStringLiteral("1"));
}

void TestHl7Oru::correctedReport()
{
    // An amended potassium: the same placer and filler numbers, OBR-25 C and OBX-11 C.
    Hl7ResultReport r = sample();
    r.controlId = QStringLiteral("BS-0000000140-1");
    r.resultStatus = QStringLiteral("C");
    r.results = {r.results.first()};
    r.results[0].value = QStringLiteral("3.9");
    r.results[0].status = QStringLiteral("C");
    r.results[0].notes = {QStringLiteral("Corrected: was 4.2 (sample mix-up).")};
    const Hl7Message m = parsed(Hl7OruBuilder::build(r, amsterdam()));
    QCOMPARE(m.value(0, 10), QStringLiteral("BS-0000000140-1"));
    const int obr = m.find(QStringLiteral("OBR"));
    QCOMPARE(m.value(obr, 2), QStringLiteral("ORD-7781"));
    QCOMPARE(m.value(obr, 3), QStringLiteral("260001234"));
    QCOMPARE(m.value(obr, 25), QStringLiteral("C"));
    const int obx = m.find(QStringLiteral("OBX"));
    QCOMPARE(m.value(obx, 5), QStringLiteral("3.9"));
    QCOMPARE(m.value(obx, 11), QStringLiteral("C"));
    QCOMPARE(m.value(obx + 1, 3), QStringLiteral("Corrected: was 4.2 (sample mix-up)."));

    // A test that cannot be done: OBX-11 X with no value; the order cancelled: OBR-25 X.
    r.resultStatus = QStringLiteral("X");
    r.results[0].status = QStringLiteral("X");
    r.results[0].value.clear();
    const Hl7Message x = parsed(Hl7OruBuilder::build(r, amsterdam()));
    QCOMPARE(x.value(x.find(QStringLiteral("OBR")), 25), QStringLiteral("X"));
    QCOMPARE(x.value(x.find(QStringLiteral("OBX")), 11), QStringLiteral("X"));
    QCOMPARE(x.rawField(x.find(QStringLiteral("OBX")), 2), QString());
    QCOMPARE(x.rawField(x.find(QStringLiteral("OBX")), 5), QString());
}

void TestHl7Oru::emptyAndUnknownFields()
{
    Hl7ResultReport r;
    r.controlId = QStringLiteral("C1");
    r.patientId = QStringLiteral("P1");
    r.patientName = QStringLiteral("Cher");
    r.patientBirthDate = QStringLiteral("09/03/1971"); // not ISO: not guessed
    r.fillerOrder = QStringLiteral("260000001");
    r.results = {result(QStringLiteral("5"))};
    const QString text = Hl7OruBuilder::build(r, amsterdam());
    const Hl7Message m = parsed(text);
    QCOMPARE(segmentNames(m), QStringList({"MSH", "PID", "ORC", "OBR", "OBX", "SPM"}));
    QCOMPARE(m.rawField(0, 7), QString()); // no creation time: empty, not 1970
    const int pid = m.find(QStringLiteral("PID"));
    QCOMPARE(m.rawField(pid, 3), QStringLiteral("P1^^^^MR"));
    QCOMPARE(m.rawField(pid, 5), QStringLiteral("Cher"));
    QCOMPARE(m.rawField(pid, 7), QString());
    QCOMPARE(m.rawField(pid, 8), QString());
    QCOMPARE(m.rawField(m.find(QStringLiteral("ORC")), 12), QString());
    const int obr = m.find(QStringLiteral("OBR"));
    QCOMPARE(m.rawField(obr, 2), QString());
    QCOMPARE(m.rawField(obr, 4), QString());
    QCOMPARE(m.rawField(obr, 7), QString());
    QCOMPARE(m.rawField(obr, 16), QString());
    const int obx = m.find(QStringLiteral("OBX"));
    QCOMPARE(m.rawField(obx, 6), QString());
    QCOMPARE(m.rawField(obx, 8), QString());
    QCOMPARE(m.rawField(obx, 14), QString());
    QCOMPARE(m.rawField(obx, 16), QString());
    const int spm = m.find(QStringLiteral("SPM"));
    QCOMPARE(m.rawField(spm, 2), QStringLiteral("^260000001"));
    QCOMPARE(m.rawField(spm, 4), QString());
    // No trailing empty fields or components.
    for (const QString &line : text.split(QLatin1Char('\r'), Qt::SkipEmptyParts)) {
        QVERIFY2(!line.endsWith(QLatin1Char('|')), qPrintable(line));
        QVERIFY2(!line.endsWith(QLatin1Char('^')), qPrintable(line));
    }

    // Partial birth dates are DT too; an impossible date is not sent.
    for (const auto &[given, sent] : {std::pair{"1971", "1971"}, std::pair{"1971-03", "197103"},
                                      std::pair{"1971-02-30", ""}, std::pair{"1971-3-9", ""}}) {
        r.patientBirthDate = QString::fromLatin1(given);
        QCOMPARE(parsed(Hl7OruBuilder::build(r, amsterdam())).value(QStringLiteral("PID"), 7),
                 QString::fromLatin1(sent));
    }
}

void TestHl7Oru::nastyValuesRoundTrip()
{
    // Every text a user or a sender can type, with each delimiter, the escape character, escape
    // sequences written literally, line breaks and characters beyond ASCII: each must come back as
    // written and must not add a segment, field, component or repetition.
    const QString family = QStringLiteral("O'Brien|x^y&z~w\\q");
    const QString given = QStringLiteral("Ann\nMarie \\F\\ ü");
    Hl7ResultReport r = sample();
    r.controlId = Nasty;
    r.sendingFacility = Nasty;
    r.receivingApplication = Nasty;
    r.patientId = Nasty;
    r.patientAssigningAuthority = Nasty;
    r.patientName = family + QStringLiteral(", ") + given;
    r.placerOrder = Nasty;
    r.placerGroup = Nasty;
    r.fillerOrder = Nasty;
    r.placerSpecimen = Nasty;
    r.serviceName = Nasty;
    r.orderingProviderId = Nasty;
    r.orderingProviderName = family;
    r.specimenTypeName = Nasty;
    Hl7ReportedResult &x = r.results[0];
    x.localCode = Nasty;
    x.name = Nasty;
    x.loincName = Nasty;
    x.value = Nasty;
    x.unit = Nasty;
    x.referenceRange = Nasty;
    x.verifierId = Nasty;
    x.verifierName = given;
    x.analyzer = Nasty;
    x.notes = {Nasty};

    const QString text = Hl7OruBuilder::build(r, amsterdam());
    QCOMPARE(text.count(QLatin1Char('\r')), 12); // one per segment, none from the values
    QVERIFY(!text.contains(QLatin1Char('\n')));
    QVERIFY(!text.mid(8).contains(QLatin1Char('~'))); // no repetition anywhere after MSH-2
    const Hl7Message m = parsed(text);
    QCOMPARE(segmentNames(m), QStringList({"MSH", "PID", "ORC", "OBR", "OBX", "NTE", "OBX", "OBX", "OBX",
                                           "NTE", "NTE", "SPM"}));
    QCOMPARE(m.segments().at(0).fields.size(), 19); // MSH-18 still where it belongs
    QCOMPARE(m.value(0, 18), QStringLiteral("UNICODE UTF-8"));
    QCOMPARE(m.value(0, 4), Nasty);
    QCOMPARE(m.value(0, 5), Nasty);
    QCOMPARE(m.value(0, 10), Nasty);
    const int pid = m.find(QStringLiteral("PID"));
    QCOMPARE(m.value(pid, 3, 1), Nasty);
    QCOMPARE(m.value(pid, 3, 4), Nasty);
    QCOMPARE(m.value(pid, 3, 5), QStringLiteral("MR"));
    QCOMPARE(m.value(pid, 5, 1), family);
    QCOMPARE(m.value(pid, 5, 2), given);
    QCOMPARE(m.value(pid, 7), QStringLiteral("19710309"));
    const int orc = m.find(QStringLiteral("ORC"));
    QCOMPARE(m.value(orc, 2), Nasty);
    QCOMPARE(m.value(orc, 3), Nasty);
    QCOMPARE(m.value(orc, 4), Nasty);
    QCOMPARE(m.value(orc, 12, 1), Nasty);
    QCOMPARE(m.value(orc, 12, 2), family);
    const int obr = m.find(QStringLiteral("OBR"));
    QCOMPARE(m.value(obr, 2), Nasty);
    QCOMPARE(m.value(obr, 3), Nasty);
    QCOMPARE(m.value(obr, 4, 2), Nasty);
    QCOMPARE(m.value(obr, 4, 3), QStringLiteral("LN"));
    QCOMPARE(m.value(obr, 25), QStringLiteral("F"));
    const int obx = m.find(QStringLiteral("OBX"));
    QCOMPARE(m.value(obx, 2), QStringLiteral("FT"));
    QCOMPARE(m.value(obx, 3, 2), Nasty);
    QCOMPARE(m.value(obx, 3, 3), QStringLiteral("LN"));
    QCOMPARE(m.value(obx, 3, 4), Nasty);
    QCOMPARE(m.value(obx, 3, 5), Nasty);
    QCOMPARE(m.value(obx, 3, 6), QStringLiteral("L"));
    QCOMPARE(m.value(obx, 5), Nasty);
    QCOMPARE(m.value(obx, 6, 1), Nasty);
    QCOMPARE(m.value(obx, 6, 2), Nasty);
    QCOMPARE(m.value(obx, 6, 3), QStringLiteral("UCUM"));
    QCOMPARE(m.value(obx, 7), Nasty);
    QCOMPARE(m.value(obx, 8), QStringLiteral("N"));
    QCOMPARE(m.value(obx, 11), QStringLiteral("F"));
    QCOMPARE(m.value(obx, 16, 1), Nasty);
    QCOMPARE(m.value(obx, 16, 2), given);
    QCOMPARE(m.value(obx, 18), Nasty);
    QCOMPARE(m.value(obx + 1, 3), Nasty);
    const int spm = m.find(QStringLiteral("SPM"));
    QCOMPARE(m.value(spm, 2, 1), Nasty);
    QCOMPARE(m.value(spm, 2, 2), Nasty);
    QCOMPARE(m.value(spm, 2, 1, 1), Nasty); // no subcomponent split inside the EI either
    QCOMPARE(m.value(spm, 4, 2), Nasty);
    QCOMPARE(m.value(spm, 17), QStringLiteral("20261206074500+0100"));
}

void TestHl7Oru::timestamps_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<QString>("written");

    QTest::newRow("Amsterdam, winter")
        << QByteArray("Europe/Amsterdam") << utc(2026, 12, 6, 7, 30) << "20261206083000+0100";
    QTest::newRow("Amsterdam, summer")
        << QByteArray("Europe/Amsterdam") << utc(2026, 7, 1, 10, 0) << "20260701120000+0200";
    // 2026-03-29 01:00 UTC clocks go from 02:00 to 03:00 in Amsterdam.
    QTest::newRow("Amsterdam, just before the switch")
        << QByteArray("Europe/Amsterdam") << utc(2026, 3, 29, 0, 59, 59) << "20260329015959+0100";
    QTest::newRow("Amsterdam, just after the switch")
        << QByteArray("Europe/Amsterdam") << utc(2026, 3, 29, 1, 0) << "20260329030000+0200";
    QTest::newRow("milliseconds dropped")
        << QByteArray("Europe/Amsterdam") << utc(2026, 12, 6, 7, 30, 59, 999) << "20261206083059+0100";
    QTest::newRow("UTC") << QByteArray("UTC") << utc(2026, 12, 6, 7, 30) << "20261206073000+0000";
    QTest::newRow("New York") << QByteArray("America/New_York") << utc(2026, 12, 6, 3, 0)
                              << "20261205220000-0500";
    QTest::newRow("St John's, minus half hours")
        << QByteArray("America/St_Johns") << utc(2026, 1, 15, 12, 0) << "20260115083000-0330";
    QTest::newRow("Kolkata") << QByteArray("Asia/Kolkata") << utc(2026, 1, 15, 12, 0)
                             << "20260115173000+0530";
}

void TestHl7Oru::timestamps()
{
    QFETCH(QByteArray, zone);
    QFETCH(qint64, at);
    QFETCH(QString, written);
    const QTimeZone tz(zone);
    QVERIFY2(tz.isValid(), zone.constData());

    Hl7ResultReport r = sample();
    r.createdAtMs = at;
    r.collectedAtMs = at;
    r.receivedAtMs = at;
    r.reportedAtMs = at;
    r.results = {result(QStringLiteral("1"))};
    r.results[0].observedAtMs = at;
    const Hl7Message m = parsed(Hl7OruBuilder::build(r, tz));
    const int obr = m.find(QStringLiteral("OBR"));
    const int spm = m.find(QStringLiteral("SPM"));
    for (const QString &field :
         {m.value(0, 7), m.value(obr, 7), m.value(obr, 22), m.value(m.find(QStringLiteral("OBX")), 14),
          m.value(spm, 17), m.value(spm, 18)}) {
        QCOMPARE(field, written);
        QCOMPARE(instant(field), at - at % 1000);
    }
}

void TestHl7Oru::stationZoneByDefault()
{
    // Without a zone the station's own is used; whatever it is, the text names the same instant.
    Hl7ResultReport r = sample();
    r.createdAtMs = utc(2026, 7, 1, 10, 0, 30, 250);
    const Hl7Message m = parsed(Hl7OruBuilder::build(r));
    QCOMPARE(instant(m.value(0, 7)), utc(2026, 7, 1, 10, 0, 30));
    QCOMPARE(instant(m.value(m.find(QStringLiteral("OBR")), 7)), r.collectedAtMs);
}

void TestHl7Oru::pythonHl7ReadsEveryField()
{
    const QString python = QStringLiteral("/usr/bin/python3");
    {
        QProcess probe;
        probe.start(python, {QStringLiteral("-c"), QStringLiteral("import hl7")});
        const bool ran = probe.waitForFinished(30000);
        if (!ran || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            QFAIL(qPrintable(QStringLiteral("%1 cannot import hl7 (python3-hl7, the independent peer): run "
                                            "packaging/install-deps.sh. %2")
                                 .arg(python, QString::fromLocal8Bit(probe.readAllStandardError()))));
    }

    // The sample with a nasty name, note and free-text value, and a result that is both corrected
    // and a titre.
    Hl7ResultReport r = sample();
    r.patientName = QStringLiteral("Müller|^&~\\x, Zoë\nAnn");
    r.results[2].value = Nasty;
    r.results[3].notes.append(Nasty);
    Hl7ReportedResult titre = result(QStringLiteral("1:64"));
    titre.status = QStringLiteral("C");
    titre.flag = QStringLiteral("A");
    r.results.append(titre);
    r.resultStatus = QStringLiteral("C");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("oru.hl7")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(Hl7OruBuilder::build(r, amsterdam()).toUtf8());
    file.close();

    // python-hl7's own parse tree, every value unescaped by its own unescape (\.br\ read as a line
    // feed, as ours does; its default is CR): segments → fields → first repetition → components →
    // subcomponents, plus the number of repetitions of each field.
    const QString script = QStringLiteral(R"PY(
import hl7, json, sys
text = open(sys.argv[1], 'rb').read().decode('utf-8')
m = hl7.parse(text)
def u(s):
    return m.unescape(s, {'.br': '\n'})
def subs(c):
    return [u(c)] if isinstance(c, str) else [u(s) for s in c]
def field(seg, n):
    f = seg[n]
    if seg[0][0] == 'MSH' and n in (1, 2):
        return {'reps': 1, 'comps': [[str(f[0])]]}
    rep = f[0] if len(f) else ''
    comps = [[u(rep)]] if isinstance(rep, str) else [subs(c) for c in rep]
    return {'reps': len(f), 'comps': comps}
out = [{'name': str(seg[0][0]), 'fields': [field(seg, n) for n in range(len(seg))]} for seg in m]
sys.stdout.write(json.dumps(out))
)PY");
    QProcess py;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONIOENCODING"), QStringLiteral("utf-8"));
    py.setProcessEnvironment(env);
    py.start(python, {QStringLiteral("-c"), script, file.fileName()});
    QVERIFY(py.waitForFinished(30000));
    QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
    QJsonParseError error;
    const QJsonArray segments = QJsonDocument::fromJson(py.readAllStandardOutput(), &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

    QStringList names;
    for (const QJsonValue &s : segments) {
        names << s[QLatin1String("name")].toString();
        for (const QJsonValue &f : s[QLatin1String("fields")].toArray())
            QCOMPARE(f[QLatin1String("reps")].toInt(), 1);
    }
    QCOMPARE(names, QStringList({"MSH", "PID", "ORC", "OBR", "OBX", "OBX", "OBX", "OBX", "NTE", "NTE", "NTE",
                                 "OBX", "SPM"}));
    // Segment i, field, component (1-based), subcomponent (1-based) as python-hl7 read them.
    const auto peer = [&](int segment, int field, int component = 1, int sub = 1) {
        const QJsonArray fields = segments.at(segment)[QLatin1String("fields")].toArray();
        const QJsonArray comps = fields.at(field)[QLatin1String("comps")].toArray();
        return comps.at(component - 1).toArray().at(sub - 1).toString();
    };
    const auto components = [&](int segment, int field) {
        return segments.at(segment)[QLatin1String("fields")]
            .toArray()
            .at(field)[QLatin1String("comps")]
            .toArray()
            .size();
    };

    // MSH
    QCOMPARE(peer(0, 1), QStringLiteral("|"));
    QCOMPARE(peer(0, 2), QStringLiteral("^~\\&"));
    QCOMPARE(peer(0, 3), r.sendingApplication);
    QCOMPARE(peer(0, 4), r.sendingFacility);
    QCOMPARE(peer(0, 5), r.receivingApplication);
    QCOMPARE(peer(0, 6), r.receivingFacility);
    QCOMPARE(peer(0, 7), QStringLiteral("20261206083000+0100"));
    QCOMPARE(peer(0, 9, 1), QStringLiteral("ORU"));
    QCOMPARE(peer(0, 9, 2), QStringLiteral("R01"));
    QCOMPARE(peer(0, 9, 3), QStringLiteral("ORU_R01"));
    QCOMPARE(peer(0, 10), r.controlId);
    QCOMPARE(peer(0, 11), r.processingId);
    QCOMPARE(peer(0, 12), QStringLiteral("2.5.1"));
    QCOMPARE(peer(0, 18), QStringLiteral("UNICODE UTF-8"));
    // PID
    QCOMPARE(peer(1, 3, 1), r.patientId);
    QCOMPARE(peer(1, 3, 4), r.patientAssigningAuthority);
    QCOMPARE(peer(1, 3, 5), QStringLiteral("MR"));
    QCOMPARE(peer(1, 5, 1), QStringLiteral("Müller|^&~\\x"));
    QCOMPARE(peer(1, 5, 2), QStringLiteral("Zoë\nAnn"));
    QCOMPARE(components(1, 5), 2);
    QCOMPARE(peer(1, 7), QStringLiteral("19710309"));
    QCOMPARE(peer(1, 8), r.patientSex);
    // ORC, OBR
    QCOMPARE(peer(2, 1), QStringLiteral("RE"));
    QCOMPARE(peer(2, 2), r.placerOrder);
    QCOMPARE(peer(2, 3), r.fillerOrder);
    QCOMPARE(peer(2, 4), r.placerGroup);
    for (const int at : {2, 3}) {
        const int field = at == 2 ? 12 : 16;
        QCOMPARE(peer(at, field, 1), r.orderingProviderId);
        QCOMPARE(peer(at, field, 2), QStringLiteral("de Vries"));
        QCOMPARE(peer(at, field, 3), QStringLiteral("Anna"));
    }
    QCOMPARE(peer(3, 1), QStringLiteral("1"));
    QCOMPARE(peer(3, 2), r.placerOrder);
    QCOMPARE(peer(3, 3), r.fillerOrder);
    QCOMPARE(peer(3, 4, 1), r.serviceCode);
    QCOMPARE(peer(3, 4, 2), r.serviceName);
    QCOMPARE(peer(3, 4, 3), r.serviceCodeSystem);
    QCOMPARE(peer(3, 7), QStringLiteral("20261206074500+0100"));
    QCOMPARE(peer(3, 22), QStringLiteral("20261206082959+0100"));
    QCOMPARE(peer(3, 25), QStringLiteral("C"));

    // OBX, each against the result it reports.
    const QList<int> obxAt = {4, 5, 6, 7, 11};
    const QStringList types = {"NM", "SN", "FT", "NM", "SN"};
    for (int i = 0; i < obxAt.size(); ++i) {
        const int s = obxAt.at(i);
        const Hl7ReportedResult &x = r.results.at(i);
        QCOMPARE(peer(s, 1), QString::number(i + 1));
        QCOMPARE(peer(s, 2), types.at(i));
        if (x.loinc.isEmpty()) {
            QCOMPARE(peer(s, 3, 1), x.localCode);
            QCOMPARE(peer(s, 3, 2), x.name);
            QCOMPARE(peer(s, 3, 3), QStringLiteral("L"));
            QCOMPARE(components(s, 3), 3);
        } else {
            QCOMPARE(peer(s, 3, 1), x.loinc);
            QCOMPARE(peer(s, 3, 2), x.loincName.isEmpty() ? x.name : x.loincName);
            QCOMPARE(peer(s, 3, 3), QStringLiteral("LN"));
            QCOMPARE(peer(s, 3, 4), x.localCode);
            QCOMPARE(peer(s, 3, 5), x.name);
            QCOMPARE(peer(s, 3, 6), QStringLiteral("L"));
        }
        if (types.at(i) != QLatin1String("SN")) {
            QCOMPARE(peer(s, 5), x.value);
        }
        if (x.unit.isEmpty()) {
            QCOMPARE(components(s, 6), 1);
            QCOMPARE(peer(s, 6), QString());
        } else {
            QCOMPARE(peer(s, 6, 1), x.unit);
            QCOMPARE(peer(s, 6, 2), x.unit);
            QCOMPARE(peer(s, 6, 3), QStringLiteral("UCUM"));
        }
        QCOMPARE(peer(s, 7), x.referenceRange);
        QCOMPARE(peer(s, 8), x.flag);
        QCOMPARE(peer(s, 11), x.status);
        QCOMPARE(peer(s, 16, 1), x.verifierId);
        QCOMPARE(peer(s, 18), x.analyzer);
    }
    QCOMPARE(peer(5, 5, 1), QStringLiteral("<"));
    QCOMPARE(peer(5, 5, 2), QStringLiteral("0.5"));
    QCOMPARE(peer(11, 5, 1), QString());
    QCOMPARE(peer(11, 5, 2), QStringLiteral("1"));
    QCOMPARE(peer(11, 5, 3), QStringLiteral(":"));
    QCOMPARE(peer(11, 5, 4), QStringLiteral("64"));
    QCOMPARE(peer(4, 14), QStringLiteral("20261206081200+0100"));
    QCOMPARE(peer(4, 16, 2), QStringLiteral("Doe"));
    QCOMPARE(peer(4, 16, 3), QStringLiteral("Jane"));
    // NTE after the glucose.
    for (int n = 0; n < 3; ++n) {
        QCOMPARE(peer(8 + n, 1), QString::number(n + 1));
        QCOMPARE(peer(8 + n, 2), QStringLiteral("L"));
        QCOMPARE(peer(8 + n, 3), r.results.at(3).notes.at(n));
    }
    // SPM
    QCOMPARE(peer(12, 1), QStringLiteral("1"));
    QCOMPARE(peer(12, 2, 1), r.placerSpecimen);
    QCOMPARE(peer(12, 2, 2), r.fillerOrder);
    QCOMPARE(peer(12, 4, 1), r.specimenTypeCode);
    QCOMPARE(peer(12, 4, 2), r.specimenTypeName);
    QCOMPARE(peer(12, 4, 3), r.specimenTypeCodeSystem);
    QCOMPARE(peer(12, 17), QStringLiteral("20261206074500+0100"));
    QCOMPARE(peer(12, 18), QStringLiteral("20261206080510+0100"));
}

QTEST_GUILESS_MAIN(TestHl7Oru)
#include "tst_hl7oru.moc"
