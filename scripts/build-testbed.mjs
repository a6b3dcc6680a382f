#!/usr/bin/env node
// Builds the test bed (testbed/apiserver: a real etcd and kube-apiserver in one binary) into the
// ignored folder testbed/bin, from the Go module proxy with the versions go.mod and go.sum pin.
// `npm test` runs it before vitest. It skips in a moment when the binary is up to date, and fails
// with one clear line when Go is missing: the real-server tests must never skip silently.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const moduleDir = join(root, 'testbed', 'apiserver');
const binDir = join(root, 'testbed', 'bin');
const binary = join(binDir, 'testbed-apiserver');
const stampFile = join(binDir, 'testbed-apiserver.stamp');

// A static binary: no C compiler needed, and the same build on every machine.
const env = { ...process.env, CGO_ENABLED: '0' };

function fail(line) {
  process.stderr.write(`build-testbed: ${line}\n`);
  process.exit(1);
}

const version = spawnSync('go', ['version'], { encoding: 'utf8', env });
if (version.error || version.status !== 0) {
  fail(
    'Go is not installed (no `go` on the PATH): the real kube-apiserver test bed cannot be built, so `npm test` stops here; install Go 1.24 or newer.',
  );
}

// The stamp is a hash of everything the build depends on that can change in the repository, plus
// the Go version: content, not mtimes, so a checkout or a rebase does not force a rebuild.
const hash = createHash('sha256');
hash.update(version.stdout);
hash.update(env.CGO_ENABLED);
for (const file of readdirSync(moduleDir).sort()) {
  if (!/\.go$|^go\.(mod|sum)$/.test(file)) continue;
  hash.update(file);
  hash.update(readFileSync(join(moduleDir, file)));
}
const stamp = hash.digest('hex');
if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  process.stdout.write('build-testbed: testbed/bin/testbed-apiserver is up to date\n');
  process.exit(0);
}

process.stdout.write(
  `build-testbed: building testbed/bin/testbed-apiserver with ${version.stdout.trim()} (a cold build takes several minutes on 2 cores; later builds reuse Go's cache)\n`,
);
mkdirSync(binDir, { recursive: true });
const started = Date.now();
// No -trimpath: kube-apiserver's packages find their own files through the source path.
const build = spawnSync('go', ['build', '-buildvcs=false', '-o', binary, '.'], {
  cwd: moduleDir,
  env,
  stdio: 'inherit',
});
if (build.error || build.status !== 0) {
  fail(
    `go build of testbed/apiserver failed (exit ${build.status ?? build.error?.message}); its output is above.`,
  );
}
writeFileSync(stampFile, stamp);
process.stdout.write(`build-testbed: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
