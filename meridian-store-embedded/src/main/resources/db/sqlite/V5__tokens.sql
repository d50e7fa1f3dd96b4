-- API tokens shared by every coordinator of the store, as SHA-256 hashes (hex) only. A name is never reused,
-- even after revocation, so a name in a log always means one token. Instants are epoch milliseconds.
CREATE TABLE tokens (
    name    TEXT    NOT NULL PRIMARY KEY,
    sha256  TEXT    NOT NULL UNIQUE,
    scopes  TEXT    NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER,
    revoked INTEGER
);
