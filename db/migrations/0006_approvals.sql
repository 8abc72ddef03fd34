-- 0006 전자결재 (issue 6): forms, 위임전결 rules, 부재 설정, saved lines, approval documents
-- with their lines, participants, history, amendments and gapless registration counters.
-- Same conventions as 0001: tenant tables lead with tenant_id and force RLS. The rules of
-- the line live in packages/approval; these tables only store what the rules decide.

-- ── a document body can belong to an approval ───────────────────────────────────────────────

-- The body of an approval is a collaborative document (공동기안) served by the collab-server
-- like any other, but it belongs to the approval, not to a space: document lists, search and
-- sharing show only 'workspace' documents.
alter table documents add column purpose text not null default 'workspace'
  constraint documents_purpose check (purpose in ('workspace', 'approval'));

-- ── forms and rules an administrator sets ─────────────────────────────────────────────────────

create table approval_forms (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- 'general' (기안문), 'proposal' (품의서), 'expense' (지출결의서), 'leave' (휴가신청서),
  -- 'trip' (출장신청서) for the built-in ones; 'custom-…' for the tenant's own
  key text not null,
  name text not null,
  description text not null default '',
  -- [{ key, label, type: text|number|date|money|choice|attachment, required, options?, max? }]
  fields jsonb not null default '[]',
  -- the key of the money field that 위임전결 rules compare with, if any
  amount_field text,
  -- the default line: { "kind": "chain", "levels": n } walks the drafter's department heads
  default_line jsonb not null default '{"kind":"chain","levels":2}',
  builtin boolean not null default false,
  sort_order integer not null default 0,
  created_by uuid,
  created_at timestamptz not null default now(),
  archived_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint approval_forms_key_format check (key ~ '^[a-z][a-z0-9-]{0,39}$'),
  constraint approval_forms_name_length check (char_length(name) between 1 and 60),
  constraint approval_forms_fields_array check (jsonb_typeof(fields) = 'array' and jsonb_array_length(fields) <= 30)
);
create unique index approval_forms_key_idx on approval_forms (tenant_id, key);

-- 위임전결: documents of this form (or every form, when null) up to max_amount won (or any
-- amount, when null) are closed by the holder of closer_position_id (과장, 국장 …).
create table approval_delegation_rules (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  form_id uuid,
  max_amount bigint,
  closer_position_id uuid not null,
  sort_order integer not null default 0,
  created_by uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, form_id) references approval_forms (tenant_id, id) on delete cascade,
  foreign key (tenant_id, closer_position_id) references positions (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint approval_delegation_rules_amount check (max_amount is null or max_amount >= 0)
);
create index approval_delegation_rules_form_idx on approval_delegation_rules (tenant_id, form_id);

-- 부재 설정: while away, substitute_id may sign (대결) in user_id's place.
create table approval_absences (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  substitute_id uuid not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  reason text not null default '',
  created_at timestamptz not null default now(),
  cancelled_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, substitute_id) references users (tenant_id, id),
  constraint approval_absences_not_self check (substitute_id <> user_id),
  constraint approval_absences_dates check (ends_at > starts_at),
  constraint approval_absences_reason_length check (char_length(reason) <= 200)
);
create index approval_absences_user_idx on approval_absences (tenant_id, user_id, ends_at);
create index approval_absences_substitute_idx on approval_absences (tenant_id, substitute_id, ends_at);

-- A person's saved lines. The steps keep the department and position each person had when
-- saved, so that a retired or moved approver is flagged before 상신.
create table approval_saved_lines (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  owner_id uuid not null,
  name text not null,
  -- { steps: [{ kind, group, assigneeId, departmentId, positionId }], cc: [userId],
  --   recipients: [departmentId] }
  line jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_id) references users (tenant_id, id) on delete cascade,
  constraint approval_saved_lines_name_length check (char_length(name) between 1 and 60)
);
create unique index approval_saved_lines_name_idx on approval_saved_lines (tenant_id, owner_id, name);

-- ── approval documents ─────────────────────────────────────────────────────────────────────

create type approval_status as enum ('draft', 'in_progress', 'rejected', 'withdrawn', 'completed');
create type approval_step_kind as enum ('review', 'cooperate', 'approve');
create type approval_step_status as enum ('waiting', 'pending', 'held', 'approved', 'rejected', 'skipped');
create type approval_signed_as as enum ('self', 'delegated', 'proxy');
create type approval_post_approval as enum ('none', 'owed', 'done');

create table approvals (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  form_id uuid not null,
  title text not null default '',
  drafter_id uuid not null,
  -- 처리과: the drafter's department when drafting
  department_id uuid not null,
  -- the co-drafted body (documents.purpose = 'approval')
  body_document_id uuid not null,
  -- the form's values by field key
  fields jsonb not null default '{}',
  -- the value of the form's money field, for 위임전결 and the ledger
  amount bigint,
  status approval_status not null default 'draft',
  disclosure document_disclosure,
  disclosure_grounds smallint[] not null default '{}',
  retention document_retention,
  -- a redraft (재기안) points at the rejected document it came from
  redraft_of uuid,
  submitted_at timestamptz,
  completed_at timestamptz,
  -- 시행일자, in Asia/Seoul
  effective_date date,
  -- 처리과명-일련번호, gapless per department and calendar year (Asia/Seoul)
  registration_year smallint,
  registration_serial integer,
  registration_number text,
  -- the body as frozen at completion, and its SHA-256
  body_text text,
  body_html text,
  body_sha256 bytea,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, form_id) references approval_forms (tenant_id, id),
  foreign key (tenant_id, drafter_id) references users (tenant_id, id),
  foreign key (tenant_id, department_id) references departments (tenant_id, id),
  foreign key (tenant_id, body_document_id) references documents (tenant_id, id),
  foreign key (tenant_id, redraft_of) references approvals (tenant_id, id),
  constraint approvals_title_length check (char_length(title) <= 200),
  constraint approvals_amount check (amount is null or amount >= 0),
  constraint approvals_grounds check (disclosure_grounds <@ array[1, 2, 3, 4, 5, 6, 7, 8]::smallint[]),
  -- a completed document has exactly one number, and only a completed one has any
  constraint approvals_numbered_when_completed check (
    (status = 'completed') = (registration_number is not null)
    and (registration_number is null) = (registration_serial is null)
    and (registration_number is null) = (registration_year is null)
    and (status <> 'completed' or (body_sha256 is not null and completed_at is not null))
  )
);
create unique index approvals_registration_idx
  on approvals (tenant_id, department_id, registration_year, registration_serial);
create index approvals_drafter_idx on approvals (tenant_id, drafter_id, updated_at desc);
create index approvals_status_idx on approvals (tenant_id, status, updated_at desc);
create unique index approvals_body_idx on approvals (tenant_id, body_document_id);

create table approval_steps (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  approval_id uuid not null,
  -- steps run group by group; steps sharing a group run in parallel (협조 only)
  grp smallint not null,
  ordinal smallint not null,
  kind approval_step_kind not null,
  assignee_id uuid not null,
  may_close_by_delegation boolean not null default false,
  status approval_step_status not null default 'waiting',
  acted_by uuid,
  signed_as approval_signed_as,
  acted_at timestamptz,
  post_approval approval_post_approval not null default 'none',
  post_approved_at timestamptz,
  -- the holder's name, 직위 and department as signed, for the official document
  assignee_name text not null,
  assignee_position text not null default '',
  assignee_department text not null default '',
  acted_by_name text,
  acted_by_position text,
  primary key (tenant_id, id),
  foreign key (tenant_id, approval_id) references approvals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, assignee_id) references users (tenant_id, id),
  foreign key (tenant_id, acted_by) references users (tenant_id, id),
  constraint approval_steps_group check (grp between 1 and 50 and ordinal between 1 and 50)
);
create unique index approval_steps_order_idx on approval_steps (tenant_id, approval_id, ordinal);
create index approval_steps_assignee_idx on approval_steps (tenant_id, assignee_id, status);
-- what a substitute signed under 대결 (the 진행, 완료 and 반려 boxes)
create index approval_steps_acted_by_idx on approval_steps (tenant_id, acted_by) where acted_by is not null;

-- 공동기안자, 참조, 수신 (departments) and 공람 (after completion), with when each read it.
create table approval_participants (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  approval_id uuid not null,
  role text not null,
  user_id uuid,
  department_id uuid,
  added_by uuid,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, approval_id) references approvals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references users (tenant_id, id),
  foreign key (tenant_id, department_id) references departments (tenant_id, id),
  foreign key (tenant_id, added_by) references users (tenant_id, id),
  constraint approval_participants_role check (role in ('co_drafter', 'cc', 'recipient', 'circulation')),
  constraint approval_participants_target check (
    (role = 'recipient' and department_id is not null and user_id is null)
    or (role <> 'recipient' and user_id is not null and department_id is null)
  )
);
create unique index approval_participants_user_idx
  on approval_participants (tenant_id, approval_id, role, user_id) where user_id is not null;
create unique index approval_participants_department_idx
  on approval_participants (tenant_id, approval_id, role, department_id) where department_id is not null;
create index approval_participants_lookup_idx on approval_participants (tenant_id, user_id, role);
create index approval_participants_department_lookup_idx on approval_participants (tenant_id, department_id, role);

-- Every action with its opinion (의견), append-only: the document's history.
create table approval_events (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  approval_id uuid not null,
  seq bigint generated always as identity,
  -- 'draft', 'submit', 'approve', 'close-by-delegation', 'proxy-approve', 'post-approve',
  -- 'reject', 'hold', 'withdraw', 'redraft', 'amend', 'circulate', 'read'
  action text not null,
  actor_id uuid not null,
  -- under 대결, the absent holder the actor signed for
  on_behalf_of uuid,
  step_id uuid,
  opinion text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, approval_id) references approvals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, actor_id) references users (tenant_id, id),
  foreign key (tenant_id, on_behalf_of) references users (tenant_id, id),
  -- A withdrawn document's line may be redrawn (update-draft): the steps go, their history
  -- stays, naming its actor, without the step (only step_id is cleared; tenant_id stays).
  foreign key (tenant_id, step_id) references approval_steps (tenant_id, id) on delete set null (step_id),
  constraint approval_events_action_format check (action ~ '^[a-z]+(-[a-z]+)*$'),
  constraint approval_events_opinion_length check (char_length(opinion) <= 2000)
);
create index approval_events_approval_idx on approval_events (tenant_id, approval_id, seq);

-- An approver's amendment of the body (수정), kept as a version of the body document, so
-- that later approvers see who changed what, and when.
create table approval_amendments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  approval_id uuid not null,
  step_id uuid,
  author_id uuid not null,
  version_id uuid not null,
  before_text text not null,
  after_text text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, approval_id) references approvals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, step_id) references approval_steps (tenant_id, id) on delete set null (step_id),
  foreign key (tenant_id, author_id) references users (tenant_id, id),
  foreign key (tenant_id, version_id) references document_versions (tenant_id, id)
);
create index approval_amendments_approval_idx on approval_amendments (tenant_id, approval_id, created_at);

-- The last registration serial per 처리과 and year. Taken with an upsert in the transaction
-- that completes the document: its row lock serialises completions of one department, and a
-- rolled-back completion returns its number, so the serials have no gaps.
create table approval_counters (
  tenant_id uuid not null references tenants (id) on delete cascade,
  department_id uuid not null,
  year smallint not null,
  last_serial integer not null,
  primary key (tenant_id, department_id, year),
  foreign key (tenant_id, department_id) references departments (tenant_id, id)
);

-- ── row-level security ─────────────────────────────────────────────────────────────────────

do $$
declare t text;
begin
  foreach t in array array['approval_forms', 'approval_delegation_rules', 'approval_absences',
    'approval_saved_lines', 'approvals', 'approval_steps', 'approval_participants',
    'approval_events', 'approval_amendments', 'approval_counters'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
  end loop;
end $$;

-- ── privileges ─────────────────────────────────────────────────────────────────────────────

grant select, insert, update, delete on approval_forms, approval_delegation_rules, approval_absences,
  approval_saved_lines, approvals, approval_steps, approval_participants, approval_amendments,
  approval_counters to nuri_app;
-- the history is append-only for the app
grant select, insert on approval_events to nuri_app;
