/** `register token create|list|revoke`: bearer tokens for the API, shown once, stored as a hash. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { listTokens } from '#db/queries/tokens.ts';
import { createToken, revokeToken } from '#db/commands/tokens.ts';
import { providers } from '#db/schema/index.ts';
import { formatEnterpriseNumber, parseEnterpriseNumber } from '#domain/enterprise-number.ts';
import { singleLineText } from '#domain/text.ts';
import type { CommandContext } from '#cli/context.ts';
import { UsageError } from '#cli/usage.ts';

/** A parsed `token` command line. */
export type TokenCommand =
  | { action: 'create'; role: 'provider'; enterpriseNumber: string; name: string | null; expiresAt: string | null }
  | { action: 'create'; role: 'admin'; name: string; expiresAt: string | null }
  | { action: 'list' }
  | { action: 'revoke'; id: number };

const TokenName = singleLineText({ max: 200 });

/** Checks the `token` command line, or throws a {@link UsageError}. */
export function parseTokenCommand(positionals: string[], values: { provider?: string; admin?: boolean; name?: string; expires?: string }): TokenCommand {
  const [action, ...rest] = positionals;
  const expiresAt = (() => {
    if (values.expires === undefined) return null;
    const parsed = z.iso.date().or(z.iso.datetime({ offset: true })).safeParse(values.expires);
    if (!parsed.success) throw new UsageError('--expires takes a date (YYYY-MM-DD) or an ISO 8601 instant');
    return new Date(parsed.data.length === 10 ? `${parsed.data}T00:00:00+01:00` : parsed.data).toISOString();
  })();
  // The name is recorded as the actor of what the token does: text like any other.
  const name = (() => {
    if (values.name === undefined || values.name.trim() === '') return null;
    const parsed = TokenName.safeParse(values.name);
    if (!parsed.success) throw new UsageError(`--name ${parsed.error.issues[0].message}`);
    return parsed.data;
  })();
  switch (action) {
    case 'create': {
      if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
      if (values.admin && values.provider) throw new UsageError('choose --provider <enterprise number> or --admin, not both');
      if (values.admin) {
        if (!name) throw new UsageError('an administrator token needs --name <name> (recorded as the actor of what it does)');
        return { action, role: 'admin', name, expiresAt };
      }
      if (!values.provider) throw new UsageError('say whose token: --provider <enterprise number> or --admin --name <name>');
      const parsed = parseEnterpriseNumber(values.provider);
      if (!parsed.ok) throw new UsageError(`--provider: ${parsed.message}`);
      return { action, role: 'provider', enterpriseNumber: parsed.value, name, expiresAt };
    }
    case 'list':
      if (rest.length) throw new UsageError(`unexpected argument '${rest[0]}'`);
      return { action };
    case 'revoke': {
      const id = Number(rest[0]);
      if (rest.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError('token revoke takes the id of the token (see token list)');
      return { action, id };
    }
    default:
      throw new UsageError(action ? `unknown token action '${action}' (create, list or revoke)` : 'token needs an action: create, list or revoke');
  }
}

/** Runs a `token` command. */
export async function tokenCommand(context: CommandContext, command: TokenCommand): Promise<number> {
  const { db } = context.database;
  const now = context.clock.now();
  if (command.action === 'create') {
    let providerId: number | null = null;
    let name = command.name;
    if (command.role === 'provider') {
      const [provider] = await db.select().from(providers).where(eq(providers.enterpriseNumber, command.enterpriseNumber));
      if (!provider) {
        process.stderr.write(`register: no provider with enterprise number ${formatEnterpriseNumber(command.enterpriseNumber)} is in the register.\n`);
        return 1;
      }
      providerId = provider.id;
      name ??= `organisatieverantwoordelijke van ${provider.name}`;
    }
    const { id, token } = await createToken(db, { role: command.role, providerId, name: name!, expiresAt: command.expiresAt, now });
    process.stderr.write(`Token ${id} created for ${name}${command.expiresAt ? `, valid until ${command.expiresAt}` : ''}. It is shown once; only its hash is stored:\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  }
  if (command.action === 'revoke') {
    if (!(await revokeToken(db, command.id, now))) {
      process.stderr.write(`register: there is no active token ${command.id}.\n`);
      return 1;
    }
    process.stderr.write(`Token ${command.id} revoked.\n`);
    return 0;
  }
  const tokens = await listTokens(db);
  if (tokens.length === 0) process.stdout.write('No tokens yet.\n');
  for (const t of tokens) {
    const state = t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt && t.expiresAt <= now.toISOString() ? `expired ${t.expiresAt}` : t.expiresAt ? `valid until ${t.expiresAt}` : 'valid';
    process.stdout.write(`${String(t.id).padStart(4)}  ${t.role.padEnd(8)} ${t.prefix}…  ${t.name}${t.enterpriseNumber ? ` (${formatEnterpriseNumber(t.enterpriseNumber)})` : ''}  created ${t.createdAt}  ${state}\n`);
  }
  return 0;
}
