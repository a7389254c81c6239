/** A decision on a change report is made on the differences the administrator saw, or not at all. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { acceptChangeReport, fileChangeReport, ProviderChangedMeanwhile, rejectChangeReport } from '#db/commands/change-reports.ts';
import { providerVersion } from '#db/queries/report-review.ts';
import { capacities, changeReports } from '#db/schema/index.ts';
import { createTestDatabase, insertProviders, type TestDatabase } from '#test/fixtures/database.ts';
import { FIXTURES, NOW } from '#test/fixtures/api.ts';

let database: TestDatabase;
const admin = { name: 'beoordelaar' };

beforeEach(async () => {
  database = await createTestDatabase();
  await insertProviders(database, FIXTURES);
});
afterEach(() => database.cleanup());

const file = async (request: Parameters<typeof fileChangeReport>[1]['request']) =>
  (await fileChangeReport(database.db, { providerId: 1, actor: { name: 'officer' }, request, idempotencyKey: `k-${JSON.stringify(request)}`, now: NOW })).report.reference;
const statusOf = async (reference: string) => (await database.db.select({ status: changeReports.status }).from(changeReports).where(eq(changeReports.reference, reference)))[0].status;
const totalPlaces = async () => (await database.db.select({ total: capacities.totalPlaces }).from(capacities).where(eq(capacities.providerId, 1)))[0]?.total;

describe('deciding on a change report against the version of the provider it was judged on', () => {
  it('accepts when the provider did not change since its differences were computed', async () => {
    const reference = await file({ kind: 'capacity', payload: { totalPlaces: 7 } });
    const seen = await providerVersion(database.db, 1);
    await acceptChangeReport(database.db, { reference, actor: admin, now: NOW, providerVersion: seen });
    expect(await statusOf(reference)).toBe('accepted');
    expect(await totalPlaces()).toBe(7);
    // The accepted change is itself a new version of the provider.
    expect(await providerVersion(database.db, 1)).toBeGreaterThan(seen);
  });

  it('refuses to accept or reject, and changes nothing, when the provider changed after the differences were shown', async () => {
    const first = await file({ kind: 'capacity', payload: { totalPlaces: 3 } });
    const second = await file({ kind: 'capacity', payload: { totalPlaces: 9 } });
    const seen = await providerVersion(database.db, 1);
    // Another administrator accepts the first report in the meantime.
    await acceptChangeReport(database.db, { reference: first, actor: admin, now: NOW });
    const before = await totalPlaces();
    await expect(acceptChangeReport(database.db, { reference: second, actor: admin, now: NOW, providerVersion: seen })).rejects.toBeInstanceOf(ProviderChangedMeanwhile);
    await expect(rejectChangeReport(database.db, { reference: second, actor: admin, reason: 'Dubbel', now: NOW, providerVersion: seen })).rejects.toThrow(/changed after the differences/);
    expect(await statusOf(second)).toBe('pending_review');
    expect(await totalPlaces()).toBe(before);
    // Judged again on the provider as it is now, the decision goes through.
    await acceptChangeReport(database.db, { reference: second, actor: admin, now: NOW, providerVersion: await providerVersion(database.db, 1) });
    expect(await totalPlaces()).toBe(9);
  });
});
