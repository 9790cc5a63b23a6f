import { z } from 'zod';
import { idSchema, timestampSchema } from './common.ts';

// Onboarding and offboarding (the lifecycle module): templates of ordered steps, requests for one
// joiner or leaver, the steps each request runs (automatic actions on Google or on Helios, manual
// tasks for people), and the tasks assigned to people. Contract: api.md, round 2, "Lifecycle".

export const lifecycleKinds = ['onboarding', 'offboarding'] as const;
export const lifecycleKindSchema = z.enum(lifecycleKinds).meta({ id: 'LifecycleKind' });
export type LifecycleKind = z.infer<typeof lifecycleKindSchema>;

/**
 * Every automatic action a step can run. `google.*` act on Google Workspace through the service
 * account (each needs its scope granted, see GET /lifecycle/scopes); `helios.*` act on Helios itself.
 */
export const lifecycleActionTypes = [
  // onboarding
  'google.createUser', // create the account: name, primary email, OU, initial password (shown once / mailed to the manager)
  'google.updateProfile', // title, department, manager, phones, employee type
  'google.addToGroups', // params: { groups: string[] }
  'google.assignLicenses', // params: { skus: [{ productId, skuId }] }
  'helios.assignAssets', // params: { assetIds?: number[], fromStorage?: { category: string } }
  'helios.fileTicket', // params: { subject, body?, priority? } — e.g. "prepare a laptop"
  // offboarding, in the order that keeps mail flowing
  'google.setMailForwarding', // params: { to: 'manager' | email }
  'google.addMailDelegate', // params: { to: 'manager' | email }
  'google.setVacationResponder', // params: { subject, message }
  'google.transferData', // Drive (PRIVATE and SHARED) and Calendar to params.to ('manager' | email)
  'google.signOut', // users.signOut: every web and device session
  'google.revokeTokens', // every OAuth token the person granted to apps
  'google.resetPassword', // a random password nobody sees
  'google.removeFromGroups', // every group, every page
  'google.changeLicenses', // params: { remove: 'all' | [{ productId, skuId }], assign?: [{ productId, skuId }] } (e.g. Archived User)
  'google.wipeMobileDevices', // params: { mode: 'admin_account_wipe' | 'admin_remote_wipe' }
  'google.moveOrgUnit', // params: { orgUnitPath }
  'google.suspendUser',
  'helios.checkInAssets', // the person's assets back to storage, their license seats released
  'helios.revokeAccess', // their Helios API keys and web sessions
] as const;
export const lifecycleActionTypeSchema = z.enum(lifecycleActionTypes).meta({ id: 'LifecycleActionType' });
export type LifecycleActionType = z.infer<typeof lifecycleActionTypeSchema>;

/** Who a manual task goes to: everyone with a role (first free admin/manager), the person's manager, or one person. */
export const lifecycleAssigneeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('role'), role: z.enum(['admin', 'manager']) }).strict(),
    z.object({ kind: z.literal('manager') }).strict(),
    z.object({ kind: z.literal('user'), email: z.email().max(200) }).strict(),
  ])
  .meta({ id: 'LifecycleAssignee' });
export type LifecycleAssignee = z.infer<typeof lifecycleAssigneeSchema>;

/** A step runs only for people matching every condition given (none: everyone). */
export const lifecycleConditionsSchema = z
  .object({
    orgUnitPaths: z.array(z.string().min(1).max(500)).max(50).optional(),
    departments: z.array(z.string().min(1).max(200)).max(50).optional(),
    employeeTypes: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict()
  .meta({ id: 'LifecycleConditions' });
export type LifecycleConditions = z.infer<typeof lifecycleConditionsSchema>;

const stepKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a short slug: lower-case letters, digits and dashes');

/** One step of a template, in order. */
export const lifecycleTemplateStepSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        key: stepKeySchema,
        kind: z.literal('action'),
        name: z.string().trim().min(1).max(200),
        action: lifecycleActionTypeSchema,
        /** The action's own parameters (each action validates its own; a 400 names the field). */
        params: z.record(z.string(), z.unknown()).default({}),
        /** When, relative to the request's effectiveAt (negative: before). */
        offsetDays: z.number().int().min(-60).max(365).default(0),
        conditions: lifecycleConditionsSchema.optional(),
      })
      .strict(),
    z
      .object({
        key: stepKeySchema,
        kind: z.literal('task'),
        name: z.string().trim().min(1).max(200),
        description: z.string().max(5000).optional(),
        assignee: lifecycleAssigneeSchema,
        /** Due this many days after (negative: before) effectiveAt. */
        offsetDays: z.number().int().min(-60).max(365).default(0),
        conditions: lifecycleConditionsSchema.optional(),
      })
      .strict(),
  ])
  .meta({ id: 'LifecycleTemplateStep' });
export type LifecycleTemplateStep = z.infer<typeof lifecycleTemplateStepSchema>;

export const lifecycleTemplateInputSchema = z
  .object({
    kind: lifecycleKindSchema,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000).nullable().optional(),
    isActive: z.boolean().optional(),
    steps: z.array(lifecycleTemplateStepSchema).max(100),
  })
  .strict()
  .meta({ id: 'LifecycleTemplateInput' });
export type LifecycleTemplateInput = z.infer<typeof lifecycleTemplateInputSchema>;

/** PATCH: every field optional, the kind fixed. */
export const lifecycleTemplatePatchSchema = lifecycleTemplateInputSchema
  .omit({ kind: true })
  .partial()
  .strict()
  .meta({ id: 'LifecycleTemplatePatch' });
export type LifecycleTemplatePatch = z.infer<typeof lifecycleTemplatePatchSchema>;

export const lifecycleTemplateSchema = z
  .object({
    /** Unique across both kinds (one id sequence), so /lifecycle/templates/:id needs no kind. */
    id: z.number().int(),
    kind: lifecycleKindSchema,
    name: z.string(),
    description: z.string().nullable(),
    isActive: z.boolean(),
    steps: z.array(lifecycleTemplateStepSchema),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
  })
  .meta({ id: 'LifecycleTemplate' });
export type LifecycleTemplate = z.infer<typeof lifecycleTemplateSchema>;

export const lifecycleTemplateListQuerySchema = z
  .object({ kind: lifecycleKindSchema.optional(), active: z.enum(['true', 'false', 'all']).default('all') })
  .strict();

export const lifecycleRequestStatuses = [
  'pending', // waiting for approval
  'approved', // approved, nothing has run yet
  'in_progress',
  'failed', // a step failed after its retries: it waits for someone (retry or skip)
  'completed',
  'cancelled',
  'rejected',
] as const;
export const lifecycleRequestStatusSchema = z
  .enum(lifecycleRequestStatuses)
  .meta({ id: 'LifecycleRequestStatus' });

/** What an onboarding request knows of the person before the account exists. */
export const lifecycleNewPersonSchema = z
  .object({
    firstName: z.string().trim().min(1).max(200),
    lastName: z.string().trim().min(1).max(200),
    title: z.string().trim().max(200).optional(),
    department: z.string().trim().max(200).optional(),
    managerEmail: z.email().max(200).optional(),
    orgUnitPath: z.string().max(500).optional(),
    employeeType: z.string().max(100).optional(),
    /** Where the first password can go besides the manager (never stored). */
    personalEmail: z.email().max(200).optional(),
  })
  .strict()
  .meta({ id: 'LifecycleNewPerson' });

export const lifecycleRequestInputSchema = z
  .object({
    kind: lifecycleKindSchema,
    /** Offboarding: an existing person. Onboarding: the account to create (must not exist yet). */
    personEmail: z.email().max(200),
    templateId: idSchema,
    /** Start date (onboarding) or last working moment (offboarding); steps are offset from it. */
    effectiveAt: timestampSchema,
    person: lifecycleNewPersonSchema.optional(),
    notes: z.string().max(5000).optional(),
    /** The ticket (e.g. HR's email filed from Gmail) this request came from. */
    ticketId: idSchema.optional(),
  })
  .strict()
  .meta({ id: 'LifecycleRequestInput' });
export type LifecycleRequestInput = z.infer<typeof lifecycleRequestInputSchema>;

const personRefSchema = z.object({ id: z.number().int(), name: z.string(), email: z.string() });

export const lifecycleStepStatuses = [
  'pending', // waits for an earlier step or for approval
  'scheduled', // queued for its time
  'running',
  'completed',
  'skipped', // conditions did not match, or skipped by someone
  'failed',
  'cancelled',
] as const;

export const lifecycleStepSchema = z
  .object({
    id: z.number().int(),
    key: z.string(),
    name: z.string(),
    kind: z.enum(['action', 'task']),
    action: lifecycleActionTypeSchema.nullable(),
    status: z.enum(lifecycleStepStatuses),
    scheduledFor: timestampSchema.nullable(),
    dueDate: z.string().nullable(),
    assignee: personRefSchema.nullable(),
    attempts: z.number().int(),
    startedAt: timestampSchema.nullable(),
    completedAt: timestampSchema.nullable(),
    /** What the action did (ids, counts); never a secret. */
    output: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    abilities: z.object({ retry: z.boolean(), skip: z.boolean(), complete: z.boolean() }),
  })
  .meta({ id: 'LifecycleStep' });
export type LifecycleStep = z.infer<typeof lifecycleStepSchema>;

export const lifecycleRequestSchema = z
  .object({
    id: z.number().int(),
    kind: lifecycleKindSchema,
    status: lifecycleRequestStatusSchema,
    /** The person (onboarding: the pending account Helios holds until Google has it). */
    person: z.object({ id: z.number().int().nullable(), email: z.string(), name: z.string() }),
    template: z.object({ id: z.number().int(), name: z.string() }).nullable(),
    effectiveAt: timestampSchema,
    notes: z.string().nullable(),
    ticketId: z.number().int().nullable(),
    requestedBy: personRefSchema.nullable(),
    approvedBy: personRefSchema.nullable(),
    approvedAt: timestampSchema.nullable(),
    completedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
    /** Step counts by status, for lists. */
    progress: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int() }),
    /** In order; GET /lifecycle/requests/:id only (lists send []). */
    steps: z.array(lifecycleStepSchema),
    abilities: z.object({
      approve: z.boolean(),
      reject: z.boolean(),
      cancel: z.boolean(),
      dryRun: z.boolean(),
    }),
  })
  .meta({ id: 'LifecycleRequest' });
export type LifecycleRequest = z.infer<typeof lifecycleRequestSchema>;

export const lifecycleRequestListQuerySchema = z
  .object({
    kind: lifecycleKindSchema.optional(),
    status: z.union([lifecycleRequestStatusSchema, z.enum(['open', 'all'])]).default('open'),
    /** Requests about one person (their page's lifecycle history). */
    personEmail: z.email().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

/** One call a dry run says would be made (nothing is sent, nothing written). */
export const lifecyclePlannedCallSchema = z
  .object({
    step: z.string(),
    stepName: z.string(),
    action: lifecycleActionTypeSchema,
    at: timestampSchema,
    /** Google calls: the HTTP request; Helios actions: `HELIOS`. */
    method: z.string(),
    url: z.string(),
    body: z.unknown().optional(),
    description: z.string(),
    scopes: z.array(z.string()),
    /** false when a scope it needs is not granted to the service account (it would fail). */
    allowed: z.boolean(),
  })
  .meta({ id: 'LifecyclePlannedCall' });

export const lifecycleDryRunSchema = z
  .object({
    calls: z.array(lifecyclePlannedCallSchema),
    tasks: z.array(
      z.object({
        step: z.string(),
        title: z.string(),
        assignee: personRefSchema.nullable(),
        dueDate: z.string(),
      }),
    ),
    skipped: z.array(z.object({ step: z.string(), reason: z.string() })),
    missingScopes: z.array(z.string()),
  })
  .meta({ id: 'LifecycleDryRun' });
export type LifecycleDryRun = z.infer<typeof lifecycleDryRunSchema>;

export const lifecycleTaskSchema = z
  .object({
    id: z.number().int(),
    title: z.string(),
    description: z.string().nullable(),
    status: z.enum(lifecycleStepStatuses),
    dueDate: z.string().nullable(),
    assignee: personRefSchema.nullable(),
    request: z.object({
      id: z.number().int(),
      kind: lifecycleKindSchema,
      personEmail: z.string(),
      personName: z.string(),
    }),
    completedAt: timestampSchema.nullable(),
    completedBy: personRefSchema.nullable(),
    abilities: z.object({ complete: z.boolean(), reassign: z.boolean() }),
  })
  .meta({ id: 'LifecycleTask' });
export type LifecycleTask = z.infer<typeof lifecycleTaskSchema>;

export const lifecycleTaskListQuerySchema = z
  .object({
    assignedTo: z.enum(['me', 'anyone']).default('me'),
    status: z.enum(['open', 'done', 'all']).default('open'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .strict();

/** PATCH /lifecycle/tasks/:id (and …/requests/:id/steps/:stepId for a failed action: retry or skip). */
export const lifecycleTaskPatchSchema = z
  .object({
    status: z.enum(['completed', 'skipped', 'pending']).optional(),
    assigneeEmail: z.email().max(200).optional(),
    note: z.string().max(5000).optional(),
  })
  .strict()
  .meta({ id: 'LifecycleTaskPatch' });

/** GET /lifecycle/scopes: what each Google action needs and whether the service account has it. */
export const lifecycleScopeSchema = z
  .object({
    scope: z.string(),
    /** null when Google is not configured (nothing to check). */
    granted: z.boolean().nullable(),
    actions: z.array(lifecycleActionTypeSchema),
  })
  .meta({ id: 'LifecycleScope' });

/** organization_users.user_status: where a person is in their lifecycle (shown wherever a person appears). */
export const userStatuses = ['pending', 'active', 'suspended', 'offboarding', 'offboarded'] as const;
export const userStatusSchema = z.enum(userStatuses).meta({ id: 'UserStatus' });
export type UserStatus = z.infer<typeof userStatusSchema>;
