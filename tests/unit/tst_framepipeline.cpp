// SPDX-License-Identifier: GPL-3.0-or-later
// Camera frames to tubes: decoded on a thread of their own, dropped (never queued) while the decoder is
// busy, and a tube reported once two frames agree.

#include "barcode/symbology.h"
#include "camera/framemailbox.h"
#include "camera/framepipeline.h"
#include "syntheticimages.h"

#include <QAtomicInt>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace benchside;

class TestFramePipeline : public QObject
{
    Q_OBJECT

private slots:
    void mailboxKeepsOnlyTheNewestFrame();
    void mailboxAsksForOneWakeUpAtATime();
    void framesAreDecodedOffTheCallersThread();
    void busyDecoderDropsFramesInsteadOfQueueing();
    void tubeIsReportedOnceTwoFramesAgree();
    void codeInOneFrameOnlyIsNotReported();
};

namespace {
FrameMailbox::Frame frame(qint64 id, std::function<QImage()> image = {})
{
    return FrameMailbox::Frame{id, id * 40, std::move(image)};
}
const QString Accession = QStringLiteral("TST260000123");
} // namespace

void TestFramePipeline::mailboxKeepsOnlyTheNewestFrame()
{
    FrameMailbox mailbox;
    for (qint64 id = 1; id <= 5; ++id)
        mailbox.put(frame(id));
    const std::optional<FrameMailbox::Frame> taken = mailbox.take();
    QVERIFY(taken);
    QCOMPARE(taken->id, 5);
    QVERIFY(!mailbox.take());
    QCOMPARE(mailbox.offered(), 5);
    QCOMPARE(mailbox.dropped(), 4);
}

void TestFramePipeline::mailboxAsksForOneWakeUpAtATime()
{
    FrameMailbox mailbox;
    QVERIFY(mailbox.put(frame(1)));
    QVERIFY(!mailbox.put(frame(2))); // a wake-up is already on its way
    QVERIFY(mailbox.take());
    QVERIFY(!mailbox.put(frame(3))); // the taker is still draining: it will find this one
    QVERIFY(mailbox.take());
    QVERIFY(!mailbox.take()); // drained: the next frame must wake it again
    QVERIFY(mailbox.put(frame(4)));
}

void TestFramePipeline::framesAreDecodedOffTheCallersThread()
{
    FramePipeline pipeline;
    QSignalSpy read(&pipeline, &FramePipeline::frameRead);
    QAtomicPointer<QThread> decodedOn;
    pipeline.submit([&decodedOn] {
        decodedOn.storeRelease(QThread::currentThread());
        return synthetic::tube(Accession);
    });
    QVERIFY(read.wait(5000));
    QVERIFY(decodedOn.loadAcquire() != nullptr);
    QVERIFY(decodedOn.loadAcquire() != QThread::currentThread());
    const auto reading = read.first().first().value<FrameReading>();
    QCOMPARE(reading.codes.size(), 1);
    QCOMPARE(reading.codes.first().text, Accession);
    QVERIFY(reading.size.isValid());
}

// Thirty frames arrive while each decode takes 50 ms: most are dropped, at most one ever waits, and a
// dropped frame is never even converted.
void TestFramePipeline::busyDecoderDropsFramesInsteadOfQueueing()
{
    FramePipeline pipeline;
    QSignalSpy read(&pipeline, &FramePipeline::frameRead);
    QAtomicInt converted = 0;
    QImage blank(320, 240, QImage::Format_Grayscale8);
    blank.fill(255);
    for (int i = 0; i < 30; ++i) {
        pipeline.submit([&converted, blank] {
            converted.fetchAndAddOrdered(1);
            QThread::msleep(50);
            return blank;
        });
        QThread::msleep(5);
    }
    QTRY_COMPARE_WITH_TIMEOUT(pipeline.stats().decoded + pipeline.stats().dropped, qint64(30), 10000);
    const FramePipeline::Stats stats = pipeline.stats();
    QCOMPARE(stats.offered, 30);
    QVERIFY2(stats.dropped >= 20, qPrintable(QString::number(stats.dropped)));
    QCOMPARE(qint64(converted.loadAcquire()), stats.decoded);
    QCOMPARE(qint64(read.size()), stats.decoded);
    QVERIFY(stats.maxDecodeUs >= 50'000);
}

void TestFramePipeline::tubeIsReportedOnceTwoFramesAgree()
{
    FramePipeline pipeline;
    QSignalSpy tubes(&pipeline, &FramePipeline::tubeRead);
    QSignalSpy read(&pipeline, &FramePipeline::frameRead);
    const QImage photo = synthetic::tube(Accession);
    for (int i = 0; i < 6; ++i) {
        pipeline.submit([photo] { return photo; });
        // One at a time, so that none is dropped and each is a separate agreeing frame.
        QTRY_COMPARE(read.size(), i + 1);
    }
    QCOMPARE(tubes.size(), 1);
    QCOMPARE(tubes.first().first().toString(), Accession);
    QVERIFY(pipeline.isTrusted(Accession));
}

void TestFramePipeline::codeInOneFrameOnlyIsNotReported()
{
    FramePipeline pipeline;
    QSignalSpy tubes(&pipeline, &FramePipeline::tubeRead);
    QSignalSpy read(&pipeline, &FramePipeline::frameRead);
    QImage blank(900, 500, QImage::Format_Grayscale8);
    blank.fill(255);
    const QImage photo = synthetic::tube(Accession);
    for (int i = 0; i < 6; ++i) {
        const QImage image = i == 2 ? photo : blank;
        pipeline.submit([image] { return image; });
        QTRY_COMPARE(read.size(), i + 1);
    }
    QCOMPARE(read.at(2).first().value<FrameReading>().codes.size(), 1); // it was read, once
    QCOMPARE(tubes.size(), 0);
}

QTEST_GUILESS_MAIN(TestFramePipeline)
#include "tst_framepipeline.moc"
