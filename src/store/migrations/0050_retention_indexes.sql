-- Retention purge (store/retention.ts): finds a facility's old documents, prescriptions, sessions and
-- inbox photos by creation date.
create index if not exists documents_facility_created_idx on documents (facility_id, created_at);
create index if not exists prescriptions_facility_created_idx on prescriptions (facility_id, created_at);
create index if not exists scan_sessions_facility_created_idx on scan_sessions (facility_id, created_at);
create index if not exists patient_inbox_files_facility_created_idx on patient_inbox_files (facility_id, created_at);
