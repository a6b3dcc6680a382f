import { FlywheelError, InputProblem, parseLabelSelector } from '@gloriousflywheel/shared';
import { looksLikeSelector } from './selector';

/**
 * A scale set's name (a Kubernetes name) or a workflow-facing runner label: letters, digits, `.`,
 * `_` and `-`, starting and ending with a letter or digit. Anything else cannot name a scale set.
 */
const NAME_OR_LABEL = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/**
 * Checks each `scale-sets` entry before the cluster is asked: a label selector must parse as the
 * API server would parse it, anything else must be a name or a runner label. A typo fails here,
 * blamed on `scale-sets`, instead of matching nothing later.
 */
export function checkScopeEntries(entries: readonly string[]): string[] {
  return entries.map((entry, index) => {
    try {
      if (looksLikeSelector(entry)) return parseLabelSelector(entry);
      if (!NAME_OR_LABEL.test(entry))
        throw new InputProblem(
          'expected a scale-set name, a runner label (letters, digits, `.`, `_`, `-`) or a label selector such as `app=web`',
        );
      return entry;
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error;
      throw new FlywheelError(
        'INPUT_INVALID',
        `input \`scale-sets\` is invalid: item ${index + 1} (\`${entry}\`): ${error.message}`,
        {
          hint: '`scale-sets` takes scale-set names, runner labels or label selectors, one per line',
          details: { input: 'scale-sets', item: index + 1 },
        },
      );
    }
  });
}
