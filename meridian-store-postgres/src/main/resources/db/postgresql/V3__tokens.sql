-- API tokens shared by every coordinator of the store, as SHA-256 hashes (hex) only. A name is never reused,
-- even after revocation, so a name in a log always means one token.
CREATE TABLE tokens (
    name       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    sha256     TEXT             NOT NULL UNIQUE,
    scopes     TEXT             NOT NULL,
    created_at TIMESTAMPTZ      NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
