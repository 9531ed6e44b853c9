/**
 * Where a config error points: the line of a field in a YAML/JSON spillkit config (through the YAML
 * document's node ranges) or in a gitleaks TOML (by searching the text, smol-toml keeps no positions),
 * and the BAD_CONFIG error `<file>:<line>: <what is wrong>` both config formats throw.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document } from 'yaml';
import { SpillkitError } from '../errors.js';

/** A field's place in the spillkit config document: keys and list indexes from the root. */
export type Path = Array<string | number>;
/** The 1-based line of a path, or null when it cannot be told. */
export type Locate = (path: Path) => number | null;

/** The n-th (0-based) TOML table whose header line matches `header`. */
export interface TomlSection {
  header: RegExp;
  index: number;
}

/** A parsed spillkit config with the line locators of its fields and of its keys. */
export interface LocatedConfig {
  value: unknown;
  locate: Locate;
  locateKey: Locate;
}

export function badConfig(file: string, line: number | null, what: string): SpillkitError {
  return new SpillkitError('BAD_CONFIG', line === null ? `${file}: ${what}` : `${file}:${line}: ${what}`, { file, line });
}

/** Where a value sits in the source: first line holding one of the needles after the section header. */
export function findLine(text: string, needles: string[], section: TomlSection | null): number {
  const lines = text.split(/\r?\n/);
  let start = 0;
  if (section) {
    let seen = -1;
    for (let n = 0; n < lines.length; n++) {
      if (section.header.test(lines[n]) && ++seen === section.index) {
        start = n;
        break;
      }
    }
  }
  const variants = needles.filter((s) => s.length > 0).flatMap((s) => [s, s.replace(/\\/g, '\\\\'), JSON.stringify(s)]);
  for (let n = start; n < lines.length; n++) if (variants.some((v) => lines[n].includes(v))) return n + 1;
  return start + 1;
}

function yamlLocator(doc: Document, counter: LineCounter): Locate {
  return (path) => {
    // Walk up the path until a node with a position is found (a missing field: its parent's line).
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return counter.linePos(range[0]).line;
    }
    return null;
  };
}

/** Line of a key (for unknown keys: the value may be on a later line or absent). */
function keyLocator(doc: Document, counter: LineCounter, locate: Locate): Locate {
  return (path) => {
    const parent = path.length <= 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[path.length - 1]);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return counter.linePos(range[0]).line;
    }
    return locate(path);
  };
}

/** Parses YAML (invalid YAML is BAD_CONFIG at its line) and keeps the document for field positions. */
export function parseYamlText(text: string, file: string): LocatedConfig {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line ?? counter.linePos(error.pos[0]).line;
    throw badConfig(file, line, `invalid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (e) {
    throw badConfig(file, null, `invalid YAML: ${(e as Error).message.split('\n')[0]}`); // e.g. an alias bomb
  }
  const locate = yamlLocator(doc, counter);
  return { value, locate, locateKey: keyLocator(doc, counter, locate) };
}

/** Parses JSON (invalid JSON is BAD_CONFIG at its line); field positions come from reading it as YAML. */
export function parseJsonText(text: string, file: string): LocatedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : null;
    throw badConfig(file, line, `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`);
  }
  // JSON is YAML: reuse the YAML document for field positions when it reads the same.
  try {
    const { locate, locateKey } = parseYamlText(text, file);
    return { value, locate, locateKey };
  } catch {
    return { value, locate: () => null, locateKey: () => null };
  }
}
