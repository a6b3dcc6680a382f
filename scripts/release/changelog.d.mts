export interface ChangelogSection {
  name: string;
  date: string | undefined;
  body: string;
}
export function changelogSections(text: string): ChangelogSection[];
export function changelogEntry(text: string, version: string): ChangelogSection | undefined;
