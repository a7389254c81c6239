/** Records a rollback of the site online (publish/rollback.ts switches, then records it here). */
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { publicationRollbacks } from '#db/schema/index.ts';

/** What a rollback records. */
export type NewRollback = Omit<typeof publicationRollbacks.$inferInsert, 'id'>;

/** Records that the site online was switched back to an earlier publication. */
export async function recordRollback(db: RegisterDb, rollback: NewRollback): Promise<void> {
  await writeTransaction(db, (tx) => tx.insert(publicationRollbacks).values(rollback));
}
