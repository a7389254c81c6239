import { describe, expect, it } from 'vitest';
import { identityFromClaims, rolesIn, type ClaimNames } from '#domain/identity.ts';
import { enterpriseNumber } from '#test/fixtures/database.ts';

const ACM: ClaimNames = { organisation: 'vo_orgcode', organisationName: 'vo_orgnaam', role: 'register_rol_3d', providerRole: 'DWSE-organisatieverantwoordelijke', adminRole: 'DWSE-registerbeheerder' };
const OTHER: ClaimNames = { organisation: 'org', organisationName: 'org_name', role: 'groups', providerRole: 'provider-officer', adminRole: 'register-admin' };
const ORG = enterpriseNumber(7);

describe('who may do what, from the claims', () => {
  it('lets an organisation officer act for the organisation in their claim', () => {
    const judged = identityFromClaims({ sub: 'p1', given_name: 'Lies', family_name: 'Maes', vo_orgcode: ORG, vo_orgnaam: 'Werkkracht vzw', register_rol_3d: ['DWSE-organisatieverantwoordelijke'] }, ACM);
    expect(judged).toEqual({ ok: true, identity: { role: 'provider', subject: 'p1', name: 'Lies Maes', enterpriseNumber: ORG, organisationName: 'Werkkracht vzw' } });
  });

  it('reads roles as ACM/IDM writes them: a list, or role:organisation, and the enterprise number with dots or BE', () => {
    expect(rolesIn('DWSE-organisatieverantwoordelijke:0400000779 Andere-rol')).toEqual([['DWSE-organisatieverantwoordelijke', '0400000779'], ['Andere-rol', null]]);
    const dotted = `BE${ORG.slice(0, 4)}.${ORG.slice(4, 7)}.${ORG.slice(7)}`;
    const judged = identityFromClaims({ sub: 'p1', name: 'Lies Maes', vo_orgcode: dotted, register_rol_3d: `DWSE-organisatieverantwoordelijke:${ORG}` }, ACM);
    expect(judged).toMatchObject({ ok: true, identity: { enterpriseNumber: ORG, organisationName: ORG } });
  });

  it('gives the department’s role the administration, whatever the organisation', () => {
    expect(identityFromClaims({ sub: 'a1', name: 'Els Peeters', vo_orgcode: 'OVO003105', register_rol_3d: ['DWSE-registerbeheerder'] }, ACM)).toEqual({ ok: true, identity: { role: 'admin', subject: 'a1', name: 'Els Peeters' } });
  });

  it.each([
    ['no role for the register', { vo_orgcode: ORG, register_rol_3d: ['Andere-toepassing'] }, 'no-role'],
    ['no role claim at all', { vo_orgcode: ORG }, 'no-role'],
    ['no organisation', { register_rol_3d: ['DWSE-organisatieverantwoordelijke'] }, 'no-organisation'],
    ['an organisation without enterprise number', { vo_orgcode: 'OVO000123', register_rol_3d: ['DWSE-organisatieverantwoordelijke'] }, 'not-an-enterprise-number'],
    ['an enterprise number that does not exist', { vo_orgcode: '0400000000', register_rol_3d: ['DWSE-organisatieverantwoordelijke'] }, 'not-an-enterprise-number'],
    ['the role given for another organisation', { vo_orgcode: ORG, register_rol_3d: [`DWSE-organisatieverantwoordelijke:${enterpriseNumber(8)}`] }, 'role-for-another-organisation'],
  ])('refuses %s, saying why', (_what, claims, reason) => {
    expect(identityFromClaims({ sub: 'x', name: 'Jan Janssens', ...claims }, ACM)).toMatchObject({ ok: false, refusal: { reason, subject: 'x', name: 'Jan Janssens' } });
  });

  it('reads other claim names by settings alone', () => {
    expect(identityFromClaims({ sub: 'p', name: 'Lies', org: ORG, org_name: 'X', groups: ['provider-officer'] }, OTHER)).toMatchObject({ ok: true, identity: { role: 'provider', enterpriseNumber: ORG } });
    expect(identityFromClaims({ sub: 'p', name: 'Lies', vo_orgcode: ORG, register_rol_3d: ['DWSE-organisatieverantwoordelijke'] }, OTHER)).toMatchObject({ ok: false, refusal: { reason: 'no-role' } });
  });
});
