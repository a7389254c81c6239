/** Loads generated sample providers into the database, in chunks, with progress. */
import { writeTransaction } from '#db/write-lock.ts';
import { count } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { CalendarDate } from '#domain/rules/index.ts';
import type { RegisterDb } from '#db/client.ts';
import { loadReferenceData } from '#db/reference-data.ts';
import {
  activityFigures,
  capacities,
  changeEvents,
  coaches,
  contactPersons,
  providers,
  recognitions,
  registerMeta,
  subcontracting,
  workingAreas,
} from '#db/schema/index.ts';
import { generateSampleProviders, type SampleEvent } from './generator.ts';
import { generateSampleApplications, type RecentGrant } from './applications.ts';
import { addDays, compareDates, recognitionStanding } from '#domain/rules/index.ts';
import { applications, procedureEvents, sequences } from '#db/schema/index.ts';
import { PUBLIC_ACTORS, type ProviderState } from '#domain/change-log.ts';
import { appendChangeEvents } from '#db/commands/change-log.ts';

/** What `seed` is asked to do. */
export interface SeedOptions {
  providers: number;
  seed: number | string;
  asOf: CalendarDate;
  onProgress?: (done: number, total: number) => void;
}

/** The register already holds providers and `replace` was not asked. */
export class RegisterNotEmptyError extends Error {
  override name = 'RegisterNotEmptyError';
}

// SQLite accepts at most 32,766 bound values per statement; stay well under it.
const MAX_VALUES_PER_STATEMENT = 30_000;
const PROVIDERS_PER_TRANSACTION = 500;

type Tx = Parameters<Parameters<RegisterDb['transaction']>[0]>[0];

async function insertAll<T extends Record<string, unknown>>(tx: Tx, table: SQLiteTable, rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / Object.keys(rows[0]).length));
  for (let i = 0; i < rows.length; i += perStatement) {
    await tx.insert(table).values(rows.slice(i, i + perStatement) as never);
  }
}

/**
 * Fills an empty register with generated sample providers and marks it as sample data. Only an
 * empty register: the change log is append-only, so nothing is ever cleared to make room
 * (`register seed --replace` starts a new database file instead; see cli/commands/seed.ts).
 */
export async function seedSampleData(db: RegisterDb, options: SeedOptions): Promise<{ providers: number; events: number; applications: number }> {
  const [{ n }] = await db.select({ n: count() }).from(providers);
  const [{ logged }] = await db.select({ logged: count() }).from(changeEvents);
  if (n > 0 || logged > 0) {
    throw new RegisterNotEmptyError(
      n > 0 ? `The register already holds ${n} providers; use --replace to start again.` : `The register's change log already holds ${logged} events; use --replace to start again.`,
    );
  }
  const generator = generateSampleProviders({
    providers: options.providers,
    seed: options.seed,
    asOf: options.asOf,
    municipalities: loadReferenceData().municipalities,
  });
  const events: SampleEvent[] = [];
  const recentGrants: RecentGrant[] = [];
  const recentFrom = addDays(options.asOf, -25);
  const recognitionNumbers: string[] = [];
  let done = 0;
  let batch = [...take(generator, PROVIDERS_PER_TRANSACTION)];
  while (batch.length > 0) {
    await writeTransaction(db, async (tx) => {
      await insertAll(
        tx,
        providers,
        batch.map((p) => ({
          id: p.id,
          enterpriseNumber: p.enterpriseNumber,
          name: p.name,
          street: p.street,
          postcode: p.postcode,
          municipalityNis: p.municipalityNis,
          email: p.email,
          phone: p.phone,
          website: p.website,
          simplifiedCategory: p.simplifiedCategory,
          qualityRegistration: p.qualityRegistration,
          createdAt: p.createdAt,
          updatedAt: p.capacity.updatedAt > p.createdAt ? p.capacity.updatedAt : p.createdAt,
        })),
      );
      await insertAll(tx, contactPersons, batch.map((p) => ({ providerId: p.id, ...p.contactPerson })));
      await insertAll(tx, workingAreas, batch.flatMap((p) => p.workingArea.map((nisCode) => ({ providerId: p.id, nisCode }))));
      await insertAll(tx, capacities, batch.map((p) => ({ providerId: p.id, ...p.capacity })));
      await insertAll(tx, coaches, batch.flatMap((p) => p.coaches.map((c) => ({ providerId: p.id, ...c, active: true }))));
      await insertAll(
        tx,
        recognitions,
        batch.flatMap((p) =>
          p.recognitions.map((r) => ({
            providerId: p.id,
            recognitionNumber: r.recognitionNumber,
            decisionDate: r.decisionDate,
            validFrom: r.validFrom,
            terminationKind: r.termination?.kind ?? null,
            terminationEffectiveFrom: r.termination?.effectiveFrom ?? null,
            terminationReason: r.termination?.reason ?? null,
            // As the daily evaluation would have left it on the sample day.
            status: recognitionStanding(r, p.activity, options.asOf).status,
            evaluatedOn: options.asOf,
            createdAt: `${r.decisionDate}T12:00:00.000Z`,
          })),
        ),
      );
      await insertAll(
        tx,
        activityFigures,
        batch.flatMap((p) => p.activity.map((a) => ({ providerId: p.id, ...a, reportedAt: `${a.year + 1}-01-31T12:00:00.000Z` }))),
      );
      await insertAll(
        tx,
        subcontracting,
        batch.flatMap((p) => p.subcontractorIds.map((subcontractorId) => ({ providerId: p.id, subcontractorId, since: p.recognitions[0].validFrom }))),
      );
    });
    for (const p of batch) {
      events.push(...p.events);
      for (const r of p.recognitions) {
        recognitionNumbers.push(r.recognitionNumber);
        if (compareDates(r.decisionDate, recentFrom) >= 0 && !r.termination) {
          recentGrants.push({ providerId: p.id, name: p.name, enterpriseNumber: p.enterpriseNumber, municipalityNis: p.municipalityNis, postcode: p.postcode, decisionDate: r.decisionDate, validFrom: r.validFrom });
        }
      }
    }
    done += batch.length;
    options.onProgress?.(done, options.providers);
    batch = [...take(generator, PROVIDERS_PER_TRANSACTION)];
  }
  // The history is appended in the order things happened, as it would have been live.
  events.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.providerId - b.providerId));
  const sampleApplications = generateSampleApplications({
    count: Math.min(5_000, Math.max(26, Math.round(options.providers / 8))),
    seed: options.seed,
    asOf: options.asOf,
    municipalities: loadReferenceData().municipalities,
    recentGrants,
  });
  await writeTransaction(db, async (tx) => {
    // The generator's patches start from nothing: the log's view of each provider is kept here.
    const states = new Map<number, ProviderState>();
    await appendChangeEvents(tx, events.map((e) => ({ ...e, actor: PUBLIC_ACTORS.sample })), states);
    for (const a of sampleApplications) {
      const [{ id }] = await tx
        .insert(applications)
        .values({
          reference: a.reference,
          providerId: a.providerId,
          submittedOn: a.submittedOn,
          submittedAt: `${a.submittedOn}T09:00:00.000Z`,
          organisation: a.organisation,
          simplifiedCategory: a.simplifiedCategory,
          experience: a.experience,
          serviceArea: a.serviceArea,
          declaration: a.declaration,
          state: a.state,
          updatedAt: `${a.events.at(-1)?.on ?? a.submittedOn}T09:00:00.000Z`,
        })
        .returning({ id: applications.id });
      await insertAll(
        tx,
        procedureEvents,
        a.events.map((e) => ({
          applicationId: id,
          step: e.step,
          occurredOn: e.on,
          recordedAt: `${e.on}T10:00:00.000Z`,
          actor: 'voorbeeldgegevens',
          outcome: 'outcome' in e ? e.outcome : null,
          notifiedOn: 'notifiedOn' in e ? e.notifiedOn : null,
          validFrom: 'validFrom' in e ? (e.validFrom ?? null) : null,
          note: null,
          mailSentAt: 'mailSentOn' in e && e.mailSentOn ? `${e.mailSentOn}T10:00:00.000Z` : null,
        })),
      );
    }
    // References handed out later (new applications, new recognitions) continue after the sample's.
    const counters = new Map<string, number>();
    const count = (name: string, reference: string) => counters.set(name, Math.max(counters.get(name) ?? 0, Number(reference.split('-').at(-1))));
    for (const a of sampleApplications) count(`AV-${a.reference.split('-')[1]}`, a.reference);
    for (const r of recognitionNumbers) count(`ED-${r.split('-')[1]}`, r);
    if (counters.size > 0) await tx.insert(sequences).values([...counters].map(([name, value]) => ({ name, value })));
    await tx
      .insert(registerMeta)
      .values([
        { key: 'dataset', value: 'sample' },
        { key: 'sample.seed', value: String(options.seed) },
        { key: 'sample.asOf', value: options.asOf },
      ]);
  });
  return { providers: done, events: events.length, applications: sampleApplications.length };
}

function* take<T>(iterator: Iterator<T>, n: number): Generator<T> {
  for (let i = 0; i < n; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield next.value;
  }
}
