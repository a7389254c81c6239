/// <reference types="astro/client" />
/** The portal's pages get the register's database, clock and session from the server (api/portal-locals.ts). */
import type { PortalLocals } from '../api/portal-locals.ts';

declare global {
  namespace App {
    interface Locals extends PortalLocals {}
  }
}
export {};
