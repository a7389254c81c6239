/** The hook publisher against a local HTTP server: signed requests, retries with backoff, recorded attempts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { HookPublisher } from '#publish/hook-publisher.ts';
import { publicationAttempts } from '#db/schema/index.ts';
import { systemClock } from '#config/clock.ts';
import { loadEnv } from '#config/env.ts';
import { createTestDatabase } from '#test/fixtures/database.ts';

const SECRET = 'a-shared-secret-of-the-build-hook';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let server: Server;
let url: string;
let answers: number[] = [];
const received: { body: string; signature: string | undefined; publication: string | undefined }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ body, signature: request.headers['x-register-signature'] as string, publication: request.headers['x-register-publication'] as string });
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/build`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  database.cleanup();
});

const publisher = (options: Partial<ConstructorParameters<typeof HookPublisher>[0]> = {}) =>
  new HookPublisher({ db: database.db, clock: systemClock, url, secret: SECRET, backoffMs: 20, ...options });
const attemptsOf = (id: string) => database.db.select().from(publicationAttempts).where(eq(publicationAttempts.publicationId, id)).orderBy(publicationAttempts.attempt);

describe('the hook publisher', () => {
  it('sends a request signed with HMAC-SHA256 that the receiver can check', async () => {
    received.length = 0;
    const hook = publisher();
    const publication = await hook.request('test');
    await hook.idle();
    expect(await hook.get(publication.id)).toMatchObject({ status: 'succeeded' });
    expect(received).toHaveLength(1);
    const [{ body, signature, publication: header }] = received;
    expect(signature).toBe(`sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`);
    expect(header).toBe(publication.id);
    expect(JSON.parse(body)).toMatchObject({ publicationId: publication.id, trigger: 'test' });
  });

  it('retries with backoff after server errors, recording each attempt', async () => {
    received.length = 0;
    answers = [503, 502, 200];
    const hook = publisher();
    const publication = await hook.request('test of retries');
    await hook.idle();
    expect(await hook.get(publication.id)).toMatchObject({ status: 'succeeded' });
    expect((await attemptsOf(publication.id)).map((a) => [a.attempt, a.httpStatus])).toEqual([[1, 503], [2, 502], [3, 200]]);
    // Every attempt carries the same publication id, so the receiver can tell retries apart.
    expect(new Set(received.map((r) => r.publication))).toEqual(new Set([publication.id]));
  });

  it('gives up at once on a client error, and records the publication as failed', async () => {
    answers = [401];
    const hook = publisher();
    const publication = await hook.request('test of a refusal');
    await hook.idle();
    expect(await hook.get(publication.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/answered 401/) });
    expect(await attemptsOf(publication.id)).toHaveLength(1);
  });

  it('fails after its attempts when the hook cannot be reached', async () => {
    const hook = publisher({ url: 'http://127.0.0.1:9/unreachable', attempts: 3 });
    const publication = await hook.request('test of an unreachable hook');
    await hook.idle();
    expect(await hook.get(publication.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not be reached/) });
    expect((await attemptsOf(publication.id)).map((a) => a.httpStatus)).toEqual([null, null, null]);
  });

  it('is chosen by configuration, which requires its URL and secret', () => {
    expect(loadEnv({ PUBLISHER: 'hook', PUBLISH_HOOK_URL: url, PUBLISH_HOOK_SECRET: SECRET }).PUBLISHER).toBe('hook');
    expect(() => loadEnv({ PUBLISHER: 'hook' })).toThrow(/PUBLISH_HOOK_URL="": is required when PUBLISHER=hook/);
    expect(() => loadEnv({ PUBLISHER: 'ftp' })).toThrow(/PUBLISHER="ftp": must be 'local' or 'hook'/);
  });
});
