/**
 * The layers of the register and which way they may import (docs/architecture.md states the same
 * rules in words). `npm run check:layers` (part of `npm run check`, which CI runs) applies them
 * with bin/check-layers.mjs, Astro pages' frontmatter included; test/unit/layers.test.ts proves
 * that a wrong import makes it fail.
 *
 *   domain/   the rules and words of the register, pure          imports nothing of the project
 *   config/   settings, clock, folders                            domain/
 *   db/       schema, queries (reads), commands (writes)          domain/, config/
 *   mail/     templates, outbox list, sender                      db/, domain/, config/
 *   site/     the public static site, its routes and page sizes   db/, domain/, config/
 *   publish/  building and publishing the site, open data         site/, db/, domain/, config/
 *   api/      the runtime-neutral Hono app                        publish/, mail/, site/, db/, domain/, config/
 *   server/   the Node server and the portal's wiring             api/ and everything below
 *   portal/, cli/   on top                                        anything but each other, bench/ and test/
 *   bench/, test/   may import anything
 */

/** Every top folder of the project's own code, for "anything of the project but …". */
const LAYERS = ['domain', 'config', 'db', 'mail', 'site', 'publish', 'api', 'server', 'portal', 'cli', 'bench', 'test'];

/** A rule forbidding `layer/` to import any layer but `allowed` (and itself). */
function onlyDownward(layer, allowed) {
  const forbidden = LAYERS.filter((other) => other !== layer && !allowed.includes(other));
  return {
    name: `${layer}-imports-only-${allowed.length ? allowed.join('-') : 'itself'}`,
    comment: `${layer}/ may import ${allowed.length ? allowed.map((a) => `${a}/`).join(', ') : 'nothing of the project'} (see docs/architecture.md).`,
    severity: 'error',
    from: { path: `^${layer}/` },
    to: { path: `^(${forbidden.join('|')})/` },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module may not depend on itself through others: cut the circle by moving what both need down a layer.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    onlyDownward('domain', []),
    onlyDownward('config', ['domain']),
    onlyDownward('db', ['domain', 'config']),
    onlyDownward('mail', ['db', 'domain', 'config']),
    onlyDownward('site', ['db', 'domain', 'config']),
    onlyDownward('publish', ['site', 'db', 'domain', 'config']),
    onlyDownward('api', ['publish', 'mail', 'site', 'db', 'domain', 'config']),
    onlyDownward('server', ['api', 'publish', 'mail', 'site', 'db', 'domain', 'config']),
    onlyDownward('portal', ['server', 'api', 'publish', 'mail', 'site', 'db', 'domain', 'config']),
    onlyDownward('cli', ['server', 'api', 'publish', 'mail', 'site', 'db', 'domain', 'config']),
    {
      name: 'db-reads-in-queries',
      comment: 'db/queries/ only reads: a module there may not use the write queue (writes belong in db/commands/).',
      severity: 'error',
      from: { path: '^db/queries/' },
      // Reading inside a write transaction is fine: its type may be imported.
      to: { path: '^db/(commands/|write-lock\\.ts$|write-side\\.ts$)', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // Type-only imports count: a type is a contract, and a contract belongs to the layer that implements it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|\\.astro|\\.tools)/' },
    moduleSystems: ['es6'],
  },
};
