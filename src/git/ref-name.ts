/**
 * git check-ref-format's rules for a full ref name: what git itself refuses to treat as a ref. A name
 * that breaks them in packed-refs or refs/ means the ref store was damaged or crafted.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0020\u007f~^:?*[\\]|\.\.|@\{|\/\/|\/$|\.$/;

export function isValidRefName(name: string): boolean {
  if (!name.startsWith('refs/') || name === '@' || FORBIDDEN.test(name)) return false;
  for (const part of name.split('/')) {
    if (part === '' || part.startsWith('.') || part.endsWith('.lock')) return false;
  }
  return true;
}
