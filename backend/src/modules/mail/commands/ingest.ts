import { Readable } from 'node:stream';
import type { MailPollResult } from '@helios/shared';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import type { AuditContext } from '../../../core/audit.ts';
import { recordAudit } from '../../../core/audit.ts';
import type { Actor } from '../../../core/auth/actor.ts';
import { HttpError } from '../../../core/errors.ts';
import { findOrganization, type OrganizationRow } from '../../../core/queries/organizations.ts';
import { displayName, findUserByEmail, insertUser, type UserRow } from '../../../core/queries/users.ts';
import type { FileStorage } from '../../../core/storage/file-storage.ts';
import { uploadLimits } from '../../../core/storage/upload.ts';
import { createUploadedFile } from '../../documentation/index.ts';
import { notify } from '../../notifications/index.ts';
import {
  addReply,
  attachFile,
  createTicket,
  displayNumber,
  findTicket,
  ticketLinks,
  type TicketRow,
  watchersWithRoles,
} from '../../tickets/index.ts';
import type { GmailClient, GmailMessageRef } from '../gmail/client.ts';
import { GmailApiError, HistoryTooOldError } from '../gmail/client.ts';
import { gmailClientOf, type MailDeps } from '../mailer.ts';
import { markEmailBounced } from '../queries/outbox.ts';
import {
  alreadyIngested,
  recordIngested,
  ticketIdByNumber,
  ticketIdByReferences,
  ticketIdByThread,
  updatePollState,
} from '../queries/ingest.ts';
import { findMailSettings, type MailSettingsRow } from '../queries/settings.ts';

/** The label processed messages get in the watched mailbox. */
export const PROCESSED_LABEL = 'Helios/Processed';

export interface IngestDeps extends MailDeps {
  storage: FileStorage;
  /** Replaces the service account's client (tests, the bench). */
  gmail?: GmailClient;
}

/** The watched mailbox cannot be polled as configured (a 409 from POST /mail/poll). */
export class MailboxNotConfigured extends HttpError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

type Outcome = {
  outcome: 'ticket' | 'reply' | 'ignored';
  reason?: string;
  ticketId?: number;
  replyId?: number;
};

/**
 * One pass over the watched mailbox, as the scheduled job does: the messages added since the
 * stored historyId (`history.list`, paged), or — first time, another mailbox, or Google saying the
 * id is too old — a full scan of the inbox. Each message not read before becomes a ticket, a reply,
 * or nothing (and is recorded as such, so a re-scan skips it); processed messages are labelled in
 * one batch request. The new historyId is stored last: a pass that dies half-way is redone, and
 * the record of each message keeps the redo from filing anything twice.
 */
export async function pollMailbox(deps: IngestDeps): Promise<MailPollResult> {
  const settings = await findMailSettings(deps.db, deps.organizationId);
  const mailbox = settings?.watch_mailbox;
  if (!settings || !mailbox)
    throw new MailboxNotConfigured('no mailbox is watched (PUT /settings/mail watchMailbox)');
  if (settings.transport !== 'gmail')
    throw new MailboxNotConfigured('a watched mailbox needs the "gmail" transport');
  const client = deps.gmail ?? (await gmailClientOf(deps));
  if (typeof client === 'string') throw new MailboxNotConfigured(client);
  const organization = await findOrganization(deps.db);
  if (!organization) throw new Error('no organization');
  try {
    const result = await pass(deps, client, settings, mailbox, organization);
    return result;
  } catch (error) {
    await updatePollState(deps.db, settings.id, {
      last_poll_status: 'failed',
      last_poll_error: error instanceof Error ? error.message.slice(0, 1000) : String(error),
    });
    throw error;
  }
}

async function pass(
  deps: IngestDeps,
  client: GmailClient,
  settings: MailSettingsRow,
  mailbox: string,
  organization: OrganizationRow,
): Promise<MailPollResult> {
  let fullScan = !(settings.history_id && settings.history_mailbox === mailbox);
  const refs: GmailMessageRef[] = [];
  let latest: string | null = settings.history_id;
  if (!fullScan && settings.history_id) {
    try {
      let token: string | undefined;
      do {
        const page = await client.history(mailbox, settings.history_id, token);
        // Our own sent mail and drafts show up in the history too; they are never tickets.
        refs.push(...page.added.filter((m) => !m.labelIds.some((l) => SKIPPED_LABELS.has(l))));
        latest = page.historyId;
        token = page.nextPageToken;
      } while (token);
    } catch (error) {
      if (!(error instanceof HistoryTooOldError)) throw error;
      fullScan = true;
      refs.length = 0;
    }
  }
  if (fullScan) {
    // The id first, the listing second: whatever arrives in between is in the next history.
    latest = await client.historyId(mailbox);
    let token: string | undefined;
    do {
      const page = await client.listInbox(mailbox, token);
      refs.push(...page.messages);
      token = page.nextPageToken;
    } while (token);
  }
  const unique = [...new Map(refs.map((r) => [r.id, r])).values()];
  const seen = await alreadyIngested(
    deps.db,
    deps.organizationId,
    mailbox,
    unique.map((r) => r.id),
  );
  const result: MailPollResult = {
    mailbox,
    fullScan,
    messages: 0,
    tickets: 0,
    replies: 0,
    ignored: 0,
    historyId: latest,
  };
  const processed: string[] = [];
  for (const ref of unique) {
    if (seen.has(ref.id)) continue;
    const outcome = await readAndFile(deps, client, settings, mailbox, organization, ref.id);
    await recordIngested(deps.db, {
      organization_id: deps.organizationId,
      mailbox,
      gmail_message_id: ref.id,
      outcome: outcome.outcome,
      reason: outcome.reason ?? null,
      ticket_id: outcome.ticketId ?? null,
      reply_id: outcome.replyId ?? null,
    });
    result.messages++;
    if (outcome.outcome === 'ticket') result.tickets++;
    else if (outcome.outcome === 'reply') result.replies++;
    else result.ignored++;
    processed.push(ref.id);
  }
  let labelId = settings.history_mailbox === mailbox ? settings.processed_label_id : null;
  if (processed.length > 0) {
    labelId ??= await client.ensureLabel(mailbox, PROCESSED_LABEL);
    for (let i = 0; i < processed.length; i += 1000)
      await client.addLabel(mailbox, processed.slice(i, i + 1000), labelId);
  }
  await updatePollState(deps.db, settings.id, {
    history_id: latest,
    history_mailbox: mailbox,
    processed_label_id: labelId,
    last_poll_status: 'ok',
    last_poll_error: null,
  });
  return result;
}

const SKIPPED_LABELS = new Set(['SENT', 'DRAFT', 'SPAM', 'TRASH']);

/**
 * One message read and filed. What can never succeed — the message deleted since it was listed,
 * a sender Helios refuses (a 4xx from the tickets commands) — is recorded as ignored with the
 * reason, so one bad message never blocks the mailbox; anything else fails the pass, which is
 * retried.
 */
async function readAndFile(
  deps: IngestDeps,
  client: GmailClient,
  settings: MailSettingsRow,
  mailbox: string,
  organization: OrganizationRow,
  id: string,
): Promise<Outcome> {
  let message: Awaited<ReturnType<GmailClient['getRaw']>>;
  try {
    message = await client.getRaw(mailbox, id);
  } catch (error) {
    if (error instanceof GmailApiError && error.status === 404)
      return { outcome: 'ignored', reason: 'deleted before it was read' };
    throw error;
  }
  try {
    return await fileMessage(deps, settings, mailbox, organization, message);
  } catch (error) {
    if (error instanceof HttpError && error.status < 500)
      return { outcome: 'ignored', reason: error.message };
    throw error;
  }
}

const headerText = (mail: ParsedMail, name: string): string | undefined => {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
};

const firstAddress = (
  field: AddressObject | AddressObject[] | undefined,
): { address: string; name: string } | undefined => {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  for (const group of list) {
    for (const entry of group.value) {
      if (entry.address) return { address: entry.address.toLowerCase(), name: entry.name };
    }
  }
  return undefined;
};

/** Why a message must never become a ticket (nor get an answer), if it is one of those. */
function machineMail(mail: ParsedMail, sender: string): string | undefined {
  const local = sender.split('@')[0] ?? '';
  const contentType = mail.headers.get('content-type');
  const reportType =
    typeof contentType === 'object' && contentType !== null && 'params' in contentType
      ? (contentType.params as Record<string, string>)['report-type']
      : undefined;
  if (/^(mailer-daemon|postmaster)$/i.test(local) || reportType === 'delivery-status') return 'bounce';
  const autoSubmitted = headerText(mail, 'auto-submitted');
  if (autoSubmitted && autoSubmitted.trim().toLowerCase() !== 'no') return `auto-submitted: ${autoSubmitted}`;
  const precedence = headerText(mail, 'precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence))
    return `precedence: ${precedence}`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'auto-reply';
  if (mail.headers.has('list-id') || mail.headers.has('list-unsubscribe')) return 'bulk (mailing list)';
  return undefined;
}

/** Message-IDs the message points back at (In-Reply-To first). */
function referencedIds(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references)
    ? mail.references
    : mail.references
      ? mail.references.split(/\s+/)
      : [];
  return [
    ...new Set(
      [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...refs].filter(
        (id) => id.length > 0 && id.length <= 255,
      ),
    ),
  ];
}

async function fileMessage(
  deps: IngestDeps,
  settings: MailSettingsRow,
  mailbox: string,
  organization: OrganizationRow,
  message: { id: string; threadId: string; labelIds: string[]; raw: Buffer },
): Promise<Outcome> {
  if (message.labelIds.some((l) => SKIPPED_LABELS.has(l)))
    return { outcome: 'ignored', reason: 'sent, draft, spam or trash' };
  const mail = await simpleParser(message.raw, { skipImageLinks: true, skipTextToHtml: true });
  const sender = firstAddress(mail.from);
  if (!sender) return { outcome: 'ignored', reason: 'no sender address' };
  if (sender.address === settings.from_address || sender.address === mailbox)
    return { outcome: 'ignored', reason: 'sent by Helios itself' };
  const machine = machineMail(mail, sender.address);
  if (machine === 'bounce') {
    // A bounce of our own mail is recorded on the notification it answers.
    const ours = [...message.raw.toString('latin1').matchAll(/<helios\.[0-9a-f-]{36}@[^>\s]+>/gi)].map(
      (m) => m[0],
    );
    const diagnostic =
      /Diagnostic-Code:\s*([^\r\n]+)/i.exec(message.raw.toString('latin1'))?.[1] ?? 'bounced';
    await markEmailBounced(deps.db, [...new Set(ours)], `bounced: ${diagnostic}`);
    return { outcome: 'ignored', reason: 'bounce' };
  }
  if (machine) return { outcome: 'ignored', reason: machine };

  const rfc822MessageId = mail.messageId && mail.messageId.length <= 255 ? mail.messageId : undefined;
  const gmail = {
    messageId: message.id,
    threadId: message.threadId,
    ...(rfc822MessageId ? { rfc822MessageId } : {}),
  };
  const text = (mail.text ?? '').trim() || '(no text)';

  const known = await findUserByEmail(deps.db, organization.id, sender.address);
  if (known && (known.archived_at !== null || !known.is_active))
    return { outcome: 'ignored', reason: 'the sender is deactivated in Helios' };
  const ticket = await matchTicket(deps, organization, mailbox, message.threadId, mail, sender.address);
  if (ticket) {
    const user = await senderUser(deps, sender);
    const actor = actorOf(user);
    const ctx = auditContext(deps, user);
    try {
      const { reply, created } = await addReply(
        deps.db,
        actor,
        ctx,
        ticket,
        await watchersWithRoles(deps.db, ticket.id),
        { reply: text.slice(0, 100_000), type: 'public', gmail },
        { mailbox, requesterSide: true },
      );
      if (created) await attachAll(deps, actor, ctx, ticket, mail);
      return { outcome: 'reply', ticketId: ticket.id, replyId: reply.id };
    } catch (error) {
      // The email a ticket was made from, or one already on another ticket: nothing more to do.
      if (error instanceof HttpError && error.status === 409)
        return { outcome: 'ignored', reason: error.message, ticketId: ticket.id };
      throw error;
    }
  }

  const domain = sender.address.split('@')[1] ?? '';
  const ownDomain = domain === organization.primary_domain?.toLowerCase();
  if (settings.deny_domains.includes(domain))
    return { outcome: 'ignored', reason: `sender domain ${domain} is denied` };
  if (settings.allow_domains.length > 0 && !ownDomain && !settings.allow_domains.includes(domain))
    return { outcome: 'ignored', reason: `sender domain ${domain} is not allowed` };

  const user = await senderUser(deps, sender);
  const actor = actorOf(user);
  const ctx = auditContext(deps, user);
  const { ticket: made, created } = await createTicket(
    deps.db,
    actor,
    ctx,
    organization,
    {
      subject: (mail.subject ?? '').trim().slice(0, 500) || '(no subject)',
      details: text.slice(0, 100_000),
      priority: 'medium',
      source: 'email',
      relatedUserId: user.id,
      gmail,
    },
    // In the ticket's own transaction: the requester hears it was received (by email, by default).
    (trx, t) =>
      notify(trx, organization.id, [user.id], undefined, {
        type: 'ticket_received',
        message: `We received your request: ${displayNumber(t)} ${t.subject}`,
        entityType: 'ticket',
        entityId: t.id,
        email: {},
      }).then(() => undefined),
    { mailbox },
  );
  if (created) await attachAll(deps, actor, ctx, made, mail);
  return { outcome: 'ticket', ticketId: made.id, ...(created ? {} : { reason: 'already filed (add-on)' }) };
}

/** The ticket a message continues: its Gmail thread, then its References, then `[TKT-n]`. */
async function matchTicket(
  deps: IngestDeps,
  organization: OrganizationRow,
  mailbox: string,
  threadId: string,
  mail: ParsedMail,
  sender: string,
): Promise<TicketRow | undefined> {
  const load = async (id: number | undefined) =>
    id === undefined ? undefined : findTicket(deps.db, organization.id, id);
  const byThread = await load(await ticketIdByThread(deps.db, organization.id, mailbox, threadId));
  if (byThread) return byThread;
  const byRefs = await load(await ticketIdByReferences(deps.db, organization.id, referencedIds(mail)));
  if (byRefs) return byRefs;
  const tag = new RegExp(`\\[${escapeRegExp(organization.ticket_prefix)}-(\\d{1,9})\\]`, 'i').exec(
    mail.subject ?? '',
  );
  if (!tag?.[1]) return undefined;
  const byNumber = await load(
    await ticketIdByNumber(deps.db, organization.id, organization.ticket_prefix, Number(tag[1])),
  );
  if (!byNumber) return undefined;
  // A number in a subject is easy to type: it joins a ticket only from one of its people (or
  // staff), never from a stranger, who gets a ticket of their own instead.
  const user = await findUserByEmail(deps.db, organization.id, sender);
  if (!user) return undefined;
  if (user.role === 'admin' || user.role === 'manager') return byNumber;
  const { watchers } = await ticketLinks(deps.db, [byNumber.id]);
  const party = [byNumber.created_by_user_id, byNumber.related_user_id, ...(watchers.get(byNumber.id) ?? [])];
  return party.includes(user.id) ? byNumber : undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sender as a user of ours; an unknown sender becomes a contact (audited). */
async function senderUser(deps: IngestDeps, sender: { address: string; name: string }): Promise<UserRow> {
  const existing = await findUserByEmail(deps.db, deps.organizationId, sender.address);
  if (existing) return existing;
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const [first, ...rest] = sender.name.trim().split(/\s+/);
      const contact = await insertUser(trx, {
        organization_id: deps.organizationId,
        email: sender.address,
        role: 'contact',
        first_name: first ? first.slice(0, 100) : null,
        last_name: rest.length > 0 ? rest.join(' ').slice(0, 100) : null,
      });
      await recordAudit(
        trx,
        { organizationId: deps.organizationId, actor: undefined, ip: null, userAgent: 'helios-mail' },
        {
          action: 'create',
          entityType: 'user',
          entityId: contact.id,
          description: 'created as a contact: unknown sender to the support mailbox',
          newValue: { email: contact.email, role: 'contact' },
        },
      );
      return contact;
    });
  } catch (error) {
    const raced =
      (error as { code?: string }).code === '23505'
        ? await findUserByEmail(deps.db, deps.organizationId, sender.address)
        : undefined;
    if (raced) return raced;
    throw error;
  }
}

const actorOf = (user: UserRow): Actor => ({
  userId: user.id,
  organizationId: user.organization_id,
  role: user.role as Actor['role'],
  email: user.email,
  name: displayName(user),
  via: 'mail',
});

const auditContext = (deps: IngestDeps, user: UserRow): AuditContext => ({
  organizationId: deps.organizationId,
  actor: { userId: user.id },
  ip: null,
  userAgent: 'helios-mail',
});

/**
 * The message's attachments (inline images too: they belong with the text) as files on the
 * ticket, within the upload size limit; a larger one is left out.
 */
async function attachAll(
  deps: IngestDeps,
  actor: Actor,
  ctx: AuditContext,
  ticket: TicketRow,
  mail: ParsedMail,
): Promise<void> {
  for (const [i, attachment] of mail.attachments.entries()) {
    if (attachment.size > uploadLimits.maxFileBytes) continue;
    const stored = await deps.storage.put(Readable.from([attachment.content]));
    try {
      const file = await createUploadedFile(
        deps.db,
        deps.storage,
        actor,
        ctx,
        {},
        {
          reference: stored.reference,
          size: stored.size,
          originalName: attachment.filename ?? `attachment-${i + 1}`,
          mimeType: attachment.contentType,
        },
      );
      await attachFile(deps.db, actor, ctx, ticket, { fileId: file.id as number });
    } catch (error) {
      await deps.storage.delete(stored.reference);
      throw error;
    }
  }
}
