// `npm run csp -- <command>`: the operator's tool for the database and partnership files.
import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { createMigration } from '../db/migrations.ts';
import { listPartnershipSummaries } from '../db/status-store.ts';
import { importExportCommands } from './import-commands.ts';

interface Command {
  usage: string;
  summary: string;
  run(args: string[], config: Config): Promise<number>;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(line: string): number {
  process.stderr.write(`${line}\n`);
  return 1;
}

async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { applied } = await database.migrate();
    if (applied.length > 0) say(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    return await work(database);
  } finally {
    await database.close();
  }
}

export const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    summary: 'apply the migrations in prisma/migrations to the database (DATABASE_URL, or the embedded one)',
    async run(_args, config) {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        say(`Database: ${database.describe()}`);
        const { applied } = await database.migrate();
        say(applied.length === 0 ? 'The database is up to date: no migration to apply.' : `Applied: ${applied.join(', ')}`);
        return 0;
      } finally {
        await database.close();
      }
    },
  },
  'migration:new': {
    usage: 'migration:new <name>',
    summary: "create a migration from changes to prisma/schema.prisma, with Prisma's schema engine",
    async run(args) {
      const name = args[0];
      if (!name) return fail('Give the migration a name, e.g. `npm run db:migrate:new -- add_action_notes`.');
      // createMigration reports what it did (the new file, warnings, or that nothing changed) through say.
      const result = await createMigration(name, { log: say });
      if (result.migration) say('Run `npm run db:generate` (or `npm install`) to regenerate the Prisma client.');
      return 0;
    },
  },
  partnerships: {
    usage: 'partnerships',
    summary: 'list the partnerships in the database',
    async run(_args, config) {
      return withDatabase(config, async (database) => {
        const partnerships = await listPartnershipSummaries(database.prisma);
        if (partnerships.length === 0) say('No partnership yet. Load the demo with `npm run db:seed`.');
        for (const p of partnerships) {
          say(`${p.slug}\t${p.name}\t${p.timeZone}\t${p._count.groups} groups, ${p._count.people} people, ${p._count.actions} actions`);
        }
        return 0;
      });
    },
  },
  ...Object.fromEntries(
    Object.entries(importExportCommands).map(([name, command]): [string, Command] => [
      name,
      {
        usage: command.usage,
        summary: command.summary,
        run: (args, config) => withDatabase(config, (database) => command.run(database.prisma, args, { say, fail })),
      },
    ]),
  ),
};

function help(): void {
  say('Usage: npm run csp -- <command> [arguments]\n');
  for (const command of Object.values(commands)) say(`  ${command.usage}\n      ${command.summary}`);
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help();
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n`);
    help();
    return 1;
  }
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  return command.run(args, config);
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntryPoint) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
