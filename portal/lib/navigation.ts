/** The main navigation of the portal, per role. */
import type { NavItem } from '../../site/lib/nav-item.ts';

/** What a provider's organisation officer finds in the menu. */
export const PROVIDER_NAV: NavItem[] = [
  { key: 'overzicht', href: '/portaal/', label: 'Overzicht' },
  { key: 'melden', href: '/portaal/melden/', label: 'Wijziging melden' },
  { key: 'meldingen', href: '/portaal/meldingen/', label: 'Mijn meldingen' },
  { key: 'heroverweging', href: '/portaal/heroverweging/', label: 'Heroverweging' },
];

/** What an administrator of the department finds in the menu. */
export const ADMIN_NAV: NavItem[] = [
  { key: 'termijnen', href: '/beheer/', label: 'Termijnen' },
  { key: 'meldingen', href: '/beheer/meldingen/', label: 'Meldingen' },
  { key: 'aanvragen', href: '/beheer/aanvragen/', label: 'Aanvragen' },
  { key: 'publicaties', href: '/beheer/publicaties/', label: 'Publicaties' },
];

/** Before signing in. */
export const PUBLIC_NAV: NavItem[] = [
  { key: 'zoeken', href: '/', label: 'Register' },
  { key: 'aanmelden', href: '/aanmelden', label: 'Aanmelden' },
];
