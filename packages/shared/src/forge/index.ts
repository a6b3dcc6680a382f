export { errorStatus, toForgeError } from './errors';
export {
  createGitHubClient,
  GITHUB_PER_PAGE,
  type GitHubClient,
  type GitHubClientOptions,
  type RateLimitEvent,
} from './github-client';
export { GitHubSource } from './github-source';
export { workflowJobs } from './github-workflow-jobs';
export { gitlabCiJobs } from './gitlab-ci-jobs';
export {
  createGitLabClient,
  GITLAB_PER_PAGE,
  type GitLabClient,
  type GitLabClientOptions,
} from './gitlab-client';
export { GitLabSource } from './gitlab-source';
export { poolServes } from './pool-serves';
export type {
  CiConfig,
  CiJob,
  FleetScope,
  ForgeChange,
  ForgeHistoryJob,
  ForgeJob,
  ForgeRepository,
  ForgeRun,
  ForgeRunner,
  ForgeSource,
  PoolAccess,
  PoolRules,
  RunnerPool,
  RunnerScope,
  ScopeRunners,
} from './source';
export { RequestBudget } from './source';
