// SPDX-License-Identifier: GPL-3.0-or-later
#include "auth/lockscreen.h"

#include "accession/accessionnumber.h"
#include "auth/signinservice.h"
#include "auth/userservice.h"

#include <QEvent>
#include <QFormLayout>
#include <QFrame>
#include <QIntValidator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace benchside {

LockScreen::LockScreen(SignInService &signIn, UserService &users, QWidget *parent)
    : QWidget(parent), m_signIn(signIn), m_users(users)
{
    setObjectName(QStringLiteral("lockScreen"));
    // A plain QWidget draws a style sheet's background only when asked to; without it the work
    // underneath would show through.
    setAttribute(Qt::WA_StyledBackground, true);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#lockScreen { background: #37474f; }"
                                 "#signInCard { background: palette(window); border-radius: 8px; }"));

    auto *card = m_card = new QFrame(this);
    card->setObjectName(QStringLiteral("signInCard"));
    card->setFixedWidth(460);
    m_title = new QLabel(card);
    m_title->setObjectName(QStringLiteral("lockTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_how = new QLabel(card);
    m_how->setWordWrap(true);

    m_forms = new QStackedWidget(card);
    auto *passwordForm = new QWidget(m_forms);
    auto *pf = new QFormLayout(passwordForm);
    pf->setContentsMargins(0, 0, 0, 0);
    m_user = new QLineEdit(passwordForm);
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_password = new QLineEdit(passwordForm);
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    auto *signInButton = new QPushButton(tr("&Sign in"), passwordForm);
    signInButton->setObjectName(QStringLiteral("signInButton"));
    signInButton->setDefault(true);
    pf->addRow(tr("&User name:"), m_user);
    pf->addRow(tr("&Password:"), m_password);
    pf->addRow(QString(), signInButton);
    m_forms->addWidget(passwordForm);

    auto *pinForm = new QWidget(m_forms);
    auto *bf = new QFormLayout(pinForm);
    bf->setContentsMargins(0, 0, 0, 0);
    m_badgeOf = new QLabel(pinForm);
    m_badgeOf->setObjectName(QStringLiteral("badgeOfLabel"));
    m_pin = new QLineEdit(pinForm);
    m_pin->setObjectName(QStringLiteral("pinEdit"));
    m_pin->setEchoMode(QLineEdit::Password);
    m_pin->setMaxLength(8);
    m_pin->setValidator(new QIntValidator(0, 99999999, m_pin));
    auto *unlock = new QPushButton(tr("&Unlock"), pinForm);
    unlock->setObjectName(QStringLiteral("unlockButton"));
    auto *other = new QPushButton(tr("Use a &password instead"), pinForm);
    other->setFlat(true);
    bf->addRow(m_badgeOf);
    bf->addRow(tr("P&IN:"), m_pin);
    bf->addRow(QString(), unlock);
    bf->addRow(QString(), other);
    m_forms->addWidget(pinForm);

    auto *claimForm = new QWidget(m_forms);
    auto *cf = new QFormLayout(claimForm);
    cf->setContentsMargins(0, 0, 0, 0);
    m_newPassword = new QLineEdit(claimForm);
    m_newPassword->setObjectName(QStringLiteral("newPasswordEdit"));
    m_newPassword->setEchoMode(QLineEdit::Password);
    m_repeatPassword = new QLineEdit(claimForm);
    m_repeatPassword->setObjectName(QStringLiteral("repeatPasswordEdit"));
    m_repeatPassword->setEchoMode(QLineEdit::Password);
    auto *claim = new QPushButton(tr("Set the password and &sign in"), claimForm);
    claim->setObjectName(QStringLiteral("claimButton"));
    cf->addRow(tr("&New password:"), m_newPassword);
    cf->addRow(tr("&Repeat it:"), m_repeatPassword);
    cf->addRow(QString(), claim);
    m_forms->addWidget(claimForm);
    connect(claim, &QPushButton::clicked, this, &LockScreen::claimStation);
    connect(m_repeatPassword, &QLineEdit::returnPressed, this, &LockScreen::claimStation);
    connect(m_newPassword, &QLineEdit::returnPressed, m_repeatPassword, qOverload<>(&QWidget::setFocus));

    m_problem = new QLabel(card);
    m_problem->setObjectName(QStringLiteral("signInProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    m_problem->hide();
    m_hint = new QLabel(card);
    m_hint->setObjectName(QStringLiteral("signInHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("QLabel { color: #5d4037; }"));
    m_hint->hide();

    auto *cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(28, 24, 28, 24);
    cardLayout->setSpacing(12);
    cardLayout->addWidget(m_title);
    cardLayout->addWidget(m_how);
    cardLayout->addWidget(m_forms);
    cardLayout->addWidget(m_problem);
    cardLayout->addWidget(m_hint);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(card, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(signInButton, &QPushButton::clicked, this, &LockScreen::signInWithPassword);
    connect(m_password, &QLineEdit::returnPressed, this, &LockScreen::signInWithPassword);
    connect(m_user, &QLineEdit::returnPressed, m_password, qOverload<>(&QWidget::setFocus));
    connect(unlock, &QPushButton::clicked, this, &LockScreen::signInWithPin);
    connect(m_pin, &QLineEdit::returnPressed, this, &LockScreen::signInWithPin);
    connect(other, &QPushButton::clicked, this, &LockScreen::showPasswordForm);
    parent->installEventFilter(this);
    card->installEventFilter(this);
    hide();
}

// Covers the whole window, whatever size it takes.
bool LockScreen::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    // The card's wrapped texts (a two-line title, the demo hint, a problem) need the height they take at
    // the card's fixed width; laid out by their one-line height, the fields were squeezed to slivers.
    if (watched == m_card && event->type() == QEvent::LayoutRequest)
        m_card->setMinimumHeight(m_card->layout()->totalHeightForWidth(m_card->width()));
    return QWidget::eventFilter(watched, event);
}

void LockScreen::setHint(const QString &hint)
{
    m_hint->setText(hint);
    m_hint->setVisible(!hint.isEmpty());
}

void LockScreen::showFor(const User &current)
{
    m_title->setText(current.name.isEmpty()
                         ? tr("Sign in to Benchside")
                         : tr("Locked. %1's work stays as it was.").arg(current.displayName));
    m_user->setText(current.name);
    m_problem->hide();
    setGeometry(parentWidget()->rect());
    show();
    raise();
    Result<bool> anyone = m_signIn.anyoneCanSignIn();
    if (anyone && !anyone.value()) {
        m_title->setText(tr("Nobody can sign in on this station yet"));
        m_how->setText(
            tr("Choose the password of the station's administrator account. The administrator then "
               "gives everyone else their password, PIN and badge (benchside-cli user)."));
        m_forms->setCurrentIndex(2);
        m_newPassword->setFocus();
        return;
    }
    if (!anyone)
        showProblem(anyone.error());
    m_how->setText(tr("Scan your badge, then type your PIN; or type your user name and password."));
    showPasswordForm();
}

void LockScreen::claimStation()
{
    if (m_newPassword->text() != m_repeatPassword->text()) {
        showProblem(tr("The two passwords differ; type them again."));
        m_newPassword->clear();
        m_repeatPassword->clear();
        m_newPassword->setFocus();
        return;
    }
    const QString password = m_newPassword->text();
    m_newPassword->clear();
    m_repeatPassword->clear();
    Result<Event> claimed = m_users.claimStation(password);
    if (!claimed) {
        showProblem(claimed.error());
        m_newPassword->setFocus();
        return;
    }
    Result<User> user = m_signIn.withPassword(claimed.value().subject, password);
    if (!user) {
        showProblem(user.error());
        return;
    }
    hide();
    emit signedIn(user.value());
}

void LockScreen::showPasswordForm()
{
    m_badge.clear();
    m_pin->clear();
    m_password->clear();
    m_forms->setCurrentIndex(0);
    (m_user->text().isEmpty() ? m_user : m_password)->setFocus();
}

void LockScreen::showProblem(const QString &message)
{
    m_problem->setText(message);
    m_problem->show();
}

bool LockScreen::takesScan(const QString &code) const
{
    if (m_signIn.badgeHolder(code).ok())
        return true;
    // Only a valid accession number: a password may well look like one with a wrong check character.
    return m_forms->currentIndex() == 0 && AccessionNumber::validate(code) == AccessionNumber::Problem::None;
}

void LockScreen::badgeScanned(const QString &code)
{
    Result<User> holder = m_signIn.badgeHolder(code);
    if (!holder) {
        showProblem(holder.error());
        return;
    }
    m_badge = code;
    m_badgeOf->setText(tr("Badge of %1 (%2).").arg(holder.value().displayName, holder.value().name));
    m_problem->hide();
    m_pin->clear();
    m_forms->setCurrentIndex(1);
    m_pin->setFocus();
}

void LockScreen::signInWithPassword()
{
    Result<User> user = m_signIn.withPassword(m_user->text(), m_password->text());
    m_password->clear();
    if (!user) {
        showProblem(user.error());
        (m_user->text().isEmpty() ? m_user : m_password)->setFocus();
        return;
    }
    hide();
    emit signedIn(user.value());
}

void LockScreen::signInWithPin()
{
    Result<User> user = m_signIn.withBadge(m_badge, m_pin->text());
    m_pin->clear();
    if (!user) {
        showProblem(user.error());
        m_pin->setFocus();
        return;
    }
    m_badge.clear();
    m_forms->setCurrentIndex(0);
    hide();
    emit signedIn(user.value());
}

} // namespace benchside
