/** `hoistway-sim model list|export|import`: the model registry from the command line. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { modelNameSchema } from '@hoistway/shared-types';
import { CliInputError } from '../errors.js';
import { requireDatabaseUrl, withDatabase } from '../database.js';

interface DbOptions {
  databaseUrl?: string;
  json?: boolean;
}

export function registerModel(program: Command): void {
  const model = program
    .command('model')
    .summary('list, export and import learned dispatcher models')
    .description(
      'The model registry (PostgreSQL table `models`): list models, export one to a file, import a file.',
    );
  model
    .command('list')
    .description('list registered models (every version)')
    .option('--database-url <url>', 'PostgreSQL connection URL (default: $DATABASE_URL)')
    .option('--json', 'print as JSON')
    .action(async (options: DbOptions) => {
      const { listModels } = await import('../../training/model-registry.js');
      const models = await withDatabase(requireDatabaseUrl(options.databaseUrl), (sql) => listModels(sql));
      if (options.json) {
        process.stdout.write(JSON.stringify(models, null, 2) + '\n');
        return;
      }
      if (models.length === 0) {
        process.stdout.write('No models.\n');
        return;
      }
      const lines = models.map(
        (m) =>
          `${`${m.name}@${m.version}`.padEnd(28)} ${m.status.padEnd(8)} ${m.id}  val loss ${m.finalValLoss?.toFixed(4) ?? '-'}  datasets ${m.datasets.join(', ')}`,
      );
      process.stdout.write(lines.join('\n') + '\n');
    });
  model
    .command('export')
    .description('write a model (name, name@version or id) to a JSON file')
    .argument('<model>', 'name (latest version), name@version, or id')
    .requiredOption('-o, --out <file>', 'file to write')
    .option('--database-url <url>', 'PostgreSQL connection URL (default: $DATABASE_URL)')
    .action(async (ref: string, options: DbOptions & { out: string }) => {
      const { exportModel } = await import('../../training/model-registry.js');
      const file = await withDatabase(
        requireDatabaseUrl(options.databaseUrl),
        (sql) => exportModel(sql, ref),
        'model',
      );
      try {
        writeFileSync(options.out, JSON.stringify(file) + '\n');
      } catch (error) {
        throw new CliInputError(
          `${options.out}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
      }
      process.stderr.write(`Wrote ${file.name}@${file.version} to ${options.out}\n`);
    });
  model
    .command('import')
    .description('register a model file (from `model export`) as the next version of its name')
    .argument('<file>', 'model file')
    .option('--name <model>', 'register under this name instead of the one in the file')
    .option('--database-url <url>', 'PostgreSQL connection URL (default: $DATABASE_URL)')
    .option('--json', 'print the registered model as JSON')
    .action(async (path: string, options: DbOptions & { name?: string }) => {
      const { importModel, parseModelFile } = await import('../../training/model-registry.js');
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new CliInputError(
          `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        );
      }
      if (options.name !== undefined) {
        const checked = modelNameSchema.safeParse(options.name);
        if (!checked.success) throw new CliInputError(`--name: ${checked.error.issues[0]!.message}`);
      }
      let file;
      try {
        file = parseModelFile(text, path);
      } catch (error) {
        throw new CliInputError((error as Error).message);
      }
      const registered = await withDatabase(requireDatabaseUrl(options.databaseUrl), (sql) =>
        importModel(sql, file, options.name),
      );
      process.stdout.write(
        options.json
          ? JSON.stringify(registered, null, 2) + '\n'
          : `Imported ${registered.name}@${registered.version} (${registered.id})\n`,
      );
    });
}
