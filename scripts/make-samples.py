#!/usr/bin/env python3
"""Regenerates samples/ by sampling SmolLM2-135M-Instruct through the real llama.cpp server.

Usage: scripts/make-samples.py SERVER_BINARY MODEL_GGUF [--out samples/smollm2-135m-instruct.jsonl]
Each output line is {"prompt_id", "sample", "request", "response"} where response is the
server's /v1/chat/completions body, unmodified. Sampling is pure (top_k 0, top_p 1, min_p 0,
temperature 1) so the recorded top-20 is the model's raw distribution; seeds are 1000 + sample.
"""
import argparse, json, socket, subprocess, sys, time, urllib.request

SAMPLES_PER_PROMPT = 3
MAX_TOKENS = 120

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def post(url, body, timeout=120):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("server")
    parser.add_argument("model")
    parser.add_argument("--prompts", default="samples/prompts.txt")
    parser.add_argument("--out", default="samples/smollm2-135m-instruct.jsonl")
    args = parser.parse_args()
    port = free_port()
    log = open("/tmp/confab-make-samples-server.log", "w")
    server = subprocess.Popen([args.server, "-m", args.model, "--host", "127.0.0.1", "--port", str(port),
                               "-t", "2", "-np", "1", "--alias", "SmolLM2-135M-Instruct"], stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except Exception:
                time.sleep(0.1)
        prompts = [json.loads(line) for line in open(args.prompts) if line.strip()]
        with open(args.out + ".tmp", "w") as out:
            for prompt in prompts:
                for sample in range(SAMPLES_PER_PROMPT):
                    request = {"messages": prompt["messages"], "logprobs": True, "top_logprobs": 20,
                               "max_tokens": MAX_TOKENS, "temperature": 1.0, "top_k": 0, "top_p": 1.0,
                               "min_p": 0.0, "seed": 1000 + sample}
                    response = post(base + "/v1/chat/completions", request)
                    record = {"prompt_id": prompt["id"], "sample": sample, "request": request, "response": response}
                    out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
                    print(f"{prompt['id']} #{sample}: {response['usage']['completion_tokens']} tokens", file=sys.stderr)
        import os
        os.replace(args.out + ".tmp", args.out)
    finally:
        server.terminate()
        server.wait()

if __name__ == "__main__":
    main()
