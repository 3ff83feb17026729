import { runPricingCli } from '@llmobserve/pricing';

/** Output of the CLI, injectable for tests. */
export interface CliOutput {
  out: (s: string) => void;
  err: (s: string) => void;
}

const USAGE = `usage: llmobserve <command> [options]

commands:
  price MODEL [--provider P] [--input N] [--cached-input N] [--cache-write N] [--output N]
        [--reasoning N] [--characters N] [--seconds N] [--images N] [--requests N] [--at DATE] [--json]
                          price one call (exit 2 and the closest ids for an unknown model)
  prices list [--provider P]        list the catalog
  prices validate FILE              check a price file (FILE:LINE: field: problem)
  proxy [--port 9000] [--host 127.0.0.1] [--config FILE]
                          run the LLM cost proxy
`;

/** A command's entry point: argv after the command name, returns the exit code. */
type Command = (argv: string[], io: CliOutput) => Promise<number>;

function loadProxyCommand(): Command {
  // Loaded on demand: the proxy and its HTTP stack are not needed for pricing commands.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const proxy = require('@llmobserve/proxy') as { runProxyCli?: Command };
  if (typeof proxy.runProxyCli !== 'function') throw new Error('@llmobserve/proxy has no runProxyCli');
  return proxy.runProxyCli;
}

/**
 * The `llmobserve` command line. Returns the process exit code: 0 on success,
 * 1 on a usage error, or what the command returns.
 */
export async function main(argv: string[], io: CliOutput = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'price':
    case 'prices':
      return runPricingCli(argv, io);
    case 'proxy':
      return loadProxyCommand()(rest, io);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.out(USAGE);
      return command === undefined ? 1 : 0;
    default:
      io.err(`llmobserve: unknown command "${command}"\n\n${USAGE}`);
      return 1;
  }
}
