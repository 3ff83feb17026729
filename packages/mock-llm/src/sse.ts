/** One SSE event with only a `data:` line, LF line ends (OpenAI chat completions). */
export function dataEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

/** One SSE event with `event:` and `data:` lines (Anthropic, OpenAI Responses). */
export function namedEvent(name: string, payload: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}

/** One SSE event with CRLF line ends, as Gemini sends them. */
export function crlfDataEvent(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\r\n\r\n`;
}

/** Splits `s` into pieces of at most `size` characters (for streamed tool arguments). */
export function pieces(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out.length > 0 ? out : [''];
}
