import { writeFileSync } from 'node:fs';

/** A value as one single-quoted shell word. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The post-build hook: Nix runs it after every build with DRV_PATH and OUT_PATHS set (OUT_PATHS is
 * empty on Nix 2.8, NixOS/nix#6446, hence DRV_PATH too). It only writes those paths to a file in the
 * uploader's queue folder: no secret, no network, only shell built-ins (nix-daemon may run it as
 * root with a bare PATH), and it always exits 0 — a failing hook stops Nix from starting any
 * further build, and it runs synchronously, so it must be quick. The `end` line tells the uploader
 * the file is complete.
 */
export function renderHookScript(queueDir: string): string {
  return [
    '#!/bin/sh',
    "# Written by attic-setup for one job: queues each build's outputs for the job's uploader.",
    'set -f',
    'umask 022',
    `q=${shellQuote(queueDir)}`,
    '[ -d "$q" ] || exit 0',
    'n=0',
    'while [ -e "$q/h-$$-$n.paths" ]; do n=$((n + 1)); done',
    '{',
    `  printf 'drv %s\\n' "$DRV_PATH"`,
    `  for p in $OUT_PATHS; do printf 'out %s\\n' "$p"; done`,
    `  printf 'end\\n'`,
    '} 2>/dev/null >"$q/h-$$-$n.paths"',
    'exit 0',
    '',
  ].join('\n');
}

export function writeHookScript(file: string, queueDir: string): void {
  writeFileSync(file, renderHookScript(queueDir), { mode: 0o700 });
}
