// The add-on's entry module: the only one that exposes globals. build.mjs wraps each export in a
// top-level `function name(e) { return Helios.name(e) }`, since Apps Script finds triggers and
// callbacks only as global functions. Every export runs inside an entry wrapper (actions/entry.ts):
// a time budget, and failures as readable cards or toasts, never a stack trace.
import { composeCardFor, composeInsert, composeSearch } from './actions/compose.ts';
import {
  driveAttach,
  driveCardFor,
  driveFileTicket,
  driveLink,
  driveNewTicket,
  driveSearch,
} from './actions/drive.ts';
import { actionEntry, cardEntry, universalEntry } from './actions/entry.ts';
import { param } from './actions/event.ts';
import {
  addEmailToTicket,
  createContact,
  fileTicket,
  gmailCard,
  showAddToTicket,
  showTicketForm,
} from './actions/gmail.ts';
import { createLifecycleRequest, showLifecycleForm } from './actions/lifecycle.ts';
import {
  expiringList,
  fileReport,
  homeCardFor,
  lookupUser,
  personList,
  showHome,
  showReportForm,
  syncNow,
} from './actions/home.ts';
import { emptySearchCard, openSearchResult, search } from './actions/search.ts';
import { saveSettings, settingsCardFor, testConnection } from './actions/settings.ts';
import {
  assignToMe,
  closeTicket,
  isStaff,
  moreReplies,
  openTicket,
  reassign,
  replyToTicket,
  setPriority,
  setStatus,
  ticketList,
  ticketListCardFor,
} from './actions/tickets.ts';
import { backendUrl } from './api/client.ts';
import { getMe } from './api/helios.ts';
import type { CallbackName } from './cards/names.ts';
import type * as self from './index.ts';
import { pushCard, updateCard } from './cards/responses.ts';
import type { AddonEvent } from './types/events.ts';

// ——— Triggers (named in appsscript.json) ———

/** Homepage of every host (common, Drive, Calendar): by role, from /me. First run: Settings. */
export const onHomepage = cardEntry(
  'onHomepage',
  () => (backendUrl() ? homeCardFor() : settingsCardFor()),
  'home',
);

/** Gmail contextual trigger (unconditional): the sender's card. */
export const onGmailMessage = cardEntry('onGmailMessage', gmailCard, 'gmail');

/** Drive onItemsSelectedTrigger. */
export const onDriveItemsSelected = cardEntry('onDriveItemsSelected', driveCardFor);

/** Gmail compose trigger (selectActions): insert a ticket reference or a canned reply. */
export const onGmailCompose = cardEntry('onGmailCompose', composeCardFor);

// ——— Universal actions (⋮ menu) ———

export const onUniversalMyTickets = universalEntry('onUniversalMyTickets', () => [
  ticketListCardFor(isStaff(getMe()) ? 'assigned' : 'mine'),
]);
export const onUniversalSearch = universalEntry('onUniversalSearch', () => [emptySearchCard()]);
export const onUniversalSettings = universalEntry('onUniversalSettings', () => [settingsCardFor()]);

// ——— Card callbacks (cards/names.ts) ———

export const onRetry = actionEntry(
  'onRetry',
  (e: AddonEvent) => {
    const target = param(e, 'target');
    if (target === 'gmail') return updateCard(gmailCard(e));
    if (target === 'settings') return updateCard(settingsCardFor());
    return updateCard(backendUrl() ? homeCardFor() : settingsCardFor());
  },
  'card',
);
export const onShowHome = actionEntry('onShowHome', showHome);
export const onOpenTicket = actionEntry('onOpenTicket', openTicket);
export const onTicketList = actionEntry('onTicketList', ticketList);
export const onShowTicketForm = actionEntry('onShowTicketForm', showTicketForm);
export const onFileTicket = actionEntry('onFileTicket', fileTicket);
export const onShowReportForm = actionEntry('onShowReportForm', showReportForm);
export const onFileReport = actionEntry('onFileReport', fileReport);
export const onShowAddToTicket = actionEntry('onShowAddToTicket', showAddToTicket);
export const onAddEmailToTicket = actionEntry('onAddEmailToTicket', addEmailToTicket);
export const onTicketReply = actionEntry('onTicketReply', replyToTicket);
export const onTicketSetStatus = actionEntry('onTicketSetStatus', setStatus);
export const onTicketAssignToMe = actionEntry('onTicketAssignToMe', assignToMe);
export const onTicketClose = actionEntry('onTicketClose', closeTicket);
export const onTicketMoreReplies = actionEntry('onTicketMoreReplies', moreReplies);
export const onSearch = actionEntry('onSearch', search);
export const onOpenSearchResult = actionEntry('onOpenSearchResult', openSearchResult);
export const onLookupUser = actionEntry('onLookupUser', lookupUser);
export const onPersonList = actionEntry('onPersonList', personList);
export const onExpiringList = actionEntry('onExpiringList', expiringList);
export const onSyncNow = actionEntry('onSyncNow', syncNow);
export const onTestConnection = actionEntry('onTestConnection', testConnection);
export const onSaveSettings = actionEntry('onSaveSettings', saveSettings);
export const onShowSettings = actionEntry('onShowSettings', () => pushCard(settingsCardFor()));
export const onDriveSearch = actionEntry('onDriveSearch', driveSearch);
export const onDriveAttach = actionEntry('onDriveAttach', driveAttach);
export const onDriveLink = actionEntry('onDriveLink', driveLink);
export const onShowLifecycleForm = actionEntry('onShowLifecycleForm', showLifecycleForm);
export const onCreateLifecycleRequest = actionEntry('onCreateLifecycleRequest', createLifecycleRequest);
export const onDriveShowNewTicket = actionEntry('onDriveShowNewTicket', driveNewTicket);
export const onDriveFileTicket = actionEntry('onDriveFileTicket', driveFileTicket);
export const onCreateContact = actionEntry('onCreateContact', createContact);
export const onTicketSetPriority = actionEntry('onTicketSetPriority', setPriority);
export const onTicketReassign = actionEntry('onTicketReassign', reassign);
export const onComposeSearch = actionEntry('onComposeSearch', composeSearch);
export const onComposeInsert = actionEntry('onComposeInsert', composeInsert);

// Every name a card can call must be exported above (this line fails to compile otherwise).
type Exported = keyof typeof self;
const everyCallbackExported: Exclude<CallbackName, Exported> extends never ? true : never = true;
void everyCallbackExported;
