// A late-joining probe's run (harness/schedule/tail.ts) as the metrics should see it: the tail alone. The prefix
// chunk and the settle pause after it are not the stream being judged, so the window (dropped frames, long frames,
// delivery) starts at the tail's first chunk, and marker token positions count from the tail's first token.
import type { RawRun } from '../page/protocol.ts';

export function tailRun(raw: RawRun, prefixTokens: number): RawRun {
  return {
    ...raw,
    chunks: raw.chunks.slice(1),
    markers: raw.markers.map((m) => ({ ...m, tokenIndex: m.tokenIndex - prefixTokens })),
  };
}
