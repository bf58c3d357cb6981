// SPDX-License-Identifier: GPL-3.0-or-later
#include "users/usersdialog.h"

#include "auth/credentialrepository.h"
#include "auth/permissions.h"
#include "auth/userservice.h"
#include "lab/lab.h"
#include "scan/scanrefusal.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace benchside {

namespace {
// A small form of labelled fields with OK and Cancel; the values are read back by the caller.
class FieldsDialog : public QDialog
{
public:
    FieldsDialog(const QString &title, QWidget *parent) : QDialog(parent), m_form(new QFormLayout)
    {
        setWindowTitle(title);
        auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        auto *layout = new QVBoxLayout(this);
        layout->addLayout(m_form);
        layout->addWidget(buttons);
    }
    QLineEdit *addLine(const QString &label, bool secret = false)
    {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("field%1").arg(m_form->rowCount()));
        if (secret)
            edit->setEchoMode(QLineEdit::Password);
        m_form->addRow(label, edit);
        return edit;
    }
    void addRow(const QString &label, QWidget *field) { m_form->addRow(label, field); }

private:
    QFormLayout *m_form;
};

QString tick(bool set)
{
    return set ? QStringLiteral("✔") : QString();
}
} // namespace

UsersDialog::UsersDialog(Lab &lab, UserService &users, const User &signedIn, QWidget *parent)
    : QDialog(parent), m_lab(lab), m_users(users), m_signedIn(signedIn),
      m_administrator(lab.permissions().check(signedIn.name, Permission::ManageUsers).ok())
{
    setObjectName(QStringLiteral("usersDialog"));
    setWindowTitle(tr("Users"));
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("User name"), tr("Name"), tr("Role"), tr("Password"), tr("PIN"), tr("Badge")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_add = new QPushButton(tr("&Add user…"), this);
    m_add->setObjectName(QStringLiteral("addUserButton"));
    m_password = new QPushButton(tr("Set &password…"), this);
    m_password->setObjectName(QStringLiteral("setPasswordButton"));
    m_pin = new QPushButton(tr("Set P&IN…"), this);
    m_pin->setObjectName(QStringLiteral("setPinButton"));
    m_badge = new QPushButton(tr("Assign &badge…"), this);
    m_badge->setObjectName(QStringLiteral("assignBadgeButton"));
    m_add->setEnabled(m_administrator);
    auto *row = new QHBoxLayout;
    for (QPushButton *b : {m_add, m_password, m_pin, m_badge})
        row->addWidget(b);
    row->addStretch(1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("usersMessage"));
    m_message->setWordWrap(true);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    if (!m_administrator) {
        auto *note =
            new QLabel(tr("You can change your own password and PIN; an administrator manages everyone "
                          "else's, and badges."),
                       this);
        note->setWordWrap(true);
        layout->addWidget(note);
    }
    layout->addWidget(m_table, 1);
    layout->addLayout(row);
    layout->addWidget(m_message);
    layout->addWidget(close);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &UsersDialog::updateButtons);
    connect(m_add, &QPushButton::clicked, this, &UsersDialog::addUser);
    connect(m_password, &QPushButton::clicked, this, [this] { setSecret(false); });
    connect(m_pin, &QPushButton::clicked, this, [this] { setSecret(true); });
    connect(m_badge, &QPushButton::clicked, this, &UsersDialog::assignBadge);
    reload();
    resize(760, 420);
}

void UsersDialog::reload(const QString &select)
{
    const QString keep = !select.isEmpty()           ? select
                         : !selectedUser().isEmpty() ? selectedUser()
                                                     : m_signedIn.name;
    m_table->setRowCount(0);
    Result<QList<User>> users = m_lab.catalog().users();
    if (!users) {
        m_message->setText(users.error());
        return;
    }
    Result<QHash<QString, Credentials>> credentials =
        CredentialRepository(m_lab.database().connection()).all();
    if (!credentials) {
        m_message->setText(credentials.error());
        return;
    }
    for (const User &u : users.value()) {
        const Credentials c = credentials.value().value(u.name);
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        const QStringList cells{u.name,
                                u.displayName,
                                Permissions::roleLabel(u.role),
                                tick(!c.passwordHash.isEmpty()),
                                tick(!c.pinHash.isEmpty()),
                                tick(!c.badge.isEmpty())};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells.at(col));
            if (col >= 3)
                item->setTextAlignment(Qt::AlignCenter);
            m_table->setItem(r, col, item);
        }
        if (u.name == keep)
            m_table->selectRow(r);
    }
    m_table->resizeColumnsToContents();
    updateButtons();
}

QString UsersDialog::selectedUser() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QString() : m_table->item(items.first()->row(), 0)->text();
}

void UsersDialog::updateButtons()
{
    const QString user = selectedUser();
    const bool mine = user == m_signedIn.name;
    m_password->setEnabled(!user.isEmpty() && (m_administrator || mine));
    m_pin->setEnabled(!user.isEmpty() && (m_administrator || mine));
    m_badge->setEnabled(!user.isEmpty() && m_administrator);
}

void UsersDialog::report(const Status &outcome, const QString &done, const QString &select)
{
    m_message->setStyleSheet(outcome ? QString() : QStringLiteral("QLabel { color: #c62828; }"));
    m_message->setText(outcome ? done : outcome.error());
    if (outcome)
        reload(select);
}

void UsersDialog::addUser()
{
    FieldsDialog form(tr("Add user"), this);
    QLineEdit *name = form.addLine(tr("User name:"));
    name->setPlaceholderText(tr("for example p.nair"));
    QLineEdit *display = form.addLine(tr("Name:"));
    auto *role = new QComboBox(&form);
    for (const QString &r : Permissions::roles())
        role->addItem(Permissions::roleLabel(r), r);
    form.addRow(tr("Role:"), role);
    if (form.exec() != QDialog::Accepted)
        return;
    const User u{name->text().trimmed(), display->text().trimmed(), role->currentData().toString()};
    report(Status::from(m_users.defineUser(u, m_signedIn.name)),
           tr("%1 added. Set a password, or a badge and a PIN, so they can sign in.").arg(u.name), u.name);
}

void UsersDialog::setSecret(bool pin)
{
    const QString user = selectedUser();
    FieldsDialog form(pin ? tr("PIN of %1").arg(user) : tr("Password of %1").arg(user), this);
    QLineEdit *first = form.addLine(pin ? tr("New PIN:") : tr("New password:"), true);
    QLineEdit *again = form.addLine(tr("Repeat it:"), true);
    if (form.exec() != QDialog::Accepted)
        return;
    if (first->text() != again->text()) {
        report(Status::failure(tr("The two entries differ; nothing was changed.")), {});
        return;
    }
    const Result<Event> set = pin ? m_users.setPin(user, first->text(), m_signedIn.name)
                                  : m_users.setPassword(user, first->text(), m_signedIn.name);
    report(Status::from(set), pin ? tr("PIN of %1 set.").arg(user) : tr("Password of %1 set.").arg(user));
}

// The badge is scanned into the field, which is marked as one that takes scans.
void UsersDialog::assignBadge()
{
    const QString user = selectedUser();
    FieldsDialog form(tr("Badge of %1").arg(user), this);
    QLineEdit *code = form.addLine(tr("Scan the badge:"));
    ScanRefusal::acceptScans(code);
    if (form.exec() != QDialog::Accepted)
        return;
    report(Status::from(m_users.setBadge(user, code->text(), m_signedIn.name)),
           tr("Badge of %1 set.").arg(user));
}

} // namespace benchside
