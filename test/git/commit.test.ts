import { describe, expect, it } from 'vitest';
import { parseCommit } from '../../src/git/commit.js';

const commit = (author: string): Buffer =>
  Buffer.from(`tree ${'a'.repeat(40)}\nauthor ${author} <m@example.test> 1704067200 +0000\ncommitter C <c@example.test> 1704067300 +0000\n\nmessage\n`);

describe('parseCommit', () => {
  it('keeps an author whose name holds a CR, a line separator or escape bytes (git stores them)', () => {
    for (const name of ['Mal\rlory', 'Mal\u2028lory', 'Mal\u001b]0;t\u0007lory']) {
      const info = parseCommit('c'.repeat(40), commit(name));
      expect(info.authorName).toBe(name);
      expect(info.authorTime).toBe(1704067200);
    }
  });
});
