// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

namespace benchside {

// Help ▸ About Benchside: the version, Benchside's licence and the licences of the libraries it
// links. The GPL asks whoever passes the program on to pass these notices on with it.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace benchside
