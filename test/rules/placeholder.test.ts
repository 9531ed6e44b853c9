import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/rules/fake-secret.js';
import { isPlaceholder } from '../../src/rules/placeholder.js';

describe('isPlaceholder', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', 'AWS documentation key id'],
    ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS documentation secret'],
    ['sk_live_example_key_1234', 'the word example'],
    ['<your-api-key>', 'angle-bracket placeholder'],
    ['<token>', 'short angle-bracket placeholder'],
    ['${API_KEY}', 'shell/compose variable'],
    ['${{ secrets.DEPLOY_TOKEN }}', 'GitHub Actions expression'],
    ['${API_KEY', 'variable cut before its brace'],
    ['{{ vault_password }}', 'Jinja variable'],
    ['%(db_password)s', 'Python %-format'],
    ['$DB_PASSWORD', 'shell variable'],
    ['%DB_PASSWORD%', 'Windows variable'],
    ['{api_key}', 'str.format field'],
    ['process.env.STRIPE_KEY', 'Node environment lookup'],
    ["os.environ['TOKEN']", 'Python environment lookup'],
    ['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'x mask'],
    ['sk-****************', 'star mask'],
    ['abcd....wxyz', 'dot mask'],
    ['AKIA4QZR2...', 'truncated with dots'],
    ['ghp_Xk29…', 'truncated with an ellipsis'],
    ['aaaaaaaaaaaaaaaa', 'one repeated character'],
    ['tok_0000000000a', 'run of six zeros'],
    ['key-123456789', 'digit sequence'],
    ['abcdefghijkl', 'alphabet sequence'],
    ['qwertyuiop1', 'keyboard row'],
    ['my-placeholder-token', 'placeholder'],
    ['changeme', 'changeme'],
    ['change_me_now', 'change_me'],
    ['your_token', 'your_token'],
    ['YOUR-API-KEY-HERE', 'your api key'],
    ['[REDACTED]', 'redacted'],
    ['dummy-secret-value', 'dummy'],
    ['fake_token_for_tests', 'fake'],
    ['sample-api-key', 'sample'],
    ['$[alnum:20]', 'fake-secret template'],
    ['', 'empty'],
  ])('flags %j (%s)', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    ['AKIA$[A-Z2-7:16]'],
    ['ghp_$[alnum:36]'],
    ['$[A-Za-z0-9/+:40]'],
    ['xoxb-$[digits:12]-$[digits:13]-$[alnum:24]'],
    ['$[hex:64]'],
    ['$[b64bytes:64]'],
    ['$[uuid]'],
    ['$[jwt]'],
    ['$2b$12$$[./A-Za-z0-9:53]'],
    ['$6$$[./A-Za-z0-9:16]$$[./A-Za-z0-9:86]'],
    ['{SHA}$[b64bytes:20]'],
  ])('keeps the random token %s', (template) => {
    for (let seed = 0; seed < 50; seed++) {
      const value = expandTemplate(template, `placeholder-test-${seed}`);
      expect(isPlaceholder(value), value).toBe(false);
    }
  });

  it.each([['Tr0ub4dor&3xK9'], ['x7Q!mZ2#pL9v'], ['correcthorsebatterystaple42'], ['abc12xyz89']])(
    'keeps the human-made password %s',
    (value) => {
      expect(isPlaceholder(value)).toBe(false);
    },
  );
});
