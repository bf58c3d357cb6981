// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "settings/settings.h"
#include "sync/serverurl.h"

#include <QCoreApplication>

namespace benchside {

// Keeps the sync URL in the settings and the station role's password sealed beside it
// (XSalsa20-Poly1305, libsodium's secretbox) with a key in a file of its own, readable only by the
// user. It keeps the password out of the settings file, backups of it and screenshots of it; it
// does not protect against someone who can read the user's files (docs/decisions.md 40).
class StationCredentials
{
    Q_DECLARE_TR_FUNCTIONS(StationCredentials)

public:
    StationCredentials(Settings &settings, QString keyFile);
    // The key next to the station's data (QStandardPaths::AppDataLocation/sync.key).
    static QString defaultKeyFile();

    // Stores the URL without its password, and the password sealed.
    Status save(const ServerUrl &url);
    // The URL with its password unsealed; fails with a message when none is set up.
    Result<ServerUrl> load() const;
    bool configured() const;

private:
    Result<QByteArray> key(bool create) const;
    Settings &m_settings;
    QString m_keyFile;
};

} // namespace benchside
