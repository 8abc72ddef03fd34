-- 0002 sign-in, onboarding and the audit log.
-- Same conventions as 0001: tenant tables lead with tenant_id and force RLS; control-plane
-- tables (platform operators, their sessions, applications) have no tenant_id.

alter type tenant_status add value if not exists 'rejected';

-- ── people's credentials and lockout ───────────────────────────────────────────────────────

alter table users
  add column password_hash text,
  add column password_changed_at timestamptz,
  add column failed_sign_ins integer not null default 0,
  add column locked_until timestamptz,
  add constraint users_failed_sign_ins_range check (failed_sign_ins >= 0);

-- ── sessions (Lucia's design, ADR 0005) ────────────────────────────────────────────────────

create table sessions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  -- the public half of the token `<id>.<secret>`; only the secret's SHA-256 is stored
  id text not null,
  user_id uuid not null,
  secret_hash bytea not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz,
  ip text,
  user_agent text,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  constraint sessions_id_format check (id ~ '^[a-z2-7]{32}$'),
  constraint sessions_secret_hash_length check (octet_length(secret_hash) = 32),
  constraint sessions_user_agent_length check (char_length(user_agent) <= 512)
);
create index sessions_user_idx on sessions (tenant_id, user_id) where revoked_at is null;

-- One-time links: the first administrator's set-up, and password resets.
create type one_time_link_purpose as enum ('setup', 'reset');

create table one_time_links (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id text not null,
  user_id uuid not null,
  purpose one_time_link_purpose not null,
  secret_hash bytea not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  constraint one_time_links_id_format check (id ~ '^[a-z2-7]{32}$'),
  constraint one_time_links_secret_hash_length check (octet_length(secret_hash) = 32)
);

-- ── the audit log: append-only, hash-chained per tenant ───────────────────────────────────

create table audit_log (
  tenant_id uuid not null references tenants (id) on delete cascade,
  seq bigint not null,
  occurred_at timestamptz not null,
  -- who: a person of the tenant, a platform operator, or the system; the label keeps the name
  -- as it was, so the log still reads after people are renamed
  actor_kind text not null,
  actor_id uuid,
  actor_label text not null,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  details jsonb not null default '{}',
  prev_hash bytea not null,
  hash bytea not null,
  primary key (tenant_id, seq),
  constraint audit_log_actor_kind check (actor_kind in ('user', 'operator', 'system', 'anonymous')),
  constraint audit_log_seq_positive check (seq > 0),
  constraint audit_log_hash_length check (octet_length(hash) = 32 and octet_length(prev_hash) = 32)
);
create index audit_log_time_idx on audit_log (tenant_id, occurred_at desc);
create index audit_log_action_idx on audit_log (tenant_id, action, occurred_at desc);

-- Belt and braces: the app role has no UPDATE or DELETE grant; this stops the owner too.
create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_refuse_change();

-- ── control plane: platform operators and agency applications ──────────────────────────────

create table platform_operators (
  id uuid primary key default gen_random_uuid(),
  login_id text not null,
  display_name text not null,
  password_hash text not null,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  constraint platform_operators_login_id_format check (login_id ~ '^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$')
);
create unique index platform_operators_login_id_key on platform_operators (login_id);

create table operator_sessions (
  id text primary key,
  operator_id uuid not null references platform_operators (id) on delete cascade,
  secret_hash bytea not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  revoked_at timestamptz,
  constraint operator_sessions_id_format check (id ~ '^[a-z2-7]{32}$'),
  constraint operator_sessions_secret_hash_length check (octet_length(secret_hash) = 32)
);

create type application_status as enum ('pending', 'approved', 'rejected');

-- 기관 가입 신청: creates a pending tenant; the operator's decision activates or rejects it.
create table tenant_applications (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants (id) on delete cascade,
  contact_name text not null,
  contact_email text not null,
  contact_phone text not null,
  admin_name text not null,
  admin_login_id text not null,
  admin_email text not null,
  status application_status not null default 'pending',
  decided_at timestamptz,
  decided_by uuid references platform_operators (id),
  decision_reason text,
  created_at timestamptz not null default now(),
  constraint tenant_applications_decision check ((status = 'pending') = (decided_at is null)),
  constraint tenant_applications_reason_when_rejected check (status <> 'rejected' or decision_reason is not null)
);
create unique index tenant_applications_tenant_key on tenant_applications (tenant_id);
create index tenant_applications_status_idx on tenant_applications (status, created_at);

-- ── row-level security ─────────────────────────────────────────────────────────────────────

alter table sessions enable row level security;
alter table sessions force row level security;
create policy tenant_isolation on sessions
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table one_time_links enable row level security;
alter table one_time_links force row level security;
create policy tenant_isolation on one_time_links
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy tenant_isolation on audit_log
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- ── privileges ─────────────────────────────────────────────────────────────────────────────

grant select, insert, update, delete on sessions, one_time_links to nuri_app;
grant select, insert on audit_log to nuri_app;
grant select, insert, update on platform_operators, operator_sessions, tenant_applications to nuri_app;
