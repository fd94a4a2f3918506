-- Extensions available on both PGlite (bundled contrib) and PostgreSQL (postgresql-contrib).
create extension if not exists pg_trgm;
create extension if not exists unaccent;
