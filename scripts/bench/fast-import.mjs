// A buffered writer into one `git fast-import` process: the whole history streams through a single
// pipe, so building tens of thousands of commits costs no process per commit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const FLUSH_BYTES = 1 << 20;

export function openFastImport(gitDir, extraArgs = []) {
  const child = spawn('git', ['--git-dir', gitDir, 'fast-import', '--quiet', '--depth=50', ...extraArgs], {
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  let chunks = [];
  let buffered = 0;
  let nextMark = 1;

  async function flush() {
    if (buffered === 0) return;
    const data = Buffer.concat(chunks);
    chunks = [];
    buffered = 0;
    if (!child.stdin.write(data)) await once(child.stdin, 'drain');
  }

  async function push(part) {
    const buf = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    chunks.push(buf);
    buffered += buf.length;
    if (buffered >= FLUSH_BYTES) await flush();
  }

  async function data(content) {
    const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    await push(`data ${buf.length}\n`);
    await push(buf);
    await push('\n');
  }

  return {
    /** Writes a blob and returns its mark (`:N`). */
    async blob(content) {
      const mark = `:${nextMark++}`;
      await push(`blob\nmark ${mark}\n`);
      await data(content);
      return mark;
    },
    /** Writes a commit; `changes` are fast-import file commands (`M 100644 :3 a/b`, `D a/b`). */
    async commit({ ref, author, time, message, from, merge, changes }) {
      const mark = `:${nextMark++}`;
      const who = `${author.name} <${author.email}> ${time} +0000`;
      await push(`commit ${ref}\nmark ${mark}\nauthor ${who}\ncommitter ${who}\n`);
      await data(message);
      if (from) await push(`from ${from}\n`);
      if (merge) await push(`merge ${merge}\n`);
      await push(changes.length ? `${changes.join('\n')}\n\n` : '\n');
      return mark;
    },
    async tag({ name, from, tagger, time, message }) {
      await push(`tag ${name}\nfrom ${from}\ntagger ${tagger.name} <${tagger.email}> ${time} +0000\n`);
      await data(message);
    },
    async reset(ref, from) {
      await push(`reset ${ref}\nfrom ${from}\n\n`);
    },
    async close() {
      await flush();
      child.stdin.end();
      const [code] = await exited;
      if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
    },
  };
}
