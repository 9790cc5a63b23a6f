import { z } from 'zod';
import { migrateToLatest } from '../../../core/db/migrate.ts';
import type { CliCommand } from '../../../core/module.ts';
import { findOrganization } from '../../../core/queries/organizations.ts';
import { ensureAdmin } from '../commands/admins.ts';

const emailSchema = z.email().max(200);

export const adminCommands: CliCommand[] = [
  {
    name: ['admin', 'create'],
    needs: ['orgDomain'],
    usage: '--email E [--name "First Last"]',
    summary: 'create an admin (or promote an existing user): the first admin of a fresh install',
    options: { email: { type: 'string' }, name: { type: 'string' } },
    async run(ctx, values) {
      const email = typeof values.email === 'string' ? values.email.trim() : '';
      if (!emailSchema.safeParse(email).success) {
        ctx.err.write('admin create needs --email <a valid email address>\n');
        return 2;
      }
      await migrateToLatest(ctx.db);
      // A fresh PostgreSQL install may never have been started: create the organization now.
      const organization = (await findOrganization(ctx.db)) ?? (await ctx.bootstrap());
      const name = typeof values.name === 'string' ? values.name : undefined;
      const result = await ensureAdmin(
        ctx.db,
        { organizationId: organization.id, actor: undefined, ip: null, userAgent: 'helios-cli' },
        { email, name, reason: 'npm run helios -- admin create' },
      );
      if (result.outcome === 'refused') {
        ctx.err.write(`${result.reason}; restore them first\n`);
        return 1;
      }
      const said = { created: 'created', promoted: 'promoted to admin', already: 'is already an admin' }[
        result.outcome
      ];
      ctx.out.write(
        `${result.user.email} ${said} (user id ${result.user.id}) in ${organization.name}.\n` +
          `They can sign in to the web console with Google (${ctx.config.orgDomain}), or with a key:\n` +
          `  npm run helios -- api-key create --email ${result.user.email}\n`,
      );
      return 0;
    },
  },
];
