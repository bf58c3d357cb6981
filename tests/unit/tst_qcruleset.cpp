// SPDX-License-Identifier: GPL-3.0-or-later
// QcRuleSet: the defaults for two and three levels, 10x/8x/12x as alternatives, text and JSON
// round trips, and the messages for text that is not a rule set.

#include "qc/qcruleset.h"

#include <QJsonArray>
#include <QTest>

using namespace benchside;

class TestQcRuleSet : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void names();
    void meanRulesAreAlternatives();
    void roundTrip();
    void parse_data();
    void parse();
    void json();
};

void TestQcRuleSet::defaults()
{
    QCOMPARE(QcRuleSet::defaults().toString(), QStringLiteral("1-2s,1-3s,2-2s,R-4s,4-1s,10x"));
    QCOMPARE(QcRuleSet::defaults(2), QcRuleSet::defaults());
    QCOMPARE(QcRuleSet::defaults(1), QcRuleSet::defaults());
    QCOMPARE(QcRuleSet::defaults(3).toString(), QStringLiteral("1-2s,1-3s,R-4s,12x,2of3-2s,3-1s"));
    QVERIFY(!QcRuleSet::defaults().contains(QcRule::SevenT));
    QVERIFY(!QcRuleSet::defaults(3).contains(QcRule::SevenT));
    QVERIFY(QcRuleSet::defaults().validate().ok());
    QVERIFY(QcRuleSet::defaults(3).validate().ok());
    QVERIFY(!QcRuleSet::rejects(QcRule::OneTwoS));
    for (QcRule r : QcRuleSet::allRules()) {
        if (r != QcRule::OneTwoS)
            QVERIFY(QcRuleSet::rejects(r));
    }
}

void TestQcRuleSet::names()
{
    const QStringList expected{"1-2s", "1-3s", "2-2s",    "R-4s", "4-1s", "10x",
                               "8x",   "12x",  "2of3-2s", "3-1s", "7T"};
    QStringList got;
    for (QcRule r : QcRuleSet::allRules()) {
        got << QcRuleSet::name(r);
        QCOMPARE(QcRuleSet::fromName(QcRuleSet::name(r)), std::optional<QcRule>(r));
        QVERIFY(QcRuleSet::description(r).startsWith(QcRuleSet::name(r) + QLatin1Char(':')));
    }
    QCOMPARE(got, expected);
    QCOMPARE(QcRuleSet::fromName(QStringLiteral(" r-4S ")), std::optional<QcRule>(QcRule::RangeFourS));
    QCOMPARE(QcRuleSet::fromName(QStringLiteral("7t")), std::optional<QcRule>(QcRule::SevenT));
    QVERIFY(!QcRuleSet::fromName(QStringLiteral("2-3s")));
    QCOMPARE(QcRuleSet::names(QcRuleSet::bit(QcRule::SevenT) | QcRuleSet::bit(QcRule::OneTwoS)),
             (QStringList{QStringLiteral("1-2s"), QStringLiteral("7T")}));
}

void TestQcRuleSet::meanRulesAreAlternatives()
{
    QcRuleSet r = QcRuleSet::defaults();
    r.setEnabled(QcRule::EightX, true);
    QVERIFY(r.contains(QcRule::EightX));
    QVERIFY(!r.contains(QcRule::TenX));
    r.setEnabled(QcRule::TwelveX, true);
    QVERIFY(!r.contains(QcRule::EightX));
    QVERIFY(r.contains(QcRule::TwelveX));
    QCOMPARE(r.toString(), QStringLiteral("1-2s,1-3s,2-2s,R-4s,4-1s,12x"));
    r.setEnabled(QcRule::TwelveX, false);
    QCOMPARE(r.toString(), QStringLiteral("1-2s,1-3s,2-2s,R-4s,4-1s"));
    r.setEnabled(QcRule::SevenT, true);
    QVERIFY(r.contains(QcRule::SevenT));
    QVERIFY(r.validate().ok());
}

void TestQcRuleSet::roundTrip()
{
    QcRuleSet r = QcRuleSet::defaults(3);
    r.setEnabled(QcRule::SevenT, true);
    const Result<QcRuleSet> back = QcRuleSet::fromString(r.toString());
    QVERIFY2(back.ok(), qPrintable(back.error()));
    QCOMPARE(*back, r);
    QCOMPARE(back->rules(), r.rules());
}

void TestQcRuleSet::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical"); // empty: refused
    QTest::addColumn<QString>("message");   // part of the refusal

    QTest::newRow("canonical") << "1-2s,1-3s,2-2s,R-4s,4-1s,10x"
                               << "1-2s,1-3s,2-2s,R-4s,4-1s,10x"
                               << "";
    QTest::newRow("any order, spaces, case") << " 10X; r-4s 1-3S,,1-2s "
                                             << "1-2s,1-3s,R-4s,10x"
                                             << "";
    QTest::newRow("repeated") << "1-3s,1-3s"
                              << "1-3s"
                              << "";
    QTest::newRow("7T alone rejects") << "7T"
                                      << "7T"
                                      << "";
    QTest::newRow("empty") << ""
                           << ""
                           << "1-3s";
    QTest::newRow("warning only") << "1-2s"
                                  << ""
                                  << "No QC rule that rejects";
    QTest::newRow("unknown") << "1-3s,2-3s"
                             << ""
                             << "Unknown QC rule \"2-3s\"";
    QTest::newRow("two mean rules") << "1-3s,10x,8x"
                                    << ""
                                    << "10x, 8x";
    QTest::newRow("three mean rules") << "1-3s,12x,10x,8x"
                                      << ""
                                      << "choose one";
}

void TestQcRuleSet::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QFETCH(QString, message);

    const Result<QcRuleSet> r = QcRuleSet::fromString(text);
    if (canonical.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(message), qPrintable(r.error()));
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->toString(), canonical);
    }
}

void TestQcRuleSet::json()
{
    const QJsonArray a = QcRuleSet::defaults().toJson();
    QCOMPARE(a.size(), 6);
    QCOMPARE(a.at(3).toString(), QStringLiteral("R-4s"));
    const Result<QcRuleSet> back = QcRuleSet::fromJson(a);
    QVERIFY(back.ok());
    QCOMPARE(*back, QcRuleSet::defaults());
    QVERIFY(!QcRuleSet::fromJson(QJsonArray{QStringLiteral("1-3s"), 3}).ok());
    QVERIFY(!QcRuleSet::fromJson(QJsonArray{}).ok());
}

QTEST_GUILESS_MAIN(TestQcRuleSet)
#include "tst_qcruleset.moc"
