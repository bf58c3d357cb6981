// SPDX-License-Identifier: GPL-3.0-or-later
// The German user interface: the real main window on a demo station, with the German translation
// installed the way the programs install it (Translations, models/i18n). Every page is shown and the
// dialogs the menus and the specimen page open are opened; the test fails listing each text the
// translation did not have (context and English source), and each text on screen that is still the
// English of a translated message or reads as English.

#include "demo/demoseeder.h"
#include "i18n/translations.h"
#include "lab/lab.h"
#include "labhelpers.h"
#include "mainwindow/mainwindow.h"
#include "settings/settings.h"
#include "specimen/specimenpage.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMutex>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace benchside;

namespace {

// Qt's own classes (QDialogButtonBox, QFileDialog, QPlatformTheme…) are translated by Qt's file, if
// the system has it; Benchside's contexts are "benchside::…" and its non-QObject classes
// ("Settings", "QcService"), none of which is Q followed by a capital.
bool isBenchsideContext(const char *context)
{
    return context && !(context[0] == 'Q' && context[1] >= 'A' && context[1] <= 'Z');
}

// Benchside's German translation, loaded by Translations::load like the programs load it, noting
// every text that was asked for and every one it could not translate.
class RecordingTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override
    {
        const QString translated = QTranslator::translate(context, sourceText, disambiguation, n);
        if (isBenchsideContext(context) && sourceText && *sourceText) {
            QMutexLocker lock(&m_mutex);
            const QString key =
                QStringLiteral("[%1] \"%2\"").arg(QString::fromUtf8(context), QString::fromUtf8(sourceText));
            (translated.isEmpty() ? m_missed : m_found).insert(key);
        }
        return translated;
    }

    QStringList missed() const
    {
        QMutexLocker lock(&m_mutex);
        QStringList out(m_missed.cbegin(), m_missed.cend());
        out.sort();
        return out;
    }
    qsizetype foundCount() const
    {
        QMutexLocker lock(&m_mutex);
        return m_found.size();
    }

private:
    mutable QMutex m_mutex;
    mutable QSet<QString> m_missed;
    mutable QSet<QString> m_found;
};

QString plain(const QString &text)
{
    QString t = Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
    return t.remove(QLatin1Char('&')).simplified();
}

} // namespace

class TestTranslation : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { m_leftInEnglish.clear(); }
    void windowAndMenusAreGerman();
    void everyPageIsGerman();
    void specimenPageAndItsDialogsAreGerman();
    void menuDialogsAreGerman();
    void nothingWasLeftUntranslated();
    void cleanupTestCase();

private:
    void readEnglishSources();
    void collect(QWidget *root, const QString &where);
    void collectText(const QString &where, const QString &text, bool words = true);
    void closeModalAfterCollecting(const QString &where, bool *seen);

    QTemporaryDir m_dir;
    RecordingTranslator m_german;
    QTranslator m_qt;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<MainWindow> m_window;
    // English source texts (accelerators removed) whose German is different: seeing one on screen
    // means a text did not go through the translation.
    QSet<QString> m_english;
    // The laboratory's own data (catalogue names, locations, users): English in the demo, and not
    // for the translation to change even where it equals one of its texts ("Main Lab / Receiving").
    QSet<QString> m_data;
    QStringList m_leftInEnglish;
    int m_textsSeen = 0;
};

void TestTranslation::readEnglishSources()
{
    QFile ts(QStringLiteral(BENCHSIDE_TRANSLATIONS_DIR "/benchside_de.ts"));
    QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
    QXmlStreamReader xml(&ts);
    QString source;
    QSet<QString> alsoGerman;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            const QString german = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            // Texts made of placeholders and signs only ("%1 (%2)") say nothing about the language.
            if (plain(german) == plain(source))
                alsoGerman.insert(plain(source));
            else if (source.contains(QRegularExpression(QStringLiteral("[A-Za-z]{2}"))))
                m_english.insert(plain(source));
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    // A text German keeps as it is in one place ("Level" of a QC control) is German there, even where
    // another context translates it ("Level" of a log line, "Stufe").
    m_english.subtract(alsoGerman);
    QVERIFY(m_english.size() > 1000);
}

void TestTranslation::initTestCase()
{
    readEnglishSources();
    const Status loaded = Translations::load(m_german, QStringLiteral("de"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
    if (const QString qt = Translations::qtFile(QStringLiteral("de")); !qt.isEmpty() && m_qt.load(qt))
        QCoreApplication::installTranslator(&m_qt);
    QCoreApplication::installTranslator(&m_german); // asked first

    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("demo.db"));
    const Status created = testlab::createDemoStation(path, 7, 40);
    QVERIFY2(created.ok(), qPrintable(created.error()));
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    QVERIFY2(lab.ok(), qPrintable(lab.error()));
    m_lab = std::move(lab.value());
    QSqlQuery data(m_lab->database().connection());
    QVERIFY(data.exec(QStringLiteral(
        "SELECT name FROM benches UNION SELECT name FROM sites UNION SELECT name FROM specimen_types "
        "UNION SELECT name FROM containers UNION SELECT name FROM tests UNION SELECT path FROM locations "
        "UNION SELECT display_name FROM users UNION SELECT location FROM specimens")));
    while (data.next())
        m_data.insert(plain(data.value(0).toString()));
    m_data.insert(plain(m_lab->station().defaultLocation));
    QVERIFY(m_data.size() > 20);

    m_settings = std::make_unique<Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_window = std::make_unique<MainWindow>(*m_lab, *m_settings);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestTranslation::cleanupTestCase()
{
    m_window.reset();
    m_lab.reset();
    QCoreApplication::removeTranslator(&m_german);
    QCoreApplication::removeTranslator(&m_qt);
}

void TestTranslation::collectText(const QString &where, const QString &text, bool words)
{
    const QString shown = plain(text);
    if (shown.isEmpty())
        return;
    ++m_textsSeen;
    if (m_data.contains(shown))
        return;
    if (m_english.contains(shown)) {
        m_leftInEnglish << QStringLiteral("%1: \"%2\" is the English text").arg(where, shown);
        return;
    }
    if (!words)
        return;
    // Words German does not have: two of them make a text English (data such as "Main Lab /
    // Receiving" or a test's name has none).
    static const QRegularExpression englishWord(
        QStringLiteral("\\b(the|and|of|to|is|are|with|from|this|that|not|no|for|by|at|on|or|be|has|was|"
                       "will|cannot|there|here|new|all|any|none|yet)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    QSet<QString> found;
    for (auto it = englishWord.globalMatch(shown); it.hasNext();)
        found.insert(it.next().captured(1).toLower());
    if (found.size() >= 2)
        m_leftInEnglish << QStringLiteral("%1: \"%2\" reads as English").arg(where, shown);
}

// What a person reads in a window or dialog: its title, labels, buttons, group and tab titles,
// placeholders, tooltips, list items and table headers. Combo box entries are compared with the
// English texts only: they hold the catalogue's names (benches, tests), which are the lab's data.
void TestTranslation::collect(QWidget *root, const QString &where)
{
    if (root->isWindow())
        collectText(where + QStringLiteral(" title"), root->windowTitle());
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisible() || w->window() != root->window())
            continue;
        const QString name = QStringLiteral("%1/%2").arg(
            where, w->objectName().isEmpty() ? QLatin1String(w->metaObject()->className()) : w->objectName());
        collectText(name + QStringLiteral(" tooltip"), w->toolTip());
        if (auto *label = qobject_cast<QLabel *>(w))
            collectText(name, label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            collectText(name, button->text());
        else if (auto *group = qobject_cast<QGroupBox *>(w))
            collectText(name, group->title());
        else if (auto *line = qobject_cast<QLineEdit *>(w))
            collectText(name + QStringLiteral(" placeholder"), line->placeholderText());
        else if (auto *tabs = qobject_cast<QTabWidget *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                collectText(name + QStringLiteral(" tab"), tabs->tabText(i));
        } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                collectText(name + QStringLiteral(" item"), combo->itemText(i), false);
        }
        if (auto *list = qobject_cast<QListWidget *>(w)) {
            for (int i = 0; i < list->count(); ++i)
                collectText(name + QStringLiteral(" item"), list->item(i)->text());
        } else if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
            for (int c = 0; c < view->model()->columnCount(); ++c)
                collectText(name + QStringLiteral(" header"),
                            view->model()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
        }
    }
}

// A modal dialog is open until it is closed: a timer notes what it shows, then rejects it.
void TestTranslation::closeModalAfterCollecting(const QString &where, bool *seen)
{
    auto *watcher = new QTimer(this);
    watcher->setInterval(50);
    connect(watcher, &QTimer::timeout, this, [this, where, seen, watcher] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        collect(dialog, where + QLatin1Char(' ') + dialog->objectName());
        if (const QString shots = qEnvironmentVariable("BENCHSIDE_SCREENSHOTS"); !shots.isEmpty())
            dialog->grab().save(QStringLiteral("%1/%2-de.png").arg(shots, dialog->objectName()));
        *seen = true;
        watcher->deleteLater();
        dialog->reject();
    });
    watcher->start();
}

void TestTranslation::windowAndMenusAreGerman()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Benchside — DEMO — Station TST"));
    QStringList menus;
    for (QAction *a : m_window->menuBar()->actions())
        menus << a->text();
    QCOMPARE(menus, (QStringList{QStringLiteral("&Datei"), QStringLiteral("&Gehe zu"),
                                 QStringLiteral("&Station"), QStringLiteral("&Hilfe")}));
    for (QAction *menuAction : m_window->menuBar()->actions()) {
        QMenu *menu = menuAction->menu();
        QVERIFY(menu);
        QSet<QChar> accelerators;
        for (QAction *a : menu->actions()) {
            if (a->isSeparator())
                continue;
            collectText(QStringLiteral("menu %1").arg(menu->title()), a->text());
            collectText(QStringLiteral("menu %1 tooltip").arg(menu->title()), a->toolTip());
            // A German text with the same accelerator as another in its menu reaches only one of them.
            const qsizetype amp = a->text().indexOf(QLatin1Char('&'));
            QVERIFY2(amp >= 0, qPrintable(a->text()));
            const QChar key = a->text().at(amp + 1).toLower();
            QVERIFY2(!accelerators.contains(key),
                     qPrintable(QStringLiteral("%1: &%2 twice").arg(menu->title(), key)));
            accelerators.insert(key);
        }
    }
    QCOMPARE(m_window->findChild<QAction *>(QStringLiteral("newAccessionAction"))->text(),
             QStringLiteral("&Neue Erfassung…"));
    collect(m_window.get(), QStringLiteral("main window"));
    QVERIFY2(m_leftInEnglish.isEmpty(), qPrintable(m_leftInEnglish.join(QLatin1Char('\n'))));
}

void TestTranslation::everyPageIsGerman()
{
    using P = MainWindow::Page;
    const QList<std::pair<P, QString>> pages{{P::Receiving, QStringLiteral("receiving")},
                                             {P::Specimen, QStringLiteral("specimen")},
                                             {P::Rack, QStringLiteral("rack")},
                                             {P::Worklist, QStringLiteral("worklist")},
                                             {P::Verification, QStringLiteral("verification")},
                                             {P::Overview, QStringLiteral("overview")},
                                             {P::Qc, QStringLiteral("qc")},
                                             {P::Audit, QStringLiteral("audit")},
                                             {P::Interfaces, QStringLiteral("interfaces")}};
    for (const auto &[page, name] : pages) {
        m_window->showPage(page);
        // Pages that load in the background (overview, worklist) fill in after the first paint.
        QTest::qWait(300);
        collect(m_window.get(), QStringLiteral("%1 page").arg(name));
    }
    QVERIFY2(m_leftInEnglish.isEmpty(), qPrintable(m_leftInEnglish.join(QLatin1Char('\n'))));
}

void TestTranslation::specimenPageAndItsDialogsAreGerman()
{
    QSqlQuery q(m_lab->database().connection());
    QVERIFY(q.exec(QStringLiteral(
        "SELECT accession FROM specimens WHERE status = 'received' ORDER BY accession LIMIT 1")));
    QVERIFY2(q.next(), "the demo has no received specimen");
    const QString accession = q.value(0).toString();
    m_window->showPage(MainWindow::Page::Specimen);
    auto *page = m_window->findChild<SpecimenPage *>();
    QVERIFY(page);
    page->showSpecimen(accession);
    QTest::qWait(100);
    collect(m_window.get(), QStringLiteral("specimen page with %1").arg(accession));
    // To look at German lengths: BENCHSIDE_SCREENSHOTS=/tmp ./tst_translation
    const QString shots = qEnvironmentVariable("BENCHSIDE_SCREENSHOTS");
    if (!shots.isEmpty())
        QVERIFY(m_window->grab().save(shots + QStringLiteral("/specimen-de.png")));

    // The step dialogs and the label dialog open with open(): shown, not modal loops.
    for (const char *button : {"storeButton", "rejectButton", "correctButton", "labelButton"}) {
        auto *b = page->findChild<QPushButton *>(QLatin1String(button));
        QVERIFY2(b, button);
        if (!b->isEnabled())
            continue;
        b->click();
        QDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = page->findChild<QDialog *>()) && dialog->isVisible());
        collect(dialog, QStringLiteral("%1 dialog").arg(QLatin1String(button)));
        if (!shots.isEmpty())
            QVERIFY(dialog->grab().save(QStringLiteral("%1/%2-de.png").arg(shots, QLatin1String(button))));
        dialog->reject();
        QTRY_VERIFY(!page->findChild<QDialog *>());
    }
    QVERIFY2(m_leftInEnglish.isEmpty(), qPrintable(m_leftInEnglish.join(QLatin1Char('\n'))));
}

void TestTranslation::menuDialogsAreGerman()
{
    for (const char *action : {"newAccessionAction", "settingsAction"}) {
        auto *a = m_window->findChild<QAction *>(QLatin1String(action));
        QVERIFY2(a, action);
        bool seen = false;
        closeModalAfterCollecting(QLatin1String(action), &seen);
        a->trigger();
        QTRY_VERIFY(seen);
    }
    QVERIFY2(m_leftInEnglish.isEmpty(), qPrintable(m_leftInEnglish.join(QLatin1Char('\n'))));
}

// Last: by now every page and dialog has asked for its texts.
void TestTranslation::nothingWasLeftUntranslated()
{
    QVERIFY2(m_german.foundCount() > 300, qPrintable(QString::number(m_german.foundCount())));
    QVERIFY2(m_textsSeen > 300, qPrintable(QString::number(m_textsSeen)));
    qInfo("%d texts translated, %d texts on screen checked", int(m_german.foundCount()), m_textsSeen);
    const QStringList missed = m_german.missed();
    QVERIFY2(missed.isEmpty(), qPrintable(QStringLiteral("%1 text(s) have no German translation:\n%2")
                                              .arg(missed.size())
                                              .arg(missed.join(QLatin1Char('\n')))));
}

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"
