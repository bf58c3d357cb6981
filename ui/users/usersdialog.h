// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace benchside {

class Lab;
class UserService;

// The people of the station: administrators add them and set their roles, badges, passwords and
// PINs; everyone else can change their own password and PIN here. The rules are UserService's;
// the buttons only mirror them.
class UsersDialog : public QDialog
{
    Q_OBJECT

public:
    UsersDialog(Lab &lab, UserService &users, const User &signedIn, QWidget *parent = nullptr);

private:
    void reload(const QString &select = {});
    QString selectedUser() const;
    void updateButtons();
    void addUser();
    void setSecret(bool pin);
    void assignBadge();
    void report(const Status &outcome, const QString &done, const QString &select = {});

    Lab &m_lab;
    UserService &m_users;
    User m_signedIn;
    bool m_administrator;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_password;
    QPushButton *m_pin;
    QPushButton *m_badge;
    QLabel *m_message;
};

} // namespace benchside
