export { type CreatePlatformOptions, createPlatform, detectPlatformKind } from './detect';
export { envName, inputEnvName } from './env-name';
export { readJsonFile, shellQuote, writePrivateFile, xmlEscape } from './files';
export { GitHubPlatform, githubContext } from './github';
export { type GitLabOptions, GitLabPlatform, gitlabContext } from './gitlab';
export { forgetSecrets, knownSecrets, redact, registerSecret } from './secrets';
export { type TerminalOptions, TerminalPlatform, terminalContext } from './terminal';
export type { AnnotationLevel, AnnotationProperties, Platform, PlatformKind, RunContext } from './types';
