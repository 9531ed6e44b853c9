import { describe, expect, it } from 'vitest';
import { guessProvider, importRuleId } from '../../src/import/foreign-rule.js';
import { literalRule } from '../../src/import/literal-rule.js';
import { placeInBlob } from '../../src/import/place-in-blob.js';
import type { ImportEntry } from '../../src/import/types.js';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { compileRules, matchText } from '../../src/scan/matcher.js';

const entry = (over: Partial<ImportEntry>): ImportEntry => ({ index: 0, tool: 'gitleaks', rule: 'x', path: 'f', commit: null, line: 2, column: null, secret: null, ...over });
const code = expandTemplate('$[A-Za-z0-9:6]-$[A-Za-z0-9:6]', 'place-and-guess');
const text = Buffer.from(`first line\nname: "${code}" # note\nlast line\n`);

describe('guessProvider / importRuleId', () => {
  it.each([
    ['aws-access-token', 'aws'],
    ['AWS', 'aws'],
    ['github_personal_access_token', 'github'],
    ['GitHubOauth2', 'github'],
    ['SlackWebhook', 'slack'],
    ['slack-bot-token', 'slack'],
    ['PrivateKey', 'private-key'],
    ['kingfisher.gitlab.1', 'gitlab'],
    ['amazon_aws_secret_access_key', 'aws'],
    ['generic-api-key', 'generic'],
    ['ACME001', 'generic'],
  ])('%s -> %s', (rule, provider) => {
    expect(guessProvider(rule)).toBe(provider);
  });

  it('files a foreign rule under a kebab-case id of ours', () => {
    expect(importRuleId('trufflehog', 'VaultUnseal')).toBe('import-trufflehog-vault-unseal');
    expect(importRuleId('sarif', 'CKV_SECRET_6')).toBe('import-sarif-ckv-secret-6');
    expect(importRuleId('github', '***')).toBe('import-github-unnamed');
  });
});

describe('placeInBlob', () => {
  const none = [] as ReturnType<typeof matchText>;

  it('finds the secret the report carries on its line, or one line off, and nowhere else', () => {
    const placed = placeInBlob(entry({ secret: code }), text, none);
    expect(placed.ok && placed.secret.toString()).toBe(code);
    expect(placeInBlob(entry({ secret: code, line: 3 }), text, none).ok).toBe(true);
    const longer = Buffer.concat([text, Buffer.from('four\nfive\nsix\n')]);
    expect(placeInBlob(entry({ secret: code, line: 5 }), longer, none)).toEqual({ ok: false, reason: 'the secret the report carries is not at line 5 of the file' });
    expect(placeInBlob(entry({ secret: code, line: 9 }), text, none)).toEqual({ ok: false, reason: 'line 9 is past the end of the file (3 lines)' });
  });

  it('reads a redacted secret from the text around it, to the end of the value', () => {
    const quoted = placeInBlob(entry({ around: { before: 'name: "', after: '"', prefix: '' } }), text, none);
    expect(quoted.ok && quoted.secret.toString()).toBe(code);
    const open = placeInBlob(entry({ around: { before: 'name: "', after: '', prefix: code.slice(0, 3) } }), text, none);
    expect(open.ok && open.secret.toString()).toBe(code);
    expect(placeInBlob(entry({ around: { before: 'name: "', after: '"', prefix: 'zzz' } }), text, none).ok).toBe(false);
  });

  it('takes columns that cover the secret (1-based, end exclusive)', () => {
    const start = `name: "`.length + 1;
    const placed = placeInBlob(entry({ span: { start, end: start + code.length } }), text, none);
    expect(placed.ok && placed.secret.toString()).toBe(code);
  });

  it('prefers our rule where it overlaps the place, and has nothing to read back without evidence or a rule', () => {
    const token = expandTemplate('ghp_$[alnum:36]', 'place-and-guess-token');
    const withToken = Buffer.from(`a\nTOKEN=${token}\n`);
    const ours = matchText(compileRules([{ id: 'github-pat', provider: 'github', title: 't', severity: 'critical', confidence: 'high', keywords: ['ghp_'], pattern: 'ghp_[A-Za-z0-9]{36}', examples: [], negativeExamples: [] }]), withToken);
    const placed = placeInBlob(entry({ secret: `TOKEN=${token}` }), withToken, ours);
    expect(placed.ok && placed.ours?.ruleId).toBe('github-pat');
    expect(placed.ok && placed.secret.toString()).toBe(token);
    const redacted = placeInBlob(entry({}), withToken, ours);
    expect(redacted.ok && redacted.ours?.ruleId).toBe('github-pat');
    expect(placeInBlob(entry({}), text, none)).toEqual({ ok: false, reason: 'the report carries no secret (redacted) and no spillkit rule matches at line 2: nothing to read back' });
  });
});

describe('literalRule', () => {
  it('matches exactly its secret, byte for byte, including one spanning lines', () => {
    const secret = Buffer.from(`-----BEGIN KEY-----\n${code}\n-----END KEY-----`);
    const rule = literalRule({ id: 'import-x-key', provider: 'generic', title: 't', severity: 'high', confidence: 'medium' }, secret);
    const m = compileRules([rule]);
    const hits = matchText(m, Buffer.from(`x = 1\n${secret.toString()}\ny = 2\n`));
    expect(hits.map((h) => h.secret)).toEqual([secret.toString()]);
    expect(matchText(m, Buffer.from(secret.toString().replace(code, code.toLowerCase())))).toEqual([]);
    expect(rule.pattern).not.toContain(code.slice(6));
  });
});
