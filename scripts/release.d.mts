export const COMPONENT_DIR: string;
export function verify(root: string, tag: string, notesFile?: string): { body: string; date: string };
export function release(
  root: string,
  version: string,
  options?: { dryRun?: boolean; push?: boolean; remote?: string },
): string[];
export function gitlabProject(
  root: string,
  tag: string,
  options?: { push?: string; dryRun?: boolean; token?: string },
): string[];
