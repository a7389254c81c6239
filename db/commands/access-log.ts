/** Recording an entry in the access log (reading it: db/queries/access-log.ts). */
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { accessLog, type AccessEvent } from '#db/schema/index.ts';

/** One entry to record. */
export interface AccessEntry {
  event: AccessEvent;
  subject?: string | null;
  personName?: string | null;
  organisationCode?: string | null;
  role?: string | null;
  clientAddress?: string | null;
  detail?: string | null;
}

/** Records one entry at `at` (the real clock). */
export async function recordAccess(db: RegisterDb, entry: AccessEntry, at: Date = new Date()): Promise<void> {
  await writeTransaction(db, (tx) =>
    tx.insert(accessLog).values({
      at: at.toISOString(),
      event: entry.event,
      subject: entry.subject ?? null,
      personName: entry.personName?.slice(0, 200) ?? null,
      organisationCode: entry.organisationCode?.slice(0, 100) ?? null,
      role: entry.role ?? null,
      clientAddress: entry.clientAddress?.slice(0, 100) ?? null,
      detail: entry.detail?.slice(0, 500) ?? null,
    }),
  );
}
