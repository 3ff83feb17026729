export { startProxy } from './startProxy';
export { runProxyCli } from './cli';
export { validateProxyConfig, loadProxyConfig, ProxyConfigError, CONFIG_FIELDS } from './config';
export { stripOurBaggage, upstreamRequestHeaders } from './headers';
export {
  TARGET_URL_HEADER,
  PROXY_KEY_HEADER,
  COST_HEADER,
  OVERHEAD_HEADER,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_PORT,
  DEFAULT_HOST,
} from './constants';
export type { ProxyErrorBody } from './errors';
export type {
  CostFunction,
  ExporterKind,
  ProxyCliIo,
  ProxyConfig,
  ProxyCost,
  ProxyOptions,
  ProxyServer,
  UpstreamConfig,
} from './types';
