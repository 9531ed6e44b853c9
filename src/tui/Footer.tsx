import { Box, Text } from 'ink';
import { fit } from './format.js';

export interface FooterProps {
  keys: Array<[string, string]>;
  message: { text: string; level: 'info' | 'error' } | null;
  /** A line being typed (the `/` filter), shown with a cursor instead of the message. */
  prompt?: string | null;
  width: number;
}

/** At most this many lines of keys: the rest of the screen belongs to the panel. */
const KEY_LINES = 2;

/**
 * The keys, wrapped at whole entries into at most two lines that fit `width`. When they do not all fit,
 * the least useful (listed last) are dropped, except `? help` and `q quit`, and help says it has them
 * all. No entry is ever cut in half.
 */
export function footerLines(keys: Array<[string, string]>, width: number): string[] {
  const entries = keys.map(([key, what]) => `${key} ${what}`);
  const layout = (list: string[]): string[] | null => {
    const lines: string[] = [];
    let line = '';
    for (const e of list) {
      if (e.length > width) return null;
      const next = line ? `${line}  ${e}` : e;
      if (next.length <= width) line = next;
      else {
        lines.push(line);
        line = e;
      }
    }
    if (line) lines.push(line);
    return lines.length <= KEY_LINES ? lines : null;
  };
  // `? help` and `q quit` always stay; when others must go, help says it lists them all.
  const tail = entries.slice(-2);
  let body = entries.slice(0, -2);
  let list = entries;
  for (;;) {
    const lines = layout(list);
    if (lines) return lines;
    if (body.length === 0) return [fit(entries.join('  '), width)];
    body = body.slice(0, -1);
    list = [...body, ...tail.map((e) => (e.startsWith('? ') ? '? help: every key' : e))];
  }
}

/** The message of the last action (or the line being typed), then the keys that work right now. */
export function Footer({ keys, message, prompt, width }: FooterProps) {
  return (
    <Box flexDirection="column">
      {prompt !== null && prompt !== undefined
        ? <Text color="cyan">{fit(prompt, width - 1).slice(-(width - 1))}<Text inverse> </Text></Text>
        : <Text color={message?.level === 'error' ? 'red' : 'green'}>{fit(message?.text ?? ' ', width)}</Text>}
      {footerLines(keys, width).map((line, i) => <Text key={i} dimColor>{line}</Text>)}
    </Box>
  );
}
