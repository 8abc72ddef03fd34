-- 0004 the documents workspace (issue 5): spaces and folders, sharing, stars and visits,
-- comments, notifications, images, templates, records metadata and search.
-- Same conventions as 0001: tenant tables lead with tenant_id and force RLS.

create extension if not exists pg_trgm;

-- ── records metadata, spaces, trash, link sharing and search on documents ──────────────────

create type document_disclosure as enum ('public', 'partial', 'private');
create type document_retention as enum ('1y', '3y', '5y', '10y', '30y', 'semi_permanent', 'permanent');
create type document_link_access as enum ('off', 'agency', 'public');
create type document_role as enum ('reader', 'commenter', 'editor', 'owner');

create table folders (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  parent_id uuid,
  -- a folder lives in a person's space (owner_id) or a department's space (department_id)
  owner_id uuid,
  department_id uuid,
  name text not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references folders (tenant_id, id) on delete cascade,
  foreign key (tenant_id, owner_id) references users (tenant_id, id),
  foreign key (tenant_id, department_id) references departments (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint folders_one_space check ((owner_id is null) <> (department_id is null)),
  constraint folders_name_length check (char_length(name) between 1 and 100)
);
create index folders_parent_idx on folders (tenant_id, parent_id);

alter table documents
  add column department_id uuid,
  add column folder_id uuid,
  -- 공개 unless the author names a ground to withhold (정보공개법: disclosure is the rule)
  add column disclosure document_disclosure not null default 'public',
  add column disclosure_grounds smallint[] not null default '{}',
  add column retention document_retention not null default '5y',
  add column link_access document_link_access not null default 'off',
  add column link_role document_role not null default 'reader',
  add column deleted_at timestamptz,
  add column deleted_by uuid,
  add column size_bytes integer not null default 0,
  -- one- and two-character terms (Hangul syllables and their pairs), for the GIN index below;
  -- terms of three or more characters use pg_trgm
  add column search_grams text[] not null default '{}',
  add constraint documents_department_fk foreign key (tenant_id, department_id) references departments (tenant_id, id),
  add constraint documents_folder_fk foreign key (tenant_id, folder_id) references folders (tenant_id, id) on delete set null,
  add constraint documents_deleted_by_fk foreign key (tenant_id, deleted_by) references users (tenant_id, id),
  -- 부분공개 and 비공개 need at least one ground of 정보공개법 제9조 제1항 (1–8호); 공개 none
  add constraint documents_disclosure_grounds check (
    disclosure_grounds <@ '{1,2,3,4,5,6,7,8}'::smallint[]
    and ((disclosure = 'public') = (cardinality(disclosure_grounds) = 0))
  ),
  add constraint documents_link_role check (link_role in ('reader', 'commenter', 'editor'));
create index documents_department_idx on documents (tenant_id, department_id, updated_at desc) where deleted_at is null;
create index documents_folder_idx on documents (tenant_id, folder_id);
create index documents_search_grams_idx on documents using gin (search_grams);
create index documents_search_trgm_idx on documents using gin ((title || ' ' || content_text) gin_trgm_ops);

-- ── sharing ───────────────────────────────────────────────────────────────────────────────

create type share_grantee as enum ('user', 'department', 'tenant');

create table document_shares (
  tenant_id uuid not null,
  document_id uuid not null,
  id uuid not null default gen_random_uuid(),
  grantee_kind share_grantee not null,
  -- the person or department; null when the whole agency is the grantee
  grantee_id uuid,
  role document_role not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint document_shares_grantee check ((grantee_kind = 'tenant') = (grantee_id is null)),
  constraint document_shares_role check (role <> 'owner')
);
create unique index document_shares_grantee_key on document_shares
  (tenant_id, document_id, grantee_kind, coalesce(grantee_id, '00000000-0000-0000-0000-000000000000'::uuid));
create index document_shares_grantee_idx on document_shares (tenant_id, grantee_kind, grantee_id);

-- ── stars and visits (recent) ─────────────────────────────────────────────────────────────

create table document_stars (
  tenant_id uuid not null,
  user_id uuid not null,
  document_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id, document_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade
);

create table document_visits (
  tenant_id uuid not null,
  user_id uuid not null,
  document_id uuid not null,
  visited_at timestamptz not null default now(),
  primary key (tenant_id, user_id, document_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade
);
create index document_visits_recent_idx on document_visits (tenant_id, user_id, visited_at desc);

-- ── comments and notifications ────────────────────────────────────────────────────────────

create table document_comments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  document_id uuid not null,
  -- null for the first comment of a thread; replies point at it
  thread_id uuid,
  author_id uuid not null,
  body text not null,
  -- the anchor: Yjs relative positions of the commented range, and the text as it was
  anchor_start bytea,
  anchor_end bytea,
  quote text,
  resolved_at timestamptz,
  resolved_by uuid,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, thread_id) references document_comments (tenant_id, id) on delete cascade,
  foreign key (tenant_id, author_id) references users (tenant_id, id),
  foreign key (tenant_id, resolved_by) references users (tenant_id, id),
  constraint document_comments_body_length check (char_length(body) between 1 and 4000),
  constraint document_comments_quote_length check (char_length(quote) <= 500)
);
create index document_comments_document_idx on document_comments (tenant_id, document_id, created_at);

create table notifications (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  -- 'mention', 'share', later 'approval.*' and 'message.*'
  kind text not null,
  actor_id uuid,
  -- where it leads, and what it says (ids and short labels only, never content)
  target_type text not null,
  target_id uuid not null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  read_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  foreign key (tenant_id, actor_id) references users (tenant_id, id),
  constraint notifications_kind_format check (kind ~ '^[a-z]+(\.[a-z_]+)*$')
);
create index notifications_user_idx on notifications (tenant_id, user_id, created_at desc);

-- ── images and templates ──────────────────────────────────────────────────────────────────

create table document_images (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  document_id uuid not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 bytea not null,
  data bytea not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint document_images_type check (content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
  constraint document_images_size check (size_bytes = octet_length(data) and size_bytes <= 10485760)
);
create index document_images_document_idx on document_images (tenant_id, document_id);

create table document_templates (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null,
  description text not null default '',
  state bytea not null,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  archived_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint document_templates_name_length check (char_length(name) between 1 and 100)
);

-- the tenant's policy on public links (off by default)
alter table tenants add column allow_public_links boolean not null default false;

-- ── row-level security ─────────────────────────────────────────────────────────────────────

do $$
declare t text;
begin
  foreach t in array array['folders', 'document_shares', 'document_stars', 'document_visits',
    'document_comments', 'notifications', 'document_images', 'document_templates'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
  end loop;
end $$;

-- ── privileges ─────────────────────────────────────────────────────────────────────────────

grant select, insert, update, delete on folders, document_shares, document_stars, document_visits,
  document_comments, notifications, document_images, document_templates to nuri_app;
