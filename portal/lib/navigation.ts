/** The main navigation of the portal, per role. */
import type { NavItem } from '#site/lib/nav-item.ts';

/** What an organisation officer of a provider in the register finds in the menu. */
export const PROVIDER_NAV: NavItem[] = [
  { key: 'overzicht', href: '/portaal/', label: 'Overzicht' },
  { key: 'melden', href: '/portaal/melden/', label: 'Wijziging melden' },
  { key: 'meldingen', href: '/portaal/meldingen/', label: 'Mijn meldingen' },
  { key: 'aanvragen', href: '/portaal/aanvragen/', label: 'Aanvragen' },
  { key: 'heroverweging', href: '/portaal/heroverweging/', label: 'Heroverweging' },
  { key: 'tokens', href: '/portaal/tokens/', label: 'API-tokens' },
];

/** What an organisation officer of an organisation not (yet) in the register finds: applying and following it. */
export const APPLICANT_NAV: NavItem[] = [
  { key: 'overzicht', href: '/portaal/', label: 'Overzicht' },
  { key: 'aanvragen', href: '/portaal/aanvragen/', label: 'Aanvragen' },
  { key: 'heroverweging', href: '/portaal/heroverweging/', label: 'Heroverweging' },
];

/** The menu of an organisation officer, by whether the organisation is in the register. */
export function providerNav(inRegister: boolean): NavItem[] {
  return inRegister ? PROVIDER_NAV : APPLICANT_NAV;
}

/** What an administrator of the department finds in the menu. */
export const ADMIN_NAV: NavItem[] = [
  { key: 'termijnen', href: '/beheer/', label: 'Termijnen' },
  { key: 'meldingen', href: '/beheer/meldingen/', label: 'Meldingen' },
  { key: 'aanvragen', href: '/beheer/aanvragen/', label: 'Aanvragen' },
  { key: 'publicaties', href: '/beheer/publicaties/', label: 'Publicaties' },
  { key: 'tokens', href: '/beheer/tokens/', label: 'API-tokens' },
  { key: 'toegang', href: '/beheer/toegang/', label: 'Toegang' },
];

/** Before signing in. */
export const PUBLIC_NAV: NavItem[] = [
  { key: 'zoeken', href: '/', label: 'Register' },
  { key: 'aanmelden', href: '/aanmelden', label: 'Aanmelden' },
];
