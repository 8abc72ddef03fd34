-- 0009 messaging (issue 7): channels, their members and read positions, messages with their
-- edit history, reactions and acknowledgements (확인), and the event log that live delivery
-- replays from a client's last event id. Every table is a tenant table under RLS.

-- ── the agency's retention policy ──────────────────────────────────────────────────────────

-- How long the agency keeps messages: null (the default) keeps them forever; a number of days
-- has the retention job delete older messages (a thread goes with its last reply).
alter table tenants
  add column message_retention_days integer,
  add constraint tenants_message_retention_days check (message_retention_days between 1 and 3650);

-- ── channels ──────────────────────────────────────────────────────────────────────────────────

-- public: any person of the agency may find and join it; private: members only, by invitation;
-- department: one per department of the org chart, its people its members; direct and group:
-- a conversation between two, or a few, people, with no name of its own. `posting` 'managers'
-- makes an announcement channel (공지): only its managers post. Messages are numbered per
-- channel (`last_seq`), which is what read positions and "안 읽음 N" count in.
create table channels (
  tenant_id uuid not null references tenants (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null,
  name text not null default '',
  topic text not null default '',
  purpose text not null default '',
  department_id uuid,
  posting text not null default 'everyone',
  -- direct and group: the members' ids, sorted and joined, so that one conversation exists per set
  direct_key text,
  last_seq bigint not null default 0,
  last_message_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  archived_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, department_id) references departments (tenant_id, id),
  foreign key (tenant_id, created_by) references users (tenant_id, id),
  constraint channels_kind check (kind in ('public', 'private', 'department', 'direct', 'group')),
  constraint channels_name check (
    case when kind in ('direct', 'group') then name = ''
         else char_length(btrim(name)) between 1 and 80 and name !~ '[[:cntrl:]]' end),
  constraint channels_topic check (char_length(topic) <= 250 and topic !~ '[[:cntrl:]]'),
  constraint channels_purpose check (char_length(purpose) <= 250),
  constraint channels_posting check (posting in ('everyone', 'managers')),
  constraint channels_department check ((kind = 'department') = (department_id is not null)),
  constraint channels_direct_key check ((kind in ('direct', 'group')) = (direct_key is not null)),
  constraint channels_last_seq check (last_seq >= 0)
);
create unique index channels_department_idx on channels (tenant_id, department_id) where kind = 'department';
create unique index channels_direct_idx on channels (tenant_id, direct_key) where direct_key is not null;
create index channels_public_idx on channels (tenant_id, name) where kind = 'public';

-- A member of a channel. `joined_seq` is the channel's last message when they joined: earlier
-- messages were never theirs to read, so they are not counted as unread by them. `last_read_seq`
-- only moves forward.
create table channel_members (
  tenant_id uuid not null,
  channel_id uuid not null,
  user_id uuid not null,
  role text not null default 'member',
  joined_seq bigint not null default 0,
  last_read_seq bigint not null default 0,
  joined_at timestamptz not null default now(),
  primary key (tenant_id, channel_id, user_id),
  foreign key (tenant_id, channel_id) references channels (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  constraint channel_members_role check (role in ('member', 'manager')),
  constraint channel_members_seqs check (joined_seq >= 0 and last_read_seq >= 0)
);
create index channel_members_user_idx on channel_members (tenant_id, user_id);

-- ── messages ──────────────────────────────────────────────────────────────────────────────────

-- A message. The body is the author's Markdown subset as written; it is rendered by the app,
-- never stored as HTML. A deleted message keeps its body for audit and is shown as deleted.
-- A reply names its thread's root (a message of the same channel, itself no reply).
create table messages (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  channel_id uuid not null,
  seq bigint not null,
  author_id uuid not null,
  body text not null,
  priority text not null default 'normal',
  ack_requested boolean not null default false,
  thread_root_id uuid,
  reply_count integer not null default 0,
  last_reply_at timestamptz,
  mentions uuid[] not null default '{}',
  mentions_channel boolean not null default false,
  -- The one- and two-character pieces of the body, cut as documents' are (0005), for search.
  search_grams text[] not null default '{}',
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  deleted_by uuid,
  primary key (tenant_id, id),
  unique (tenant_id, channel_id, seq),
  foreign key (tenant_id, channel_id) references channels (tenant_id, id) on delete cascade,
  foreign key (tenant_id, author_id) references users (tenant_id, id),
  foreign key (tenant_id, deleted_by) references users (tenant_id, id),
  foreign key (tenant_id, thread_root_id) references messages (tenant_id, id),
  -- empty only when the message carries files (the service checks that)
  constraint messages_body check (char_length(body) <= 4000),
  constraint messages_priority check (priority in ('normal', 'important', 'urgent')),
  constraint messages_seq check (seq > 0),
  constraint messages_reply_count check (reply_count >= 0),
  constraint messages_deleted check ((deleted_at is null) = (deleted_by is null))
);
create index messages_thread_idx on messages (tenant_id, thread_root_id, seq) where thread_root_id is not null;
create index messages_author_recent_idx on messages (tenant_id, author_id, created_at);
create index messages_search_grams_idx on messages using gin (search_grams);

create function messages_refresh_search_grams() returns trigger
  language plpgsql
  as $$
begin
  new.search_grams := document_search_grams('', new.body);
  return new;
end $$;

create trigger messages_search_grams before insert or update of body on messages
  for each row execute function messages_refresh_search_grams();

-- A file sent with a message: stored here, served only to people who may read the channel,
-- limited in size (and, by the service, in number and total per message).
create table message_attachments (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  message_id uuid not null,
  channel_id uuid not null,
  filename text not null,
  content_type text not null,
  size_bytes integer not null,
  sha256 bytea not null,
  data bytea not null,
  uploaded_by uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade,
  foreign key (tenant_id, channel_id) references channels (tenant_id, id) on delete cascade,
  foreign key (tenant_id, uploaded_by) references users (tenant_id, id),
  constraint message_attachments_filename check (
    char_length(filename) between 1 and 120 and filename !~ '[/\\[:cntrl:]]'),
  constraint message_attachments_size check (size_bytes = octet_length(data) and size_bytes between 1 and 20971520)
);
create index message_attachments_message_idx on message_attachments (tenant_id, message_id);

-- The earlier bodies of an edited message, newest last: the history the audit keeps.
create table message_edits (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  message_id uuid not null,
  body text not null,
  edited_by uuid not null,
  edited_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade,
  foreign key (tenant_id, edited_by) references users (tenant_id, id)
);
create index message_edits_message_idx on message_edits (tenant_id, message_id, edited_at);

create table message_reactions (
  tenant_id uuid not null,
  message_id uuid not null,
  user_id uuid not null,
  emoji text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, message_id, user_id, emoji),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade,
  constraint message_reactions_emoji check (char_length(emoji) between 1 and 16 and emoji !~ '[[:space:][:cntrl:]]')
);

-- 확인: a member has acknowledged a message that asked for it.
create table message_acks (
  tenant_id uuid not null,
  message_id uuid not null,
  user_id uuid not null,
  acked_at timestamptz not null default now(),
  primary key (tenant_id, message_id, user_id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);

-- Following a thread: its root's author and everyone who replies follow it (and are told of
-- new replies in their notifications) until they stop; others may follow it by choice.
create table thread_follows (
  tenant_id uuid not null,
  message_id uuid not null,
  user_id uuid not null,
  following boolean not null,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, message_id, user_id),
  foreign key (tenant_id, message_id) references messages (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
);

-- ── live delivery ─────────────────────────────────────────────────────────────────────────────

-- Every change a member of a channel sees live, in the order the agency's transactions commit:
-- writers take the tenant's event lock (messaging_event_lock) before they insert, so ids rise
-- in commit order within a tenant and a client resuming after id N misses nothing that
-- committed before it. pg_notify tells every app instance about the new id at commit.
create table message_events (
  tenant_id uuid not null,
  id bigint generated always as identity,
  channel_id uuid not null,
  kind text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, channel_id) references channels (tenant_id, id) on delete cascade,
  constraint message_events_kind check (kind ~ '^[a-z]+(\.[a-z]+)*$')
);
create index message_events_channel_idx on message_events (tenant_id, channel_id, id);

-- ── row-level security ────────────────────────────────────────────────────────────────────────

do $$
declare t text;
begin
  foreach t in array array['channels', 'channel_members', 'messages', 'message_attachments', 'message_edits',
    'message_reactions', 'message_acks', 'thread_follows', 'message_events'] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format('create policy tenant_isolation on %I using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant())', t);
  end loop;
end $$;

grant select, insert, update on channels to nuri_app;
grant select, insert, update, delete on channel_members to nuri_app;
grant select, insert, update, delete on messages to nuri_app;
grant select, insert on message_attachments to nuri_app;
grant select, insert on message_edits to nuri_app;
grant select, insert, delete on message_reactions to nuri_app;
grant select, insert on message_acks to nuri_app;
grant select, insert, update on thread_follows to nuri_app;
grant select, insert, delete on message_events to nuri_app;
-- only to take a deleted or edited message's text out of the events that carried it
grant update (payload) on message_events to nuri_app;

-- Appends one event of the current tenant and announces it to every app instance at commit.
-- The transaction-scoped advisory lock on the tenant makes event ids rise in commit order within
-- the tenant (held from here to commit, so writers call this last). SECURITY INVOKER: the insert
-- is checked by RLS like any other.
create function messaging_append_event(p_channel_id uuid, p_kind text, p_payload jsonb) returns bigint
language plpgsql security invoker as $$
declare
  v_tenant uuid := app_current_tenant();
  v_id bigint;
begin
  if v_tenant is null then
    raise exception 'messaging_append_event outside a tenant transaction' using errcode = '42501';
  end if;
  perform pg_advisory_xact_lock(hashtextextended('nuri.messaging:' || v_tenant::text, 0));
  insert into message_events (tenant_id, channel_id, kind, payload)
    values (v_tenant, p_channel_id, p_kind, p_payload)
    returning id into v_id;
  perform pg_notify('nuri_messaging', 'e:' || v_tenant::text || ':' || v_id::text || ':' || p_channel_id::text);
  return v_id;
end $$;

grant execute on function messaging_append_event(uuid, text, jsonb) to nuri_app;

-- ── department channels follow the org chart ──────────────────────────────────────────────────

-- Brings the current tenant's department channels in step with its org chart: a channel for
-- every open department, named as it is; archived when the department closes (restored if it
-- reopens); its members the department's active people (a homeroom's teachers as managers,
-- and in a homeroom only managers post: students write where a teacher lets them). Set-based
-- and idempotent: the org services call it after every change of departments or people, and
-- the seed after seeding. The events go out last, after every row it changes.
create function messaging_sync_departments() returns integer
language plpgsql security invoker as $$
declare
  v_tenant uuid := app_current_tenant();
  v_updated uuid[];
  v_added_channels uuid[];
  v_added_users uuid[];
  v_removed_channels uuid[];
  v_removed_users uuid[];
  v_changes integer := 0;
  v_row record;
begin
  if v_tenant is null then
    raise exception 'messaging_sync_departments outside a tenant transaction' using errcode = '42501';
  end if;

  insert into channels (tenant_id, kind, name, department_id, posting)
  select d.tenant_id, 'department', left(btrim(d.name), 80), d.id,
         case when d.kind = 'homeroom' then 'managers' else 'everyone' end
  from departments d
  where d.tenant_id = v_tenant and d.closed_at is null
    and not exists (select 1 from channels c
                    where c.tenant_id = v_tenant and c.kind = 'department' and c.department_id = d.id);

  with changed as (
    update channels c
       set name = left(btrim(d.name), 80),
           archived_at = case when d.closed_at is null then null else coalesce(c.archived_at, now()) end
      from departments d
     where c.tenant_id = v_tenant and c.kind = 'department'
       and d.tenant_id = v_tenant and d.id = c.department_id
       and (c.name <> left(btrim(d.name), 80) or (d.closed_at is null) <> (c.archived_at is null))
    returning c.id)
  select coalesce(array_agg(id), '{}') into v_updated from changed;

  with joined as (
    insert into channel_members (tenant_id, channel_id, user_id, role, joined_seq, last_read_seq)
    select v_tenant, c.id, u.id,
           case when d.kind = 'homeroom' and u.role in ('teacher', 'admin', 'staff') then 'manager' else 'member' end,
           c.last_seq, c.last_seq
      from channels c
      join departments d on d.tenant_id = c.tenant_id and d.id = c.department_id
      join users u on u.tenant_id = c.tenant_id and u.department_id = c.department_id and u.status = 'active'
     where c.tenant_id = v_tenant and c.kind = 'department' and c.archived_at is null
    on conflict do nothing
    returning channel_id, user_id)
  select coalesce(array_agg(channel_id), '{}'), coalesce(array_agg(user_id), '{}')
    into v_added_channels, v_added_users from joined;

  -- A homeroom's teachers manage its channel, and only they: roles follow the people's roles.
  update channel_members m
     set role = case when u.role in ('teacher', 'admin', 'staff') then 'manager' else 'member' end
    from channels c, departments d, users u
   where m.tenant_id = v_tenant and c.tenant_id = v_tenant and c.id = m.channel_id and c.kind = 'department'
     and d.tenant_id = v_tenant and d.id = c.department_id and d.kind = 'homeroom'
     and u.tenant_id = v_tenant and u.id = m.user_id
     and m.role <> case when u.role in ('teacher', 'admin', 'staff') then 'manager' else 'member' end;

  with gone as (
    delete from channel_members m
     using channels c
     where m.tenant_id = v_tenant and c.tenant_id = v_tenant and c.id = m.channel_id and c.kind = 'department'
       and not exists (select 1 from users u
                       where u.tenant_id = v_tenant and u.id = m.user_id
                         and u.department_id = c.department_id and u.status = 'active')
    returning m.channel_id, m.user_id)
  select coalesce(array_agg(channel_id), '{}'), coalesce(array_agg(user_id), '{}')
    into v_removed_channels, v_removed_users from gone;

  for v_row in
    with changes as (
      select channel_id, user_id, true as added from unnest(v_added_channels, v_added_users) as a (channel_id, user_id)
      union all
      select channel_id, user_id, false from unnest(v_removed_channels, v_removed_users) as r (channel_id, user_id))
    select channel_id,
           coalesce(array_agg(user_id) filter (where added), '{}') as added,
           coalesce(array_agg(user_id) filter (where not added), '{}') as removed
      from changes group by channel_id order by channel_id
  loop
    perform messaging_append_event(v_row.channel_id, 'channel.member',
      jsonb_build_object('added', to_jsonb(v_row.added), 'removed', to_jsonb(v_row.removed)));
    v_changes := v_changes + 1;
  end loop;
  for v_row in
    select id, name, topic, purpose, archived_at from channels
     where tenant_id = v_tenant and id = any(v_updated) order by id
  loop
    perform messaging_append_event(v_row.id, 'channel.updated', jsonb_build_object(
      'name', v_row.name, 'topic', v_row.topic, 'purpose', v_row.purpose,
      'archived', v_row.archived_at is not null));
    v_changes := v_changes + 1;
  end loop;
  return v_changes;
end $$;

grant execute on function messaging_sync_departments() to nuri_app;
