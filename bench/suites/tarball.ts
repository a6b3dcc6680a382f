/**
 * What every `uses:` of any of the actions downloads: the repository tarball at the commit. GitHub
 * builds it with `git archive` (so .gitattributes export-ignore applies) and gzips it; on ephemeral
 * runners every job pays for it again. Measured at HEAD, beside the figures of comparable actions,
 * with the largest files in it. Target (issue 12): ≤ 3 MB; stretch ≤ 1.5 MB.
 */
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '@gloriousflywheel/testkit';
import { type BenchReport, round, target } from '../lib';

/** The same figure for comparable actions' repositories, measured when issue 12 was written. */
const PEERS_MB: Record<string, number> = {
  'cachix/cachix-action': 0.6,
  'DeterminateSystems/magic-nix-cache-action': 0.8,
  'nix-community/cache-nix-action': 2.8,
};

/** The files of a tar archive (ustar headers: name, size in octal, prefix for long names). */
function tarEntries(tar: Buffer): { path: string; data: Buffer }[] {
  const out: { path: string; data: Buffer }[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, to: number) =>
      header.subarray(from, to).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(text(124, 136).trim() || '0', 8);
    const prefix = text(345, 500);
    const type = text(156, 157);
    const path = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    if (type === '0' || type === '') out.push({ path, data: tar.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export async function run(): Promise<BenchReport> {
  const report: BenchReport = { suite: 'tarball', metrics: {}, targets: [], notes: [] };
  const tar = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: repoRoot, maxBuffer: 1 << 30 });
  const mb = gzipSync(tar).length / 1e6;
  report.metrics['tarball MB (gzip, HEAD)'] = round(mb, 2);
  for (const [peer, peerMb] of Object.entries(PEERS_MB)) report.metrics[`${peer} MB`] = peerMb;
  const entries = tarEntries(tar);
  report.metrics['files in tarball'] = entries.length;
  const largest = entries
    .map((e) => ({ path: e.path, kb: gzipSync(e.data).length / 1e3 }))
    .sort((a, b) => b.kb - a.kb)
    .slice(0, 6);
  for (const f of largest) report.metrics[`largest: ${f.path} kB (gzip)`] = round(f.kb, 0);
  report.targets.push(target('tarball MB (gzip, HEAD)', round(mb, 2), '<=', 3));
  report.notes.push(`stretch target ≤ 1.5 MB: ${mb <= 1.5 ? 'met' : 'not met'}`);
  if (execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' }).trim()) {
    report.notes.push('the working tree has uncommitted changes: this figure is the last commit');
  }
  return report;
}
