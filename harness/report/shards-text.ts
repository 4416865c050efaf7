// The Configuration rows that say where a sharded suite ran: for one `--shard K/N` slice, which slice it is; for
// merged slices (`npm run merge`), each slice's machine and the comparison groups it ran. Pure, no Node or DOM imports.
import type { Results } from '../results/types.ts';

/** `scenario|rate|cpu` -> `scenario × rate` (with the CPU profile when throttled). */
function groupName(key: string): string {
  const [scenario = '', rate = '', cpu = '1'] = key.split('|');
  return [scenario, rate, ...(cpu === '1' ? [] : [`CPU ${cpu}×`])].join(' × ');
}

export function shardRows(r: Results): Array<[string, string]> {
  if (r.config.shard) {
    const { index, count } = r.config.shard;
    return [['Slice (--shard)', `${index} of ${count}: only its comparison groups ran; join with npm run merge`]];
  }
  return (r.shards ?? []).map((s) => {
    const e = s.environment;
    const machine = `${e.cpuModel}, ${e.cores} cores, Chromium ${e.chromiumVersion}`;
    const groups = s.groups.map(groupName).join('; ') || 'no cells';
    const sweepGroups = s.sweepGroups.map((key) => {
      const [scenario = '', cpu = '1'] = key.split('|');
      return cpu === '1' ? scenario : `${scenario} × CPU ${cpu}×`;
    });
    const sweep = sweepGroups.length ? `; sweep: ${sweepGroups.join('; ')}` : '';
    return [`Slice ${s.index} of ${s.count}`, `${machine}: ${groups}${sweep}`];
  });
}
