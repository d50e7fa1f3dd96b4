-- API tokens shared by every coordinator of the store, as SHA-256 hashes (hex) only. A name is never reused,
-- even after revocation, so a name in a log always means one token. Instants are epoch milliseconds, as in
-- every table of this schema; the columns are named as in the PostgreSQL store's table.
CREATE TABLE tokens (
    name       VARCHAR(255) NOT NULL PRIMARY KEY,
    sha256     CHAR(64)     NOT NULL UNIQUE,
    scopes     TEXT         NOT NULL,
    created_at BIGINT       NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
