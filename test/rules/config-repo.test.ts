import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScanConfig } from '../../src/rules/config.js';
import { scratchDirs } from '../helpers/scratch-dirs.js';
import { spillkitErrorOf } from '../helpers/spillkit-error.js';

// A scanned repository's own config is hostile input: how it is found, read and marked.

const scratch = scratchDirs('spillkit-repo-config-');

const LOOKAHEAD_RULE = "rules:\n  - id: good-token\n    pattern: 'goodtok_[a-z0-9]{16}'\n  - id: lookahead-token\n    pattern: 'laht_(?=[a-z])[a-z0-9]{16}'\n";

describe("loadScanConfig and the repository's own config", () => {
  it('marks it as the repository\'s, and reads nothing with repoConfig false', () => {
    scratch.write('.gitleaks.toml', '[[rules]]\nid = "a-tok"\nregex = "atok_[0-9]{6}"\n');
    expect(loadScanConfig({ worktree: scratch.dir })).toMatchObject({ fromRepository: true, rules: [{ id: 'a-tok' }] });
    expect(loadScanConfig({ worktree: scratch.dir, repoConfig: false }).rules).toEqual([]);
    const user = scratch.write('user.toml', '[[rules]]\nid = "u-tok"\nregex = "utok_[0-9]{6}"\n');
    const replaced = loadScanConfig({ worktree: scratch.dir, configPath: user });
    expect(replaced.rules.map((r) => r.id)).toEqual(['u-tok']);
    expect(replaced.fromRepository).toBeUndefined();
  });

  it('skips unsupported patterns there but refuses them with --config', () => {
    const file = scratch.write('.spillkit.yaml', LOOKAHEAD_RULE);
    expect(loadScanConfig({ worktree: scratch.dir }).warnings[0]).toMatch(/:5: rule lookahead-token: .*; skipped$/);
    expect(spillkitErrorOf(() => loadScanConfig({ configPath: file })).message).toMatch(/:5: rule lookahead-token: pattern cannot run/);
  });

  it('does not follow a symlink or an [extend] path out of the repository', () => {
    const outside = mkdtempSync(join(scratch.root, 'outside-'));
    writeFileSync(join(outside, 'base.toml'), '[[rules]]\nid = "outside"\nregex = "outside_[0-9]{6}"\n');
    writeFileSync(join(outside, '.spillkit.yaml'), 'disabledRules: [aws-access-key-id]\n');
    symlinkSync(join(outside, '.spillkit.yaml'), join(scratch.dir, '.spillkit.yaml'));
    scratch.write('.gitleaks.toml', `[extend]\npath = "${join(outside, 'base.toml')}"\n[[rules]]\nid = "inside"\nregex = "inside_[0-9]{6}"\n`);
    const config = loadScanConfig({ worktree: scratch.dir });
    expect(config.rules.map((r) => r.id)).toEqual(['inside']);
    expect(config.disabledRules).toEqual([]);
    expect(config.warnings.join('\n')).toMatch(/\.spillkit\.yaml: the repository's own config points outside the repository/);
    expect(config.warnings.join('\n')).toMatch(/\[extend\] path ".*base\.toml" not followed: it is outside the repository/);
    // The user's own --config may extend anything.
    const user = scratch.write('user.toml', `[extend]\npath = "${join(outside, 'base.toml')}"\n`);
    expect(loadScanConfig({ configPath: user }).rules.map((r) => r.id)).toEqual(['outside']);
  });

  it('never opens a FIFO in place of a config', () => {
    execFileSync('mkfifo', [join(scratch.dir, '.gitleaks.toml')]);
    const started = Date.now();
    expect(loadScanConfig({ worktree: scratch.dir }).sources).toEqual([]);
    scratch.write('.spillkit.yaml', 'rules: []\n');
    execFileSync('mkfifo', [join(scratch.dir, 'base.toml')]);
    rmSync(join(scratch.dir, '.gitleaks.toml'));
    scratch.write('.gitleaks.toml', '[extend]\npath = "base.toml"\n');
    expect(spillkitErrorOf(() => loadScanConfig({ worktree: scratch.dir })).message).toMatch(/\[extend\] path base\.toml is not a file/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
