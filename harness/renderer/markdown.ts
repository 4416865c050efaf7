// Markdown to sanitised HTML, shared by the markdown renderers and the conformance check.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, async: false });

export function markdownToSafeHtml(source: string): string {
  return DOMPurify.sanitize(marked.parse(source, { async: false }));
}
