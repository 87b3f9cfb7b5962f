/**
 * Every relative link in README.md, CONTRIBUTING.md and docs/**\/*.md names a file of this
 * repository that exists, and every `#anchor` into a Markdown file names one of its headings
 * (docs/gates.md#<gate-id> among them); no link leaves the repository (`../` past its root, or
 * into `shared/`). Absolute http(s) links are not followed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { GATE_IDS } from '../../rules/lib/types.js';
import { anchorsIn, brokenLinks, linksIn, markdownFiles } from './markdown-links.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('links in the documentation', () => {
  const files = markdownFiles(root);

  it('cover README.md and the docs', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/gates.md');
    expect(files).toContain('docs/rules/README.md');
  });

  it.each(files)('%s: every relative link resolves inside the repository', (file) => {
    expect(brokenLinks(root, file)).toEqual([]);
  });
});

describe('the link checker', () => {
  function repo(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'gatewatch-links-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }

  it('reports missing files, links out of the repository or into node_modules, and unknown anchors', () => {
    const dir = repo({
      'README.md': [
        '# Title',
        '',
        '[ok](docs/gates.md#multi-az) [ok too](#title) <https://example.com> [web](https://example.com/x.md)',
        '[gone](docs/architecture.md) [out](../design/ARCHITECTURE.md) [up](../../etc/passwd)',
        '[bad anchor](docs/gates.md#no-such-gate)',
        '',
        '```md',
        '[in code](nowhere.md)',
        '```',
        '`[in a span](nowhere.md)`',
        '',
        '[ref]: docs/missing.md',
      ].join('\n'),
      'docs/gates.md': '# Gates\n\n## multi-az\n\n## `private-network` — No public subnets\n',
      'node_modules/x.md': '# x\n',
      'docs/to-modules.md': '[s](../node_modules/x.md)\n',
    });
    try {
      expect(brokenLinks(dir, 'README.md')).toEqual([
        'README.md:4: docs/architecture.md — no such file docs/architecture.md',
        'README.md:4: ../design/ARCHITECTURE.md — goes outside the repository',
        'README.md:4: ../../etc/passwd — goes outside the repository',
        'README.md:5: docs/gates.md#no-such-gate — docs/gates.md has no heading #no-such-gate',
        'README.md:12: docs/missing.md — no such file docs/missing.md',
      ]);
      expect(brokenLinks(dir, 'docs/to-modules.md')).toEqual(['docs/to-modules.md:1: ../node_modules/x.md — goes to node_modules/x.md, which is not part of the repository']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes anchors as GitHub does', () => {
    const anchors = anchorsIn('# gatewatch\n## Findings out: Security Hub and Slack\n### `gatewatch scan`\n## multi-az\n## multi-az\n<a id="custom"></a>\n');
    expect([...anchors].sort()).toEqual(['custom', 'findings-out-security-hub-and-slack', 'gatewatch', 'gatewatch-scan', 'multi-az', 'multi-az-1']);
  });

  it('finds links with titles, angle brackets and parentheses', () => {
    expect(linksIn('[a](x.md "t") [b](<y z.md>) [c](f(1).md) ![i](img.png)').map((link) => link.target)).toEqual(['x.md', 'y z.md', 'f(1).md', 'img.png']);
  });

  it('docs/gates.md has an anchor for every gate', () => {
    const anchors = anchorsIn(readGates());
    expect(GATE_IDS.filter((gate) => !anchors.has(gate))).toEqual([]);
  });
});

function readGates(): string {
  return readFileSync(join(root, 'docs', 'gates.md'), 'utf8');
}
