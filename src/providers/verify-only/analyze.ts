/**
 * The analysis engine of the verify-only rows: sends a row's probes in order through `read` (callJson,
 * with its timeout, retries and journal), and hands the answers to the row. The first probe proves the
 * key: dead there means not live, could-not-tell there means no analysis. A later probe answering 403
 * is a permission the key lacks (the row reads it); one that fails is a gap, not a failure.
 */
import { emptyAnalysis, gapLine } from '../analysis.js';
import { ok, refused, unknown, type Analysis, type Credential, type Outcome, type ProviderContext } from '../contract.js';
import { read } from './read.js';
import type { ProbeAnswer, VerifySpec } from './specs.js';

export async function analyzeWithSpec(spec: VerifySpec, cred: Credential, ctx: ProviderContext): Promise<Outcome<Analysis>> {
  const row = spec.analyze;
  if (!row) return unknown('no-analyzer', `no analyzer for ${spec.provider}`);
  const kind = row.kind(cred.finding.rule, cred.secret);
  const probes = row.probes(cred.finding.rule, kind);
  if (probes.length === 0) return unknown('not-checkable', `a ${kind} cannot call the ${spec.title} API: spillkit cannot read what it reaches`);
  const answers: Record<string, ProbeAnswer> = {};
  const gaps: string[] = [];
  // A 403 always means "authenticated, not allowed here" for a probe: the key answered its first call.
  const lenient: VerifySpec = { ...spec, forbiddenIsLive: true };
  for (const [index, probe] of probes.entries()) {
    const reading = await read(index === 0 ? spec : lenient, cred, ctx, probe.call);
    if (reading.state !== 'ok') {
      if (index === 0) return reading;
      gaps.push(gapLine(probe.what, reading));
      answers[probe.name] = null;
    } else if (reading.value.kind === 'dead') {
      if (index === 0) return refused('invalid-credential', `not live: ${reading.value.detail}`);
      gaps.push(`could not read ${probe.what} (${reading.value.detail})`);
      answers[probe.name] = null;
    } else if (reading.value.restricted) {
      answers[probe.name] = 'denied';
      if (index === 0) gaps.push(`could not read ${probe.what} (denied)`);
    } else {
      answers[probe.name] = reading.value.res;
    }
  }
  const draft = row.read(answers, kind);
  return ok({ ...emptyAnalysis(kind), ...draft, gaps: [...gaps, ...(draft.gaps ?? [])] });
}
