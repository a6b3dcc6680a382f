/**
 * Keep a Changelog: `## [Unreleased]`, then `## [1.2.3] - 2026-01-31` per release, newest first.
 * The release needs the entry of its version; its body becomes the release notes.
 */
const HEADING = /^## \[([^\]]+)\](?:\s+-\s+(\d{4}-\d{2}-\d{2}))?\s*$/gm;

/** Every `## [...]` section: its name, date and body (up to the next section or the link list). */
export function changelogSections(text) {
  const heads = [...text.matchAll(HEADING)];
  return heads.map((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < heads.length ? heads[i + 1].index : text.length;
    const body = text
      .slice(start, end)
      .replace(/^\[[^\]]+\]:\s+\S+\s*$/gm, '')
      .trim();
    return { name: m[1], date: m[2], body };
  });
}

/** The entry of one version, or undefined; an entry must be dated and say something. */
export function changelogEntry(text, version) {
  const section = changelogSections(text).find((s) => s.name === version);
  if (!section?.date || section.body === '') return undefined;
  return section;
}
