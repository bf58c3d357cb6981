// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace benchside {

// First start on a workstation: there is no database yet, so one is set up as a new station (its id
// can never change afterwards), with the laboratory's catalogue if a file is at hand. Points to the
// demo for anyone who only wants to look around.
class StationSetupDialog : public QDialog
{
    Q_OBJECT

public:
    explicit StationSetupDialog(const QString &databasePath, QWidget *parent = nullptr);

    void accept() override;

private:
    void chooseCatalog();

    QString m_path;
    QLineEdit *m_stationId;
    QLineEdit *m_site;
    QLineEdit *m_location;
    QLineEdit *m_catalog;
    QLabel *m_error;
};

} // namespace benchside
