/** A table cell: pipes and newlines would break the row; HTML is shown as text. */
export function escapeCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** Text inside a Mermaid definition: quotes, colons and semicolons end statements there. */
export function escapeMermaid(value: string): string {
  return value
    .replace(/["`]/g, "'")
    .replace(/[:;#]/g, ' ')
    .replace(/[\r\n]+/g, ' ')
    .trim();
}
