// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QStringList>

class QTranslator;

namespace benchside {

// Which translations a Benchside program installs for the ui/language setting, and installing
// them. Benchside's texts are English in the code; each other language is a .qm compiled from
// resources/translations/benchside_<language>.ts and embedded as :/i18n/benchside_<language>.qm.
// English has a .qm too, for the plural forms of "%n" texts only. Qt's own texts (standard buttons,
// file dialogs) come from Qt's translations folder when the system has them.
//
// The language changes texts only: numbers and dates keep the system's formats, and the values a
// person types are read the way they always are.
class Translations
{
    Q_DECLARE_TR_FUNCTIONS(Translations)

public:
    // What ui/language may hold besides "system": "en" and every embedded translation ("de").
    static QStringList languages();
    // A language's name in that language, for the settings dialog: "English", "Deutsch".
    static QString nativeName(const QString &language);

    // The language the setting stands for: itself when Benchside has it; for "system" (and
    // anything it does not have) the first of the system's preferred languages that Benchside has
    // (QLocale::uiLanguages(), e.g. "de-AT", "de", "en-GB"), English when none is.
    static QString resolve(const QString &setting, const QStringList &uiLanguages);
    static QString resolve(const QString &setting);

    // The .qm file of Benchside's texts in the language (a resource path).
    static QString benchsideFile(const QString &language);
    // Qt's own translation for the language in the folder Qt was built with; empty when the system
    // does not have it (the package qt6-translations-l10n is not installed, or Qt has no such
    // translation). English needs none.
    static QString qtFile(const QString &language);

    // Loads Benchside's texts for the language into the translator.
    static Status load(QTranslator &translator, const QString &language);

    // What the programs call at start-up: resolves the setting, loads Benchside's texts and Qt's
    // where there are any and installs them on the application, which owns them from then on.
    // Returns the language installed; a translation that cannot be loaded leaves the English text.
    static QString install(const QString &setting);
};

} // namespace benchside
