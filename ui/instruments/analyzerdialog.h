// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/analyzerdefinition.h"

#include <QDialog>
#include <QList>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace benchside {

class Lab;

// The station's analyzers (administrators): pick one to change it or "New analyzer", say where its
// line is (a serial port with its framing, an analyzer we connect to over TCP, or an address it
// connects to), its maker's ASTM profile, whether it runs with the station, and load its test-code
// map from a CSV file. A map that cannot be used is refused at once with the reason, and nothing is
// recorded; saving records the analyzer, then the map loaded (AnalyzerRegistry).
class AnalyzerDialog : public QDialog
{
    Q_OBJECT

public:
    AnalyzerDialog(Lab &lab, QString actor, QWidget *parent = nullptr);

    // The analyzer saved, after exec() returned Accepted.
    const AnalyzerDefinition &saved() const { return m_saved; }
    // Whether a new map was saved with it.
    bool savedMap() const { return m_savedMap; }

    // Reads and checks a map file as the "Load map…" button does after its file dialog.
    void loadMap(const QString &path);

private:
    void load();
    void showAnalyzer(int index);
    void chooseMapFile();
    void showMapSummary();
    std::optional<AstmEndpoint> endpoint();
    void save();
    void showError(const QString &text);

    Lab &m_lab;
    QString m_actor;
    QList<AnalyzerDefinition> m_existing;
    AnalyzerDefinition m_saved;
    bool m_savedMap = false;
    std::optional<QList<AnalyzerMapEntry>> m_newMap; // loaded from a file, not saved yet
    QString m_newMapFile;
    QList<AnalyzerMapEntry> m_currentMap; // the picked analyzer's map as recorded
    QComboBox *m_pick;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QStackedWidget *m_where;
    QLineEdit *m_device;
    QComboBox *m_baud;
    QComboBox *m_dataBits;
    QComboBox *m_parity;
    QComboBox *m_stopBits;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_listenAddress;
    QSpinBox *m_listenPort;
    QComboBox *m_profile;
    QCheckBox *m_active;
    QLabel *m_map;
    QPushButton *m_loadMap;
    QLabel *m_error;
};

} // namespace benchside
