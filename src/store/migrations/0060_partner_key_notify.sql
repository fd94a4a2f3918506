-- Revocation reaches every node at once: a change to a partner key (revoked, rotated, deleted) or the
-- removal of a facility grant sends NOTIFY ordoscan_partner_access, and each process drops the partner
-- state it caches (src/api/app.ts). Payload: the key id, or '*' for "drop everything".
create function notify_partner_access_change() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'service_account_keys' then
    perform pg_notify('ordoscan_partner_access', case when tg_op = 'DELETE' then old.id else new.id end);
  else
    perform pg_notify('ordoscan_partner_access', '*');
  end if;
  return null;
end
$$;

create trigger service_account_keys_notify_access after update or delete on service_account_keys
  for each row execute function notify_partner_access_change();

create trigger partner_facilities_notify_access after delete on partner_facilities
  for each row execute function notify_partner_access_change();
