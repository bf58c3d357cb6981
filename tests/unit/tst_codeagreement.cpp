// SPDX-License-Identifier: GPL-3.0-or-later
// When a code the camera read becomes a tube to scan: two frames must agree, and a tube that stays in
// view is sent once (decision 59).

#include "camera/codeagreement.h"

#include <QTest>

using namespace benchside;

class TestCodeAgreement : public QObject
{
    Q_OBJECT

private slots:
    void oneFrameIsNotTrusted();
    void secondFrameAgrees();
    void twoSymbolsOfOneLabelInOneFrameAreOneRead();
    void readsTooFarApartDoNotAgree();
    void heldTubeIsSentOnce();
    void tubeThatLeftAndCameBackIsSentAgain();
    void unreadableSymbolsCountForNothing();
    void tubesAreJudgedApart();
    void flickeringMisreadIsNeverTrusted();
};

namespace {
DecodedCode code(const QString &text, Symbology symbology = Symbology::Code128)
{
    DecodedCode c;
    c.text = text;
    c.symbology = symbology;
    return c;
}
const QString A = QStringLiteral("TST26000001K");
const QString B = QStringLiteral("TST26000002M");
} // namespace

void TestCodeAgreement::oneFrameIsNotTrusted()
{
    CodeAgreement agreement;
    QVERIFY(agreement.add({code(A)}, 0).isEmpty());
    QVERIFY(!agreement.isTrusted(A));
    // Frames without it follow: it never becomes a scan.
    for (qint64 t = 40; t < 3000; t += 40)
        QVERIFY(agreement.add({}, t).isEmpty());
    QCOMPARE(agreement.inView(), 0);
}

void TestCodeAgreement::secondFrameAgrees()
{
    CodeAgreement agreement;
    QVERIFY(agreement.add({code(A)}, 0).isEmpty());
    QCOMPARE(agreement.add({code(A)}, 40), QStringList{A});
    QVERIFY(agreement.isTrusted(A));
}

void TestCodeAgreement::twoSymbolsOfOneLabelInOneFrameAreOneRead()
{
    CodeAgreement agreement;
    QVERIFY(agreement.add({code(A), code(A, Symbology::DataMatrix)}, 0).isEmpty());
    QVERIFY(!agreement.isTrusted(A));
    QCOMPARE(agreement.add({code(A, Symbology::DataMatrix)}, 40), QStringList{A});
}

void TestCodeAgreement::readsTooFarApartDoNotAgree()
{
    CodeAgreement agreement({1000, 1500});
    QVERIFY(agreement.add({code(A)}, 0).isEmpty());
    QVERIFY(agreement.add({}, 500).isEmpty());
    // 1,200 ms after the first read: too late to vouch for it, so this is a first read again.
    QVERIFY(agreement.add({code(A)}, 1200).isEmpty());
    QCOMPARE(agreement.add({code(A)}, 1250), QStringList{A});
}

void TestCodeAgreement::heldTubeIsSentOnce()
{
    CodeAgreement agreement({1000, 1500});
    int sent = 0;
    // Ten seconds under the camera, read in every second frame (blur loses the others).
    for (qint64 t = 0; t < 10'000; t += 40)
        sent +=
            int(agreement.add(t % 80 == 0 ? QList<DecodedCode>{code(A)} : QList<DecodedCode>{}, t).size());
    QCOMPARE(sent, 1);
    // A second of frames without a read (a hand over the label) does not make it a new tube either.
    for (qint64 t = 10'000; t < 11'000; t += 40)
        sent += int(agreement.add({}, t).size());
    for (qint64 t = 11'000; t < 12'000; t += 40)
        sent += int(agreement.add({code(A)}, t).size());
    QCOMPARE(sent, 1);
}

void TestCodeAgreement::tubeThatLeftAndCameBackIsSentAgain()
{
    CodeAgreement agreement({1000, 1500});
    QVERIFY(agreement.add({code(A)}, 0).isEmpty());
    QCOMPARE(agreement.add({code(A)}, 40).size(), 1);
    QVERIFY(agreement.add({}, 2000).isEmpty()); // gone: unread for more than 1,500 ms
    QVERIFY(!agreement.isTrusted(A));
    QVERIFY(agreement.add({code(A)}, 2040).isEmpty());
    // Sent again: the scan path, not the camera, decides that it is a duplicate receipt.
    QCOMPARE(agreement.add({code(A)}, 2080), QStringList{A});
}

void TestCodeAgreement::unreadableSymbolsCountForNothing()
{
    CodeAgreement agreement;
    DecodedCode located = code(QString());
    located.readable = false;
    QVERIFY(agreement.add({located}, 0).isEmpty());
    QVERIFY(agreement.add({located}, 40).isEmpty());
    QCOMPARE(agreement.inView(), 0);
}

void TestCodeAgreement::tubesAreJudgedApart()
{
    CodeAgreement agreement;
    QVERIFY(agreement.add({code(A), code(B)}, 0).isEmpty());
    QCOMPARE(agreement.add({code(B)}, 40), QStringList{B});
    QVERIFY(!agreement.isTrusted(A));
    QCOMPARE(agreement.add({code(A), code(B)}, 80), QStringList{A});
}

// A blurred frame that reads a wrong number now and then, never twice within the agreement window.
void TestCodeAgreement::flickeringMisreadIsNeverTrusted()
{
    CodeAgreement agreement({1000, 1500});
    QStringList sent;
    for (int i = 0; i < 100; ++i) {
        QList<DecodedCode> codes{code(A)};
        if (i % 30 == 0)
            codes.append(code(QStringLiteral("TST26000001X")));
        sent += agreement.add(codes, i * 40);
    }
    QCOMPARE(sent, QStringList{A});
}

QTEST_APPLESS_MAIN(TestCodeAgreement)
#include "tst_codeagreement.moc"
