// Markdown to sanitised HTML, shared by the markdown renderers and the conformance check.
import DOMPurify from 'dompurify';
import { marked } from './marked.ts';

export function markdownToSafeHtml(source: string): string {
  return DOMPurify.sanitize(marked.parse(source, { async: false }));
}
