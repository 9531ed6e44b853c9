import type { Identity, Outcome } from './contract.js';

/**
 * `--expect-owner NAME`: a revocation or rotation goes ahead only for a key the provider says belongs
 * to NAME (its owner, its account, or the last part of an ARN or path: `alice` matches
 * `arn:aws:iam::123456789012:user/alice`). When the provider could not say whose key it is, it cannot
 * be matched either: that is refused too. Null when the expectation holds (or none was given).
 */
export function ownerMismatch(identity: Outcome<Identity>, expected: string | undefined): string | null {
  if (!expected || expected.trim() === '') return null;
  const want = expected.trim().toLowerCase();
  if (identity.state !== 'ok') return `the provider could not say whose key this is (${identity.message}), so it cannot be matched to ${expected}: nothing was changed`;
  const names = [identity.value.owner, identity.value.account].filter((n): n is string => Boolean(n));
  const forms = names.flatMap((n) => [n, n.split(/[/:@ ]/).filter(Boolean).pop() ?? n, n.split(' @ ')[0] ?? n]);
  if (forms.some((f) => f.toLowerCase() === want)) return null;
  return names.length
    ? `the key belongs to ${names.join(' / ')}, not ${expected}: nothing was changed`
    : `the provider does not say whose key this is, so it cannot be matched to ${expected}: nothing was changed`;
}
