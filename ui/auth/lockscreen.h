// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"

#include <QWidget>

class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace benchside {

class SignInService;
class UserService;

// The sign-in form, drawn opaque over the whole main window while the station is locked, so that
// nothing of the work underneath shows and none of it is lost. A badge scan (handed over by the
// window's one scan path) asks for the PIN; or a user name and password are typed.
class LockScreen : public QWidget
{
    Q_OBJECT

public:
    LockScreen(SignInService &signIn, UserService &users, QWidget *parent);

    // Who is signed in when the screen comes up: named as the one it was locked for, or empty at start-up.
    void showFor(const User &current);
    void badgeScanned(const QString &code);
    // Whether a burst of keys is a scan for the lock screen: a badge of this station or, on the password
    // form, a tube label (reported, never tried as a password). Anything else may be a user name,
    // password or PIN typed fast, which belongs in its field.
    bool takesScan(const QString &code) const;
    // Shown under the form on the demo station, where everybody's secrets are known.
    void setHint(const QString &hint);

signals:
    void signedIn(const User &user);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void signInWithPassword();
    void signInWithPin();
    void showPasswordForm();
    void claimStation();
    void showProblem(const QString &message);

    SignInService &m_signIn;
    UserService &m_users;
    QLabel *m_title;
    QLabel *m_problem;
    QLabel *m_hint;
    QFrame *m_card;
    QStackedWidget *m_forms;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_badgeOf;
    QLineEdit *m_pin;
    QLabel *m_how;
    QLineEdit *m_newPassword;
    QLineEdit *m_repeatPassword;
    QString m_badge;
};

} // namespace benchside
