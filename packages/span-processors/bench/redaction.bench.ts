/**
 * Redaction throughput on prompt-sized strings (MB/s): our linear-time scanner
 * (pattern DFAs + Aho-Corasick) against a naive redactor built from the usual
 * JavaScript regular expressions for the same PII and injection phrases, same
 * inputs, same process, interleaved. Then both on adversarial input, where the
 * backtracking engine's time grows with the square of the length.
 *
 *   npm run bench -w @llmobserve/span-processors
 */
import { loadPatternSet, Redactor } from '../src';

// ---- the obvious alternative: one global regex per PII kind, String.replace, includes() for phrases
function luhnOk(s: string): boolean {
  const d = s.replace(/\D/g, '');
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let x = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
    sum += x;
  }
  return d.length >= 13 && d.length <= 19 && sum % 10 === 0;
}
const NAIVE: [string, RegExp, ((m: string) => boolean)?][] = [
  ['email', /[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/g],
  ['credit_card', /\b(?:\d[ -]?){12,18}\d\b/g, luhnOk],
  ['us_ssn', /\b\d{3}[- ]\d{2}[- ]\d{4}\b/g],
  ['phone', /(?:\+?1[ .-]?)?(?:\(\d{3}\)|\b\d{3})[ .-]?\d{3}[ .-]?\d{4}\b/g],
  ['phone', /\+\d{1,3}(?:[ .-]?\d{2,5}){2,5}\b/g],
  ['iban', /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g],
  ['api_key', /\b(?:sk-[\w-]{20,}|[rs]k_(?:live|test)_[A-Za-z0-9]{16,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,}|(?:AKIA|ASIA)[A-Z0-9]{16}|AIza[\w-]{35}|xox[abprs]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,})/g],
  ['bearer_token', /\beyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]*/g],
  ['bearer_token', /\bbearer [\w.~+/-]{16,}=*/gi],
  ['credential', /(?:api[_-]?key|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|password|passwd|pwd)["']?\s*[:=]\s*["']?[^\s"',;]{6,}/gi],
];
const INJECTION_RE = /(?:ignore|disregard|forget|override)(?:\s+(?:all|any|the|your|my|these|those|previous|prior|above|earlier|preceding|former|initial|original|system)){1,4}\s+(?:instructions|prompts?|rules|directions|guidelines|directives)/i;
const PHRASES = loadPatternSet().patterns.flatMap((p) => (p.phrases ?? []).map((s) => s.toLowerCase()));
function naiveRedact(text: string): { text: string; injection: boolean } {
  let out = text;
  for (const [kind, re, check] of NAIVE) {
    out = out.replace(re, (m) => (check && !check(m) ? m : `[REDACTED:${kind}]`));
  }
  const lower = text.toLowerCase().replace(/\s+/g, ' ');
  const injection = INJECTION_RE.test(text) || PHRASES.some((p) => lower.includes(p));
  return { text: out, injection };
}

// ---- prompt-sized inputs: chat transcripts of 1–8 KB, one in four with some PII
let seed = 42;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const WORDS = 'the a model answer question please summarise report customer order invoice shipping account data table query result because which would could should analysis revenue quarter forecast growth team meeting schedule'.split(' ');
const PII = ['jane.roe@example.com', '(555) 010-4477', '4111 1111 1111 1111', '123-45-6789', 'sk-proj-Abcdefghijklmnopqrstuvwx', 'DE89 3704 0044 0532 0130 00', '+44 20 7946 0958'];
function prompt(): string {
  const size = 1024 + Math.floor(rand() * 7 * 1024);
  const parts: string[] = [];
  let len = 0;
  while (len < size) {
    const w = rand() < 0.004 ? PII[Math.floor(rand() * PII.length)] : WORDS[Math.floor(rand() * WORDS.length)];
    const sep = rand() < 0.08 ? '. ' : rand() < 0.03 ? ', order 20' + Math.floor(rand() * 90 + 10) + '-11-22 ' : ' ';
    parts.push(w + sep);
    len += w.length + sep.length;
  }
  const text = parts.join('');
  return JSON.stringify([{ role: 'system', content: 'You are a helpful analyst.' }, { role: 'user', content: text }]);
}
const inputs = Array.from({ length: 400 }, prompt);
const totalBytes = inputs.reduce((s, t) => s + Buffer.byteLength(t), 0);

const ours = new Redactor(loadPatternSet());
let sink = 0;
/** CPU seconds of this process (not wall time, so a busy machine does not skew one side). */
function cpuSeconds(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}
function runOurs(): number {
  return cpuSeconds(() => {
    for (const t of inputs) sink += ours.redact(t).text.length;
  });
}
function runNaive(): number {
  return cpuSeconds(() => {
    for (const t of inputs) sink += naiveRedact(t).text.length;
  });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Same findings on these inputs (sanity): count redaction markers.
const markers = (s: string): number => (s.match(/\[REDACTED:/g) ?? []).length;
const oursMarkers = inputs.reduce((s, t) => s + markers(ours.redact(t).text), 0);
const naiveMarkers = inputs.reduce((s, t) => s + markers(naiveRedact(t).text), 0);

for (let i = 0; i < 3; i++) {
  runOurs();
  runNaive();
}
const a: number[] = [];
const b: number[] = [];
for (let round = 0; round < 11; round++) {
  a.push(runOurs());
  b.push(runNaive());
}
const mb = totalBytes / 1e6;
const oursMBs = mb / median(a);
const naiveMBs = mb / median(b);
console.log(`Redaction of ${inputs.length} chat prompts (${(mb).toFixed(2)} MB, 1–8 KB each), median of 11 interleaved rounds, CPU time`);
console.log(`  llmobserve Redactor (DFA + Aho-Corasick): ${oursMBs.toFixed(1)} MB/s   (${oursMarkers} findings)`);
console.log(`  naive regex redactor (String.replace):     ${naiveMBs.toFixed(1)} MB/s   (${naiveMarkers} findings)`);
console.log(`  ratio llmobserve / naive: ${(oursMBs / naiveMBs).toFixed(2)}`);

// ---- adversarial input: time grows linearly for ours, quadratically for the backtracking regexes
console.log('\nAdversarial input (CPU ms) ("a." repeated: an e-mail local part with no @; "1 " repeated: digit runs)');
for (const [unit, sizes] of [
  ['a.', [10_000, 20_000, 40_000]],
  ['1 ', [10_000, 20_000, 40_000]],
] as const) {
  for (const n of sizes) {
    const text = unit.repeat(n / 2);
    const a = cpuSeconds(() => ours.redact(text)) * 1000;
    const b = cpuSeconds(() => naiveRedact(text)) * 1000;
    console.log(
      `  ${JSON.stringify(unit)} × ${String(n / 2).padStart(6)} (${(n / 1000).toFixed(0)} KB): llmobserve ${a.toFixed(1).padStart(7)} ms, naive regex ${b.toFixed(1).padStart(8)} ms`,
    );
  }
}
const big = 'a.'.repeat(50_000);
const bigMs = cpuSeconds(() => ours.redact(big)) * 1000;
console.log(`  llmobserve on 100 KB of "a.": ${bigMs.toFixed(1)} ms (the naive redactor is not run at this size)`);
if (sink === 0) console.log('(nothing processed — benchmark broken)');
