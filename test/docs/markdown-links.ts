/**
 * Relative links in Markdown files, and what is wrong with them: the file they name does not
 * exist, lies outside the repository (or in node_modules, which a clone does not have), or has no
 * heading for the `#anchor`. Absolute links (http:, https:, mailto:) are not followed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/** The text with the lines of fenced code blocks blanked (line numbers kept). */
function withoutFences(text: string): string {
  let fence: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (fence === undefined) {
        if (marker === undefined) return line;
        fence = marker;
        return '';
      }
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      return '';
    })
    .join('\n');
}

/** The text with fenced code blocks and code spans blanked (line numbers kept). */
function withoutCode(text: string): string {
  return withoutFences(text).replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
}

const INLINE = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const DEFINITION = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm;

/** Every link target, with its line: inline links and images, and reference definitions. */
export function linksIn(text: string): MarkdownLink[] {
  const source = withoutCode(text);
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  const links: MarkdownLink[] = [];
  for (const pattern of [INLINE, DEFINITION]) {
    for (const match of source.matchAll(pattern)) {
      if (source[match.index - 1] === '\\') continue; // an escaped bracket: text, not a link
      const raw = (match[1] ?? '').replace(/^<|>$/g, '');
      links.push({ line: lineOf(match.index), target: raw });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered; and `<a id>`s. */
export function anchorsIn(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(text).split('\n')) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = heading
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
        .replace(/\s/g, '-');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(match[1] ?? '');
  }
  return anchors;
}

/** What is wrong with each relative link of `file` (a path relative to `root`): "file:line: target — problem". */
export function brokenLinks(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const problems: string[] = [];
  for (const { line, target } of linksIn(text)) {
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const where = `${file}:${line}: ${target}`;
    const hash = target.indexOf('#');
    const pathPart = hash < 0 ? target : target.slice(0, hash);
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    let path: string;
    try {
      path = decodeURIComponent(pathPart);
    } catch {
      problems.push(`${where} — not a valid link`);
      continue;
    }
    const resolved = path === '' ? join(root, file) : path.startsWith('/') ? join(root, path) : join(dirname(join(root, file)), path);
    const inRepo = relative(root, resolved);
    if (inRepo.startsWith('..') || isAbsolute(inRepo)) {
      problems.push(`${where} — goes outside the repository`);
      continue;
    }
    if (inRepo.split(sep)[0] === 'node_modules') {
      problems.push(`${where} — goes to ${inRepo}, which is not part of the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${where} — no such file ${inRepo}`);
      continue;
    }
    if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && statSync(resolved).isFile()) {
      if (!anchorsIn(readFileSync(resolved, 'utf8')).has(anchor.toLowerCase())) problems.push(`${where} — ${inRepo} has no heading #${anchor}`);
    }
  }
  return problems;
}

/** README.md, CONTRIBUTING.md when present, and every Markdown file under docs/, relative to `root`. */
export function markdownFiles(root: string): string[] {
  const under = (dir: string): string[] =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
          entry.isDirectory() ? under(`${dir}/${entry.name}`) : entry.name.endsWith('.md') ? [`${dir}/${entry.name}`] : [],
        )
      : [];
  return [...['README.md', 'CONTRIBUTING.md'].filter((file) => existsSync(join(root, file))), ...under('docs').sort()];
}
