export { FakeGitLab, type GitLabJobSeed, type GitLabProjectSeed, type GitLabRunnerSeed } from './fake-gitlab';
