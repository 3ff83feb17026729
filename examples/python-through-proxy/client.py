"""A Python service calling LLMs through the LLMObserve proxy with plain `requests`.

No LLMObserve or OpenTelemetry package in Python: the run, customer and section travel as
X-LLMObserve-* headers (the seeds' protocol); the proxy prices each call, answers the cost in
X-LLMObserve-Cost-USD and records a span in the run's trace.
"""
import os
import uuid

import requests

PROXY = os.environ["LLMOBSERVE_PROXY_URL"]          # e.g. http://127.0.0.1:9000
UPSTREAM = os.environ["OPENAI_UPSTREAM_URL"]        # where /proxy forwards to (allow-listed by the proxy)

run_id = str(uuid.uuid4())
session = requests.Session()
session.headers.update({
    "X-LLMObserve-Run-ID": run_id,
    "X-LLMObserve-Customer-ID": "acme",
})


def section(path):
    """The headers of one section: X-LLMObserve-Section is the last element of the path."""
    return {"X-LLMObserve-Section-Path": path, "X-LLMObserve-Section": path.split("/")[-1]}


def report(n, what, r):
    cost = r.headers.get("X-LLMObserve-Cost-USD", "-")
    print(f"python: call {n} {what}: status {r.status_code}, cost ${cost}", flush=True)


print(f"python: run {run_id} for customer acme", flush=True)

# 1. OpenAI-style, base-URL routing: the SDK's base URL would be {PROXY}/openai/v1.
r = session.post(
    f"{PROXY}/openai/v1/chat/completions",
    headers={"Authorization": "Bearer sk-python-example", **section("agent:support/step:classify/tool:openai")},
    json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Classify: my invoice is wrong"}]},
    timeout=10,
)
report(1, "openai gpt-4o-mini", r)

# 2. Anthropic-style: {PROXY}/anthropic/v1/messages.
r = session.post(
    f"{PROXY}/anthropic/v1/messages",
    headers={"x-api-key": "sk-ant-python-example", "anthropic-version": "2023-06-01", **section("agent:support/step:answer/tool:anthropic")},
    json={"model": "claude-haiku-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": "Draft a reply about a wrong invoice"}]},
    timeout=10,
)
report(2, "anthropic claude-haiku-4-5", r)

# 3. A stream, read as it arrives (its cost goes in a trailer and on the proxy's span).
r = session.post(
    f"{PROXY}/openai/v1/chat/completions",
    headers={"Authorization": "Bearer sk-python-example", **section("agent:support/step:answer/tool:openai")},
    json={"model": "gpt-4o-mini", "stream": True, "stream_options": {"include_usage": True},
          "messages": [{"role": "user", "content": "Summarise the reply"}]},
    stream=True,
    timeout=10,
)
events = [line for line in r.iter_lines() if line]
print(f"python: call 3 openai gpt-4o-mini (stream): status {r.status_code}, {len(events)} SSE events, last {events[-1].decode()}", flush=True)

# 4. The seeds' style: POST {PROXY}/proxy with the real URL in X-LLMObserve-Target-URL.
r = session.post(
    f"{PROXY}/proxy",
    headers={"Authorization": "Bearer sk-python-example", "X-LLMObserve-Target-URL": f"{UPSTREAM}/chat/completions",
             **section("agent:support/step:close/tool:openai")},
    json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Close the ticket politely"}]},
    timeout=10,
)
report(4, "openai via X-LLMObserve-Target-URL", r)
