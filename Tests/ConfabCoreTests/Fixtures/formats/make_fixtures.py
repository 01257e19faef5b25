#!/usr/bin/env python3
"""Writes confab's own format fixtures (written for these tests, in each provider's shape).
Run from this folder; the outputs are committed. Needs the zstd CLI for the .eval fixture."""
import gzip, json, math, struct, subprocess, zipfile, zlib

def tok(text, lp, top=(), **extra):
    entry = {"token": text, "logprob": lp, "bytes": list(text.encode()), "top_logprobs": [
        {"token": t, "logprob": l, "bytes": list(t.encode())} for t, l in top]}
    entry.update(extra)
    return entry

def dump(name, obj):
    with open(name, "w") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)

# 1. OpenAI chat SSE with two interleaved choices, a usage chunk and [DONE].
chunks = [
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": {"content": [], "refusal": None}}]},
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [{"index": 1, "delta": {"content": "No"}, "logprobs": {"content": [tok("No", -1.2, [("Yes", -0.4), ("No", -1.2)])]}}]},
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [{"index": 0, "delta": {"content": "Yes"}, "logprobs": {"content": [tok("Yes", -0.4, [("Yes", -0.4), ("No", -1.2)])]}}]},
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [{"index": 0, "delta": {"content": ", probably."}, "logprobs": {"content": [tok(",", -0.1, [(",", -0.1)]), tok(" probably", -2.5, [(".", -0.2), (" probably", -2.5)]), tok(".", -0.01, [(".", -0.01)])]}}]},
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [{"index": 1, "delta": {"content": "."}, "logprobs": {"content": [tok(".", -0.05, [(".", -0.05)])]}}]},
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}]},
    {"object": "chat.completion.chunk", "model": "gpt-x", "choices": [], "usage": {"prompt_tokens": 5, "completion_tokens": 6}},
]
with open("openai-chat-stream.sse", "w") as f:
    for c in chunks:
        f.write("data: " + json.dumps(c) + "\n\n")
    f.write("data: [DONE]\n\n")

# 2. Legacy completions with echo: prompt tokens first, null first logprob, dict alternatives.
dump("openai-completions-echo.json", {"object": "text_completion", "model": "davinci-x", "choices": [{"index": 0,
    "text": "The sky is blue", "logprobs": {
        "tokens": ["The", " sky", " is", " blue"],
        "token_logprobs": [None, -3.2, -0.5, -0.9],
        "top_logprobs": [None, {" sky": -3.2, " sun": -2.9}, {" is": -0.5, " was": -1.4}, {" grey": -0.7, " blue": -0.9}],
        "text_offset": [0, 3, 7, 10]}, "finish_reason": "length"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1}})

# 3. Responses API, two output_text parts.
dump("openai-responses.json", {"object": "response", "model": "gpt-r", "output": [
    {"type": "reasoning", "summary": []},
    {"type": "message", "role": "assistant", "content": [
        {"type": "output_text", "text": "Paris", "logprobs": [tok("Paris", -0.02, [("Paris", -0.02), ("Lyon", -4.1)])]},
        {"type": "output_text", "text": " indeed.", "logprobs": [tok(" indeed", -1.9, [(".", -0.3), (" indeed", -1.9)]), tok(".", -0.0, [(".", 0.0)])]}]}]})

# 4. Responses stream with event: lines; deltas carry logprobs without bytes.
events = [
    ("response.created", {"type": "response.created", "response": {"model": "gpt-r"}}),
    ("response.output_text.delta", {"type": "response.output_text.delta", "delta": "Hi", "logprobs": [{"token": "Hi", "logprob": -0.3, "top_logprobs": [{"token": "Hi", "logprob": -0.3}, {"token": "Hello", "logprob": -1.5}]}]}),
    ("response.output_text.delta", {"type": "response.output_text.delta", "delta": " there", "logprobs": [{"token": " there", "logprob": -0.8, "top_logprobs": []}]}),
    ("response.completed", {"type": "response.completed", "response": {"model": "gpt-r", "output": [{"type": "message", "content": [{"type": "output_text", "text": "Hi there", "logprobs": []}]}]}}),
]
with open("openai-responses-stream.sse", "w") as f:
    for name, data in events:
        f.write(f"event: {name}\ndata: {json.dumps(data)}\n\n")

# 5. llama.cpp /completion, new shape: ids, a merged multi-byte entry, a FLT_LOWEST alternative.
FLT_LOWEST = -3.4028234663852886e38
dump("llamacpp-new.json", {"content": " 東京", "model": "smol", "prompt": "Capital of Japan?", "stop": True, "completion_probabilities": [
    {"id": 12, "token": " ", "bytes": [32], "logprob": -0.3, "top_logprobs": [{"id": 12, "token": " ", "bytes": [32], "logprob": -0.3}, {"id": 99, "token": "T", "bytes": [84], "logprob": -1.6}]},
    {"id": 230, "token": "東", "bytes": [230, 157, 177], "logprob": -0.05, "top_logprobs": [{"id": 230, "token": "\ufffd", "bytes": [177], "logprob": -0.05}, {"id": 231, "token": "\ufffd", "bytes": [178], "logprob": -3.1}, {"id": 7, "token": "", "bytes": [227, 129], "logprob": FLT_LOWEST}]},
    {"id": 240, "token": "京", "bytes": [228, 186, 172], "logprob": -0.2, "top_logprobs": [{"id": 240, "token": "\ufffd", "bytes": [172], "logprob": -0.2}]}]})

# 6. Post-sampling probabilities.
dump("llamacpp-post.json", {"content": "ok", "stop": True, "completion_probabilities": [
    {"id": 5, "token": "ok", "bytes": [111, 107], "prob": 0.75, "top_probs": [{"id": 5, "token": "ok", "bytes": [111, 107], "prob": 0.75}, {"id": 6, "token": "no", "bytes": [110, 111], "prob": 0.25}]},
    {"id": 2, "token": "", "bytes": [], "prob": 1.0, "top_probs": [{"id": 2, "token": "", "bytes": [], "prob": 1.0}]}]})

# 7. Old shape: probabilities, chosen not top-1.
dump("llamacpp-old.json", {"content": " to be", "completion_probabilities": [
    {"content": " to", "probs": [{"tok_str": " to", "prob": 0.9}, {"tok_str": " not", "prob": 0.05}]},
    {"content": " be", "probs": [{"tok_str": " find", "prob": 0.5}, {"tok_str": " be", "prob": 0.3}]}]})

# 8. llama.cpp native stream as SSE; the last event says stop: true and has no probabilities.
with open("llamacpp-stream.sse", "w") as f:
    for entry in [{"content": "A", "stop": False, "completion_probabilities": [{"id": 1, "token": "A", "bytes": [65], "logprob": -0.1, "top_logprobs": []}]},
                  {"content": "B", "stop": False, "completion_probabilities": [{"id": 2, "token": "B", "bytes": [66], "logprob": -0.2, "top_logprobs": []}]},
                  {"content": "", "stop": True, "model": "smol", "timings": {"predicted_n": 2}}]:
        f.write("data: " + json.dumps(entry) + "\n\n")

# 9. vLLM chat with top-level prompt_logprobs (null first, token-id keys, the prompt token first), token_id:N text, -9999.
dump("vllm-chat.json", {"object": "chat.completion", "model": "vllm-m", "prompt_logprobs": [None,
        {"100": {"logprob": -5.5, "rank": 30, "decoded_token": " capital"}, "7": {"logprob": -0.4, "rank": 1, "decoded_token": " the"}},
        {"12": {"logprob": -0.1, "rank": 1, "decoded_token": "?"}}],
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "token_id:42x"},
        "logprobs": {"content": [tok("token_id:42", -9999.0, [("a", -0.1)]), tok("x", -0.7, [("x", -0.7)])]}}]})

# 10. TGI /generate: prefill (first logprob null), special EOS, top_tokens, best_of_sequences.
tgi_tok = lambda i, t, l, s=False: {"id": i, "text": t, "logprob": l, "special": s}
dump("tgi-generate.json", {"generated_text": " Paris", "details": {"finish_reason": "eos_token", "generated_tokens": 2, "seed": None,
    "prefill": [{"id": 1, "text": "Capital", "logprob": None}, {"id": 2, "text": " of France:", "logprob": -4.2}],
    "tokens": [tgi_tok(3, " Paris", -0.3), tgi_tok(0, "</s>", -0.01, True)],
    "top_tokens": [[tgi_tok(3, " Paris", -0.3), tgi_tok(4, " Lyon", -2.0)], [tgi_tok(0, "</s>", -0.01, True)]],
    "best_of_sequences": [{"generated_text": " Lyon", "finish_reason": "length", "generated_tokens": 1, "seed": 1, "prefill": [],
        "tokens": [tgi_tok(4, " Lyon", -2.0)], "top_tokens": [[tgi_tok(3, " Paris", -0.3), tgi_tok(4, " Lyon", -2.0)]]}]}})

# 11. TGI stream.
with open("tgi-stream.sse", "w") as f:
    f.write("data:" + json.dumps({"index": 1, "token": tgi_tok(3, " Paris", -0.3), "top_tokens": [tgi_tok(3, " Paris", -0.3)], "generated_text": None, "details": None}) + "\n\n")
    f.write("data:" + json.dumps({"index": 2, "token": tgi_tok(0, "</s>", -0.01, True), "generated_text": " Paris", "details": {"finish_reason": "eos_token"}}) + "\n\n")

# 12. Ollama chat with thinking (logprobs cover thinking then content; bytes and top_logprobs may be absent).
dump("ollama-chat.json", {"model": "qwen3", "done": True, "message": {"role": "assistant", "thinking": "Hmm.", "content": "Ten."},
    "logprobs": [{"token": "Hmm", "logprob": -1.0}, {"token": ".", "logprob": -0.1, "top_logprobs": [{"token": ".", "logprob": -0.1}]},
                 {"token": "Ten", "logprob": -0.6, "bytes": [84, 101, 110], "top_logprobs": [{"token": "Ten", "logprob": -0.6}, {"token": "Nine", "logprob": -1.1}]},
                 {"token": ".", "logprob": -0.02}]})
with open("ollama-generate-stream.ndjson", "w") as f:
    for line in [{"model": "llama3", "response": "4", "done": False, "logprobs": [{"token": "4", "logprob": -0.2, "top_logprobs": [{"token": "4", "logprob": -0.2}, {"token": "5", "logprob": -2.0}]}]},
                 {"model": "llama3", "response": "", "done": True, "done_reason": "stop"}]:
        f.write(json.dumps(line) + "\n")

# 13. Gemini: chosen absent from its top list, the -1.27e30 sentinel, a missing logProbability.
dump("gemini.json", {"modelVersion": "gemini-x", "candidates": [{"content": {"parts": [{"text": "tool_code"}], "role": "model"},
    "logprobsResult": {"chosenCandidates": [{"token": "tool", "logProbability": 0}, {"token": "_", "logProbability": -3.0}, {"token": "code"}],
        "topCandidates": [{"candidates": [{"token": "tool", "logProbability": 0}, {"token": "too", "logProbability": -29.0}]},
                          {"candidates": [{"token": "-", "logProbability": -0.1}, {"token": "ont", "logProbability": -1.2676506e+30}]},
                          {"candidates": [{"token": "code", "logProbability": -0.5}]}]}, "avgLogprobs": -1.0}]})

# 14. Inspect .json log: bare NaN, an attachment reference, output logprobs.
sample = {"id": 7, "epoch": 2, "attachments": {"abc": "A long system prompt."},
          "messages": [{"role": "system", "content": "attachment://abc"}, {"role": "user", "content": "Sure?"}, {"role": "assistant", "content": "Yes."}],
          "output": {"model": "m-inspect", "choices": [{"message": {"role": "assistant", "content": "Yes."},
              "logprobs": {"content": [tok("Yes", -0.3, [("Yes", -0.3), ("No", -1.4)]), tok(".", -0.05, [])]}}]},
          "scores": {"match": {"value": float("nan")}}}
with open("inspect-log.json", "w") as f:
    f.write(json.dumps({"version": 2, "status": "success", "eval": {"model": "m-inspect", "task": "t"}, "samples": [sample]}, indent=1))

# 15. Inspect .eval: a zip with one zstd (method 93) and one deflate sample entry.
def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data, capture_output=True, check=True).stdout
entries = [("header.json", json.dumps({"eval": {"model": "m-eval"}}).encode(), 8),
           ("samples/7_epoch_2.json", json.dumps(sample).encode(), 93),
           ("samples/8_epoch_1.json", json.dumps(dict(sample, id=8, epoch=1)).encode(), 8),
           ("summaries.json", b"[]", 0)]
blob, central = b"", b""
for name, data, method in entries:
    payload = zstd(data) if method == 93 else zlib.compress(data)[2:-4] if method == 8 else data
    crc = zlib.crc32(data)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(payload), len(data), len(name), 0) + name.encode()
    central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(payload), len(data), len(name), 0, 0, 0, 0, 0, len(blob)) + name.encode()
    blob += local + payload
end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(blob), 0)
with open("inspect.eval", "wb") as f:
    f.write(blob + central + end)

# 16. A gzip-compressed JSONL of the chat stream's non-stream twin.
with gzip.open("openai-chat.jsonl.gz", "wt") as f:
    for i in range(3):
        f.write(json.dumps({"prompt_id": f"p{i}", "model": "gpt-x", "choices": [{"index": 0, "message": {"content": "Yes"},
            "logprobs": {"content": [tok("Yes", -0.1 * (i + 1), [("Yes", -0.1 * (i + 1))])]}}]}) + "\n")
