import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The scanner runs in worker threads that load built JavaScript, and CLI tests spawn bin/spillkit.js,
// so the suite always runs against a fresh build of src/.
export default function setup(): void {
  // For unit runs while dist/ is known fresh (or while someone else's work in progress does not build).
  if (process.env.SPILLKIT_TEST_NO_BUILD === '1') return;
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
