import type { ForgeRunner } from '@gloriousflywheel/shared/forge';
import { type CheckResult, check } from '../checks';
import { CHECK_TITLES } from './check-titles';
import type { ForgeTerms } from './forge-terms';
import type { Visibility } from './runner-visibility';

const ID = 'capacity';
const TITLE = CHECK_TITLES[ID];

/** Check 3: the usable runners are online, and some are idle where the forge says so. */
export function capacity(
  label: string,
  visible: Visibility,
  idlePoolsListed: boolean,
  terms: ForgeTerms,
): CheckResult {
  const runners: ForgeRunner[] = visible.usable;
  const named = terms.named(label);
  const online = runners.filter((r) => r.online);
  const busyKnown = online.every((r) => r.busy !== null);
  const busy = online.filter((r) => r.busy);
  const idle = online.length - busy.length;
  const evidence = [
    busyKnown
      ? `runners: ${runners.length}, online: ${online.length}, busy: ${busy.length}, idle: ${idle}`
      : `runners: ${runners.length}, online: ${online.length} (the forge does not say which are busy)`,
  ];
  if (runners.length === 0) {
    // Where idle runners are always listed, none usable is check 2's failure: nothing to measure.
    if (idlePoolsListed) return check(ID, TITLE, '', 'skip', 'no usable runner');
    return check(
      ID,
      TITLE,
      '',
      'warn',
      visible.known
        ? 'no runners listed (scaled to zero?): capacity is proven by recent jobs only'
        : 'no runners listed for the label: relying on recent jobs',
      evidence,
      terms.fix.warmPool(label),
    );
  }
  if (online.length === 0) {
    return check(
      ID,
      TITLE,
      '',
      'fail',
      `${runners.length} runner(s) with ${named}, none online`,
      evidence,
      terms.fix.offline,
    );
  }
  if (!busyKnown) {
    return check(
      ID,
      TITLE,
      '',
      'pass',
      `${online.length} of ${runners.length} usable runner(s) online`,
      evidence,
    );
  }
  if (idle === 0) {
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `all ${online.length} online runner(s) are busy: new jobs will queue`,
      evidence,
      terms.fix.allBusy(label),
    );
  }
  return check(ID, TITLE, '', 'pass', `${idle} idle of ${online.length} online runner(s)`, evidence);
}
