/**
 * Thrown at set-up when an option or an environment variable has a bad value.
 * The message names the field, the value and the fix; `field` holds the option
 * path (`phoenix.endpoint`) or the variable name (`PHOENIX_COLLECTOR_ENDPOINT`).
 */
export class ConfigError extends Error {
  /** The option path or environment variable that holds the bad value. */
  readonly field: string;
  /** The bad value, as given. */
  readonly value: unknown;

  constructor(field: string, value: unknown, expected: string) {
    super(`@llmobserve/exporter: ${field} ${expected}, got ${describe(value)}`);
    this.name = 'ConfigError';
    this.field = field;
    this.value = value;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
