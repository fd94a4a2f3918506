-- Drug reference data from the BDPM (ANSM - Base de données publique des médicaments).
-- Replaced as a whole by `ordoscan drugs import` (idempotent); drug_import records each load.
create table drug_specialty (
  cis text primary key,
  name text not null,
  brand text not null,
  form text not null,
  form_family text not null,
  form_edqm_code text,
  form_edqm_display text,
  routes text[] not null,
  route_edqm_codes text[] not null,
  atc text,
  marketed boolean not null,
  modified_release boolean not null,
  strength text,
  generic_group text,
  amm_status text not null,
  holders text[] not null
);
create index drug_specialty_name_trgm on drug_specialty using gin (name gin_trgm_ops);

create table drug_substance (
  cis text not null references drug_specialty (cis) on delete cascade,
  code text not null,
  name text not null,
  strength text,
  reference text,
  primary key (cis, code)
);

create table drug_generic_group (
  group_id text not null,
  label text not null,
  cis text not null,
  -- 0 princeps, 1 générique, 2 complémentarité posologique, 4 substituable
  type text not null,
  primary key (group_id, cis)
);
create index drug_generic_group_cis on drug_generic_group (cis);

create table drug_presentation (
  cis text not null,
  cip7 text not null,
  cip13 text not null,
  label text not null,
  status text not null,
  marketing_state text not null,
  declaration_date text not null,
  reimbursement_rates text[] not null,
  price text not null,
  primary key (cis, cip7)
);
create index drug_presentation_cip13 on drug_presentation (cip13);

create table drug_import (
  id bigserial primary key,
  source text not null,
  imported_at timestamptz not null default now(),
  specialties integer not null,
  substances integer not null,
  generic_groups integer not null,
  presentations integer not null
);
