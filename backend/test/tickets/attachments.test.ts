import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorBodySchema, ticketAttachmentSchema, ticketWithRepliesSchema } from '@helios/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';
import { backends } from '../support/databases.ts';
import { factories, type Factories } from '../support/factories.ts';
import { recordRequests } from '../support/record-requests.ts';

describe.each(backends)('ticket attachments on %s', (backend) => {
  let h: ApiHarness;
  let manager: { key: string };
  let build: Factories;
  const { count } = recordRequests(() => ({ h, key: manager.key }));
  const stored = () => {
    const dir = join(h.dataDir, 'files');
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };
  const send = (key: string, path: string, form: FormData) =>
    fetch(`${h.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
  const formWith = (text: string, filename: string, type: string, fields: Record<string, string> = {}) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new TextEncoder().encode(text)], { type }), filename);
    return form;
  };
  const ticketOf = async (key: string, id: number) => {
    const res = await h.api(key, 'GET', `/tickets/${id}`);
    expect(res.status).toBe(200);
    return ticketWithRepliesSchema.parse(((await res.json()) as { data: unknown }).data);
  };

  beforeAll(async () => {
    h = await startApi(backend);
    manager = await h.user('manager');
    build = factories(h, manager);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('takes an upload in one step and lists attachments with a download link every reader may use', async () => {
    const requester = await build.user();
    const ticket = await build.ticket({ subject: 'Screen flickers', details: '…', requester });
    const res = await send(
      manager.key,
      `/tickets/${ticket.id}/attachments`,
      formWith('log line 1\n', 'boot.log', 'text/plain'),
    );
    expect(res.status).toBe(201);
    const attached = ticketAttachmentSchema.parse(((await res.json()) as { data: unknown }).data);
    expect(attached).toMatchObject({
      ticketId: ticket.id,
      name: 'boot.log',
      size: 11,
      mimeType: 'text/plain',
      kind: 'upload',
      downloadUrl: `/api/v1/tickets/${ticket.id}/attachments/${attached.fileId}/download`,
    });
    // A Drive file and a named upload beside it.
    const drive = await h.api(manager.key, 'POST', `/tickets/${ticket.id}/attachments`, {
      driveFileId: 'drive-attachment-00042',
      name: 'Photo.jpg',
      mimeType: 'image/jpeg',
    });
    expect(drive.status).toBe(201);
    const named = await send(
      manager.key,
      `/tickets/${ticket.id}/attachments`,
      formWith('%PDF-1.4', 'x.pdf', 'application/pdf', { name: 'Invoice.pdf' }),
    );
    expect(named.status).toBe(201);

    const seen = await ticketOf(requester.key, ticket.id);
    expect(seen.attachments.map((a) => [a.name, a.kind, a.size])).toEqual([
      ['boot.log', 'upload', 11],
      ['Photo.jpg', 'drive', null],
      ['Invoice.pdf', 'upload', 8],
    ]);
    // The requester downloads through the ticket (the file itself is not theirs to list).
    const bytes = await fetch(`${h.url}${attached.downloadUrl}`, {
      headers: { authorization: `Bearer ${requester.key}` },
    });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-disposition')).toContain('attachment');
    expect(await bytes.text()).toBe('log line 1\n');
    const toDrive = await fetch(`${h.url}${seen.attachments[1]?.downloadUrl}`, {
      headers: { authorization: `Bearer ${requester.key}` },
      redirect: 'manual',
    });
    expect(toDrive.status).toBe(302);
    expect(toDrive.headers.get('location')).toContain('drive-attachment-00042');

    // Someone who may not read the ticket learns nothing; an unattached file is no attachment.
    const stranger = await build.user();
    const hidden = await fetch(`${h.url}${attached.downloadUrl}`, {
      headers: { authorization: `Bearer ${stranger.key}` },
    });
    expect(hidden.status).toBe(404);
    const other = await build.ticket({ subject: 'Other', details: '…', requester });
    const wrong = await h.api(
      requester.key,
      'GET',
      `/tickets/${other.id}/attachments/${attached.fileId}/download`,
    );
    expect(wrong.status).toBe(404);
    expect(errorBodySchema.parse(await wrong.json()).error.code).toBe('not_found');
  });

  it('refuses uploads it may not take, leaving no file and no bytes behind', async () => {
    const requester = await build.user();
    const ticket = await build.ticket({ subject: 'Printer', details: '…', requester });
    const before = { files: await count('files'), bytes: stored() };
    // Only staff attach.
    const refused = await send(
      requester.key,
      `/tickets/${ticket.id}/attachments`,
      formWith('x', 'a.txt', 'text/plain'),
    );
    expect(refused.status).toBe(403);
    // No file part; a bad field; an unknown field; neither form nor JSON.
    const noFile = new FormData();
    noFile.append('name', 'x');
    for (const form of [
      noFile,
      formWith('x', 'a.txt', 'text/plain', { name: '' }),
      formWith('x', 'a.txt', 'text/plain', { colour: 'red' }),
    ]) {
      const res = await send(manager.key, `/tickets/${ticket.id}/attachments`, form);
      expect(res.status).toBe(400);
      expect(errorBodySchema.parse(await res.json()).error.code).toBe('validation_failed');
    }
    const text = await fetch(`${h.url}/api/v1/tickets/${ticket.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.key}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(400);
    const missing = await send(
      manager.key,
      '/tickets/999999/attachments',
      formWith('x', 'a.txt', 'text/plain'),
    );
    expect(missing.status).toBe(404);
    expect(await count('files')).toBe(before.files);
    expect(stored()).toEqual(before.bytes);
    expect((await ticketOf(manager.key, ticket.id)).attachments).toEqual([]);
  });
});
