import { defineRenderer } from '../../renderer/contract.ts';

// Accepts every chunk and renders nothing: with and without the probe, it isolates what the instrument
// itself costs (trace mode's probe-overhead measurement). Never shows text, so it fails any real cell.
export default defineRenderer({
  description: 'TEST: accepts chunks and renders nothing (baseline for the probe-overhead measurement)',
  output: 'text',
  create() {
    return {
      mount() {},
      push() {},
      end() {},
      dispose() {},
    };
  },
});
