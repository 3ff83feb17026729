/**
 * Zero-code entry: `node --import @llmobserve/node/register app.js` (or
 * `--require`). Configured from the environment alone (see `optionsFromEnv`).
 */
import { register } from './register';
import { optionsFromEnv } from './env';

register(optionsFromEnv(process.env));
