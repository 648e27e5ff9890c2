-- Clients the services' doors refused (quotas), one row per report of one instance: platform.client-limits.v1, the
-- console's CLIENT_LIMITED alert (AlertStore). Kept RETENTION_CLIENT_LIMITS (7 days).
CREATE TABLE client_limit (
    id          BIGSERIAL PRIMARY KEY,
    service     TEXT        NOT NULL,
    client      TEXT        NOT NULL,
    agency_code TEXT,
    door        TEXT        NOT NULL,
    limited     BIGINT      NOT NULL,
    allowed     BIGINT      NOT NULL,
    from_at     TIMESTAMPTZ NOT NULL,
    to_at       TIMESTAMPTZ NOT NULL
);
-- the alert reads the last minutes, all agencies or one; the purge reads the oldest
CREATE INDEX client_limit_recent ON client_limit (to_at);
CREATE INDEX client_limit_agency_recent ON client_limit (agency_code, to_at);
