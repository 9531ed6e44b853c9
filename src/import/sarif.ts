import type { ImportEntry } from './types.js';
import { badReport, commitId, isObject, parseJsonDocument, posInt, str, type JsonObject } from './report-input.js';

const WHAT = 'SARIF 2.1.0 log';

/** Where tools put the commit of a result: gitleaks in partialFingerprints.commitSha, others in properties. */
const COMMIT_KEYS = ['commitSha', 'commit_sha', 'commit', 'commitId', 'commit_id', 'revision'];

/**
 * A SARIF 2.1.0 log from any tool: `runs[].results[]`, each with a ruleId (or a rule reference into
 * the driver's rules) and `locations[].physicalLocation.{artifactLocation.uri, region}`. The region's
 * snippet is taken as the secret when it is given (gitleaks puts the secret there); otherwise its
 * columns (1-based, end exclusive, as SARIF defines them) are the secret's span. The commit comes
 * from partialFingerprints or properties (see COMMIT_KEYS), else from the run's
 * versionControlProvenance (the revision that was scanned).
 */
export function parseSarif(text: string, file: string): ImportEntry[] {
  const doc = parseJsonDocument(text, file, WHAT);
  if (!isObject(doc) || !Array.isArray(doc.runs)) throw badReport(file, WHAT, 'no runs array');
  if (doc.version !== undefined && doc.version !== '2.1.0') throw badReport(file, WHAT, `version ${String(doc.version)}, expected 2.1.0`);
  const entries: ImportEntry[] = [];
  doc.runs.forEach((run, r) => {
    if (!isObject(run)) throw badReport(file, WHAT, `run ${r} is not an object`);
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    const scanner = str(driver.name) ?? 'unknown';
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const provenance = Array.isArray(run.versionControlProvenance) ? run.versionControlProvenance.find(isObject) : undefined;
    const runCommit = provenance ? commitId(provenance.revisionId) : null;
    const bases = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
    const results = run.results ?? [];
    if (!Array.isArray(results)) throw badReport(file, WHAT, `run ${r} has results that are not an array`);
    results.forEach((result, k) => {
      if (!isObject(result)) throw badReport(file, WHAT, `run ${r} result ${k} is not an object`);
      const ruleIndex = isObject(result.rule) && typeof result.rule.index === 'number' ? result.rule.index : typeof result.ruleIndex === 'number' ? result.ruleIndex : -1;
      const indexed = rules[ruleIndex];
      const rule = str(result.ruleId) ?? (isObject(result.rule) ? str(result.rule.id) : null) ?? (isObject(indexed) ? str(indexed.id) : null);
      if (!rule) throw badReport(file, WHAT, `run ${r} result ${k} has no ruleId`);
      const locations = Array.isArray(result.locations) ? result.locations.filter(isObject) : [];
      const physical = locations.map((l) => l.physicalLocation).find(isObject);
      const entry: ImportEntry = { index: entries.length, tool: 'sarif', rule, scanner, path: null, commit: commitOf(result) ?? runCommit, line: null, column: null, secret: null };
      if (!physical) {
        entry.unlocatable = 'the result has no physical location (no file)';
        entries.push(entry);
        return;
      }
      const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
      entry.path = uriPath(str(artifact.uri), str(artifact.uriBaseId), bases);
      const region = isObject(physical.region) ? physical.region : {};
      entry.line = posInt(region.startLine);
      entry.column = posInt(region.startColumn);
      const snippet = isObject(region.snippet) ? str(region.snippet.text) : null;
      if (snippet && snippet !== 'REDACTED') entry.secret = snippet;
      const end = posInt(region.endColumn);
      const endLine = posInt(region.endLine);
      if (entry.column !== null && end !== null && end > entry.column && (endLine === null || endLine === entry.line)) entry.span = { start: entry.column, end };
      entries.push(entry);
    });
  });
  return entries;
}

function commitOf(result: JsonObject): string | null {
  for (const bag of [result.partialFingerprints, result.properties, result.fingerprints]) {
    if (!isObject(bag)) continue;
    for (const key of COMMIT_KEYS) {
      const id = commitId(bag[key]);
      if (id) return id;
    }
  }
  return null;
}

/** A result's file as a path: `file://` URIs and percent escapes decoded, a named base joined in front. */
function uriPath(uri: string | null, baseId: string | null, bases: JsonObject): string | null {
  if (!uri) return null;
  let path = uri;
  if (/^file:/i.test(path)) path = path.replace(/^file:(\/\/[^/]*)?/i, '');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return uri;
  try {
    path = decodeURIComponent(path);
  } catch {
    // not percent-encoded after all: keep it as written
  }
  const base = baseId && isObject(bases[baseId]) ? str((bases[baseId] as JsonObject).uri) : null;
  if (base && !path.startsWith('/') && /^file:/i.test(base)) {
    const root = decodeURIComponent(base.replace(/^file:(\/\/[^/]*)?/i, ''));
    path = `${root.replace(/\/+$/, '')}/${path}`;
  }
  return path || null;
}
