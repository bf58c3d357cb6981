// SPDX-License-Identifier: GPL-3.0-or-later
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

// The translation sources in resources/translations: every message translated, nothing left over
// from texts the code no longer has, the same placeholders and accelerators as the English, and the
// files up to date with the code (lupdate finds no text they lack).
namespace {

struct Message
{
    QString context;
    QString source;
    bool numerus = false;
    QString type; // of <translation>: "", "unfinished", "vanished" or "obsolete"
    QStringList forms;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&file);
    QString context;
    Message m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            m = Message{context,
                        {},
                        xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"),
                        {},
                        {}};
        } else if (name == QLatin1String("source")) {
            m.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus)
                m.forms << xml.readElementText(); // else the forms follow as <numerusform> elements
            out.append(m);
        } else if (name == QLatin1String("numerusform") && !out.isEmpty()) {
            out.last().forms << xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return out;
}

// %1 … %9 and %n, in any order, each as often as the text has it (%L1 counts as %1).
QStringList placeholders(const QString &text)
{
    static const QRegularExpression ph(QStringLiteral("%L?([1-9]|n)"));
    QStringList found;
    for (auto it = ph.globalMatch(text); it.hasNext();)
        found << it.next().captured(1);
    found.sort();
    return found;
}

// An accelerator: & before a character other than & (a literal "&&") or an HTML entity.
bool hasAccelerator(const QString &text)
{
    static const QRegularExpression acc(QStringLiteral("&(?!&|nbsp;|amp;|lt;|gt;|#)\\w"));
    return acc.match(QString(text).replace(QLatin1String("&&"), QString())).hasMatch();
}

QString tsPath(const char *language)
{
    return QDir(QStringLiteral(BENCHSIDE_TRANSLATIONS_DIR))
        .filePath(QStringLiteral("benchside_%1.ts").arg(QLatin1String(language)));
}

QString describe(const Message &m)
{
    return QStringLiteral("[%1] \"%2\"").arg(m.context, m.source);
}

} // namespace

class TestTranslationFiles : public QObject
{
    Q_OBJECT

private slots:
    void everyMessageIsTranslated_data();
    void everyMessageIsTranslated();
    void translationsKeepPlaceholdersAndAccelerators_data();
    void translationsKeepPlaceholdersAndAccelerators();
    void germanIsNotACopyOfTheEnglish();
    void filesAreUpToDateWithTheCode();
};

void TestTranslationFiles::everyMessageIsTranslated_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("atLeast");
    QTest::newRow("German") << tsPath("de") << 1000;
    QTest::newRow("English plurals") << tsPath("en") << 10;
}

void TestTranslationFiles::everyMessageIsTranslated()
{
    QFETCH(QString, path);
    QFETCH(int, atLeast);
    QString error;
    const QList<Message> messages = readTs(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(messages.size() >= atLeast, qPrintable(QString::number(messages.size())));
    QStringList bad;
    for (const Message &m : messages) {
        if (!m.type.isEmpty())
            bad << QStringLiteral("%1 is %2").arg(describe(m), m.type);
        else if (m.forms.isEmpty() || std::any_of(m.forms.cbegin(), m.forms.cend(),
                                                  [](const QString &f) { return f.trimmed().isEmpty(); }))
            bad << QStringLiteral("%1 has an empty translation").arg(describe(m));
        else if (m.numerus && m.forms.size() != 2) // German and English: singular and plural
            bad << QStringLiteral("%1 has %2 plural forms, not 2").arg(describe(m)).arg(m.forms.size());
    }
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
}

void TestTranslationFiles::translationsKeepPlaceholdersAndAccelerators_data()
{
    everyMessageIsTranslated_data();
}

void TestTranslationFiles::translationsKeepPlaceholdersAndAccelerators()
{
    QFETCH(QString, path);
    QString error;
    const QList<Message> messages = readTs(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList bad;
    for (const Message &m : messages) {
        for (const QString &form : m.forms) {
            if (placeholders(form) != placeholders(m.source))
                bad << QStringLiteral("%1: \"%2\" has %3, the source %4")
                           .arg(describe(m), form, placeholders(form).join(QLatin1Char(' ')),
                                placeholders(m.source).join(QLatin1Char(' ')));
            if (hasAccelerator(form) != hasAccelerator(m.source))
                bad << QStringLiteral("%1: \"%2\" %3 an accelerator (&)")
                           .arg(describe(m), form,
                                hasAccelerator(form) ? QStringLiteral("adds") : QStringLiteral("lacks"));
        }
        if (m.numerus && !m.source.contains(QLatin1String("%n")))
            bad << QStringLiteral("%1 has plural forms but no %n").arg(describe(m));
    }
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
}

// Names, codes and command syntax stay as they are ("Benchside", "STAT", "%1 (%2)"); a file in
// which many texts equal their source was copied, not translated.
void TestTranslationFiles::germanIsNotACopyOfTheEnglish()
{
    QString error;
    const QList<Message> messages = readTs(tsPath("de"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList same;
    for (const Message &m : messages) {
        if (m.forms.value(0) == m.source)
            same << describe(m);
    }
    QVERIFY2(same.size() * 10 < messages.size(),
             qPrintable(QStringLiteral("%1 of %2 German texts equal their English source:\n%3")
                            .arg(same.size())
                            .arg(messages.size())
                            .arg(same.join(QLatin1Char('\n')))));
}

// lupdate over today's sources, into copies of the files: a text added to the code shows up as
// unfinished, a text removed from it as vanished. Run the update_translations target, translate,
// and build.
void TestTranslationFiles::filesAreUpToDateWithTheCode()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    struct
    {
        const char *language;
        QStringList options;
    } runs[] = {{"de", {}}, {"en", {QStringLiteral("-pluralonly")}}};
    QStringList bad;
    for (const auto &run : runs) {
        const QString copy = dir.filePath(QStringLiteral("benchside_%1.ts").arg(QLatin1String(run.language)));
        QVERIFY(QFile::copy(tsPath(run.language), copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QProcess lupdate;
        lupdate.setProcessChannelMode(QProcess::MergedChannels);
        lupdate.start(QStringLiteral(BENCHSIDE_LUPDATE),
                      QStringList{QStringLiteral("-silent"), QStringLiteral("-locations"),
                                  QStringLiteral("none"), QStringLiteral("-source-language"),
                                  QStringLiteral("en")}
                          << run.options << QStringLiteral("@" BENCHSIDE_LUPDATE_LIST)
                          << QStringLiteral("-ts") << copy);
        QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
        QString error;
        for (const Message &m : readTs(copy, &error)) {
            if (m.type == QLatin1String("unfinished"))
                bad << QStringLiteral("benchside_%1.ts lacks %2")
                           .arg(QLatin1String(run.language), describe(m));
            else if (!m.type.isEmpty())
                bad << QStringLiteral("benchside_%1.ts still has %2, which the code no longer has")
                           .arg(QLatin1String(run.language), describe(m));
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    QVERIFY2(bad.isEmpty(),
             qPrintable(bad.join(QLatin1Char('\n')) +
                        QStringLiteral("\nRun cmake --build build --target update_translations, "
                                       "translate, and build.")));
}

QTEST_GUILESS_MAIN(TestTranslationFiles)
#include "tst_translationfiles.moc"
