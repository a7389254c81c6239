/**
 * The mail side of the API: administrators follow the outbox (and send a mail again when they
 * decide to), and an address that cannot receive mail is refused where it is entered.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { mailOutbox } from '#db/schema/index.ts';
import { apiHarness } from '#test/fixtures/api.ts';
import { applicationFixture } from '#test/fixtures/application.ts';

// Each test has its own register (a copy, see test/fixtures/api.ts).
let h: Awaited<ReturnType<typeof apiHarness>>;
beforeEach(async () => {
  h = await apiHarness();
});
afterEach(() => h.database.cleanup());

const json = (response: Response) => response.json() as Promise<any>;

describe('the outbox for administrators', () => {
  it('lists every mail with its status, recipient, subject, attempts and last answer, newest first', async () => {
    const filed = await json(await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'Nieuwe directeur.' } } }));
    await h.call('POST', `/api/v1/admin/change-reports/${filed.reference}/reject`, { token: h.tokens.admin, body: { reason: 'Geen wijziging van de voorwaarden.' } });
    const response = await h.call('GET', `/api/v1/admin/outbox?reference=${filed.reference}`, { token: h.tokens.admin });
    expect(response.status).toBe(200);
    const { items } = await json(response);
    expect(items).toEqual([
      expect.objectContaining({ template: 'change_report_reviewed', status: 'pending', recipient: 'info@provider-1.example', subject: `Uw melding ${filed.reference} is afgewezen`, attempts: 0, lastAnswer: null, sentAt: null }),
      expect.objectContaining({ template: 'change_report_received', status: 'pending', subject: `Ontvangstbevestiging van uw melding ${filed.reference}`, nextAttemptAt: expect.any(String) }),
    ]);
  });

  it('filters by status, and lets an administrator send a mail of unknown fate again', async () => {
    await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'other', payload: { text: 'Nieuwe directeur.' } } });
    const [row] = await h.database.db.select().from(mailOutbox);
    expect(row).toMatchObject({ template: 'change_report_received', status: 'pending' });
    await h.database.db.update(mailOutbox).set({ status: 'unknown', attempts: 1, lastAnswer: 'The register stopped while this mail was being sent' }).where(eq(mailOutbox.id, row.id));
    const unknown = await json(await h.call('GET', '/api/v1/admin/outbox?status=unknown', { token: h.tokens.admin }));
    expect(unknown.items.map((m: any) => m.id)).toEqual([row.id]);
    const resent = await h.call('POST', `/api/v1/admin/outbox/${row.id}/resend`, { token: h.tokens.admin });
    expect(resent.status).toBe(200);
    expect(await json(resent)).toMatchObject({ id: row.id, status: 'pending', attempts: 1 });
    // Sending again is only for failed mails and those of unknown fate.
    const again = await h.call('POST', `/api/v1/admin/outbox/${row.id}/resend`, { token: h.tokens.admin });
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toMatch(/only a failed mail, or one whose delivery is unknown/);
    expect((await h.call('POST', '/api/v1/admin/outbox/999999/resend', { token: h.tokens.admin })).status).toBe(404);
  });

  it('is for administrators only, and refuses a status it does not know', async () => {
    expect((await h.call('GET', '/api/v1/admin/outbox', { token: h.tokens.provider1 })).status).toBe(403);
    expect((await h.call('GET', '/api/v1/admin/outbox')).status).toBe(401);
    const problem = await json(await h.call('GET', '/api/v1/admin/outbox?status=lost', { token: h.tokens.admin }));
    expect(problem).toMatchObject({ status: 400, errors: [expect.objectContaining({ path: 'status' })] });
  });
});

describe('addresses are checked where they are entered', () => {
  const application = (contactEmail: string, email = 'info@horizon.example') =>
    applicationFixture({ submittedOn: '2026-11-20', email, contactPerson: { email: contactEmail }, simplifiedCategory: 'GTB', experience: null });
  const count = async () => (await h.database.db.select({ n: sql<number>`count(*)` }).from(mailOutbox))[0].n;

  it.each([['prive@horizon'], ['Privé Persoon <prive@horizon.example>'], ['prive horizon@example.be'], [`${'a'.repeat(65)}@horizon.example`]])(
    'refuses the procedure contact address %s with a clear problem, writing nothing',
    async (address) => {
      const before = await count();
      const response = await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application(address) });
      expect(response.status).toBe(400);
      const problem = await json(response);
      expect(problem.errors).toEqual([{ path: 'organisation.contactPerson.email', message: expect.stringMatching(/not a valid e-mail address|at most 64 characters/) }]);
      expect(await count()).toBe(before);
    },
  );

  it('refuses a wrong organisation address in an application and in a change of contact details', async () => {
    expect((await json(await h.call('POST', '/api/v1/admin/applications', { token: h.tokens.admin, body: application('prive@horizon.example', 'info@') }))).errors).toEqual([
      { path: 'organisation.email', message: 'not a valid e-mail address (for example naam@organisatie.be)' },
    ]);
    const response = await h.call('POST', '/api/v1/change-reports', { token: h.tokens.provider1, body: { kind: 'contact_details', payload: { email: 'info@werkkracht' } } });
    expect(response.status).toBe(400);
    expect((await json(response)).errors).toEqual([{ path: 'payload.email', message: 'not a valid e-mail address (for example naam@organisatie.be)' }]);
  });
});
