// The static list of migrations, in order. A static import list (not a folder scan) keeps the
// migrator working when the backend is bundled. `npm run db:new -- <name>` adds a file and a line here.
import type { Migration } from 'kysely/migration';
import * as m20261121000000_core from './20261121000000_core.ts';
import * as m20261121000100_documentation from './20261121000100_documentation.ts';
import * as m20261121000200_ticketing from './20261121000200_ticketing.ts';
import * as m20261121000300_helios from './20261121000300_helios.ts';
import * as m20261121000400_table_comments from './20261121000400_table_comments.ts';
import * as m20261121010000_api_keys from './20261121010000_api_keys.ts';
import * as m20261121020000_inventory_search_indexes from './20261121020000_inventory_search_indexes.ts';
import * as m20261121020400_search_indexes from './20261121020400_search_indexes.ts';
import * as m20261121030000_ticket_gmail from './20261121030000_ticket_gmail.ts';
import * as m20261121030100_search_trigram_indexes from './20261121030100_search_trigram_indexes.ts';
import * as m20261121040000_ticket_operations from './20261121040000_ticket_operations.ts';
import * as m20261121050000_google_sync from './20261121050000_google_sync.ts';
import * as m20261201101639_rate_limits from './20261201101639_rate_limits.ts';
import * as m20261201104515_gmail_mailbox_scope from './20261201104515_gmail_mailbox_scope.ts';
import * as m20261201104949_share_links from './20261201104949_share_links.ts';
import * as m20261201105500_auth_session_details from './20261201105500_auth_session_details.ts';
import * as m20261201122226_mail from './20261201122226_mail.ts';
import * as m20261201122855_microsoft_sync from './20261201122855_microsoft_sync.ts';
import * as m20261201123500_certificate_domain_links from './20261201123500_certificate_domain_links.ts';
import * as m20261201125900_mail_lookup_indexes from './20261201125900_mail_lookup_indexes.ts';
import * as m20261201130500_sync_run_kind from './20261201130500_sync_run_kind.ts';
import * as m20261201153000_saved_views from './20261201153000_saved_views.ts';
import * as m20261201153339_cache_invalidation from './20261201153339_cache_invalidation.ts';
import * as m20261201165000_ticket_attachment_gmail_key from './20261201165000_ticket_attachment_gmail_key.ts';
import * as m20261201171500_saved_views_organization_index from './20261201171500_saved_views_organization_index.ts';
import * as m20261202090000_lifecycle from './20261202090000_lifecycle.ts';

export const migrations: Record<string, Migration> = {
  '20261121000000_core': m20261121000000_core,
  '20261121000100_documentation': m20261121000100_documentation,
  '20261121000200_ticketing': m20261121000200_ticketing,
  '20261121000300_helios': m20261121000300_helios,
  '20261121000400_table_comments': m20261121000400_table_comments,
  '20261121010000_api_keys': m20261121010000_api_keys,
  '20261121020000_inventory_search_indexes': m20261121020000_inventory_search_indexes,
  '20261121020400_search_indexes': m20261121020400_search_indexes,
  '20261121030000_ticket_gmail': m20261121030000_ticket_gmail,
  '20261121030100_search_trigram_indexes': m20261121030100_search_trigram_indexes,
  '20261121040000_ticket_operations': m20261121040000_ticket_operations,
  '20261121050000_google_sync': m20261121050000_google_sync,
  '20261201101639_rate_limits': m20261201101639_rate_limits,
  '20261201104515_gmail_mailbox_scope': m20261201104515_gmail_mailbox_scope,
  '20261201104949_share_links': m20261201104949_share_links,
  '20261201105500_auth_session_details': m20261201105500_auth_session_details,
  '20261201122226_mail': m20261201122226_mail,
  '20261201122855_microsoft_sync': m20261201122855_microsoft_sync,
  '20261201123500_certificate_domain_links': m20261201123500_certificate_domain_links,
  '20261201125900_mail_lookup_indexes': m20261201125900_mail_lookup_indexes,
  '20261201130500_sync_run_kind': m20261201130500_sync_run_kind,
  '20261201153000_saved_views': m20261201153000_saved_views,
  '20261201153339_cache_invalidation': m20261201153339_cache_invalidation,
  '20261201165000_ticket_attachment_gmail_key': m20261201165000_ticket_attachment_gmail_key,
  '20261201171500_saved_views_organization_index': m20261201171500_saved_views_organization_index,
  '20261202090000_lifecycle': m20261202090000_lifecycle,
};
