/**
 * The base64 body of a key block however it is embedded: indented in YAML, in an HCL heredoc, as a
 * JSON string with `\n` escapes, or as a source file's concatenated string literals
 * (`"MIIE...\n" +`). Header lines (`-----BEGIN`, `Proc-Type:`) and a PGP armor checksum are dropped.
 */
export function keyBlockBody(block: string): { body: string; headers: string[] } {
  const headers: string[] = [];
  const lines = block.replace(/\\r\\n|\\n|\\r/g, '\n').split(/\r?\n/);
  const body: string[] = [];
  for (const rawLine of lines) {
    // Quotes, string concatenation and trailing commas of the code that holds the block.
    const line = rawLine.trim().replace(/^[+"'`]+|["'`,;+\\)]+$/g, '').trim();
    if (line === '' || /^-----(?:BEGIN|END) /.test(line)) continue;
    if (/^[A-Za-z0-9-]+: /.test(line)) {
      headers.push(line);
      continue;
    }
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) continue;
    body.push(line);
  }
  return { body: body.join('').replace(/\s+/g, ''), headers };
}
