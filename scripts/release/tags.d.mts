export const FIRST_PUBLIC_VERSION: string;
export function githubTags(version: string): string[];
export function gitlabTag(version: string): string;
export function gitlabRefsFor(version: string): string[];
