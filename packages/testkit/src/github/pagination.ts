/** GitHub-style pagination: `per_page` (default 30, max 100), `page`, and a `Link` header. */
export interface Page<T> {
  items: T[];
  link?: string;
}

export function paginate<T>(all: T[], url: URL, publicBase: string): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const items = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const linkTo = (n: number) => {
    const next = new URL(url.pathname + url.search, publicBase);
    next.searchParams.set('per_page', String(perPage));
    next.searchParams.set('page', String(n));
    return next.toString();
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`<${linkTo(page - 1)}>; rel="prev"`, `<${linkTo(1)}>; rel="first"`);
  if (page < last) rels.push(`<${linkTo(page + 1)}>; rel="next"`, `<${linkTo(last)}>; rel="last"`);
  return rels.length ? { items, link: rels.join(', ') } : { items };
}
