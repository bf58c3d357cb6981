// SPDX-License-Identifier: GPL-3.0-or-later
#include "specimen/specimenjson.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace benchside;

// `replay --json` lines are written without QJsonDocument; scripts (receiving_bench.sh, the CLI
// contract) read them as QJsonDocument wrote them, so every line must be byte for byte the same.
class TestSpecimenJson : public QObject
{
    Q_OBJECT

private slots:
    void replayLineIsWhatQJsonDocumentWrites_data();
    void replayLineIsWhatQJsonDocumentWrites();
    void replayLineOverRandomText();
};

namespace {
QByteArray viaQJsonDocument(const ScanOutcome &o, double commitMs)
{
    const QJsonObject line{{QStringLiteral("code"), o.code},
                           {QStringLiteral("outcome"), o.name()},
                           {QStringLiteral("commit_ms"), commitMs},
                           {QStringLiteral("message"), o.message}};
    return QJsonDocument(line).toJson(QJsonDocument::Compact);
}

ScanOutcome outcome(ScanOutcome::Type type, const QString &code, const QString &message)
{
    ScanOutcome o;
    o.type = type;
    o.code = code;
    o.message = message;
    return o;
}
} // namespace

void TestSpecimenJson::replayLineIsWhatQJsonDocumentWrites_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");
    QTest::addColumn<double>("commitMs");
    using T = ScanOutcome::Type;
    QTest::newRow("received") << int(T::Received) << "DEMO261056605"
                              << "DEMO261056605 · Serum · CBC, BMP · Main Lab / Receiving" << 0.388;
    QTest::newRow("whole milliseconds") << int(T::Duplicate) << "DEMO261056605"
                                        << "scanned again" << 2.0;
    QTest::newRow("zero") << int(T::Failed) << ""
                          << "" << 0.0;
    QTest::newRow("long fraction") << int(T::Received) << "A1"
                                   << "ok" << 0.1 + 0.2;
    QTest::newRow("tiny") << int(T::Received) << "A1"
                          << "ok" << 1.25e-7;
    QTest::newRow("huge") << int(T::Received) << "A1"
                          << "ok" << 1.5e21;
    QTest::newRow("quotes, backslash, controls") << int(T::BadCharacters) << "A\"B\\C\tD\x01"
                                                 << "line\nbreak \r \b \f \x1f end" << 12.5;
    QTest::newRow("non-ASCII and a pair") << int(T::Unknown) << "ÄÖ€"
                                          << "Röhrchen \U0001F9EA unbekannt" << 4.75;
    QTest::newRow("lone surrogates") << int(T::Unknown) << QString(QChar(0xD800))
                                     << QString(QChar(0xDC00)) + QStringLiteral("x") + QChar(0xDBFF) << 1.0;
}

void TestSpecimenJson::replayLineIsWhatQJsonDocumentWrites()
{
    QFETCH(int, type);
    QFETCH(QString, code);
    QFETCH(QString, message);
    QFETCH(double, commitMs);
    const ScanOutcome o = outcome(static_cast<ScanOutcome::Type>(type), code, message);
    QCOMPARE(SpecimenJson::replayLine(o, commitMs), viaQJsonDocument(o, commitMs));
}

void TestSpecimenJson::replayLineOverRandomText()
{
    QRandomGenerator random(22);
    for (int i = 0; i < 2000; ++i) {
        QString code;
        QString message;
        for (QString *s : {&code, &message}) {
            const int length = random.bounded(24);
            for (int k = 0; k < length; ++k) {
                // Mostly the edges: controls, ASCII, Latin-1, and the surrogate range.
                static const char16_t starts[] = {0x00, 0x20, 0x7f, 0xa0, 0xd7f0, 0xdbf0, 0xdff0, 0xfff0};
                s->append(QChar(char16_t(starts[random.bounded(8)] + random.bounded(16))));
            }
        }
        const double commitMs = random.bounded(100000) / double(1 + random.bounded(1000));
        const ScanOutcome o =
            outcome(static_cast<ScanOutcome::Type>(random.bounded(int(ScanOutcome::Type::Failed) + 1)), code,
                    message);
        QCOMPARE(SpecimenJson::replayLine(o, commitMs), viaQJsonDocument(o, commitMs));
    }
}

QTEST_GUILESS_MAIN(TestSpecimenJson)
#include "tst_specimenjson.moc"
