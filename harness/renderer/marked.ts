// The one markdown parser configuration (GFM, synchronous), shared by the markdown renderers (through
// markdown.ts) and the microbench, which times the same parse in Node. No DOM needed: sanitising is markdown.ts's.
import { Marked } from 'marked';

export const marked = new Marked({ gfm: true, async: false });
