-- Sign-in (docs/decisions.md 44-46). Credentials are journaled (user.password.set, user.pin.set,
-- user.badge.set) so that every station of a site can sign its people in while offline.

-- Projection: each user's current password and PIN hashes (Argon2id, libsodium's string format) and
-- badge. Each column keeps the newest setting by (hlc, station): events from other stations may
-- arrive in any order and must end in the same row.
CREATE TABLE user_credentials (
    name             TEXT PRIMARY KEY,
    password_hash    TEXT NOT NULL DEFAULT '',
    password_hlc     INTEGER NOT NULL DEFAULT 0,
    password_station TEXT NOT NULL DEFAULT '',
    pin_hash         TEXT NOT NULL DEFAULT '',
    pin_hlc          INTEGER NOT NULL DEFAULT 0,
    pin_station      TEXT NOT NULL DEFAULT '',
    badge            TEXT NOT NULL DEFAULT '',
    badge_hlc        INTEGER NOT NULL DEFAULT 0,
    badge_station    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX user_credentials_badge ON user_credentials (badge) WHERE badge <> '';

-- Failed sign-ins slow the next attempt down; they are counted from the journal since the user's
-- last success. Only sign-in rows enter this index, so it costs other appends nothing.
CREATE INDEX journal_signins ON journal (subject, kind, hlc)
    WHERE kind IN ('user.signin.failed', 'user.signin.succeeded');
