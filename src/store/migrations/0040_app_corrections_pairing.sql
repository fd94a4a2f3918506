-- Scan & Go web app: the clinician's working copy of the lines, the audit trail of every change,
-- phone pairing links, and photos taken on a phone paired with a patient (partner QR code).

-- Working copy of a prescription's lines while the clinician checks them (one row per line).
-- `line` is the app's line (drug, dosage steps, review state); removed lines stay, flagged.
create table prescription_lines (
  prescription_id uuid not null references prescriptions (id) on delete cascade,
  line_id text not null,
  position integer not null,
  line jsonb not null,
  removed boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (prescription_id, line_id)
);

-- Audit: what the engine read (action `read`, after = the lines) and every change a user made
-- (who, when, before, after), kept with the prescription after validation.
create table prescription_changes (
  id bigint generated always as identity primary key,
  prescription_id uuid not null references prescriptions (id) on delete cascade,
  session_id text,
  user_id uuid,
  -- Who, as shown at the time ("First Last (rpps)"): users may be renamed later.
  user_label text not null,
  action text not null
    check (action in ('read', 'edit', 'add', 'remove', 'acknowledge', 'validate', 'cancel')),
  line_id text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index prescription_changes_prescription_idx on prescription_changes (prescription_id, id);

-- A phone pairing: a short-lived, single-use link `<id>.<secret>` (only sha256(secret) kept).
-- kind `session`: photos go to the desktop session's pages; kind `patient`: created by a partner
-- for a patient file (QR code), photos wait in patient_inbox_files for the next session.
create table app_pairings (
  id text primary key check (id ~ '^[0-9a-f]{32}$'),
  secret_hash bytea not null,
  kind text not null check (kind in ('session', 'patient')),
  session_id text references scan_sessions (id) on delete cascade,
  facility_id uuid not null references facilities (id) on delete cascade,
  patient_id text,
  partner_id uuid,
  expires_at timestamptz not null,
  -- When the link was opened (it works once); the phone then holds a capture cookie.
  used_at timestamptz,
  cookie_hash bytea unique,
  created_at timestamptz not null default now(),
  check ((kind = 'session') = (session_id is not null)),
  check ((kind = 'patient') = (patient_id is not null))
);
create index app_pairings_expires_idx on app_pairings (expires_at);

-- Where a staged page came from (the web app shows it); null = uploaded or pre-imported.
alter table session_files add column source text;

-- Photos taken for a patient (partner QR code), claimed by the next session of that patient file.
create table patient_inbox_files (
  id uuid primary key default gen_random_uuid(),
  pairing_id text not null references app_pairings (id) on delete cascade,
  facility_id uuid not null references facilities (id) on delete cascade,
  patient_id text not null,
  bytes bytea not null,
  is_pdf boolean not null,
  media_type text,
  created_at timestamptz not null default now(),
  claimed_by_session text
);
create index patient_inbox_files_patient_idx on patient_inbox_files (facility_id, patient_id)
  where claimed_by_session is null;
