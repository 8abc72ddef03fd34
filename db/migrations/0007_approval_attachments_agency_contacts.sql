-- 0007 the last pieces of 전자결재 (issue 6): files attached to an approval's attachment
-- fields (붙임), and the agency's contacts that the official document's 결문 prints.

-- ── the agency's contacts (결문) ───────────────────────────────────────────────────────────────

-- Printed at the foot of every official document: 우편번호, 주소, 홈페이지, 전화, 전송 (fax),
-- and the 발신명의 when it is not "<기관명>장". Empty until the administrator fills them in.
alter table tenants
  add column postal_code text not null default '',
  add column address text not null default '',
  add column homepage text not null default '',
  add column phone text not null default '',
  add column fax text not null default '',
  add column sender_title text not null default '',
  add constraint tenants_postal_code_format check (postal_code = '' or postal_code ~ '^[0-9]{5}$'),
  add constraint tenants_address_length check (char_length(address) <= 200),
  add constraint tenants_homepage_format check (
    homepage = '' or (homepage ~ '^https?://[^\s]+$' and char_length(homepage) <= 200)),
  add constraint tenants_phone_format check (phone = '' or phone ~ '^[0-9]{2,4}-[0-9]{3,4}-[0-9]{4}$'),
  add constraint tenants_fax_format check (fax = '' or fax ~ '^[0-9]{2,4}-[0-9]{3,4}-[0-9]{4}$'),
  add constraint tenants_sender_title_length check (char_length(sender_title) <= 60);

-- ── files of an approval (붙임) ───────────────────────────────────────────────────────────────

-- A file attached to one attachment field of an approval while it is drafted. The field's
-- value in approvals.fields lists the ids in order; the bytes live here, kept to the tenant by
-- RLS and served only to the people who may read the approval. Frozen from 상신 on.
create table approval_attachments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  approval_id uuid not null,
  field_key text not null,
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 bytea not null,
  data bytea not null,
  uploaded_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, approval_id) references approvals (tenant_id, id) on delete cascade,
  foreign key (tenant_id, uploaded_by) references users (tenant_id, id),
  constraint approval_attachments_field_key check (field_key ~ '^[a-z][a-z0-9_]{0,39}$'),
  constraint approval_attachments_filename check (
    char_length(filename) between 1 and 120 and filename !~ '[/\\[:cntrl:]]'),
  constraint approval_attachments_size check (size_bytes = octet_length(data) and size_bytes between 1 and 20971520)
);
create index approval_attachments_approval_idx on approval_attachments (tenant_id, approval_id, created_at);

alter table approval_attachments enable row level security;
alter table approval_attachments force row level security;
create policy tenant_isolation on approval_attachments
  using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());

grant select, insert, delete on approval_attachments to nuri_app;
