import type { Kysely } from 'kysely';
import type { Database } from '../../../core/db/schema.ts';

/** A public reply and who wrote it (for the email that carries it). */
export async function replyWithAuthor(
  db: Kysely<Database>,
  ticketId: number,
  replyId: number,
): Promise<
  | { reply: string; type: string; first_name: string | null; last_name: string | null; email: string }
  | undefined
> {
  return db
    .selectFrom('ticket_replies as r')
    .innerJoin('organization_users as u', 'u.id', 'r.created_by_user_id')
    .select(['r.reply', 'r.type', 'u.first_name', 'u.last_name', 'u.email'])
    .where('r.id', '=', replyId)
    .where('r.ticket_id', '=', ticketId)
    .executeTakeFirst();
}
