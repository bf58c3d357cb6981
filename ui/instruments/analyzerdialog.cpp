// SPDX-License-Identifier: GPL-3.0-or-later
#include "instruments/analyzerdialog.h"

#include "analyzer/analyzermapcsv.h"
#include "analyzer/analyzerregistry.h"
#include "lab/lab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace benchside {

namespace {
// The rates analyzers' serial ports are set to, slowest first.
const QList<int> BaudRates{1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

QString parityName(AstmEndpoint::Parity parity)
{
    switch (parity) {
    case AstmEndpoint::Parity::Even:
        return QStringLiteral("even");
    case AstmEndpoint::Parity::Odd:
        return QStringLiteral("odd");
    case AstmEndpoint::Parity::None:
        break;
    }
    return QStringLiteral("none");
}
} // namespace

AnalyzerDialog::AnalyzerDialog(Lab &lab, QString actor, QWidget *parent)
    : QDialog(parent), m_lab(lab), m_actor(std::move(actor))
{
    setObjectName(QStringLiteral("analyzerDialog"));
    setWindowTitle(tr("Analyzers"));

    m_pick = new QComboBox(this);
    m_pick->setObjectName(QStringLiteral("analyzerPick"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("analyzerName"));
    m_name->setPlaceholderText(tr("e.g. c311"));
    m_name->setToolTip(tr("Up to 32 letters, digits, '-', '_' or '.'; results and the audit trail show it"));

    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("analyzerKind"));
    m_kind->addItem(tr("Serial port"), int(AstmEndpoint::Kind::Serial));
    m_kind->addItem(tr("TCP: Benchside connects to the analyzer"), int(AstmEndpoint::Kind::TcpClient));
    m_kind->addItem(tr("TCP: the analyzer connects to Benchside"), int(AstmEndpoint::Kind::TcpServer));

    // Serial: the device and its framing, as set on the analyzer.
    m_device = new QLineEdit(this);
    m_device->setObjectName(QStringLiteral("analyzerDevice"));
    m_device->setPlaceholderText(QStringLiteral("/dev/ttyUSB0"));
    m_baud = new QComboBox(this);
    m_baud->setObjectName(QStringLiteral("analyzerBaud"));
    for (int rate : BaudRates)
        m_baud->addItem(QString::number(rate), rate);
    m_dataBits = new QComboBox(this);
    m_dataBits->setObjectName(QStringLiteral("analyzerDataBits"));
    for (int bits : {8, 7, 6, 5})
        m_dataBits->addItem(QString::number(bits), bits);
    m_parity = new QComboBox(this);
    m_parity->setObjectName(QStringLiteral("analyzerParity"));
    m_parity->addItem(tr("none"), QStringLiteral("none"));
    m_parity->addItem(tr("even"), QStringLiteral("even"));
    m_parity->addItem(tr("odd"), QStringLiteral("odd"));
    m_stopBits = new QComboBox(this);
    m_stopBits->setObjectName(QStringLiteral("analyzerStopBits"));
    m_stopBits->addItem(QStringLiteral("1"), 1);
    m_stopBits->addItem(QStringLiteral("2"), 2);
    auto *serial = new QWidget(this);
    auto *serialForm = new QFormLayout(serial);
    serialForm->setContentsMargins(0, 0, 0, 0);
    serialForm->addRow(tr("De&vice:"), m_device);
    auto *framing = new QHBoxLayout;
    framing->addWidget(m_baud);
    framing->addWidget(new QLabel(tr("baud"), serial));
    framing->addSpacing(8);
    framing->addWidget(m_dataBits);
    framing->addWidget(new QLabel(tr("data bits"), serial));
    framing->addSpacing(8);
    framing->addWidget(new QLabel(tr("parity"), serial));
    framing->addWidget(m_parity);
    framing->addSpacing(8);
    framing->addWidget(m_stopBits);
    framing->addWidget(new QLabel(tr("stop bits"), serial));
    framing->addStretch(1);
    serialForm->addRow(tr("&Framing:"), framing);
    if (auto *label = qobject_cast<QLabel *>(serialForm->labelForField(framing)))
        label->setBuddy(m_baud);

    // TCP client: the analyzer's address.
    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("analyzerHost"));
    m_host->setPlaceholderText(tr("the analyzer's host name or address"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("analyzerPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(5000);
    auto *client = new QWidget(this);
    auto *clientForm = new QFormLayout(client);
    clientForm->setContentsMargins(0, 0, 0, 0);
    auto *clientAddress = new QHBoxLayout;
    clientAddress->addWidget(m_host, 1);
    clientAddress->addWidget(new QLabel(QStringLiteral(":"), client));
    clientAddress->addWidget(m_port);
    clientForm->addRow(tr("Anal&yzer at:"), clientAddress);
    if (auto *label = qobject_cast<QLabel *>(clientForm->labelForField(clientAddress)))
        label->setBuddy(m_host);

    // TCP server: where this station listens.
    m_listenAddress = new QLineEdit(QStringLiteral("0.0.0.0"), this);
    m_listenAddress->setObjectName(QStringLiteral("analyzerListenAddress"));
    m_listenAddress->setToolTip(tr("0.0.0.0 for every network of this computer, 127.0.0.1 for itself only"));
    m_listenPort = new QSpinBox(this);
    m_listenPort->setObjectName(QStringLiteral("analyzerListenPort"));
    m_listenPort->setRange(1, 65535);
    m_listenPort->setValue(5001);
    auto *server = new QWidget(this);
    auto *serverForm = new QFormLayout(server);
    serverForm->setContentsMargins(0, 0, 0, 0);
    auto *serverAddress = new QHBoxLayout;
    serverAddress->addWidget(m_listenAddress, 1);
    serverAddress->addWidget(new QLabel(QStringLiteral(":"), server));
    serverAddress->addWidget(m_listenPort);
    serverForm->addRow(tr("&Listen on:"), serverAddress);
    if (auto *label = qobject_cast<QLabel *>(serverForm->labelForField(serverAddress)))
        label->setBuddy(m_listenAddress);

    // In the order of the kinds in m_kind.
    m_where = new QStackedWidget(this);
    m_where->addWidget(serial);
    m_where->addWidget(client);
    m_where->addWidget(server);
    connect(m_kind, &QComboBox::currentIndexChanged, m_where, &QStackedWidget::setCurrentIndex);

    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("analyzerProfile"));
    m_profile->addItems(AnalyzerDefinition::profileNames());
    m_profile->setToolTip(tr("How the analyzer's maker writes sample IDs and test codes"));
    m_active = new QCheckBox(tr("&Connect this analyzer when the station starts"), this);
    m_active->setObjectName(QStringLiteral("analyzerActive"));
    m_active->setToolTip(tr("Cleared: its line is not started, and what it sent before stays as it is."));

    m_map = new QLabel(this);
    m_map->setObjectName(QStringLiteral("analyzerMapSummary"));
    m_map->setWordWrap(true);
    m_loadMap = new QPushButton(tr("Load &map from CSV…"), this);
    m_loadMap->setObjectName(QStringLiteral("loadMapButton"));
    m_loadMap->setToolTip(tr("A CSV file whose first line is analyzer_code,test,unit,factor"));
    connect(m_loadMap, &QPushButton::clicked, this, &AnalyzerDialog::chooseMapFile);
    auto *map = new QHBoxLayout;
    map->addWidget(m_map, 1);
    map->addWidget(m_loadMap);

    auto *form = new QFormLayout;
    form->addRow(tr("&Analyzer:"), m_pick);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("Con&nection:"), m_kind);
    form->addRow(QString(), m_where);
    form->addRow(tr("ASTM &profile:"), m_profile);
    form->addRow(QString(), m_active);
    form->addRow(tr("Test codes:"), map);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("analyzerError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #7a0000; }"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AnalyzerDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *intro = new QLabel(tr("Analyzers send their results over ASTM (LIS2-A2); the map says which "
                                "catalogue test each analyzer code is. A change takes effect when the "
                                "lines are started again."),
                             this);
    intro->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_pick, &QComboBox::currentIndexChanged, this, &AnalyzerDialog::showAnalyzer);
    load();
    resize(qMax(sizeHint().width(), 620), sizeHint().height());
}

void AnalyzerDialog::load()
{
    m_pick->addItem(tr("New analyzer"));
    Result<QList<AnalyzerDefinition>> existing =
        AnalyzerRegistry(m_lab.store(), m_lab.permissions(), m_lab.catalog()).list();
    if (!existing)
        showError(existing.error());
    else
        m_existing = existing.value();
    for (const AnalyzerDefinition &d : std::as_const(m_existing))
        m_pick->addItem(QStringLiteral("%1 — %2").arg(d.name, d.endpoint.describe()));
    showAnalyzer(0);
}

void AnalyzerDialog::showAnalyzer(int index)
{
    const bool isNew = index <= 0 || index > m_existing.size();
    AnalyzerDefinition d;
    d.endpoint = AstmEndpoint::serial(QString());
    if (!isNew)
        d = m_existing.at(index - 1);
    m_name->setText(d.name);
    // An analyzer is known by its name: changing it would make another one.
    m_name->setReadOnly(!isNew);
    const AstmEndpoint &e = d.endpoint;
    m_kind->setCurrentIndex(m_kind->findData(int(e.kind)));
    m_device->setText(e.kind == AstmEndpoint::Kind::Serial ? e.device : QString());
    const int baud = m_baud->findData(e.baudRate);
    if (baud < 0 && e.kind == AstmEndpoint::Kind::Serial)
        m_baud->addItem(QString::number(e.baudRate), e.baudRate);
    m_baud->setCurrentIndex(m_baud->findData(e.baudRate));
    m_dataBits->setCurrentIndex(m_dataBits->findData(e.dataBits));
    m_parity->setCurrentIndex(m_parity->findData(parityName(e.parity)));
    m_stopBits->setCurrentIndex(m_stopBits->findData(e.stopBits));
    const bool client = e.kind == AstmEndpoint::Kind::TcpClient;
    const bool listening = e.kind == AstmEndpoint::Kind::TcpServer;
    m_host->setText(client ? e.host : QString());
    m_port->setValue(client && e.port > 0 ? e.port : 5000);
    m_listenAddress->setText(listening ? e.host : QStringLiteral("0.0.0.0"));
    m_listenPort->setValue(listening && e.port > 0 ? e.port : 5001);
    m_profile->setCurrentText(AnalyzerDefinition::profileName(d.profile));
    m_active->setChecked(d.active);
    m_currentMap = d.map;
    m_newMap.reset();
    m_newMapFile.clear();
    m_error->hide();
    showMapSummary();
}

void AnalyzerDialog::showMapSummary()
{
    m_map->setToolTip(QString());
    if (m_newMap) {
        m_map->setText(
            tr("%n analyzer code(s) from %1, saved with the analyzer.", nullptr, int(m_newMap->size()))
                .arg(QFileInfo(m_newMapFile).fileName()));
        return;
    }
    if (m_currentMap.isEmpty()) {
        m_map->setText(tr("No map yet: every result from this analyzer would wait in the unmatched list."));
        return;
    }
    QStringList codes;
    for (const AnalyzerMapEntry &e : std::as_const(m_currentMap))
        codes << QStringLiteral("%1 → %2").arg(e.analyzerCode, e.test);
    m_map->setText(tr("%n analyzer code(s) mapped.", nullptr, int(m_currentMap.size())));
    m_map->setToolTip(codes.join(QLatin1Char('\n')));
}

void AnalyzerDialog::chooseMapFile()
{
    QFileDialog dialog(this, tr("Load the analyzer's test-code map"));
    dialog.setObjectName(QStringLiteral("mapFileDialog"));
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setNameFilters({tr("CSV files (*.csv)"), tr("All files (*)")});
    // Qt's own dialog: the same on every desktop, and one a test can answer.
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    loadMap(dialog.selectedFiles().first());
}

void AnalyzerDialog::loadMap(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showError(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    Result<QList<AnalyzerMapEntry>> map = AnalyzerMapCsv::parse(file.readAll());
    if (!map) {
        showError(tr("The map in %1 was not loaded: %2").arg(QFileInfo(path).fileName(), map.error()));
        return;
    }
    // Checked here too, so that a map naming a test the catalogue lacks is refused before anything is
    // recorded, not after the analyzer is saved without it.
    QStringList unknown;
    for (const AnalyzerMapEntry &e : map.value()) {
        if (!m_lab.catalog().test(e.test))
            unknown << e.test;
    }
    unknown.removeDuplicates();
    if (!unknown.isEmpty()) {
        showError(tr("The map in %1 was not loaded: the catalogue has no test %2.")
                      .arg(QFileInfo(path).fileName(), unknown.join(QStringLiteral(", "))));
        return;
    }
    m_newMap = map.value();
    m_newMapFile = path;
    m_error->hide();
    showMapSummary();
}

std::optional<AstmEndpoint> AnalyzerDialog::endpoint()
{
    QJsonObject o;
    switch (AstmEndpoint::Kind(m_kind->currentData().toInt())) {
    case AstmEndpoint::Kind::Serial:
        o = {{QStringLiteral("kind"), QStringLiteral("serial")},
             {QStringLiteral("device"), m_device->text().trimmed()},
             {QStringLiteral("baud"), m_baud->currentData().toInt()},
             {QStringLiteral("data_bits"), m_dataBits->currentData().toInt()},
             {QStringLiteral("parity"), m_parity->currentData().toString()},
             {QStringLiteral("stop_bits"), m_stopBits->currentData().toInt()}};
        break;
    case AstmEndpoint::Kind::TcpClient:
        o = {{QStringLiteral("kind"), QStringLiteral("tcp")},
             {QStringLiteral("host"), m_host->text().trimmed()},
             {QStringLiteral("port"), m_port->value()}};
        break;
    case AstmEndpoint::Kind::TcpServer:
        o = {{QStringLiteral("kind"), QStringLiteral("listen")},
             {QStringLiteral("address"), m_listenAddress->text().trimmed()},
             {QStringLiteral("port"), m_listenPort->value()}};
        break;
    }
    Result<AstmEndpoint> e = AstmEndpoint::fromJson(o);
    if (!e) {
        showError(e.error());
        return std::nullopt;
    }
    return e.value();
}

void AnalyzerDialog::save()
{
    const std::optional<AstmEndpoint> where = endpoint();
    if (!where)
        return;
    AnalyzerDefinition d;
    d.name = m_name->text().trimmed();
    d.endpoint = *where;
    d.profile = AnalyzerDefinition::profileFromName(m_profile->currentText()).value_or(AstmProfile::Generic);
    d.active = m_active->isChecked();
    AnalyzerRegistry registry(m_lab.store(), m_lab.permissions(), m_lab.catalog());
    if (Result<Event> e = registry.define(d, m_actor); !e) {
        showError(e.error());
        return;
    }
    if (m_newMap) {
        if (Result<Event> e = registry.setMap(d.name, *m_newMap, m_actor); !e) {
            // The analyzer is recorded: the dialog now changes it, and its map can be loaded again.
            showError(tr("%1 is saved, but not its map: %2").arg(d.name, e.error()));
            m_name->setReadOnly(true);
            return;
        }
        d.map = *m_newMap;
        m_savedMap = true;
    } else {
        d.map = m_currentMap;
    }
    m_saved = d;
    accept();
}

void AnalyzerDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

} // namespace benchside
