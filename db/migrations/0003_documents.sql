-- 0003 documents and their collaborative state (issue 4; issue 5 builds spaces and sharing on it).
-- Same conventions as 0001: tenant tables lead with tenant_id and force RLS.
--
-- A document's Yjs state is kept as a compacted snapshot (documents.state) plus a tail of
-- updates appended by the collab-server in small batches (document_updates). A load reads the
-- snapshot and every remaining update row; compaction merges the rows it read into the
-- snapshot and deletes exactly those rows, so rows committed concurrently are never lost.

create table documents (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  title text not null default '',
  owner_id uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- the compacted Yjs state (one update encoding the whole document), null while empty
  state bytea,
  compacted_at timestamptz,
  -- the debounced projection of the body for search and previews, written by the collab-server
  content_text text not null default '',
  content_html text not null default '',
  projected_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, owner_id) references users (tenant_id, id),
  constraint documents_title_length check (char_length(title) <= 200)
);
create index documents_owner_idx on documents (tenant_id, owner_id, updated_at desc);

create table document_updates (
  tenant_id uuid not null,
  document_id uuid not null,
  -- insertion order; Yjs updates commute, so commit order does not matter
  seq bigint generated always as identity,
  data bytea not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, document_id, seq),
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade,
  constraint document_updates_not_empty check (octet_length(data) > 0)
);

create type document_version_kind as enum ('auto', 'named', 'restore');

-- Versions: the whole state at a moment, for history (list, preview, compare, restore).
create table document_versions (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  document_id uuid not null,
  kind document_version_kind not null,
  name text,
  state bytea not null,
  content_text text not null default '',
  -- who asked for a named version or a restore; null for automatic ones
  created_by uuid,
  -- the people whose edits arrived since the previous version
  contributors uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, document_id) references documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint document_versions_name check ((kind = 'named') = (name is not null)),
  constraint document_versions_name_length check (char_length(name) between 1 and 100)
);
create index document_versions_document_idx on document_versions (tenant_id, document_id, created_at desc);

-- ── row-level security ─────────────────────────────────────────────────────────────────────

alter table documents enable row level security;
alter table documents force row level security;
create policy tenant_isolation on documents
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table document_updates enable row level security;
alter table document_updates force row level security;
create policy tenant_isolation on document_updates
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

alter table document_versions enable row level security;
alter table document_versions force row level security;
create policy tenant_isolation on document_versions
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

-- ── privileges ─────────────────────────────────────────────────────────────────────────────

grant select, insert, update, delete on documents to nuri_app;
grant select, insert, delete on document_updates, document_versions to nuri_app;
