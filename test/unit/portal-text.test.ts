/** The pages read typed text through the same text schema as the API, and say in Dutch what is wrong. */
import { describe, expect, it } from 'vitest';
import { readReportForm } from '#portal/lib/report-forms.ts';
import { readStepForm } from '#portal/lib/step-form.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const entry = { contact: { street: 'Kerkstraat 1', postcode: '9000', email: null, phone: null, website: null }, workingArea: [], capacity: null, coaches: [], subcontractors: [], qualityRegistration: null } as never;
const ctx = { places: [], areas: [], today: '2026-11-28', recognised: [] } as never;

describe('text typed into a page', () => {
  it('refuses a pasted control character next to its field, in Dutch', () => {
    const read = readReportForm('other', form({ tekst: 'Wij verhuizen\u0007 in januari.' }), entry, ctx);
    expect(read.request).toBeNull();
    expect(read.errors).toEqual([{ field: 'tekst', message: expect.stringMatching(/onzichtbaar stuurteken/) }]);
  });

  it('refuses a line break in a one-line field, and keeps it in a text of several lines', () => {
    const street = readReportForm('contact_details', form({ straat: 'Nieuwstraat\r\n2', postcode: '9000' }), entry, ctx);
    expect(street.errors).toEqual([{ field: 'straat', message: 'Dit veld is één regel: laat de regeleinden weg.' }]);
    const other = readReportForm('other', form({ tekst: 'Eerste regel\r\nTweede regel' }), entry, ctx);
    expect(other.request).toEqual({ kind: 'other', payload: { text: 'Eerste regel\nTweede regel' } });
  });

  it('refuses a noncharacter in a step note', () => {
    const read = readStepForm(form({ datum: '2026-11-28', notitie: 'ok\uffff' }), 'declare_admissible');
    expect(read.errors).toEqual([{ field: 'notitie-declare_admissible', message: expect.stringMatching(/geen geldig teken/) }]);
  });
});
