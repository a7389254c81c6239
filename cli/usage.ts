/** The command-line tool's usage text and its usage error (exit code 2). */

/** A mistake in how the command was called; the tool prints it with a hint and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What `register help` prints. */
export const USAGE = `Usage: register <command> [options]

The register of recognised external service providers for workplace coaching.

Commands:
  start                    Prepare the database (migrate, sample data when empty), evaluate the
                           statuses, publish the site when needed, then serve the site and the
                           API on HOST:PORT and send the mail outbox; statuses are evaluated
                           again every day.
  cluster [N]              Start N 'register start' processes (default 3) on one database and
                           one DATA_DIR, served together on HOST:PORT, each connection handed to
                           the next process in turn (a development aid: in production, a load
                           balancer). kill -HUP restarts them one by one; Ctrl+C stops them.
  migrate                  Bring the database to the current schema and load the reference
                           data (provinces, municipalities, postcodes).
  seed [options]           Fill an empty register with generated sample providers.
      --providers N          how many providers, 1 to 100000 (default 120)
      --seed S               the seed: the same seed gives the same data (default 1)
      --as-of YYYY-MM-DD     the day the sample is made for (default: today)
      --replace              start a new database file first (the change log is
                             append-only: it is never emptied)
  evaluate [--at DATE]     Recompute every recognition's status as of DATE (YYYY-MM-DD, default
                           today), log each status that changed, and report what changed;
                           enqueue that day's warnings to providers and the administrators'
                           digest of deadlines (each once). A DATE before the last day
                           evaluated is a dry run: it says what would change and writes nothing.
  publish [--full]         Build the public site from the database, index and check it, and switch
                           it in at once (a failed build leaves the site online as it was). Only
                           pages whose data changed since the publication online are rendered and
                           indexed again; --full builds everything anew. 'build' does the same.
  rollback ID              Switch the site online back to an earlier publication (the last 5 are
                           kept under DATA_DIR/publications/).
  token create --provider ENTERPRISE_NUMBER [--name NAME] [--expires DATE]
  token create --admin --name NAME [--expires DATE]
                           Create an API token and print it once (only its hash is stored).
  token list               Show every token (never the secret).
  token revoke ID          Revoke a token at once.
  verify SITE [--known-head N:HASH]
                           Check a publication from its public files (a site folder or the site's
                           address): recompute the change log's hash chain, check the head the
                           register states, replay the log and compare it with every record.
                           With --known-head, also check that entry N still has the HASH an
                           earlier publication stated. Prints one line; exit code 0 when intact,
                           1 naming the first entry or record that does not match.
  help                     Show this text.

Settings are read from the environment: PORT (4321), HOST (127.0.0.1),
DATABASE_URL (file:data/register.db), DATA_DIR (data), REGISTER_NOW (unset), SAMPLE_PROVIDERS (120),
SMTP_URL (unset: mails become .eml files in DATA_DIR/outbox), MAIL_FROM, ADMIN_EMAILS,
SITE_URL (http://localhost:PORT, the public address used in feeds, the sitemap and open data).`;
