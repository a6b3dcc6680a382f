/**
 * Parses what an action wrote on stdout the way the runner does: workflow commands
 * (`::error file=a,line=3::msg`) and the file-command format of GITHUB_OUTPUT/ENV/STATE.
 */

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  file?: string;
  line?: number;
  endLine?: number;
  title?: string;
  phase: 'main' | 'post';
}

export interface ParsedStdout {
  annotations: Annotation[];
  masks: string[];
  groups: string[];
  debug: string[];
  /** stdout as the log shows it: command lines the runner consumes removed, no masking applied. */
  log: string;
}

const COMMAND = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/;

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

export function parseStdout(stdout: string, phase: 'main' | 'post'): ParsedStdout {
  const result: ParsedStdout = { annotations: [], masks: [], groups: [], debug: [], log: '' };
  const logLines: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = COMMAND.exec(line);
    if (!match) {
      logLines.push(line);
      continue;
    }
    const [, command, rawProps = '', rawData = ''] = match;
    const data = unescapeData(rawData);
    const props = Object.fromEntries(
      rawProps
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const eq = pair.indexOf('=');
          return [pair.slice(0, eq), unescapeProperty(pair.slice(eq + 1))];
        }),
    ) as Record<string, string>;
    switch (command) {
      case 'add-mask':
        result.masks.push(data);
        break;
      case 'error':
      case 'warning':
      case 'notice':
        result.annotations.push({
          level: command,
          message: data,
          phase,
          ...(props['file'] ? { file: props['file'] } : {}),
          ...(props['line'] ? { line: Number(props['line']) } : {}),
          ...(props['endLine'] ? { endLine: Number(props['endLine']) } : {}),
          ...(props['title'] ? { title: props['title'] } : {}),
        });
        logLines.push(line);
        break;
      case 'group':
        result.groups.push(data);
        logLines.push(line);
        break;
      case 'debug':
        result.debug.push(data);
        break;
      default:
        logLines.push(line);
    }
  }
  result.log = logLines.join('\n');
  return result;
}

/** Reads a GITHUB_OUTPUT-style file: `key=value` lines and `key<<DELIM … DELIM` blocks. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, key, delimiter] = heredoc;
      const body: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== delimiter) body.push(lines[i++]!);
      if (i >= lines.length) throw new Error(`unterminated ${key}<<${delimiter} block`);
      values[key!] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`malformed file-command line: ${line}`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}
