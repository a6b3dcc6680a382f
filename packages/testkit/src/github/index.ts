export { FakeGitHub, type FakeGitHubOptions, type SecondaryLimit } from './fake-github';
export type {
  SeedCache,
  SeedCommit,
  SeedJob,
  SeedOrg,
  SeedPull,
  SeedRepo,
  SeedRun,
  SeedRunner,
  SeedRunnerGroup,
  SeedStep,
  SeedToken,
} from './model';
export { hasGitHubOperation, validateGitHubResponse } from './openapi-validator';
export { type PlatformOrg, type PlatformOrgOptions, seedPlatformOrg } from './platform-org';
