// README.md and docs/*.md link to each other and to files in the repository: every relative link must lead to a file
// that exists and, when it names a heading (#anchor), to a heading that exists, so moving a file or renaming a
// section cannot silently break the documentation.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingSlug(m[1]!)));
}

/** Relative link targets in a page (outside code blocks): [text](target), without http(s) and mailto links. */
function relativeLinks(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('documentation links', () => {
  it('slugs headings as GitHub does', () => {
    expect(headingSlug('How "visible" is decided')).toBe('how-visible-is-decided');
    expect(headingSlug("The instrument's own cost")).toBe('the-instruments-own-cost');
    expect(headingSlug('Calibration: `npm run calibrate`')).toBe('calibration-npm-run-calibrate');
  });

  it.each(PAGES)('every relative link in %s resolves', (page) => {
    const links = relativeLinks(readFileSync(join(ROOT, page), 'utf8'));
    for (const link of links) {
      const [file = '', anchor] = link.split('#');
      const target = file ? resolve(ROOT, dirname(page), file) : join(ROOT, page);
      const label = `${page} -> ${link}`;
      expect(existsSync(target), label).toBe(true);
      if (anchor && target.endsWith('.md')) {
        expect([...anchors(readFileSync(target, 'utf8'))], `${label} (${relative(ROOT, target)})`).toContain(anchor);
      }
    }
  });
});
