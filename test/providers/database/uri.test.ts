import { describe, expect, it } from 'vitest';
import { newPassword } from '../../../src/providers/database/password.js';
import { describeUri, leakedUri, withPassword } from '../../../src/providers/database/uri.js';
import { runtimePassword } from '../../helpers/databases.js';
import { uriCredential } from './harness.js';

/** Reading the leaked URI around a password finding, and replacing only the password in it. */
describe('database URI around a leaked password', () => {
  const pw = runtimePassword();

  it('reads role, host, port, database and parameters; the new URI differs only in the password', () => {
    const line = `  SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://report%2Dbot:${pw}@10.0.3.7:6432/analytics?sslmode=require", # primary`;
    const uri = leakedUri(uriCredential('postgres', line, pw), 'postgres')!;
    expect(uri).toMatchObject({ user: 'report-bot', password: pw, host: '10.0.3.7', port: 6432, database: 'analytics' });
    expect(uri.text).toBe(`postgresql+psycopg2://report%2Dbot:${pw}@10.0.3.7:6432/analytics?sslmode=require`);
    expect(uri.params.get('sslmode')).toBe('require');
    const fresh = newPassword();
    expect(withPassword(uri, fresh)).toBe(uri.text.replace(pw, fresh));
    expect(describeUri(uri)).toBe('report-bot@10.0.3.7:6432/analytics');
  });

  it('defaults the port, decodes a percent-encoded password, reads IPv6 hosts and MariaDB schemes', () => {
    const encoded = `${pw.slice(0, 8)}%40${pw.slice(8)}`;
    const my = leakedUri(uriCredential('mysql', `DATABASE_URL=mariadb://shop:${encoded}@[::1]/shop);`, encoded), 'mysql')!;
    expect(my).toMatchObject({ user: 'shop', password: `${pw.slice(0, 8)}@${pw.slice(8)}`, host: '::1', port: 3306, database: 'shop' });
    expect(my.text).toBe(`mariadb://shop:${encoded}@[::1]/shop`);
    const pg = leakedUri(uriCredential('postgres', `url: postgres://app:${pw}@db.internal`, pw), 'postgres')!;
    expect(pg).toMatchObject({ host: 'db.internal', port: 5432, database: null });
  });

  it('is null where the password is not inside a URI of its engine', () => {
    expect(leakedUri(uriCredential('postgres', `mysql://app:${pw}@db/x`, pw), 'postgres')).toBeNull();
    const conninfo = uriCredential('postgres', `host=db user=app password=${pw}`, pw);
    conninfo.context = { text: `host=db user=app password=${pw}`, at: 26 };
    expect(leakedUri(conninfo, 'postgres')).toBeNull();
    const bare = uriCredential('postgres', `postgres://app:${pw}@db/x`, pw);
    delete bare.context;
    expect(leakedUri(bare, 'postgres')).toBeNull();
  });

  it('makes 32-character passwords of letters and digits, different every time', () => {
    const made = new Set(Array.from({ length: 200 }, () => newPassword()));
    expect(made.size).toBe(200);
    for (const p of made) expect(p).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});
