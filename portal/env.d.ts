/// <reference types="astro/client" />
/** The portal's pages get the register's database, clock and session from the server (server/portal-locals.ts). */
import type { PortalLocals } from '#server/portal-locals.ts';

declare global {
  namespace App {
    interface Locals extends PortalLocals {}
  }
}
export {};
