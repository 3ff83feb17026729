/**
 * Hand-derived cost table: per-unit prices are transcribed here from the providers' pricing pages
 * (via the catalog's sources) and each expected total is computed in this file from those prices
 * and the usage, never by the engine. ≥ 200 cases over every unit and more than 25 providers.
 */
import { computeCost, type Usage } from '@llmobserve/pricing';
import { fmt, perUnits, times, usd } from './helpers/decimal';

interface Case {
  name: string;
  provider?: string;
  model: string;
  usage: Usage;
  at?: string;
  expected: bigint;
  /** catalog provider expected in the result */
  catalogProvider?: string;
}

// Token models: [provider as reported, model, catalog provider, input, cached (or null), output, reasoning (or null)]
type TokenRow = [string | undefined, string, string, string, string | null, string, string | null];
const TOKEN_MODELS: TokenRow[] = [
  ['openai', 'gpt-4o', 'openai', '0.0000025', '0.00000125', '0.00001', null],
  ['openai', 'gpt-4o-mini', 'openai', '0.00000015', '0.000000075', '0.0000006', null],
  ['openai', 'o3', 'openai', '0.000002', '0.0000005', '0.000008', null],
  ['openai', 'gpt-5', 'openai', '0.00000125', '0.000000125', '0.00001', null],
  ['openai', 'gpt-5.4', 'openai', '0.0000025', '0.00000025', '0.000015', null],
  ['openai', 'text-embedding-3-small', 'openai', '0.00000002', null, '0', null],
  ['anthropic', 'claude-sonnet-4-5', 'anthropic', '0.000003', '0.0000003', '0.000015', null],
  ['anthropic', 'claude-opus-4-1', 'anthropic', '0.000015', '0.0000015', '0.000075', null],
  ['anthropic', 'claude-opus-4-6', 'anthropic', '0.000005', '0.0000005', '0.000025', null],
  ['gcp.gemini', 'gemini-2.5-pro', 'gemini', '0.00000125', '0.000000125', '0.00001', null],
  ['gcp.gemini', 'gemini-2.5-flash', 'gemini', '0.0000003', '0.00000003', '0.0000025', '0.0000025'],
  ['gcp.gemini', 'gemini-3-pro-preview', 'gemini', '0.000002', '0.0000002', '0.000012', null],
  ['gcp.vertex_ai', 'gemini-2.0-flash', 'vertex_ai-language-models', '0.0000001', '0.000000025', '0.0000004', null],
  ['aws.bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'bedrock', '0.000003', '0.0000003', '0.000015', null],
  ['aws.bedrock', 'us.amazon.nova-pro-v1:0', 'bedrock_converse', '0.0000008', null, '0.0000032', null],
  ['azure.ai.openai', 'gpt-4o-mini', 'azure', '0.000000165', '0.000000075', '0.00000066', null],
  ['mistral_ai', 'mistral-large-latest', 'mistral', '0.0000005', null, '0.0000015', null],
  ['groq', 'llama-3.3-70b-versatile', 'groq', '0.00000059', null, '0.00000079', null],
  ['deepseek', 'deepseek-chat', 'deepseek', '0.00000028', '0.000000028', '0.00000042', null],
  ['x_ai', 'grok-3', 'xai', '0.000003', '0.00000075', '0.000015', null],
  ['together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together_ai', '0.00000088', null, '0.00000088', null],
  ['fireworks', 'accounts/fireworks/models/llama-v3p1-8b-instruct', 'fireworks_ai', '0.0000001', null, '0.0000001', null],
  ['perplexity', 'sonar', 'perplexity', '0.000001', null, '0.000001', null],
  ['perplexity', 'sonar-pro', 'perplexity', '0.000003', null, '0.000015', null],
  ['ai21', 'jamba-1.5-large', 'ai21', '0.000002', null, '0.000008', null],
  ['dashscope', 'qwen-plus-2025-09-11', 'dashscope', '0.0000004', null, '0.0000012', '0.000004'],
  ['openrouter', 'anthropic/claude-3.5-sonnet', 'openrouter', '0.000003', null, '0.000015', null],
  ['voyage', 'voyage-3', 'voyage', '0.00000006', null, '0', null],
];

const cases: Case[] = [];

for (const [provider, model, catProv, inP, cachedP, outP, reasP] of TOKEN_MODELS) {
  const cached = cachedP ?? inP; // no cache price: cached tokens are plain input tokens
  const reasoning = reasP ?? outP; // no reasoning price: reasoning tokens are output tokens
  const add = (name: string, usage: Usage, expected: bigint): void => {
    cases.push({ name: `${catProv}/${model}: ${name}`, provider, model, usage, expected, catalogProvider: catProv });
  };
  add('1000 in + 500 out', { inputTokens: 1000, outputTokens: 500 }, times(inP, 1000) + times(outP, 500));
  add('12345 in (2345 cached) + 678 out', { inputTokens: 12345, cachedInputTokens: 2345, outputTokens: 678 }, times(inP, 10000) + times(cached, 2345) + times(outP, 678));
  add('1 input token', { inputTokens: 1 }, times(inP, 1));
  add('1000 out incl. 400 reasoning', { outputTokens: 1000, reasoningTokens: 400 }, times(outP, 600) + times(reasoning, 400));
  add('zero usage', { inputTokens: 0, outputTokens: 0 }, 0n);
  add('100k in + 9999 out', { inputTokens: 100000, outputTokens: 9999 }, times(inP, 100000) + times(outP, 9999));
}

const C = (c: Case): void => {
  cases.push(c);
};

// Anthropic prompt caching: 5-minute and 1-hour writes and reads (claude-sonnet-4-5: $3 / $3.75 / $6 / $0.30 / $15 per M)
C({ name: 'anthropic cache write 5m + 1h + read', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 10000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000, cachedInputTokens: 3000, outputTokens: 100 }, expected: times('0.000003', 4000) + times('0.00000375', 2000) + times('0.000006', 1000) + times('0.0000003', 3000) + times('0.000015', 100) });
C({ name: 'anthropic 1h cache write only', provider: 'anthropic', model: 'claude-opus-4-1', usage: { inputTokens: 5000, cacheWrite1hTokens: 5000 }, expected: times('0.00003', 5000) });
C({ name: 'anthropic opus 4.6 cache read', provider: 'anthropic', model: 'claude-opus-4-6', usage: { inputTokens: 2000, cachedInputTokens: 1500, outputTokens: 10 }, expected: times('0.000005', 500) + times('0.0000005', 1500) + times('0.000025', 10) });
// Long-context tiers: the whole request moves once the prompt strictly exceeds the threshold
C({ name: 'claude-sonnet-4-5 at exactly 200k stays base', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 200000, outputTokens: 1000 }, expected: times('0.000003', 200000) + times('0.000015', 1000) });
C({ name: 'claude-sonnet-4-5 above 200k: tier rates', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 200001, outputTokens: 1000 }, expected: times('0.000006', 200001) + times('0.0000225', 1000) });
C({ name: 'claude-sonnet-4-5 above 200k with cache', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 300000, cachedInputTokens: 100000, cacheWriteTokens: 50000, outputTokens: 10 }, expected: times('0.000006', 150000) + times('0.0000006', 100000) + times('0.0000075', 50000) + times('0.0000225', 10) });
C({ name: 'gemini-2.5-pro above 200k', provider: 'gcp.gemini', model: 'gemini-2.5-pro', usage: { inputTokens: 250000, cachedInputTokens: 50000, outputTokens: 2000 }, expected: times('0.0000025', 200000) + times('0.00000025', 50000) + times('0.000015', 2000) });
C({ name: 'gemini-3-pro-preview above 200k', provider: 'gcp.gemini', model: 'gemini-3-pro-preview', usage: { inputTokens: 200001, outputTokens: 1 }, expected: times('0.000004', 200001) + times('0.000018', 1) });
C({ name: 'gpt-5.4 above 272k', provider: 'openai', model: 'gpt-5.4', usage: { inputTokens: 272001, cachedInputTokens: 72001, outputTokens: 100 }, expected: times('0.000005', 200000) + times('0.0000005', 72001) + times('0.0000225', 100) });
C({ name: 'gpt-5.4 at 272k stays base', provider: 'openai', model: 'gpt-5.4', usage: { inputTokens: 272000, outputTokens: 100 }, expected: times('0.0000025', 272000) + times('0.000015', 100) });
C({ name: 'bedrock claude 3.5 sonnet above 200k', provider: 'aws.bedrock', model: 'anthropic.claude-3-5-sonnet-20240620-v1:0', usage: { inputTokens: 210000, outputTokens: 10 }, expected: times('0.000006', 210000) + times('0.00003', 10) });
C({ name: 'dashscope qwen-plus above 256k with reasoning', provider: 'dashscope', model: 'qwen-plus-2025-09-11', usage: { inputTokens: 256001, outputTokens: 1000, reasoningTokens: 600 }, expected: times('0.0000012', 256001) + times('0.0000036', 400) + times('0.000012', 600) });
// Service tiers
C({ name: 'gpt-4o batch', provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 1000, outputTokens: 500, serviceTier: 'batch' }, expected: times('0.00000125', 1000) + times('0.000005', 500) });
C({ name: 'gpt-4o priority', provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500, serviceTier: 'priority' }, expected: times('0.00000425', 800) + times('0.000002125', 200) + times('0.000017', 500) });
C({ name: 'gpt-4o-mini batch', provider: 'openai', model: 'gpt-4o-mini', usage: { inputTokens: 2000, outputTokens: 1000, serviceTier: 'batch' }, expected: times('0.000000075', 2000) + times('0.0000003', 1000) });
C({ name: 'o3 flex', provider: 'openai', model: 'o3', usage: { inputTokens: 1000, cachedInputTokens: 500, outputTokens: 100, serviceTier: 'flex' }, expected: times('0.000001', 500) + times('0.00000025', 500) + times('0.000004', 100) });
C({ name: 'gpt-5 flex', provider: 'openai', model: 'gpt-5', usage: { inputTokens: 4000, outputTokens: 4000, serviceTier: 'flex' }, expected: times('0.000000625', 4000) + times('0.000005', 4000) });
C({ name: 'gpt-5.4 batch', provider: 'openai', model: 'gpt-5.4', usage: { inputTokens: 1000, outputTokens: 1000, serviceTier: 'batch' }, expected: times('0.00000125', 1000) + times('0.0000075', 1000) });
C({ name: 'gpt-5.4 standard tier word', provider: 'openai', model: 'gpt-5.4', usage: { inputTokens: 1000, outputTokens: 1000, serviceTier: 'default' }, expected: times('0.0000025', 1000) + times('0.000015', 1000) });
C({ name: 'gemini-3-pro-preview batch', provider: 'gcp.gemini', model: 'gemini-3-pro-preview', usage: { inputTokens: 1000, outputTokens: 1000, serviceTier: 'batch' }, expected: times('0.000001', 1000) + times('0.000006', 1000) });
C({ name: 'gemini-3-pro-preview priority above 200k', provider: 'gcp.gemini', model: 'gemini-3-pro-preview', usage: { inputTokens: 300000, outputTokens: 10, serviceTier: 'priority' }, expected: times('0.0000072', 300000) + times('0.0000324', 10) });
C({ name: 'text-embedding-3-small batch', provider: 'openai', model: 'text-embedding-3-small', usage: { inputTokens: 1000000, serviceTier: 'batch' }, expected: times('0.00000001', 1000000) });
// Price modifiers: data residency
C({ name: 'gpt-5.4 eu data residency x1.1', provider: 'openai', model: 'gpt-5.4', usage: { inputTokens: 1000, outputTokens: 1000, pricingModifiers: ['eu'] }, expected: (times('0.0000025', 1000) * 11n) / 10n + (times('0.000015', 1000) * 11n) / 10n });
C({ name: 'claude-opus-4-6 us inference x1.1', provider: 'anthropic', model: 'claude-opus-4-6', usage: { inputTokens: 1000, outputTokens: 100, pricingModifiers: ['us'] }, expected: (times('0.000005', 1000) * 11n) / 10n + (times('0.000025', 100) * 11n) / 10n });
C({ name: 'unknown modifier ignored', provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 1000, pricingModifiers: ['mars'] }, expected: times('0.0000025', 1000) });
// Audio tokens
C({ name: 'gpt-4o-audio-preview audio in/out', provider: 'openai', model: 'gpt-4o-audio-preview', usage: { inputTokens: 1000, audioInputTokens: 400, outputTokens: 500, audioOutputTokens: 300 }, expected: times('0.0000025', 600) + times('0.00004', 400) + times('0.00001', 200) + times('0.00008', 300) });
C({ name: 'gemini-2.5-flash audio input', provider: 'gcp.gemini', model: 'gemini-2.5-flash', usage: { inputTokens: 1000, audioInputTokens: 1000, outputTokens: 10 }, expected: times('0.000001', 1000) + times('0.0000025', 10) });
C({ name: 'gemini-2.0-flash audio input on vertex', provider: 'gcp.vertex_ai', model: 'gemini-2.0-flash', usage: { inputTokens: 3000, audioInputTokens: 2000 }, expected: times('0.0000001', 1000) + times('0.0000007', 2000) });
C({ name: 'gpt-4o audio tokens without audio price bill as text', provider: 'openai', model: 'gpt-4o', usage: { inputTokens: 1000, audioInputTokens: 100 }, expected: times('0.0000025', 1000) });
// Image tokens
C({ name: 'gpt-image-1 image tokens', provider: 'openai', model: 'gpt-image-1', usage: { inputTokens: 150, imageInputTokens: 50, outputTokens: 4160, imageOutputTokens: 4160 }, expected: times('0.000005', 100) + times('0.00001', 50) + times('0.00004', 4160) });
// Images by size/quality
for (const [quality, size, price] of [['low', '1024x1024', '0.011'], ['low', '1024x1536', '0.016'], ['medium', '1024x1024', '0.042'], ['medium', '1536x1024', '0.063'], ['high', '1024x1024', '0.167'], ['high', '1024x1536', '0.25']] as const) {
  C({ name: `gpt-image-1 ${quality} ${size} x2`, provider: 'openai', model: 'gpt-image-1', usage: { images: 2, imageSize: size, imageQuality: quality }, expected: times(price, 2) });
}
C({ name: 'dall-e-2 512x512 from per-pixel price', provider: 'openai', model: 'dall-e-2', usage: { images: 1, imageSize: '512x512' }, expected: times('0.0000000686', 512 * 512) });
C({ name: 'stability sd3-large', provider: 'stability', model: 'sd3-large', usage: { images: 3 }, expected: times('0.065', 3) });
C({ name: 'stability stable-image-core', provider: 'stability_ai', model: 'stable-image-core', usage: { images: 1 }, expected: times('0.03', 1) });
C({ name: 'stability sd3.5-flash (curated)', provider: 'stability', model: 'sd3.5-flash', usage: { images: 4 }, expected: times('0.025', 4) });
C({ name: 'aws rekognition per image', provider: 'aws.rekognition', model: 'image-analysis', usage: { images: 1000 }, expected: times('0.001', 1000) });
C({ name: 'runway gen4_turbo seconds', provider: 'runwayml', model: 'gen4_turbo', usage: { seconds: 10 }, expected: times('0.05', 10) });
C({ name: 'runway gen3a (curated) seconds', provider: 'runway', model: 'gen3a', usage: { seconds: 5 }, expected: times('0.10', 5) });
// Characters
C({ name: 'openai tts-1 characters', provider: 'openai', model: 'tts-1', usage: { characters: 1000 }, expected: times('0.000015', 1000) });
C({ name: 'elevenlabs multilingual v2', provider: 'elevenlabs', model: 'eleven_multilingual_v2', usage: { characters: 2500 }, expected: times('0.00018', 2500) });
C({ name: 'aws polly neural', provider: 'aws.polly', model: 'neural', usage: { characters: 1000000 }, expected: times('0.000016', 1000000) });
C({ name: 'aws polly standard', provider: 'aws_polly', model: 'standard', usage: { characters: 333 }, expected: times('0.000004', 333) });
C({ name: 'azure speech neural tts ($15 per 1M chars)', provider: 'azure_speech', model: 'neural-tts', usage: { characters: 200 }, expected: perUnits('15', 1000000, 200) });
C({ name: 'play.ht characters ($0.05 per 1K)', provider: 'play.ht', model: 'play3.0-mini', usage: { characters: 1234 }, expected: perUnits('0.05', 1000, 1234) });
// Seconds
C({ name: 'whisper-1 fractional seconds', provider: 'openai', model: 'whisper-1', usage: { seconds: 12.5 }, expected: times('0.0001', 125) / 10n });
C({ name: 'deepgram nova-3 60 s ($0.0043/min)', provider: 'deepgram', model: 'nova-3', usage: { seconds: 60 }, expected: usd('0.0043') });
C({ name: 'deepgram nova-2 30 s', provider: 'deepgram', model: 'nova-2', usage: { seconds: 30 }, expected: perUnits('0.0043', 60, 30) });
C({ name: 'deepgram enhanced from LiteLLM per-second price', provider: 'deepgram', model: 'enhanced', usage: { seconds: 100 }, expected: times('0.00024167', 100) });
C({ name: 'assemblyai best 36 s ($0.37/h)', provider: 'assemblyai', model: 'best', usage: { seconds: 36 }, expected: perUnits('0.37', 3600, 36) });
C({ name: 'assemblyai nano 1 h', provider: 'assemblyai', model: 'nano', usage: { seconds: 3600 }, expected: usd('0.12') });
C({ name: 'aws transcribe 90 s ($0.024/min)', provider: 'aws.transcribe', model: 'standard', usage: { seconds: 90 }, expected: perUnits('0.024', 60, 90) });
C({ name: 'azure speech stt 90 s ($1/h)', provider: 'azure_speech', model: 'stt-standard', usage: { seconds: 90 }, expected: perUnits('1', 3600, 90) });
C({ name: 'replicate t4 seconds', provider: 'replicate', model: 'hardware/gpu-t4', usage: { seconds: 42 }, expected: times('0.000225', 42) });
C({ name: 'replicate a100 seconds', provider: 'replicate', model: 'hardware/gpu-a100-large', usage: { seconds: 3 }, expected: times('0.0014', 3) });
C({ name: 'replicate h100 seconds', provider: 'replicate', model: 'hardware/gpu-h100', usage: { seconds: 100 }, expected: times('0.001525', 100) });
C({ name: 'hugging face t4 endpoint 72 s ($0.50/h)', provider: 'huggingface', model: 'inference-endpoints/aws-nvidia-t4-x1', usage: { seconds: 72 }, expected: perUnits('0.5', 3600, 72) });
C({ name: 'hugging face a10g endpoint 1 h', provider: 'hf', model: 'inference-endpoints/aws-nvidia-a10g-x1', usage: { seconds: 3600 }, expected: usd('1') });
C({ name: 'elasticsearch search VCU 40 s ($0.09/h)', provider: 'elasticsearch', model: 'serverless-search-vcu', usage: { seconds: 40 }, expected: perUnits('0.09', 3600, 40) });
C({ name: 'elasticsearch ingest VCU 1 h', provider: 'elastic', model: 'serverless-ingest-vcu', usage: { seconds: 3600 }, expected: usd('0.14') });
C({ name: 'elevenlabs scribe seconds', provider: 'elevenlabs', model: 'scribe_v1', usage: { seconds: 10 }, expected: times('0.0000611', 10) });
// Requests / queries / search units
C({ name: 'cohere rerank per search unit', provider: 'cohere', model: 'rerank-english-v3.0', usage: { requests: 3 }, expected: times('0.002', 3) });
C({ name: 'exa search ≤ 25 results', provider: 'exa_ai', model: 'search', usage: { requests: 1, searchResults: 10 }, expected: usd('0.005') });
C({ name: 'exa search > 25 results tier', provider: 'exa_ai', model: 'search', usage: { requests: 2, searchResults: 26 }, expected: times('0.025', 2) });
C({ name: 'firecrawl search 15 results tier', provider: 'firecrawl', model: 'search', usage: { requests: 1, searchResults: 15 }, expected: usd('0.00332') });
C({ name: 'firecrawl search 95 results tier', provider: 'firecrawl', model: 'search', usage: { requests: 1, searchResults: 95 }, expected: usd('0.0166') });
C({ name: 'algolia search requests ($0.50 per 1K)', provider: 'algolia', model: 'search-grow', usage: { requests: 3 }, expected: perUnits('0.50', 1000, 3) });
C({ name: 'perplexity sonar web search low', provider: 'perplexity', model: 'sonar', usage: { inputTokens: 100, outputTokens: 100, webSearchRequests: 1, searchContextSize: 'low' }, expected: times('0.000001', 200) + usd('0.005') });
C({ name: 'perplexity sonar web search default medium', provider: 'perplexity', model: 'sonar', usage: { webSearchRequests: 2 }, expected: times('0.008', 2) });
C({ name: 'perplexity sonar-pro requests bill as web search high', provider: 'perplexity', model: 'sonar-pro', usage: { requests: 1, searchContextSize: 'high' }, expected: usd('0.014') });
C({ name: 'claude web search', provider: 'anthropic', model: 'claude-sonnet-4-5', usage: { inputTokens: 1000, webSearchRequests: 3 }, expected: times('0.000003', 1000) + times('0.01', 3) });
// Vector DB operations / read-write units / storage
C({ name: 'pinecone read + write units', provider: 'pinecone', model: 'serverless-standard', usage: { readUnits: 10, writeUnits: 5 }, expected: perUnits('16', 1000000, 10) + perUnits('4', 1000000, 5) });
C({ name: 'pinecone enterprise read units', provider: 'pinecone', model: 'serverless-enterprise', usage: { readUnits: 1000000 }, expected: usd('24') });
C({ name: 'mongodb atlas RPU/WPU', provider: 'mongodb', model: 'atlas-serverless', usage: { readUnits: 250, writeUnits: 40 }, expected: perUnits('0.10', 1000000, 250) + perUnits('1.00', 1000000, 40) });
C({ name: 'milvus zilliz vCU', provider: 'zilliz', model: 'zilliz-serverless', usage: { operations: 75 }, expected: perUnits('4', 1000000, 75) });
C({ name: 'redis (upstash) commands', provider: 'redis', model: 'upstash-pay-as-you-go', usage: { operations: 7 }, expected: perUnits('0.20', 100000, 7) });
C({ name: 'weaviate vector dimension months', provider: 'weaviate', model: 'serverless-standard', usage: { vectorDimensionMonths: 768000 }, expected: perUnits('0.095', 1000000, 768000) });
C({ name: 'weaviate professional', provider: 'weaviate', model: 'serverless-professional', usage: { vectorDimensionMonths: 1000000 }, expected: usd('0.145') });
C({ name: 'chroma written + returned GiB', provider: 'chroma', model: 'cloud', usage: { dataWrittenGiB: 2, dataReturnedGiB: 0.5 }, expected: times('2.5', 2) + times('0.09', 5) / 10n });
C({ name: 'qdrant bm25 inference is free', provider: 'qdrant', model: 'cloud-inference/bm25', usage: { inputTokens: 5000 }, expected: 0n });
// Payments: percentage + fixed fee
for (const [amount, pct, fixed, prov, model] of [['100.00', '2.9', '0.30', 'stripe', 'card-payment-us'], ['19.99', '2.9', '0.30', 'stripe', 'card-payment-us'], ['0.50', '2.9', '0.30', 'stripe', 'card-payment-us'], ['250', '3.49', '0.49', 'paypal', 'checkout-us'], ['12.34', '3.49', '0.49', 'paypal', 'checkout-us']] as const) {
  C({ name: `${prov} fee on $${amount}`, provider: prov, model, usage: { transactionAmountUsd: amount, transactions: 1 }, expected: (usd(amount) * usd(pct)) / (usd('100') * 1n) + usd(fixed) });
}
C({ name: 'stripe amount as a number', provider: 'stripe', model: 'card-payment-us', usage: { transactionAmountUsd: 10, transactions: 2 }, expected: usd('0.29') + times('0.30', 2) });
// Messages, emails, minutes
C({ name: 'twilio sms segments', provider: 'twilio', model: 'sms-us', usage: { messages: 3 }, expected: times('0.0083', 3) });
C({ name: 'twilio voice minutes', provider: 'twilio', model: 'voice-us-outbound', usage: { minutes: 2.5 }, expected: times('0.014', 25) / 10n });
C({ name: 'sendgrid emails', provider: 'sendgrid', model: 'essentials-50k', usage: { messages: 1000 }, expected: perUnits('19.95', 50000, 1000) });
// Model-id forms resolving to a price
C({ name: 'openai/ prefix', model: 'openai/gpt-4o', usage: { inputTokens: 10 }, expected: times('0.0000025', 10) });
C({ name: 'upper-case id', model: 'GPT-4O-MINI', usage: { inputTokens: 10 }, expected: times('0.00000015', 10) });
C({ name: 'bedrock region prefix', provider: 'aws.bedrock', model: 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', usage: { inputTokens: 10 }, expected: times('0.000003', 10) });
C({ name: 'historic gpt-4o price in June 2024', provider: 'openai', model: 'gpt-4o', at: '2024-06-01', usage: { inputTokens: 1000, outputTokens: 1000 }, expected: times('0.000005', 1000) + times('0.000015', 1000) });
C({ name: 'gpt-4o price after 2024-10-02', provider: 'openai', model: 'gpt-4o', at: '2024-10-02T00:00:00Z', usage: { inputTokens: 1000, outputTokens: 1000 }, expected: times('0.0000025', 1000) + times('0.00001', 1000) });

describe('hand-derived cost table', () => {
  it('has at least 200 cases over at least 25 providers', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const providers = new Set(cases.map((c) => c.catalogProvider ?? c.provider));
    expect(providers.size).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = computeCost(c.usage, { provider: c.provider, model: c.model, at: c.at });
    if (!r.priced) throw new Error(`unpriced: ${r.reason}: ${r.detail}`);
    expect(fmt(r.total)).toBe(fmt(c.expected));
    expect(r.totalUsdExact).toBe(fmt(c.expected));
    if (c.catalogProvider) expect(r.provider).toBe(c.catalogProvider);
    let sum = 0n;
    for (const p of Object.values(r.parts)) sum += p.amount;
    expect(sum).toBe(r.total);
  });
});
