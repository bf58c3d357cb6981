// SPDX-License-Identifier: GPL-3.0-or-later
#include "station/stationsetupdialog.h"

#include "catalog/catalogimporter.h"
#include "lab/lab.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace benchside {

StationSetupDialog::StationSetupDialog(const QString &databasePath, QWidget *parent)
    : QDialog(parent), m_path(databasePath)
{
    setObjectName(QStringLiteral("stationSetupDialog"));
    setWindowTitle(tr("Set up this workstation"));

    auto *intro = new QLabel(
        tr("<p>There is no Benchside database at <b>%1</b> yet.</p>"
           "<p>Set this workstation up as a new station of your laboratory below. "
           "Just want to look around? Press <i>Quit</i> and start <tt>benchside --demo</tt> instead: "
           "the demo keeps its training data in a separate file.</p>")
            .arg(QDir::toNativeSeparators(m_path).toHtmlEscaped()),
        this);
    intro->setWordWrap(true);

    m_stationId = new QLineEdit(Station::randomId(), this);
    m_stationId->setObjectName(QStringLiteral("stationIdEdit"));
    m_stationId->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9]{0,8}")), this));
    connect(m_stationId, &QLineEdit::textEdited, this, [this](const QString &text) {
        const int cursor = m_stationId->cursorPosition();
        m_stationId->setText(text.toUpper());
        m_stationId->setCursorPosition(cursor);
    });
    auto *idHelp =
        new QLabel(tr("2 to 8 letters and digits, starting and ending with a letter. It begins every "
                      "accession number this station assigns and can never change, so no two "
                      "stations may share it."),
                   this);
    idHelp->setWordWrap(true);

    m_site = new QLineEdit(QStringLiteral("MAIN"), this);
    m_site->setObjectName(QStringLiteral("siteEdit"));
    m_location = new QLineEdit(tr("Main Lab / Receiving"), this);
    m_location->setObjectName(QStringLiteral("locationEdit"));

    m_catalog = new QLineEdit(this);
    m_catalog->setObjectName(QStringLiteral("catalogEdit"));
    m_catalog->setPlaceholderText(tr("optional: the laboratory's catalogue file (JSON)"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &StationSetupDialog::chooseCatalog);
    auto *catalogRow = new QHBoxLayout;
    catalogRow->addWidget(m_catalog, 1);
    catalogRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("Station &id:"), m_stationId);
    form->addRow(QString(), idHelp);
    form->addRow(tr("&Site:"), m_site);
    form->addRow(tr("Receiving &location:"), m_location);
    auto *catalogLabel = new QLabel(tr("&Catalogue:"), this);
    catalogLabel->setBuddy(m_catalog); // a row of a layout gets no buddy of its own
    form->addRow(catalogLabel, catalogRow);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("setupError"));
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #b71c1c; font-weight: bold; }"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(tr("Set up station"), QDialogButtonBox::AcceptRole);
    buttons->addButton(tr("Quit"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &StationSetupDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &StationSetupDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(620, sizeHint().height());
}

void StationSetupDialog::chooseCatalog()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Catalogue file"), QString(),
                                                      tr("Catalogue (*.json);;All files (*)"));
    if (!file.isEmpty())
        m_catalog->setText(QDir::toNativeSeparators(file));
}

void StationSetupDialog::accept()
{
    const auto fail = [this](const QString &message) {
        m_error->setText(message);
        m_error->show();
    };
    Station station;
    station.id = m_stationId->text().trimmed().toUpper();
    station.site = m_site->text().trimmed();
    station.defaultLocation = m_location->text().trimmed();
    station.defaultActor = QStringLiteral("admin");
    if (!Station::isValidId(station.id))
        return fail(tr("The station id must be 2 to 8 letters and digits that start and end with a letter."));
    if (station.site.isEmpty())
        return fail(tr("Enter the site this workstation belongs to."));
    if (station.defaultLocation.isEmpty())
        return fail(tr("Enter where tubes are received at this workstation."));

    // The catalogue is read before the station exists, so a bad file leaves nothing half set up.
    std::optional<QList<EventDraft>> catalog;
    if (const QString file = m_catalog->text().trimmed(); !file.isEmpty()) {
        QFile f(QDir::fromNativeSeparators(file));
        if (!f.open(QIODevice::ReadOnly))
            return fail(tr("Cannot read the catalogue %1: %2").arg(file, f.errorString()));
        Result<QList<EventDraft>> drafts = CatalogImporter::drafts(f.readAll());
        if (!drafts)
            return fail(drafts.error());
        catalog = drafts.value();
    }

    if (Status s = Lab::initialise(m_path, station); !s)
        return fail(s.error());
    if (catalog) {
        Result<std::unique_ptr<Lab>> lab = Lab::open(m_path);
        const Status imported =
            lab ? Status::from(lab.value()->store().write(
                      station.defaultActor, [&]() -> Result<QList<EventDraft>> { return *catalog; }))
                : Status::failure(lab.error());
        if (!imported)
            QMessageBox::warning(this, tr("Catalogue not imported"),
                                 tr("Station %1 is set up, but its catalogue could not be imported: %2")
                                     .arg(station.id, imported.error()));
    }
    QDialog::accept();
}

} // namespace benchside
