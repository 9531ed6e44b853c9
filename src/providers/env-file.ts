import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../incident/private-fs.js';
import { SpillkitError } from '../errors.js';

/**
 * Delivers rotated values into a dotenv file: only the named variables change (every occurrence, with
 * any `export ` prefix, quoting style and trailing comment kept), missing ones are appended, every
 * other byte stays as it was. The file is replaced atomically and is mode 0600 from creation.
 */
export function updateEnvText(text: string, values: Record<string, string>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.length ? text.split(/\r?\n/) : [];
  const trailingNewline = text.length === 0 || /\r?\n$/.test(text);
  if (trailingNewline && lines.length) lines.pop();
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/.exec(line);
    if (!m || !(m[2] in values)) return line;
    seen.add(m[2]);
    return `${m[1]}${m[2]}${m[3]}${requote(m[4], values[m[2]])}`;
  });
  for (const [name, value] of Object.entries(values)) {
    if (!seen.has(name)) out.push(`${name}=${quoteIfNeeded(value)}`);
  }
  return out.length ? `${out.join(eol)}${eol}` : '';
}

/** Keeps the old value's quoting and any ` # comment` after it. */
function requote(old: string, value: string): string {
  const q = old[0];
  if (q === '"' || q === "'") {
    const end = old.indexOf(q, 1);
    const rest = end >= 0 ? old.slice(end + 1) : '';
    return `${q}${value}${q}${rest}`;
  }
  const comment = /\s+#.*$/.exec(old);
  // An unquoted value stays unquoted while it holds nothing a dotenv parser or a shell would read
  // differently (a URL query with `?` is fine there): a rotated DATABASE_URL keeps its line's style.
  const plain = /^[^\s"'\\$`#;|&<>(){}*]*$/.test(value);
  return `${plain ? value : quoteIfNeeded(value)}${comment ? comment[0] : ''}`;
}

function quoteIfNeeded(value: string): string {
  return /^[A-Za-z0-9_./+=:@-]*$/.test(value) ? value : `"${value.replace(/(["\\$`])/g, '\\$1')}"`;
}

export function writeEnvFile(file: string, values: Record<string, string>): void {
  let current = '';
  try {
    if (existsSync(file)) current = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SpillkitError('IO', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  writeFileAtomic(file, updateEnvText(current, values));
}
