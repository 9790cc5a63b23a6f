import { canAdmin } from '../../core/auth/admin.ts';
import type { HeliosModule } from '../../core/module.ts';
import { auditLogRoutes } from './routes/audit-logs.ts';

/** The audit log, read by admins (every module writes it through core/audit.ts). */
export const auditModule: HeliosModule = {
  name: 'audit',
  routes: auditLogRoutes,
  abilities: (actor) => ({ readAuditLog: canAdmin(actor, 'audit_log') }),
};
