/**
 * Applications an organisation is still writing online: what was typed in each of the five parts,
 * kept until it is sent (createApplication with `fromDraftOf` ends the draft). One draft per
 * organisation; every officer of the organisation works on the same one.
 */
import { eq } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { applicationDrafts } from '#db/schema/index.ts';

/** Form values by field name (several for checkboxes). */
export type DraftValues = Record<string, string | string[]>;

/** A draft as the pages use it. */
export interface ApplicationDraft {
  enterpriseNumber: string;
  values: DraftValues;
  /** The parts saved at least once. */
  savedParts: number[];
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** The organisation's draft, or null. */
export async function getDraft(db: RegisterDb, enterpriseNumber: string): Promise<ApplicationDraft | null> {
  const [row] = await db.select().from(applicationDrafts).where(eq(applicationDrafts.enterpriseNumber, enterpriseNumber));
  return row ? { enterpriseNumber: row.enterpriseNumber, values: row.values, savedParts: row.savedParts, createdAt: row.createdAt, updatedAt: row.updatedAt, updatedBy: row.updatedBy } : null;
}

/**
 * Saves one part: its fields replace what the draft held for them (a field left empty is
 * removed); the draft is made when there is none.
 */
export function saveDraftPart(db: RegisterDb, options: { enterpriseNumber: string; part: number; fields: readonly string[]; values: DraftValues; by: string; now: Date }): Promise<ApplicationDraft> {
  return writeTransaction(db, async (tx) => {
    const [row] = await tx.select().from(applicationDrafts).where(eq(applicationDrafts.enterpriseNumber, options.enterpriseNumber));
    const values: DraftValues = { ...(row?.values ?? {}) };
    for (const field of options.fields) {
      const value = options.values[field];
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete values[field];
      else values[field] = value;
    }
    const savedParts = [...new Set([...(row?.savedParts ?? []), options.part])].sort();
    const at = options.now.toISOString();
    if (row) await tx.update(applicationDrafts).set({ values, savedParts, updatedAt: at, updatedBy: options.by }).where(eq(applicationDrafts.id, row.id));
    else await tx.insert(applicationDrafts).values({ enterpriseNumber: options.enterpriseNumber, values, savedParts, createdAt: at, updatedAt: at, updatedBy: options.by });
    return { enterpriseNumber: options.enterpriseNumber, values, savedParts, createdAt: row?.createdAt ?? at, updatedAt: at, updatedBy: options.by };
  });
}

/** Throws a draft away; true when there was one. */
export async function deleteDraft(db: RegisterDb, enterpriseNumber: string): Promise<boolean> {
  const rows = await writeTransaction(db, (tx) => tx.delete(applicationDrafts).where(eq(applicationDrafts.enterpriseNumber, enterpriseNumber)).returning({ id: applicationDrafts.id }));
  return rows.length > 0;
}
