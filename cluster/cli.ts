// npm run cluster -- up --dir <dir> [--servers N] | down --dir <dir>
// `up` prints exactly one JSON line on stdout (what scripts and tests read); progress and errors
// go to stderr. `down` prints one line per process it stopped.
import { down, up } from './cluster.js';

const USAGE = 'usage: npm run cluster -- up --dir <dir> [--servers N]   |   npm run cluster -- down --dir <dir>';

function parse(argv: string[]): { command: 'up' | 'down'; dir: string; servers: number } {
  const [command, ...rest] = argv;
  if (command !== 'up' && command !== 'down') throw new Error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  let dir: string | undefined;
  let servers = 2;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if (flag === '--dir' && value) dir = value;
    else if (flag === '--servers' && command === 'up' && value) {
      servers = Number(value);
      if (!Number.isInteger(servers) || servers < 1 || servers > 16) throw new Error(`--servers must be a whole number from 1 to 16, got "${value}"`);
    } else throw new Error(`unexpected argument "${flag ?? ''}"\n${USAGE}`);
    i++;
  }
  if (!dir) throw new Error(`--dir is required: the folder that holds the cluster's data, logs and cluster.json\n${USAGE}`);
  return { command, dir, servers };
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const progress = (line: string) => process.stderr.write(`cluster: ${line}\n`);
  if (args.command === 'up') {
    const { result } = await up({ dir: args.dir, servers: args.servers, progress });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    progress(`ready; stop it with: npm run cluster -- down --dir ${args.dir}`);
  } else {
    const stopped = await down(args.dir, (line) => process.stdout.write(`${line}\n`));
    if (stopped.length === 0) process.stdout.write(`nothing was running in ${args.dir}\n`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`cluster: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
