import type { ActionDefinition, InputsOf, OutputsOf } from './inputs/spec';
import type { AnnotationLevel, AnnotationProperties, Platform, RunContext } from './platform/types';
import type { SummaryBuilder } from './summary/builder';

export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  /** A warning annotation (shown on the run page) and a log line. */
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
  /** Runs fn inside a collapsible log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

/** Values carried from main to post (GitHub's state, GitLab's state file); JSON-serialisable. */
export interface StateStore {
  save(key: string, value: unknown): void;
  load<T>(key: string): T | undefined;
}

export type OutputValue = string | number | boolean;

export interface ActionContext<D extends ActionDefinition = ActionDefinition> {
  readonly phase: 'main' | 'post';
  readonly definition: D;
  readonly inputs: InputsOf<D>;
  readonly platform: Platform;
  readonly context: RunContext;
  readonly log: Logger;
  readonly summary: SummaryBuilder;
  readonly state: StateStore;
  /** A private (0700) folder under the runner's temp dir for this action's files. */
  readonly tempDir: string;
  setOutput(name: OutputsOf<D>, value: OutputValue): void;
  exportVariable(name: string, value: string): void;
  addPath(dir: string): void;
  setSecret(value: string): void;
  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties): void;
}

export type PhaseFunction<D extends ActionDefinition = ActionDefinition> = (
  ctx: ActionContext<D>,
) => Promise<unknown>;
