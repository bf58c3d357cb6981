// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the settings file (models/settings) and the sync state (models/sync): the bytes
// as the station's INI file, read through Settings, with the sync server's URL through ServerUrl; and
// the bytes as the values of a sync_state row and a few sync_refusals rows (a database edited by hand
// or damaged), read through SyncState. Besides crashes, leaks and undefined behaviour, it aborts when
// one of these does not hold:
//  - every setting read is one that check() accepts (an invalid stored value reads as the default),
//    and storing it again succeeds and reads back the same;
//  - the wedge settings, the duplicate window and the idle lock are within their documented ranges;
//  - a sync URL that parses prints as a URL that parses to the same server, and never shows the
//    password unless asked;
//  - SyncState reads the state or says why, never counts a negative number of waiting events, lists
//    only dead refusals as dead letters, and a revived dead letter is no longer one.
#include "settings/settings.h"
#include "store/database.h"
#include "sync/serverurl.h"
#include "sync/syncstate.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace benchside;

namespace {

void require(bool condition, const char *what, const QString &detail = {})
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_settings: invariant violated: %s\n%s\n", what, qPrintable(detail));
        std::abort();
    }
}

struct Scratch
{
    Scratch()
    {
        static int argc = 1;
        static char name[] = "fuzz_settings";
        static char *argv[] = {name, nullptr};
        new QCoreApplication(argc, argv);
        require(dir.isValid(), "a scratch folder");
        Result<std::unique_ptr<Database>> opened = Database::open(dir.filePath(QStringLiteral("state.db")));
        require(opened.ok(), "the scratch database opens", opened.ok() ? QString() : opened.error());
        db = std::move(opened.value());
    }
    QTemporaryDir dir;
    std::unique_ptr<Database> db;
};

void checkUrl(const QString &text)
{
    const Result<ServerUrl> url = ServerUrl::parse(text);
    if (!url.ok()) {
        require(!url.error().isEmpty(), "a refused URL says why");
        return;
    }
    const ServerUrl &u = url.value();
    // Where the password is written out once, in its own place, the masked form must not show it.
    if (u.password.size() >= 4 && u.toString(true).count(u.password) == 1)
        require(!u.toString().contains(u.password), "the password is shown only when asked", u.toString());
    const Result<ServerUrl> again = ServerUrl::parse(u.toString(true));
    require(again.ok(), "a URL prints as a URL that parses", u.toString(true));
    const ServerUrl &v = again.value();
    require(v.host == u.host && v.port == u.port && v.database == u.database && v.user == u.user &&
                v.password == u.password && v.sslMode == u.sslMode && v.sslRootCert == u.sslRootCert &&
                v.sslCert == u.sslCert && v.sslKey == u.sslKey && v.connectTimeoutS == u.connectTimeoutS,
            "a printed URL reads back as the same server", u.toString(true));
}

void checkSettings(const QByteArray &bytes, const QString &path)
{
    QFile file(path);
    require(file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size(),
            "the settings file is written");
    file.close();
    Settings settings(path);
    for (int k = 0; k <= int(Settings::Key::CameraDevice); ++k) {
        const auto key = static_cast<Settings::Key>(k);
        const QVariant v = settings.value(key);
        const Status valid = Settings::check(key, v);
        require(valid.ok(), "a setting read is valid", valid.ok() ? QString() : valid.error());
        const Status stored = settings.setValue(key, v);
        require(stored.ok(), "a setting read can be stored", stored.ok() ? QString() : stored.error());
        require(settings.value(key) == v, "a stored setting reads back", v.toString());
    }
    const WedgeSettings w = settings.wedgeSettings();
    require(w.maxGapMs >= 5 && w.maxGapMs <= 200 && w.prefix.size() <= 4 && w.minLength >= 1,
            "the wedge settings are in range");
    require(settings.duplicateWindowMs() >= 0 && settings.duplicateWindowMs() <= 3600 * 1000,
            "the duplicate window is in range");
    require(settings.idleLockMs() >= 0 && settings.idleLockMs() <= 240 * 60 * 1000,
            "the idle lock is in range");
    const QString url = settings.value(Settings::Key::SyncUrl).toString();
    if (!url.isEmpty())
        checkUrl(url);
    // The raw text of each line as a URL too: the settings dialog parses what is typed.
    for (const QByteArray &line : bytes.split('\n'))
        checkUrl(QString::fromUtf8(line).trimmed());
}

// The values: split at '|' into sync_state's columns and refusals' rows; each as an integer when it
// reads as one, else as text (SQLite keeps whatever it is given).
QVariant valueOf(const QByteArray &field)
{
    bool ok = false;
    const qlonglong n = field.toLongLong(&ok);
    return ok ? QVariant(n) : QVariant(QString::fromUtf8(field));
}

void checkSyncState(const QByteArray &bytes, Database &database)
{
    const QSqlDatabase db = database.connection();
    QSqlQuery(db).exec(QStringLiteral("DELETE FROM sync_refusals"));
    const QList<QByteArray> f = bytes.split('|');
    QSqlQuery state(db);
    state.prepare(
        QStringLiteral("UPDATE sync_state SET pushed_seq = ?, server_cursor = ?, last_success_at = ?, "
                       "last_attempt_at = ?, last_error = ?, projections_stale = ?"));
    for (int i = 0; i < 6; ++i)
        state.addBindValue(i < f.size() ? valueOf(f.at(i)) : QVariant(0));
    require(state.exec(), "the sync state is written");
    for (qsizetype at = 6; at + 5 <= f.size() && at < 36; at += 5) {
        QSqlQuery refusal(db);
        refusal.prepare(
            QStringLiteral("INSERT OR REPLACE INTO sync_refusals (event_id, station_seq, attempts, "
                           "reason, first_at, last_at, dead) VALUES (?, ?, ?, ?, 0, ?, ?)"));
        refusal.addBindValue(QString::fromUtf8(f.at(at)));
        for (int i = 1; i < 5; ++i)
            refusal.addBindValue(valueOf(f.at(at + i)));
        refusal.addBindValue(valueOf(f.at(at + 4).right(1)));
        refusal.exec(); // NOT NULL and the like may refuse a row: that is the database's business
    }

    SyncState sync(db);
    const Result<SyncStatus> status = sync.status();
    if (!status.ok()) {
        require(!status.error().isEmpty(), "a failed read says why");
        return;
    }
    require(status.value().waiting >= 0, "never a negative number of waiting events");
    for (const SyncRefusal &r : status.value().deadLetters)
        require(r.dead, "only dead refusals are dead letters");
    sync.projectionsStale();
    const Result<SyncRefusal> refused =
        sync.recordRefusal(QStringLiteral("fuzz-event"), 7, QStringLiteral("refused"), 1893456000000);
    require(refused.ok() && refused.value().attempts >= 1, "a refusal is recorded");
    const Result<int> revived = sync.reviveDeadLetters();
    require(revived.ok(), "dead letters are revived");
    const Result<SyncStatus> after = sync.status();
    require(after.ok() && after.value().deadLetters.isEmpty(), "a revived dead letter is no longer one");
    require(sync.setCursor(5).ok() && sync.setStale(false).ok(), "the state is written");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static Scratch scratch;
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    checkSettings(bytes, scratch.dir.filePath(QStringLiteral("benchside.ini")));
    checkSyncState(bytes, *scratch.db);
    return 0;
}
