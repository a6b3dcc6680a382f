export const DIST_PATHS: string[];
export function modeDifferences(dir: string, paths: string[]): string[];
