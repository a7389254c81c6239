/**
 * A rolling restart with `register cluster`: while providers report changes through the one
 * port, the process is replaced (the new one serves before the old one stops). No request fails
 * and no publication is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gt, inArray } from 'drizzle-orm';
import { openDatabase, type Database } from '#db/client.ts';
import { createToken } from '#db/commands/tokens.ts';
import { hasUnpublishedChanges } from '#db/queries/publication-state.ts';
import { capacities, providers, publications, recognitions } from '#db/schema/index.ts';
import { Lease } from '#db/leases.ts';
import { eventually, httpRequest, pidOfHolder, scratchRegister, type RegisterProcess } from './processes.ts';

let register: ReturnType<typeof scratchRegister>;
let database: Database;
let cluster: RegisterProcess;

beforeAll(async () => {
  register = scratchRegister('rolling');
  cluster = register.spawnRegister('cluster', ['cluster', '1']);
  await cluster.logged(/1 processes serve/);
  database = await openDatabase(register.env.DATABASE_URL!);
}, 180_000);

afterAll(async () => {
  database?.close();
  await register?.cleanup();
});

describe('a rolling restart', () => {
  it('answers every request while the process is replaced, and publishes every change', async () => {
    // A recognised provider (as judged on the day the register started): only their pages show free places.
    const [provider] = await database.db
      .select({ id: providers.id, enterpriseNumber: providers.enterpriseNumber, total: capacities.totalPlaces })
      .from(providers)
      .innerJoin(capacities, eq(capacities.providerId, providers.id))
      .innerJoin(recognitions, eq(recognitions.providerId, providers.id))
      .where(and(gt(capacities.totalPlaces, 10), eq(recognitions.status, 'active')));
    const token = (await createToken(database.db, { role: 'provider', providerId: provider.id, name: 'officer', now: new Date() })).token;
    const before = await Lease.holderOf(database.db, 'publisher');

    // Reports and reads arrive all along, each on a connection of its own, as through a load balancer.
    let sending = true;
    const answers: { what: string; status: number }[] = [];
    let lastFreePlaces = -1;
    const client = (async () => {
      for (let i = 0; sending; i++) {
        const freePlaces = i % 10;
        const [report, read] = await Promise.all([
          httpRequest(`${cluster.url}/api/v1/change-reports`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(i % 2 ? { kind: 'other', payload: { text: `tijdens de herstart ${i}` } } : { kind: 'free_places', payload: { freePlaces } }),
          }).catch((error: Error) => ({ status: 0, body: error.message })),
          httpRequest(`${cluster.url}/dienstverleners/${provider.enterpriseNumber}/`).catch((error: Error) => ({ status: 0, body: error.message })),
        ]);
        answers.push({ what: `report ${i}: ${report.body.slice(0, 200)}`, status: report.status }, { what: `page ${i}`, status: read.status });
        if (i % 2 === 0 && report.status === 201) lastFreePlaces = freePlaces;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    cluster.child.kill('SIGHUP');
    await cluster.logged(/rolling restart done/, 120_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    sending = false;
    await client;

    expect(cluster.log.join('\n')).toMatch(/\[2\] The register is served on/);
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 200)).toEqual([]);
    // The new process holds the publisher lease now.
    const after = await Lease.holderOf(database.db, 'publisher');
    expect(pidOfHolder(after!.holder)).not.toBe(pidOfHolder(before!.holder));

    // No publication lost: every change is published, the last one is online, and each publication has one outcome.
    await eventually(
      'every change published',
      async () => !(await hasUnpublishedChanges(database.db)) && (await database.db.select().from(publications).where(inArray(publications.status, ['queued', 'running']))).length === 0,
      60_000,
      250,
    );
    const page = await httpRequest(`${cluster.url}/dienstverleners/${provider.enterpriseNumber}/`);
    expect(page.body).toMatch(new RegExp(`Vrije plaatsen</dt><dd>${lastFreePlaces}<`));
    const made = await database.db.select().from(publications);
    expect(made.filter((p) => p.status !== 'succeeded' || p.error !== null)).toEqual([]);

    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
  }, 180_000);
});
