/**
 * The shared precision filter: is this "secret" really a documentation value, a template variable, a
 * mask or a made-up word? The engine drops such matches for every rule unless it opts out
 * (`placeholderCheck: false`, e.g. key blocks whose base64 legitimately holds long `AAAA` runs).
 *
 * Every check here must be something a random token practically never contains: a false "placeholder"
 * silently hides a real leak, which is worse than one noisy finding.
 */

/** Published documentation credentials (AWS docs), kept explicit although they also contain EXAMPLE. */
const DOCUMENTATION_VALUES = ['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'];

/** Whole-value or substring shapes of template variables and environment lookups. */
const TEMPLATE_SHAPES: RegExp[] = [
  /\$\{[A-Za-z_{]/, // ${VAR}, ${{ secrets.X }} (also cut short: a match may end before the brace)
  /\{[a-z_][a-z0-9_]*\}/, // {var} (Python format, URI templates); `{SHA}` htpasswd prefixes stay
  /\{\{[^}]*\}\}/, // {{ var }} (Jinja, Handlebars, Go templates)
  /%\([A-Za-z_][A-Za-z0-9_]*\)s/, // %(var)s (Python, Ansible ini)
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR (shell); bcrypt/sha-crypt hashes start `$2b$`/`$6$` and never match
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR% (Windows)
  /<[A-Za-z][A-Za-z0-9 _.-]*>/, // <your-api-key>, <token>
  /\[[A-Z][A-Z0-9 _-]{2,}\]/, // [PASSWORD], [API_KEY] (upper-case bracketed names in docs)
  /\bprocess\.env\b/, // process.env.X
  /\bos\.(?:environ|getenv)\b/, // os.environ[...], os.getenv(...)
  /\bSystem\.getenv\b/,
  /\bENV\[/,
  /\bsecrets\.[A-Za-z_]/, // GitHub Actions secrets.X outside ${{ }}
  /\$\[[A-Za-z0-9.\/]/, // spillkit's own fake-secret generators: $[alnum:20], $[jwt]
];

/** Masks and truncations: `xxxx`, `****`, `....`, `•••`, values cut with an ellipsis. */
const MASK_SHAPES: RegExp[] = [/x{4,}/i, /\*{3,}/, /\.{4,}/, /•{2,}/, /(?:\.\.\.|…)$/, /^(?:\.\.\.|…)/, /…/];

/** A run of six or more identical characters: `000000`, `aaaaaaa`. */
const LONG_RUN = /(.)\1{5,}/;

/** Words that mark a value as made up. Matched case-insensitively anywhere in the value. */
const PLACEHOLDER_WORDS = new RegExp(
  [
    'example',
    'placeholder',
    'change[_-]?me',
    'replace[_-]?me',
    'redacted',
    'dummy',
    'fake',
    'sample',
    'your[_-]?(?:api[_-]?)?(?:key|token|secret|pass(?:word)?|pwd|access)',
    'not[_-]?a[_-]?real',
    'insert[_-]?(?:your|key|token)',
    'put[_-]?your',
    'secret[_-]?goes[_-]?here',
    'token[_-]?here',
    'key[_-]?here',
  ].join('|'),
  'i',
);

/** Keyboard and alphabet sequences people type instead of a real value. */
const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', '9876543210'];
const MIN_SEQUENCE = 6;

/**
 * Typed sequences (`123456`, `abcdef`, `qwerty`) covering much of the value: a Stripe live key whose
 * body is `1234567890abcdef` is made up. A sequence in a small part of a long value is not a sign
 * (`…9a0abcdef…` happens in random hex, and published examples often mix one into otherwise random
 * characters).
 */
function hasSequence(value: string): boolean {
  const lower = value.toLowerCase();
  const covered = new Uint8Array(lower.length);
  let any = false;
  for (const sequence of SEQUENCES) {
    for (let i = 0; i + MIN_SEQUENCE <= sequence.length; i++) {
      const piece = sequence.slice(i, i + MIN_SEQUENCE);
      for (let at = lower.indexOf(piece); at >= 0; at = lower.indexOf(piece, at + 1)) {
        covered.fill(1, at, at + MIN_SEQUENCE);
        any = true;
      }
    }
  }
  if (!any) return false;
  const body = lower.replace(/^[a-z]{2,8}[_-](?:[a-z]{2,8}[_-])?/, '');
  const count = covered.reduce((n, c) => n + c, 0);
  return body.length <= 16 || count >= body.length * 0.4;
}

/**
 * Why a value looks made up: `placeholder` (a template, a mask, a documentation value, a placeholder
 * word: never a credential) or `sequence` (typed runs like `abcdef123456` make up most of it: made up
 * in all likelihood, but a provider's rule still reports it, at low confidence), or null.
 */
export function placeholderKind(secret: string): 'placeholder' | 'sequence' | null {
  if (secret.length === 0) return 'placeholder';
  if (DOCUMENTATION_VALUES.some((value) => secret.includes(value))) return 'placeholder';
  if (TEMPLATE_SHAPES.some((shape) => shape.test(secret))) return 'placeholder';
  if (MASK_SHAPES.some((shape) => shape.test(secret))) return 'placeholder';
  if (LONG_RUN.test(secret)) return 'placeholder';
  if (PLACEHOLDER_WORDS.test(secret)) return 'placeholder';
  return hasSequence(secret) ? 'sequence' : null;
}

export function isPlaceholder(secret: string): boolean {
  return placeholderKind(secret) !== null;
}
