-- 0001 foundation: the control plane (tenants) and the org chart of each tenant.
--
-- Hand-written and reviewed. Conventions every later migration follows:
--   * a tenant table has `tenant_id uuid not null`, which leads its primary key, every unique
--     index and every foreign key (Citus can then distribute it by tenant_id, ADR 0002);
--   * row-level security is ENABLED and FORCED, with the one policy `tenant_isolation`
--     that compares tenant_id to the transaction's `app.tenant_id` and fails closed when
--     that setting is missing or empty;
--   * the application role `nuri_app` gets DML only; it owns nothing.

-- The fail-closed tenant of the current transaction: NULL when `app.tenant_id` is unset or
-- empty, so `tenant_id = app_current_tenant()` is never true outside withTenant().
create function app_current_tenant() returns uuid
  language sql stable parallel safe
  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- ── control plane ──────────────────────────────────────────────────────────────────────────

create type tenant_kind as enum ('agency', 'school');
create type tenant_status as enum ('pending', 'active', 'suspended');

create table tenants (
  id uuid primary key default gen_random_uuid(),
  slug text not null,
  name text not null,
  kind tenant_kind not null,
  agency_code text,
  status tenant_status not null default 'pending',
  -- security policy (issue 3 enforces it): session lifetimes, lockout, password length
  session_idle_minutes integer not null default 30,
  session_absolute_minutes integer not null default 720,
  lockout_threshold integer not null default 5,
  lockout_minutes integer not null default 15,
  password_min_length integer not null default 10,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tenants_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$'),
  constraint tenants_name_length check (char_length(name) between 1 and 100),
  constraint tenants_agency_code_format check (agency_code ~ '^[0-9]{7}$'),
  constraint tenants_session_idle_range check (session_idle_minutes between 5 and 480),
  constraint tenants_session_absolute_range check (session_absolute_minutes between 60 and 10080),
  constraint tenants_idle_within_absolute check (session_idle_minutes <= session_absolute_minutes),
  constraint tenants_lockout_threshold_range check (lockout_threshold between 3 and 20),
  constraint tenants_lockout_minutes_range check (lockout_minutes between 1 and 1440),
  constraint tenants_password_min_length_range check (password_min_length between 8 and 64)
);
create unique index tenants_slug_key on tenants (slug);
create unique index tenants_agency_code_key on tenants (agency_code) where agency_code is not null;

-- ── org chart (tenant tables) ──────────────────────────────────────────────────────────────

-- A department is a unit of the org chart (실·국·과·팀); in a school, a homeroom class
-- (학급, with grade and class number) or a staff office (교무실, 행정실).
create type department_kind as enum ('unit', 'homeroom');

create table departments (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  parent_id uuid,
  kind department_kind not null default 'unit',
  name text not null,
  code text,
  sort_order integer not null default 0,
  grade smallint,
  class_number smallint,
  closed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references departments (tenant_id, id),
  constraint departments_not_own_parent check (parent_id is distinct from id),
  constraint departments_name_length check (char_length(name) between 1 and 100),
  constraint departments_code_format check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  constraint departments_homeroom_shape check (
    (kind = 'homeroom') = (grade is not null and class_number is not null)
  ),
  constraint departments_grade_range check (grade between 1 and 6),
  constraint departments_class_number_range check (class_number between 1 and 30)
);
create unique index departments_code_key on departments (tenant_id, code) where code is not null;
-- Two open departments under one parent may not share a name (closed ones keep theirs).
create unique index departments_open_name_key on departments (tenant_id, parent_id, name)
  nulls not distinct where closed_at is null;
create unique index departments_homeroom_key on departments (tenant_id, grade, class_number)
  where kind = 'homeroom' and closed_at is null;
create index departments_parent_idx on departments (tenant_id, parent_id);

-- 직위 (the post: 과장, 국장 …) and 직급 (the grade: 주무관, 사무관 …); sort_order ranks them,
-- lower first (장관 before 차관).
create table positions (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint positions_name_length check (char_length(name) between 1 and 50)
);
create unique index positions_name_key on positions (tenant_id, name);

create table ranks (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint ranks_name_length check (char_length(name) between 1 and 50)
);
create unique index ranks_name_key on ranks (tenant_id, name);

create type user_role as enum ('admin', 'member', 'teacher', 'staff', 'student');
create type user_status as enum ('active', 'disabled');

create table users (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  login_id text not null,
  email text,
  display_name text not null,
  department_id uuid,
  position_id uuid,
  rank_id uuid,
  role user_role not null default 'member',
  status user_status not null default 'active',
  employee_number text,
  -- 번호: a student's number in their homeroom (학년·반 come from the department)
  student_number smallint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, department_id) references departments (tenant_id, id),
  foreign key (tenant_id, position_id) references positions (tenant_id, id),
  foreign key (tenant_id, rank_id) references ranks (tenant_id, id),
  -- login ids are stored folded to lower case so that sign-in is case-insensitive
  constraint users_login_id_format check (login_id ~ '^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$'),
  constraint users_email_format check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  constraint users_display_name_length check (char_length(display_name) between 1 and 50),
  constraint users_employee_number_length check (char_length(employee_number) between 1 and 32),
  constraint users_student_number_range check (student_number between 1 and 99)
);
create unique index users_login_id_key on users (tenant_id, login_id);
create unique index users_email_key on users (tenant_id, email) where email is not null;
create unique index users_employee_number_key on users (tenant_id, employee_number)
  where employee_number is not null;
create unique index users_student_number_key on users (tenant_id, department_id, student_number)
  where student_number is not null;
create index users_department_idx on users (tenant_id, department_id);

-- ── row-level security ─────────────────────────────────────────────────────────────────────

alter table departments enable row level security;
alter table departments force row level security;
create policy tenant_isolation on departments
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table positions enable row level security;
alter table positions force row level security;
create policy tenant_isolation on positions
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table ranks enable row level security;
alter table ranks force row level security;
create policy tenant_isolation on ranks
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table users enable row level security;
alter table users force row level security;
create policy tenant_isolation on users
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- ── privileges of the application role ─────────────────────────────────────────────────────

grant usage on schema public to nuri_app;
grant execute on function app_current_tenant() to nuri_app;
-- the control plane: onboarding creates and updates tenants; nothing deletes them
grant select, insert, update on tenants to nuri_app;
grant select, insert, update, delete on departments, positions, ranks, users to nuri_app;
