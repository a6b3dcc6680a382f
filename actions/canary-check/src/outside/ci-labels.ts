import type { CiConfig, ForgeRepository } from '@gloriousflywheel/shared/forge';
import { type CheckResult, check } from '../checks';
import type { Access } from './access';
import { CHECK_TITLES } from './check-titles';
import type { ForgeTerms } from './forge-terms';

const ID = 'workflow-labels';
const TITLE = CHECK_TITLES[ID];

/** Check 5: the repository's CI files have jobs that ask for the label. */
export function ciLabels(
  repo: ForgeRepository,
  label: string,
  config: Access<CiConfig> | undefined,
  terms: ForgeTerms,
): CheckResult {
  if (!config) return check(ID, TITLE, '', 'skip', 'not checked (check-workflows: false)');
  const named = terms.named(label);
  if (!config.ok) {
    if (config.status === 404) {
      return check(
        ID,
        TITLE,
        '',
        'warn',
        `${repo.fullName} has no ${terms.ciMissing}`,
        [],
        terms.fix.addCi(label),
      );
    }
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `cannot read ${terms.ciFiles} (HTTP ${config.status})`,
      [config.message],
      terms.fix.readCi,
    );
  }
  const { files, jobs, unreadIncludes } = config.value;
  const using = new Map<string, string[]>();
  for (const job of jobs.filter((j) => j.labels.includes(label))) {
    using.set(job.file, [...(using.get(job.file) ?? []), job.name]);
  }
  if (using.size === 0) {
    return check(
      ID,
      TITLE,
      '',
      'warn',
      `none of ${files.length} ${terms.ciFiles} asks for ${named}${unreadIncludes ? ' (its included files are not read here)' : ''}`,
      files,
      terms.fix.useLabel(label),
    );
  }
  const count = [...using.values()].reduce((n, names) => n + names.length, 0);
  const where = using.size === 1 ? [...using.keys()][0] : `${using.size} ${terms.ciFiles}`;
  return check(
    ID,
    TITLE,
    '',
    'pass',
    `${count} job(s) in ${where} ask for ${named}`,
    [...using].map(([file, names]) => `${file}: ${names.join(', ')}`),
  );
}
