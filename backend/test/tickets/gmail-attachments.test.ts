import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ticketAttachmentSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';

/** A Gmail attachment is attached once per ticket (issue 12, defect 3: retries duplicated them). */
describe.each(backends)('Gmail attachments on %s', (backend) => {
  let h: ApiHarness;
  const stored = () => {
    const dir = join(h.dataDir, 'files');
    return existsSync(dir) ? readdirSync(dir).length : 0;
  };
  const upload = (key: string, ticketId: number, text: string, fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new TextEncoder().encode(text)], { type: 'text/plain' }), 'log.txt');
    return fetch(`${h.url}/api/v1/tickets/${ticketId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
  };
  const attachmentRows = async (ticketId: number) =>
    h.t.handle.db
      .selectFrom('ticket_attachments')
      .select(['file_id', 'gmail_message_id', 'gmail_attachment_index'])
      .where('ticket_id', '=', ticketId)
      .orderBy('file_id')
      .execute();

  beforeAll(async () => {
    h = await startApi(backend);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers the attachment already there (200) when the same Gmail attachment is sent again, keeping no copy', async () => {
    const staff = await h.user('manager');
    const ticket = (
      (await (await h.api(staff.key, 'POST', '/tickets', { subject: 'Logs', details: 'x' })).json()) as {
        data: { id: number };
      }
    ).data;
    const key = { gmailMessageId: 'gm-1', gmailAttachmentIndex: '0' };
    const first = await upload(staff.key, ticket.id, 'boot log', key);
    expect(first.status).toBe(201);
    const attached = ticketAttachmentSchema.parse(((await first.json()) as { data: unknown }).data);
    const files = stored();
    // Retried twice at once and once more: the same attachment, no new file, no new bytes.
    const retries = await Promise.all([
      upload(staff.key, ticket.id, 'boot log', key),
      upload(staff.key, ticket.id, 'boot log', key),
    ]);
    const again = await upload(staff.key, ticket.id, 'boot log', key);
    for (const res of [...retries, again]) {
      expect(res.status).toBe(200);
      expect(ticketAttachmentSchema.parse(((await res.json()) as { data: unknown }).data).fileId).toBe(
        attached.fileId,
      );
    }
    expect(stored()).toBe(files);
    // The message's second attachment is another one; a plain upload is always new.
    expect(
      (await upload(staff.key, ticket.id, 'screenshot', { ...key, gmailAttachmentIndex: '1' })).status,
    ).toBe(201);
    expect((await upload(staff.key, ticket.id, 'boot log', {})).status).toBe(201);
    const rows = await attachmentRows(ticket.id);
    expect(rows.map((r) => [r.gmail_message_id, r.gmail_attachment_index])).toEqual([
      ['gm-1', 0],
      ['gm-1', 1],
      [null, null],
    ]);
    const files_ = await h.t.handle.db
      .selectFrom('files')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('name', '=', 'log.txt')
      .where('uploaded_by_user_id', '=', staff.user.id)
      .executeTakeFirstOrThrow();
    expect(Number(files_.n)).toBe(3);
  });

  it('refuses half a Gmail key (400)', async () => {
    const staff = await h.user('manager');
    const ticket = (
      (await (await h.api(staff.key, 'POST', '/tickets', { subject: 'Half', details: 'x' })).json()) as {
        data: { id: number };
      }
    ).data;
    expect((await upload(staff.key, ticket.id, 'x', { gmailMessageId: 'gm-2' })).status).toBe(400);
    expect(await attachmentRows(ticket.id)).toEqual([]);
  });
});
