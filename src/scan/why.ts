import { CHECKSUM_NAMES } from '../rules/checksums.js';
import { literalPrefixKeywords } from '../rules/regex-prefix.js';
import type { Confidence } from '../rules/types.js';
import { shannonEntropy } from './entropy.js';
import { contextKeywordNear, type CompiledRule, type RawMatch } from './matcher.js';

/** What a validator's success proves, in words. */
const VALIDATOR_WORDS: Record<string, string> = {
  jwt: 'decodes as a signed JWT',
  'key-block': 'a complete key block',
  'basic-auth-base64': 'decodes to user:password',
  base64: 'decodes from base64',
  'generic-secret': 'a value, not code',
  password: 'a real password, not a reference',
};

const DECODED_WORDS = { base64: 'base64', url: 'URL encoding', json: 'JSON string escapes', utf16: 'UTF-16 text' } as const;

const prefixCache = new WeakMap<CompiledRule, string | null>();

function literalPrefix(rule: CompiledRule): string | null {
  let prefix = prefixCache.get(rule);
  if (prefix === undefined) {
    const found = literalPrefixKeywords(rule.spec.pattern, 4);
    prefix = found.length === 1 ? found[0] : null;
    prefixCache.set(rule, prefix);
  }
  return prefix;
}

/**
 * Why a match is a finding, in short phrases a responder can weigh: a fixed prefix, a checksum that
 * holds (or fails), the provider's name standing next to it, its entropy, a structural check.
 * The confidence drops to low when a checksum fails.
 */
export function explainMatch(rule: CompiledRule, buf: Buffer, raw: RawMatch, secret: string): { why: string[]; confidence: Confidence } {
  const why: string[] = [];
  const prefix = literalPrefix(rule);
  if (prefix !== null) why.push(`prefix ${prefix}`);
  let confidence = rule.spec.confidence;
  if (raw.check !== undefined) {
    const name = CHECKSUM_NAMES[rule.spec.checksum ?? ''] ?? 'checksum';
    if (raw.check === 1) why.push(`${name} holds`);
    else {
      why.push(`${name} does not hold (mistyped, truncated or made up)`);
      confidence = 'low';
    }
  }
  if (rule.context !== null) {
    const keyword = contextKeywordNear(buf, rule.context, raw.ss, raw.se);
    if (keyword !== null) why.push(`next to "${keyword}"`);
  }
  if (rule.validate !== null && rule.spec.validate) why.push(VALIDATOR_WORDS[rule.spec.validate] ?? rule.spec.validate);
  if (rule.entropy > 0) why.push(`entropy ${shannonEntropy(secret).toFixed(1)} bits/char`);
  if (raw.dec !== undefined) why.push(`decoded from ${DECODED_WORDS[raw.dec.kind]}`);
  if (raw.madeUp === 1) {
    why.push('the value is mostly typed sequences (a documentation example?)');
    confidence = 'low';
  }
  if (why.length === 0) why.push('pattern match');
  return { why, confidence };
}
