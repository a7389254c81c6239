import { describe, expect, it } from 'vitest';
import { contentLine, publicationName, rollbackCellText, triggerDescription, type Contents } from '#portal/lib/publication-words.ts';
import type { ContentGroup } from '#db/queries/publication-history.ts';

const here = { online: 'P3', kept: ['P3', 'P2', 'P1'], canRollback: true };

describe('the publications page in words', () => {
  it('never says a publication still running or queued is no longer kept', () => {
    expect(rollbackCellText({ id: 'P4', status: 'running' }, here)).toBe('Nog bezig');
    expect(rollbackCellText({ id: 'P5', status: 'queued' }, here)).toBe('Nog bezig');
    expect(rollbackCellText({ id: 'P0', status: 'succeeded' }, here)).toBe('Niet meer bewaard');
    expect(rollbackCellText({ id: 'PX', status: 'failed' }, here)).toBe('Niet mogelijk: nooit online geweest');
    expect(rollbackCellText({ id: 'P3', status: 'succeeded' }, here)).toBe('Staat online');
    // A kept publication that is not online: the way back is offered.
    expect(rollbackCellText({ id: 'P2', status: 'succeeded' }, here)).toBeNull();
    expect(rollbackCellText({ id: 'P2', status: 'succeeded' }, { ...here, canRollback: false })).toBe('Niet mogelijk met deze manier van publiceren');
  });

  it('names a publication by its Belgian local time to the second, also from its id alone', () => {
    // 22:01:02 UTC in December is 23:01:02 in Brussels; in July (summer time) two hours on.
    expect(publicationName('20261204T220102Z-abc123', '2026-12-04T22:01:02.345Z')).toBe('publicatie van 4 december 2026 om 23:01:02');
    expect(publicationName('20260701T220102Z-abc123')).toBe('publicatie van 2 juli 2026 om 00:01:02');
  });

  it('says which report set a publication off and who accepted it, and what it contains', () => {
    const report: ContentGroup = {
      source: 'WM-2026-000007',
      actor: 'Departement Werk en Sociale Economie',
      recordedBy: 'Els Peeters',
      entries: 1,
      summary: 'Begeleidingscapaciteit gewijzigd: 15 plaatsen (was 12).',
      provider: { name: 'Werkkracht Gent vzw', enterpriseNumber: '0400000185' },
      report: { kind: 'capacity', status: 'accepted', reviewedBy: 'Els Peeters' },
      application: null,
    };
    const evaluation: ContentGroup = { source: null, actor: 'dagelijkse evaluatie', recordedBy: null, entries: 3, summary: 'Erkenning ED-2021-0001 is verlopen.', provider: null, report: null, application: null };
    expect(contentLine(report)).toEqual({ text: 'Melding WM-2026-000007 (begeleidingscapaciteit) van Werkkracht Gent vzw, aanvaard door Els Peeters', href: '/beheer/meldingen/#melding-WM-2026-000007' });
    expect(contentLine(evaluation)).toEqual({ text: 'Dagelijkse evaluatie: Erkenning ED-2021-0001 is verlopen. En nog 2 wijzigingen.', href: null });
    const contents: Contents = { known: true, entries: 4, lines: [contentLine(report), contentLine(evaluation)], groups: [report, evaluation], more: 0 };
    expect(triggerDescription({ trigger: 'wijzigingen in het register', full: false }, contents)).toBe('Melding WM-2026-000007 aanvaard door Els Peeters, en meer (zie de inhoud)');
    expect(triggerDescription({ trigger: 'command line', full: true }, null)).toBe('Een volledige publicatie vanaf de opdrachtregel (register publish --full)');
    expect(triggerDescription({ trigger: 'daily evaluation', full: false }, null)).toBe('De dagelijkse evaluatie bij het starten van het register');
    expect(triggerDescription({ trigger: 'administrator Els Peeters', full: false }, null)).toBe('Beheerder Els Peeters vroeg ze');
  });
});
