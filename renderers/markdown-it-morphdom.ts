import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import morphdom from 'morphdom';
import { defineRenderer } from '../harness/renderer/contract.ts';
import { wholeSourceRenderer } from '../harness/renderer/whole-source.ts';

// The LiveView style: once per animation frame, markdown-it renders the whole source to HTML, DOMPurify
// sanitises it (into a detached DOM), and morphdom diffs that tree into the live one, so unchanged nodes keep
// their identity (selection, focus) and only what changed is written. The page still pays O(length so far) per
// frame to parse, sanitise, build the detached tree and walk both trees; the saving is in DOM writes and layout.
export default defineRenderer({
  description: 'markdown-it renders the whole source each frame, DOMPurify sanitises, morphdom diffs it into the DOM',
  output: 'markdown',
  family: 'markdown',
  packages: ['markdown-it', 'dompurify', 'morphdom'],
  source: { name: 'morphdom (the LiveView-style DOM diff)', url: 'https://github.com/patrick-steele-idem/morphdom' },
  create() {
    // Raw HTML in the source stays escaped text (markdown-it's default); bare URLs become links, as in GFM.
    const md = new MarkdownIt({ html: false, linkify: true });
    return wholeSourceRenderer('frame', {
      render(target, source) {
        const next = DOMPurify.sanitize(md.render(source), { RETURN_DOM: true });
        morphdom(target, next, { childrenOnly: true });
      },
    });
  },
});
