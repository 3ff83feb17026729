import type { RouteResult } from '../reply';

const MODELS = ['gpt-4o-mini', 'gpt-4.1', 'o4-mini', 'text-embedding-3-small'];

/** `GET …/models`: a short OpenAI model list (some SDK helpers and health checks call it). */
export function openaiModels(): RouteResult {
  return {
    provider: 'openai',
    operation: 'models',
    stream: false,
    reply: {
      kind: 'json',
      status: 200,
      body: { object: 'list', data: MODELS.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'mock-llm' })) },
    },
  };
}
