import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CONTEXT_TYPES, CONTEXT_TYPE_NAMES } from './context-types.js';

const printer = ts.createPrinter({ removeComments: true });

/** Each top-level type or interface, printed without comments or `export`. */
function declarations(text: string): Map<string, string> {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const out = new Map<string, string>();
  for (const node of file.statements) {
    if (!ts.isInterfaceDeclaration(node) && !ts.isTypeAliasDeclaration(node)) continue;
    const printed = printer.printNode(ts.EmitHint.Unspecified, node, file).replace(/^export /, '');
    out.set(node.name.text, printed);
  }
  return out;
}

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('the reference panel', () => {
  const panel = declarations(CONTEXT_TYPES);

  it('shows the engine’s DecisionContext types exactly', () => {
    const engine = declarations(read('../../../simulator/src/engine/types.ts'));
    for (const name of CONTEXT_TYPE_NAMES) {
      expect(panel.get(name), name).toBeDefined();
      expect(panel.get(name), name).toBe(engine.get(name));
    }
  });

  it('shows the shared Direction type exactly', () => {
    const shared = declarations(read('../../../shared-types/src/snapshot.ts'));
    expect(panel.get('Direction')).toBe(shared.get('Direction'));
  });

  it('covers every type DecisionContext reaches', () => {
    expect([...panel.keys()].sort()).toEqual([...CONTEXT_TYPE_NAMES, 'Direction'].sort());
  });
});
