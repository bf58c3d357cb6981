// SPDX-License-Identifier: GPL-3.0-or-later
// ASTM E1381 (LIS1-A) link layer: the real transcripts in ../shared/testdata/interfaces/astm fed as an
// instrument would send them (whole, a byte at a time, in random pieces), and every rule of the
// standard with a clock the test drives: checksums, frame numbers, repeats, contention, timers, the
// sender's frames and retries.
#include "astm/astmlink.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace benchside;

namespace {
QString testdata()
{
    return QStringLiteral(BENCHSIDE_SHARED_TESTDATA "/interfaces/astm");
}

QByteArray readTranscript(const QString &name)
{
    QFile f(testdata() + QLatin1Char('/') + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}

// The frames of a transcript: each starts at STX, which cannot occur anywhere else.
QList<QByteArray> framesOf(const QByteArray &bytes)
{
    QList<QByteArray> out;
    qsizetype at = bytes.indexOf(AstmLink::Stx);
    while (at >= 0) {
        const qsizetype next = bytes.indexOf(AstmLink::Stx, at + 1);
        out.append(bytes.mid(at, next < 0 ? -1 : next - at));
        at = next;
    }
    return out;
}

// The frame's text, as the receiver should keep it.
QByteArray textOf(const QByteArray &frame)
{
    const qsizetype end = std::max(frame.indexOf(AstmLink::Etx), frame.indexOf(AstmLink::Etb));
    return frame.mid(2, end - 2);
}

const QByteArray Enq(1, AstmLink::Enq);
const QByteArray Eot(1, AstmLink::Eot);
const QByteArray Ack(1, AstmLink::Ack);
const QByteArray Nak(1, AstmLink::Nak);

QByteArray withChecksum(QByteArray frame, const QByteArray &checksum)
{
    const qsizetype end = std::max(frame.indexOf(AstmLink::Etx), frame.indexOf(AstmLink::Etb));
    frame.replace(end + 1, 2, checksum);
    return frame;
}

bool logHas(const QStringList &log, const QString &text)
{
    return std::any_of(log.cbegin(), log.cend(), [&](const QString &line) { return line.contains(text); });
}
} // namespace

class TestAstmLink : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void checksumAndFrame();
    void transcripts_data();
    void transcripts();
    void badChecksumIsNakedAndTheResendAccepted();
    void lowerCaseChecksumIsAccepted();
    void wrongFrameNumberIsNaked();
    void repeatedFrameIsAckedAndDiscarded();
    void frameNumbersWrapModulo8();
    void etbTextIsJoinedUntilEtx();
    void eotAfterEtbDropsTheUnfinishedRecord();
    void trailersAndCrInsideText();
    void controlCharacterInTextIsNaked();
    void lengthLimitIsConfigurable();
    void enqWhileBusyIsNaked();
    void enqThenEotIsAnEmptySession();
    void receiverTimesOutAfter30s();
    void strayBytesAreLoggedOnce();
    void senderSplitsLongRecords();
    void senderGivesUpAfterSixNaks();
    void senderTimesOutWaitingForAck();
    void senderRetriesEnqWhenBusyOrSilent();
    void contentionTheInstrumentWins();
    void contentionTheInstrumentEnqsAgain();
    void enqWhileSendingIsNaked();
    void strayReplyWhileSendingIsANak();
    void twoLinksTalk();
    void ackAfterCommitHoldsTheLastAck();
    void ackAfterCommitRefusedIsNakedAndTheResendDeliveredAgain();
    void ackAfterCommitTimesOutWithNak();
    void ackAfterCommitTwoMessagesInOneSession();
    void ackAfterCommitMessageWithoutLAsBefore();
    void ackAfterCommitEotOrLineLostGivesTheHoldUp();
    void ackAfterCommitSenderResendsTheWholeMessage();
};

void TestAstmLink::initTestCase()
{
    QVERIFY2(QDir(testdata()).entryList({QStringLiteral("*.astm")}, QDir::Files).size() >= 9,
             qPrintable(QStringLiteral("%1 holds fewer than the 9 ASTM transcripts: put shared/ beside the "
                                       "repository")
                            .arg(testdata())));
}

void TestAstmLink::checksumAndFrame()
{
    // python-astm's canonical ETB frame (test_codecs.py).
    QCOMPARE(AstmLink::frame(1, "foo|1\rb", false), QByteArray("\x02"
                                                               "1foo|1\rb\x17"
                                                               "A8\r\n"));
    QCOMPARE(AstmLink::checksum("7L|1|N\r\x03"), QByteArray("0A"));
    QCOMPARE(AstmLink::checksum(""), QByteArray("00"));
    QCOMPARE(AstmLink::frame(8, "x", true).at(1), '0');
}

void TestAstmLink::transcripts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("frames");
    QTest::newRow("abbott") << "abbott_afinion2_singleframe.astm" << 1;
    QTest::newRow("genexpert") << "cepheid_genexpert_custom_delims.astm" << 1;
    QTest::newRow("horiba") << "horiba_pentra_xlr_multiframe.astm" << 28;
    QTest::newRow("c111 etb") << "roche_cobas_c111_multiframe_etb.astm" << 7;
    QTest::newRow("c111 etb crlf") << "roche_cobas_c111_multiframe_etb_crlf.astm" << 7;
    QTest::newRow("c311") << "roche_cobas_c311_singleframe.astm" << 1;
    QTest::newRow("dca vantage") << "siemens_dca_vantage_singleframe.astm" << 1;
    QTest::newRow("xn550") << "sysmex_xn550_singleframe.astm" << 1;
    QTest::newRow("xp100") << "sysmex_xp100_singleframe_padded.astm" << 1;
}

void TestAstmLink::transcripts()
{
    QFETCH(QString, file);
    QFETCH(int, frames);
    const QByteArray bytes = readTranscript(file);
    const QList<QByteArray> inFrames = framesOf(bytes);
    QCOMPARE(inFrames.size(), frames);
    QByteArray expected;
    for (const QByteArray &f : inFrames)
        expected += textOf(f);
    // Every frame's text ends with the record's CR, so the joined text is the records as sent.
    QVERIFY(expected.endsWith("L|1|N\r"));
    QVERIFY(expected.startsWith("H|"));

    // As an instrument sends: ENQ, each frame waiting for its ACK, EOT.
    AstmLink link;
    qint64 now = 0;
    QCOMPARE(link.feed(Enq, now), Ack);
    for (const QByteArray &f : inFrames) {
        now += 50;
        QCOMPARE(link.feed(f, now), Ack);
    }
    QCOMPARE(link.feed(Eot, now), QByteArray());
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{expected});
    const QStringList log = link.takeLog();
    QVERIFY2(!logHas(log, QStringLiteral("NAK")), qPrintable(log.join(QLatin1Char('\n'))));

    // The same stream a byte at a time, and in random pieces: the same answers and the same message.
    const QByteArray stream = Enq + bytes + Eot;
    const QByteArray acks = Ack.repeated(frames + 1);
    AstmLink bytewise;
    QByteArray answers;
    for (const char c : stream)
        answers += bytewise.feed(QByteArrayView(&c, 1), 0);
    QCOMPARE(answers, acks);
    QCOMPARE(bytewise.takeMessages(), QList<QByteArray>{expected});

    QRandomGenerator random(20);
    for (int round = 0; round < 20; ++round) {
        AstmLink pieces;
        answers.clear();
        for (qsizetype at = 0; at < stream.size();) {
            const qsizetype n = std::min<qsizetype>(random.bounded(1, 64), stream.size() - at);
            answers += pieces.feed(QByteArrayView(stream).sliced(at, n), 0);
            at += n;
        }
        QCOMPARE(answers, acks);
        QCOMPARE(pieces.takeMessages(), QList<QByteArray>{expected});
    }
}

void TestAstmLink::badChecksumIsNakedAndTheResendAccepted()
{
    AstmLink link;
    const QByteArray good = AstmLink::frame(1, "H|\\^&\r", true);
    QCOMPARE(link.feed(Enq, 0), Ack);
    const QByteArray wrong = good.mid(good.size() - 4, 2) == "4F" ? "4E" : "4F";
    QCOMPARE(link.feed(withChecksum(good, wrong), 10), Nak);
    const QStringList log = link.takeLog();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first(), QStringLiteral("NAK frame 1: checksum %1 expected %2")
                              .arg(QLatin1String(wrong), QLatin1String(good.mid(good.size() - 4, 2))));
    QCOMPARE(link.feed(good, 20), Ack);
    QCOMPARE(link.feed(AstmLink::frame(2, "L|1|N\r", true) + Eot, 30), Ack);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rL|1|N\r"});
}

void TestAstmLink::lowerCaseChecksumIsAccepted()
{
    AstmLink link;
    const QByteArray frame = AstmLink::frame(1, "R|1|^^^A|1\r", true);
    const QByteArray sum = frame.mid(frame.size() - 4, 2);
    QVERIFY(sum != sum.toLower()); // a checksum with a letter in it, or the test proves nothing
    link.feed(Enq, 0);
    QCOMPARE(link.feed(withChecksum(frame, sum.toLower()), 0), Ack);
}

void TestAstmLink::wrongFrameNumberIsNaked()
{
    AstmLink link;
    link.feed(Enq, 0);
    QCOMPARE(link.feed(AstmLink::frame(2, "H|\\^&\r", true), 0), Nak);
    QCOMPARE(link.takeLog(), QStringList{QStringLiteral("NAK frame 2: frame number 2 expected 1")});
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(3, "L|1\r", true), 0), Nak);
    // A frame number that is not a digit 0–7.
    QByteArray bad = AstmLink::frame(2, "L|1\r", true);
    bad[1] = '9';
    QCOMPARE(
        link.feed(withChecksum(bad, AstmLink::checksum(QByteArrayView(bad).sliced(1, bad.size() - 5))), 0),
        Nak);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("frame number 9 is not 0 to 7")));
}

void TestAstmLink::repeatedFrameIsAckedAndDiscarded()
{
    AstmLink link;
    link.feed(Enq, 0);
    const QByteArray one = AstmLink::frame(1, "H|\\^&\r", true);
    QCOMPARE(link.feed(one, 0), Ack);
    QCOMPARE(link.feed(one, 0), Ack);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("Frame 1 received again")));
    QCOMPARE(link.feed(AstmLink::frame(2, "L|1|N\r", true) + Eot, 0), Ack);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rL|1|N\r"});
}

void TestAstmLink::frameNumbersWrapModulo8()
{
    AstmLink link;
    link.feed(Enq, 0);
    QByteArray expected;
    for (int i = 1; i <= 10; ++i) {
        const QByteArray text = "C|" + QByteArray::number(i) + "\r";
        const QByteArray frame = AstmLink::frame(i, text, true);
        QCOMPARE(frame.at(1), char('0' + i % 8));
        QCOMPARE(link.feed(frame, 0), Ack);
        expected += text;
    }
    link.feed(Eot, 0);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{expected});
}

void TestAstmLink::etbTextIsJoinedUntilEtx()
{
    AstmLink link;
    link.feed(Enq, 0);
    // A record cut in the middle of a field, and a record split across a frame boundary.
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\rR|1|^^^GL", false), 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(2, "U|5.5|mmol/L\r", true), 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(3, "L|1|N\r", true), 0), Ack);
    link.feed(Eot, 0);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^GLU|5.5|mmol/L\rL|1|N\r"});
}

void TestAstmLink::eotAfterEtbDropsTheUnfinishedRecord()
{
    AstmLink link;
    link.feed(Enq, 0);
    link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0);
    link.feed(AstmLink::frame(2, "R|1|^^^GL", false), 0);
    link.feed(Eot, 0);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\r"});
    QVERIFY(logHas(link.takeLog(), QStringLiteral("unfinished record (9 characters) is discarded")));
}

void TestAstmLink::trailersAndCrInsideText()
{
    AstmLink link;
    link.feed(Enq, 0);
    QByteArray crOnly = AstmLink::frame(1, "H|\\^&\rP|1\r", true);
    crOnly.chop(1);
    QByteArray lfOnly = AstmLink::frame(2, "O|1|S1\r", true);
    lfOnly.remove(lfOnly.size() - 2, 1);
    QByteArray none = AstmLink::frame(3, "R|1|^^^A|1", true); // no record CR either
    none.chop(2);
    QCOMPARE(link.feed(crOnly + lfOnly + none, 0), Ack + Ack + Ack);
    QCOMPARE(link.feed(AstmLink::frame(4, "L|1|N\r", true) + Eot, 0), Ack);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rP|1\rO|1|S1\rR|1|^^^A|1\rL|1|N\r"});
    QCOMPARE(link.takeLog(), QStringList());
}

void TestAstmLink::controlCharacterInTextIsNaked()
{
    AstmLink link;
    link.feed(Enq, 0);
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\x10\r", true), 0), Nak);
    QCOMPARE(link.takeLog(), QStringList{QStringLiteral("NAK frame 1: control character 0x10 in the text")});
    QCOMPARE(link.feed(AstmLink::frame(1, "H|a\nb\r", true), 0), Nak);
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0), Ack);
}

void TestAstmLink::lengthLimitIsConfigurable()
{
    const QByteArray text240 = "C|1|" + QByteArray(235, 'x') + "\r";
    QCOMPARE(text240.size(), 240);
    const QByteArray text241 = "C|1|" + QByteArray(236, 'x') + "\r";
    // LIS1-A's own limit, 247 characters with the framing.
    AstmLink strict(AstmLink::SendTextLimit);
    strict.feed(Enq, 0);
    QCOMPARE(AstmLink::frame(1, text240, true).size(), 247);
    QCOMPARE(strict.feed(AstmLink::frame(1, text240, true), 0), Ack);
    QCOMPARE(strict.feed(AstmLink::frame(2, text241, true), 0), Nak);
    QVERIFY(logHas(strict.takeLog(), QStringLiteral("NAK frame 2: more than 240 characters of text")));
    // The default accepts the long single frames instruments (and senaite's captures) carry.
    AstmLink lenient;
    lenient.feed(Enq, 0);
    const QByteArray big = "C|1|" + QByteArray(20000, 'y') + "\r";
    QCOMPARE(lenient.feed(AstmLink::frame(1, big, true), 0), Ack);
    QCOMPARE(
        lenient.feed(AstmLink::frame(2, QByteArray(AstmLink::DefaultReceiveTextLimit + 1, 'z'), true), 0),
        Nak);
    lenient.feed(Eot, 0);
    QCOMPARE(lenient.takeMessages(), QList<QByteArray>{big});
}

void TestAstmLink::enqWhileBusyIsNaked()
{
    AstmLink link;
    QCOMPARE(link.feed(Enq, 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0), Ack);
    QCOMPARE(link.feed(Enq, 0), Nak);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("ENQ while busy")));
    QCOMPARE(link.state(), AstmLink::State::Receiving);
}

void TestAstmLink::enqThenEotIsAnEmptySession()
{
    AstmLink link;
    QCOMPARE(link.feed(Enq + Eot, 0), Ack);
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QVERIFY(link.takeMessages().isEmpty());
    QCOMPARE(link.takeLog(), QStringList{QStringLiteral("Empty session (ENQ then EOT).")});
    QCOMPARE(link.feed(Enq, 10), Ack);
}

void TestAstmLink::receiverTimesOutAfter30s()
{
    AstmLink link;
    link.feed(Enq, 0);
    link.feed(AstmLink::frame(1, "H|\\^&\r", true), 1000);
    // Half a frame, then silence.
    link.feed(QByteArray("\x02"
                         "2P|1"),
              2000);
    QCOMPARE(link.tick(31999), QByteArray());
    QCOMPARE(link.state(), AstmLink::State::Receiving);
    QCOMPARE(link.tick(32000), QByteArray());
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QCOMPARE(link.takeLog(),
             QStringList{QStringLiteral(
                 "Timeout waiting for frame (30 s): partial message discarded (frames received: 1).")});
    // The rest arrives late: nothing of the old session survives, a new one starts cleanly.
    QCOMPARE(link.feed(AstmLink::frame(2, "L|1|N\r", true) + Eot, 33000), QByteArray());
    QVERIFY(link.takeMessages().isEmpty());
    QCOMPARE(link.feed(Enq + AstmLink::frame(1, "H|\\^&\r", true) + Eot, 34000), Ack + Ack);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\r"});
}

void TestAstmLink::strayBytesAreLoggedOnce()
{
    AstmLink link;
    QCOMPARE(link.feed("noise", 0), QByteArray());
    QCOMPARE(link.feed(Enq, 0), Ack);
    QCOMPARE(link.takeLog(), QStringList{QStringLiteral("Ignored 5 bytes outside a frame.")});
}

void TestAstmLink::senderSplitsLongRecords()
{
    AstmLink link;
    // 599 characters and the record's CR: 240 + 240 + 120.
    const QByteArray record = "C|1|" + QByteArray(595, 'x');
    link.send({record});
    QCOMPARE(link.queuedMessages(), 1);
    QCOMPARE(link.tick(0), Enq);
    QCOMPARE(link.state(), AstmLink::State::Establishing);
    const QByteArray text = record + '\r';
    const QByteArray f1 = link.feed(Ack, 10);
    QCOMPARE(f1, AstmLink::frame(1, text.first(240), false));
    QCOMPARE(f1.at(1), '1');
    QCOMPARE(f1.at(242), AstmLink::Etb);
    const QByteArray f2 = link.feed(Ack, 20);
    QCOMPARE(f2, AstmLink::frame(2, text.sliced(240, 240), false));
    const QByteArray f3 = link.feed(Ack, 30);
    QCOMPARE(f3, AstmLink::frame(3, text.sliced(480), true));
    QCOMPARE(f3.at(1), '3');
    QCOMPARE(f3.at(2 + 120), AstmLink::Etx);
    QCOMPARE(link.feed(Ack, 40), Eot);
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QCOMPARE(link.queuedMessages(), 0);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("Message sent (3 frames).")));

    // One record per frame, frame numbers running on across records and wrapping at 8.
    QList<QByteArray> records;
    for (int i = 0; i < 9; ++i)
        records.append("C|" + QByteArray::number(i));
    const QList<QByteArray> frames = AstmLink::frames(records);
    QCOMPARE(frames.size(), 9);
    QCOMPARE(frames.at(0), AstmLink::frame(1, "C|0\r", true));
    QCOMPARE(frames.at(7).at(1), '0');
    QCOMPARE(frames.at(8), AstmLink::frame(1, "C|8\r", true));
    for (const QByteArray &f : AstmLink::frames({QByteArray(5000, 'x')}))
        QVERIFY(f.size() <= 247);
}

void TestAstmLink::senderGivesUpAfterSixNaks()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    link.tick(0);
    const QByteArray first = link.feed(Ack, 0);
    QCOMPARE(first, AstmLink::frame(1, "H|\\^&\r", true));
    for (int resend = 1; resend <= 5; ++resend)
        QCOMPARE(link.feed(Nak, resend * 100), first);
    QCOMPARE(link.feed(Nak, 600), Eot);
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QCOMPARE(link.queuedMessages(), 0);
    const QStringList log = link.takeLog();
    QVERIFY2(logHas(log, QStringLiteral("frame 1 refused 6 times: message abandoned, EOT.")),
             qPrintable(log.join(QLatin1Char('\n'))));
    // Abandoned for good: no new ENQ.
    QCOMPARE(link.tick(60000), QByteArray());
}

void TestAstmLink::senderTimesOutWaitingForAck()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    link.tick(0);
    link.feed(Ack, 0);
    QCOMPARE(link.feed(Ack, 1000), AstmLink::frame(2, "L|1|N\r", true));
    QCOMPARE(link.tick(15999), QByteArray());
    QCOMPARE(link.tick(16000), Eot);
    QCOMPARE(link.state(), AstmLink::State::Idle);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("No answer to frame 2 within 15 s: message abandoned")));
    // A late ACK changes nothing.
    QCOMPARE(link.feed(Ack, 17000), QByteArray());
}

void TestAstmLink::senderRetriesEnqWhenBusyOrSilent()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    QCOMPARE(link.tick(0), Enq);
    // The instrument is busy: at least 10 s before the next ENQ.
    QCOMPARE(link.feed(Nak, 100), QByteArray());
    QCOMPARE(link.tick(10099), QByteArray());
    QCOMPARE(link.tick(10100), Enq);
    // No answer at all: EOT after 15 s, then 10 s again.
    QCOMPARE(link.tick(25099), QByteArray());
    QCOMPARE(link.tick(25100), Eot);
    QCOMPARE(link.tick(35099), QByteArray());
    QCOMPARE(link.tick(35100), Enq);
    QCOMPARE(link.feed(Ack, 35200), AstmLink::frame(1, "H|\\^&\r", true));
    QCOMPARE(link.queuedMessages(), 1);
}

void TestAstmLink::contentionTheInstrumentWins()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    QCOMPARE(link.tick(0), Enq);
    // Both sent ENQ: we answer the instrument's and receive.
    QCOMPARE(link.feed(Enq, 100), Ack);
    QCOMPARE(link.state(), AstmLink::State::Receiving);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("Contention")));
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\rL|1|N\r", true), 200), Ack);
    // The instrument's session ends; ours waits at least 20 s from the contention.
    QCOMPARE(link.feed(Eot, 300), QByteArray());
    QCOMPARE(link.takeMessages().size(), 1);
    QCOMPARE(link.tick(20099), QByteArray());
    QCOMPARE(link.tick(20100), Enq);
    QCOMPARE(link.feed(Ack, 20200), AstmLink::frame(1, "H|\\^&\r", true));
}

// LIS1-A and the Roche host interface manuals: after contention the instrument waits at least 1 s
// and sends ENQ again; the host answers that ENQ. It is ACKed as a fresh start (it was NAKed, and
// every later ENQ too), and an ENQ does not keep the session's 30 s timer going (audit F5).
void TestAstmLink::contentionTheInstrumentEnqsAgain()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    QCOMPARE(link.tick(0), Enq);
    QCOMPARE(link.feed(Enq, 100), Ack);
    link.takeLog();
    // The instrument did not take that ACK: its next ENQ, 1 s later, is answered with ACK.
    QCOMPARE(link.feed(Enq, 1100), Ack);
    QCOMPARE(link.state(), AstmLink::State::Receiving);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("starts again")));
    QCOMPARE(link.feed(Enq, 11100), Ack);
    // ENQs are no frames: the session still times out 30 s after the contention.
    QCOMPARE(link.tick(30099), QByteArray());
    QCOMPARE(link.state(), AstmLink::State::Receiving);
    // Timed out; our own message, waiting since the contention, goes now.
    QCOMPARE(link.tick(30100), Enq);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("Timeout waiting for frame")));

    // A session that has begun still refuses an ENQ, and the instrument goes on with its frames.
    AstmLink again;
    QCOMPARE(again.feed(Enq, 0), Ack);
    QCOMPARE(again.feed(AstmLink::frame(1, "H|\\^&\r", false), 10), Ack);
    QCOMPARE(again.feed(Enq, 20), Nak);
    QCOMPARE(again.feed(AstmLink::frame(2, "L|1|N\r", true), 30), Ack);
    QCOMPARE(again.feed(Eot, 40), QByteArray());
    QCOMPARE(again.takeMessages().size(), 1);
}

// E1381/LIS1-A: while we send, a reply that is neither ACK nor EOT (nor NAK) is a NAK condition:
// the frame is sent again at once, counting toward the six tries (audit F6).
void TestAstmLink::strayReplyWhileSendingIsANak()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    QCOMPARE(link.tick(0), Enq);
    const QByteArray first = link.feed(Ack, 10);
    QCOMPARE(first, AstmLink::frame(1, "H|\\^&\r", true));
    QCOMPARE(link.feed("?", 600), first);
    QCOMPARE(link.state(), AstmLink::State::Sending);
    QCOMPARE(link.feed(Ack, 700), AstmLink::frame(2, "L|1|N\r", true));
    // Six tries in all, then the message is given up as after six NAKs.
    for (int i = 1; i < 6; ++i)
        QCOMPARE(link.feed("?", 700 + i * 100), AstmLink::frame(2, "L|1|N\r", true));
    QCOMPARE(link.feed("?", 1400), Eot);
    QCOMPARE(link.queuedMessages(), 0);
}

void TestAstmLink::enqWhileSendingIsNaked()
{
    AstmLink link;
    link.send({"H|\\^&", "L|1|N"});
    link.tick(0);
    link.feed(Ack, 0);
    QCOMPARE(link.feed(Enq, 10), Nak);
    QCOMPARE(link.state(), AstmLink::State::Sending);
    QCOMPARE(link.feed(Ack, 20), AstmLink::frame(2, "L|1|N\r", true));
}

void TestAstmLink::twoLinksTalk()
{
    // Our sender against our receiver: 12 records, one past 240 characters, frame numbers wrapping.
    QList<QByteArray> records{"H|\\^&|||Benchside"};
    for (int i = 1; i <= 10; ++i)
        records.append("O|" + QByteArray::number(i) + "|S" + QByteArray::number(i) + "||^^^GLU");
    records.append("C|1|I|" + QByteArray(500, 'n'));
    records.append("L|1|N");
    AstmLink sender;
    AstmLink receiver;
    sender.send(records);
    QByteArray toReceiver = sender.tick(0);
    for (int turn = 0; turn < 100 && !toReceiver.isEmpty(); ++turn)
        toReceiver = sender.feed(receiver.feed(toReceiver, turn), turn);
    QCOMPARE(sender.queuedMessages(), 0);
    QCOMPARE(receiver.takeMessages(), QList<QByteArray>{records.join('\r') + '\r'});
    QCOMPARE(receiver.takeLog(), QStringList());
}

void TestAstmLink::ackAfterCommitHoldsTheLastAck()
{
    AstmLink link;
    link.setAckAfterCommit(true);
    QCOMPARE(link.feed(Enq, 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0), Ack);
    // ETB frames and ETX frames that do not end in an L record are answered at once.
    QCOMPARE(link.feed(AstmLink::frame(2, "R|1|^^^GL", false), 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(3, "U|5.5\r", true), 0), Ack);
    QCOMPARE(link.heldMessage(), quint64(0));
    // The L frame: no answer, the message is out before EOT.
    QCOMPARE(link.feed(AstmLink::frame(4, "L|1|N\r", true), 100), QByteArray());
    QVERIFY(link.heldMessage() != 0);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^GLU|5.5\rL|1|N\r"});
    QCOMPARE(link.tick(5000), QByteArray());
    QCOMPARE(link.committed(5000), Ack);
    QCOMPARE(link.heldMessage(), quint64(0));
    QCOMPARE(link.committed(5001), QByteArray()); // once
    QCOMPARE(link.refused(5001), QByteArray());
    // Our ACK was lost: the repeat of the L frame is ACKed and dropped as before.
    QCOMPARE(link.feed(AstmLink::frame(4, "L|1|N\r", true), 5100), Ack);
    QCOMPARE(link.feed(Eot, 5200), QByteArray());
    QVERIFY(link.takeMessages().isEmpty()); // EOT gives nothing twice
    QCOMPARE(link.state(), AstmLink::State::Idle);
    // An L record with another delimiter, and `L` alone, complete a message too; an `LX` record does not.
    link.feed(Enq, 6000);
    QCOMPARE(link.feed(AstmLink::frame(1, "H@^\\\rL@1\r", true), 6000), QByteArray());
    QCOMPARE(link.committed(6000), Ack);
    QCOMPARE(link.feed(AstmLink::frame(2, "H|\\^&\rLX|1\r", true), 6000), Ack);
    QCOMPARE(link.feed(AstmLink::frame(3, "L\r", true), 6000), QByteArray());
    QCOMPARE(link.committed(6000), Ack);
    QCOMPARE(link.takeMessages(), (QList<QByteArray>{"H@^\\\rL@1\r", "H|\\^&\rLX|1\rL\r"}));
}

void TestAstmLink::ackAfterCommitRefusedIsNakedAndTheResendDeliveredAgain()
{
    AstmLink link;
    link.setAckAfterCommit(true);
    link.feed(Enq, 0);
    link.feed(AstmLink::frame(1, "H|\\^&\rR|1|^^^GLU|5.5\r", true), 0);
    const QByteArray last = AstmLink::frame(2, "L|1|N\r", true);
    QCOMPARE(link.feed(last, 0), QByteArray());
    const quint64 first = link.heldMessage();
    QCOMPARE(link.takeMessages().size(), 1);
    link.takeLog();
    QCOMPARE(link.refused(50), Nak);
    QCOMPARE(link.heldMessage(), quint64(0));
    QCOMPARE(link.takeLog(), QStringList{QStringLiteral("NAK frame 2: the message it completes was not "
                                                        "committed; the instrument sends it again.")});
    // The analyzer sends the NAKed frame again: the whole message comes again, with a new number.
    QCOMPARE(link.feed(last, 100), QByteArray());
    QVERIFY(link.heldMessage() > first);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^GLU|5.5\rL|1|N\r"});
    QCOMPARE(link.committed(120), Ack);
    QCOMPARE(link.feed(Eot, 130), QByteArray());
    QVERIFY(link.takeMessages().isEmpty());
    QCOMPARE(link.takeLog(), QStringList());
}

void TestAstmLink::ackAfterCommitTimesOutWithNak()
{
    AstmLink link;
    link.setAckAfterCommit(true);
    link.feed(Enq, 0);
    const QByteArray message = AstmLink::frame(1, "H|\\^&\r", true);
    link.feed(message, 0);
    QCOMPARE(link.feed(AstmLink::frame(2, "L|1|N\r", true), 1000), QByteArray());
    link.takeMessages();
    // Other frames while the ACK is held are not answered (the sender waits for that answer).
    QCOMPARE(link.feed(AstmLink::frame(3, "H|\\^&\r", true), 2000), QByteArray());
    QVERIFY(logHas(link.takeLog(), QStringLiteral("not answered, discarded")));
    QCOMPARE(link.tick(10999), QByteArray());
    QCOMPARE(link.tick(11000), Nak);
    QVERIFY(logHas(link.takeLog(), QStringLiteral("not committed within 10 s")));
    QCOMPARE(link.heldMessage(), quint64(0));
    // A late answer changes nothing; the resend is taken, and the frame timer runs from the NAK.
    QCOMPARE(link.committed(11500), QByteArray());
    QCOMPARE(link.tick(40999), QByteArray());
    QCOMPARE(link.state(), AstmLink::State::Receiving);
    QCOMPARE(link.feed(AstmLink::frame(2, "L|1|N\r", true), 40999), QByteArray());
    QCOMPARE(link.committed(41000), Ack);
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rL|1|N\r"});
}

void TestAstmLink::ackAfterCommitTwoMessagesInOneSession()
{
    AstmLink link;
    link.setAckAfterCommit(true);
    link.feed(Enq, 0);
    link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0);
    link.feed(AstmLink::frame(2, "R|1|^^^A|1\r", true), 0);
    QCOMPARE(link.feed(AstmLink::frame(3, "L|1|N\r", true), 0), QByteArray());
    const quint64 first = link.heldMessage();
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^A|1\rL|1|N\r"});
    QCOMPARE(link.committed(10), Ack);
    link.feed(AstmLink::frame(4, "H|\\^&\r", true), 20);
    link.feed(AstmLink::frame(5, "R|1|^^^B|2\r", true), 20);
    QCOMPARE(link.feed(AstmLink::frame(6, "L|1|N\r", true), 20), QByteArray());
    QVERIFY(link.heldMessage() > first);
    // The second message alone: the first was committed.
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^B|2\rL|1|N\r"});
    QCOMPARE(link.refused(30), Nak);
    QCOMPARE(link.feed(AstmLink::frame(6, "L|1|N\r", true), 40), QByteArray());
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^B|2\rL|1|N\r"});
    QCOMPARE(link.committed(50), Ack);
    QCOMPARE(link.feed(Eot, 60), QByteArray());
    QVERIFY(link.takeMessages().isEmpty());
}

void TestAstmLink::ackAfterCommitMessageWithoutLAsBefore()
{
    AstmLink link;
    link.setAckAfterCommit(true);
    link.feed(Enq, 0);
    QCOMPARE(link.feed(AstmLink::frame(1, "H|\\^&\r", true), 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(2, "R|1|^^^A|1\r", true), 0), Ack);
    QCOMPARE(link.feed(AstmLink::frame(3, "R|2|^^^B", false), 0), Ack);
    QVERIFY(link.takeMessages().isEmpty());
    // Cut off, then EOT: what was complete comes out at EOT, for the intake to note and not take.
    QCOMPARE(link.feed(Eot, 0), QByteArray());
    QCOMPARE(link.heldMessage(), quint64(0));
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rR|1|^^^A|1\r"});
    // A committed message, then one cut off in the same session: only the cut-off one at EOT.
    link.feed(Enq, 10);
    link.feed(AstmLink::frame(1, "H|\\^&\rL|1\r", true), 10);
    QCOMPARE(link.committed(10), Ack);
    QCOMPARE(link.feed(AstmLink::frame(2, "H|\\^&\rR|1|^^^C|3\r", true) + Eot, 10), Ack);
    QCOMPARE(link.takeMessages(), (QList<QByteArray>{"H|\\^&\rL|1\r", "H|\\^&\rR|1|^^^C|3\r"}));
}

void TestAstmLink::ackAfterCommitEotOrLineLostGivesTheHoldUp()
{
    AstmLink link;
    link.setAckAfterCommit(true);
    link.feed(Enq, 0);
    link.feed(AstmLink::frame(1, "H|\\^&\rL|1\r", true), 0);
    QVERIFY(link.heldMessage() != 0);
    link.takeLog();
    // The sender gave up: the message (already out) is not given again at EOT, nor acknowledged.
    QCOMPARE(link.feed(Eot, 100), QByteArray());
    QCOMPARE(link.heldMessage(), quint64(0));
    QCOMPARE(link.takeMessages(), QList<QByteArray>{"H|\\^&\rL|1\r"});
    QVERIFY(logHas(link.takeLog(), QStringLiteral("EOT while the ACK")));
    QCOMPARE(link.committed(200), QByteArray());
    // The line goes while an ACK is held.
    link.feed(Enq, 300);
    link.feed(AstmLink::frame(1, "H|\\^&\rL|1\r", true), 300);
    QVERIFY(link.heldMessage() != 0);
    link.reset();
    QCOMPARE(link.heldMessage(), quint64(0));
    QVERIFY(logHas(link.takeLog(), QStringLiteral("Line lost while the ACK")));
    QCOMPARE(link.refused(400), QByteArray());
    QCOMPARE(link.state(), AstmLink::State::Idle);
}

void TestAstmLink::ackAfterCommitSenderResendsTheWholeMessage()
{
    // Our sender against a receiver that holds its ACKs: the message arrives, is refused twice (two
    // commits failed) and then committed; the sender sees the message through only at the end.
    QList<QByteArray> records{"H|\\^&|||Benchside"};
    for (int i = 1; i <= 9; ++i)
        records.append("R|" + QByteArray::number(i) + "|^^^T" + QByteArray::number(i) + "|" +
                       QByteArray::number(i));
    records.append("L|1|N");
    AstmLink sender;
    AstmLink receiver;
    receiver.setAckAfterCommit(true);
    sender.send(records);
    QByteArray toReceiver = sender.tick(0);
    int refusals = 0;
    QList<QByteArray> delivered;
    for (int turn = 0; turn < 100 && !toReceiver.isEmpty(); ++turn) {
        QByteArray answer = receiver.feed(toReceiver, turn);
        delivered += receiver.takeMessages();
        if (receiver.heldMessage() != 0) {
            QCOMPARE(answer, QByteArray());
            QCOMPARE(sender.queuedMessages(), 1); // not acknowledged yet
            answer = refusals < 2 ? receiver.refused(turn) : receiver.committed(turn);
            ++refusals;
        }
        toReceiver = sender.feed(answer, turn);
    }
    QCOMPARE(refusals, 3);
    QCOMPARE(sender.queuedMessages(), 0);
    const QByteArray text = records.join('\r') + '\r';
    QCOMPARE(delivered, (QList<QByteArray>{text, text, text}));
    QVERIFY(logHas(sender.takeLog(), QStringLiteral("Message sent (11 frames).")));
}

QTEST_GUILESS_MAIN(TestAstmLink)
#include "tst_astmlink.moc"
