// `npm run bench [scenario…]`: runs the benchmark scenarios and prints their figures.
import { benchLog, withBenchDatabase } from './harness.ts';
import { scenarios } from './scenarios.ts';

async function main(): Promise<number> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !scenarios.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${scenarios.map((s) => s.name).join(', ')}\n`);
    return 1;
  }
  const selected = wanted.length > 0 ? scenarios.filter((scenario) => wanted.includes(scenario.name)) : scenarios;
  if (selected.length === 0) {
    process.stdout.write('No benchmark scenarios are defined yet.\n');
    return 0;
  }
  for (const scenario of selected) {
    process.stdout.write(`\n== ${scenario.name}: ${scenario.description}\n`);
    const figures = scenario.kind === 'process' ? await scenario.run({ log: benchLog }) : await withBenchDatabase((context) => scenario.run(context));
    const width = Math.max(...Object.keys(figures).map((key) => key.length));
    for (const [key, value] of Object.entries(figures)) process.stdout.write(`  ${key.padEnd(width)}  ${value}\n`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
