import type { GitCommit } from '@wharf/contracts';

const FS = '%x1f';
/**
 * `git log -z --format=...`: records end with NUL (a message cannot contain NUL); fields are separated
 * by US (0x1f). The fixed-format fields come first and the free-text message last, so a message may
 * contain anything, US included.
 */
export const LOG_FORMAT = ['%H', '%P', '%aI', '%cI', '%D', '%an', '%ae', '%cn', '%ce', '%B'].join(FS);
const FIELDS = 10;

export function parseLogRecord(rec: string): GitCommit | undefined {
  const parts = rec.split('\x1f');
  if (parts.length < FIELDS) return undefined;
  const [sha, parents, aDate, cDate, refs, an, ae, cn, ce] = parts;
  const message = parts.slice(FIELDS - 1).join('\x1f');
  if (!/^[0-9a-f]{40,64}$/.test(sha)) return undefined;
  return {
    sha,
    parents: parents ? parents.split(' ') : [],
    author: { name: an, email: ae, date: aDate },
    committer: { name: cn, email: ce, date: cDate },
    subject: message.split('\n', 1)[0],
    message,
    refs: refs ? refs.split(', ') : [],
  };
}

export function parseLog(output: Buffer | string): GitCommit[] {
  const text = typeof output === 'string' ? output : output.toString('utf8');
  const out: GitCommit[] = [];
  // -z ends every record with NUL: the last token is '' (or a record cut by an output cap: dropped).
  const recs = text.split('\0');
  recs.pop();
  for (const rec of recs) {
    // Between records git may emit a newline (e.g. with --graph); never with our format, but be lenient.
    const c = parseLogRecord(rec.replace(/^\n/, ''));
    if (c) out.push(c);
  }
  return out;
}
