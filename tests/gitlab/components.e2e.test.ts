/**
 * The GitLab components end to end: one pipeline includes every component (local includes, with
 * inputs) and runs it with gitlab-ci-local's shell executor, the CLI built from this checkout and the
 * testkit fakes standing in for Attic and the GitLab API. The assertions read what GitLab keeps: the
 * job artifacts, the dotenv reports handed to later jobs, the JUnit reports and the summaries.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_REAL_TIME_TIMINGS, startSimulatedCluster } from '@gloriousflywheel/testkit/arc';
import { FakeAtticServer } from '@gloriousflywheel/testkit/attic';
import { FakeGitLab } from '@gloriousflywheel/testkit/gitlab';
import { tofuStandinPath, tofuWorkdir } from '@gloriousflywheel/testkit/tofu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cliCommand,
  createProject,
  type Project,
  parseDotenv,
  pipelineMissingReason,
} from './helpers/pipeline';

const missing = pipelineMissingReason();

describe.skipIf(missing !== undefined)(
  `GitLab components in a pipeline (${missing ?? 'gitlab-ci-local'})`,
  () => {
    let attic: FakeAtticServer;
    let gitlab: FakeGitLab;
    let project: Project;
    let run: { exitCode: number; log: string };
    let workRoot: string;
    let nixStoreRoot: string;
    let cluster: Awaited<ReturnType<typeof startSimulatedCluster>>;

    const artifact = (job: string, path: string) =>
      readFileSync(join(project.dir, '.gitlab-ci-local', 'artifacts', job, path), 'utf8');
    const hasArtifact = (job: string, path: string) =>
      existsSync(join(project.dir, '.gitlab-ci-local', 'artifacts', job, path));
    const dotenv = (job: string, action: string) =>
      parseDotenv(artifact(job, `.flywheel/${action}/outputs.env`));
    const testcases = (xml: string) =>
      [...xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"/g)].map((m) => m[1]);

    beforeAll(async () => {
      attic = new FakeAtticServer();
      await attic.start();
      attic.createCache('team', { isPublic: true });
      const token = attic.issueToken({ caches: { team: { r: 1 } } });
      gitlab = new FakeGitLab();
      // Listing a project's runners needs a read_api token, not the job token: the component takes it.
      gitlab.tokens.add('glpat-components-reader');
      await gitlab.start();
      gitlab.addProject({
        path: 'platform/components',
        runners: [
          { description: 'nix lane', runnerType: 'group_type', tags: ['nix', 'docker'], status: 'online' },
        ],
      });
      workRoot = mkdtempSync(join(tmpdir(), 'flywheel-work-root-'));
      // The inside check judges a Nix store this test controls, not the host's /nix: a store root
      // whose store does not exist yet (as on a brand-new machine) and whose parent this user may
      // write, so the verdict is "created on first use" whatever earlier runs left on the machine.
      nixStoreRoot = mkdtempSync(join(tmpdir(), 'flywheel-nix-root-'));
      cluster = await startSimulatedCluster({
        clock: 'real',
        timings: FAST_REAL_TIME_TIMINGS,
      });
      await cluster.arc.addScaleSet({ name: 'nix', minRunners: 0, maxRunners: 4, labels: ['tinyland-nix'] });
      const tofuDir = tofuWorkdir({ nix: { min_runners: 0, max_runners: 6 } }, { namespace: 'arc-runners' });
      const cli = cliCommand();
      const pipeline = `
stages: [check, measure, use, deploy]

include:
  - local: templates/canary-check.yml
    inputs:
      stage: check
      job-prefix: inside-
      cli-command: ${cli}
      mode: inside
      runner-labels: nix
      attic-endpoint: ${attic.url}
      attic-cache: team
      min-free-disk: 1Ki
      work-root: ${workRoot}
      nix-store: ${nixStoreRoot}/nix/store
  - local: templates/canary-check.yml
    inputs:
      stage: check
      job-prefix: outside-
      cli-command: ${cli}
      mode: outside
      forge: gitlab
      token: glpat-components-reader
      runner-labels: nix
      check-workflows: false
      recent-runs: 0
  - local: templates/benchmark.yml
    inputs:
      stage: measure
      job-prefix: e2e-
      cli-command: ${cli}
      command: echo measured >> "$CI_PROJECT_DIR/bench-runs.txt"
      runs: 3
      runner-label: nix
      cache-baseline: false
  - local: templates/attic-setup.yml
    inputs:
      stage: check
      job-prefix: e2e-
      cli-command: ${cli}
      endpoint: ${attic.url}
      cache: team
      token: ${token}
      push: never
      buildkit-cache-ref: registry.flywheel.test/app:buildcache
  - local: templates/arc-apply.yml
    inputs:
      stage: deploy
      job-prefix: e2e-
      cli-command: ${cli}
      kubeconfig: ${cluster.kubeconfigPath}
      scale-sets: tinyland-nix
      tofu-bin: ${tofuStandinPath}
      working-directory: ${tofuDir}
      var-files: runners.tfvars
      grace: 1s
      poll-interval: 500ms
      prove-timeout: 60s
      drain-timeout: 30s

e2e-arc-apply:
  variables:
    # The tofu stand-in finds the simulated cluster the way tofu would.
    KUBECONFIG: ${cluster.kubeconfigPath}

build:
  stage: measure
  extends: .e2e-attic-cache
  script:
    - echo "nix-conf=$NIX_USER_CONF_FILES" > build-saw.txt

consume:
  stage: use
  needs: [e2e-benchmark, e2e-attic-setup]
  script:
    - echo "median=$FLYWHEEL_BENCHMARK_MEDIAN_MS" > consumed.txt
    - echo "substituter=$FLYWHEEL_ATTIC_SETUP_SUBSTITUTER" >> consumed.txt
    - echo "cache-from=$FLYWHEEL_ATTIC_SETUP_CACHE_FROM" >> consumed.txt
`;
      project = createProject(pipeline);
      run = await project.run([
        '--concurrency',
        '1',
        '--variable',
        // gitlab-ci-local says GITLAB_CI=false; a real GitLab job says true, which is what the CLI reads.
        'GITLAB_CI=true',
        '--variable',
        `CI_SERVER_URL=${gitlab.url}`,
      ]);
    }, 180_000);

    afterAll(async () => {
      await attic?.stop();
      await gitlab?.stop();
      await cluster?.stop();
      for (const dir of [workRoot, nixStoreRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('runs the whole pipeline green', () => {
      expect(run.log).toMatch(/PASS\s+consume/);
      expect(run.exitCode, run.log.slice(-4000)).toBe(0);
    });

    it('benchmark: measures the command, reports outputs as dotenv and keeps the result file', () => {
      const runs = readFileSync(join(project.dir, 'bench-runs.txt'), 'utf8').trim().split('\n');
      expect(runs).toEqual(['measured', 'measured', 'measured']);
      const out = dotenv('e2e-benchmark', 'benchmark');
      expect(Number(out['FLYWHEEL_BENCHMARK_MEDIAN_MS'])).toBeGreaterThanOrEqual(0);
      expect(out['FLYWHEEL_BENCHMARK_RECORD_FILE']).toContain('/.flywheel/benchmark/results/');
      const record = readdirSync(
        join(
          project.dir,
          '.gitlab-ci-local',
          'artifacts',
          'e2e-benchmark',
          '.flywheel',
          'benchmark',
          'results',
        ),
      );
      expect(record).toHaveLength(1);
      expect(artifact('e2e-benchmark', '.flywheel/benchmark/summary.md')).toContain('| 3 |');
      const result = JSON.parse(artifact('e2e-benchmark', '.flywheel/benchmark/result.json'));
      expect(result.meta.platform).toBe('gitlab');
      expect(result.meta.action).toBe('benchmark');
    });

    it('hands the outputs to a later job through the dotenv report', () => {
      const consumed = parseDotenv(readFileSync(join(project.dir, 'consumed.txt'), 'utf8'));
      const bench = dotenv('e2e-benchmark', 'benchmark');
      expect(consumed['median']).toBe(bench['FLYWHEEL_BENCHMARK_MEDIAN_MS']);
      expect(consumed['substituter']).toBe(`${attic.url}/team`);
      expect(consumed['cache-from']).toContain('registry.flywheel.test/app:buildcache');
    });

    it('canary-check inside: JUnit with one case per check, counts and verdict in the dotenv', () => {
      const out = dotenv('inside-canary-check', 'canary-check');
      const junit = artifact('inside-canary-check', '.flywheel/canary-check/canary-check.junit.xml');
      const result = JSON.parse(artifact('inside-canary-check', '.flywheel/canary-check/result.json'));
      const checks = result.data.checks as Array<{ title: string; status: string }>;
      expect(testcases(junit)).toEqual(checks.map((c) => c.title));
      expect(out['FLYWHEEL_CANARY_CHECK_STATUS']).toBe(result.data.verdict);
      expect(Number(out['FLYWHEEL_CANARY_CHECK_PASSED'])).toBe(
        checks.filter((c) => c.status === 'pass').length,
      );
      expect(Number(out['FLYWHEEL_CANARY_CHECK_FAILED'])).toBe(
        checks.filter((c) => c.status === 'fail').length,
      );
      // The Attic check talked to the fake through the endpoint given as an input.
      expect(checks.find((c) => /attic/i.test(c.title))?.status).toBe('pass');
      expect(attic.requests('GET', '/team/nix-cache-info').length).toBeGreaterThan(0);
    });

    it('canary-check outside: asks the GitLab API named by CI_API_V4_URL about this project', () => {
      const out = dotenv('outside-canary-check', 'canary-check');
      expect(out['FLYWHEEL_CANARY_CHECK_STATUS']).toMatch(/^(pass|warn)$/);
      const runnerLists = gitlab.requests(
        'GET',
        /^\/api\/v4\/projects\/(platform%2Fcomponents|\d+)\/runners/,
      );
      expect(runnerLists.length).toBeGreaterThan(0);
      const junit = artifact('outside-canary-check', '.flywheel/canary-check/canary-check.junit.xml');
      expect(junit).toContain('platform/components');
      expect(artifact('outside-canary-check', '.flywheel/canary-check/summary.md')).toContain(
        'platform/components',
      );
    });

    it('attic-setup: probes the cache and publishes the wiring; state and env.sh stay out of artifacts', () => {
      const out = dotenv('e2e-attic-setup', 'attic-setup');
      expect(out['FLYWHEEL_ATTIC_SETUP_NIX_CACHE_AVAILABLE']).toBe('true');
      expect(out['FLYWHEEL_ATTIC_SETUP_PUBLIC_KEY']).toMatch(/^team:/);
      expect(hasArtifact('e2e-attic-setup', '.flywheel/attic-setup/summary.md')).toBe(true);
      expect(hasArtifact('e2e-attic-setup', '.flywheel/attic-setup/state.json')).toBe(false);
      expect(hasArtifact('e2e-attic-setup', '.flywheel/attic-setup/env.sh')).toBe(false);
      const post = JSON.parse(artifact('e2e-attic-setup', '.flywheel/attic-setup/post-result.json'));
      expect(post.meta.phase).toBe('post');
    });

    it('arc-apply: applies through the CLI, proves the listeners, then runs its post phase in after_script', () => {
      const out = dotenv('e2e-arc-apply', 'arc-apply');
      expect(out['FLYWHEEL_ARC_APPLY_PROVEN']).toBe('true');
      expect(out['FLYWHEEL_ARC_APPLY_FROZEN_SETS']).toBe('arc-runners/nix');
      expect(out['FLYWHEEL_ARC_APPLY_RESTORED']).toBe('nix');
      const ars = cluster.store.get('AutoscalingRunnerSet', 'arc-runners', 'nix') as {
        spec?: { maxRunners?: number };
      };
      expect(ars?.spec?.maxRunners).toBe(6);
      expect(JSON.parse(artifact('e2e-arc-apply', '.flywheel/arc-apply/post-result.json')).meta.phase).toBe(
        'post',
      );
      expect(run.log).toMatch(/e2e-arc-apply\s+\$ flywheel_cli arc-apply --phase post/);
    });

    it('the hidden job wires the cache into a build job before its script', () => {
      const saw = readFileSync(join(project.dir, 'build-saw.txt'), 'utf8').trim();
      expect(saw).toMatch(/^nix-conf=\/.+/);
      expect(run.log).toMatch(/build\s+\$ flywheel_cli attic-setup --phase post/);
    });
  },
);
