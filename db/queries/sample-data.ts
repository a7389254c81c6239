/** Whether the register holds generated sample data (every page then says so). */
import { eq } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { registerMeta } from '#db/schema/index.ts';

/** True when `register seed` filled the register with sample providers. */
export async function isSampleRegister(db: RegisterDb): Promise<boolean> {
  const [row] = await db.select().from(registerMeta).where(eq(registerMeta.key, 'dataset'));
  return row?.value === 'sample';
}
