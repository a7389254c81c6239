/** The department's contact this publication shows (from the settings, carried in the snapshot). */
import type { DepartmentContact } from '#domain/department-contact.ts';
import { register } from './register.ts';

function contactOfSnapshot(): DepartmentContact {
  if (!register.contact) throw new Error("The register snapshot has no department contact: build the site with `npm run register -- build`, which adds it from the settings.");
  return register.contact;
}

/** How people reach the department. */
export const departmentContact = contactOfSnapshot();
