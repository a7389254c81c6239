/** Temporary databases for tests: a fresh `file:` database each (`:memory:` loses tables in transactions). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../db/client.ts';
import { migrateDatabase } from '../../db/migrate.ts';
import { importReferenceData } from '../../db/reference-data.ts';
import {
  activityFigures,
  capacities,
  coaches,
  contactPersons,
  providers,
  recognitions,
  subcontracting,
  workingAreas,
} from '../../db/schema/index.ts';
import { enterpriseNumberCheckDigits } from '../../domain/enterprise-number.ts';
import { PUBLIC_ACTORS, type ProviderPatch } from '../../domain/change-log.ts';
import { lastValidDay } from '../../domain/rules/index.ts';
import { appendChangeEvents } from '../../db/commands/change-log.ts';
import { writeTransaction } from '../../db/write-lock.ts';

/** A migrated database with reference data in a temporary folder, removed by `cleanup`. */
export async function createTestDatabase(): Promise<Database & { dir: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'register-test-'));
  const database = await openDatabase(`file:${join(dir, 'register.db')}`);
  await migrateDatabase(database.db);
  await importReferenceData(database.db);
  return {
    ...database,
    dir,
    cleanup() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid enterprise number made from a small serial, for fixtures. */
export function enterpriseNumber(serial: number): string {
  const firstEight = `04${String(serial).padStart(6, '0')}`;
  return firstEight + enterpriseNumberCheckDigits(firstEight);
}

/** A provider fixture; everything not given gets a plain default. */
export interface ProviderFixture {
  id: number;
  name: string;
  municipalityNis?: string;
  postcode?: string;
  workingArea?: string[];
  validFrom?: string | null;
  termination?: { kind: 'withdrawn' | 'renounced'; effectiveFrom: string; reason: string };
  activity?: { year: number; employeesCoached: number }[];
  capacity?: { totalPlaces: number; freePlaces: number };
  simplifiedCategory?: 'GTB' | 'GOB' | 'MAATWERKBEDRIJF' | 'LDE' | null;
  coaches?: string[];
  contactPerson?: { fullName: string; email: string; phone: string; nationalRegisterNumber: string };
  subcontractorIds?: number[];
  events?: { occurredAt: string; kind: string; summary: string }[];
}

/** A fixture's public contact data, as the providers table stores it and as its first log entry states it. */
function contactDataOf(f: ProviderFixture) {
  return {
    name: f.name,
    street: `Teststraat ${f.id}`,
    postcode: f.postcode ?? '9000',
    municipalityNis: f.municipalityNis ?? '44021',
    email: `info@provider-${f.id}.example`,
    phone: `+32 9 200 00 ${String(f.id).padStart(2, '0')}`,
    website: `https://provider-${f.id}.example`,
    simplifiedCategory: f.simplifiedCategory ?? null,
  };
}

function registrationOf(f: ProviderFixture): ProviderPatch {
  const validFrom = f.validFrom === undefined ? '2024-01-01' : f.validFrom;
  return {
    ...contactDataOf(f),
    workingArea: [...(f.workingArea ?? ['44021'])].sort(),
    capacity: { ...(f.capacity ?? { totalPlaces: 10, freePlaces: 3 }), updatedAt: '2026-11-01T09:30:00.000Z' },
    coachCount: (f.coaches ?? ['one']).length,
    subcontractors: (f.subcontractorIds ?? []).map(enterpriseNumber).sort(),
    recognitions:
      validFrom === null
        ? {}
        : { [`ED-T-${f.id}`]: { decisionDate: validFrom, validFrom, validUntil: lastValidDay({ validFrom, termination: f.termination }), status: 'pending' } },
  };
}

/** Inserts providers as the API would leave them, each with its entry in the public log. */
export async function insertProviders(database: Database, fixtures: ProviderFixture[]): Promise<void> {
  const { db } = database;
  for (const f of fixtures) {
    await db.insert(providers).values({
      id: f.id,
      enterpriseNumber: enterpriseNumber(f.id),
      ...contactDataOf(f),
      qualityRegistration: `KRM-${f.id}`,
      createdAt: '2020-01-01T10:00:00.000Z',
      updatedAt: '2020-01-01T10:00:00.000Z',
    });
    for (const nisCode of f.workingArea ?? ['44021']) await db.insert(workingAreas).values({ providerId: f.id, nisCode });
    if (f.validFrom !== null) {
      await db.insert(recognitions).values({
        providerId: f.id,
        recognitionNumber: `ED-T-${f.id}`,
        decisionDate: f.validFrom ?? '2024-01-01',
        validFrom: f.validFrom ?? '2024-01-01',
        terminationKind: f.termination?.kind ?? null,
        terminationEffectiveFrom: f.termination?.effectiveFrom ?? null,
        terminationReason: f.termination?.reason ?? null,
        createdAt: '2024-01-01T10:00:00.000Z',
      });
    }
    for (const a of f.activity ?? []) await db.insert(activityFigures).values({ providerId: f.id, ...a, reportedAt: `${a.year + 1}-01-15T10:00:00.000Z` });
    const capacity = f.capacity ?? { totalPlaces: 10, freePlaces: 3 };
    await db.insert(capacities).values({ providerId: f.id, ...capacity, updatedAt: '2026-11-01T09:30:00.000Z' });
    for (const name of f.coaches ?? [`Coach Van Provider${f.id}`]) await db.insert(coaches).values({ providerId: f.id, fullName: name, qualification: 'Bachelor sociaal werk' });
    if (f.contactPerson) await db.insert(contactPersons).values({ providerId: f.id, ...f.contactPerson });
  }
  // Each fixture enters the public log with the state it was inserted with (its recognition as
  // "pending", as the database stores it until an evaluation), then its own events follow.
  const registered = new Map(fixtures.map((f) => [f.id, registrationOf(f)]));
  await writeTransaction(db, (tx) =>
    appendChangeEvents(tx, [
      ...fixtures.map((f) => ({ providerId: f.id, occurredAt: '2020-01-01T10:00:00.000Z', kind: 'provider.registered', summary: 'Opgenomen in het register.', actor: PUBLIC_ACTORS.sample, after: registered.get(f.id)! })),
      ...fixtures.flatMap((f) => (f.events ?? []).map((e) => ({ providerId: f.id, actor: PUBLIC_ACTORS.sample, after: null, ...e }))),
    ]),
  );
  for (const f of fixtures) {
    for (const subcontractorId of f.subcontractorIds ?? []) await db.insert(subcontracting).values({ providerId: f.id, subcontractorId, since: '2024-01-01' });
  }
}
