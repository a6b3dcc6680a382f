/**
 * The words each forge uses and the fixes that work there: the checks decide the verdict once,
 * and speak to GitHub users of labels, workflows and runner groups, to GitLab users of tags,
 * pipelines and runner settings. The platform serves GitHub through ARC runner scale sets and
 * GitLab through registered runners on Kubernetes, so the capacity fixes name those.
 */
export interface ForgeTerms {
  repository: string;
  label: string;
  /** `"nix"` on GitHub, `tag "nix"` on GitLab. */
  named: (label: string) => string;
  /** The evidence line's name for the queue figure, which each forge measures its own way. */
  queueWait: string;
  /** What recent jobs come from, and the window they were read over. */
  runs: string;
  window: (maxRuns: number, jobsSeen: number) => string;
  /** The pools whose rules decide access, in the singular. */
  pool: string;
  ciFiles: string;
  /** What a repository without CI configuration lacks. */
  ciMissing: string;
  /** An example CI file path, for a workflow restriction's fix. */
  ciExample: string;
  fix: {
    readRepository: (status: number | undefined, fullName: string) => string;
    readRunners: string;
    readSelected: string;
    noRunner: (label: string, fullName: string) => string;
    unserved: (label: string, fullName: string) => string;
    paused: string;
    warmPool: (label: string) => string;
    offline: string;
    allBusy: (label: string) => string;
    readJobs: string;
    proveLabel: (label: string) => string;
    stuck: (label: string) => string;
    notPickedUp: string;
    slowQueue: (label: string) => string;
    addCi: (label: string) => string;
    readCi: string;
    useLabel: (label: string) => string;
  };
}

const ORG_RUNNER_PERMISSION =
  'use a token that may read the organization\'s self-hosted runners (GitHub App permission "Self-hosted runners: read" on the organization, or a classic token with admin:org read)';

const github: ForgeTerms = {
  repository: 'repository',
  label: 'label',
  named: (label) => `"${label}"`,
  queueWait: 'queue wait',
  runs: 'workflow runs',
  window: (maxRuns) => `the last ${maxRuns} run(s)`,
  pool: 'group',
  ciFiles: 'workflow file(s)',
  ciMissing: '.github/workflows folder',
  ciExample: '.github/workflows/ci.yml',
  fix: {
    readRepository: (status, full) =>
      status === 404
        ? `check the name ${full}; if it is right, the token cannot see it: install the GitHub App on ${full} (or grant the token access to it)`
        : status === 401
          ? 'the token was rejected: check that it is set and not expired'
          : `grant the token read access to ${full} (contents: read, metadata: read)`,
    readRunners: ORG_RUNNER_PERMISSION,
    readSelected: 'give the token permission to read runner groups (organization self-hosted runners: read)',
    noRunner: (label, full) =>
      `check the label is spelled as the scale set publishes it, and that the scale set's runner group serves ${full}; run a job with runs-on: ${label} to prove it`,
    unserved: (label, full) => `make a runner group with "${label}" runners available to ${full}`,
    paused: 'resume the paused runners',
    warmPool: (label) =>
      `if the scale set for "${label}" should keep a warm pool, raise its minRunners; otherwise check recent jobs got a runner`,
    offline: 'check the runner pods and the scale set listener; offline runners never pick up jobs',
    allBusy: (label) => `raise maxRunners of the "${label}" scale set, or add overflow capacity`,
    readJobs: 'grant the token actions: read on the repository',
    proveLabel: (label) =>
      `run a workflow with runs-on: ${label} (for example the platform-proof workflow) to prove the lane`,
    stuck: (label) =>
      `a job that never starts means no runner with "${label}" may serve this repository: fix the runner group (check 2) or the scale set's listener`,
    notPickedUp: 'wait for the queued jobs or check the scale set listener',
    slowQueue: (label) =>
      `add capacity for "${label}" (maxRunners, a warm pool via minRunners) or spread jobs over time`,
    addCi: (label) => `add a workflow with runs-on: ${label}`,
    readCi: 'grant the token contents: read',
    useLabel: (label) =>
      `set runs-on: ${label} (or [self-hosted, ${label}]) on the jobs that should run on the platform`,
  },
};

const gitlab: ForgeTerms = {
  repository: 'project',
  label: 'tag',
  named: (label) => `tag "${label}"`,
  queueWait: 'queued_duration',
  runs: 'jobs',
  window: (_maxRuns, seen) => `the ${seen} most recent job(s)`,
  pool: 'runner type',
  ciFiles: 'CI file(s)',
  ciMissing: '.gitlab-ci.yml on its default branch',
  ciExample: '.gitlab-ci.yml',
  fix: {
    readRepository: (_status, path) => `check the project path and give the token read_api on ${path}`,
    readRunners: 'give the token read_api with at least the Maintainer role on the project',
    readSelected: 'give the token read_api with at least the Maintainer role on the project',
    noRunner: (label) =>
      `register a runner with the tag "${label}" for the project or its group, or enable instance runners for the project`,
    unserved: (label, path) => `make a runner with the tag "${label}" available to ${path}`,
    paused: "resume (unpause) a runner with the tag in the project's or group's CI/CD settings",
    warmPool: (label) => `keep a runner with the tag "${label}" registered and online`,
    offline: 'check the runner deployment in the gitlab-runners namespace',
    allBusy: (label) => `add runner replicas (HPA max) for the tag "${label}"`,
    readJobs: 'give the token read_api on the project',
    proveLabel: (label) => `run a pipeline with a job tagged "${label}"`,
    stuck: () => 'no runner takes these jobs: check runner tags, paused state and run_untagged',
    notPickedUp: 'wait for the pending jobs or check the runner deployment',
    slowQueue: () => 'add runner replicas (HPA max) for the tag',
    addCi: (label) => `add jobs with tags: [${label}]`,
    readCi: 'give the token read_repository (or read_api)',
    useLabel: (label) => `add tags: [${label}] to the jobs that should run on the platform (or to default:)`,
  },
};

export const FORGE_TERMS: Record<'github' | 'gitlab', ForgeTerms> = { github, gitlab };
