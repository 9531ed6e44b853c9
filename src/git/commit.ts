/** The parts of a commit that provenance needs; the message is scanned separately. */
export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  /** Seconds since the epoch. */
  authorTime: number;
  committerTime: number;
  /** Byte offset in the commit object where the message starts. */
  messageOffset: number;
}

// `s`: a name may hold a CR or U+2028, which `.` would not match, and the commit would lose its author.
const IDENT = /^(.*?) <([^>]*)> (-?\d+) ([+-]\d{4})$/s;

export function parseCommit(oid: string, data: Buffer): CommitInfo {
  const end = data.indexOf('\n\n');
  const headerEnd = end < 0 ? data.length : end;
  const header = data.toString('utf8', 0, headerEnd);
  let tree = '';
  const parents: string[] = [];
  let authorName = '';
  let authorEmail = '';
  let authorTime = 0;
  let committerTime = 0;
  for (const line of header.split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5, 45);
    else if (line.startsWith('parent ')) parents.push(line.slice(7, 47));
    else if (line.startsWith('author ')) {
      const m = IDENT.exec(line.slice(7));
      if (m) {
        authorName = m[1];
        authorEmail = m[2];
        authorTime = Number(m[3]);
      }
    } else if (line.startsWith('committer ')) {
      const m = IDENT.exec(line.slice(10));
      if (m) committerTime = Number(m[3]);
    }
  }
  return {
    oid,
    tree,
    parents,
    authorName,
    authorEmail,
    authorTime,
    committerTime: committerTime || authorTime,
    messageOffset: end < 0 ? data.length : end + 2,
  };
}

/** An annotated tag object. */
export interface TagInfo {
  oid: string;
  object: string;
  objectType: string;
  name: string;
  taggerName: string | null;
  taggerEmail: string | null;
  taggerTime: number | null;
  messageOffset: number;
}

export function parseTag(oid: string, data: Buffer): TagInfo {
  const end = data.indexOf('\n\n');
  const headerEnd = end < 0 ? data.length : end;
  const info: TagInfo = {
    oid,
    object: '',
    objectType: '',
    name: '',
    taggerName: null,
    taggerEmail: null,
    taggerTime: null,
    messageOffset: end < 0 ? data.length : end + 2,
  };
  for (const line of data.toString('utf8', 0, headerEnd).split('\n')) {
    if (line.startsWith('object ')) info.object = line.slice(7, 47);
    else if (line.startsWith('type ')) info.objectType = line.slice(5);
    else if (line.startsWith('tag ')) info.name = line.slice(4);
    else if (line.startsWith('tagger ')) {
      const m = IDENT.exec(line.slice(7));
      if (m) {
        info.taggerName = m[1];
        info.taggerEmail = m[2];
        info.taggerTime = Number(m[3]);
      }
    }
  }
  return info;
}

/** A commit or tag message without its signature block (gpgsig lives in the header, tags append it). */
export function messageText(data: Buffer, messageOffset: number): Buffer {
  const msg = data.subarray(messageOffset);
  const sig = msg.indexOf('-----BEGIN PGP SIGNATURE-----');
  return sig >= 0 ? msg.subarray(0, sig) : msg;
}
