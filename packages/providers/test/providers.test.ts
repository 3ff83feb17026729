import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import type { Usage } from '@llmobserve/pricing';
import { createResponseParser, inspectRequestBody, ProviderRegistry } from '@llmobserve/providers';
import type { ParseResult, RequestInfo, ResponseParserOptions } from '@llmobserve/providers';

const registry = new ProviderRegistry();
const fixture = (name: string): Buffer => readFileSync(join(__dirname, 'fixtures', name));

interface Case {
  name: string;
  url: string;
  fixture: string;
  contentType: string;
  status?: number;
  requestBody?: string;
  request?: RequestInfo;
  headers?: Record<string, string>;
  provider: string;
  expect: {
    usage?: Usage;
    model?: string;
    responseId?: string;
    finishReasons?: string[];
    error?: string;
    estimated?: boolean;
    stream: boolean;
    partialUsage?: Usage;
  };
}

const SSE = 'text/event-stream';
const JSON_CT = 'application/json';
const ES = 'application/vnd.amazon.eventstream';

/** One realistic response per provider and wire format; expected values worked out by hand from the payloads. */
export const CASES: Case[] = [
  {
    name: 'OpenAI chat JSON (cached prompt)',
    url: 'https://api.openai.com/v1/chat/completions',
    fixture: 'openai-chat.json',
    contentType: 'application/json; charset=utf-8',
    provider: 'openai',
    expect: {
      stream: false,
      model: 'gpt-4o-2024-08-06',
      responseId: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      finishReasons: ['stop'],
      usage: { inputTokens: 1219, cachedInputTokens: 1152, audioInputTokens: 0, outputTokens: 10, reasoningTokens: 0, audioOutputTokens: 0 },
    },
  },
  {
    name: 'OpenAI chat SSE with include_usage final chunk',
    url: 'https://api.openai.com/v1/chat/completions',
    fixture: 'openai-chat-stream-usage.sse',
    contentType: SSE,
    requestBody: '{"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Say the pangram"}]}',
    provider: 'openai',
    expect: {
      stream: true,
      model: 'gpt-4o-mini-2024-07-18',
      responseId: 'chatcmpl-123',
      finishReasons: ['stop'],
      usage: { inputTokens: 19, cachedInputTokens: 0, audioInputTokens: 0, outputTokens: 10, reasoningTokens: 0, audioOutputTokens: 0 },
    },
  },
  {
    name: 'OpenAI chat SSE without usage (CRLF): estimated',
    url: 'https://api.openai.com/v1/chat/completions',
    fixture: 'openai-chat-stream-nousage.sse',
    contentType: SSE,
    requestBody: '{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say the pangram"}]}',
    provider: 'openai',
    expect: {
      stream: true,
      model: 'gpt-4o-mini-2024-07-18',
      responseId: 'chatcmpl-123',
      finishReasons: ['stop'],
      // "The quick brown fox jumps over the lazy dog." is 10 o200k tokens; the prompt 3 + 1 + 4 + 3.
      usage: { inputTokens: 11, outputTokens: 10 },
      estimated: true,
    },
  },
  {
    name: 'OpenAI chat SSE tool call',
    url: 'https://api.openai.com/v1/chat/completions',
    fixture: 'openai-chat-tools.sse',
    contentType: SSE,
    provider: 'openai',
    request: { stream: true, includeUsage: true },
    expect: { stream: true, finishReasons: ['tool_calls'], model: 'gpt-4o-mini-2024-07-18', responseId: 'chatcmpl-123', usage: { inputTokens: 82, cachedInputTokens: 0, outputTokens: 17, reasoningTokens: 0 } },
  },
  {
    name: 'OpenAI chat SSE cut mid-event',
    url: 'https://api.openai.com/v1/chat/completions',
    fixture: 'openai-chat-stream-cut.sse',
    contentType: SSE,
    provider: 'openai',
    request: { stream: true, includeUsage: true },
    expect: { stream: true, model: 'gpt-4o-mini-2024-07-18', responseId: 'chatcmpl-123', error: 'truncated_stream' },
  },
  {
    name: 'OpenAI Responses JSON (reasoning)',
    url: 'https://api.openai.com/v1/responses',
    fixture: 'openai-responses.json',
    contentType: JSON_CT,
    provider: 'openai',
    expect: {
      stream: false,
      model: 'o4-mini-2025-04-16',
      responseId: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
      finishReasons: ['stop'],
      usage: { inputTokens: 36, cachedInputTokens: 0, outputTokens: 387, reasoningTokens: 320 },
    },
  },
  {
    name: 'OpenAI Responses SSE (response.completed usage)',
    url: 'https://api.openai.com/v1/responses',
    fixture: 'openai-responses.sse',
    contentType: SSE,
    provider: 'openai',
    request: { stream: true },
    expect: {
      stream: true,
      model: 'o4-mini-2025-04-16',
      responseId: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
      finishReasons: ['stop'],
      usage: { inputTokens: 36, cachedInputTokens: 0, outputTokens: 387, reasoningTokens: 320 },
    },
  },
  {
    name: 'OpenAI embeddings',
    url: 'https://api.openai.com/v1/embeddings',
    fixture: 'openai-embeddings.json',
    contentType: JSON_CT,
    provider: 'openai',
    expect: { stream: false, model: 'text-embedding-3-small', usage: { inputTokens: 16 } },
  },
  {
    name: 'OpenAI transcription (token usage)',
    url: 'https://api.openai.com/v1/audio/transcriptions',
    fixture: 'openai-transcription.json',
    contentType: JSON_CT,
    provider: 'openai',
    expect: { stream: false, usage: { inputTokens: 14, audioInputTokens: 14, outputTokens: 45 } },
  },
  {
    name: 'OpenAI image generation',
    url: 'https://api.openai.com/v1/images/generations',
    fixture: 'openai-images.json',
    contentType: JSON_CT,
    provider: 'openai',
    expect: { stream: false, usage: { inputTokens: 50, imageInputTokens: 0, outputTokens: 4242, images: 1 } },
  },
  {
    name: 'OpenAI speech (binary, characters from the request)',
    url: 'https://api.openai.com/v1/audio/speech',
    fixture: 'elevenlabs-tts.mp3',
    contentType: 'audio/mpeg',
    requestBody: '{"model":"tts-1","input":"Today is a wonderful day","voice":"alloy"}',
    provider: 'openai',
    expect: { stream: false, model: 'tts-1', usage: { characters: 24 } },
  },
  {
    name: 'Azure OpenAI chat JSON',
    url: 'https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
    fixture: 'azure-chat.json',
    contentType: JSON_CT,
    provider: 'azure.ai.openai',
    expect: { stream: false, model: 'gpt-4o-2024-05-13', responseId: 'chatcmpl-9zWq3', finishReasons: ['stop'], usage: { inputTokens: 21, outputTokens: 5 } },
  },
  {
    name: 'Anthropic messages JSON (cache read + 5m/1h writes)',
    url: 'https://api.anthropic.com/v1/messages',
    fixture: 'anthropic-messages.json',
    contentType: JSON_CT,
    provider: 'anthropic',
    expect: {
      stream: false,
      model: 'claude-sonnet-4-5-20250929',
      responseId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 12 + 3000 + 1500, cachedInputTokens: 3000, cacheWriteTokens: 1000, cacheWrite1hTokens: 500, outputTokens: 9 },
    },
  },
  {
    name: 'Anthropic messages SSE (message_start + message_delta)',
    url: 'https://api.anthropic.com/v1/messages',
    fixture: 'anthropic-messages.sse',
    contentType: SSE,
    provider: 'anthropic',
    request: { stream: true },
    expect: {
      stream: true,
      model: 'claude-opus-4-1-20250805',
      responseId: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 25 + 10000 + 2048, cachedInputTokens: 10000, cacheWriteTokens: 2048, outputTokens: 15 },
    },
  },
  {
    name: 'Gemini generateContent JSON (thoughts)',
    url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    fixture: 'gemini.json',
    contentType: JSON_CT,
    provider: 'gcp.gemini',
    expect: {
      stream: false,
      model: 'gemini-2.5-flash',
      responseId: 'mSSJaKbWEMWQqtsPzKDa2Q8',
      finishReasons: ['STOP'],
      usage: { inputTokens: 8, cachedInputTokens: 0, outputTokens: 410, reasoningTokens: 400 },
    },
  },
  {
    name: 'Gemini streamGenerateContent SSE (CRLF)',
    url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    fixture: 'gemini.sse',
    contentType: SSE,
    provider: 'gcp.gemini',
    expect: { stream: true, model: 'gemini-2.5-flash', responseId: 'r1', finishReasons: ['STOP'], usage: { inputTokens: 8, cachedInputTokens: 4, outputTokens: 116, reasoningTokens: 106 } },
  },
  {
    name: 'Vertex streamGenerateContent as a JSON array',
    url: 'https://us-central1-aiplatform.googleapis.com/v1/projects/p1/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent',
    fixture: 'gemini-stream-array.json',
    contentType: JSON_CT,
    provider: 'gcp.vertex_ai',
    expect: { stream: true, model: 'gemini-2.5-flash', responseId: 'r1', finishReasons: ['STOP'], usage: { inputTokens: 8, cachedInputTokens: 4, outputTokens: 116, reasoningTokens: 106 } },
  },
  {
    name: 'Bedrock Converse JSON (cache read/write)',
    url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse',
    fixture: 'bedrock-converse.json',
    contentType: JSON_CT,
    headers: { 'x-amzn-requestid': '7b7d3e5e-1d2c-4c8e-9f1a-2b3c4d5e6f70' },
    provider: 'aws.bedrock',
    expect: {
      stream: false,
      model: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
      responseId: '7b7d3e5e-1d2c-4c8e-9f1a-2b3c4d5e6f70',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 4030, cachedInputTokens: 2000, cacheWriteTokens: 2000, outputTokens: 12 },
    },
  },
  {
    name: 'Bedrock ConverseStream (AWS event-stream)',
    url: 'https://bedrock-runtime.us-west-2.amazonaws.com/model/us.amazon.nova-pro-v1:0/converse-stream',
    fixture: 'bedrock-converse-stream.bin',
    contentType: ES,
    provider: 'aws.bedrock',
    expect: {
      stream: true,
      model: 'us.amazon.nova-pro-v1:0',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 1045, cachedInputTokens: 1024, cacheWriteTokens: 0, outputTokens: 7 },
    },
  },
  {
    name: 'Bedrock InvokeModel JSON (Anthropic body)',
    url: 'https://bedrock-runtime.eu-central-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke',
    fixture: 'bedrock-invoke-anthropic.json',
    contentType: JSON_CT,
    provider: 'aws.bedrock',
    expect: { stream: false, model: 'claude-3-5-sonnet-20240620', responseId: 'msg_bdrk_01', finishReasons: ['end_turn'], usage: { inputTokens: 14, outputTokens: 6 } },
  },
  {
    name: 'Bedrock InvokeModelWithResponseStream (Anthropic chunks + invocation metrics)',
    url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1:0/invoke-with-response-stream',
    fixture: 'bedrock-invoke-stream.bin',
    contentType: ES,
    provider: 'aws.bedrock',
    expect: {
      stream: true,
      model: 'claude-3-5-haiku-20241022',
      responseId: 'msg_bdrk_01ABC',
      finishReasons: ['end_turn'],
      usage: { inputTokens: 18, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 8 },
    },
  },
  {
    name: 'Cohere v2 chat JSON (billed units)',
    url: 'https://api.cohere.com/v2/chat',
    fixture: 'cohere-v2-chat.json',
    contentType: JSON_CT,
    provider: 'cohere',
    expect: { stream: false, responseId: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4', finishReasons: ['COMPLETE'], usage: { inputTokens: 17, outputTokens: 10 } },
  },
  {
    name: 'Cohere v2 chat SSE',
    url: 'https://api.cohere.com/v2/chat',
    fixture: 'cohere-v2-chat.sse',
    contentType: SSE,
    provider: 'cohere',
    expect: { stream: true, responseId: '29f14a5a-11de-4cae-9800-25e4747408ea', finishReasons: ['COMPLETE'], usage: { inputTokens: 3, outputTokens: 2 } },
  },
  {
    name: 'Mistral chat JSON',
    url: 'https://api.mistral.ai/v1/chat/completions',
    fixture: 'mistral-chat.json',
    contentType: JSON_CT,
    provider: 'mistral_ai',
    expect: { stream: false, model: 'mistral-small-latest', responseId: 'cmpl-e5cc70bb28c444948073e77776eb30ef', finishReasons: ['stop'], usage: { inputTokens: 16, outputTokens: 34 } },
  },
  {
    name: 'Groq chat SSE (x_groq usage)',
    url: 'https://api.groq.com/openai/v1/chat/completions',
    fixture: 'groq-chat.sse',
    contentType: SSE,
    requestBody: '{"model":"llama-3.3-70b-versatile","stream":true,"messages":[{"role":"user","content":"hi"}]}',
    provider: 'groq',
    expect: { stream: true, model: 'llama-3.3-70b-versatile', responseId: 'chatcmpl-groq1', finishReasons: ['stop'], usage: { inputTokens: 40, outputTokens: 3 } },
  },
  {
    name: 'Together chat SSE (usage on the finishing chunk)',
    url: 'https://api.together.xyz/v1/chat/completions',
    fixture: 'together-chat.sse',
    contentType: SSE,
    provider: 'together_ai',
    request: { stream: true },
    expect: { stream: true, model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', responseId: 'tg-1', finishReasons: ['eos'], usage: { inputTokens: 11, outputTokens: 2 } },
  },
  {
    name: 'Perplexity chat JSON (search queries)',
    url: 'https://api.perplexity.ai/chat/completions',
    fixture: 'perplexity-chat.json',
    contentType: JSON_CT,
    provider: 'perplexity',
    expect: { stream: false, model: 'sonar-pro', responseId: 'pplx-1', finishReasons: ['stop'], usage: { inputTokens: 14, outputTokens: 70, requests: 1 } },
  },
  {
    name: 'DeepSeek chat JSON (prompt_cache_hit_tokens)',
    url: 'https://api.deepseek.com/chat/completions',
    fixture: 'deepseek-chat.json',
    contentType: JSON_CT,
    provider: 'deepseek',
    expect: { stream: false, model: 'deepseek-reasoner', responseId: '930c60df-bf64-41c9-a88e-3ec75f81e00e', finishReasons: ['stop'], usage: { inputTokens: 200, cachedInputTokens: 128, outputTokens: 40, reasoningTokens: 30 } },
  },
  {
    name: 'xAI chat JSON (reasoning outside completion_tokens)',
    url: 'https://api.x.ai/v1/chat/completions',
    fixture: 'xai-chat.json',
    contentType: JSON_CT,
    provider: 'x_ai',
    expect: {
      stream: false,
      model: 'grok-4-0709',
      responseId: 'a3d1008e-4544-40d4-d075-11527e794e4a',
      finishReasons: ['stop'],
      usage: { inputTokens: 32, cachedInputTokens: 6, audioInputTokens: 0, imageInputTokens: 0, outputTokens: 103, reasoningTokens: 94, audioOutputTokens: 0 },
    },
  },
  {
    name: 'OpenRouter chat SSE (comments)',
    url: 'https://openrouter.ai/api/v1/chat/completions',
    fixture: 'openrouter-chat.sse',
    contentType: SSE,
    provider: 'openrouter',
    request: { stream: true },
    expect: { stream: true, model: 'anthropic/claude-3.5-sonnet', responseId: 'gen-1747', finishReasons: ['stop'], usage: { inputTokens: 194, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0 } },
  },
  {
    name: 'Voyage embeddings',
    url: 'https://api.voyageai.com/v1/embeddings',
    fixture: 'voyage-embeddings.json',
    contentType: JSON_CT,
    provider: 'voyage_ai',
    expect: { stream: false, model: 'voyage-3.5', usage: { inputTokens: 10 } },
  },
  {
    name: 'ElevenLabs text-to-speech (binary; characters from header)',
    url: 'https://api.elevenlabs.io/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?output_format=mp3_44100_128',
    fixture: 'elevenlabs-tts.mp3',
    contentType: 'audio/mpeg',
    requestBody: '{"text":"The first move is what sets everything in motion.","model_id":"eleven_multilingual_v2"}',
    headers: { 'x-character-count': '49', 'request-id': 'el-req-1' },
    provider: 'elevenlabs',
    expect: { stream: false, responseId: 'el-req-1', usage: { characters: 49 } },
  },
  {
    name: 'Deepgram listen (audio seconds)',
    url: 'https://api.deepgram.com/v1/listen?model=nova-3&smart_format=true',
    fixture: 'deepgram-listen.json',
    contentType: JSON_CT,
    provider: 'deepgram',
    expect: { stream: false, model: '30089e05-99d1-4376-b32e-c263170674af', responseId: 'b4a3b8c0-4a3f-4f8e-9d77-3a2f8e9a1c11', usage: { seconds: 25.933313 } },
  },
  {
    name: 'AssemblyAI completed transcript (audio seconds)',
    url: 'https://api.assemblyai.com/v2/transcript/9ea68fd3-f953-42c1-9742-976c447fb463',
    fixture: 'assemblyai-transcript.json',
    contentType: JSON_CT,
    provider: 'assemblyai',
    expect: { stream: false, model: 'universal', responseId: '9ea68fd3-f953-42c1-9742-976c447fb463', finishReasons: ['completed'], usage: { seconds: 281 } },
  },
  {
    name: 'Pinecone query (read units)',
    url: 'https://example-index-abc1234.svc.aped-4627-b74a.pinecone.io/query',
    fixture: 'pinecone-query.json',
    contentType: JSON_CT,
    provider: 'pinecone',
    expect: { stream: false, usage: { readUnits: 6 } },
  },
  {
    name: 'OpenAI 429 error body',
    url: 'https://api.openai.com/v1/chat/completions',
    fixture: 'error-429.json',
    contentType: JSON_CT,
    status: 429,
    requestBody: '{"model":"gpt-4o","messages":[]}',
    provider: 'openai',
    expect: { stream: false, model: 'gpt-4o', error: 'http_429' },
  },
];

function methodFor(c: Case): string {
  return c.url.includes('assemblyai.com/v2/transcript/') ? 'GET' : 'POST';
}

function optionsFor(c: Case, extra: Partial<ResponseParserOptions> = {}): ResponseParserOptions {
  const match = registry.match(c.url, methodFor(c))!;
  return {
    statusCode: c.status ?? 200,
    contentType: c.contentType,
    headers: c.headers,
    request: c.request ?? inspectRequestBody(match, c.requestBody),
    ...extra,
  };
}

/** Parses `body` split into the given chunks. */
export function parse(c: Case, chunks: Uint8Array[], extra: Partial<ResponseParserOptions> = {}): ParseResult {
  const match = registry.match(c.url, methodFor(c))!;
  const p = createResponseParser(match, optionsFor(c, extra));
  for (const ch of chunks) p.write(ch);
  return p.end();
}

/** The result without the timing fields, which depend on when chunks arrive. */
export function stable(r: ParseResult): Omit<ParseResult, 'firstChunkAt' | 'firstTokenAt'> {
  const rest = { ...r };
  delete rest.firstChunkAt;
  delete rest.firstTokenAt;
  return rest;
}

describe('provider fixtures', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const match = registry.match(c.url, methodFor(c));
    expect(match?.provider).toBe(c.provider);
    const body = fixture(c.fixture);
    const r = parse(c, [body]);
    expect(r.stream).toBe(c.expect.stream);
    expect(r.error).toBe(c.expect.error);
    expect(r.usage).toEqual(c.expect.usage);
    expect(r.model).toBe(c.expect.model);
    expect(r.responseId).toBe(c.expect.responseId);
    expect(r.finishReasons).toEqual(c.expect.finishReasons);
    expect(r.estimated).toBe(c.expect.estimated);
    expect(r.bodyBytes).toBe(body.length);
    expect(r.firstChunkAt).toEqual(expect.any(Number));
    if (c.expect.stream && c.expect.error === undefined) expect(r.firstTokenAt).toEqual(expect.any(Number));
  });

  test.each(CASES.map((c) => [c.name, c] as const))('every split point gives the same result: %s', (_name, c) => {
    const body = fixture(c.fixture);
    const whole = stable(parse(c, [body]));
    for (let k = 1; k < body.length; k++) {
      const r = stable(parse(c, [body.subarray(0, k), body.subarray(k)]));
      if (JSON.stringify(r) !== JSON.stringify(whole)) throw new Error(`split at ${k} differs: ${JSON.stringify(r)} vs ${JSON.stringify(whole)}`);
    }
    // Byte by byte, and through the bounded incremental JSON path (smallest keep budget).
    const bytes = Array.from(body, (b) => Uint8Array.of(b));
    expect(stable(parse(c, bytes))).toEqual(whole);
    expect(stable(parse(c, [body], { maxBufferBytes: 1024 }))).toEqual(whole);
    expect(stable(parse(c, bytes, { maxBufferBytes: 1024 }))).toEqual(whole);
  });

  const encodings: Array<[string, (b: Buffer) => Buffer]> = [
    ['gzip', (b) => zlib.gzipSync(b)],
    ['deflate', (b) => zlib.deflateSync(b)],
    ['deflate (raw)', (b) => zlib.deflateRawSync(b)],
    ['br', (b) => zlib.brotliCompressSync(b)],
  ];
  test.each(encodings)('%s bodies decode on the side to the same result', (name, compress) => {
    const encoding = name.split(' ')[0];
    for (const c of CASES) {
      const body = fixture(c.fixture);
      const whole = stable(parse(c, [body]));
      const z = compress(body);
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < z.length; i += 7) chunks.push(z.subarray(i, i + 7));
      expect({ name: c.name, r: stable(parse(c, chunks, { contentEncoding: encoding })) }).toEqual({ name: c.name, r: whole });
    }
  });

  test('a corrupt or cut compressed body reports decode_error and no usage', () => {
    const c = CASES[0];
    const z = zlib.gzipSync(fixture(c.fixture));
    const corrupt = Buffer.from(z);
    corrupt[20] ^= 0xff;
    corrupt[21] ^= 0xff;
    const r1 = parse(c, [corrupt], { contentEncoding: 'gzip' });
    expect(r1.error).toBe('decode_error');
    expect(r1.usage).toBeUndefined();
    const r2 = parse(c, [z.subarray(0, z.length - 12)], { contentEncoding: 'gzip' });
    expect(r2.usage).toBeUndefined();
    expect(r2.error).toMatch(/decode_error|malformed_json|truncated_stream/);
    expect(parse(c, [fixture(c.fixture)], { contentEncoding: 'zstd' }).error).toBe('decode_error');
  });

  test('recordContent keeps the completion text, bounded', () => {
    const c = CASES.find((x) => x.fixture === 'anthropic-messages.sse')!;
    const r = parse(c, [fixture(c.fixture)], { recordContent: true });
    expect(r.completionText).toBe('Hello! How can I help?');
    const short = parse(c, [fixture(c.fixture)], { recordContent: true, maxContentChars: 5 });
    expect(short.completionText).toBe('Hello');
    expect(parse(c, [fixture(c.fixture)]).completionText).toBeUndefined();
  });
});
