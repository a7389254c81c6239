/**
 * Brings the phone numbers stored before numbers were checked ("09 626 88 77", "+32 9 …") into
 * E.164, the one form the register stores (domain/phone-number.ts). Runs at every start (after the
 * migrations, under the setup lease) and does nothing once every number is in that form, so it is
 * safe to run again. A provider's number is public: its change is written to the public change
 * log like any other change to public data, so the log's replay still gives the register's record,
 * and the register is marked for publication. Numbers of contact persons, applications and
 * pending reports are private and change without a log entry. A stored number that cannot be read
 * as a phone number is left as it is and counted, for a person to look at.
 */
import { and, eq, isNotNull } from 'drizzle-orm';
import { PUBLIC_ACTORS } from '#domain/change-log.ts';
import { normalisedPhoneNumber } from '#domain/phone-number.ts';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { markPublicationNeeded } from './publication-state.ts';
import { applications, changeReports, contactPersons, providers } from '#db/schema/index.ts';
import { appendChangeEvents } from './change-log.ts';

/** What the normalisation did. */
export interface PhoneNormalisation {
  /** Numbers rewritten in E.164 (public and private). */
  changed: number;
  /** Stored values that are no phone number, left as they were (table and row). */
  unreadable: string[];
}

/** Who the change log names as having made the change privately (the public role is the department's). */
const RECORDED_BY = 'register: telefoonnummers in E.164';

/** Rewrites every stored phone number that is not yet in E.164; see the module's comment. */
export async function normaliseStoredPhoneNumbers(db: RegisterDb, now: Date): Promise<PhoneNormalisation> {
  // Most starts find nothing to do: a read first, so they take no write lock and cost no fsync.
  if (!(await anyToNormalise(db))) return { changed: 0, unreadable: [] };
  return writeTransaction(db, async (tx) => {
    const result: PhoneNormalisation = { changed: 0, unreadable: [] };
    /** The E.164 form when it differs from what is stored; null when nothing is to change. */
    const next = (stored: string | null | undefined, where: string): string | null => {
      if (!stored) return null;
      const e164 = normalisedPhoneNumber(stored);
      if (e164 === null) result.unreadable.push(where);
      return e164 !== null && e164 !== stored ? e164 : null;
    };

    const publicRows = await tx.select({ id: providers.id, phone: providers.phone }).from(providers).where(isNotNull(providers.phone));
    const events = [];
    for (const row of publicRows) {
      const phone = next(row.phone, `providers ${row.id}`);
      if (phone === null) continue;
      await tx.update(providers).set({ phone, updatedAt: now.toISOString() }).where(eq(providers.id, row.id));
      events.push({ occurredAt: now.toISOString(), providerId: row.id, kind: 'provider.contact_details', summary: 'Telefoonnummer in de standaardvorm gezet.', actor: PUBLIC_ACTORS.department, recordedBy: RECORDED_BY, after: { phone } });
      result.changed++;
    }
    if (events.length > 0) {
      await appendChangeEvents(tx, events);
      await markPublicationNeeded(tx, now);
    }

    for (const row of await tx.select({ id: contactPersons.id, phone: contactPersons.phone }).from(contactPersons).where(isNotNull(contactPersons.phone))) {
      const phone = next(row.phone, `contact_persons ${row.id}`);
      if (phone === null) continue;
      await tx.update(contactPersons).set({ phone }).where(eq(contactPersons.id, row.id));
      result.changed++;
    }

    for (const row of await tx.select({ id: applications.id, organisation: applications.organisation }).from(applications)) {
      const organisation = row.organisation;
      const phone = next(organisation.phone, `applications ${row.id} organisation.phone`);
      const personal = next(organisation.contactPerson?.phone, `applications ${row.id} organisation.contactPerson.phone`);
      if (phone === null && personal === null) continue;
      const updated = {
        ...organisation,
        ...(phone !== null ? { phone } : {}),
        ...(personal !== null ? { contactPerson: { ...organisation.contactPerson, phone: personal } } : {}),
      };
      await tx.update(applications).set({ organisation: updated }).where(eq(applications.id, row.id));
      result.changed += (phone !== null ? 1 : 0) + (personal !== null ? 1 : 0);
    }

    // A contact-details report waiting for review applies its number when accepted: it must be in E.164 too.
    for (const row of await tx.select({ id: changeReports.id, payload: changeReports.payload }).from(changeReports).where(and(eq(changeReports.status, 'pending_review'), eq(changeReports.kind, 'contact_details')))) {
      const payload = row.payload as { phone?: unknown };
      if (typeof payload?.phone !== 'string') continue;
      const phone = next(payload.phone, `change_reports ${row.id}`);
      if (phone === null) continue;
      await tx.update(changeReports).set({ payload: { ...payload, phone } }).where(eq(changeReports.id, row.id));
      result.changed++;
    }
    return result;
  });
}

/** True when some stored number differs from its E.164 form (or is no number: then it is named). */
async function anyToNormalise(db: RegisterDb): Promise<boolean> {
  const differs = (stored: string | null | undefined) => !!stored && normalisedPhoneNumber(stored) !== stored;
  const publicRows = await db.select({ phone: providers.phone }).from(providers).where(isNotNull(providers.phone));
  if (publicRows.some((row) => differs(row.phone))) return true;
  const people = await db.select({ phone: contactPersons.phone }).from(contactPersons).where(isNotNull(contactPersons.phone));
  if (people.some((row) => differs(row.phone))) return true;
  const filed = await db.select({ organisation: applications.organisation }).from(applications);
  if (filed.some((row) => differs(row.organisation.phone) || differs(row.organisation.contactPerson?.phone))) return true;
  const waiting = await db
    .select({ payload: changeReports.payload })
    .from(changeReports)
    .where(and(eq(changeReports.status, 'pending_review'), eq(changeReports.kind, 'contact_details')));
  return waiting.some((row) => {
    const phone = (row.payload as { phone?: unknown })?.phone;
    return typeof phone === 'string' && differs(phone);
  });
}

