// SPDX-License-Identifier: GPL-3.0-or-later
#include "i18n/translations.h"

#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QTranslator>

namespace benchside {

namespace {
const QString English = QStringLiteral("en");
const QString Prefix = QStringLiteral(":/i18n");
} // namespace

QStringList Translations::languages()
{
    static const QStringList all = [] {
        QStringList out{English};
        static const QRegularExpression name(QStringLiteral("^benchside_([a-z]{2,3})\\.qm$"));
        const QStringList files =
            QDir(Prefix).entryList({QStringLiteral("benchside_*.qm")}, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            const QRegularExpressionMatch m = name.match(file);
            if (m.hasMatch() && !out.contains(m.captured(1)))
                out << m.captured(1);
        }
        return out;
    }();
    return all;
}

QString Translations::nativeName(const QString &language)
{
    // QLocale("en") is American English; the plain word is what a person looks for in a list.
    if (language == English)
        return QStringLiteral("English");
    const QString name = QLocale(language).nativeLanguageName();
    return name.isEmpty() ? language : name.left(1).toUpper() + name.mid(1);
}

QString Translations::resolve(const QString &setting, const QStringList &uiLanguages)
{
    const QStringList have = languages();
    if (have.contains(setting))
        return setting;
    for (const QString &wanted : uiLanguages) {
        // "de-AT", "de_CH", "de": the language is what is translated, not the region.
        const QString language =
            wanted.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (have.contains(language))
            return language;
    }
    return English;
}

QString Translations::resolve(const QString &setting)
{
    return resolve(setting, QLocale::system().uiLanguages());
}

QString Translations::benchsideFile(const QString &language)
{
    return QStringLiteral("%1/benchside_%2.qm").arg(Prefix, language);
}

QString Translations::qtFile(const QString &language)
{
    if (language == English)
        return {};
    const QString file = QDir(QLibraryInfo::path(QLibraryInfo::TranslationsPath))
                             .filePath(QStringLiteral("qtbase_%1.qm").arg(language));
    return QFileInfo::exists(file) ? file : QString();
}

Status Translations::load(QTranslator &translator, const QString &language)
{
    if (!languages().contains(language))
        return Status::failure(tr("Benchside has no translation into \"%1\".").arg(language));
    if (!translator.load(benchsideFile(language)))
        return Status::failure(tr("The translation %1 cannot be read.").arg(benchsideFile(language)));
    return {};
}

QString Translations::install(const QString &setting)
{
    QCoreApplication *app = QCoreApplication::instance();
    const QString language = resolve(setting);
    auto *texts = new QTranslator(app);
    if (Status s = load(*texts, language); !s) {
        qWarning("benchside: %s", qPrintable(s.error()));
        delete texts;
        return English;
    }
    QCoreApplication::installTranslator(texts);
    if (const QString qt = qtFile(language); !qt.isEmpty()) {
        auto *qtTexts = new QTranslator(app);
        if (qtTexts->load(qt))
            QCoreApplication::installTranslator(qtTexts);
        else
            delete qtTexts;
    }
    return language;
}

} // namespace benchside
