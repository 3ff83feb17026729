import type { JsonReply } from './reply';
import type { MockProvider } from './types';

/** A provider-shaped error answer (status 429 or 500), with the headers the real API sends. */
export function errorReply(provider: MockProvider, status: 429 | 500, requestId: string): JsonReply {
  const limited = status === 429;
  switch (provider) {
    case 'anthropic':
      return {
        kind: 'json',
        status,
        headers: limited ? { 'retry-after': '1', 'request-id': requestId } : { 'request-id': requestId },
        body: {
          type: 'error',
          error: limited
            ? { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit.' }
            : { type: 'api_error', message: 'Internal server error' },
          request_id: requestId,
        },
      };
    case 'gemini':
      return {
        kind: 'json',
        status,
        body: {
          error: limited
            ? { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' }
            : { code: 500, message: 'An internal error has occurred. Please retry or report.', status: 'INTERNAL' },
        },
      };
    case 'bedrock':
      return {
        kind: 'json',
        status,
        headers: {
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': limited ? 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' : 'InternalServerException:http://internal.amazon.com/coral/com.amazon.bedrock/',
        },
        body: {
          message: limited ? 'Too many requests, please wait before trying again.' : 'The server encountered an internal error while processing the request.',
        },
      };
    case 'openai':
    default:
      return {
        kind: 'json',
        status,
        headers: limited ? { 'retry-after': '1', 'x-request-id': requestId } : { 'x-request-id': requestId },
        body: {
          error: limited
            ? { message: 'Rate limit reached for requests. Please try again in 1s.', type: 'requests', param: null, code: 'rate_limit_exceeded' }
            : { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null },
        },
      };
  }
}

/** 404 for a path the mock does not serve. */
export function notFoundReply(method: string, path: string): JsonReply {
  return {
    kind: 'json',
    status: 404,
    body: { error: { message: `mock-llm: no route for ${method} ${path}`, type: 'invalid_request_error', param: null, code: 'unknown_url' } },
  };
}

/** 400 for a body that is not a JSON object. */
export function badRequestReply(reason: string): JsonReply {
  return {
    kind: 'json',
    status: 400,
    body: { error: { message: `mock-llm: ${reason}`, type: 'invalid_request_error', param: null, code: null } },
  };
}
