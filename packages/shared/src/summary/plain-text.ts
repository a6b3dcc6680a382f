import { Lexer, type Token, type Tokens } from 'marked';
import stringWidth from 'string-width';

/**
 * A summary as a terminal shows it: the Markdown written for GitHub's step summary and GitLab's
 * summary.md, turned into plain text. Tables become aligned columns, headings plain lines,
 * `<details>` its title and body, and a Mermaid chart (which only a browser draws) one line that
 * names it. marked parses; only the rendering is ours.
 */
export function markdownToPlainText(markdown: string): string {
  const blocks = renderBlocks(new Lexer({ gfm: true }).lex(markdown));
  return `${blocks
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function renderBlocks(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    const text = renderBlock(token);
    if (text.trim()) out.push(text);
  }
  return out;
}

function renderBlock(token: Token): string {
  switch (token.type) {
    case 'heading': {
      const text = inline((token as Tokens.Heading).tokens);
      const depth = (token as Tokens.Heading).depth;
      return depth <= 2 ? `${text}\n${(depth === 1 ? '=' : '-').repeat(stringWidth(text))}` : text;
    }
    case 'paragraph':
      return inline((token as Tokens.Paragraph).tokens);
    case 'text': {
      const t = token as Tokens.Text;
      return t.tokens ? inline(t.tokens) : decode(t.text);
    }
    case 'table':
      return table(token as Tokens.Table);
    case 'list':
      return list(token as Tokens.List);
    case 'code':
      return code(token as Tokens.Code);
    case 'blockquote':
      return renderBlocks((token as Tokens.Blockquote).tokens)
        .join('\n\n')
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n');
    case 'html':
      return html((token as Tokens.HTML).text);
    case 'hr':
      return '----';
    case 'space':
      return '';
    default:
      return 'text' in token && typeof token.text === 'string' ? decode(token.text) : '';
  }
}

/** `<details><summary>Title</summary>` keeps its title; every other tag goes. */
function html(text: string): string {
  return decode(
    text
      .replace(/<summary>([\s\S]*?)<\/summary>/gi, '$1:')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  ).trim();
}

function code(token: Tokens.Code): string {
  if (token.lang === 'mermaid') {
    const title = /^\s*title\s+"?([^"\n]*)"?/m.exec(token.text)?.[1]?.trim();
    return `(${title ? `chart "${title}"` : 'a chart'}: drawn in the GitHub step summary and GitLab's summary.md)`;
  }
  return token.text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function list(token: Tokens.List): string {
  const start = typeof token.start === 'number' ? token.start : 1;
  return token.items
    .map((item, i) => {
      const marker = token.ordered ? `${start + i}.` : '-';
      const body = renderBlocks(item.tokens).join('\n');
      return `${marker} ${body.split('\n').join(`\n${' '.repeat(marker.length + 1)}`)}`;
    })
    .join('\n');
}

function table(token: Tokens.Table): string {
  const header = token.header.map((cell) => inline(cell.tokens).replace(/\n/g, ' '));
  const rows = token.rows.map((row) => row.map((cell) => inline(cell.tokens).replace(/\n/g, ' ')));
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => pad(cell, widths[i] ?? 0, token.align[i] === 'right'))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return right ? `${fill}${text}` : `${text}${fill}`;
}

function inline(tokens: Token[] | undefined): string {
  if (!tokens) return '';
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'strong':
        case 'em':
        case 'del':
          return inline((token as Tokens.Strong).tokens);
        case 'codespan':
          return decode((token as Tokens.Codespan).text);
        case 'link': {
          const link = token as Tokens.Link;
          const text = inline(link.tokens);
          return text === link.href ? text : `${text} (${link.href})`;
        }
        case 'br':
          return '\n';
        case 'html':
          return html((token as Tokens.Tag).text);
        case 'escape':
          return (token as Tokens.Escape).text;
        case 'text': {
          const t = token as Tokens.Text;
          return t.tokens ? inline(t.tokens) : decode(t.text);
        }
        default:
          return 'text' in token && typeof token.text === 'string' ? decode(token.text) : '';
      }
    })
    .join('');
}

/** The entities escapeCell writes (and marked leaves in text) back to characters. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
