import { describe, expect, it } from 'vitest';
import { publishedState, type SiteSwitch } from '#domain/published-state.ts';

const built = (at: string, logEvents: number | null): SiteSwitch => ({ at, logEvents });
const rolledBack = (at: string, from: number | null, to: number | null): SiteSwitch => ({ at, logEvents: to, rolledBackFrom: from });

describe('where a change stands on the public site', () => {
  it('says nothing is public for a change without log entries', () => {
    expect(publishedState(null, 30, [built('2026-12-01T10:00:00Z', 30)])).toEqual({ state: 'nothing_public' });
  });

  it('waits until a publication holding its last entry is online', () => {
    expect(publishedState(12, 10, [built('2026-12-01T10:00:00Z', 10)])).toEqual({ state: 'waiting' });
  });

  it('is online since the first publication of the unbroken run that holds it', () => {
    const switches = [built('2026-12-01T10:00:00Z', 10), built('2026-12-01T10:05:00Z', 12), built('2026-12-01T10:09:00Z', 15)];
    expect(publishedState(12, 15, switches)).toEqual({ state: 'online', since: '2026-12-01T10:05:00Z' });
  });

  it('is rolled back when a rollback took the site to before it, until a publication brings it back', () => {
    const switches = [built('2026-12-01T10:00:00Z', 10), built('2026-12-01T10:05:00Z', 12), rolledBack('2026-12-01T11:00:00Z', 12, 10)];
    expect(publishedState(12, 10, switches)).toEqual({ state: 'rolled_back', on: '2026-12-01T11:00:00Z' });
    // A failed publication changes nothing; a new one holding it does.
    const again = [...switches, built('2026-12-01T12:00:00Z', 14)];
    expect(publishedState(12, 14, again)).toEqual({ state: 'online', since: '2026-12-01T12:00:00Z' });
  });

  it('does not call a change rolled back that a rollback never took off', () => {
    // Rolled back from 10 to 8 before the change (entry 12) was published: it simply waits.
    const switches = [built('2026-12-01T10:00:00Z', 10), rolledBack('2026-12-01T11:00:00Z', 10, 8)];
    expect(publishedState(12, 8, switches)).toEqual({ state: 'waiting' });
  });

  it('is online without a day when the publication online is not among the recorded switches', () => {
    expect(publishedState(5, 9, [])).toEqual({ state: 'online', since: null });
  });
});
