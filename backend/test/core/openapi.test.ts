import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from '../support/app.ts';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown }>>;
  components: { securitySchemes: Record<string, unknown> };
}

describe('the API document', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi('pglite');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is public OpenAPI 3.1 generated from the shared schemas, covering every resource', async () => {
    const res = await fetch(`${h.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    expect(JSON.stringify(doc.paths['/me']?.get)).toContain('unauthenticated');
    for (const path of [
      '/me',
      '/api-keys',
      '/audit-logs',
      '/vendors',
      '/vendors/{id}',
      '/vendors/{id}/archive',
      '/locations',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.paths['/vendors']?.post?.requestBody).toBeDefined();
    expect(doc.paths['/vendors']?.get?.security).toEqual([{ bearer: [] }]);
    // The request schema is the one the route validates with: strict, with the seed's limits.
    const body = JSON.stringify(doc.paths['/vendors']?.post?.requestBody);
    expect(body).toContain('"maxLength":200');
    expect(body).toContain('"additionalProperties":false');
  });

  it('has a human page at /docs that loads without inline scripts', async () => {
    const page = await fetch(`${h.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/<script>[^<]/);
    expect((await fetch(`${h.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await fetch(`${h.url}/docs/init.js`)).status).toBe(200);
  });
});
