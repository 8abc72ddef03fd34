-- 0005 document search (issue 5, point 7): keeps documents.search_grams (0004) current.
--
-- Search (app/app/services/documents/search-*.server.ts) answers "documents this person may
-- read that contain these words". Two GIN indexes of 0004 serve it:
--
-- - documents_search_grams_idx on search_grams, which this migration fills with
--   * the distinct one- and two-character pieces ("grams") of the words of title and body,
--     lower-cased, in NFC: 디지털정부 gives 디, 지, 털, 정, 부, 디지, 지털, 털정, 정부. A one- or
--     two-character term is one gram; a longer one must have all its two-character grams;
--   * access tokens: 'u:<person>' (the owner, people the document is shared with),
--     'd:<department>' (its department space, departments it is shared with), 'a:<agency>'
--     (shared with the agency, or a link), so that one index scan intersects "has these grams"
--     with "readable by someone with these tokens" and no row outside both is read;
-- - documents_search_trgm_idx (pg_trgm) on title || ' ' || content_text, which serves the
--   LIKE/ILIKE that confirms every term of three or more characters.
--
-- The collab-server writes content_text, the app writes title, owner, space and link, and the
-- sharing pages write document_shares; the triggers below keep search_grams current for all of
-- them, so no writer can forget. Search still checks the access rule itself on every row found
-- (the tokens only narrow, they never decide alone).

-- Only the first 50,000 characters of a body are cut into grams: about 25 pages, beyond which
-- one document would put tens of thousands of grams into the index on every save. A longer
-- document gets the marker 'x:partial' instead, and search confirms every term in it with
-- LIKE, so nothing in it is missed; only its search is slower.
--
-- PL/pgSQL over the distinct words rather than one SQL expression: about 0.8 ms for a body of
-- 1,200 characters, where set-returning SQL versions took two to three times as long.
create function document_search_grams(title text, body text) returns text[]
  language plpgsql immutable strict parallel safe
  as $$
declare
  source text := title || ' ' || left(body, 50000);
  word text;
  ch text;
  previous text;
  grams text[] := '{}';
begin
  if source is not nfc normalized then
    source := normalize(source, nfc);
  end if;
  for word in select distinct w from regexp_split_to_table(lower(source), '[^[:alnum:]]+') as w loop
    previous := '';
    foreach ch in array string_to_array(word, null) loop
      grams := grams || ch;
      if previous <> '' then
        grams := grams || (previous || ch);
      end if;
      previous := ch;
    end loop;
  end loop;
  if char_length(body) > 50000 then
    grams := grams || 'x:partial'::text;
  end if;
  return array(select distinct g from unnest(grams) as g where g <> '' order by g);
end $$;

-- The grams a term needs, in the same form: for each of its words, the word itself when it has
-- one or two characters, else every two-character piece of it (모니터링: 모니, 니터, 터링).
create function document_search_keys(term text) returns text[]
  language sql immutable strict parallel safe
  as $$
    select array(
      select distinct k
      from regexp_split_to_table(lower(normalize(term, nfc)), '[^[:alnum:]]+') as w,
        lateral (
          select w where char_length(w) <= 2
          union all
          select substr(w, i, 2) from generate_series(1, char_length(w) - 1) as i where char_length(w) > 2
        ) as keys (k)
      where w <> ''
      order by k)
  $$;

-- The access tokens of one document: its owner, its department space, an agency or public
-- link, and every share (person, department, agency). Mirrors documentRoleSql
-- (access.server.ts); a person's own tokens are 'u:<them>', 'd:<each department of their
-- chain>' and 'a:<agency>'.
create function document_search_principals(
  doc_tenant uuid, doc_id uuid, doc_owner uuid, doc_department uuid, doc_link document_link_access
) returns text[]
  language sql stable parallel safe
  as $$
    select array(
      select distinct p from (
        select 'u:' || doc_owner
        union all
        select 'd:' || doc_department where doc_department is not null
        union all
        select 'a:' || doc_tenant where doc_link <> 'off'
        union all
        select case s.grantee_kind
            when 'user' then 'u:' || s.grantee_id
            when 'department' then 'd:' || s.grantee_id
            else 'a:' || doc_tenant
          end
        from document_shares s
        where s.tenant_id = doc_tenant and s.document_id = doc_id
      ) as tokens (p)
      order by p)
  $$;

create function documents_refresh_search_grams() returns trigger
  language plpgsql
  as $$
begin
  new.search_grams := document_search_grams(new.title, new.content_text)
    || document_search_principals(new.tenant_id, new.id, new.owner_id, new.department_id, new.link_access);
  return new;
end $$;

create trigger documents_search_grams_insert before insert on documents
  for each row execute function documents_refresh_search_grams();
-- The collab-server rewrites content_text on every debounced save; an unchanged row costs nothing.
create trigger documents_search_grams_update
  before update of title, content_text, owner_id, department_id, link_access on documents
  for each row
  when (old.title is distinct from new.title
    or old.content_text is distinct from new.content_text
    or old.owner_id is distinct from new.owner_id
    or old.department_id is distinct from new.department_id
    or old.link_access is distinct from new.link_access)
  execute function documents_refresh_search_grams();

-- A share added, changed or removed: the document's access tokens again, its grams kept.
create function document_refresh_search_principals(doc_tenant uuid, doc_id uuid) returns void
  language sql
  as $$
    update documents d
      set search_grams = array(select g from unnest(d.search_grams) as g where left(g, 2) not in ('u:', 'd:', 'a:'))
        || document_search_principals(d.tenant_id, d.id, d.owner_id, d.department_id, d.link_access)
      where d.tenant_id = doc_tenant and d.id = doc_id
  $$;

create function document_shares_refresh_search_grams() returns trigger
  language plpgsql
  as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    perform document_refresh_search_principals(new.tenant_id, new.document_id);
  end if;
  if tg_op = 'DELETE' then
    perform document_refresh_search_principals(old.tenant_id, old.document_id);
  elsif tg_op = 'UPDATE' and old.document_id <> new.document_id then
    perform document_refresh_search_principals(old.tenant_id, old.document_id);
  end if;
  return null;
end $$;

create trigger document_shares_search_grams after insert or update or delete on document_shares
  for each row execute function document_shares_refresh_search_grams();

-- Documents written before this migration, tenant by tenant: row-level security is forced on
-- documents, for the owner too, so each tenant's rows are visible only with its id set.
do $$
declare
  tenant uuid;
begin
  for tenant in select id from tenants loop
    perform set_config('app.tenant_id', tenant::text, true);
    update documents
      set search_grams = document_search_grams(title, content_text)
        || document_search_principals(tenant_id, id, owner_id, department_id, link_access)
      where tenant_id = tenant;
  end loop;
  perform set_config('app.tenant_id', '', true);
end $$;

grant execute on function document_search_grams(text, text), document_search_keys(text),
  document_search_principals(uuid, uuid, uuid, uuid, document_link_access) to nuri_app;
