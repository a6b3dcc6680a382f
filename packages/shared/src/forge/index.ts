export { errorStatus, toForgeError } from './errors';
export {
  createGitHubClient,
  GITHUB_PER_PAGE,
  type GitHubClient,
  type GitHubClientOptions,
  type RateLimitEvent,
} from './github-client';
export {
  createGitLabClient,
  GITLAB_PER_PAGE,
  type GitLabClient,
  type GitLabClientOptions,
} from './gitlab-client';
