import { refusal } from '../../../core/auth/resolve-actor.ts';
import { migrateToLatest } from '../../../core/db/migrate.ts';
import type { CliCommand, CliContext } from '../../../core/module.ts';
import { findApiKey, listApiKeys } from '../../../core/queries/api-keys.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { findUserByEmail } from '../../../core/queries/users.ts';
import { createApiKey, revokeApiKeyCommand } from '../commands/api-keys.ts';

/** The organization and the audit context of a CLI change, or undefined before the first start. */
async function cliScope(ctx: CliContext) {
  await migrateToLatest(ctx.db);
  const organization = await findOrganization(ctx.db);
  if (!organization) {
    ctx.err.write('no organization yet: start Helios once (npm start) first\n');
    return undefined;
  }
  return {
    organization,
    audit: { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'helios-cli' },
  };
}

export const apiKeyCommands: CliCommand[] = [
  {
    name: ['api-key', 'create'],
    usage: '--email E [--name N] [--expires-in-days D]',
    summary: 'create an API key acting as that user (printed once)',
    options: { email: { type: 'string' }, name: { type: 'string' }, 'expires-in-days': { type: 'string' } },
    async run(ctx, values) {
      const email = typeof values.email === 'string' ? values.email : undefined;
      if (!email) {
        ctx.err.write('api-key create needs --email <user email>\n');
        return 2;
      }
      const scope = await cliScope(ctx);
      if (!scope) return 1;
      const user = await findUserByEmail(ctx.db, scope.organization.id, email);
      if (!user || refusal(user)) {
        ctx.err.write(`no active user ${email} in ${ctx.config.orgDomain}\n`);
        return 1;
      }
      const raw = values['expires-in-days'];
      const days = typeof raw === 'string' ? Number(raw) : undefined;
      if (days !== undefined && (!Number.isFinite(days) || days <= 0)) {
        ctx.err.write('--expires-in-days must be a positive number\n');
        return 2;
      }
      const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : null;
      const name = typeof values.name === 'string' ? values.name : 'CLI';
      const { row, key } = await createApiKey(ctx.db, scope.audit, { name, user, expiresAt });
      ctx.out.write(
        `API key for ${user.email} (${user.role}), id ${row.id}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''}.\n` +
          `It is shown once; store it now:\n\n  ${key}\n\nUse it as: Authorization: Bearer ${key}\n`,
      );
      return 0;
    },
  },
  {
    name: ['api-key', 'list'],
    usage: '',
    summary: 'list API keys (never their secrets)',
    async run(ctx) {
      const scope = await cliScope(ctx);
      if (!scope) return 1;
      for (const k of await listApiKeys(ctx.db, scope.organization.id)) {
        const state = k.revoked_at
          ? 'revoked'
          : k.expires_at && k.expires_at < new Date()
            ? 'expired'
            : 'active';
        ctx.out.write(`${k.id}\t${k.prefix}\t${k.user_email}\t${k.name}\t${state}\n`);
      }
      return 0;
    },
  },
  {
    name: ['api-key', 'revoke'],
    usage: '--id ID',
    summary: 'revoke a key',
    options: { id: { type: 'string' } },
    async run(ctx, values) {
      const scope = await cliScope(ctx);
      if (!scope) return 1;
      const id = typeof values.id === 'string' ? Number(values.id) : NaN;
      const key = Number.isInteger(id) ? await findApiKey(ctx.db, scope.organization.id, id) : undefined;
      if (!key) {
        ctx.err.write('api-key revoke needs --id of an existing key\n');
        return 2;
      }
      await revokeApiKeyCommand(ctx.db, scope.audit, key);
      ctx.out.write(`revoked ${key.prefix}\n`);
      return 0;
    },
  },
];
