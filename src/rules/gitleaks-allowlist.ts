/**
 * gitleaks allowlists -> ConfiguredAllowlist: a global `[allowlist]`/`[[allowlists]]` (scoped by
 * `targetRules`) or a rule's `[rules.allowlist]`/`[[rules.allowlists]]` (scoped to that rule).
 */
import type { ConfiguredAllowlist } from './allowlist.js';
import { FieldError, isTable, orSkip, stringList, translateInline, type Ctx, type Table } from './gitleaks-fields.js';

export function parseAllowlist(raw: unknown, ctx: Ctx, ruleIds: string[] | undefined): ConfiguredAllowlist {
  if (!isTable(raw)) throw new FieldError(`${ctx.where} must be a table`, [], ctx.section);
  const condition = String(raw.condition ?? 'OR').toUpperCase();
  if (!['OR', '||', 'AND', '&&'].includes(condition)) {
    throw new FieldError(`${ctx.where}: condition must be "OR" or "AND", not ${JSON.stringify(raw.condition)}`, ['condition'], ctx.section);
  }
  const regexTarget = raw.regexTarget ?? 'secret';
  if (regexTarget !== 'secret' && regexTarget !== 'match' && regexTarget !== 'line') {
    throw new FieldError(`${ctx.where}: regexTarget must be "secret", "match" or "line"`, ['regexTarget'], ctx.section);
  }
  const targetRules = stringList(raw.targetRules, `${ctx.where}.targetRules`, ctx);
  const list: ConfiguredAllowlist = {
    paths: stringList(raw.paths, `${ctx.where}.paths`, ctx).map((p) => translateInline(p, 'path', ctx)),
    regexes: stringList(raw.regexes, `${ctx.where}.regexes`, ctx).map((r) => translateInline(r, 'regex', ctx)),
    stopwords: stringList(raw.stopwords, `${ctx.where}.stopwords`, ctx),
    commits: stringList(raw.commits, `${ctx.where}.commits`, ctx),
  };
  if (typeof raw.description === 'string') list.description = raw.description;
  if (regexTarget !== 'secret') list.regexTarget = regexTarget;
  if (condition === 'AND' || condition === '&&') list.condition = 'AND';
  const ids = ruleIds ?? (targetRules.length > 0 ? targetRules : undefined);
  if (ids) list.ruleIds = ids;
  if (list.paths.length + list.regexes.length + list.stopwords.length + list.commits.length === 0) {
    throw new FieldError(`${ctx.where} has no paths, regexes, stopwords or commits`, [], ctx.section);
  }
  return list;
}

/** A rule's allowlists; one the linear-time engine cannot run is skipped when `ctx.skip` is set. */
export function ruleAllowlists(raw: Table, id: string, ctx: Ctx): ConfiguredAllowlist[] {
  const lists: ConfiguredAllowlist[] = [];
  const add = (list: ConfiguredAllowlist | null): void => {
    if (list) lists.push(list);
  };
  if (raw.allowlist !== undefined) add(orSkip(ctx, () => parseAllowlist(raw.allowlist, { ...ctx, where: `rule ${id}: allowlist` }, [id])));
  if (raw.allowlists !== undefined) {
    if (!Array.isArray(raw.allowlists)) throw new FieldError(`rule ${id}: allowlists must be [[rules.allowlists]] tables`, ['allowlists'], ctx.section);
    raw.allowlists.forEach((a, n) => add(orSkip(ctx, () => parseAllowlist(a, { ...ctx, where: `rule ${id}: allowlists[${n}]` }, [id]))));
  }
  return lists;
}
