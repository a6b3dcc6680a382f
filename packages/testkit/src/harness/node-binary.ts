import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../reference';

/**
 * The Node binary an action declares (`runs.using: node24`): the repo's `node@24` dev-dependency,
 * or this process's Node when it is already the right major.
 */
export function nodeFor(using: string): string {
  const wanted = Number(/^node(\d+)$/.exec(using)?.[1]);
  if (!wanted) throw new Error(`runs.using ${using} is not a Node runtime`);
  if (Number(process.versions.node.split('.')[0]) === wanted) return process.execPath;
  const local = join(repoRoot, 'node_modules', '.bin', 'node');
  if (existsSync(local)) return local;
  throw new Error(
    `the action needs Node ${wanted}; this is ${process.version} and no node@${wanted} is installed`,
  );
}
