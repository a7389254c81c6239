/** The `register` command-line tool: parses the command line and runs one command. */
import { parseArgs } from 'node:util';
import { ConfigError } from '#config/env.ts';
import { USAGE, UsageError } from './usage.ts';
// Commands are loaded when they run: help and usage errors answer at once, without loading
// the database driver or the site builder.

const COMMANDS = ['start', 'cluster', 'migrate', 'seed', 'evaluate', 'publish', 'build', 'rollback', 'token', 'verify', 'help'] as const;
type Command = (typeof COMMANDS)[number];

/** Runs the tool with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return command ? 0 : 2;
    }
    if (!COMMANDS.includes(command as Command)) throw new UsageError(`unknown command '${command}'`);
    const optionsOf = {
      seed: { providers: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, replace: { type: 'boolean' } },
      evaluate: { at: { type: 'string' } },
      publish: { full: { type: 'boolean' } },
      build: { full: { type: 'boolean' } },
      verify: { 'known-head': { type: 'string' } },
      token: { provider: { type: 'string' }, admin: { type: 'boolean' }, name: { type: 'string' }, expires: { type: 'string' } },
    } as const;
    let values: Record<string, unknown>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: rest,
        options: optionsOf[command as keyof typeof optionsOf] ?? {},
        strict: true,
        allowPositionals: command === 'token' || command === 'rollback' || command === 'verify' || command === 'cluster',
      }));
    } catch (error) {
      throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
    }

    const seedOptions = command === 'seed' ? (await import('./commands/seed.ts')).parseSeedOptions(values as never, 120) : undefined;
    const evaluateOptions = command === 'evaluate' ? (await import('./commands/evaluate.ts')).parseEvaluateOptions(values as never) : undefined;
    const tokenOptions = command === 'token' ? (await import('./commands/token.ts')).parseTokenCommand(positionals, values as never) : undefined;
    if (command === 'rollback' && positionals.length !== 1) throw new UsageError('rollback takes the id of a kept publication (see data/publications/)');
    if (command === 'verify') {
      // Works from the published files alone: no settings, no database.
      const verify = await import('./commands/verify.ts');
      return await verify.verifyCommand(verify.parseVerifyArguments(positionals, values as never));
    }
    if (command === 'cluster') {
      // The processes it starts open the database; the command only hands out connections.
      const clusterCommand = await import('./commands/cluster.ts');
      return await clusterCommand.clusterCommand(clusterCommand.parseClusterCount(positionals));
    }
    const { openContext } = await import('./context.ts');
    // Commands that write publications or mail files check their folder before anything else.
    const context = await openContext({
      dataDir: command === 'start' || command === 'publish' || command === 'build' || command === 'rollback',
      // An empty register gets sample data in the same turn as the migrations (see openContext).
      prepare: command === 'start' ? (await import('./commands/start.ts')).seedWhenEmpty : undefined,
    });
    switch (command as Command) {
      case 'migrate':
        process.stderr.write('The database is at the current schema, with the reference data loaded.\n');
        context.database.close();
        return 0;
      case 'seed':
        await (await import('./commands/seed.ts')).seedCommand(context, seedOptions!);
        context.database.close();
        return 0;
      case 'token': {
        const code = await (await import('./commands/token.ts')).tokenCommand(context, tokenOptions!);
        context.database.close();
        return code;
      }
      case 'evaluate':
        await (await import('./commands/evaluate.ts')).evaluateCommand(context, evaluateOptions!);
        context.database.close();
        return 0;
      case 'publish':
      case 'build':
        await (await import('./commands/build.ts')).buildCommand(context, 'command line', { full: values.full === true });
        context.database.close();
        await (await import('#publish/build-publication.ts')).closePublisher();
        return 0;
      case 'rollback': {
        await (await import('#publish/rollback.ts')).rollBack({ db: context.database.db, dataDir: context.env.DATA_DIR, id: positionals[0], by: 'command line' });
        process.stderr.write(`The site online is now publication ${positionals[0]}.\n`);
        context.database.close();
        return 0;
      }
      case 'start':
        await (await import('./commands/start.ts')).startCommand(context);
        await (await import('#publish/build-publication.ts')).closePublisher();
        return -1; // keeps running
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`register: ${error.message}\nRun 'register help' for the commands and their options.\n`);
      return 2;
    }
    if (error instanceof ConfigError || (error instanceof Error && error.name === 'RegisterNotEmptyError')) {
      process.stderr.write(`register: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`register: ${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
