-- Uploaded documents, the job queue and scanned prescriptions (owned by the jobs/scan runtime).
-- Files live in the database (bytea) so every node and every worker process can read them.
-- Columns that point at foundation tables (facilities, partners, scan sessions) carry their ids
-- without foreign keys: those tables are created by other migrations and may change shape.

create table documents (
  id uuid primary key default gen_random_uuid(),
  -- Who uploaded it: the partner (service account owner) for the direct scan API and scan-token.
  partner text,
  facility_id text,
  session_id text,
  created_at timestamptz not null default now()
);

create table document_files (
  document_id uuid not null references documents (id) on delete cascade,
  -- 0-based order of the file within the document (pages of one prescription).
  position integer not null check (position >= 0),
  media_type text not null,
  bytes bytea not null,
  sha256 text not null,
  size integer not null check (size >= 0),
  primary key (document_id, position)
);

-- The job queue. A job is ready when queued and due, or when its lease expired (worker died).
-- `attempts` counts claims; `locked_by` + `attempts` identify one lease, so only the holder of the
-- current lease can renew or complete it.
create table jobs (
  id bigint generated always as identity primary key,
  task text not null,
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5 check (max_attempts >= 1),
  locked_by text,
  locked_until timestamptz,
  -- Last error message, shown in the UI for a failed job; never a stack trace.
  last_error text,
  -- Optional de-duplication key: at most one unfinished job per key.
  job_key text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_ready_idx on jobs (run_at, id) where status = 'queued';
create index jobs_running_idx on jobs (locked_until) where status = 'running';
create unique index jobs_key_idx on jobs (job_key) where job_key is not null and status in ('queued', 'running');

create table prescriptions (
  id uuid primary key default gen_random_uuid(),
  document_id uuid not null references documents (id) on delete cascade,
  session_id text,
  facility_id text,
  patient_id text,
  partner text,
  status text not null default 'reading'
    check (status in ('reading', 'ready', 'failed', 'validated', 'cancelled')),
  -- Why reading failed, for the UI (status = failed).
  error text,
  -- The engine's output (lines, header, issues) and the FHIR R4 RequestGroup built from it.
  read_result jsonb,
  request_group jsonb,
  page_count integer,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  read_at timestamptz
);
create index prescriptions_document_idx on prescriptions (document_id);
create index prescriptions_session_idx on prescriptions (session_id) where session_id is not null;
create index prescriptions_partner_idx on prescriptions (partner, created_at);

-- Normalised page images shown by the validation screen (boxes of read_result refer to them).
create table prescription_pages (
  prescription_id uuid not null references prescriptions (id) on delete cascade,
  page integer not null check (page >= 1),
  media_type text not null,
  width integer not null,
  height integer not null,
  bytes bytea not null,
  primary key (prescription_id, page)
);
