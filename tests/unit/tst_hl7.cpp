// SPDX-License-Identifier: GPL-3.0-or-later
// HL7 v2 over MLLP, the byte level: the MLLP framer on any split of the bytes, the ER7 parser and
// encoder on the real messages in ../shared/testdata/interfaces/hl7 (byte-for-byte round trip,
// delimiters from MSH, charsets, escapes) and on the faults the anchors list.
#include "clirunner.h"
#include "hl7/hl7ack.h"
#include "hl7/hl7message.h"
#include "hl7/mllpframer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace benchside;

namespace {
QString testdata()
{
    return QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/interfaces/hl7");
}

QByteArray readSample(const QString &name)
{
    QFile f(testdata() + QLatin1Char('/') + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}

// What a sender's bytes say once empty segments are dropped and CR ends every segment.
QString normalised(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\r'), Qt::SkipEmptyParts);
    return lines.join(QLatin1Char('\r')) + QLatin1Char('\r');
}

const QByteArray Ghh = "MSH|^~\\&|GHH LAB|ELAB-3|GHH OE|BLDG4|200202150930||ORU^R01|CNTRL-3456|P|2.4\r"
                       "OBX|1|SN|1554-5^GLUCOSE^POST 12H CFST:MCNC:PT:SER/PLAS:QN||^182|mg/dl|70_105|H|||F\r";
} // namespace

class TestHl7 : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void framerReadsEverySplit();
    void framerSkipsStrayBytesAndRefusesOversize();
    void realMessagesRoundTrip_data();
    void realMessagesRoundTrip();
    void fieldsComponentsAndRepetitions();
    void escapesInAndOut_data();
    void escapesInAndOut();
    void charsetsFromMsh18();
    void lineEndingsAndShortMsh2();
    void notHl7IsRefused();
    void cliShowsSegmentsAndFields();
    void ackMirrorsTheMessage();
    void ackErrorsByVersion();
};

void TestHl7::initTestCase()
{
    // The real messages live in shared/ beside the repository (CI lays a copy there).
    QVERIFY2(QDir(testdata()).entryList({QStringLiteral("*.hl7")}, QDir::Files).size() >= 15,
             qPrintable(QStringLiteral("%1 holds fewer than the 15 real HL7 messages: put shared/ beside the "
                                       "repository")
                            .arg(testdata())));
}

void TestHl7::framerReadsEverySplit()
{
    const QByteArray stream = MllpFramer::frame(Ghh) + MllpFramer::frame("MSH|^~\\&|A|B\r");
    // Every split point, and one byte at a time: the same two messages.
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        MllpFramer framer;
        QList<MllpFramer::Frame> frames = framer.feed(QByteArrayView(stream).first(cut));
        frames += framer.feed(QByteArrayView(stream).sliced(cut));
        QCOMPARE(frames.size(), 2);
        QCOMPARE(frames.at(0).payload, Ghh);
        QCOMPARE(frames.at(1).payload, QByteArray("MSH|^~\\&|A|B\r"));
        QVERIFY(!framer.inFrame());
    }
    MllpFramer bytewise;
    QList<MllpFramer::Frame> frames;
    for (const char c : stream)
        frames += bytewise.feed(QByteArrayView(&c, 1));
    QCOMPARE(frames.size(), 2);
    QCOMPARE(bytewise.takeStrayBytes(), 0);
    // Half a frame: nothing yet, and the framer says it waits.
    MllpFramer half;
    QVERIFY(half.feed(QByteArrayView(stream).first(20)).isEmpty());
    QVERIFY(half.inFrame());
    // 0x1C not followed by 0x0D is data.
    MllpFramer inner;
    const QList<MllpFramer::Frame> one = inner.feed(MllpFramer::frame(QByteArray("MSH|a\x1C"
                                                                                 "b\r")));
    QCOMPARE(one.size(), 1);
    QCOMPARE(one.first().payload, QByteArray("MSH|a\x1C"
                                             "b\r"));
}

void TestHl7::framerSkipsStrayBytesAndRefusesOversize()
{
    MllpFramer framer(64);
    QList<MllpFramer::Frame> frames = framer.feed("junk\r\n" + MllpFramer::frame(Ghh.left(60)));
    QCOMPARE(frames.size(), 1);
    QCOMPARE(frames.first().kind, MllpFramer::Frame::Kind::Message);
    QCOMPARE(framer.takeStrayBytes(), 6);
    QCOMPARE(framer.takeStrayBytes(), 0);
    // Over the limit: reported once, its bytes dropped to its end, and the next frame is read.
    frames = framer.feed(MllpFramer::frame(QByteArray(500, 'x')) + MllpFramer::frame(Ghh.left(10)));
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).kind, MllpFramer::Frame::Kind::Oversize);
    QCOMPARE(frames.at(1).kind, MllpFramer::Frame::Kind::Message);
    QCOMPARE(frames.at(1).payload, Ghh.left(10));
}

void TestHl7::realMessagesRoundTrip_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(testdata()).entryList({QStringLiteral("*.hl7")}, QDir::Files, QDir::Name);
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << f;
}

void TestHl7::realMessagesRoundTrip()
{
    QFETCH(QString, file);
    const QByteArray bytes = readSample(file);
    Result<Hl7Message> m = Hl7Message::parse(bytes);
    QVERIFY2(m.ok(), qPrintable(m.error()));
    QCOMPARE(m.value().segments().first().name, QStringLiteral("MSH"));
    QVERIFY(m.value().segments().size() >= 2);
    // Unchanged, it encodes to what came in: byte for byte once empty segments are dropped.
    const QString text =
        m.value().charset() == QLatin1String("UTF-8") ? QString::fromUtf8(bytes) : QString::fromLatin1(bytes);
    QCOMPARE(m.value().encode(), normalised(text));
    // And parsing that again gives the same segments.
    Result<Hl7Message> again = Hl7Message::parse(m.value().encodeBytes());
    QVERIFY(again.ok());
    QCOMPARE(again.value().encode(), m.value().encode());
}

void TestHl7::fieldsComponentsAndRepetitions()
{
    Result<Hl7Message> ghh = Hl7Message::parse(readSample(QStringLiteral("oru_r01_v24_ghh_glucose.hl7")));
    QVERIFY(ghh.ok());
    const Hl7Message &m = ghh.value();
    QCOMPARE(m.value(QStringLiteral("MSH"), 1), QStringLiteral("|"));
    QCOMPARE(m.value(QStringLiteral("MSH"), 2), QStringLiteral("^~\\&"));
    QCOMPARE(m.value(QStringLiteral("MSH"), 3), QStringLiteral("GHH LAB"));
    QCOMPARE(m.value(QStringLiteral("MSH"), 9, 1), QStringLiteral("ORU"));
    QCOMPARE(m.value(QStringLiteral("MSH"), 9, 2), QStringLiteral("R01"));
    QCOMPARE(m.value(QStringLiteral("MSH"), 10), QStringLiteral("CNTRL-3456"));
    QCOMPARE(m.value(QStringLiteral("MSH"), 12), QStringLiteral("2.4"));
    QCOMPARE(m.value(QStringLiteral("PID"), 5, 1), QStringLiteral("EVERYWOMAN"));
    QCOMPARE(m.value(QStringLiteral("PID"), 5, 2), QStringLiteral("EVE"));
    QCOMPARE(m.value(QStringLiteral("PID"), 8), QStringLiteral("F"));
    QCOMPARE(m.value(QStringLiteral("OBX"), 3, 1), QStringLiteral("1554-5"));
    QCOMPARE(m.value(QStringLiteral("OBX"), 5, 2), QStringLiteral("182"));
    QCOMPARE(m.value(m.find(QStringLiteral("OBX"), 1), 2), QStringLiteral("FN"));
    QCOMPARE(m.find(QStringLiteral("OBX"), 2), -1);
    QCOMPARE(m.value(QStringLiteral("PID"), 99), QString());
    QCOMPARE(m.value(QStringLiteral("ZZZ"), 1), QString());

    // Repetitions and subcomponents (ERR-2 of the ACK example: PID^1^16^103&Table value not found…).
    Result<Hl7Message> ack = Hl7Message::parse(readSample(QStringLiteral("ack_ar_v24_err_table_value.hl7")));
    QVERIFY(ack.ok());
    QCOMPARE(ack.value().value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
    const int err = ack.value().find(QStringLiteral("ERR"));
    QCOMPARE(ack.value().value(err, 1, 1), QStringLiteral("PID"));
    QCOMPARE(ack.value().value(err, 1, 4, 1), QStringLiteral("103"));
    Result<Hl7Message> rep = Hl7Message::parse("MSH|^~\\&|A\rPID|||111^^^H1~222^^^H2\r");
    QVERIFY(rep.ok());
    QCOMPARE(rep.value().value(1, 3, 1, 0, 0), QStringLiteral("111"));
    QCOMPARE(rep.value().value(1, 3, 4, 0, 1), QStringLiteral("H2"));
    QCOMPARE(rep.value().value(1, 3, 1, 0, 2), QString());
}

void TestHl7::escapesInAndOut_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("value");
    QTest::newRow("field") << "a\\F\\b"
                           << "a|b";
    QTest::newRow("component, sub, repetition") << "\\S\\\\T\\\\R\\"
                                                << "^&~";
    QTest::newRow("escape") << "C:\\E\\temp"
                            << "C:\\temp";
    QTest::newRow("line break") << "one\\.br\\two"
                                << "one\ntwo";
    QTest::newRow("hex CR LF (Epic)") << "a\\X0D0A\\b"
                                      << "a\r\nb";
    QTest::newRow("hex lower case") << "\\X000d\\" << QString::fromLatin1("\0\r", 2);
    QTest::newRow("hex UTF-8 pair") << "\\XC3A9\\" << QString::fromUtf8("é");
    QTest::newRow("formatting kept") << "\\H\\ 7.28\\N\\"
                                     << "\\H\\ 7.28\\N\\";
    QTest::newRow("unterminated kept") << "a\\F"
                                       << "a\\F";
    QTest::newRow("bad hex kept") << "\\XZZ\\"
                                  << "\\XZZ\\";
}

void TestHl7::escapesInAndOut()
{
    QFETCH(QString, raw);
    QFETCH(QString, value);
    const Hl7Delimiters d;
    QCOMPARE(Hl7Escape::unescape(raw, d), value);
    // What escape() writes reads back as the value (formatting sequences are not values).
    if (!value.contains(QLatin1String("\\H\\")) && !raw.startsWith(QLatin1String("a\\F")) &&
        !raw.contains(QLatin1String("XZZ")))
        QCOMPARE(Hl7Escape::unescape(Hl7Escape::escape(value, d), d), value);
    // In a real report: the blood gas's \.br\ are line breaks, its \H\…\N\ stay.
    Result<Hl7Message> gas =
        Hl7Message::parse(readSample(QStringLiteral("oru_r01_v24_bloodgas_ft_escapes.hl7")));
    QVERIFY(gas.ok());
    const QString report = gas.value().value(QStringLiteral("OBX"), 5);
    QVERIFY(report.startsWith(
        QStringLiteral("Biochemistry (Whole Blood Sample) - Type Venous\n\n Analysis Date")));
    QVERIFY(report.contains(QStringLiteral("pH : \\H\\ 7.28\\N\\ (7.38-7.43)")));
}

void TestHl7::charsetsFromMsh18()
{
    // Declared 8859/1, written in UTF-8: read as UTF-8, with a warning.
    Result<Hl7Message> zd =
        Hl7Message::parse(readSample(QStringLiteral("oml_o21_v251_zorgdomein_multi_spm.hl7")));
    QVERIFY(zd.ok());
    QCOMPARE(zd.value().charset(), QStringLiteral("UTF-8"));
    QCOMPARE(zd.value().warnings().size(), 1);
    // No MSH-18, UTF-8 name.
    Result<Hl7Message> ar =
        Hl7Message::parse(readSample(QStringLiteral("oml_o21_v25_no_ctrl_id_utf8_name.hl7")));
    QVERIFY(ar.ok());
    QCOMPARE(ar.value().value(QStringLiteral("PID"), 5, 2), QString::fromUtf8("RODOLFO SEBASTIÁN"));
    QCOMPARE(ar.value().value(QStringLiteral("MSH"), 10), QString()); // no control ID: the ACK will be AR
    // Real Latin-1 bytes declared as such.
    QByteArray latin = "MSH|^~\\&|A|B|C|D|||ADT^A01|1|P|2.5|||||DEU|8859/1\rPID|||1||M\xFC"
                       "ller\r";
    Result<Hl7Message> de = Hl7Message::parse(latin);
    QVERIFY(de.ok());
    QCOMPARE(de.value().charset(), QStringLiteral("ISO-8859-1"));
    QCOMPARE(de.value().value(QStringLiteral("PID"), 5), QString::fromUtf8("Müller"));
    QCOMPARE(de.value().encodeBytes(), latin);
    QVERIFY(de.value().warnings().isEmpty());
    // Undeclared and not UTF-8: read byte by byte, and said so.
    Result<Hl7Message> bad = Hl7Message::parse("MSH|^~\\&|A\rPID|||1||M\xFCller\r");
    QVERIFY(bad.ok());
    QCOMPARE(bad.value().charset(), QStringLiteral("ISO-8859-1"));
    QCOMPARE(bad.value().warnings().size(), 1);
}

void TestHl7::lineEndingsAndShortMsh2()
{
    const QByteArray lf = "MSH|^~\\&|A\nPID|||1\nOBX|1|TX|||a\n";
    const QByteArray crlf = "MSH|^~\\&|A\r\nPID|||1\r\nOBX|1|TX|||a\r\n";
    for (const QByteArray &bytes : {lf, crlf}) {
        Result<Hl7Message> m = Hl7Message::parse(bytes);
        QVERIFY(m.ok());
        QCOMPARE(m.value().segments().size(), 3);
        QCOMPARE(m.value().encode(), QStringLiteral("MSH|^~\\&|A\rPID|||1\rOBX|1|TX|||a\r"));
    }
    // An LF inside a CR-ended segment is content, not a separator.
    Result<Hl7Message> inner = Hl7Message::parse("MSH|^~\\&|A\rOBX|1|TX|||line one\nline two\r");
    QVERIFY(inner.ok());
    QCOMPARE(inner.value().segments().size(), 2);
    QCOMPARE(inner.value().value(QStringLiteral("OBX"), 5), QStringLiteral("line one\nline two"));
    // MSH-2 with three characters (the HCV example): what is there is used, nothing crashes.
    Result<Hl7Message> hcv =
        Hl7Message::parse(readSample(QStringLiteral("oru_r01_v251_elr_hcv_malformed.hl7")));
    QVERIFY(hcv.ok());
    QCOMPARE(hcv.value().delimiters().encodingCharacters(), QStringLiteral("^~&"));
    QVERIFY(hcv.value().delimiters().subcomponent.isNull());
    QVERIFY(!hcv.value().value(QStringLiteral("PID"), 5, 1).isEmpty());
    // Other delimiters than the usual ones.
    Result<Hl7Message> odd = Hl7Message::parse("MSH#@!$%#A\rPID###x@y!z#\r");
    QVERIFY(odd.ok());
    QCOMPARE(odd.value().value(QStringLiteral("PID"), 3, 2), QStringLiteral("y"));
    QCOMPARE(odd.value().value(1, 3, 1, 0, 1), QStringLiteral("z"));
    QCOMPARE(odd.value().encode(), QStringLiteral("MSH#@!$%#A\rPID###x@y!z#\r"));
    // A message whose MSH ends after MSH-2 encodes to text that reads the same, whatever its line
    // endings; so does the shortest message read, whose empty segments the encoding drops (fuzz_hl7,
    // session 15: eight bytes came back as seven, under the old minimum of eight).
    QCOMPARE(Hl7Message::parse(QByteArray("MSH\x1c\x8d\x1c\r\r")).value().encode().size(), 7);
    QVERIFY(
        Hl7Message::parse(Hl7Message::parse(QByteArray("MSH\x1c\x8d\x1c\r\r")).value().encodeBytes()).ok());
    for (const QByteArray &bytes :
         {QByteArray("MSH|^~\\&|\rPID|||1\r"), QByteArray("MSH|^~\\&|\r\nPID|||1\r\n")}) {
        Result<Hl7Message> m = Hl7Message::parse(bytes);
        QVERIFY2(m.ok(), bytes.constData());
        Result<Hl7Message> again = Hl7Message::parse(m.value().encodeBytes());
        QVERIFY2(again.ok(), qPrintable(m.value().encode()));
        QCOMPARE(again.value().encode(), m.value().encode());
        QCOMPARE(again.value().delimiters().encodingCharacters(), QStringLiteral("^~\\&"));
    }
}

void TestHl7::notHl7IsRefused()
{
    for (const QByteArray &bytes : {QByteArray(), QByteArray("hello"), QByteArray("PID|||1\r"),
                                    QByteArray("MSH|"), QByteArray("MSH|^~\\&"), QByteArray(1000, '\0'),
                                    // fuzz_hl7, session 15: a line break as the field separator (its
                                    // LF taken for the end of MSH-2 in a CR LF message), and a
                                    // separator that never comes again
                                    QByteArray("MSH\nXU\r\nXUN"), QByteArray("MSHMSH\r\r"),
                                    QByteArray("MSH\x1c\r\x1c\r\r"), QByteArray("MSH|\rPID|1\r"),
                                    QByteArray("MSH|\0\0\0\0^~\\&|A\r", 15), QByteArray("MSH|^^\\&|A\r")}) {
        Result<Hl7Message> m = Hl7Message::parse(bytes);
        QVERIFY2(!m.ok(), bytes.left(20).constData());
        QVERIFY(!m.error().isEmpty());
    }
}

void TestHl7::cliShowsSegmentsAndFields()
{
    QTemporaryDir dir;
    const QString cli = testlab::cliPath();
    const auto run = [&](const QStringList &args) {
        return testlab::runCli(cli, dir.filePath(QStringLiteral("unused.db")), dir.path(), args);
    };
    const QString file = testdata() + QStringLiteral("/oru_r01_v24_ghh_glucose.hl7");
    const testlab::CliRun json =
        run({QStringLiteral("--json"), QStringLiteral("hl7"), QStringLiteral("parse"), file});
    QCOMPARE(json.exit, 0);
    const QJsonArray segments = json.json().object().value(QLatin1String("segments")).toArray();
    QCOMPARE(segments.size(), 5);
    const QJsonObject msh = segments.first().toObject();
    QCOMPARE(msh.value(QLatin1String("name")).toString(), QStringLiteral("MSH"));
    QCOMPARE(msh.value(QLatin1String("fields")).toArray().at(9).toString(),
             QStringLiteral("CNTRL-3456")); // MSH-10
    QCOMPARE(segments.at(3).toObject().value(QLatin1String("fields")).toArray().at(4).toString(),
             QStringLiteral("^182")); // OBX-5
    // The same message in its MLLP frame, as a capture holds it.
    QFile framed(dir.filePath(QStringLiteral("framed.bin")));
    QVERIFY(framed.open(QIODevice::WriteOnly));
    framed.write(MllpFramer::frame(readSample(QStringLiteral("oru_r01_v24_ghh_glucose.hl7"))));
    framed.close();
    const testlab::CliRun text = run({QStringLiteral("hl7"), QStringLiteral("parse"), framed.fileName()});
    QCOMPARE(text.exit, 0);
    QVERIFY2(text.out.contains("MSH-10   CNTRL-3456"), text.out.constData());
    // Not HL7, and what is not (yet) an hl7 command: exit 2 with one line saying why.
    QFile junk(dir.filePath(QStringLiteral("junk.txt")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("hello\n");
    junk.close();
    for (const QStringList &args :
         {QStringList{QStringLiteral("hl7"), QStringLiteral("parse"), junk.fileName()},
          QStringList{QStringLiteral("hl7"), QStringLiteral("serve")}, QStringList{QStringLiteral("hl7")}}) {
        const testlab::CliRun r = run(args);
        QCOMPARE(r.exit, 2);
        QCOMPARE(r.err.count('\n'), 1);
    }
}

void TestHl7::ackMirrorsTheMessage()
{
    const QDateTime at(QDate(2026, 12, 6), QTime(8, 30, 5));
    Result<Hl7Message> in = Hl7Message::parse(readSample(QStringLiteral("oru_r01_v24_ghh_glucose.hl7")));
    QVERIFY(in.ok());
    const QString ack = Hl7Ack::build(in.value(), Hl7Ack::Code::Accept, QStringLiteral("BS-1"), at);
    QCOMPARE(ack,
             QStringLiteral("MSH|^~\\&|GHH OE|BLDG4|GHH LAB|ELAB-3|20261206083005||ACK^R01^ACK|BS-1|P|2.4\r"
                            "MSA|AA|CNTRL-3456\r"));
    // What we send, we read: the ACK parses, and its MSA-2 is the inbound control ID.
    Result<Hl7Message> back = Hl7Message::parse(ack.toUtf8());
    QVERIFY(back.ok());
    QCOMPARE(back.value().value(QStringLiteral("MSA"), 2), QStringLiteral("CNTRL-3456"));
    QCOMPARE(back.value().value(QStringLiteral("MSH"), 9, 3), QStringLiteral("ACK"));
    // A trigger with an escaped component separator stays one component (fuzz_hl7, session 15: it
    // was split, and MSH-9.2 of the ACK read "A").
    Result<Hl7Message> escaped = Hl7Message::parse("MSH|^~\\&|A|B|C|D|||ADT^A\\S\\1|X1|P|2.5\r");
    QVERIFY(escaped.ok());
    const Result<Hl7Message> escapedAck = Hl7Message::parse(
        Hl7Ack::build(escaped.value(), Hl7Ack::Code::Reject, QStringLiteral("BS-3"), at).toUtf8());
    QVERIFY(escapedAck.ok());
    QCOMPARE(escapedAck.value().value(QStringLiteral("MSH"), 9, 2), QStringLiteral("A^1"));
    QCOMPARE(escapedAck.value().value(QStringLiteral("MSH"), 9, 3), QStringLiteral("ACK"));

    // No control ID (MSH-10 empty): AR, and MSA-2 stays empty.
    Result<Hl7Message> noId =
        Hl7Message::parse(readSample(QStringLiteral("oml_o21_v25_no_ctrl_id_utf8_name.hl7")));
    QVERIFY(noId.ok());
    Result<Hl7Message> ar =
        Hl7Message::parse(Hl7Ack::build(noId.value(), Hl7Ack::Code::Reject, QStringLiteral("BS-2"), at,
                                        QStringLiteral("MSH-10 (message control ID) is empty"))
                              .toUtf8());
    QVERIFY(ar.ok());
    QCOMPARE(ar.value().value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
    QCOMPARE(ar.value().value(QStringLiteral("MSA"), 2), QString());
    QCOMPARE(ar.value().value(QStringLiteral("MSA"), 3),
             QStringLiteral("MSH-10 (message control ID) is empty"));
    QCOMPARE(ar.value().value(QStringLiteral("MSH"), 9, 2), QStringLiteral("O21"));
    QCOMPARE(ar.value().value(QStringLiteral("MSH"), 3), QStringLiteral("LIS"));
    QCOMPARE(ar.value().value(QStringLiteral("MSH"), 5), QStringLiteral("HIS"));

    // Bytes that are no message: a minimal AR that still parses.
    Result<Hl7Message> unreadable = Hl7Message::parse(
        Hl7Ack::rejectUnreadable(QStringLiteral("Not an HL7 v2 message | no MSH"), QStringLiteral("BS-3"), at)
            .toUtf8());
    QVERIFY(unreadable.ok());
    QCOMPARE(unreadable.value().value(QStringLiteral("MSA"), 1), QStringLiteral("AR"));
    QCOMPARE(unreadable.value().value(QStringLiteral("MSA"), 3),
             QStringLiteral("Not an HL7 v2 message | no MSH"));
}

void TestHl7::ackErrorsByVersion()
{
    const QDateTime at(QDate(2026, 12, 6), QTime(8, 30, 5));
    const QList<Hl7Error> errors{
        {QStringLiteral("OBR"), 2, 4, QStringLiteral("103"), QStringLiteral("Unknown test code GLU^X & Y")}};
    // 2.5.1: ERR-2 location, ERR-3 code from table 0357, ERR-4 severity.
    Result<Hl7Message> v251 =
        Hl7Message::parse(readSample(QStringLiteral("oml_o21_v251_hl7spec_glucose_tolerance_nw.hl7")));
    QVERIFY(v251.ok());
    Result<Hl7Message> ae = Hl7Message::parse(
        Hl7Ack::build(v251.value(), Hl7Ack::Code::Error, QStringLiteral("BS-4"), at, {}, errors).toUtf8());
    QVERIFY(ae.ok());
    const int err = ae.value().find(QStringLiteral("ERR"));
    QCOMPARE(ae.value().value(err, 2, 1), QStringLiteral("OBR"));
    QCOMPARE(ae.value().value(err, 2, 2), QStringLiteral("2"));
    QCOMPARE(ae.value().value(err, 2, 3), QStringLiteral("4"));
    QCOMPARE(ae.value().value(err, 3, 1), QStringLiteral("103"));
    QCOMPARE(ae.value().value(err, 3, 2),
             QStringLiteral("Unknown test code GLU^X & Y")); // escaped on the way out
    QCOMPARE(ae.value().value(err, 3, 3), QStringLiteral("HL70357"));
    QCOMPARE(ae.value().value(err, 4), QStringLiteral("E"));
    // 2.4: all of it in ERR-1, the code and text as subcomponents of its fourth component.
    Result<Hl7Message> v24 =
        Hl7Message::parse(readSample(QStringLiteral("orm_o01_v24_zorgdomein_lab_panel.hl7")));
    QVERIFY(v24.ok());
    Result<Hl7Message> old = Hl7Message::parse(
        Hl7Ack::build(v24.value(), Hl7Ack::Code::Error, QStringLiteral("BS-5"), at, {}, errors).toUtf8());
    QVERIFY(old.ok());
    const int err1 = old.value().find(QStringLiteral("ERR"));
    QCOMPARE(old.value().value(err1, 1, 1), QStringLiteral("OBR"));
    QCOMPARE(old.value().value(err1, 1, 4, 1), QStringLiteral("103"));
    QCOMPARE(old.value().value(err1, 1, 4, 2), QStringLiteral("Unknown test code GLU^X & Y"));
}

QTEST_GUILESS_MAIN(TestHl7)
#include "tst_hl7.moc"
