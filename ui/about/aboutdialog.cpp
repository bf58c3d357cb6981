// SPDX-License-Identifier: GPL-3.0-or-later
#include "about/aboutdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace benchside {

namespace {
struct Component
{
    QString name;
    QString licence; // an SPDX expression, or how Debian states it where SPDX has none
};

// What the programs link (readelf -d on the binaries), with the licences in Debian's copyright
// files; packaging/copyright says the same for the package.
QList<Component> linkedComponents()
{
    const QString qt = QString::fromLatin1(qVersion());
    return {
        {QStringLiteral(
             "Qt %1 (Core, Gui, Widgets, Sql, Network, PrintSupport, Concurrent, SerialPort, Multimedia)")
             .arg(qt),
         QStringLiteral("LGPL-3.0-only OR GPL-2.0-only")},
        {QStringLiteral("Qt Charts %1").arg(qt), QStringLiteral("GPL-3.0-or-later")},
        {QStringLiteral("ZXing-C++ 1.4"), QStringLiteral("Apache-2.0")},
        {QStringLiteral("libsodium"), QStringLiteral("ISC")},
        {QStringLiteral("SQLite"), QStringLiteral("public domain")},
    };
}
} // namespace

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About Benchside"));

    QString components;
    for (const Component &c : linkedComponents())
        components += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;%2</td></tr>")
                          .arg(c.name.toHtmlEscaped(), c.licence.toHtmlEscaped());
    const QString html =
        QStringLiteral(
            "<h2>Benchside %1</h2><p>%2</p><p>%3</p><p>%4</p><p><b>%5</b></p><table>%6</table><p>%7</p>")
            .arg(QStringLiteral(BENCHSIDE_VERSION),
                 tr("Specimens, chain of custody, results and QC at the laboratory bench."),
                 tr("Copyright © 2026 The Benchside developers"),
                 tr("Benchside is free software: you can redistribute it and/or modify it under the terms "
                    "of the GNU General Public License as published by the Free Software Foundation, "
                    "either version 3 of the License, or (at your option) any later version "
                    "(%1). It is distributed in the hope that it will be useful, but WITHOUT ANY "
                    "WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A "
                    "PARTICULAR PURPOSE. See the <a href=\"%2\">GNU General Public License</a> for "
                    "more details.")
                     .arg(QStringLiteral("GPL-3.0-or-later"),
                          QStringLiteral("https://www.gnu.org/licenses/gpl-3.0.html")),
                 tr("Benchside uses these libraries, under their own licences:"), components,
                 tr("The licence texts are in %1 and %2.")
                     .arg(QStringLiteral("/usr/share/doc/benchside/copyright"),
                          QStringLiteral("/usr/share/common-licenses")));
    auto *notice = new QLabel(html, this);
    notice->setObjectName(QStringLiteral("aboutNotice"));
    notice->setWordWrap(true);
    notice->setTextFormat(Qt::RichText);
    notice->setOpenExternalLinks(true);
    notice->setTextInteractionFlags(Qt::TextBrowserInteraction);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(notice);
    layout->addWidget(buttons);
    setMinimumWidth(560);
}

} // namespace benchside
