-- The catalog's badges (web/api/CatalogBadges): whether a built-in scenario's script ends in a bug report, and the
-- result of its declared race search, computed once per build and kept across restarts. A row holds for the
-- scenario's content (content_hash: SHA-256 of the scenario as served) under one build (build: the application's
-- build and the kernel prelude it compiles): a new build or an edited scenario finds no row and computes again.

CREATE TABLE catalog_badge (
    scenario     VARCHAR(64)              NOT NULL,
    kind         VARCHAR(16)              NOT NULL,
    content_hash VARCHAR(64)              NOT NULL,
    build        VARCHAR(64)              NOT NULL,
    result       TEXT                     NOT NULL,
    computed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (scenario, kind, content_hash, build)
);
