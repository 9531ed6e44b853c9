import type { RuleSpec } from '../rules/types.js';

/**
 * A rule that matches exactly one known secret, byte for byte: how the provenance pass finds every
 * version of every file holding it, with the scan's own machinery. Built in memory for one run (the
 * workers receive it with their setup); never written anywhere, since its pattern is the secret.
 *
 * `base` supplies the identity (our rule's id, provider, severity, confidence and checksum, or the
 * imported rule's), so a finding of this rule gets the same fingerprint a native scan would give it.
 */
export function literalRule(base: Pick<RuleSpec, 'id' | 'provider' | 'title' | 'severity' | 'confidence' | 'checksum'>, secret: Buffer): RuleSpec {
  const firstLine = secret.subarray(0, secret.indexOf(10) < 0 ? secret.length : secret.indexOf(10));
  const keyword = firstLine.subarray(0, 24);
  // The keyword index compares ASCII case-insensitively and needs 3 bytes; anything else runs unkeyed.
  const keyed = keyword.length >= 3 && keyword.every((b) => b >= 0x20 && b < 0x7f);
  return {
    id: base.id,
    provider: base.provider,
    title: base.title,
    severity: base.severity,
    confidence: base.confidence,
    ...(base.checksum ? { checksum: base.checksum } : {}),
    keywords: keyed ? [keyword.toString('latin1')] : [],
    // The matcher reads text as latin1 (one character per byte): every byte but letters and digits escaped.
    pattern: [...secret].map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join(''),
    multiline: secret.includes(10) ? secret.length + 1 : 0,
    placeholderCheck: false,
    examples: [],
    negativeExamples: [],
  };
}
