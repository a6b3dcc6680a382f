#!/usr/bin/env node
/**
 * Cuts a release: `node scripts/release.mjs 1.2.3 [--dry-run] [--no-push] [--remote origin]`.
 *
 * Refuses unless the version is semantic, the tree is clean, CHANGELOG.md has a dated entry for it,
 * the tag is new and the actions' dist/ is what the source builds (scripts/check-dist.mjs). Then it sets
 * the one version (root package.json, and the CLI package that must equal it), commits, tags `v1.2.3`,
 * moves the major tag `v1` to it and pushes the branch and both tags in one atomic push. The CLI bundle,
 * which embeds the version, is not committed: the release workflow builds it from the tag and publishes
 * it. `--dry-run` checks and says what it would do, changing nothing.
 *
 * `node scripts/release.mjs verify v1.2.3 [--notes FILE]` is the release workflow's check of a pushed
 * tag: semantic, equal to the package versions, with a changelog entry (written to FILE as notes).
 *
 * `node scripts/release.mjs gitlab-project v1.2.3 --push URL [--dry-run]` publishes the GitLab CI/CD
 * component project of that release: `git subtree split` of gitlab-templates/ at the tag (the same
 * history always splits into the same commits, so each release fast-forwards the project), pushed to
 * the project's main branch with the tag `1.2.3`, which its own pipeline turns into a catalog release.
 * A project access token (write_repository) in GITLAB_COMPONENTS_TOKEN reaches git through the
 * environment, never argv.
 *
 * The tags each release creates, and why, are in scripts/release/tags.mjs.
 *
 * `--root DIR` runs against another checkout (the tests use a throwaway repository).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { changelogEntry } from './release/changelog.mjs';
import { parseVersion } from './release/semver.mjs';
import { githubTags, gitlabTag } from './release/tags.mjs';

const PACKAGES = ['package.json', 'apps/cli/package.json'];
/** The folder that becomes the root of the GitLab component project. */
export const COMPONENT_DIR = 'gitlab-templates';

class ReleaseError extends Error {}

function parseArgs(argv) {
  // `--push URL` is the gitlab-project command's; `--no-push` the release's.
  const flags = {
    dryRun: false,
    push: true,
    remote: 'origin',
    notes: undefined,
    root: undefined,
    pushTo: undefined,
  };
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') flags.dryRun = true;
    else if (a === '--no-push') flags.push = false;
    else if (a === '--remote') flags.remote = argv[++i];
    else if (a === '--notes') flags.notes = argv[++i];
    else if (a === '--root') flags.root = argv[++i];
    else if (a === '--push') flags.pushTo = argv[++i];
    else if (a.startsWith('--')) throw new ReleaseError(`unknown option ${a}`);
    else positionals.push(a);
  }
  return { flags, positionals };
}

function tools(root, log) {
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  const node = (script, ...args) =>
    execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const writeJson = (path, value) => writeFileSync(join(root, path), `${JSON.stringify(value, null, 2)}\n`);
  return { git, node, readJson, writeJson, log };
}

function requireVersion(text) {
  const parsed = parseVersion(text ?? '');
  if (!parsed) {
    throw new ReleaseError(
      `\`${text ?? ''}\` is not a semantic version: give MAJOR.MINOR.PATCH, e.g. 1.4.0 or v1.4.0-rc.1`,
    );
  }
  return parsed;
}

function requireChangelog(root, version) {
  const path = join(root, 'CHANGELOG.md');
  const entry = existsSync(path) ? changelogEntry(readFileSync(path, 'utf8'), version) : undefined;
  if (!entry) {
    throw new ReleaseError(
      `CHANGELOG.md has no entry for ${version}: move the Unreleased notes under \`## [${version}] - YYYY-MM-DD\``,
    );
  }
  return entry;
}

/** The pushed tag, checked by the release workflow before anything is published. */
export function verify(root, tag, notesFile) {
  const { version } = requireVersion(tag);
  if (!tag.startsWith('v')) throw new ReleaseError(`release tags are \`v${version}\`, not \`${tag}\``);
  const t = tools(root);
  for (const path of PACKAGES) {
    const found = t.readJson(path).version;
    if (found !== version) throw new ReleaseError(`${path} says ${found}, the tag says ${version}`);
  }
  const entry = requireChangelog(root, version);
  if (notesFile) writeFileSync(notesFile, `${entry.body}\n`);
  return entry;
}

function setVersion(t, version) {
  for (const path of PACKAGES) {
    const pkg = t.readJson(path);
    pkg.version = version;
    t.writeJson(path, pkg);
  }
  const lockPath = 'package-lock.json';
  if (existsSync(join(t.root, lockPath))) {
    const lock = t.readJson(lockPath);
    lock.version = version;
    if (lock.packages?.['']) lock.packages[''].version = version;
    if (lock.packages?.['apps/cli']) lock.packages['apps/cli'].version = version;
    t.writeJson(lockPath, lock);
  }
}

/** The release itself; returns what it did (or would do) as lines. */
export function release(root, versionText, { dryRun = false, push = true, remote = 'origin' } = {}) {
  const done = [];
  const { version } = requireVersion(versionText);
  const t = { ...tools(root), root };
  const [tag, majorTag] = githubTags(version);

  const dirty = t.git('status', '--porcelain');
  if (dirty) throw new ReleaseError(`the working tree is not clean; commit or stash first:\n${dirty}`);
  requireChangelog(root, version);
  if (t.git('tag', '--list', tag)) throw new ReleaseError(`tag ${tag} exists already`);
  try {
    t.node('scripts/check-dist.mjs');
  } catch {
    throw new ReleaseError(
      'dist/ is out of date with the source: run `npm run build` and commit the bundles',
    );
  }
  // The dist check rebuilt in place; a dry run leaves the tree as it found it.
  if (t.git('status', '--porcelain')) throw new ReleaseError('the dist check left changes behind');

  const current = PACKAGES.map((p) => t.readJson(p).version);
  const say = (line) => done.push(dryRun ? `would ${line}` : line);
  if (current.some((v) => v !== version)) {
    say(`set the version to ${version} (was ${current.join(', ')})`);
    if (!dryRun) {
      setVersion(t, version);
      t.git('add', '-A');
      t.git('commit', '-q', '-m', `Release ${tag}`);
    }
  }
  say(`tag ${tag}`);
  if (!dryRun) t.git('tag', '-a', tag, '-m', `Release ${tag}`);
  if (majorTag) {
    say(`move ${majorTag} to ${tag}`);
    if (!dryRun)
      t.git('tag', '-f', '-a', majorTag, '-m', `Latest ${majorTag} release: ${tag}`, `${tag}^{commit}`);
  }
  if (push) {
    const refs = ['HEAD', `refs/tags/${tag}`, ...(majorTag ? [`+refs/tags/${majorTag}`] : [])];
    say(`push ${refs.join(' ')} to ${remote} atomically`);
    if (!dryRun) t.git('push', '--atomic', remote, ...refs);
  }
  return done;
}

/**
 * Git's environment for the push to GitLab: the token as an HTTP header through GIT_CONFIG_*
 * variables, so that it is in no argv and no remote URL (GitLab takes a project access token as
 * the password of any user name).
 */
function gitlabAuthEnv(token) {
  if (!token) return {};
  const basic = Buffer.from(`flywheel-release:${token}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.extraHeader',
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** The GitLab component project of a pushed release tag; returns what it did (or would do). */
export function gitlabProject(root, tagText, { push, dryRun = false, token } = {}) {
  const { version } = requireVersion(tagText);
  const [tag] = githubTags(version);
  const t = tools(root);
  let commit;
  try {
    commit = t.git('rev-parse', '--verify', '--quiet', `${tag}^{commit}`);
  } catch {
    throw new ReleaseError(
      `tag ${tag} does not exist here: the component project is split from a release tag`,
    );
  }
  if (!t.git('ls-tree', '--name-only', commit, `${COMPONENT_DIR}/templates/`)) {
    throw new ReleaseError(`${tag} has no ${COMPONENT_DIR}/templates/: nothing to publish`);
  }
  const split = execFileSync('git', ['subtree', 'split', `--prefix=${COMPONENT_DIR}`, commit], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const projectTag = gitlabTag(version);
  const done = [`split ${COMPONENT_DIR}/ of ${tag} into ${split}`];
  if (!push) return done;
  const refs = [`${split}:refs/heads/main`, `${split}:refs/tags/${projectTag}`];
  done.push(`${dryRun ? 'would push' : 'push'} ${refs.join(' ')} atomically`);
  if (!dryRun) {
    execFileSync('git', ['push', '--atomic', push, ...refs], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...gitlabAuthEnv(token) },
    });
  }
  return done;
}

async function main() {
  const { flags, positionals } = parseArgs(process.argv.slice(2));
  const root = resolve(flags.root ?? join(fileURLToPath(import.meta.url), '../..'));
  if (positionals[0] === 'gitlab-project') {
    const lines = gitlabProject(root, positionals[1] ?? '', {
      push: flags.pushTo,
      dryRun: flags.dryRun,
      token: process.env['GITLAB_COMPONENTS_TOKEN'],
    });
    for (const line of lines) console.log(line);
    return;
  }
  if (positionals[0] === 'verify') {
    const entry = verify(root, positionals[1] ?? '', flags.notes);
    console.log(`${positionals[1]}: versions agree, changelog entry of ${entry.date}`);
    return;
  }
  if (positionals.length !== 1) {
    throw new ReleaseError('usage: node scripts/release.mjs VERSION [--dry-run] [--no-push] [--remote NAME]');
  }
  for (const line of release(root, positionals[0], flags)) console.log(line);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`release refused: ${error.message}`);
    process.exit(1);
  }
}
