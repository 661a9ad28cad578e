-- Who drives campaigns: one row per lease (today one, 'driver'). `token` grows by one at each
-- takeover — the fencing token every write of the driver checks in its own transaction, so
-- an instance that lost the lease can never record a call (which then never leaves).
-- `expires_at`: epoch milliseconds on the service's clock.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    token BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
