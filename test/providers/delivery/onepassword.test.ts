import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onePasswordTarget } from '../../../src/providers/delivery/onepassword.js';
import { runtimePassword } from '../../helpers/databases.js';
import { installFakeOp } from '../../emulators/fake-op.js';
import { deliveryRun, failure } from './harness.js';

/** The 1Password target through a stand-in `op` on PATH that logs its argv and stdin. */
let op: ReturnType<typeof installFakeOp>;
let other: string;

beforeEach(() => {
  other = runtimePassword();
  op = installFakeOp({
    signedIn: true,
    failEdit: false,
    vaults: {
      Production: [{
        id: 'abcdefghijklmnopqrstuvwxyz', title: 'Shop DB', version: 4, updated_at: '2025-01-01T00:00:00Z',
        fields: [
          { id: 'username', type: 'STRING', label: 'username', value: 'shop', purpose: 'USERNAME' },
          { id: 'password', type: 'CONCEALED', label: 'password', value: other, purpose: 'PASSWORD' },
          { id: 'url', type: 'CONCEALED', label: 'DATABASE_URL', value: 'old-url' },
        ],
      }],
    },
  });
});

afterEach(() => rmSync(op.binDir, { recursive: true, force: true }));

const target = onePasswordTarget.parse('Production/Shop DB:DATABASE_URL');
const tempsLeft = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('spillkit-op-'));

describe('1Password delivery through the op CLI', () => {
  it('parses VAULT/ITEM:FIELD; an item title may hold a slash', () => {
    expect(target).toEqual({ kind: 'onepassword', vault: 'Production', item: 'Shop DB', field: 'DATABASE_URL' });
    expect(onePasswordTarget.parse('Ops/app/db:url')).toEqual({ kind: 'onepassword', vault: 'Ops', item: 'app/db', field: 'url' });
    expect(() => onePasswordTarget.parse('Production:FIELD')).toThrow(/VAULT\/ITEM:FIELD/);
    expect(() => onePasswordTarget.parse('--vault/x:y')).toThrow(/VAULT\/ITEM:FIELD/);
  });

  it('changes the one field through a 0600 template file; the value is never in argv; the other fields keep their values', async () => {
    const before = tempsLeft();
    const value = `postgres://shop:${runtimePassword()}@db/shop`;
    const run = deliveryRun(op.env);
    expect(await run.check(target)).toBe('1Password Production/Shop DB:DATABASE_URL: item version 4, field exists');
    await run.deliver(target, { DATABASE_URL: value });
    const item = op.load().vaults.Production[0];
    expect(item.fields.map((f) => [f.label, f.value])).toEqual([['username', 'shop'], ['password', other], ['DATABASE_URL', value]]);
    expect(item.version).toBe(5);
    const calls = op.log();
    for (const call of calls) {
      expect(call.argv.join(' ')).not.toContain(value);
      expect(call.stdin).not.toContain(value);
    }
    const edit = calls.find((c) => c.argv[1] === 'edit')!;
    expect(edit.templateMode).toBe(0o600);
    expect(tempsLeft()).toEqual(before);
    expect(run.lines[0]).toMatch(/^delivered DATABASE_URL to 1Password Production\/Shop DB:DATABASE_URL; read back: item version 5, updated .*; DATABASE_URL present$/);
    expect(run.surface()).not.toContain(value);
    expect(run.surface()).not.toContain(other);
  });

  it('adds a missing field as a concealed one', async () => {
    await deliveryRun(op.env).deliver(onePasswordTarget.parse('Production/Shop DB:API_TOKEN'), { API_TOKEN: 'new-token-value' });
    expect(op.load().vaults.Production[0].fields.at(-1)).toMatchObject({ label: 'API_TOKEN', type: 'CONCEALED', value: 'new-token-value' });
  });

  it('one clear line when op is missing, not signed in, the item is unknown or the edit is refused; the template is removed anyway', async () => {
    expect(await failure(deliveryRun({ PATH: '/nonexistent' }).check(target))).toBe("--to-1password needs the 1Password CLI: no 'op' on PATH (install it and sign in, or pick another target)");
    op.state.signedIn = false;
    op.save();
    expect(await failure(deliveryRun(op.env).check(target))).toMatch(/^op item get failed: You are not currently signed in/);
    op.state.signedIn = true;
    op.save();
    expect(await failure(deliveryRun(op.env).check(onePasswordTarget.parse('Production/Nope:F')))).toMatch(/"Nope" isn't an item in the "Production" vault/);
    op.state.failEdit = true;
    op.save();
    const before = tempsLeft();
    expect(await failure(deliveryRun(op.env).deliver(target, { DATABASE_URL: 'refused-value' }))).toBe('op item edit failed: the server refused the change (403 Forbidden)');
    expect(tempsLeft()).toEqual(before);
    expect(op.load().vaults.Production[0].version).toBe(4);
  });
});

