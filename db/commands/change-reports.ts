/**
 * Filing and reviewing change reports. Every write runs in one write transaction: a report is
 * stored with its reference, free places apply at once, and accepting a report applies it to the
 * register together with its public change event and the mark that a publication is needed.
 */
import { and, desc, eq, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { APPLIES_AT_ONCE, CHANGE_REPORT_KIND_LABELS, type ChangeReportRequest } from '#domain/change-reports.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { RegisterError } from '#domain/register-error.ts';
import { calendarDateAt, changeReportReviewExpectedBy, recognitionStanding, subcontractingAllowed, yearOf, type CalendarDate } from '#domain/rules/index.ts';
import { slugify } from '#domain/slug.ts';
import { normalisedPhoneNumber, parsePhoneNumber } from '#domain/phone-number.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction, type WriteTx } from '#db/write-lock.ts';
import { stateKey } from '#db/state.ts';
import { WRITE_HOST_LOST } from '#db/write-side.ts';
import { PUBLIC_ACTORS, type ProviderPatch, type PublicActor } from '#domain/change-log.ts';
import { appendChangeEvents } from './change-log.ts';
import { evaluateRecognitions } from './evaluate-register.ts';
import { markPublicationNeeded } from './publication-state.ts';
import { recognitionFacts } from '#db/queries/recognition-facts.ts';
import { providerVersion } from '#db/queries/report-review.ts';
import {
  activityFigures,
  capacities,
  changeReports,
  coaches,
  municipalities,
  postcodes,
  providers,
  provinces,
  recognitions,
  subcontracting,
  workingAreas,
  type ChangeReportStatus,
} from '#db/schema/index.ts';
import { BRUSSELS_AREA_CODE, BRUSSELS_AREA_NAME } from '#domain/working-area.ts';
import { enqueueMail, insertMails } from './outbox.ts';
import { changeReportOutcome, changeReportReceipt } from './change-report-mails.ts';

/** A change report as its provider (and an administrator) sees it. */
export interface ChangeReportView {
  reference: string;
  kind: ChangeReportRequest['kind'];
  status: ChangeReportStatus;
  payload: unknown;
  receivedAt: string;
  /** When the department accepted or rejected it (null while it waits, and for a withdrawal). */
  reviewedAt: string | null;
  reviewReason: string | null;
  /** When the provider withdrew it (only with status `withdrawn`). */
  withdrawnAt: string | null;
  /** While it waits for review: the day the department expects to have reviewed it (the rules' term). */
  expectedReviewBy: CalendarDate | null;
}

/** Who files or reviews. */
export interface Actor {
  name: string;
}

type ReportRow = typeof changeReports.$inferSelect;

function viewOf(row: Pick<ReportRow, 'reference' | 'kind' | 'status' | 'payload' | 'receivedAt' | 'reviewedAt' | 'reviewReason'>): ChangeReportView {
  return {
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    payload: row.payload,
    receivedAt: row.receivedAt,
    reviewedAt: row.status === 'withdrawn' ? null : row.reviewedAt,
    reviewReason: row.reviewReason,
    withdrawnAt: row.status === 'withdrawn' ? row.reviewedAt : null,
    expectedReviewBy: row.status === 'pending_review' ? changeReportReviewExpectedBy(calendarDateAt(new Date(row.receivedAt))) : null,
  };
}

/** The next reference of a yearly series, e.g. WM-2026-000123; call inside a write transaction. */
export async function nextReference(tx: WriteTx, series: string, year: number, digits = 6): Promise<string> {
  const [reference] = await nextReferences(tx, series, year, 1, digits);
  return reference;
}

/** The next `count` references of a yearly series, in one statement; call inside a write transaction. */
async function nextReferences(tx: WriteTx, series: string, year: number, count: number, digits = 6): Promise<string[]> {
  const [row] = await tx.run(takeReferences(series, year, count)).then((result) => result.rows as unknown as [{ value: number }]);
  return referencesUpTo(series, year, Number(row.value), count, digits);
}

/** The statement that takes the next `count` numbers of a yearly series; it returns the last (`value`). */
function takeReferences(series: string, year: number, count: number) {
  const name = `${series}-${year}`;
  return sql`INSERT INTO sequences (name, value) VALUES (${name}, ${count}) ON CONFLICT (name) DO UPDATE SET value = value + ${count} RETURNING value`;
}

/** The `count` references of a yearly series that end with number `last`, e.g. WM-2026-000123. */
function referencesUpTo(series: string, year: number, last: number, count: number, digits = 6): string[] {
  return Array.from({ length: count }, (_, i) => `${series}-${year}-${String(last - count + 1 + i).padStart(digits, '0')}`);
}

/**
 * In SQL, the reference at place `index` (0, 1, …) of the `count` just taken by {@link
 * takeReferences} in the same transaction: the same text {@link referencesUpTo} gives.
 */
function referenceAt(series: string, year: number, count: number, index: SQL, digits = 6): SQL {
  const name = `${series}-${year}`;
  return sql`${name} || '-' || printf('%0${sql.raw(String(digits))}d', (SELECT value FROM sequences WHERE name = ${name}) - ${count} + 1 + ${index})`;
}

/** Resolves a working area given as municipality codes and whole provinces (code or name) to NIS codes. */
async function resolveWorkingArea(tx: RegisterDb | WriteTx, area: { municipalities: string[]; provinces: string[] }): Promise<string[]> {
  const codes = new Set<string>();
  if (area.municipalities.length > 0) {
    const known = await tx.select({ nisCode: municipalities.nisCode }).from(municipalities).where(inArray(municipalities.nisCode, area.municipalities));
    const knownSet = new Set(known.map((m) => m.nisCode));
    const unknown = area.municipalities.map((code, i) => ({ code, i })).filter(({ code }) => !knownSet.has(code));
    if (unknown.length > 0) {
      throw new RegisterError(
        'invalid',
        `Unknown municipality code${unknown.length > 1 ? 's' : ''}: ${unknown.map((u) => u.code).join(', ')}.`,
        unknown.map((u) => ({ path: `payload.municipalities.${u.i}`, message: `no Flemish or Brussels municipality has NIS code ${u.code}` })),
      );
    }
    known.forEach((m) => codes.add(m.nisCode));
  }
  if (area.provinces.length > 0) {
    const all = await tx.select().from(provinces);
    for (const [i, wanted] of area.provinces.entries()) {
      const key = slugify(wanted);
      const province =
        key === slugify(BRUSSELS_AREA_NAME) || wanted === BRUSSELS_AREA_CODE || key === 'brussel'
          ? null
          : all.find((p) => p.nisCode === wanted || slugify(p.nameNl) === key);
      const isBrussels = province === null && (key === slugify(BRUSSELS_AREA_NAME) || wanted === BRUSSELS_AREA_CODE || key === 'brussel');
      if (!province && !isBrussels) {
        throw new RegisterError('invalid', `Unknown province: ${wanted}.`, [
          { path: `payload.provinces.${i}`, message: `use a province name or NIS code (${all.map((p) => p.nameNl).join(', ')}, ${BRUSSELS_AREA_NAME})` },
        ]);
      }
      const members = await tx
        .select({ nisCode: municipalities.nisCode })
        .from(municipalities)
        .where(isBrussels ? eq(municipalities.region, 'BRU') : eq(municipalities.provinceNis, province!.nisCode));
      members.forEach((m) => codes.add(m.nisCode));
    }
  }
  return [...codes].sort();
}

/** Checks that every subcontractor exists, is not the provider itself and holds an active recognition today. */
async function checkSubcontractors(tx: RegisterDb | WriteTx, providerId: number, numbers: string[], today: CalendarDate): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, number] of numbers.entries()) {
    const [sub] = await tx.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.enterpriseNumber, number));
    const path = `payload.enterpriseNumbers.${i}`;
    if (!sub) throw new RegisterError('invalid', `No provider with enterprise number ${formatEnterpriseNumber(number)} is in the register.`, [{ path, message: 'not in the register' }]);
    if (sub.id === providerId) throw new RegisterError('invalid', 'A provider cannot be its own subcontractor.', [{ path, message: 'this is the provider itself' }]);
    const rows = await tx.select().from(recognitions).where(eq(recognitions.providerId, sub.id));
    const figures = await tx.select().from(activityFigures).where(eq(activityFigures.providerId, sub.id));
    const active = rows.some((r) =>
      subcontractingAllowed(
        recognitionStanding(recognitionFacts(r), figures, today),
      ),
    );
    if (!active) {
      throw new RegisterError('invalid', `${sub.name} (${formatEnterpriseNumber(number)}) does not hold an active recognition, so it cannot be a subcontractor.`, [
        { path, message: 'subcontractors must themselves be recognised' },
      ]);
    }
    ids.push(sub.id);
  }
  return ids;
}

/** Checks what a report asks against the register before it is stored. */
async function checkRequest(tx: RegisterDb | WriteTx, providerId: number, request: ChangeReportRequest, today: CalendarDate): Promise<void> {
  switch (request.kind) {
    case 'working_area':
      await resolveWorkingArea(tx, request.payload);
      break;
    case 'subcontractors':
      await checkSubcontractors(tx, providerId, request.payload.enterpriseNumbers, today);
      break;
    case 'free_places': {
      const [capacity] = await tx.select().from(capacities).where(eq(capacities.providerId, providerId));
      const total = capacity?.totalPlaces ?? 0;
      if (request.payload.freePlaces > total) {
        throw new RegisterError('invalid', `Free places (${request.payload.freePlaces}) cannot exceed the total capacity (${total}).`, [
          { path: 'payload.freePlaces', message: `at most ${total}, the total number of places` },
        ]);
      }
      break;
    }
    case 'yearly_activity':
      if (request.payload.year > yearOf(today)) {
        throw new RegisterError('invalid', `Activity can only be reported for a year that has begun (${yearOf(today)} or earlier).`, [
          { path: 'payload.year', message: `at most ${yearOf(today)}` },
        ]);
      }
      break;
    case 'contact_details':
      if (request.payload.phone !== undefined) {
        const phone = parsePhoneNumber(request.payload.phone);
        if (!phone.ok) throw new RegisterError('invalid', `Not a valid phone number: ${request.payload.phone}.`, [{ path: 'payload.phone', message: phone.message }]);
      }
      if (request.payload.postcode) {
        const [known] = await tx.select().from(postcodes).where(eq(postcodes.postcode, request.payload.postcode));
        if (!known) throw new RegisterError('invalid', `Postcode ${request.payload.postcode} is not a Flemish or Brussels postcode.`, [{ path: 'payload.postcode', message: 'unknown postcode' }]);
      }
      break;
    default:
      break;
  }
}

/**
 * Checks a report against the register as filing it would, and stores nothing: the provider's
 * check before sending and the API's preview refuse what filing would refuse.
 */
export function checkChangeReport(db: RegisterDb, providerId: number, request: ChangeReportRequest, now: Date): Promise<void> {
  return db.transaction((tx) => checkRequest(tx, providerId, request, calendarDateAt(now)), { behavior: 'deferred' });
}

/** What filing a change report takes. */
export interface FilingRequest {
  providerId: number;
  actor: Actor;
  request: ChangeReportRequest;
  idempotencyKey?: string | null;
  now: Date;
}

/**
 * The request with its phone number in E.164. The API and the pages parse requests with the
 * domain's schema, which does this already; a caller that hands the command a number as typed
 * gets it stored the same way (and an unreadable one refused by {@link checkRequest}).
 */
function withStoredPhone(request: ChangeReportRequest): ChangeReportRequest {
  if (request.kind !== 'contact_details' || request.payload.phone === undefined) return request;
  const e164 = normalisedPhoneNumber(request.payload.phone);
  return e164 === null ? request : { ...request, payload: { ...request.payload, phone: e164 } };
}

/** What filing gave: the report, and whether it was filed before under the same Idempotency-Key. */
export interface Filed {
  report: ChangeReportView;
  replayed: boolean;
}

/** Files a change report for the provider; a retry with the same Idempotency-Key returns the first answer. */
export function fileChangeReport(db: RegisterDb, given: FilingRequest): Promise<Filed> {
  const options = { ...given, request: withStoredPhone(given.request) };
  // The common case (a report that waits for review) is filed in batches.
  if (!APPLIES_AT_ONCE.has(options.request.kind)) return fileInBatch(db, options);
  return fileOnItsOwn(db, options);
}

/** The answer to a report whose Idempotency-Key was used before: the first report, or a conflict when it asked something else. */
function replayOf(earlier: ChangeReportView, request: ChangeReportRequest): Filed {
  if (earlier.kind !== request.kind || JSON.stringify(earlier.payload) !== JSON.stringify(request.payload)) {
    throw new RegisterError('conflict', 'This Idempotency-Key was used for a different change report; use a new key for a new report.');
  }
  return { report: earlier, replayed: true };
}

/** The report of `providerId` filed with Idempotency-Key `key` (values, or placeholders of a prepared look-up). */
function filedWithKey(providerId: number | Placeholder, key: string | Placeholder): SQL {
  return and(eq(changeReports.providerId, providerId), eq(changeReports.idempotencyKey, key))!;
}

/** The look-up of a report by provider and Idempotency-Key, prepared once per database: a batch makes one per report. */
const EARLIER_WITH_KEY = stateKey<ReturnType<typeof prepareEarlierWithKey>>('the prepared look-up of a change report by its Idempotency-Key');
function prepareEarlierWithKey(db: RegisterDb) {
  // Drizzle's named parameters of a prepared statement, filled in by `all({ providerId, key })`.
  return db.select().from(changeReports).where(filedWithKey(sql.placeholder('providerId'), sql.placeholder('key'))).prepare();
}

/** The report the provider filed before with this Idempotency-Key, if any, as the register is now. */
async function earlierWithKey(db: RegisterDb, providerId: number, key: string): Promise<ReportRow | undefined> {
  const [earlier] = await db.writes.state(EARLIER_WITH_KEY, () => prepareEarlierWithKey(db)).all({ providerId, key });
  return earlier;
}

/** Files one report in a write transaction of its own: checks, reference, report, change (free places) and receipt. */
function fileOnItsOwn(db: RegisterDb, options: FilingRequest): Promise<Filed> {
  return writeTransaction(db, async (tx) => {
    const { providerId, request, now } = options;
    if (options.idempotencyKey) {
      const [earlier] = await tx.select().from(changeReports).where(filedWithKey(providerId, options.idempotencyKey));
      if (earlier) return replayOf(viewOf(earlier), request);
    }
    const today = calendarDateAt(now);
    await checkRequest(tx, providerId, request, today);
    const reference = await nextReference(tx, 'WM', yearOf(today));
    const appliesAtOnce = APPLIES_AT_ONCE.has(request.kind);
    const [row] = await tx
      .insert(changeReports)
      .values({
        reference,
        providerId,
        kind: request.kind,
        payload: request.payload,
        status: appliesAtOnce ? 'applied' : 'pending_review',
        receivedAt: now.toISOString(),
        filedBy: options.actor.name,
        idempotencyKey: options.idempotencyKey ?? null,
      })
      .returning();
    if (appliesAtOnce) await applyChange(tx, providerId, request, options.actor, now, PUBLIC_ACTORS.provider, reference);
    await enqueueMail(tx, changeReportReceipt(row), now);
    return { report: viewOf(row), replayed: false };
  });
}

interface BatchItem {
  filing: FilingRequest;
  resolve: (filed: Filed) => void;
  reject: (error: unknown) => void;
}

/** The most reports filed in one batch. */
const MAX_BATCH = 200;
/** The reports waiting for the next batch, and how many batches are being written, per database. */
const BATCH = stateKey<BatchQueue>('the change reports waiting to be filed together');
interface BatchQueue {
  waiting: BatchItem[];
  running: boolean;
  /** The batches on their way to the disk. */
  writing: Set<Promise<void>>;
}
/**
 * How many batches of one process may be on their way to the disk at once. While one commits,
 * the next is checked and handed over, so that the write thread (or the process that writes for
 * all, db/write-sharing.ts) finds it waiting when the commit ends and writes the batches that
 * wait together in one transaction: the disk is never kept waiting for a batch's checks.
 */
const MAX_BATCHES_WRITING = 4;

/**
 * Files reports that wait for review in batches: the reports that arrive while a batch is being
 * checked form the next one. Each report is first checked against the register as it is at that
 * moment (a read; a report that fails gets its error and the others go on; accepting a report
 * checks it again, see {@link applyChange}), and a report whose Idempotency-Key was used before
 * gets the first answer. A batch is then written in one transaction of three statements that the
 * database connection carries out by itself (db.writes.inOneGo): take the references, insert the
 * reports, insert their receipts. So the write lock is held only while the database works, never
 * while this process is busy answering requests: with several processes on one database, that
 * is what lets them take turns at the lock quickly. Alone, a report is a batch of one.
 */
function fileInBatch(db: RegisterDb, filing: FilingRequest): Promise<Filed> {
  const batch = db.writes.state(BATCH, () => ({ waiting: [] as BatchItem[], running: false, writing: new Set<Promise<void>>() }));
  const promise = new Promise<Filed>((resolve, reject) => batch.waiting.push({ filing, resolve, reject }));
  if (!batch.running) void runBatches(db, batch);
  return promise;
}

/**
 * Resolves after the requests that arrived with this one were read: on the next turn of the
 * event loop (a timer, where there is no setImmediate, waits a millisecond or more in Node).
 */
const nextTurn: (resolve: () => void) => void = typeof setImmediate === 'function' ? (resolve) => setImmediate(resolve) : (resolve) => setTimeout(resolve, 0);

async function runBatches(db: RegisterDb, batch: BatchQueue): Promise<void> {
  batch.running = true;
  try {
    while (batch.waiting.length > 0) {
      // Let the reports arriving in the same moment join this batch.
      await new Promise<void>(nextTurn);
      const checked = await checkBatch(db, batch.waiting.splice(0, MAX_BATCH));
      if (checked.items.length === 0) continue;
      const writing = writeChecked(db, checked).finally(() => batch.writing.delete(writing));
      batch.writing.add(writing);
      if (batch.writing.size >= MAX_BATCHES_WRITING) await Promise.race(batch.writing);
    }
  } finally {
    batch.running = false;
  }
}

/** Reports checked for a batch, and those that repeat the Idempotency-Key of one of them. */
interface CheckedBatch {
  items: BatchItem[];
  repeats: { item: BatchItem; first: BatchItem }[];
}

/** Checks each report of a batch; answers at once those refused and those filed before under their key. */
async function checkBatch(db: RegisterDb, items: BatchItem[]): Promise<CheckedBatch> {
  const checked: BatchItem[] = [];
  // A key used twice in one batch: the first files, the others get its answer.
  const firstWithKey = new Map<string, BatchItem>();
  const repeats: { item: BatchItem; first: BatchItem }[] = [];
  for (const item of items) {
    const { providerId, request, idempotencyKey, now } = item.filing;
    const keyInBatch = idempotencyKey ? JSON.stringify([providerId, idempotencyKey]) : null;
    try {
      if (idempotencyKey && keyInBatch) {
        const earlier = await earlierWithKey(db, providerId, idempotencyKey);
        if (earlier) {
          item.resolve(replayOf(viewOf(earlier), request));
          continue;
        }
        const first = firstWithKey.get(keyInBatch);
        if (first) {
          repeats.push({ item, first });
          continue;
        }
      }
      await checkRequest(db, providerId, request, calendarDateAt(now));
      checked.push(item);
      if (keyInBatch) firstWithKey.set(keyInBatch, item);
    } catch (error) {
      item.reject(error);
    }
  }
  return { items: checked, repeats };
}

/** Writes a checked batch and answers each of its reports once it is on disk. */
async function writeChecked(db: RegisterDb, { items: checked, repeats }: CheckedBatch): Promise<void> {
  const everyItem = [...checked, ...repeats.map((r) => r.item)];
  let filed: { item: BatchItem; report: ChangeReportView }[];
  try {
    filed = await writeBatch(db, checked);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === WRITE_HOST_LOST) {
      // The process that wrote this batch for this one died before it answered: the batch was
      // written in full or not at all, and which is not known here. A report sent with an
      // Idempotency-Key (the portal always sends one) is filed on its own now: its key finds it
      // if it was written, and files it once if not. One without a key cannot be told apart from
      // a new one, so its sender hears that it may or may not have arrived.
      const unknown = new Error('This change report may or may not have been filed: the register process writing it stopped. Send it again with an Idempotency-Key to be sure it is filed once.');
      await Promise.all(
        everyItem.map((item) => (item.filing.idempotencyKey ? fileOnItsOwn(db, item.filing).then(item.resolve, item.reject) : item.reject(unknown))),
      );
      return;
    }
    if (code !== 'SQLITE_CONSTRAINT') {
      for (const item of everyItem) item.reject(error);
      return;
    }
    // A constraint refused the batch, and with it nothing was written: another process filed a
    // report with one of these keys in the meantime, or one report breaks a rule of the database.
    // Each report is filed on its own, so it gets its own answer and the others are not held up.
    // In order, so that a repeated key finds the report filed under it just before.
    await Promise.all(everyItem.map((item) => fileOnItsOwn(db, item.filing).then(item.resolve, item.reject)));
    return;
  }
  // Answers go out only after the commit.
  const reports = new Map<BatchItem, ChangeReportView>();
  for (const { item, report } of filed) {
    reports.set(item, report);
    item.resolve({ report, replayed: false });
  }
  for (const { item, first } of repeats) {
    try {
      item.resolve(replayOf(reports.get(first)!, item.filing.request));
    } catch (error) {
      item.reject(error);
    }
  }
}

/** Writes checked reports and their receipts in one transaction; says what each became. */
async function writeBatch(db: RegisterDb, items: BatchItem[]): Promise<{ item: BatchItem; report: ChangeReportView }[]> {
  // References are numbered per year: a batch at New Year's midnight takes from two series.
  const byYear = new Map<number, BatchItem[]>();
  for (const item of items) {
    const year = yearOf(calendarDateAt(item.filing.now));
    const group = byYear.get(year);
    if (group) group.push(item);
    else byYear.set(year, [item]);
  }
  const statements: SQL[] = [];
  const groups = [...byYear].map(([year, group]) => {
    const rows = group.map((item) => ({
      providerId: item.filing.providerId,
      kind: item.filing.request.kind,
      payload: item.filing.request.payload,
      status: 'pending_review' as const,
      receivedAt: item.filing.now.toISOString(),
      filedBy: item.filing.actor.name,
      idempotencyKey: item.filing.idempotencyKey ?? null,
    }));
    // Each report's reference is made in SQL from its place in the list (`r.key`), so the
    // statements need nothing back from each other. One JSON parameter carries the whole batch:
    // the same statement text for any batch size, and no query to build per report.
    const reference = (index: SQL) => referenceAt('WM', year, group.length, index);
    statements.push(
      takeReferences('WM', year, group.length),
      sql`INSERT INTO change_reports (reference, provider_id, kind, payload, status, received_at, filed_by, idempotency_key)
        SELECT ${reference(sql`r.key`)}, r.value ->> 'providerId', r.value ->> 'kind', r.value ->> 'payload', r.value ->> 'status', r.value ->> 'receivedAt', r.value ->> 'filedBy', r.value ->> 'idempotencyKey'
        FROM json_each(${JSON.stringify(rows.map((row) => ({ ...row, payload: JSON.stringify(row.payload) })))}) AS r`,
      insertMails(rows.map((row) => changeReportReceipt({ ...row, reference: '' })), group.at(-1)!.filing.now, reference),
    );
    return { year, group, rows };
  });
  const results = await db.writes.inOneGo(statements, ['mail-queued']);
  return groups.flatMap(({ year, group, rows }, g) => {
    const last = Number((results[g * 3].rows[0] as unknown as { value: number }).value);
    const references = referencesUpTo('WM', year, last, group.length);
    return group.map((item, i) => ({ item, report: viewOf({ ...rows[i], reference: references[i], reviewedAt: null, reviewReason: null }) }));
  });
}

/**
 * Applies a change to the register and logs its public part: `after` names only public fields
 * (coaches' names and the quality registration stay out of the log). The log names the public
 * role (`as`); the person is kept privately in the event's `recorded_by`.
 */
async function applyChange(tx: WriteTx, providerId: number, request: ChangeReportRequest, actor: Actor, now: Date, as: PublicActor, reference: string): Promise<void> {
  const today = calendarDateAt(now);
  const event = async (kind: string, summary: string, after: ProviderPatch | null) => {
    await appendChangeEvents(tx, [{ occurredAt: now.toISOString(), providerId, kind, summary, actor: as, recordedBy: actor.name, source: reference, after }]);
    await markPublicationNeeded(tx, now);
  };
  switch (request.kind) {
    case 'free_places': {
      const [capacity] = await tx.select().from(capacities).where(eq(capacities.providerId, providerId));
      if (!capacity) throw new RegisterError('invalid', 'Report the total capacity before the free places.');
      await tx.update(capacities).set({ freePlaces: request.payload.freePlaces, updatedAt: now.toISOString() }).where(eq(capacities.providerId, providerId));
      await event('capacity.free_places', `Vrije plaatsen bijgewerkt: ${request.payload.freePlaces} van ${capacity.totalPlaces}.`, { capacity: { freePlaces: request.payload.freePlaces, updatedAt: now.toISOString() } });
      break;
    }
    case 'capacity': {
      const [capacity] = await tx.select().from(capacities).where(eq(capacities.providerId, providerId));
      const total = request.payload.totalPlaces;
      const free = Math.min(capacity?.freePlaces ?? 0, total);
      if (capacity) await tx.update(capacities).set({ totalPlaces: total, freePlaces: free, updatedAt: now.toISOString() }).where(eq(capacities.providerId, providerId));
      else await tx.insert(capacities).values({ providerId, totalPlaces: total, freePlaces: 0, updatedAt: now.toISOString() });
      await event('capacity.total', `Begeleidingscapaciteit gewijzigd: ${total} plaatsen (was ${capacity?.totalPlaces ?? 0}).`, {
        capacity: { totalPlaces: total, freePlaces: free, updatedAt: now.toISOString() },
      });
      break;
    }
    case 'working_area': {
      const next = await resolveWorkingArea(tx, request.payload);
      const before = (await tx.select({ nisCode: workingAreas.nisCode }).from(workingAreas).where(eq(workingAreas.providerId, providerId))).map((r) => r.nisCode).sort();
      await tx.delete(workingAreas).where(eq(workingAreas.providerId, providerId));
      await tx.insert(workingAreas).values(next.map((nisCode) => ({ providerId, nisCode })));
      const added = next.filter((c) => !before.includes(c)).length;
      const removed = before.filter((c) => !next.includes(c)).length;
      await event('working_area.updated', `Werkingsgebied gewijzigd: ${next.length} gemeenten (${added} erbij, ${removed} eraf).`, { workingArea: next });
      break;
    }
    case 'contact_details': {
      const changes: Record<string, string> = { ...request.payload };
      if (request.payload.postcode) {
        const [pc] = await tx.select().from(postcodes).where(eq(postcodes.postcode, request.payload.postcode));
        changes.municipalityNis = pc.nisCode;
      }
      await tx.update(providers).set({ ...changes, updatedAt: now.toISOString() }).where(eq(providers.id, providerId));
      // Every field a contact-details report can change is public (the organisation's, not a person's).
      await event('provider.contact_details', 'Contactgegevens gewijzigd.', changes);
      break;
    }
    case 'coaches': {
      const before = (await tx.select({ n: sql<number>`count(*)` }).from(coaches).where(and(eq(coaches.providerId, providerId), eq(coaches.active, true))))[0].n;
      await tx.delete(coaches).where(eq(coaches.providerId, providerId));
      if (request.payload.coaches.length > 0) await tx.insert(coaches).values(request.payload.coaches.map((c) => ({ providerId, ...c, active: true })));
      // Only the number of coaches is public; their names stay in the report and the coaches table.
      await event('coaches.updated', `Aantal gekwalificeerde begeleiders: ${request.payload.coaches.length} (was ${before}).`, { coachCount: request.payload.coaches.length });
      break;
    }
    case 'subcontractors': {
      const ids = await checkSubcontractors(tx, providerId, request.payload.enterpriseNumbers, today);
      await tx.delete(subcontracting).where(eq(subcontracting.providerId, providerId));
      if (ids.length > 0) await tx.insert(subcontracting).values(ids.map((subcontractorId) => ({ providerId, subcontractorId, since: today })));
      await event(
        'subcontractors.updated',
        ids.length === 0 ? 'Geen onderaannemers meer.' : `Onderaannemers gewijzigd: ${request.payload.enterpriseNumbers.map(formatEnterpriseNumber).join(', ')}.`,
        { subcontractors: [...request.payload.enterpriseNumbers].sort() },
      );
      break;
    }
    case 'quality_registration': {
      await tx.update(providers).set({ qualityRegistration: request.payload.reference, updatedAt: now.toISOString() }).where(eq(providers.id, providerId));
      // The reference itself is not on the public register: the log says only that it changed.
      await event('provider.quality_registration', 'Kwaliteitsregistratie bijgewerkt.', null);
      break;
    }
    case 'yearly_activity': {
      await tx
        .insert(activityFigures)
        .values({ providerId, ...request.payload, reportedAt: now.toISOString() })
        .onConflictDoUpdate({
          target: [activityFigures.providerId, activityFigures.year],
          set: { employeesCoached: request.payload.employeesCoached, reportedAt: now.toISOString() },
        });
      // The figure may keep a recognition from lapsing (or confirm a lapse): judge it at once.
      await evaluateRecognitions(tx, today, now, providerId, { actor: as, recordedBy: actor.name, source: reference });
      break;
    }
    case 'other':
      break;
  }
}

/**
 * Refusal of a decision made on differences that are no longer true: the provider's data changed
 * after the administrator saw them (see {@link ReviewOptions.providerVersion}).
 */
export class ProviderChangedMeanwhile extends RegisterError {
  constructor(reference: string) {
    super('conflict', `The provider's data changed after the differences of change report ${reference} were shown; look at them again before deciding.`);
  }
}

/** What deciding on a report takes. */
export interface ReviewOptions {
  reference: string;
  actor: Actor;
  reason?: string | null;
  now: Date;
  /**
   * The provider's version (db/queries/report-review.ts) the differences shown to the
   * administrator were computed from: checked in the decision's transaction, so a change that
   * lands between the confirmation and the decision is never accepted unseen.
   */
  providerVersion?: number;
}

/** Accepts a report waiting for review and applies it, in one transaction. */
export function acceptChangeReport(db: RegisterDb, options: ReviewOptions & { reason?: string | null }): Promise<ChangeReportView> {
  return review(db, options, 'accepted');
}

/** Rejects a report waiting for review, with the reason the provider will read. */
export function rejectChangeReport(db: RegisterDb, options: ReviewOptions & { reason: string }): Promise<ChangeReportView> {
  return review(db, options, 'rejected');
}

function review(db: RegisterDb, options: ReviewOptions, outcome: 'accepted' | 'rejected'): Promise<ChangeReportView> {
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.select().from(changeReports).where(eq(changeReports.reference, options.reference));
    if (!row) throw new RegisterError('not-found', `There is no change report ${options.reference}.`);
    if (row.status !== 'pending_review') {
      throw new RegisterError('conflict', `Change report ${row.reference} is not waiting for review (its status is ${row.status}).`);
    }
    if (options.providerVersion !== undefined && (await providerVersion(tx, row.providerId)) !== options.providerVersion) {
      throw new ProviderChangedMeanwhile(row.reference);
    }
    if (outcome === 'accepted') {
      await applyChange(tx, row.providerId, { kind: row.kind, payload: row.payload } as ChangeReportRequest, options.actor, options.now, PUBLIC_ACTORS.department, row.reference);
    }
    const [updated] = await tx
      .update(changeReports)
      .set({ status: outcome, reviewedAt: options.now.toISOString(), reviewedBy: options.actor.name, reviewReason: options.reason ?? null })
      .where(eq(changeReports.id, row.id))
      .returning();
    await enqueueMail(tx, changeReportOutcome(updated), options.now);
    return viewOf(updated);
  });
}

/**
 * Withdraws a report of the provider's own while it waits for review. Recorded as a decision is:
 * the status, when and by whom (the person or token that withdrew it), and a mail to the
 * provider's procedure contact. Another organisation's report is "not found" (references reveal
 * nothing); a report that no longer waits (decided, applied at once or already withdrawn) cannot
 * be withdrawn. In one write transaction, so a withdrawal and a review of the same report never
 * both succeed.
 */
export function withdrawChangeReport(db: RegisterDb, options: { reference: string; providerId: number; actor: Actor; now: Date }): Promise<ChangeReportView> {
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.select().from(changeReports).where(eq(changeReports.reference, options.reference));
    if (!row || row.providerId !== options.providerId) throw new RegisterError('not-found', `There is no change report ${options.reference} for your organisation.`);
    if (row.status !== 'pending_review') {
      throw new RegisterError('conflict', `Change report ${row.reference} cannot be withdrawn: only a report waiting for review can be, and its status is ${row.status}.`);
    }
    const [updated] = await tx
      .update(changeReports)
      .set({ status: 'withdrawn', reviewedAt: options.now.toISOString(), reviewedBy: options.actor.name, reviewReason: null })
      .where(eq(changeReports.id, row.id))
      .returning();
    await enqueueMail(tx, changeReportOutcome(updated), options.now);
    return viewOf(updated);
  });
}

/** A provider's own reports, newest first. */
export async function listProviderReports(db: RegisterDb, providerId: number, limit = 100, offset = 0): Promise<ChangeReportView[]> {
  const rows = await db.select().from(changeReports).where(eq(changeReports.providerId, providerId)).orderBy(desc(changeReports.id)).limit(limit).offset(offset);
  return rows.map(viewOf);
}

/** One report; for a provider only its own (another's is "not found", so references reveal nothing). */
export async function getChangeReport(db: RegisterDb, reference: string, providerId: number | null): Promise<ChangeReportView & { providerId: number }> {
  const [row] = await db.select().from(changeReports).where(eq(changeReports.reference, reference));
  if (!row || (providerId !== null && row.providerId !== providerId)) throw new RegisterError('not-found', `There is no change report ${reference} for your organisation.`);
  return { ...viewOf(row), providerId: row.providerId };
}

/** A report waiting for review, with the provider and what the register holds now (for a before/after view). */
export interface ReviewItem extends ChangeReportView {
  provider: { enterpriseNumber: string; name: string };
  kindLabel: string;
  current: unknown;
  /** The provider's version when `current` was read ({@link ReviewOptions.providerVersion}): a decision that names it is refused once the provider changed. */
  providerVersion: number;
}

/** Reports waiting for review, oldest first, with the current values they would change. */
export async function listReportsForReview(db: RegisterDb, limit = 100, offset = 0): Promise<ReviewItem[]> {
  const rows = await db
    .select({ report: changeReports, enterpriseNumber: providers.enterpriseNumber, name: providers.name })
    .from(changeReports)
    .innerJoin(providers, eq(providers.id, changeReports.providerId))
    .where(eq(changeReports.status, 'pending_review'))
    .orderBy(changeReports.id)
    .limit(limit)
    .offset(offset);
  const items: ReviewItem[] = [];
  for (const { report, enterpriseNumber, name } of rows) {
    // The version first: a change in between makes it older than the values, so a decision on them is refused rather than let through.
    const version = await providerVersion(db, report.providerId);
    items.push({ ...viewOf(report), provider: { enterpriseNumber, name }, kindLabel: CHANGE_REPORT_KIND_LABELS[report.kind], current: await currentValues(db, report), providerVersion: version });
  }
  return items;
}

async function currentValues(db: RegisterDb, report: ReportRow): Promise<unknown> {
  const id = report.providerId;
  switch (report.kind) {
    case 'working_area':
      return { municipalities: (await db.select({ n: workingAreas.nisCode }).from(workingAreas).where(eq(workingAreas.providerId, id))).map((r) => r.n).sort() };
    case 'capacity':
    case 'free_places': {
      const [c] = await db.select().from(capacities).where(eq(capacities.providerId, id));
      return c ? { totalPlaces: c.totalPlaces, freePlaces: c.freePlaces } : null;
    }
    case 'coaches':
      return { coaches: await db.select({ fullName: coaches.fullName, qualification: coaches.qualification }).from(coaches).where(eq(coaches.providerId, id)) };
    case 'subcontractors':
      return {
        enterpriseNumbers: (
          await db.select({ n: providers.enterpriseNumber }).from(subcontracting).innerJoin(providers, eq(providers.id, subcontracting.subcontractorId)).where(eq(subcontracting.providerId, id))
        ).map((r) => r.n),
      };
    case 'contact_details': {
      const [p] = await db.select().from(providers).where(eq(providers.id, id));
      return { street: p.street, postcode: p.postcode, email: p.email, phone: p.phone, website: p.website };
    }
    case 'quality_registration': {
      const [p] = await db.select({ reference: providers.qualityRegistration }).from(providers).where(eq(providers.id, id));
      return p;
    }
    case 'yearly_activity': {
      const year = (report.payload as { year: number }).year;
      const [a] = await db.select().from(activityFigures).where(and(eq(activityFigures.providerId, id), eq(activityFigures.year, year)));
      return a ? { year, employeesCoached: a.employeesCoached } : null;
    }
    default:
      return null;
  }
}
