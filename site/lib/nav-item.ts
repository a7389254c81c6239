/** One entry of a main navigation (the public site's and the portal's). */
export interface NavItem {
  key: string;
  href: string;
  label: string;
}
