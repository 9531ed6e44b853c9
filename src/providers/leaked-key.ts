/**
 * Providers whose revoke can be signed by the leaked credential itself (`spillkit revoke
 * --use-leaked-key`): when the operator has no admin rights, the key disables itself. AWS only:
 * UpdateAccessKey without a UserName acts on the signing key's own user. The respond screen offers
 * this choice only for these providers.
 */
export const USE_LEAKED_KEY_PROVIDERS: ReadonlySet<string> = new Set(['aws']);

export const USE_LEAKED_KEY_FLAG = '--use-leaked-key';

export function canUseLeakedKey(provider: string): boolean {
  return USE_LEAKED_KEY_PROVIDERS.has(provider);
}
