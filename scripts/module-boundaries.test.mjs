// The package dependency rules are lint rules (root eslint.config.mjs and the web app's config).
// This proves they bite: each deliberate bad import below must fail lint, each good one must pass.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = resolve(import.meta.dirname, '..');

async function lintAs(packageDir, source) {
  const eslint = new ESLint({ cwd: resolve(root, packageDir) });
  const filePath = resolve(root, packageDir, 'src/__boundary-probe__.ts');
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const cases = [
  [
    'packages/shared-types',
    "import { Simulation } from '@hoistway/simulator';\nexport const s = Simulation;\n",
    true,
  ],
  ['packages/simulator', "import { buildApp } from '@hoistway/backend';\nexport const b = buildApp;\n", true],
  [
    'packages/frontend',
    "import { Simulation } from '@hoistway/simulator';\nexport const s = Simulation;\n",
    true,
  ],
  [
    'packages/frontend',
    "import { createSimulationPool } from '@hoistway/simulator/node';\nexport const p = createSimulationPool;\n",
    true,
  ],
  ['packages/frontend', "import { buildApp } from '@hoistway/backend';\nexport const b = buildApp;\n", true],
  ['packages/e2e', "import { Simulation } from '@hoistway/simulator';\nexport const s = Simulation;\n", true],
  [
    'packages/frontend',
    "import { upPeakCalc } from '@hoistway/simulator/browser';\nexport const u = upPeakCalc;\n",
    false,
  ],
  [
    'packages/backend',
    "import { Simulation } from '@hoistway/simulator';\nexport const s = Simulation;\n",
    false,
  ],
  [
    'packages/simulator',
    "import { buildingSchema } from '@hoistway/shared-types';\nexport const b = buildingSchema;\n",
    false,
  ],
];

for (const [packageDir, source, bad] of cases) {
  const what = source.split('\n')[0];
  test(`${packageDir}: ${what} ${bad ? 'fails' : 'passes'} lint`, async () => {
    const errors = await lintAs(packageDir, source);
    if (bad)
      assert.ok(
        errors.some((e) => /^(@nx\/enforce-module-boundaries|no-restricted-imports):/.test(e)),
        `expected a boundary error, got ${JSON.stringify(errors)}`,
      );
    else assert.deepEqual(errors, []);
  });
}
