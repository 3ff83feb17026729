import type { Collector } from '../Collector';
import { anthropicMessages } from './anthropic';
import { bedrockConverse, bedrockInvoke } from './bedrock';
import { gemini } from './gemini';
import { openaiChat, openaiEmbeddings, openaiImages, openaiResponses, openaiTranscription } from './openai';
import { characters, cohere, pinecone, transcript, voyage } from './others';
import type { TextOnlyEvent } from './textOnly';
import { anthropicTextOnly, openaiChatTextOnly, openaiResponsesTextOnly } from './textOnly';

/** Reads one parsed JSON value (a body, an SSE event's data, an event-stream payload) into a collector. */
export type Normaliser = (value: unknown, eventType: string | undefined, c: Collector) => void;

/** Normalisers by the `schema` of the endpoint table. */
export const NORMALISERS: Readonly<Record<string, Normaliser>> = {
  'openai.chat': openaiChat,
  'openai.responses': openaiResponses,
  'openai.embeddings': openaiEmbeddings,
  'openai.speech': characters,
  'openai.transcription': openaiTranscription,
  'openai.images': openaiImages,
  'anthropic.messages': anthropicMessages,
  gemini,
  'bedrock.invoke': bedrockInvoke,
  'bedrock.converse': bedrockConverse,
  cohere,
  voyage,
  characters,
  transcript,
  pinecone,
};

/**
 * Per schema, the test for streamed events that can carry only output text, which need not be parsed
 * once the text is no longer wanted. Schemas without one have every event parsed (Gemini repeats its
 * cumulative `usageMetadata` in every chunk).
 */
export const TEXT_ONLY_EVENTS: Readonly<Record<string, TextOnlyEvent>> = {
  'openai.chat': openaiChatTextOnly,
  'openai.responses': openaiResponsesTextOnly,
  'anthropic.messages': anthropicTextOnly,
};
