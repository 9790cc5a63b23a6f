// The lifecycle's actions on Google Workspace (one per `google.*` type of lifecycleActionTypes),
// on Google's real endpoints and request shapes (Directory, Enterprise License Manager, Data
// Transfer, Gmail settings). Each declares exactly the scopes its calls use; `plan` reads (GET) to
// say what it would touch and never writes; `run` is idempotent — it reads the current state
// where Google has no idempotency of its own and tolerates what Google says is already done
// (409 on an insert, 404 on a delete), so a step run again after a crash never acts twice.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import {
  GoogleCallError,
  type ActionContext,
  type ActionResult,
  type GoogleAdmin,
  type GoogleCall,
  type LifecycleAction,
  type PlannedCall,
} from '../actions/types.ts';
import { setPersonGoogleId } from './queries.ts';

const AUTH = 'https://www.googleapis.com/auth/';
/** The scopes, one constant each (the settings page lists them per action). */
export const SCOPES = {
  user: `${AUTH}admin.directory.user`,
  group: `${AUTH}admin.directory.group`,
  userSecurity: `${AUTH}admin.directory.user.security`,
  licensing: `${AUTH}apps.licensing`,
  dataTransfer: `${AUTH}admin.datatransfer`,
  gmailBasic: `${AUTH}gmail.settings.basic`,
  gmailSharing: `${AUTH}gmail.settings.sharing`,
  gmailSend: `${AUTH}gmail.send`,
  mobileAction: `${AUTH}admin.directory.device.mobile.action`,
} as const;

const DIRECTORY = 'https://admin.googleapis.com/admin/directory/v1';
const LICENSING = 'https://licensing.googleapis.com/apps/licensing/v1';
const DATA_TRANSFER = 'https://admin.googleapis.com/admin/datatransfer/v1';
const GMAIL = 'https://gmail.googleapis.com/gmail/v1';

/** Data Transfer application names (applications.list): ids are looked up, never hard-coded. */
const DRIVE_APP = 'Drive and Docs';
const CALENDAR_APP = 'Calendar';

type Ctx<P> = ActionContext<P>;

// -- helpers ------------------------------------------------------------------------------------

const enc = encodeURIComponent;

function google<P>(ctx: Ctx<P>): GoogleAdmin {
  if (ctx.google === undefined) {
    throw new GoogleCallError(
      412,
      'notConfigured',
      'Google Workspace is not connected: save the service account first (PUT /settings/google)',
      false,
    );
  }
  return ctx.google;
}

/** The person's key for the Directory API: their Google id once known, else their address. */
function userKey<P>(ctx: Ctx<P>): string {
  return ctx.person.googleId ?? ctx.person.email;
}

function userUrl<P>(ctx: Ctx<P>, suffix = ''): string {
  return `${DIRECTORY}/users/${enc(userKey(ctx))}${suffix}`;
}

function planned(call: GoogleCall, description: string): PlannedCall {
  return {
    method: call.method,
    url: call.url,
    ...(call.body === undefined ? {} : { body: call.body }),
    description,
    scopes: call.scopes,
  };
}

/** A Helios-side step of a Google action, as the dry run lists it. */
function heliosStep(description: string): PlannedCall {
  return { method: 'HELIOS', url: 'helios:organization_users', description, scopes: [] };
}

/** The body of a GET, or undefined when Google answers 404. */
async function getOrMissing<T>(admin: GoogleAdmin, call: GoogleCall): Promise<T | undefined> {
  try {
    return (await admin.send(call)).body as T;
  } catch (error) {
    if (error instanceof GoogleCallError && error.status === 404) return undefined;
    throw error;
  }
}

/** Sends a write; `tolerate` lists the statuses that mean "already done" (answered as false). */
async function write(
  admin: GoogleAdmin,
  call: GoogleCall,
  tolerate: readonly number[] = [],
): Promise<boolean> {
  try {
    await admin.send(call);
    return true;
  } catch (error) {
    if (error instanceof GoogleCallError && tolerate.includes(error.status)) return false;
    throw error;
  }
}

/** Every item of a paged listing (`pageToken` → `nextPageToken`). */
async function listAll<T>(
  admin: GoogleAdmin,
  base: string,
  params: Record<string, string>,
  key: string,
  scopes: readonly string[],
  subject?: string,
): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  do {
    const url = new URL(base);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    if (pageToken !== undefined) url.searchParams.set('pageToken', pageToken);
    const res = await admin.send({
      method: 'GET',
      url: url.toString(),
      scopes,
      ...(subject === undefined ? {} : { subject }),
    });
    const body = (res.body ?? {}) as Record<string, unknown>;
    const page = body[key];
    if (Array.isArray(page)) items.push(...(page as T[]));
    pageToken = typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
  } while (pageToken !== undefined);
  return items;
}

interface DirectoryUser {
  id: string;
  primaryEmail: string;
  name?: { givenName?: string; familyName?: string };
  suspended?: boolean;
  orgUnitPath?: string;
  lastLoginTime?: string;
  organizations?: { title?: string; department?: string; description?: string; primary?: boolean }[];
  relations?: { value: string; type: string }[];
  phones?: { value: string; type: string; primary?: boolean }[];
}

async function currentUser<P>(ctx: Ctx<P>): Promise<DirectoryUser> {
  const user = await getOrMissing<DirectoryUser>(google(ctx), {
    method: 'GET',
    url: userUrl(ctx),
    scopes: [SCOPES.user],
  });
  if (user === undefined) {
    throw new GoogleCallError(404, 'notFound', `${ctx.person.email} has no Google Workspace account`, false);
  }
  return user;
}

/** 'manager' or an address → the address (a clear error when the person has no manager). */
function recipientOf<P>(ctx: Ctx<P>, to: string): string {
  if (to !== 'manager') return to.toLowerCase();
  if (ctx.person.manager === null) {
    throw new GoogleCallError(
      400,
      'noManager',
      `${ctx.person.email} has no manager in Helios: name the address in the step's "to"`,
      false,
    );
  }
  return ctx.person.manager.email.toLowerCase();
}

const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#$%&*+-=?@';

/** A random password (crypto.randomInt, ~118 bits): Google wants 8–100 characters. */
export function randomPassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

const toSchema = z.union([z.literal('manager'), z.email().max(200)]);
const skuSchema = z
  .object({ productId: z.string().min(1).max(100), skuId: z.string().min(1).max(100) })
  .strict();
type Sku = z.infer<typeof skuSchema>;
const noParams = z.object({}).strict();
type NoParams = z.infer<typeof noParams>;

interface ActionDefinition<P> extends LifecycleAction<P> {
  /**
   * The calls `run` would send, without reading Google: what the dry run lists when `plan` cannot
   * read the current state (before onboarding the account does not exist yet; a scope may not be
   * granted — the dry run marks those calls as not allowed).
   */
  sketch?: (ctx: Ctx<P>) => PlannedCall[];
}

function action<P>(definition: ActionDefinition<P>): LifecycleAction<P> {
  const { sketch, ...rest } = definition;
  if (sketch === undefined) return rest;
  return {
    ...rest,
    async plan(ctx) {
      try {
        return await definition.plan(ctx);
      } catch (error) {
        // Transient failures are the engine's to retry; a permanent one only hides the details.
        if (!(error instanceof GoogleCallError) || error.transient) throw error;
        return sketch(ctx).map((c) => ({
          ...c,
          description: `${c.description} (could not read the current state: ${error.message})`,
        }));
      }
    },
  };
}

// -- onboarding ---------------------------------------------------------------------------------

const createUserParams = z
  .object({
    /** Overrides the person's OU from the request. */
    orgUnitPath: z.string().min(1).max(500).optional(),
    /** Who gets the first password by email (default both when known). */
    sendPasswordTo: z
      .array(z.enum(['manager', 'personalEmail']))
      .min(1)
      .max(2)
      .default(['manager', 'personalEmail']),
  })
  .strict();
type CreateUserParams = z.infer<typeof createUserParams>;

function passwordRecipients(ctx: Ctx<CreateUserParams>): string[] {
  const to: string[] = [];
  if (ctx.params.sendPasswordTo.includes('manager') && ctx.person.manager) to.push(ctx.person.manager.email);
  if (ctx.params.sendPasswordTo.includes('personalEmail') && ctx.person.personalEmail) {
    to.push(ctx.person.personalEmail);
  }
  return [...new Set(to.map((a) => a.toLowerCase()))];
}

function newUserBody(ctx: Ctx<CreateUserParams>, password: string): Record<string, unknown> {
  const p = ctx.person;
  const organization =
    p.title !== null || p.department !== null || p.employeeType !== null
      ? [
          {
            ...(p.title === null ? {} : { title: p.title }),
            ...(p.department === null ? {} : { department: p.department }),
            // The Admin console shows organizations[].description as "Employee type".
            ...(p.employeeType === null ? {} : { description: p.employeeType }),
            primary: true,
          },
        ]
      : undefined;
  return {
    primaryEmail: p.email.toLowerCase(),
    name: { givenName: p.firstName, familyName: p.lastName },
    password,
    changePasswordAtNextLogin: true,
    orgUnitPath: ctx.params.orgUnitPath ?? p.orgUnitPath ?? '/',
    ...(organization === undefined ? {} : { organizations: organization }),
    ...(p.manager === null ? {} : { relations: [{ value: p.manager.email, type: 'manager' }] }),
  };
}

/** RFC 2047 for a header with non-ASCII text. */
function headerText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

/** The first-password message, RFC 822, sent from the admin's mailbox (the service account acts as them). */
function passwordMail(from: string, to: string[], ctx: Ctx<CreateUserParams>, password: string): string {
  const p = ctx.person;
  const text = [
    `The Google Workspace account of ${p.firstName} ${p.lastName} is ready.`,
    '',
    `Sign-in address: ${p.email.toLowerCase()}`,
    `First password: ${password}`,
    '',
    'Google asks for a new password at the first sign-in. Please hand this over in person or by phone, then delete this message.',
  ].join('\r\n');
  return [
    `From: ${from}`,
    `To: ${to.join(', ')}`,
    `Subject: ${headerText(`Google account for ${p.firstName} ${p.lastName}`)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    'Auto-Submitted: auto-generated',
    '',
    Buffer.from(text, 'utf8').toString('base64'),
  ].join('\r\n');
}

function sendMailCall(admin: GoogleAdmin, raw: string): GoogleCall {
  return {
    method: 'POST',
    url: `${GMAIL}/users/${enc(admin.adminEmail)}/messages/send`,
    body: { raw: Buffer.from(raw, 'utf8').toString('base64url') },
    scopes: [SCOPES.gmailSend],
    subject: admin.adminEmail,
  };
}

const NEVER = '1970-01-01T00:00:00.000Z';

const createUser = action<CreateUserParams>({
  type: 'google.createUser',
  label: 'Create the Google account',
  kinds: ['onboarding'],
  provider: 'google',
  scopes: [SCOPES.user, SCOPES.gmailSend],
  params: createUserParams,
  sketch(ctx) {
    const body = { ...newUserBody(ctx, '(random)'), password: '(random, never stored)' };
    return [
      planned(
        { method: 'POST', url: `${DIRECTORY}/users`, body, scopes: [SCOPES.user] },
        `Create ${ctx.person.email}`,
      ),
      planned(
        { method: 'POST', url: `${GMAIL}/users/{admin}/messages/send`, scopes: [SCOPES.gmailSend] },
        `Email the first password to ${passwordRecipients(ctx).join(', ') || 'nobody (the step would fail)'}`,
      ),
      heliosStep(`Record the Google id on ${ctx.person.email}`),
    ];
  },
  async plan(ctx) {
    const admin = google(ctx);
    const to = passwordRecipients(ctx);
    const existing = await getOrMissing<DirectoryUser>(admin, {
      method: 'GET',
      url: `${DIRECTORY}/users/${enc(ctx.person.email)}`,
      scopes: [SCOPES.user],
    });
    const calls: PlannedCall[] = [];
    const body: Record<string, unknown> = {
      ...newUserBody(ctx, '(random)'),
      password: '(random, never stored)',
    };
    calls.push(
      planned(
        { method: 'POST', url: `${DIRECTORY}/users`, body, scopes: [SCOPES.user] },
        existing === undefined
          ? `Create ${ctx.person.email} in ${String(body.orgUnitPath)}`
          : `${ctx.person.email} already exists in Google (id ${existing.id}): nothing to create`,
      ),
    );
    calls.push(
      planned(
        {
          method: 'POST',
          url: `${GMAIL}/users/${enc(admin.adminEmail)}/messages/send`,
          scopes: [SCOPES.gmailSend],
          subject: admin.adminEmail,
        },
        to.length === 0
          ? 'No manager or personal email to send the first password to: the step would fail'
          : `Email the first password to ${to.join(', ')}`,
      ),
      heliosStep(`Record the Google id on ${ctx.person.email}`),
    );
    return calls;
  },
  async run(ctx) {
    const admin = google(ctx);
    const to = passwordRecipients(ctx);
    if (to.length === 0) {
      // Checked before creating anything: an account whose password nobody ever learns helps no one.
      throw new GoogleCallError(
        400,
        'noRecipient',
        'Nobody to send the first password to: the request names neither a manager nor a personal email',
        false,
      );
    }
    const getCall: GoogleCall = {
      method: 'GET',
      url: `${DIRECTORY}/users/${enc(ctx.person.email)}`,
      scopes: [SCOPES.user],
    };
    let existing = await getOrMissing<DirectoryUser>(admin, getCall);
    if (existing !== undefined && ctx.person.googleId === existing.id) {
      return { output: { userId: existing.id, primaryEmail: existing.primaryEmail, alreadyDone: true } };
    }
    const password = randomPassword();
    let created = false;
    if (existing === undefined) {
      try {
        const res = await admin.send({
          method: 'POST',
          url: `${DIRECTORY}/users`,
          body: newUserBody(ctx, password),
          scopes: [SCOPES.user],
        });
        existing = res.body as DirectoryUser;
        created = true;
      } catch (error) {
        // 409: created meanwhile (a previous attempt whose answer was lost) — adopt it below.
        if (!(error instanceof GoogleCallError && error.status === 409)) throw error;
        existing = await getOrMissing<DirectoryUser>(admin, getCall);
        if (existing === undefined) throw error;
      }
    }
    if (!created) {
      // The account exists but Helios does not know it as this person's: a previous attempt
      // created it and stopped before the password went out. Adopt it only if nobody has ever
      // signed in to it, with a fresh password (the first one was never seen by anyone).
      if ((existing.lastLoginTime ?? NEVER) !== NEVER) {
        throw new GoogleCallError(
          409,
          'duplicate',
          `${ctx.person.email} already exists in Google Workspace and has been signed in to: it is not a new account`,
          false,
        );
      }
      await admin.send({
        method: 'PUT',
        url: `${DIRECTORY}/users/${enc(existing.id)}`,
        body: { password, changePasswordAtNextLogin: true },
        scopes: [SCOPES.user],
      });
    }
    await admin.send(sendMailCall(admin, passwordMail(admin.adminEmail, to, ctx, password)));
    await setPersonGoogleId(ctx.db, ctx.organizationId, ctx.person.id, existing.id);
    return {
      output: {
        userId: existing.id,
        primaryEmail: existing.primaryEmail,
        created,
        passwordSentTo: to,
      },
    };
  },
});

const updateProfileParams = z
  .object({
    phones: z
      .array(
        z.object({ value: z.string().min(1).max(100), type: z.enum(['work', 'mobile', 'home']) }).strict(),
      )
      .max(10)
      .optional(),
  })
  .strict();
type UpdateProfileParams = z.infer<typeof updateProfileParams>;

/** The profile fields Helios knows, as a users.update body (only what it sets). */
function profileBody(ctx: Ctx<UpdateProfileParams>): Record<string, unknown> {
  const p = ctx.person;
  return {
    name: { givenName: p.firstName, familyName: p.lastName },
    organizations: [
      {
        title: p.title ?? '',
        department: p.department ?? '',
        ...(p.employeeType === null ? {} : { description: p.employeeType }),
        primary: true,
      },
    ],
    relations: p.manager === null ? [] : [{ value: p.manager.email.toLowerCase(), type: 'manager' }],
    ...(ctx.params.phones === undefined
      ? {}
      : { phones: ctx.params.phones.map((ph, i) => ({ ...ph, primary: i === 0 })) }),
  };
}

function profileMatches(user: DirectoryUser, body: Record<string, unknown>): boolean {
  const wanted = body as {
    name: { givenName: string; familyName: string };
    organizations: { title: string; department: string; description?: string }[];
    relations: { value: string; type: string }[];
    phones?: { value: string; type: string }[];
  };
  const org = user.organizations?.find((o) => o.primary) ?? user.organizations?.[0];
  const want = wanted.organizations[0];
  const manager = user.relations?.find((r) => r.type === 'manager')?.value.toLowerCase() ?? null;
  const phones = (user.phones ?? []).map((ph) => `${ph.type}:${ph.value}`).join(',');
  return (
    user.name?.givenName === wanted.name.givenName &&
    user.name.familyName === wanted.name.familyName &&
    (org?.title ?? '') === (want?.title ?? '') &&
    (org?.department ?? '') === (want?.department ?? '') &&
    (want?.description === undefined || org?.description === want.description) &&
    manager === (wanted.relations[0]?.value ?? null) &&
    (wanted.phones === undefined || phones === wanted.phones.map((ph) => `${ph.type}:${ph.value}`).join(','))
  );
}

const updateProfile = action<UpdateProfileParams>({
  type: 'google.updateProfile',
  label: 'Set title, department, manager and phones',
  kinds: ['onboarding', 'offboarding'],
  provider: 'google',
  scopes: [SCOPES.user],
  params: updateProfileParams,
  sketch(ctx) {
    return [
      planned(
        { method: 'PUT', url: userUrl(ctx), body: profileBody(ctx), scopes: [SCOPES.user] },
        `Update ${ctx.person.email}'s profile`,
      ),
    ];
  },
  async plan(ctx) {
    const body = profileBody(ctx);
    const user = await currentUser(ctx);
    return [
      planned(
        { method: 'PUT', url: userUrl(ctx), body, scopes: [SCOPES.user] },
        profileMatches(user, body)
          ? 'The profile is already up to date'
          : `Update ${ctx.person.email}'s profile`,
      ),
    ];
  },
  async run(ctx) {
    const body = profileBody(ctx);
    const user = await currentUser(ctx);
    if (profileMatches(user, body)) return { output: { updated: false } };
    await google(ctx).send({ method: 'PUT', url: userUrl(ctx), body, scopes: [SCOPES.user] });
    return { output: { updated: true } };
  },
});

const groupsParams = z
  .object({
    groups: z.array(z.email().max(200)).min(1).max(200),
    role: z.enum(['MEMBER', 'MANAGER', 'OWNER']).default('MEMBER'),
  })
  .strict();
type GroupsParams = z.infer<typeof groupsParams>;

function memberInsert(ctx: Ctx<GroupsParams>, group: string): GoogleCall {
  return {
    method: 'POST',
    url: `${DIRECTORY}/groups/${enc(group.toLowerCase())}/members`,
    body: { email: ctx.person.email.toLowerCase(), role: ctx.params.role },
    scopes: [SCOPES.group],
  };
}

const addToGroups = action<GroupsParams>({
  type: 'google.addToGroups',
  label: 'Add to groups',
  kinds: ['onboarding'],
  provider: 'google',
  scopes: [SCOPES.group],
  params: groupsParams,
  plan(ctx) {
    return Promise.resolve(
      ctx.params.groups.map((g) => planned(memberInsert(ctx, g), `Add ${ctx.person.email} to ${g}`)),
    );
  },
  async run(ctx) {
    const admin = google(ctx);
    const added: string[] = [];
    const alreadyMember: string[] = [];
    for (const group of ctx.params.groups) {
      // members.insert answers 409 "Member already exists." when a previous attempt got there.
      if (await write(admin, memberInsert(ctx, group), [409])) added.push(group);
      else alreadyMember.push(group);
    }
    return { output: { added, alreadyMember } };
  },
});

const assignLicensesParams = z.object({ skus: z.array(skuSchema).min(1).max(20) }).strict();
type AssignLicensesParams = z.infer<typeof assignLicensesParams>;

function licenseUrl(sku: Sku, userId?: string): string {
  const base = `${LICENSING}/product/${enc(sku.productId)}/sku/${enc(sku.skuId)}/user`;
  return userId === undefined ? base : `${base}/${enc(userId)}`;
}

async function hasLicense<P>(ctx: Ctx<P>, sku: Sku): Promise<boolean> {
  const found = await getOrMissing(google(ctx), {
    method: 'GET',
    url: licenseUrl(sku, ctx.person.email.toLowerCase()),
    scopes: [SCOPES.licensing],
  });
  return found !== undefined;
}

function licenseInsert<P>(ctx: Ctx<P>, sku: Sku): GoogleCall {
  return {
    method: 'POST',
    url: licenseUrl(sku),
    body: { userId: ctx.person.email.toLowerCase() },
    scopes: [SCOPES.licensing],
  };
}

const assignLicenses = action<AssignLicensesParams>({
  type: 'google.assignLicenses',
  label: 'Assign licenses',
  kinds: ['onboarding'],
  provider: 'google',
  scopes: [SCOPES.licensing],
  params: assignLicensesParams,
  sketch(ctx) {
    return ctx.params.skus.map((sku) =>
      planned(licenseInsert(ctx, sku), `Assign ${sku.productId}/${sku.skuId} to ${ctx.person.email}`),
    );
  },
  async plan(ctx) {
    const calls: PlannedCall[] = [];
    for (const sku of ctx.params.skus) {
      const has = ctx.person.googleId === null ? false : await hasLicense(ctx, sku);
      calls.push(
        planned(
          licenseInsert(ctx, sku),
          has
            ? `${ctx.person.email} already has ${sku.productId}/${sku.skuId}`
            : `Assign ${sku.productId}/${sku.skuId} to ${ctx.person.email}`,
        ),
      );
    }
    return calls;
  },
  async run(ctx) {
    const admin = google(ctx);
    const assigned: string[] = [];
    const already: string[] = [];
    for (const sku of ctx.params.skus) {
      const name = `${sku.productId}/${sku.skuId}`;
      if (await hasLicense(ctx, sku)) already.push(name);
      else if (await write(admin, licenseInsert(ctx, sku), [409])) assigned.push(name);
      else already.push(name);
    }
    return { output: { assigned, alreadyAssigned: already } };
  },
});

// -- offboarding: mail first ----------------------------------------------------------------------

const toParams = z.object({ to: toSchema }).strict();
type ToParams = z.infer<typeof toParams>;

function gmailUrl<P>(ctx: Ctx<P>, path: string): string {
  return `${GMAIL}/users/${enc(ctx.person.email.toLowerCase())}/settings/${path}`;
}

/** A Gmail settings call: made as the person (their mailbox), not as the admin. */
function gmailCall<P>(
  ctx: Ctx<P>,
  method: GoogleCall['method'],
  path: string,
  scope: string,
  body?: unknown,
): GoogleCall {
  return {
    method,
    url: gmailUrl(ctx, path),
    scopes: [scope],
    subject: ctx.person.email.toLowerCase(),
    ...(body === undefined ? {} : { body }),
  };
}

interface AutoForwarding {
  enabled?: boolean;
  emailAddress?: string;
  disposition?: string;
}

const setMailForwarding = action<ToParams>({
  type: 'google.setMailForwarding',
  label: 'Forward mail',
  kinds: ['offboarding'],
  provider: 'google',
  // Creating the address and switching forwarding on need sharing; reading the current setting
  // (to act once) needs basic.
  scopes: [SCOPES.gmailSharing, SCOPES.gmailBasic],
  params: toParams,
  sketch(ctx) {
    return [
      planned(
        gmailCall(ctx, 'PUT', 'autoForwarding', SCOPES.gmailSharing, {
          enabled: true,
          disposition: 'leaveInInbox',
        }),
        `Forward ${ctx.person.email}'s new mail to ${ctx.params.to}`,
      ),
    ];
  },
  plan(ctx) {
    const to = recipientOf(ctx, ctx.params.to);
    return Promise.resolve([
      planned(
        gmailCall(ctx, 'POST', 'forwardingAddresses', SCOPES.gmailSharing, { forwardingEmail: to }),
        `Add ${to} as a forwarding address of ${ctx.person.email}`,
      ),
      planned(
        gmailCall(ctx, 'PUT', 'autoForwarding', SCOPES.gmailSharing, {
          enabled: true,
          emailAddress: to,
          disposition: 'leaveInInbox',
        }),
        `Forward ${ctx.person.email}'s new mail to ${to} (a copy stays in the inbox)`,
      ),
    ]);
  },
  async run(ctx) {
    const admin = google(ctx);
    const to = recipientOf(ctx, ctx.params.to);
    const current = (await admin.send(gmailCall(ctx, 'GET', 'autoForwarding', SCOPES.gmailBasic)))
      .body as AutoForwarding;
    if (current.enabled === true && current.emailAddress?.toLowerCase() === to) {
      return { output: { forwardingTo: to, alreadySet: true } };
    }
    const address = await getOrMissing<{ verificationStatus?: string }>(
      admin,
      gmailCall(ctx, 'GET', `forwardingAddresses/${enc(to)}`, SCOPES.gmailBasic),
    );
    let status = address?.verificationStatus;
    if (address === undefined) {
      const res = await admin.send(
        gmailCall(ctx, 'POST', 'forwardingAddresses', SCOPES.gmailSharing, { forwardingEmail: to }),
      );
      status = (res.body as { verificationStatus?: string }).verificationStatus;
    }
    if (status !== 'accepted') {
      throw new GoogleCallError(
        400,
        'verificationPending',
        `${to} must confirm Google's verification email before mail can be forwarded to it; retry the step afterwards`,
        false,
      );
    }
    await admin.send(
      gmailCall(ctx, 'PUT', 'autoForwarding', SCOPES.gmailSharing, {
        enabled: true,
        emailAddress: to,
        disposition: 'leaveInInbox',
      }),
    );
    return { output: { forwardingTo: to, alreadySet: false } };
  },
});

const addMailDelegate = action<ToParams>({
  type: 'google.addMailDelegate',
  label: 'Delegate the mailbox',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.gmailSharing],
  params: toParams,
  sketch(ctx) {
    return [
      planned(
        gmailCall(ctx, 'POST', 'delegates', SCOPES.gmailSharing),
        `Let ${ctx.params.to} read and send from ${ctx.person.email}'s mailbox`,
      ),
    ];
  },
  plan(ctx) {
    const to = recipientOf(ctx, ctx.params.to);
    return Promise.resolve([
      planned(
        gmailCall(ctx, 'POST', 'delegates', SCOPES.gmailSharing, { delegateEmail: to }),
        `Let ${to} read and send from ${ctx.person.email}'s mailbox`,
      ),
    ]);
  },
  async run(ctx) {
    const to = recipientOf(ctx, ctx.params.to);
    // delegates.create answers 409 when the delegate is already there.
    const added = await write(
      google(ctx),
      gmailCall(ctx, 'POST', 'delegates', SCOPES.gmailSharing, { delegateEmail: to }),
      [409],
    );
    return { output: { delegate: to, alreadyDelegate: !added } };
  },
});

const vacationParams = z
  .object({
    subject: z.string().trim().min(1).max(200),
    message: z.string().trim().min(1).max(10_000),
    restrictToDomain: z.boolean().default(false),
  })
  .strict();
type VacationParams = z.infer<typeof vacationParams>;

function vacationBody(ctx: Ctx<VacationParams>): Record<string, unknown> {
  return {
    enableAutoReply: true,
    responseSubject: ctx.params.subject,
    responseBodyPlainText: ctx.params.message,
    restrictToContacts: false,
    restrictToDomain: ctx.params.restrictToDomain,
  };
}

const setVacationResponder = action<VacationParams>({
  type: 'google.setVacationResponder',
  label: 'Turn on the auto-reply',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.gmailBasic],
  params: vacationParams,
  plan(ctx) {
    return Promise.resolve([
      planned(
        gmailCall(ctx, 'PUT', 'vacation', SCOPES.gmailBasic, vacationBody(ctx)),
        `Auto-reply "${ctx.params.subject}" from ${ctx.person.email}`,
      ),
    ]);
  },
  async run(ctx) {
    const admin = google(ctx);
    const body = vacationBody(ctx);
    const current = (await admin.send(gmailCall(ctx, 'GET', 'vacation', SCOPES.gmailBasic))).body as Record<
      string,
      unknown
    >;
    const same = Object.entries(body).every(([k, v]) => current[k] === v);
    if (same) return { output: { alreadySet: true } };
    await admin.send(gmailCall(ctx, 'PUT', 'vacation', SCOPES.gmailBasic, body));
    return { output: { alreadySet: false } };
  },
});

// -- offboarding: data, sessions, access ----------------------------------------------------------

interface TransferApp {
  id: string;
  name: string;
}
interface DataTransfer {
  id: string;
  oldOwnerUserId: string;
  newOwnerUserId: string;
  overallTransferStatusCode?: string;
  applicationDataTransfers?: { applicationId: string }[];
}

function customerParam(admin: GoogleAdmin): Record<string, string> {
  // The Data Transfer API wants the immutable customer id (C…); without one it uses the admin's.
  return admin.customerId === 'my_customer' ? {} : { customerId: admin.customerId };
}

async function transferApps(admin: GoogleAdmin): Promise<{ drive: TransferApp; calendar: TransferApp }> {
  const apps = await listAll<TransferApp>(
    admin,
    `${DATA_TRANSFER}/applications`,
    customerParam(admin),
    'applications',
    [SCOPES.dataTransfer],
  );
  const drive = apps.find((a) => a.name === DRIVE_APP);
  const calendar = apps.find((a) => a.name === CALENDAR_APP);
  if (drive === undefined || calendar === undefined) {
    throw new GoogleCallError(
      404,
      'notFound',
      `Google's Data Transfer API offers no ${drive === undefined ? DRIVE_APP : CALENDAR_APP} application`,
      false,
    );
  }
  return { drive, calendar };
}

function transferBody(oldId: string, newId: string, apps: { drive: TransferApp; calendar: TransferApp }) {
  return {
    oldOwnerUserId: oldId,
    newOwnerUserId: newId,
    applicationDataTransfers: [
      {
        applicationId: apps.drive.id,
        // Both the files only they could open and the ones they shared.
        applicationTransferParams: [{ key: 'PRIVACY_LEVEL', value: ['PRIVATE', 'SHARED'] }],
      },
      {
        applicationId: apps.calendar.id,
        // Frees the rooms and resources their future events booked.
        applicationTransferParams: [{ key: 'RELEASE_RESOURCES', value: ['TRUE'] }],
      },
    ],
  };
}

async function userId(admin: GoogleAdmin, key: string): Promise<string> {
  const user = await getOrMissing<DirectoryUser>(admin, {
    method: 'GET',
    url: `${DIRECTORY}/users/${enc(key)}`,
    scopes: [SCOPES.user],
  });
  if (user === undefined) {
    throw new GoogleCallError(404, 'notFound', `${key} has no Google Workspace account`, false);
  }
  return user.id;
}

const transferData = action<ToParams>({
  type: 'google.transferData',
  label: 'Transfer Drive and Calendar',
  kinds: ['offboarding'],
  provider: 'google',
  // users.get for the two ids, then the Data Transfer API.
  scopes: [SCOPES.user, SCOPES.dataTransfer],
  params: toParams,
  sketch(ctx) {
    return [
      planned(
        {
          method: 'POST',
          url: `${DATA_TRANSFER}/transfers`,
          body: { oldOwnerUserId: `(id of ${ctx.person.email})`, newOwnerUserId: `(id of ${ctx.params.to})` },
          scopes: [SCOPES.dataTransfer],
        },
        `Transfer ${ctx.person.email}'s Drive files (private and shared) and calendars to ${ctx.params.to}`,
      ),
    ];
  },
  async plan(ctx) {
    const admin = google(ctx);
    const to = recipientOf(ctx, ctx.params.to);
    const [oldId, newId, apps] = [
      await userId(admin, userKey(ctx)),
      await userId(admin, to),
      await transferApps(admin),
    ];
    return [
      planned(
        {
          method: 'POST',
          url: `${DATA_TRANSFER}/transfers`,
          body: transferBody(oldId, newId, apps),
          scopes: [SCOPES.dataTransfer],
        },
        `Transfer ${ctx.person.email}'s Drive files (private and shared) and calendars to ${to}`,
      ),
    ];
  },
  async run(ctx) {
    const admin = google(ctx);
    const to = recipientOf(ctx, ctx.params.to);
    const oldId = await userId(admin, userKey(ctx));
    const newId = await userId(admin, to);
    const apps = await transferApps(admin);
    // Google has no idempotency key for transfers: an earlier request for the same owners that
    // did not fail means this one was already made.
    const existing = await listAll<DataTransfer>(
      admin,
      `${DATA_TRANSFER}/transfers`,
      { ...customerParam(admin), oldOwnerUserId: oldId, newOwnerUserId: newId },
      'dataTransfers',
      [SCOPES.dataTransfer],
    );
    const wanted = [apps.drive.id, apps.calendar.id];
    const done = existing.find(
      (t) =>
        t.overallTransferStatusCode !== 'failed' &&
        wanted.every((id) => t.applicationDataTransfers?.some((a) => a.applicationId === id)),
    );
    if (done !== undefined) {
      return {
        output: {
          transferId: done.id,
          status: done.overallTransferStatusCode ?? null,
          alreadyRequested: true,
        },
      };
    }
    const res = await admin.send({
      method: 'POST',
      url: `${DATA_TRANSFER}/transfers`,
      body: transferBody(oldId, newId, apps),
      scopes: [SCOPES.dataTransfer],
    });
    const transfer = res.body as DataTransfer;
    return {
      output: {
        transferId: transfer.id,
        status: transfer.overallTransferStatusCode ?? null,
        alreadyRequested: false,
        to,
      },
    };
  },
});

const signOut = action<NoParams>({
  type: 'google.signOut',
  label: 'Sign out of every session',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.userSecurity],
  params: noParams,
  plan(ctx) {
    return Promise.resolve([
      planned(
        { method: 'POST', url: userUrl(ctx, '/signOut'), scopes: [SCOPES.userSecurity] },
        `Sign ${ctx.person.email} out of every web and device session`,
      ),
    ]);
  },
  async run(ctx) {
    // No state to read: signing out again is harmless (it ends sessions opened since).
    await google(ctx).send({ method: 'POST', url: userUrl(ctx, '/signOut'), scopes: [SCOPES.userSecurity] });
    return { output: { signedOut: true } };
  },
});

interface OAuthToken {
  clientId: string;
  displayText?: string;
}

async function tokensOf<P>(ctx: Ctx<P>): Promise<OAuthToken[]> {
  const res = await google(ctx).send({
    method: 'GET',
    url: userUrl(ctx, '/tokens'),
    scopes: [SCOPES.userSecurity],
  });
  return (res.body as { items?: OAuthToken[] } | undefined)?.items ?? [];
}

function tokenDelete<P>(ctx: Ctx<P>, token: OAuthToken): GoogleCall {
  return {
    method: 'DELETE',
    url: userUrl(ctx, `/tokens/${enc(token.clientId)}`),
    scopes: [SCOPES.userSecurity],
  };
}

const revokeTokens = action<NoParams>({
  type: 'google.revokeTokens',
  label: 'Revoke app access (OAuth tokens)',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.userSecurity],
  params: noParams,
  sketch(ctx) {
    return [
      planned(
        { method: 'DELETE', url: userUrl(ctx, '/tokens/{clientId}'), scopes: [SCOPES.userSecurity] },
        'Revoke every app token',
      ),
    ];
  },
  async plan(ctx) {
    const tokens = await tokensOf(ctx);
    if (tokens.length === 0) {
      return [
        planned(
          { method: 'GET', url: userUrl(ctx, '/tokens'), scopes: [SCOPES.userSecurity] },
          'No app holds a token',
        ),
      ];
    }
    return tokens.map((t) => planned(tokenDelete(ctx, t), `Revoke ${t.displayText ?? t.clientId}`));
  },
  async run(ctx) {
    const admin = google(ctx);
    const revoked: string[] = [];
    for (const token of await tokensOf(ctx)) {
      if (await write(admin, tokenDelete(ctx, token), [404]))
        revoked.push(token.displayText ?? token.clientId);
    }
    return { output: { revoked } };
  },
});

const resetPassword = action<NoParams>({
  type: 'google.resetPassword',
  label: 'Reset the password',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.user],
  params: noParams,
  plan(ctx) {
    return Promise.resolve([
      planned(
        {
          method: 'PUT',
          url: userUrl(ctx),
          body: { password: '(random, never stored or shown)' },
          scopes: [SCOPES.user],
        },
        `Set a random password on ${ctx.person.email} that nobody knows`,
      ),
    ]);
  },
  async run(ctx) {
    // Nothing to read back (Google never shows a password); a second reset is harmless.
    await google(ctx).send({
      method: 'PUT',
      url: userUrl(ctx),
      body: { password: randomPassword(32), changePasswordAtNextLogin: false },
      scopes: [SCOPES.user],
    });
    return { output: { reset: true } };
  },
});

interface GroupRef {
  email: string;
  id: string;
}

async function groupsOf<P>(ctx: Ctx<P>): Promise<GroupRef[]> {
  return listAll<GroupRef>(
    google(ctx),
    `${DIRECTORY}/groups`,
    { userKey: userKey(ctx), maxResults: '200' },
    'groups',
    [SCOPES.group],
  );
}

function memberDelete<P>(ctx: Ctx<P>, group: GroupRef): GoogleCall {
  return {
    method: 'DELETE',
    url: `${DIRECTORY}/groups/${enc(group.email)}/members/${enc(ctx.person.email.toLowerCase())}`,
    scopes: [SCOPES.group],
  };
}

const removeFromGroups = action<NoParams>({
  type: 'google.removeFromGroups',
  label: 'Remove from every group',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.group],
  params: noParams,
  sketch(ctx) {
    return [
      planned(
        {
          method: 'DELETE',
          url: `${DIRECTORY}/groups/{groupKey}/members/${enc(ctx.person.email.toLowerCase())}`,
          scopes: [SCOPES.group],
        },
        `Remove ${ctx.person.email} from every group`,
      ),
    ];
  },
  async plan(ctx) {
    const groups = await groupsOf(ctx);
    if (groups.length === 0) {
      return [
        planned(
          { method: 'GET', url: `${DIRECTORY}/groups?userKey=${enc(userKey(ctx))}`, scopes: [SCOPES.group] },
          `${ctx.person.email} is in no group`,
        ),
      ];
    }
    return groups.map((g) => planned(memberDelete(ctx, g), `Remove ${ctx.person.email} from ${g.email}`));
  },
  async run(ctx) {
    const admin = google(ctx);
    const removed: string[] = [];
    // Every page first, then the deletes (deleting while paging would shift the pages).
    for (const group of await groupsOf(ctx)) {
      if (await write(admin, memberDelete(ctx, group), [404])) removed.push(group.email);
    }
    return { output: { removed: removed.length, groups: removed } };
  },
});

const changeLicensesParams = z
  .object({
    remove: z.union([z.literal('all'), z.array(skuSchema).max(20)]),
    assign: z.array(skuSchema).max(20).default([]),
  })
  .strict();
type ChangeLicensesParams = z.infer<typeof changeLicensesParams>;

/**
 * The SKUs `remove: 'all'` looks for (Google has no "licenses of this user" call across products):
 * the Google Workspace editions and the add-ons Helios knows.
 */
export const KNOWN_SKUS: readonly Sku[] = [
  ...['1010020027', '1010020028', '1010020025', '1010020026', '1010020020'].map((skuId) => ({
    productId: 'Google-Apps',
    skuId,
  })),
  { productId: 'Google-Vault', skuId: 'Google-Vault' },
  { productId: 'Google-Vault', skuId: 'Google-Vault-Former-Employee' },
  { productId: '101034', skuId: '1010340001' },
  { productId: '101034', skuId: '1010340002' },
];

const sameSku = (a: Sku, b: Sku) => a.productId === b.productId && a.skuId === b.skuId;

async function licenseChanges(ctx: Ctx<ChangeLicensesParams>) {
  const candidates = ctx.params.remove === 'all' ? KNOWN_SKUS : ctx.params.remove;
  const held: Sku[] = [];
  for (const sku of candidates) if (await hasLicense(ctx, sku)) held.push(sku);
  const assign: Sku[] = [];
  for (const sku of ctx.params.assign) if (!(await hasLicense(ctx, sku))) assign.push(sku);
  const remove = held.filter((h) => !ctx.params.assign.some((a) => sameSku(a, h)));
  // One edition for another within a product is a reassignment (patch), not delete + insert:
  // the person is never without a license in between.
  const patches: { from: Sku; to: Sku }[] = [];
  for (const to of [...assign]) {
    const from = remove.find((r) => r.productId === to.productId);
    if (from === undefined) continue;
    patches.push({ from, to });
    remove.splice(remove.indexOf(from), 1);
    assign.splice(assign.indexOf(to), 1);
  }
  const email = ctx.person.email.toLowerCase();
  const calls: { call: GoogleCall; description: string; tolerate: number[] }[] = [
    ...patches.map(({ from, to }) => ({
      call: {
        method: 'PATCH' as const,
        url: licenseUrl(from, email),
        body: { skuId: to.skuId },
        scopes: [SCOPES.licensing],
      },
      description: `Move ${email} from ${from.productId}/${from.skuId} to ${to.skuId}`,
      tolerate: [],
    })),
    ...assign.map((sku) => ({
      call: licenseInsert(ctx, sku),
      description: `Assign ${sku.productId}/${sku.skuId} to ${email}`,
      tolerate: [409],
    })),
    ...remove.map((sku) => ({
      call: { method: 'DELETE' as const, url: licenseUrl(sku, email), scopes: [SCOPES.licensing] },
      description: `Remove ${sku.productId}/${sku.skuId} from ${email}`,
      tolerate: [404],
    })),
  ];
  return calls;
}

const changeLicenses = action<ChangeLicensesParams>({
  type: 'google.changeLicenses',
  label: 'Remove or change licenses',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.licensing],
  params: changeLicensesParams,
  sketch(ctx) {
    const email = ctx.person.email.toLowerCase();
    return [
      ...ctx.params.assign.map((sku) =>
        planned(licenseInsert(ctx, sku), `Assign ${sku.productId}/${sku.skuId} to ${email}`),
      ),
      ...(ctx.params.remove === 'all' ? KNOWN_SKUS : ctx.params.remove).map((sku) =>
        planned(
          { method: 'DELETE', url: licenseUrl(sku, email), scopes: [SCOPES.licensing] },
          `Remove ${sku.productId}/${sku.skuId} from ${email} if assigned`,
        ),
      ),
    ];
  },
  async plan(ctx) {
    const calls = await licenseChanges(ctx);
    if (calls.length === 0) {
      return [
        planned(
          { method: 'GET', url: `${LICENSING}/product`, scopes: [SCOPES.licensing] },
          'Nothing to change',
        ),
      ];
    }
    return calls.map((c) => planned(c.call, c.description));
  },
  async run(ctx) {
    const admin = google(ctx);
    const done: string[] = [];
    for (const c of await licenseChanges(ctx)) {
      if (await write(admin, c.call, c.tolerate)) done.push(c.description);
    }
    return { output: { changes: done } };
  },
});

const wipeParams = z.object({ mode: z.enum(['admin_account_wipe', 'admin_remote_wipe']) }).strict();
type WipeParams = z.infer<typeof wipeParams>;

interface MobileDevice {
  resourceId: string;
  model?: string;
  status?: string;
  email?: string[];
}

/** Statuses after each wipe: a device already there (or further) is not wiped again. */
const WIPED: Record<WipeParams['mode'], readonly string[]> = {
  admin_account_wipe: ['ACCOUNT_WIPING', 'ACCOUNT_WIPED', 'WIPING', 'WIPED'],
  admin_remote_wipe: ['WIPING', 'WIPED'],
};

async function devicesToWipe(ctx: Ctx<WipeParams>): Promise<MobileDevice[]> {
  const admin = google(ctx);
  const email = ctx.person.email.toLowerCase();
  const devices = await listAll<MobileDevice>(
    admin,
    `${DIRECTORY}/customer/${enc(admin.customerId)}/devices/mobile`,
    { query: `email:${email}`, maxResults: '100' },
    'mobiledevices',
    [SCOPES.mobileAction],
  );
  return devices.filter(
    (d) =>
      (d.email ?? []).some((e) => e.toLowerCase() === email) &&
      !WIPED[ctx.params.mode].includes(d.status ?? ''),
  );
}

function wipeCall(ctx: Ctx<WipeParams>, admin: GoogleAdmin, device: MobileDevice): GoogleCall {
  return {
    method: 'POST',
    url: `${DIRECTORY}/customer/${enc(admin.customerId)}/devices/mobile/${enc(device.resourceId)}/action`,
    body: { action: ctx.params.mode },
    scopes: [SCOPES.mobileAction],
  };
}

const wipeMobileDevices = action<WipeParams>({
  type: 'google.wipeMobileDevices',
  label: 'Wipe mobile devices',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.mobileAction],
  params: wipeParams,
  sketch(ctx) {
    return [
      planned(
        {
          method: 'POST',
          url: `${DIRECTORY}/customer/{customerId}/devices/mobile/{resourceId}/action`,
          body: { action: ctx.params.mode },
          scopes: [SCOPES.mobileAction],
        },
        `Wipe every mobile device of ${ctx.person.email}`,
      ),
    ];
  },
  async plan(ctx) {
    const admin = google(ctx);
    const devices = await devicesToWipe(ctx);
    const what = ctx.params.mode === 'admin_account_wipe' ? 'Remove the work account from' : 'Factory-reset';
    if (devices.length === 0) {
      return [
        planned(
          {
            method: 'GET',
            url: `${DIRECTORY}/customer/${enc(admin.customerId)}/devices/mobile`,
            scopes: [SCOPES.mobileAction],
          },
          `${ctx.person.email} has no mobile device to wipe`,
        ),
      ];
    }
    return devices.map((d) => planned(wipeCall(ctx, admin, d), `${what} ${d.model ?? d.resourceId}`));
  },
  async run(ctx) {
    const admin = google(ctx);
    const wiped: string[] = [];
    for (const device of await devicesToWipe(ctx)) {
      if (await write(admin, wipeCall(ctx, admin, device), [404])) wiped.push(device.resourceId);
    }
    return { output: { mode: ctx.params.mode, devices: wiped } };
  },
});

const moveParams = z
  .object({
    orgUnitPath: z
      .string()
      .regex(/^\/.*$/, 'an org unit path such as /Leavers')
      .max(500),
  })
  .strict();
type MoveParams = z.infer<typeof moveParams>;

const moveOrgUnit = action<MoveParams>({
  type: 'google.moveOrgUnit',
  label: 'Move to an org unit',
  kinds: ['onboarding', 'offboarding'],
  provider: 'google',
  // An OU move is a users.update (the orgunit scope manages the OUs themselves).
  scopes: [SCOPES.user],
  params: moveParams,
  sketch(ctx) {
    return [
      planned(
        {
          method: 'PUT',
          url: userUrl(ctx),
          body: { orgUnitPath: ctx.params.orgUnitPath },
          scopes: [SCOPES.user],
        },
        `Move ${ctx.person.email} to ${ctx.params.orgUnitPath}`,
      ),
    ];
  },
  async plan(ctx) {
    const user = await currentUser(ctx);
    return [
      planned(
        {
          method: 'PUT',
          url: userUrl(ctx),
          body: { orgUnitPath: ctx.params.orgUnitPath },
          scopes: [SCOPES.user],
        },
        user.orgUnitPath === ctx.params.orgUnitPath
          ? `${ctx.person.email} is already in ${ctx.params.orgUnitPath}`
          : `Move ${ctx.person.email} from ${user.orgUnitPath ?? '/'} to ${ctx.params.orgUnitPath}`,
      ),
    ];
  },
  async run(ctx) {
    const user = await currentUser(ctx);
    if (user.orgUnitPath === ctx.params.orgUnitPath)
      return { output: { orgUnitPath: user.orgUnitPath, moved: false } };
    await google(ctx).send({
      method: 'PUT',
      url: userUrl(ctx),
      body: { orgUnitPath: ctx.params.orgUnitPath },
      scopes: [SCOPES.user],
    });
    return { output: { from: user.orgUnitPath ?? '/', orgUnitPath: ctx.params.orgUnitPath, moved: true } };
  },
});

const suspendUser = action<NoParams>({
  type: 'google.suspendUser',
  label: 'Suspend the account',
  kinds: ['offboarding'],
  provider: 'google',
  scopes: [SCOPES.user],
  params: noParams,
  sketch(ctx) {
    return [
      planned(
        { method: 'PUT', url: userUrl(ctx), body: { suspended: true }, scopes: [SCOPES.user] },
        `Suspend ${ctx.person.email}`,
      ),
    ];
  },
  async plan(ctx) {
    const user = await currentUser(ctx);
    return [
      planned(
        { method: 'PUT', url: userUrl(ctx), body: { suspended: true }, scopes: [SCOPES.user] },
        user.suspended === true ? `${ctx.person.email} is already suspended` : `Suspend ${ctx.person.email}`,
      ),
    ];
  },
  async run(ctx): Promise<ActionResult> {
    const user = await currentUser(ctx);
    if (user.suspended === true) return { output: { suspended: true, alreadySuspended: true } };
    await google(ctx).send({
      method: 'PUT',
      url: userUrl(ctx),
      body: { suspended: true },
      scopes: [SCOPES.user],
    });
    return { output: { suspended: true, alreadySuspended: false } };
  },
});

/**
 * An action typed by its own params, as the engine's registry holds it: the engine validates the
 * params with the action's own `params` schema before calling plan/run, so the erased type is safe.
 */
function erased<P>(a: LifecycleAction<P>): LifecycleAction {
  return a as unknown as LifecycleAction;
}

/** Every Google action, one per `google.*` type (the engine's registry merges them with Helios's). */
export const googleActions: readonly LifecycleAction[] = [
  erased(createUser),
  erased(updateProfile),
  erased(addToGroups),
  erased(assignLicenses),
  erased(setMailForwarding),
  erased(addMailDelegate),
  erased(setVacationResponder),
  erased(transferData),
  erased(signOut),
  erased(revokeTokens),
  erased(resetPassword),
  erased(removeFromGroups),
  erased(changeLicenses),
  erased(wipeMobileDevices),
  erased(moveOrgUnit),
  erased(suspendUser),
];
