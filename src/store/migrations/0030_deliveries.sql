-- Delivery of validated prescriptions (webhook push, e-mail): one row per prescription × channel ×
-- target, with its retry schedule, and one row per attempt (the delivery log). The jobs that carry
-- the attempts live in `jobs`; this table is the source of truth for what was delivered.
-- prescription ids reference `prescriptions`; facility ids are kept as text like `prescriptions`.

create table deliveries (
  id uuid primary key default gen_random_uuid(),
  prescription_id uuid not null references prescriptions (id) on delete cascade,
  facility_id text not null,
  channel text not null check (channel in ('webhook', 'email')),
  -- The URL or the e-mail address(es) delivered to, as configured when the delivery was created.
  target text not null,
  -- Sent as Idempotency-Key: stable per prescription and endpoint, unchanged by retries and redelivery.
  idempotency_key text not null unique,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null check (max_attempts >= 1),
  last_status_code integer,
  last_error text,
  next_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (prescription_id, channel, target)
);
create index deliveries_facility_idx on deliveries (facility_id, created_at);
create index deliveries_status_idx on deliveries (status, next_attempt_at);

create table delivery_attempts (
  id bigint generated always as identity primary key,
  delivery_id uuid not null references deliveries (id) on delete cascade,
  attempt integer not null,
  started_at timestamptz not null,
  finished_at timestamptz not null default now(),
  -- HTTP status of the receiver (webhook) or SMTP reply code (e-mail), null when none came back.
  status_code integer,
  error text,
  duration_ms integer not null
);
create index delivery_attempts_delivery_idx on delivery_attempts (delivery_id, attempt);
