import type { Request } from 'express';
import {
  addonPreviewCallSchema,
  addonPreviewResultSchema,
  addonPreviewSchema,
  type AddonPreview,
} from '@helios/shared';
import { forbidden, HttpError, notFound, validationFailed } from '../../../core/errors.ts';
import { defineRoute, ok, type RouteSpec } from '../../../core/http/route.ts';
import type { ModuleContext } from '../../../core/module.ts';
import { canPreviewAddon } from '../policies/preview.ts';
import { openTicketWithPerson, samplePeople } from '../queries/samples.ts';
import { addonEntryPoints, previewRunner, type AddonEntryPoints } from '../runner.ts';
import { sampleEmails, type Sample } from '../samples.ts';
import type { Actor } from '../../../core/auth/actor.ts';

const UNAVAILABLE =
  'The live preview needs the demo’s Google sign-in (HELIOS_DEMO_SIGN_IN): the add-on proves who it is ' +
  'with a Google ID token, which only Google can sign for a real installation — and Google signs none ' +
  'for a server. Preview with the demo, or install the add-on for a test group in Google Workspace.';

/**
 * This backend as the add-on reaches it: the very socket the request came in on, never a Host
 * header (the add-on sends the caller's ID token there, so a spoofed Host must not redirect it).
 */
function selfUrl(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const port = req.socket.localPort ?? 80;
  const host = address.startsWith('::ffff:')
    ? address.slice(7)
    : address.includes(':')
      ? `[${address}]`
      : address;
  return `http://${host}:${port}`;
}

/**
 * The bundle's entry points, or why there are none: a production image installs no esbuild, so the
 * bundle may be missing there (the preview needs the demo anyway).
 */
function entryPointsOrProblem(): AddonEntryPoints | { problem: string } {
  try {
    return addonEntryPoints();
  } catch {
    return {
      problem:
        'The add-on bundle (appsscript/dist/Code.js) is missing and could not be built here: run `npm run addon:build`, then reload.',
    };
  }
}

/** GET /addon-preview and POST /addon-preview/calls: the add-on, live, for the console. */
export function previewRoutes(ctx: ModuleContext): RouteSpec[] {
  const { db, organizationId } = ctx;
  const domain = ctx.identity.orgDomain.toLowerCase();
  const run = previewRunner(
    ctx.addonPreview?.callLimitMs !== undefined ? { limitMs: ctx.addonPreview.callLimitMs } : {},
  );

  const samplesFor = async (actor: Actor): Promise<Sample[]> => {
    const people = await samplePeople(db, organizationId, {
      domain,
      exceptUserId: actor.userId,
      limit: 3,
    });
    const openTicket = await openTicketWithPerson(db, organizationId, {
      domain,
      exceptUserId: actor.userId,
    });
    return sampleEmails({ people, domain, openTicket });
  };
  const authorize = (actor: Actor): void => {
    if (!canPreviewAddon(actor))
      throw forbidden('The add-on runs in your organization’s Gmail; people outside it never see it');
  };

  return [
    defineRoute({
      method: 'get',
      path: '/addon-preview',
      tag: 'addon-preview',
      summary: 'The add-on preview: its triggers, ⋮-menu actions and the sample inbox',
      description:
        'The sample emails come from people of the organization; whether the preview can run here ' +
        '(`available`) depends on the server being able to sign in as the caller (the demo).',
      responses: { 200: { description: 'The preview', data: addonPreviewSchema } },
      errors: [401, 403],
      async handle({ actor }) {
        authorize(actor);
        const entry = entryPointsOrProblem();
        const problem = !ctx.addonPreview ? UNAVAILABLE : 'problem' in entry ? entry.problem : null;
        const preview: AddonPreview = {
          available: problem === null,
          unavailableReason: problem,
          runsAs: actor.email,
          addonName: 'problem' in entry ? 'Helios' : entry.name,
          homepageTrigger: 'problem' in entry ? '' : entry.homepageTrigger,
          gmailTrigger: 'problem' in entry ? '' : entry.gmailTrigger,
          universalActions: 'problem' in entry ? [] : entry.universalActions,
          samples: (await samplesFor(actor)).map((s) => s.email),
          callLimitMs: ctx.addonPreview?.callLimitMs ?? 30_000,
        };
        return ok(preview);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/addon-preview/calls',
      tag: 'addon-preview',
      summary: 'Run one add-on call (a trigger, a ⋮-menu action or a card’s callback) as yourself',
      description:
        'Runs the built add-on (appsscript/dist/Code.js, what is pushed to Google) in a worker thread ' +
        'with stand-ins for Apps Script’s services, as the signed-in person: its ID token is minted ' +
        'for the caller and nobody else, and its UrlFetchApp reaches only this backend. Answers the ' +
        'card JSON of Google’s add-on runtime. A call running longer than Apps Script’s 30 s is ' +
        'stopped (504 timed_out).',
      body: addonPreviewCallSchema,
      responses: { 200: { description: 'What the add-on answered', data: addonPreviewResultSchema } },
      errors: [400, 401, 403, 404, 409, 504],
      async handle({ req, actor, body }) {
        authorize(actor);
        const issuer = ctx.addonPreview;
        if (!issuer) throw new HttpError(409, 'conflict', UNAVAILABLE);
        const entry = entryPointsOrProblem();
        if ('problem' in entry) throw new HttpError(409, 'conflict', entry.problem);
        if (!entry.functions.has(body.function))
          throw validationFailed(`${body.function} is not a function of the add-on`);
        let message: Sample['fixture'] | undefined;
        if (body.messageId !== undefined) {
          message = (await samplesFor(actor)).find((s) => s.email.id === body.messageId)?.fixture;
          if (!message) throw notFound('No such sample email');
        }
        const result = await run({
          fn: body.function,
          email: actor.email,
          idToken: issuer.idToken(actor.email),
          backendUrl: selfUrl(req),
          message,
          parameters: body.parameters,
          formInputs: body.formInputs,
        });
        return ok(result);
      },
    }),
  ];
}
