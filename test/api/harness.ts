/**
 * An API app against a temporary database with known providers and tokens. Every answer it gives
 * a test is checked against the OpenAPI document it serves (test/api/contract.ts).
 */
import { createApp } from '../../api/app.ts';
import { checkedApp } from './contract.ts';
import type { PublicationStatus, Publisher } from '../../publish/publisher.ts';
import { fixedClock } from '../../config/clock.ts';
import { createToken } from '../../db/commands/tokens.ts';
import { createTestDatabase, enterpriseNumber, insertProviders, type ProviderFixture } from '../helpers/database.ts';

/** The instant the tests run at. */
export const NOW = new Date('2026-11-28T10:00:00+01:00');

/** Providers every API test can rely on. */
export const FIXTURES: ProviderFixture[] = [
  { id: 1, name: 'Werkkracht Gent vzw', workingArea: ['44021', '44088'], validFrom: '2024-01-01', activity: [{ year: 2024, employeesCoached: 3 }, { year: 2025, employeesCoached: 4 }], capacity: { totalPlaces: 12, freePlaces: 3 }, simplifiedCategory: 'GTB' },
  { id: 2, name: 'Jobanker Brugge bv', municipalityNis: '31005', postcode: '8000', workingArea: ['31005', '44021'], validFrom: '2023-06-01', activity: [{ year: 2024, employeesCoached: 3 }, { year: 2025, employeesCoached: 4 }], capacity: { totalPlaces: 8, freePlaces: 0 } },
  { id: 3, name: 'Verlopen Coaching vzw', workingArea: ['44021'], validFrom: '2020-01-01', activity: [2020, 2021, 2022, 2023, 2024].map((year) => ({ year, employeesCoached: 1 })) },
  { id: 4, name: 'Kompas Hasselt vzw', municipalityNis: '71072', postcode: '3500', workingArea: ['71072', '71071'], validFrom: '2025-02-01', activity: [{ year: 2025, employeesCoached: 2 }], capacity: { totalPlaces: 20, freePlaces: 5 }, simplifiedCategory: 'MAATWERKBEDRIJF' },
];

/** A publisher that records what it was asked. */
export class FakePublisher implements Publisher {
  readonly requests: string[] = [];
  private readonly publications = new Map<string, PublicationStatus>();
  changes = 0;
  changed() {
    this.changes++;
  }
  async request(trigger: string): Promise<PublicationStatus> {
    this.requests.push(trigger);
    const publication: PublicationStatus = { id: `pub-${this.requests.length}`, trigger, status: 'queued', requestedAt: NOW.toISOString(), startedAt: null, finishedAt: null, pages: null, error: null };
    this.publications.set(publication.id, publication);
    return publication;
  }
  async get(id: string) {
    return this.publications.get(id) ?? null;
  }
  async history(limit: number) {
    return [...this.publications.values()].reverse().slice(0, limit);
  }
}

/** A fresh database, app and tokens. */
export async function apiHarness(options: { rateLimits?: Parameters<typeof createApp>[0]['rateLimits']; clientAddress?: string } = {}) {
  const database = await createTestDatabase();
  const { evaluateRegister } = await import('../../db/commands/evaluate-register.ts');
  await insertProviders(database, FIXTURES);
  await evaluateRegister(database.db, '2026-11-28', NOW);
  const publisher = new FakePublisher();
  const clock = fixedClock(NOW);
  const app = checkedApp(createApp({
    db: database.db,
    clock,
    publisher,
    currentPublication: async () => null,
    rateLimits: options.rateLimits ?? { perToken: { limit: 100_000, windowMs: 60_000 }, perAddress: { limit: 100_000, windowMs: 60_000 } },
    clientAddress: options.clientAddress ? () => options.clientAddress! : undefined,
  }));
  const tokens = {
    provider1: (await createToken(database.db, { role: 'provider', providerId: 1, name: 'Officer Werkkracht', now: NOW })).token,
    provider2: (await createToken(database.db, { role: 'provider', providerId: 2, name: 'Officer Jobanker', now: NOW })).token,
    admin: (await createToken(database.db, { role: 'admin', name: 'Els Beheerder', now: NOW })).token,
  };
  const call = (method: string, path: string, init: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) =>
    app.request(path, {
      method,
      headers: {
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined || init.raw !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
  return { database, app, tokens, publisher, call, enterpriseNumber };
}
