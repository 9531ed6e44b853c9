/**
 * AWS access key ids identify a credential: with the id, CloudTrail, IAM and support tickets point at
 * the key, and a leaked id is half of a leaked pair. Like every other identifier of a credential, it
 * is shown shortened (`AKIA…7HM`), never whole, in anything spillkit writes or prints.
 */
const PREFIX = '(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])';
/** A whole id, not part of a longer run of capitals and digits. */
const IN_TEXT = new RegExp(`(?<![A-Z0-9])${PREFIX}[A-Z0-9]{16}(?![A-Z0-9])`, 'g');

/** `AKIA…7HM`: enough to recognise a key without spelling it out. */
export function shortAwsKeyId(keyId: string): string {
  return `${keyId.slice(0, 4)}…${keyId.slice(-3)}`;
}

export function containsAwsKeyId(text: string): boolean {
  IN_TEXT.lastIndex = 0;
  return IN_TEXT.test(text);
}

/** The text with every full AWS access key id in it shortened. */
export function redactAwsKeyIds(text: string): string {
  return text.replace(IN_TEXT, (id) => shortAwsKeyId(id));
}
