/**
 * How people reach the department that keeps the register: its name, postal address, e-mail and
 * phone. They come from the settings (config/env.ts: DEPARTMENT_NAME, DEPARTMENT_ADDRESS,
 * DEPARTMENT_EMAIL, DEPARTMENT_PHONE) and travel in a publication's snapshot to the public contact
 * page, and through the portal's `locals` to the portal's pages. The defaults are sample values:
 * while one is in use, the pages say so, as they say the sample providers are invented.
 */
import { z } from 'zod';

/** The sample values the settings default to (marked as samples wherever they are shown). */
export const SAMPLE_DEPARTMENT_CONTACT = {
  name: 'Departement Werk en Sociale Economie',
  address: 'Voorbeeldstraat 1, 1000 Brussel',
  email: 'contact@departement.example',
  phone: '+3225550100',
} as const;

/** The department's contact as pages show it. */
export const DepartmentContactSchema = z.strictObject({
  name: z.string(),
  /** The postal address, one line per part ("Koning Albert II-laan 35 bus 20", "1030 Brussel"). */
  addressLines: z.array(z.string()),
  email: z.string(),
  /** E.164. */
  phone: z.string(),
  /** True while the address, e-mail or phone is still its invented default: the pages then say these are samples. */
  isSample: z.boolean(),
});
/** The department's contact as pages show it. */
export type DepartmentContact = z.infer<typeof DepartmentContactSchema>;

/** The contact from the four settings (already checked; the phone in E.164). */
export function departmentContact(settings: { name: string; address: string; email: string; phone: string }): DepartmentContact {
  const sample = SAMPLE_DEPARTMENT_CONTACT;
  return {
    name: settings.name,
    addressLines: settings.address.split(',').map((part) => part.trim()).filter(Boolean),
    email: settings.email,
    phone: settings.phone,
    // The default name is the department's real name; the address, e-mail and phone are invented.
    isSample: settings.address === sample.address || settings.email === sample.email || settings.phone === sample.phone,
  };
}
