/** `hoistway-sim train`: a dataset's rollout labels → a learned dispatcher model in the registry. */
import type { Command } from 'commander';
import { modelNameSchema } from '@hoistway/shared-types';
import { CliInputError } from '../errors.js';
import { requireDatabaseUrl, withDatabase } from '../database.js';
import { parsePositiveInt, parseSeed } from '../options.js';
import { createProgress, progressMode } from '../progress.js';
import { addProgressOptions } from './simulation-options.js';

interface TrainCommandOptions {
  dataset: string;
  databaseUrl?: string;
  epochs: number;
  seed: number;
  name?: string;
  json?: boolean;
  progress?: boolean;
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .summary('train a learned dispatcher on a dataset and register the model')
    .description(
      'Fit a small neural network (TensorFlow.js) that predicts, for each candidate car of a dispatch ' +
        'decision, its advantage as `generate` measured it by counterfactual rollouts: how much more (or ' +
        'less) passenger time everyone in the building spends over the horizon when the call goes to that ' +
        'car rather than to the average candidate (waiting seconds plus weighted riding seconds). The ' +
        'learned dispatcher gives each call to the car with the lowest prediction. The model is registered ' +
        'in PostgreSQL as the next version of its name; use it as `--dispatcher learned:NAME`. The last ' +
        'tenth of the episodes is held out for the validation loss.',
    )
    .requiredOption('--dataset <names>', 'dataset name, or several comma-separated (same kind of labels)')
    .option('--database-url <url>', 'PostgreSQL connection URL (default: $DATABASE_URL)')
    .option('--epochs <n>', 'passes over the training rows', parsePositiveInt, 8)
    .option('-s, --seed <n>', 'seed of the initial weights and batch order', parseSeed, 1)
    .option('--name <model>', 'model name (default: the first dataset name)')
    .option('--json', 'print the training report as JSON');
  addProgressOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim train --dataset lunch-1 --epochs 30 --name lunch
  $ hoistway-sim run -b examples/office-20.json -t lunch -d learned:lunch`,
    )
    .action((options: TrainCommandOptions) => trainCommand(options));
}

async function trainCommand(options: TrainCommandOptions): Promise<void> {
  const url = requireDatabaseUrl(options.databaseUrl);
  const datasetNames = [...new Set(options.dataset.split(',').map((s) => s.trim()))].filter((s) => s !== '');
  if (datasetNames.length === 0) throw new CliInputError('--dataset: name at least one dataset');
  const name = options.name ?? datasetNames[0]!;
  const checked = modelNameSchema.safeParse(name);
  if (!checked.success)
    throw new CliInputError(
      `${options.name ? '--name' : '--dataset (as the model name)'}: ${checked.error.issues[0]!.message}`,
    );

  const report = await withDatabase(url, async (sql) => {
    const [{ loadTrainingRows, insertModel }, { trainNetwork }] = await Promise.all([
      import('../../training/model-registry.js'),
      import('../../training/train-network.js'),
    ]);
    const data = await loadTrainingRows(sql, datasetNames);
    const progress = createProgress({ unit: 'epochs', mode: progressMode(options.progress) });
    let trained;
    try {
      progress.update(0, options.epochs);
      trained = await trainNetwork(data.rows, data.objective, {
        epochs: options.epochs,
        seed: options.seed,
        onEpoch: (e, total) =>
          progress.update(
            e.epoch,
            total,
            `loss ${e.loss.toFixed(4)}${e.valLoss === null ? '' : ` | val loss ${e.valLoss.toFixed(4)}`}`,
          ),
      });
    } finally {
      progress.stop();
    }
    const registered = await insertModel(sql, {
      name,
      datasets: data.datasets,
      library: trained.library,
      metrics: trained.metrics,
      network: trained.network,
    });
    return {
      model: registered,
      datasets: data.datasets,
      library: trained.library,
      objective: data.objective,
      metrics: trained.metrics,
    };
  });

  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const m = report.metrics;
  const last = m.epochs.at(-1)!;
  process.stdout.write(
    [
      `Model "${report.model.name}" version ${report.model.version} (${report.model.id})`,
      `Datasets:      ${report.datasets.map((d) => d.name).join(', ')}`,
      `Rows:          ${m.trainRows} training, ${m.valRows} validation (${m.decisions} decisions)`,
      `Objective:     passenger-seconds over ${report.objective.horizon} s (riding weight ${report.objective.ridingWeight})`,
      `Final loss:    ${last.loss.toFixed(4)}` +
        (last.valLoss === null ? '' : `, validation ${last.valLoss.toFixed(4)}`),
      m.valMae === null ? '' : `Val. error:    ${m.valMae.toFixed(1)} passenger-s (mean absolute)`,
      `Time:          ${m.seconds.toFixed(1)} s with ${report.library}`,
      `Use it with:   --dispatcher learned:${report.model.name}`,
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n',
  );
}
