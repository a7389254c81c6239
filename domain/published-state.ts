/**
 * Whether a change is on the public site: a pure judgement from the publications that went online
 * (each with the length of the change log it contains) and the change's last log entry. Used for
 * the state a provider reads on its report ("online sinds …", "teruggedraaid op …").
 */

/** One moment the site online changed: a publication switched in, or a rollback to an earlier one. */
export interface SiteSwitch {
  /** When (an ISO instant). */
  at: string;
  /** The change log's length in the publication that went online (null: not known). */
  logEvents: number | null;
  /** For a rollback: the log's length in the publication that was online before it. */
  rolledBackFrom?: number | null;
}

/** Where a change stands on the public site. */
export type PublishedState =
  | { state: 'online'; since: string | null }
  | { state: 'rolled_back'; on: string }
  | { state: 'waiting' }
  | { state: 'nothing_public' };

/**
 * Where the change whose last log entry is `lastSeq` stands (null: it changed nothing public),
 * given the log's length in the publication online now (null: unknown or none) and every switch
 * of the site, oldest first. Online since the first switch of the unbroken run of switches that
 * held it up to now; rolled back when the site online lacks it because a rollback took it off.
 */
export function publishedState(lastSeq: number | null, onlineLogEvents: number | null, switches: readonly SiteSwitch[]): PublishedState {
  if (lastSeq === null) return { state: 'nothing_public' };
  const holds = (events: number | null | undefined) => events !== null && events !== undefined && events >= lastSeq;
  if (holds(onlineLogEvents)) {
    let since: string | null = null;
    for (let i = switches.length - 1; i >= 0 && holds(switches[i].logEvents); i--) since = switches[i].at;
    return { state: 'online', since };
  }
  for (let i = switches.length - 1; i >= 0; i--) {
    const each = switches[i];
    if (each.rolledBackFrom !== undefined && holds(each.rolledBackFrom) && !holds(each.logEvents)) return { state: 'rolled_back', on: each.at };
    // A switch that brought it online ends the search: the rollback that counts came after it.
    if (holds(each.logEvents)) break;
  }
  return { state: 'waiting' };
}
