// SPDX-License-Identifier: GPL-3.0-or-later
#include "i18n/translations.h"
#include "settings/settings.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace benchside;

// Which language a ui/language setting stands for, and that the translations the programs install
// are in the binary.
class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void languagesAreEnglishAndTheEmbeddedOnes();
    void resolve_data();
    void resolve();
    void germanTranslationIsEmbedded();
    void englishHasItsPluralForms();
    void unknownLanguageIsRefused();
    void settingAcceptsSystemAndTheLanguages_data();
    void settingAcceptsSystemAndTheLanguages();
    void settingDefaultsToSystem();
};

void TestTranslations::languagesAreEnglishAndTheEmbeddedOnes()
{
    QCOMPARE(Translations::languages(), (QStringList{QStringLiteral("en"), QStringLiteral("de")}));
    QCOMPARE(Translations::nativeName(QStringLiteral("en")), QStringLiteral("English"));
    QCOMPARE(Translations::nativeName(QStringLiteral("de")), QStringLiteral("Deutsch"));
}

void TestTranslations::resolve_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QStringList>("uiLanguages");
    QTest::addColumn<QString>("language");
    const QStringList german{QStringLiteral("de-DE"), QStringLiteral("de"), QStringLiteral("en-US")};
    QTest::newRow("system, German") << "system" << german << "de";
    QTest::newRow("system, Austrian German") << "system" << QStringList{QStringLiteral("de-AT")} << "de";
    QTest::newRow("system, POSIX form") << "system" << QStringList{QStringLiteral("de_CH")} << "de";
    QTest::newRow("system, English first")
        << "system" << QStringList{QStringLiteral("en-GB"), QStringLiteral("de")} << "en";
    QTest::newRow("system, French then German")
        << "system" << QStringList{QStringLiteral("fr-FR"), QStringLiteral("de-DE")} << "de";
    QTest::newRow("system, only French") << "system" << QStringList{QStringLiteral("fr-FR")} << "en";
    QTest::newRow("system, C locale") << "system" << QStringList{QStringLiteral("C")} << "en";
    QTest::newRow("English on a German system") << "en" << german << "en";
    QTest::newRow("German on an English system") << "de" << QStringList{QStringLiteral("en-US")} << "de";
    QTest::newRow("unknown setting follows the system") << "xx" << german << "de";
}

void TestTranslations::resolve()
{
    QFETCH(QString, setting);
    QFETCH(QStringList, uiLanguages);
    QFETCH(QString, language);
    QCOMPARE(Translations::resolve(setting, uiLanguages), language);
}

void TestTranslations::germanTranslationIsEmbedded()
{
    QTranslator translator;
    const Status loaded = Translations::load(translator, QStringLiteral("de"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCOMPARE(translator.language(), QStringLiteral("de_DE"));
    QCOMPARE(translator.translate("benchside::MainWindow", "&File"), QStringLiteral("&Datei"));
    QCOMPARE(translator.translate("Settings", "The sync interval must be 5 to 3600 seconds."),
             QStringLiteral("Das Sync-Intervall muss 5 bis 3600 Sekunden betragen."));
    QCOMPARE(translator.translate("benchside::AuditPage", "Saved %n entries to %1.", nullptr, 1),
             QStringLiteral("%n Eintrag nach %1 gespeichert."));
    QCOMPARE(translator.translate("benchside::AuditPage", "Saved %n entries to %1.", nullptr, 3),
             QStringLiteral("%n Einträge nach %1 gespeichert."));
}

// The English source texts are the singular-or-plural-neutral ones ("Saved %n entries"); the
// English .qm gives the singular.
void TestTranslations::englishHasItsPluralForms()
{
    QTranslator translator;
    const Status loaded = Translations::load(translator, QStringLiteral("en"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    QCoreApplication::installTranslator(&translator);
    QCOMPARE(QCoreApplication::translate("benchside::AuditPage", "Saved %n entries to %1.", nullptr, 1),
             QStringLiteral("Saved 1 entry to %1."));
    QCOMPARE(QCoreApplication::translate("benchside::AuditPage", "Saved %n entries to %1.", nullptr, 2),
             QStringLiteral("Saved 2 entries to %1."));
    QCOMPARE(QCoreApplication::translate("benchside::LabelDialog", "Saved %n label(s) to %1.", nullptr, 1),
             QStringLiteral("Saved 1 label to %1."));
    QCoreApplication::removeTranslator(&translator);
}

void TestTranslations::unknownLanguageIsRefused()
{
    QTranslator translator;
    const Status loaded = Translations::load(translator, QStringLiteral("fr"));
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().contains(QLatin1String("\"fr\"")), qPrintable(loaded.error()));
    QVERIFY(translator.isEmpty());
}

void TestTranslations::settingAcceptsSystemAndTheLanguages_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("system") << "system" << true;
    QTest::newRow("en") << "en" << true;
    QTest::newRow("de") << "de" << true;
    QTest::newRow("fr") << "fr" << false;
    QTest::newRow("German") << "German" << false;
    QTest::newRow("empty") << "" << false;
}

void TestTranslations::settingAcceptsSystemAndTheLanguages()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(Settings::check(Settings::Key::UiLanguage, value).ok(), valid);
}

void TestTranslations::settingDefaultsToSystem()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("settings.ini"));
    {
        Settings settings(file);
        QCOMPARE(settings.value(Settings::Key::UiLanguage).toString(), QStringLiteral("system"));
        QVERIFY(settings.setValue(Settings::Key::UiLanguage, QStringLiteral("de")).ok());
        QVERIFY(!settings.setValue(Settings::Key::UiLanguage, QStringLiteral("klingon")).ok());
    }
    QCOMPARE(Settings(file).value(Settings::Key::UiLanguage).toString(), QStringLiteral("de"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
