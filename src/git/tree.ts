/** One entry of a tree object: `<mode> <name>\0<20-byte oid>`. */
export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

export function isSubtree(mode: string): boolean {
  return mode === '40000' || mode === '040000';
}

/** Gitlinks (submodules) point at commits of another repository; they hold no blob. */
export function isGitlink(mode: string): boolean {
  return mode === '160000';
}

export function parseTree(data: Buffer): TreeEntry[] {
  const out: TreeEntry[] = [];
  let p = 0;
  while (p < data.length) {
    const sp = data.indexOf(0x20, p);
    const nul = data.indexOf(0, sp + 1);
    if (sp < 0 || nul < 0 || nul + 21 > data.length) throw new Error('malformed tree entry');
    out.push({
      mode: data.toString('latin1', p, sp),
      name: data.toString('utf8', sp + 1, nul),
      oid: data.toString('hex', nul + 1, nul + 21),
    });
    p = nul + 21;
  }
  return out;
}
