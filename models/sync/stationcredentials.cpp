// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/stationcredentials.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <sodium.h>

namespace benchside {

namespace {
const unsigned char *bytes(const QByteArray &b)
{
    return reinterpret_cast<const unsigned char *>(b.constData());
}
} // namespace

StationCredentials::StationCredentials(Settings &settings, QString keyFile)
    : m_settings(settings), m_keyFile(std::move(keyFile))
{}

QString StationCredentials::defaultKeyFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/sync.key");
}

Result<QByteArray> StationCredentials::key(bool create) const
{
    using R = Result<QByteArray>;
    QFile f(m_keyFile);
    if (f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return R::failure(tr("Cannot read the sync key %1: %2").arg(m_keyFile, f.errorString()));
        const QByteArray k = f.readAll();
        if (k.size() != crypto_secretbox_KEYBYTES)
            return R::failure(
                tr("The sync key %1 is damaged. Set the server URL and password again.").arg(m_keyFile));
        return k;
    }
    if (!create)
        return R::failure(
            tr("No sync password is set up on this station. Set the server URL in the settings, "
               "with the password printed by benchside-cli server add-station."));
    if (sodium_init() < 0)
        return R::failure(tr("The cryptography library could not start."));
    QDir().mkpath(QFileInfo(m_keyFile).absolutePath());
    QByteArray k(crypto_secretbox_KEYBYTES, Qt::Uninitialized);
    crypto_secretbox_keygen(reinterpret_cast<unsigned char *>(k.data()));
    if (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || f.write(k) != k.size() ||
        !f.flush())
        return R::failure(tr("Cannot write the sync key %1: %2").arg(m_keyFile, f.errorString()));
    return k;
}

Status StationCredentials::save(const ServerUrl &url)
{
    ServerUrl bare = url;
    bare.password.clear();
    QString sealed;
    if (!url.password.isEmpty()) {
        Result<QByteArray> k = key(true);
        if (!k)
            return Status::failure(k.error());
        const QByteArray plain = url.password.toUtf8();
        QByteArray nonce(crypto_secretbox_NONCEBYTES, Qt::Uninitialized);
        randombytes_buf(nonce.data(), static_cast<size_t>(nonce.size()));
        QByteArray box(plain.size() + crypto_secretbox_MACBYTES, Qt::Uninitialized);
        crypto_secretbox_easy(reinterpret_cast<unsigned char *>(box.data()), bytes(plain),
                              static_cast<unsigned long long>(plain.size()), bytes(nonce), bytes(k.value()));
        sealed = QString::fromLatin1((nonce + box).toBase64());
    }
    // Checked first, so that a bad URL leaves the old settings as they were.
    if (Status s = m_settings.setValue(Settings::Key::SyncUrl, bare.toString()); !s)
        return s;
    return m_settings.setValue(Settings::Key::SyncSealedPassword, sealed);
}

bool StationCredentials::configured() const
{
    return !m_settings.value(Settings::Key::SyncUrl).toString().isEmpty();
}

Result<ServerUrl> StationCredentials::load() const
{
    using R = Result<ServerUrl>;
    const QString text = m_settings.value(Settings::Key::SyncUrl).toString();
    if (text.isEmpty())
        return R::failure(tr("No sync server is set up on this station. Give --url, or set the server in the "
                             "settings."));
    Result<ServerUrl> url = ServerUrl::parse(text);
    if (!url)
        return url;
    const QByteArray sealed =
        QByteArray::fromBase64(m_settings.value(Settings::Key::SyncSealedPassword).toString().toLatin1());
    if (sealed.isEmpty())
        return url; // a role that signs in by certificate or a trusted network
    Result<QByteArray> k = key(false);
    if (!k)
        return R::failure(k.error());
    if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        return R::failure(tr("The sealed sync password is damaged. Set the server URL and password again."));
    const QByteArray nonce = sealed.left(crypto_secretbox_NONCEBYTES);
    const QByteArray box = sealed.mid(crypto_secretbox_NONCEBYTES);
    QByteArray plain(box.size() - crypto_secretbox_MACBYTES, Qt::Uninitialized);
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char *>(plain.data()), bytes(box),
                                   static_cast<unsigned long long>(box.size()), bytes(nonce),
                                   bytes(k.value())) != 0)
        return R::failure(
            tr("The sealed sync password does not open with this station's key %1. Set the server "
               "URL and password again.")
                .arg(m_keyFile));
    ServerUrl out = url.value();
    out.password = QString::fromUtf8(plain);
    return out;
}

} // namespace benchside
