export interface ParsedVersion {
  version: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: string | undefined;
}
export function parseVersion(text: string): ParsedVersion | undefined;
