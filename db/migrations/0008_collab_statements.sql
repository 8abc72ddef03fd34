-- 0008 the collab-server's hot statements, one round trip each (issue 4, the bench's CPU rows):
-- the batched writes (collab_write_batch) and the load of a document (collab_read_document).
--
-- Every 50 ms the collab-server writes, per tenant, the updates its peers sent and the
-- projections that fell due. Through withTenant() that is four statements and four round trips
-- (BEGIN, set_config, the writes, COMMIT); a CPU profile of bench/collab showed those writes to
-- PostgreSQL's socket and the driver's work around them costing the collab-server more than
-- receiving and broadcasting every update of 50 people. This function does the same in one
-- statement, in the statement's own transaction:
--
--   * SECURITY INVOKER: it runs as the caller (nuri_app), so row-level security checks every
--     row it writes, exactly as withTenant() would;
--   * it sets the tenant transaction-locally, as withTenant() does, and puts the previous value
--     back before returning;
--   * called inside a transaction that already has another tenant, it refuses: it cannot be
--     used to step from one tenant into another.

create function collab_write_batch(
  p_tenant uuid,
  p_documents uuid[],
  p_updates bytea[],
  p_projected uuid[],
  p_texts text[],
  p_htmls text[]
) returns void
  language plpgsql volatile security invoker
  set search_path = public, pg_temp
  as $$
declare
  previous text := coalesce(current_setting('app.tenant_id', true), '');
begin
  if p_tenant is null then
    raise exception 'collab_write_batch: no tenant' using errcode = '22004';
  end if;
  if previous <> '' and previous <> p_tenant::text then
    raise exception 'collab_write_batch: the transaction belongs to another tenant'
      using errcode = '42501';
  end if;
  if cardinality(p_documents) is distinct from cardinality(p_updates)
     or cardinality(p_projected) is distinct from cardinality(p_texts)
     or cardinality(p_projected) is distinct from cardinality(p_htmls) then
    raise exception 'collab_write_batch: arrays of different lengths' using errcode = '22023';
  end if;
  perform set_config('app.tenant_id', p_tenant::text, true);
  insert into document_updates (tenant_id, document_id, data)
    select p_tenant, w.document_id, w.data
    from unnest(p_documents, p_updates) as w (document_id, data);
  update documents d
    set content_text = p.content_text, content_html = p.content_html,
        projected_at = now(), updated_at = now()
    from unnest(p_projected, p_texts, p_htmls) as p (id, content_text, content_html)
    where d.tenant_id = p_tenant and d.id = p.id;
  perform set_config('app.tenant_id', previous, true);
end $$;

revoke all on function collab_write_batch(uuid, uuid[], bytea[], uuid[], text[], text[]) from public;
grant execute on function collab_write_batch(uuid, uuid[], bytea[], uuid[], text[], text[]) to nuri_app;

-- Loading a document when its first person connects: the snapshot, the tail and when its
-- latest version was kept, in one statement instead of five (BEGIN, set_config, the state,
-- the latest version, COMMIT). The same rules as collab_write_batch. Rows: part 0 is the
-- document's own row (its snapshot, null while empty, and the latest version's time in ms
-- since the epoch, null without versions), then
-- part 1, one row per tail update in insertion order; no rows when the tenant has no such
-- document.
create function collab_read_document(p_tenant uuid, p_document uuid)
  returns table (r_part integer, r_seq bigint, r_data bytea, r_last_version_ms double precision)
  language plpgsql volatile security invoker
  set search_path = public, pg_temp
  as $$
declare
  previous text := coalesce(current_setting('app.tenant_id', true), '');
begin
  if p_tenant is null then
    raise exception 'collab_read_document: no tenant' using errcode = '22004';
  end if;
  if previous <> '' and previous <> p_tenant::text then
    raise exception 'collab_read_document: the transaction belongs to another tenant'
      using errcode = '42501';
  end if;
  perform set_config('app.tenant_id', p_tenant::text, true);
  return query
    select 0, 0::bigint, d.state,
           (select floor(extract(epoch from max(v.created_at)) * 1000)::double precision
              from document_versions v
             where v.tenant_id = p_tenant and v.document_id = p_document)
      from documents d
      where d.tenant_id = p_tenant and d.id = p_document
    union all
    select 1, u.seq, u.data, null::double precision
      from document_updates u
      where u.tenant_id = p_tenant and u.document_id = p_document
    order by 1, 2;
  perform set_config('app.tenant_id', previous, true);
end $$;

revoke all on function collab_read_document(uuid, uuid) from public;
grant execute on function collab_read_document(uuid, uuid) to nuri_app;
