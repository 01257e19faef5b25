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

# 17. vLLM offline RequestOutput dumps (json.dumps of the dataclasses: token-id keys become
# strings), nested layout: the sampled token first in each dict with its true vocabulary rank
# (137: outside the top-2), a multibyte token, the -inf sentinel vLLM writes as -9999.0, a null
# first prompt entry; two outputs (n=2). One line per request: a JSONL batch.
def vlp(entries):
    return {str(i): {"logprob": l, "rank": r, "decoded_token": t} for i, l, r, t in entries}
with open("vllm-offline.jsonl", "w") as f:
    f.write(json.dumps({"request_id": "0", "prompt": "Capital of Japan?", "prompt_token_ids": [1, 500, 77],
        "prompt_logprobs": [None, vlp([(500, -7.1, 812, " Capital"), (9, -1.0, 1, " The")]), vlp([(77, -0.2, 1, "?")])],
        "outputs": [
            {"index": 0, "text": " 東京", "token_ids": [12, 230], "cumulative_logprob": -4.9, "finish_reason": "stop",
             "logprobs": [vlp([(12, -4.8, 137, " "), (31, -0.3, 1, " Tokyo"), (40, -1.9, 2, " It")]),
                          vlp([(230, -0.1, 1, "東京"), (231, -9999.0, 2, "大阪")])]},
            {"index": 1, "text": " Tokyo", "token_ids": [31], "cumulative_logprob": -0.3, "finish_reason": "length",
             "logprobs": [vlp([(31, -0.3, 1, " Tokyo"), (40, -1.9, 2, " It")])]}]}) + "\n")
    # Flat layout (FlatLogprobs as dataclasses.asdict writes it): not deduplicated, so the
    # sampled token appears twice when it is also in the top-k; decoded tokens off (null).
    f.write(json.dumps({"request_id": "1", "prompt": "2+2=", "prompt_token_ids": [5, 6],
        "outputs": [{"index": 0, "text": "4", "token_ids": [52, 2], "finish_reason": "stop",
            "logprobs": {"start_indices": [0, 3], "end_indices": [3, 4], "token_ids": [52, 52, 53, 2],
                         "logprobs": [-0.05, -0.05, -3.2, -0.01], "ranks": [1, 1, 2, 1], "decoded_tokens": [None, None, None, None]}}]}) + "\n")

# 18. SGLang /generate, a batch (a JSON list): the first with return_text_in_logprobs (input
# logprobs with the [null, id, null] first entry, a clamped -inf), the second without (texts null).
sgl = lambda lp, i, t: [lp, i, t]
dump("sglang-generate.json", [
    {"text": " Paris.", "output_ids": [3, 4], "meta_info": {"id": "a1", "finish_reason": {"type": "stop", "matched": 2},
        "prompt_tokens": 3, "completion_tokens": 2,
        "input_token_logprobs": [sgl(None, 1, None), sgl(-6.0, 20, "Capital"), sgl(-2.5, 21, " of France:")],
        "input_top_logprobs": [None, [sgl(-1.0, 22, "The"), sgl(-6.0, 20, "Capital")], [sgl(-2.5, 21, " of France:")]],
        "output_token_logprobs": [sgl(-0.4, 3, " Paris"), sgl(-0.02, 4, ".")],
        "output_top_logprobs": [[sgl(-0.4, 3, " Paris"), sgl(-1.3, 5, " Lyon"), sgl(-999999999.0, 6, " Nice")], [sgl(-0.02, 4, ".")]]}},
    {"text": " Lyon", "output_ids": [5], "meta_info": {"id": "a2", "finish_reason": {"type": "length", "length": 1},
        "output_token_logprobs": [sgl(-1.3, 5, None)], "output_top_logprobs": [[sgl(-0.4, 3, None), sgl(-1.3, 5, None)]]}}])

# 19. Together chat: the legacy parallel arrays inside a chat choice (token_ids, top_logprobs
# a list of dicts), the echoed prompt as a top-level list of {text, logprobs}.
dump("together-chat.json", {"id": "t-1", "object": "chat.completion", "model": "meta-llama/Llama-3-8b-chat-hf",
    "prompt": [{"text": "<s>[INST] Sure? [/INST]", "logprobs": {"tokens": ["<s>", "[INST]", " Sure?", " [/INST]"],
        "token_logprobs": [None, -3.0, -5.5, -0.2], "token_ids": [1, 2, 3, 4]}}],
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Yes, probably."}, "finish_reason": "eos",
        "logprobs": {"tokens": ["Yes", ",", " probably", "."], "token_logprobs": [-0.6, -0.9, -2.2, -0.05], "token_ids": [10, 11, 12, 13],
            "top_logprobs": [{"Yes": -0.6, "No": -0.9}, {",": -0.9, ".": -0.6}, {" probably": -2.2, " I": -0.4}, {".": -0.05}]}}]})

# 20. Fireworks chat with its OpenAI-compatible NewLogProbs: token_id, text_offset, sampling_logprob.
dump("fireworks-chat.json", {"id": "f-1", "object": "chat.completion", "model": "accounts/fireworks/models/llama-v3p1-8b-instruct",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Ja"}, "finish_reason": "stop",
        "logprobs": {"content": [{"token": "Ja", "bytes": [74, 97], "logprob": -0.7, "sampling_logprob": -0.6, "token_id": 55, "text_offset": 0,
            "top_logprobs": [{"token": "Nein", "logprob": -0.69, "token_id": 56, "bytes": [78, 101, 105, 110]},
                             {"token": "Ja", "logprob": -0.7, "token_id": 55, "bytes": [74, 97]}]}]}}]})

# 21. HELM scenario_state.json: an older release's tokens with top_logprobs (a text map), two
# completions of one instance; a newer release's tokens without them; an echo_prompt request.
helm_tok = lambda t, lp, top=None: dict({"text": t, "logprob": lp}, **({"top_logprobs": top} if top is not None else {}))
def helm_state(iid, prompt, completions, echo=False):
    return {"instance": {"input": {"text": prompt}, "references": [], "split": "test", "id": iid}, "train_trial_index": 0,
            "request": {"model": "openai/davinci", "prompt": prompt, "temperature": 0.7, "num_completions": len(completions),
                        "top_k_per_token": 2, "max_tokens": 4, "echo_prompt": echo},
            "result": {"success": True, "cached": True, "request_time": 0.2, "completions": completions}}
dump("helm-scenario-state.json", {"adapter_spec": {"method": "generation", "model": "openai/davinci"}, "request_states": [
    helm_state("id12", "Q: 2+2?\nA:", [
        {"text": " 4", "logprob": -0.1, "tokens": [helm_tok(" 4", -0.1, {" 4": -0.1, " 5": -3.0})]},
        {"text": " 5", "logprob": -3.0, "tokens": [helm_tok(" 5", -3.0, {" 4": -0.1, " 5": -3.0})]}]),
    helm_state("id13", "Café", [{"text": " au lait", "logprob": -1.5, "tokens": [helm_tok(" au", -1.0), helm_tok(" lait", -0.5)]}]),
    helm_state("id14", "Hi", [{"text": "Hi there", "logprob": -2.0, "tokens": [helm_tok("Hi", -4.0), helm_tok(" there", -2.0, {" there": -2.0, "!": -0.3})]}], echo=True)]})

# 22. MLX-LM chat with top_logprobs: raw byte-level pieces (Ġ, Ċ, a two-byte é split as Ã©),
# alternatives in argpartition order (the outer fields are the first of them, not the sampled
# token), the end-of-turn token last; and a text completion without top_logprobs (ids only).
def mlx_top(items):
    top = [{"id": i, "token": t, "logprob": l} for i, t, l in items]
    return dict(top[0], top_logprobs=top)
dump("mlx-chat.json", {"id": "chatcmpl-1", "system_fingerprint": "0.29.0-0.3.0", "object": "chat.completion", "model": "mlx-community/SmolLM2",
    "created": 1, "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Oui,\ncafé", "tool_calls": []},
        "logprobs": {"content": [
            mlx_top([(9, "Non", -1.2), (8, "Oui", -0.4), (7, "O", -2.0)]),
            mlx_top([(30, ".", -0.3), (31, ",", -1.5)]),
            mlx_top([(40, "Ċ", -0.8), (41, "Ġ", -0.9)]),
            mlx_top([(50, "cafÃ©", -0.2), (51, "caf", -1.8)]),
            mlx_top([(60, "!", -1.1), (2, "<|im_end|>", -0.1)])]}}],
    "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}})
dump("mlx-completion.json", {"id": "cmpl-2", "system_fingerprint": "0.29.0-0.3.0", "object": "text_completion", "model": "mlx-community/SmolLM2",
    "created": 1, "choices": [{"index": 0, "finish_reason": "length", "text": " yes",
        "logprobs": {"content": [{"id": 3869, "logprob": -0.25}]}}],
    "usage": {"prompt_tokens": 2, "completion_tokens": 1, "total_tokens": 3}})

# 23. rollout_viz JSONL: next_tokens[i] is the distribution over token i+1 (probabilities on
# the first line, logits on the second, as its README allows), span annotations, a metric.
with open("rollout-viz.jsonl", "w") as f:
    f.write(json.dumps({"tokens": ["The", " answer", " is", " 42", "."],
        "metrics": {"token_length": [3, 7, 3, 3, 1]},
        "next_tokens": [{" answer": 0.6, " result": 0.3}, {" is": 0.9, " was": 0.05}, {" 42": 0.2, " 41": 0.7}, {".": 0.95}, {}],
        "annotations": [{"start": 3, "end": 4, "label": "near-miss"}, {"start": 0, "end": 2, "label": "setup"}]}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"tokens": ["Ça", " va"], "metrics": {"score": [0.1, 0.2]},
        "next_tokens": [{" va": 2.0, " ira": 0.5}, {}]}, ensure_ascii=False) + "\n")

# 24. simonw/llm logs.db (llm <= 0.31: the responses table of migration m010 plus later
# columns). Rows: a streamed completion (combine_chunks: one {text, top_logprobs} per chunk,
# one chunk of two tokens, a multibyte token, a sampled token missing from its map), a
# non-streamed completion (model_dump: the legacy arrays), a chat without logprobs (no
# distribution: left out), a response_json that is not JSON.
import os, sqlite3
def llm_db(name, create, rows):
    if os.path.exists(name):
        os.remove(name)
    db = sqlite3.connect(name)
    for statement in create:
        db.execute(statement)
    for table, row in rows:
        db.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    db.commit()
    db.close()
streamed = {"content": " Paris, surely. Café", "role": None, "finish_reason": None, "usage": {}, "id": "cmpl-9", "object": "text_completion",
    "model": "gpt-3.5-turbo-instruct", "created": 1, "logprobs": [
        {"text": " Paris", "top_logprobs": [{" Paris": -0.2, " Lyon": -1.9}]},
        {"text": ", surely", "top_logprobs": [{",": -0.1, ".": -2.4}, {" surely": -3.1, " I": -0.5}]},
        {"text": ".", "top_logprobs": [{"\n": -0.3, " It": -1.5}]},
        {"text": " Café", "top_logprobs": [{" Café": -0.9, " Tea": -1.1}]}]}
streamed = {k: v for k, v in streamed.items() if v is not None}
plain = {"id": "cmpl-10", "object": "text_completion", "model": "gpt-3.5-turbo-instruct", "created": 2,
    "choices": [{"index": 0, "text": " 4", "finish_reason": "length",
        "logprobs": {"tokens": [" 4"], "token_logprobs": [-0.05], "top_logprobs": [{" 4": -0.05, " 5": -3.3}], "text_offset": [4]}}]}
responses = ("CREATE TABLE responses (id TEXT PRIMARY KEY, model TEXT, prompt TEXT, system TEXT, prompt_json TEXT, options_json TEXT, "
    "response TEXT, response_json TEXT, conversation_id TEXT, duration_ms INTEGER, datetime_utc TEXT, input_tokens INTEGER, "
    "output_tokens INTEGER, token_details TEXT, schema_id TEXT, resolved_model TEXT)")
llm_db("llm-logs.db", ["CREATE TABLE conversations (id TEXT PRIMARY KEY, name TEXT, model TEXT)", responses], [
    ("responses", {"id": "01j0000000000000000000001", "model": "gpt-3.5-turbo-instruct", "prompt": "Capital of France?", "system": None,
        "options_json": json.dumps({"logprobs": 2}), "response": " Paris, surely. Café", "response_json": json.dumps(streamed, ensure_ascii=False),
        "conversation_id": "01j0000000000000000000c01"}),
    ("responses", {"id": "01j0000000000000000000002", "model": "gpt-3.5-turbo-instruct", "prompt": "2+2=", "system": None,
        "response": " 4", "response_json": json.dumps(plain), "conversation_id": "01j0000000000000000000c02"}),
    ("responses", {"id": "01j0000000000000000000003", "model": "gpt-4o-mini", "prompt": "Hi", "system": "Be brief.", "response": "Hello",
        "response_json": json.dumps({"content": "Hello", "role": "assistant", "finish_reason": "stop", "usage": {}}), "conversation_id": "01j0000000000000000000c03"}),
    ("responses", {"id": "01j0000000000000000000004", "model": "gpt-3.5-turbo-instruct", "prompt": "Broken", "response": "x",
        "response_json": "{\"logprobs\": [", "conversation_id": "01j0000000000000000000c04"}),
])

# 25. llm 0.32's turns (response_json kept condensed on the turn; the prompt's text in
# turn_search), one turn with logprobs.
llm_db("llm-logs-turns.db", [
    "CREATE TABLE turns (id TEXT PRIMARY KEY, thread_id TEXT, parent_message_hash TEXT, tip_message_hash TEXT, model TEXT, "
    "resolved_model TEXT, options_json TEXT, schema_id TEXT, input_tokens INTEGER, output_tokens INTEGER, token_details TEXT, "
    "duration_ms INTEGER, datetime_utc TEXT, response_json TEXT)",
    "CREATE TABLE turn_search (id INTEGER PRIMARY KEY, turn_id TEXT REFERENCES turns(id), prompt TEXT, response TEXT)"], [
    ("turns", {"id": "01k0000000000000000000001", "thread_id": "t1", "model": "gpt-3.5-turbo-instruct",
        "response_json": json.dumps({"logprobs": [{"text": " Yes", "top_logprobs": [{" Yes": -0.4, " No": -1.1}]}]})}),
    ("turn_search", {"turn_id": "01k0000000000000000000001", "prompt": "Sure?", "response": " Yes"}),
])

# 26. Inspect .json log from a vLLM run with prompt_logprobs on the choice (the same Logprobs
# shape as the output's; the first prompt token has no logprob, so the list starts at the
# second), and a Responses-API sample (Inspect's openai provider: no bytes, top_logprobs null
# on one token).
def bare(text, lp, top):
    return {"token": text, "logprob": lp, "top_logprobs": None if top is None else [{"token": t, "logprob": l} for t, l in top]}
prompt_sample = {"id": "ppl-1", "epoch": 1, "input": "The capital of Japan is",
    "messages": [{"role": "user", "content": "The capital of Japan is"}, {"role": "assistant", "content": " 東京"}],
    "output": {"model": "vllm/Qwen", "choices": [{"message": {"role": "assistant", "content": " 東京"}, "stop_reason": "max_tokens",
        "logprobs": {"content": [tok(" 東京", -0.4, [(" 東京", -0.4), (" Tokyo", -1.2)])]},
        "prompt_logprobs": {"content": [tok(" capital", -6.5, [(" first", -2.0), (" capital", -6.5)]), tok(" of", -0.3, [(" of", -0.3)]),
                                        tok(" Japan", -3.0, [(" France", -1.1), (" Japan", -3.0)]), tok(" is", -0.2, [(" is", -0.2)])]}}]}}
responses_sample = {"id": "resp-1", "epoch": 1, "input": "Sure?", "messages": [{"role": "user", "content": "Sure?"}],
    "output": {"model": "openai/gpt-4.1", "choices": [{"message": {"role": "assistant", "content": "Yes, certainly."}, "stop_reason": "stop",
        "logprobs": {"content": [bare("Yes", -0.02, [("Yes", -0.02), ("No", -4.0)]), bare(",", -0.5, None), bare(" certainly", -2.3, [(" I", -0.4)]),
                                 bare(".", -0.01, [])]}}]}}
with open("inspect-prompt-logprobs.json", "w") as f:
    f.write(json.dumps({"version": 2, "status": "success", "eval": {"model": "vllm/Qwen", "task": "ppl"},
                        "samples": [prompt_sample, responses_sample]}, ensure_ascii=False, indent=1))
