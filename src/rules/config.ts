/**
 * User configuration for `spillkit scan`: custom rules, allowlists and disabled rules.
 *
 * Where it comes from: `--config FILE` (`.toml` is read as a gitleaks config, `.yaml`/`.yml`/`.json` as a
 * spillkit config); otherwise, unless `repoConfig` is false (`--no-repo-config`, and sweep's default),
 * the worktree root's `.spillkit.yaml` (or `.spillkit.yml`) and `.gitleaks.toml`, both when both exist.
 * None: an empty config. A gitleaks `[extend] path` is followed
 * (relative to the file that names it, two levels deep, as gitleaks does); the extending file's rules
 * win over the extended one's. When a spillkit config and a .gitleaks.toml define the same rule id, the
 * spillkit one wins. spillkit keeps its built-in rules whatever `[extend] useDefault` says: a narrow
 * .gitleaks.toml must not silently switch off detection during an incident (`disabledRules` does).
 *
 * The spillkit format and its checks are in config-schema.ts; a gitleaks TOML is read by
 * gitleaks-config.ts; ScanConfig and how two merge are in scan-config.ts.
 *
 * A malformed file is BAD_CONFIG `<file>:<line>: <what is wrong>`. A repository's own config is
 * hostile input (config-origin.ts): read only as a regular file inside the repository, and a rule or
 * allowlist whose pattern the linear-time engine cannot run is skipped with a warning instead of
 * failing the scan; the result says it came from the repository (`fromRepository`).
 */
import { extname, join, resolve } from 'node:path';
import { SpillkitError } from '../errors.js';
import { FieldError } from './config-fields.js';
import { badConfig, parseJsonText, parseYamlText } from './config-locate.js';
import { extendTarget, findRepositoryConfigs, readConfig, USER, type ConfigOrigin } from './config-origin.js';
import { validateConfig } from './config-schema.js';
import { parseGitleaksConfig } from './gitleaks-config.js';
import { emptyScanConfig, mergeConfigs, type ScanConfig } from './scan-config.js';

export interface LoadScanConfigOptions {
  /** `--config FILE`: replaces the repository's own config files. */
  configPath?: string;
  /** The scanned repository's worktree, where its own config files are looked for. */
  worktree?: string;
  /** false (`--no-repo-config`; sweep's default): never read the repository's own config files. */
  repoConfig?: boolean;
}

const MAX_EXTEND_DEPTH = 2;

export function loadScanConfig(opts: LoadScanConfigOptions): ScanConfig {
  if (opts.configPath !== undefined) return mergeConfigs(emptyScanConfig(), loadConfigFile(opts.configPath));
  if (opts.worktree === undefined || opts.repoConfig === false) return emptyScanConfig();
  const origin: ConfigOrigin = { repository: resolve(opts.worktree) };
  const found = findRepositoryConfigs(origin.repository!, ['.spillkit.yaml', '.spillkit.yml', '.gitleaks.toml']);
  const files = [found.files.find((f) => !f.endsWith('.toml')), found.files.find((f) => f.endsWith('.toml'))].filter((f) => f !== undefined);
  // Later files are merged under earlier ones: the spillkit config wins over .gitleaks.toml.
  const config = files.reduce((acc, file) => mergeConfigs(acc, loadConfigFile(join(opts.worktree!, file), origin)), emptyScanConfig());
  config.warnings.unshift(...found.warnings);
  if (files.length > 0) config.fromRepository = true;
  return config;
}

export function loadConfigFile(file: string, origin: ConfigOrigin = USER): ScanConfig {
  const ext = extname(file).toLowerCase();
  if (ext === '.toml') return loadGitleaksFile(file, 0, new Set(), origin);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') {
    const config = parseSpillkitConfig(readConfig(file, origin), file, { skipUnsupported: origin.repository !== undefined });
    config.sources = [file];
    return config;
  }
  throw new SpillkitError('BAD_CONFIG', `${file}: unknown config format (expected .yaml, .yml, .json or .toml)`, { file });
}

function loadGitleaksFile(file: string, depth: number, seen: Set<string>, origin: ConfigOrigin): ScanConfig {
  seen.add(resolve(file));
  const parsed = parseGitleaksConfig(readConfig(file, origin), file, { skipUnsupported: origin.repository !== undefined });
  const own: ScanConfig = {
    rules: parsed.rules,
    pathRules: parsed.pathRules,
    allowlists: parsed.allowlists,
    disabledRules: parsed.disabledRules,
    sources: [file],
    warnings: [...parsed.warnings.map((w) => `${file}: ${w}`), ...parsed.skipped],
  };
  if (!parsed.extendPath) return own;
  if (depth + 1 > MAX_EXTEND_DEPTH) {
    own.warnings.push(`${file}: [extend] path ${parsed.extendPath} not followed (more than ${MAX_EXTEND_DEPTH} levels)`);
    return own;
  }
  const target = extendTarget(file, parsed.extendPath, origin);
  if (typeof target !== 'string') {
    own.warnings.push(target.warning);
    return own;
  }
  const base = target;
  if (seen.has(base)) throw new SpillkitError('BAD_CONFIG', `${file}: [extend] path ${parsed.extendPath} extends itself`, { file });
  const extended = loadGitleaksFile(base, depth + 1, seen, origin);
  // gitleaks: the extending config's disabledRules also drop the extended config's rules.
  const disabled = new Set(own.disabledRules);
  extended.rules = extended.rules.filter((r) => !disabled.has(r.id));
  extended.pathRules = extended.pathRules.filter((r) => !disabled.has(r.id));
  const merged = mergeConfigs(own, extended);
  merged.sources = [...own.sources, ...extended.sources];
  return merged;
}

/**
 * A spillkit YAML/JSON config's text -> ScanConfig; a bad field is BAD_CONFIG at its line.
 * `skipUnsupported` (a repository's own config): a rule or allowlist with a pattern the linear-time
 * engine cannot run is left out, with a `<file>:<line>: <why>; skipped` warning.
 */
export function parseSpillkitConfig(text: string, file: string, opts: { skipUnsupported?: boolean } = {}): ScanConfig {
  const json = extname(file).toLowerCase() === '.json';
  const { value, locate, locateKey } = json ? parseJsonText(text, file) : parseYamlText(text, file);
  const skipped: FieldError[] | undefined = opts.skipUnsupported ? [] : undefined;
  try {
    const config = validateConfig(value, skipped);
    for (const e of skipped ?? []) {
      const line = locate(e.path);
      config.warnings.push(`${file}${line === null ? '' : `:${line}`}: ${e.message}; skipped`);
    }
    return config;
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    const unknownKey = e.message.startsWith('unknown field');
    throw badConfig(file, (unknownKey ? locateKey : locate)(e.path), e.message);
  }
}
