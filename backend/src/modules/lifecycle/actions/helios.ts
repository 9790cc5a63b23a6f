// The actions a step runs on Helios itself. The engine runs each inside the transaction that
// records the step's outcome (its claim re-checked first), so a Helios action's writes and its
// "completed" commit together or not at all — exactly once by construction; each also checks what
// is already done, so running one again changes nothing.
import { assetTypes, ticketPriorities } from '@helios/shared';
import { z } from 'zod';
import type { Actor } from '../../../core/auth/actor.ts';
import { recordAudit, type AuditContext } from '../../../core/audit.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { displayName, findUserById } from '../../../core/queries/users.ts';
import { createTicket } from '../../tickets/index.ts';
import {
  assetsByIds,
  assignAsset,
  assignedAssetsOf,
  checkInAssetsOf,
  holdingsOf,
  peekStorage,
  pickFromStorage,
  revokeAccessOf,
} from '../queries/helios-actions.ts';
import type { ActionContext, LifecycleAction } from './types.ts';

/** A non-retryable failure of a Helios action (the step fails with this message). */
export class ActionFailed extends Error {
  override name = 'ActionFailed';
}

const HELIOS = 'HELIOS';

const systemAudit = (ctx: ActionContext<unknown>): AuditContext => ({
  organizationId: ctx.organizationId,
  actor: undefined,
  ip: null,
  userAgent: `lifecycle request ${ctx.request.id}`,
});

function action<P>(definition: LifecycleAction<P>): LifecycleAction<P> {
  return definition;
}

const assignAssetsParams = z
  .object({
    /** These assets (each must be free or already this person's). */
    assetIds: z.array(z.number().int().positive()).min(1).max(20).optional(),
    /** One free asset of this category from storage (status storage, unassigned). */
    fromStorage: z
      .object({ category: z.enum(assetTypes) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => p.assetIds !== undefined || p.fromStorage !== undefined, {
    message: 'give assetIds or fromStorage',
    path: ['fromStorage'],
  });
type AssignAssetsParams = z.infer<typeof assignAssetsParams>;

const assignAssets = action<AssignAssetsParams>({
  type: 'helios.assignAssets',
  label: 'Assign Helios assets (e.g. a laptop from storage)',
  kinds: ['onboarding'],
  provider: 'helios',
  scopes: [],
  params: assignAssetsParams,
  async plan(ctx) {
    const calls = [];
    for (const asset of await assetsByIds(ctx.db, ctx.organizationId, ctx.params.assetIds ?? [])) {
      calls.push({
        method: HELIOS,
        url: `/assets/${asset.id}`,
        description: `Assign ${asset.name} to ${ctx.person.email}`,
        scopes: [],
      });
    }
    if (ctx.params.fromStorage) {
      const { category } = ctx.params.fromStorage;
      const held = await assignedAssetsOf(ctx.db, ctx.organizationId, ctx.person.id, category);
      const next = held[0] ?? (await peekStorage(ctx.db, ctx.organizationId, category));
      calls.push({
        method: HELIOS,
        url: next ? `/assets/${next.id}` : '/assets',
        description: held[0]
          ? `${held[0].name} is already assigned to ${ctx.person.email}: nothing to do`
          : next
            ? `Assign ${next.name} (a ${category} from storage) to ${ctx.person.email}`
            : `Assign a ${category} from storage to ${ctx.person.email} — none is in storage now`,
        scopes: [],
      });
    }
    return calls;
  },
  async run(ctx) {
    const assigned: number[] = [];
    const already: number[] = [];
    const ids = ctx.params.assetIds ?? [];
    const found = await assetsByIds(ctx.db, ctx.organizationId, ids);
    for (const id of ids) {
      const asset = found.find((a) => a.id === id);
      if (!asset) throw new ActionFailed(`Asset ${id} does not exist or is archived`);
      if (asset.assigned_to_user_id === ctx.person.id) {
        already.push(id);
        continue;
      }
      if (asset.assigned_to_user_id !== null)
        throw new ActionFailed(`Asset ${asset.name} is assigned to someone else`);
      await assignAsset(ctx.db, id, ctx.person.id);
      await audit(ctx, id, asset.assigned_to_user_id);
      assigned.push(id);
    }
    if (ctx.params.fromStorage) {
      const { category } = ctx.params.fromStorage;
      const held = await assignedAssetsOf(ctx.db, ctx.organizationId, ctx.person.id, category);
      if (held[0]) already.push(held[0].id);
      else {
        const asset = await pickFromStorage(ctx.db, ctx.organizationId, category);
        if (!asset)
          throw new ActionFailed(
            `No ${category} is in storage: add one (status storage), then retry this step`,
          );
        await assignAsset(ctx.db, asset.id, ctx.person.id);
        await audit(ctx, asset.id, null);
        assigned.push(asset.id);
      }
    }
    return { output: { assignedAssetIds: assigned, alreadyAssignedAssetIds: already } };
  },
});

async function audit(ctx: ActionContext<unknown>, assetId: number, before: number | null) {
  await recordAudit(ctx.db, systemAudit(ctx), {
    action: 'update',
    entityType: 'asset',
    entityId: assetId,
    description: `Assigned to ${ctx.person.email} by lifecycle request ${ctx.request.id}`,
    oldValue: { assigned_to_user_id: before },
    newValue: { assigned_to_user_id: ctx.person.id, status: 'active' },
  });
}

const fileTicketParams = z
  .object({
    subject: z.string().trim().min(1).max(300),
    body: z.string().trim().min(1).max(10_000).optional(),
    priority: z.enum(ticketPriorities).default('medium'),
  })
  .strict();
type FileTicketParams = z.infer<typeof fileTicketParams>;

/** Who a request's ticket is filed as: the requester (else the system has no one to act as). */
async function requesterActor(ctx: ActionContext<unknown>): Promise<Actor> {
  const id = ctx.request.requestedByUserId;
  const user = id === null ? undefined : await findUserById(ctx.db, ctx.organizationId, id);
  if (!user) throw new ActionFailed('The requester no longer exists: nobody to file the ticket as');
  return {
    userId: user.id,
    organizationId: ctx.organizationId,
    role: user.role as Actor['role'],
    email: user.email,
    name: displayName(user),
    via: 'api_key',
  };
}

const ticketDetails = (ctx: ActionContext<FileTicketParams>) =>
  ctx.params.body ??
  `${ctx.request.kind === 'onboarding' ? 'Joiner' : 'Leaver'}: ${[ctx.person.firstName, ctx.person.lastName]
    .filter(Boolean)
    .join(' ')} <${ctx.person.email}>, effective ${ctx.request.effectiveAt.toISOString().slice(0, 10)}. ` +
    `Filed by lifecycle request ${ctx.request.id}.`;

const fileTicket = action<FileTicketParams>({
  type: 'helios.fileTicket',
  label: 'File a ticket (e.g. prepare the hardware)',
  kinds: ['onboarding', 'offboarding'],
  provider: 'helios',
  scopes: [],
  params: fileTicketParams,
  plan(ctx) {
    return Promise.resolve([
      {
        method: HELIOS,
        url: '/tickets',
        body: { subject: ctx.params.subject, priority: ctx.params.priority, relatedUserId: ctx.person.id },
        description: `File the ticket "${ctx.params.subject}" about ${ctx.person.email}`,
        scopes: [],
      },
    ]);
  },
  async run(ctx) {
    const organization = await findOrganization(ctx.db);
    if (!organization) throw new ActionFailed('No organization');
    const actor = await requesterActor(ctx);
    const { ticket } = await createTicket(ctx.db, actor, systemAudit(ctx), organization, {
      subject: ctx.params.subject,
      details: ticketDetails(ctx),
      priority: ctx.params.priority,
      source: 'internal',
      relatedUserId: ctx.person.id,
      assetIds: [],
      watcherUserIds: [],
      customFields: {},
    });
    return { output: { ticketId: ticket.id, ticketNumber: ticket.number } };
  },
});

const noParams = z.object({}).strict();
type NoParams = z.infer<typeof noParams>;

const checkInAssets = action<NoParams>({
  type: 'helios.checkInAssets',
  label: "Check in the person's assets and license seats",
  kinds: ['offboarding'],
  provider: 'helios',
  scopes: [],
  params: noParams,
  async plan(ctx) {
    const h = await holdingsOf(ctx.db, ctx.organizationId, ctx.person.id);
    return [
      {
        method: HELIOS,
        url: `/users/${ctx.person.id}/links/assets`,
        description: `Move ${h.assets} assigned asset(s) back to storage, unlink ${h.links} linked asset(s), release ${h.seats} license seat(s)`,
        scopes: [],
      },
    ];
  },
  async run(ctx) {
    const done = await checkInAssetsOf(ctx.db, ctx.organizationId, ctx.person.id);
    if (done.assetIds.length + done.unlinkedAssetIds.length + done.licenseIds.length > 0) {
      await recordAudit(ctx.db, systemAudit(ctx), {
        action: 'update',
        entityType: 'user',
        entityId: ctx.person.id,
        description: `Assets checked in and license seats released by lifecycle request ${ctx.request.id}`,
        newValue: done,
      });
    }
    return {
      output: {
        checkedInAssetIds: done.assetIds,
        unlinkedAssetIds: done.unlinkedAssetIds,
        releasedLicenseIds: done.licenseIds,
      },
    };
  },
});

const revokeAccess = action<NoParams>({
  type: 'helios.revokeAccess',
  label: 'Revoke Helios API keys and web sessions',
  kinds: ['offboarding'],
  provider: 'helios',
  scopes: [],
  params: noParams,
  async plan(ctx) {
    const h = await holdingsOf(ctx.db, ctx.organizationId, ctx.person.id);
    return [
      {
        method: HELIOS,
        url: '/api-keys',
        description: `Revoke ${h.apiKeys} API key(s) and end ${h.sessions} web session(s) of ${ctx.person.email}`,
        scopes: [],
      },
    ];
  },
  async run(ctx) {
    const done = await revokeAccessOf(ctx.db, ctx.person.id, ctx.now);
    if (done.apiKeyIds.length + done.sessions > 0) {
      await recordAudit(ctx.db, systemAudit(ctx), {
        action: 'revoke',
        entityType: 'user',
        entityId: ctx.person.id,
        description: `Helios access revoked by lifecycle request ${ctx.request.id}`,
        newValue: { apiKeyIds: done.apiKeyIds, sessions: done.sessions },
      });
    }
    return { output: { revokedApiKeyIds: done.apiKeyIds, endedSessions: done.sessions } };
  },
});

export const heliosActions: readonly LifecycleAction[] = [
  assignAssets,
  fileTicket,
  checkInAssets,
  revokeAccess,
] as unknown as readonly LifecycleAction[];
