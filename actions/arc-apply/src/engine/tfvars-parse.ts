import { FlywheelError } from '@gloriousflywheel/shared';

/**
 * A parser for the subset of HCL that tfvars files use: `name = value` attributes whose values are
 * strings, numbers, booleans, null, lists and objects (`=` or `:` between key and value), with
 * `#`, `//` and `/* *\/` comments and heredocs. Expressions (interpolation, function calls) are
 * refused rather than guessed. It backs up the WebAssembly parser where a bundle cannot load it,
 * and the tests hold the two to the same answers.
 */
export function parseTfvars(text: string, file = 'tfvars'): Record<string, unknown> {
  let i = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new FlywheelError('INPUT_INVALID', `${file}:${line}: ${what}`);
  };
  const skip = (newlines: boolean) => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && (c === '\n' || c === ','))) i++;
      else if (c === '#' || (c === '/' && text[i + 1] === '/'))
        while (i < text.length && text[i] !== '\n') i++;
      else if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('unterminated comment');
        i = end + 2;
      } else return;
    }
  };
  const ident = (): string => {
    const m = /^[A-Za-z_][\w-]*/.exec(text.slice(i));
    if (!m) return fail(`expected a name, found ${JSON.stringify(text.slice(i, i + 10))}`);
    i += m[0].length;
    return m[0];
  };
  const string = (): string => {
    i++; // opening quote
    let out = '';
    while (i < text.length && text[i] !== '"') {
      const c = text[i]!;
      if (c === '\n') fail('newline in a string');
      if ((c === '$' || c === '%') && text[i + 1] === '{')
        fail('interpolation is not supported in tfvars targets');
      if (c === '\\') {
        const e = text[++i];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
        if (e === 'u') {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 1, i + 5), 16));
          i += 5;
          continue;
        }
        if (!e || !(e in map)) fail(`unknown escape \\${e}`);
        out += map[e!];
        i++;
        continue;
      }
      out += c;
      i++;
    }
    if (text[i] !== '"') fail('unterminated string');
    i++;
    return out;
  };
  const heredoc = (): string => {
    const m = /^<<(-?)([A-Za-z_]\w*)\r?\n/.exec(text.slice(i));
    if (!m) return fail('bad heredoc');
    i += m[0].length;
    const lines: string[] = [];
    for (;;) {
      const end = text.indexOf('\n', i);
      const line = text.slice(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 1;
      if (line.trim() === m[2]) break;
      if (end < 0) fail('unterminated heredoc');
      lines.push(line);
    }
    if (m[1]) {
      const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
      return lines.map((l) => l.slice(indent)).join('\n') + '\n';
    }
    return lines.join('\n') + '\n';
  };
  const value = (): unknown => {
    skip(true);
    const c = text[i];
    if (c === '"') return string();
    if (c === '<' && text[i + 1] === '<') return heredoc();
    if (c === '[') {
      i++;
      const list: unknown[] = [];
      for (;;) {
        skip(true);
        if (text[i] === ']') {
          i++;
          return list;
        }
        list.push(value());
      }
    }
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      for (;;) {
        skip(true);
        if (text[i] === '}') {
          i++;
          return obj;
        }
        const key = text[i] === '"' ? string() : ident();
        skip(false);
        if (text[i] !== '=' && text[i] !== ':') fail(`expected = after ${key}`);
        i++;
        obj[key] = value();
      }
    }
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    const word = ident();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return fail(`expressions such as ${word}… are not supported in tfvars targets`);
  };
  const doc: Record<string, unknown> = {};
  for (;;) {
    skip(true);
    if (i >= text.length) return doc;
    const name = ident();
    skip(false);
    if (text[i] !== '=') fail(`expected = after ${name}`);
    i++;
    doc[name] = value();
  }
}
