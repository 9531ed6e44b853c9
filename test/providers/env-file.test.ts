import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateEnvText, writeEnvFile } from '../../src/providers/env-file.js';
import { fakeSecret } from '../../src/rules/fake-secret.js';

describe('env file delivery', () => {
  const id = fakeSecret('aws-access-key-id', 'env-new-id');
  const secret = fakeSecret('aws-secret-access-key', 'env-new-secret');

  it('changes only the named variables, keeping export, quotes, comments and every other line', () => {
    const before = [
      '# production settings',
      'export AWS_ACCESS_KEY_ID=old-id-value # rotated 2025',
      'DATABASE_URL="postgres://localhost/app"',
      '',
      "AWS_SECRET_ACCESS_KEY='old-secret-value'",
      'LOG_LEVEL=debug',
      '',
    ].join('\n');
    const after = updateEnvText(before, { AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret });
    expect(after.split('\n')).toEqual([
      '# production settings',
      `export AWS_ACCESS_KEY_ID=${id} # rotated 2025`,
      'DATABASE_URL="postgres://localhost/app"',
      '',
      `AWS_SECRET_ACCESS_KEY='${secret}'`,
      'LOG_LEVEL=debug',
      '',
    ]);
  });

  it('appends missing variables, keeps CRLF line ends and a missing final newline is added once', () => {
    expect(updateEnvText('A=1\r\nB=2\r\n', { B: 'x', C: 'y' })).toBe('A=1\r\nB=x\r\nC=y\r\n');
    expect(updateEnvText('A=1', { C: 'y' })).toBe('A=1\nC=y\n');
    expect(updateEnvText('', { C: 'y z' })).toBe('C="y z"\n');
  });

  it('replaces the file atomically with mode 0600 and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spillkit-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'KEEP=me\nAWS_ACCESS_KEY_ID=old\n', { mode: 0o644 });
    writeEnvFile(file, { AWS_ACCESS_KEY_ID: id });
    expect(readFileSync(file, 'utf8')).toBe(`KEEP=me\nAWS_ACCESS_KEY_ID=${id}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['.env']);
    writeEnvFile(join(dir, 'new.env'), { TOKEN_NAME: 'v' });
    expect(statSync(join(dir, 'new.env')).mode & 0o777).toBe(0o600);
  });
});
