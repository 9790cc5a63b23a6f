import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGmailClient, type GmailClient } from '../../src/modules/mail/index.ts';
import { GmailApiError, HistoryTooOldError } from '../../src/modules/mail/gmail/client.ts';
import { startSimulator, type Simulator } from '../../src/simulators/workspace/server.ts';

const BOX = 'it@acme.example';
const raw = (from: string, i: number) =>
  Buffer.from(
    `From: ${from}\r\nTo: someone@vendor.example\r\nSubject: n${i}\r\nMessage-ID: <n${i}@acme.example>\r\n\r\nbody ${i}\r\n`,
  );

// The Gmail half of the Workspace simulator, driven by Helios' own Gmail client (no database).
describe('the simulator speaks Gmail', () => {
  let sim: Simulator;
  let gmail: GmailClient;
  beforeAll(async () => {
    sim = await startSimulator();
    sim.gmail.mailbox(BOX);
    gmail = createGmailClient({ serviceAccountKey: sim.serviceAccountKey(), apiOrigin: sim.origin });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('sends only as the delegated mailbox, and finds a sent message by its Message-ID', async () => {
    const sent = await gmail.send(BOX, raw(`Support <${BOX}>`, 1));
    expect(sent.id).toMatch(/^[0-9a-f]+$/);
    expect(await gmail.findByMessageId(BOX, '<n1@acme.example>')).toBe(sent.id);
    expect(await gmail.findByMessageId(BOX, '<missing@acme.example>')).toBeUndefined();
    const forged = await gmail.send(BOX, raw('ceo@acme.example', 2)).catch((e: unknown) => e);
    expect(forged).toBeInstanceOf(GmailApiError);
    expect((forged as GmailApiError).status).toBe(400);
    // A mailbox the simulator does not know gets no token at all.
    const stranger = await gmail
      .send('nobody@nowhere.example', raw('nobody@nowhere.example', 3))
      .catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(GmailApiError);
  });

  it('pages history.list and the inbox, and answers 404 for a history id that is too old', async () => {
    const start = await gmail.historyId(BOX);
    for (let i = 0; i < 1200; i++) sim.gmail.deliver(BOX, raw(`person${i}@vendor.example`, 100 + i));
    const added: string[] = [];
    let pages = 0;
    let token: string | undefined;
    do {
      const page = await gmail.history(BOX, start, token);
      added.push(...page.added.map((m) => m.id));
      token = page.nextPageToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(new Set(added).size).toBe(1200);
    let listed = 0;
    token = undefined;
    do {
      const page = await gmail.listInbox(BOX, token);
      listed += page.messages.length;
      token = page.nextPageToken;
    } while (token);
    expect(listed).toBe(1200);
    sim.gmail.expireHistory(BOX);
    await expect(gmail.history(BOX, start)).rejects.toBeInstanceOf(HistoryTooOldError);
  });

  it('serves raw and metadata, labels, and batchModify', async () => {
    const { id } = sim.gmail.deliver(BOX, raw('x@vendor.example', 9999));
    const got = await gmail.getRaw(BOX, id);
    expect(got.raw.toString('utf8')).toContain('body 9999');
    expect(got.labelIds).toEqual(['INBOX', 'UNREAD']);
    const unauthenticated = (
      await fetch(`${sim.origin}/gmail/v1/users/me/messages/${id}?format=metadata&metadataHeaders=Subject`)
    ).status;
    expect(unauthenticated).toBe(401);
    const label = await gmail.ensureLabel(BOX, 'Helios/Processed');
    expect(await gmail.ensureLabel(BOX, 'Helios/Processed')).toBe(label);
    await gmail.addLabel(BOX, [id], label);
    expect(sim.gmail.labelNames(BOX, id)).toContain('Helios/Processed');
  });
});
