/** Making and revoking API tokens (verifying and listing them: db/queries/tokens.ts). Only a token's hash is stored. */
import { and, eq, isNull } from 'drizzle-orm';
import type { RegisterDb } from '#db/client.ts';
import { apiTokens } from '#db/schema/index.ts';
import { moveTokensGeneration } from '#db/generation.ts';
import { writeTransaction } from '#db/write-lock.ts';
import { hashToken, TOKEN_PREFIX } from '#db/queries/tokens.ts';

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return TOKEN_PREFIX + btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Creates a token and returns it with its secret: the only time the secret exists outside the caller. */
export async function createToken(
  db: RegisterDb,
  options: { role: 'provider' | 'admin'; providerId?: number | null; name: string; expiresAt?: string | null; createdBy?: string | null; now: Date },
): Promise<{ id: number; token: string }> {
  const token = newSecret();
  const tokenHash = await hashToken(token);
  const [row] = await writeTransaction(db, (tx) =>
    tx
      .insert(apiTokens)
      .values({
        role: options.role,
        providerId: options.role === 'provider' ? options.providerId! : null,
        name: options.name,
        tokenHash,
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        createdAt: options.now.toISOString(),
        expiresAt: options.expiresAt ?? null,
        createdBy: options.createdBy ?? null,
      })
      .returning({ id: apiTokens.id }),
  );
  return { id: row.id, token };
}

/**
 * Revokes a token (in every register process at once: see verifyToken in db/queries/tokens.ts); false when there
 * is no such token, it was revoked already, or (with `providerId`) it is not that organisation's.
 */
export async function revokeToken(db: RegisterDb, id: number, now: Date, options: { providerId?: number } = {}): Promise<boolean> {
  return writeTransaction(db, async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: now.toISOString() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt), options.providerId === undefined ? undefined : eq(apiTokens.providerId, options.providerId)))
      .returning({ id: apiTokens.id });
    if (rows.length > 0) await moveTokensGeneration(tx);
    return rows.length > 0;
  });
}
