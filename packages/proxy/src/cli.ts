import { loadProxyConfig, ProxyConfigError, validateProxyConfig } from './config';
import { DEFAULT_HOST, DEFAULT_PORT } from './constants';
import { startProxy } from './startProxy';
import type { ProxyCliIo, ProxyConfig } from './types';

const USAGE = `usage: llmobserve proxy [--port 9000] [--host 127.0.0.1] [--config FILE]

Forwards LLM API calls, prices them and traces them.
  /openai/v1/...     -> https://api.openai.com/v1/...   (set the SDK's base URL to http://HOST:PORT/openai/v1)
  /anthropic/...     -> https://api.anthropic.com/...   (and /gemini, /mistral, /groq, ... from the providers table)
  any path with X-LLMObserve-Target-URL: <url>          (only for allowed hosts)

  --port N       port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR    address to bind (default ${DEFAULT_HOST})
  --config FILE  JSON config: upstreams, allowedOrigins, apiKeyEnv, limits, timeouts, exporter
  -h, --help     this text
`;

interface CliArgs {
  help: boolean;
  port?: string;
  host?: string;
  config?: string;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const out: CliArgs = { help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== '--port' && name !== '--host' && name !== '--config') throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`${name} needs a value`);
    out[name.slice(2) as 'port' | 'host' | 'config'] = value;
  }
  return out;
}

/**
 * `llmobserve proxy [--port 9000] [--host 127.0.0.1] [--config FILE]`: starts the proxy and serves until
 * SIGINT/SIGTERM (or `io.signal`), then shuts down gracefully. Flags win over the config file. Resolves to
 * the exit code: 0 after a clean shutdown, 2 for bad arguments or config (the message names the field),
 * 1 when the proxy cannot start (port in use).
 */
export async function runProxyCli(argv: readonly string[], io: ProxyCliIo = {}): Promise<number> {
  const stdout = io.out ?? ((t: string): unknown => (io.stdout ?? process.stdout).write(t));
  const stderr = io.err ?? ((t: string): unknown => (io.stderr ?? process.stderr).write(t));
  let config: ProxyConfig;
  try {
    const args = parseArgs(argv);
    if (args.help) {
      stdout(USAGE);
      return 0;
    }
    const fromFile = args.config !== undefined ? loadProxyConfig(args.config) : {};
    const flags: Record<string, unknown> = {};
    if (args.port !== undefined) flags.port = /^\d+$/.test(args.port) ? Number(args.port) : args.port;
    if (args.host !== undefined) flags.host = args.host;
    config = { port: DEFAULT_PORT, ...fromFile, ...validateProxyConfig(flags, 'command line') };
  } catch (err) {
    stderr(`llmobserve proxy: ${(err as Error).message}\n${err instanceof ProxyConfigError ? '' : USAGE}`);
    return 2;
  }
  let proxy;
  try {
    proxy = await startProxy({ ...config, env: io.env ?? process.env });
  } catch (err) {
    stderr(`llmobserve proxy: ${(err as Error).message}\n`);
    return err instanceof ProxyConfigError ? 2 : 1;
  }
  stdout(`llmobserve proxy listening on ${proxy.url}\n`);
  io.onListening?.(proxy);
  await new Promise<void>((resolve) => {
    if (io.signal !== undefined) {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stdout('llmobserve proxy: shutting down (in-flight requests may finish)\n');
  await proxy.close();
  return 0;
}
