import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../reference';

/** Where `scripts/build-testbed.mjs` puts the test bed (an ignored folder of the repository). */
export const TESTBED_BINARY = join(repoRoot, 'testbed', 'bin', 'testbed-apiserver');

/** Why the real API server cannot start here, or undefined when its binary is built. */
export function realKubeUnavailable(): string | undefined {
  if (existsSync(TESTBED_BINARY)) return undefined;
  return `the real kube-apiserver test bed is not built (${TESTBED_BINARY} is missing): run \`node scripts/build-testbed.mjs\` (it needs Go; \`npm test\` runs it)`;
}
