/**
 * A Kubernetes label selector evaluated locally (equality and set-based forms), so a scope given
 * as a selector is resolved against one list of scale sets instead of one request per selector.
 */
export function matchesSelector(labels: Record<string, string> | undefined, selector: string): boolean {
  const l = labels ?? {};
  return splitTerms(selector).every((term) => matchTerm(l, term));
}

export function looksLikeSelector(text: string): boolean {
  return /[=!]|\s(in|notin)\s*\(/.test(text);
}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms.filter(Boolean);
}

function matchTerm(labels: Record<string, string>, term: string): boolean {
  const set = term.match(/^([^\s!=]+)\s+(in|notin)\s*\(([^)]*)\)$/);
  if (set) {
    const values = set[3]!.split(',').map((v) => v.trim());
    const value = labels[set[1]!];
    return set[2] === 'in' ? value !== undefined && values.includes(value) : !values.includes(value ?? '\0');
  }
  const neq = term.match(/^([^\s!=]+)\s*!=\s*(.*)$/);
  if (neq) return labels[neq[1]!] !== neq[2]!.trim();
  const eq = term.match(/^([^\s!=]+)\s*==?\s*(.*)$/);
  if (eq) return labels[eq[1]!] === eq[2]!.trim();
  if (term.startsWith('!')) return !(term.slice(1).trim() in labels);
  return term in labels;
}
