export type PlatformKind = 'github' | 'gitlab' | 'terminal';
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  column?: number;
}

/** Where and why the job runs, whatever the CI system. */
export interface RunContext {
  platform: PlatformKind;
  /** `owner/repo` on GitHub, the project path on GitLab. */
  repository?: string;
  ref?: string;
  sha?: string;
  runId?: string;
  runAttempt?: number;
  jobId?: string;
  event?: string;
  /** True when the change comes from a fork: never push caches or use write tokens then. */
  isFork: boolean;
  serverUrl: string;
  apiUrl: string;
  /** The CI system's own token when one is provided to the job (GitLab's job token). */
  token?: string;
  workspace: string;
  runnerName?: string;
  runnerOs?: string;
  runnerArch?: string;
  /** The runner's temp dir, emptied after every job on GitHub. */
  runnerTemp: string;
}

/**
 * What an action may do to the CI system it runs in. One implementation per system; nothing
 * outside `platform/` knows which one is in use.
 */
export interface Platform {
  readonly kind: PlatformKind;
  readonly context: RunContext;
  /** Where reports meant to be kept (result file, JUnit) go, when the CI system collects them from a folder. */
  readonly reportDir?: string;
  /** The raw value of an input, '' when unset. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  addPath(dir: string): void;
  setSecret(value: string): void;
  /** Appends Markdown to the step summary (GitHub) or the summary artifact (GitLab). */
  appendSummary(markdown: string): void;
  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties): void;
  info(message: string): void;
  debug(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  /** Marks the step failed with this message (the exit code follows). */
  fail(message: string): void;
  /** Writes whatever the adapter keeps until the end (dotenv, JUnit, JSON on stdout). */
  finish(result: unknown): Promise<void>;
}
