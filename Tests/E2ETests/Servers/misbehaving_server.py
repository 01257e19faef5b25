#!/usr/bin/env python3
"""A model server that misbehaves on purpose, for confab record's tests.

Usage: misbehaving_server.py MODE. Listens on a free loopback port, prints it, serves forever.
Modes: silent (reads the request, never answers), drip (headers, then one byte a second),
endless (an infinite JSON body), endless-stream (infinite SSE events), cut-stream (SSE events,
then the connection closes with no finish reason and no [DONE]), no-logprobs (a long answer
with an empty logprobs list), escape (an HTTP 400 whose message holds ESC and NUL), echo (behaves:
answers /v1/completions with echo and logprobs as vLLM's OpenAI server does, the prompt cut into
words as its tokens, the first with a null logprob, usage.prompt_tokens saying how many).
"""
import re
import json
import socket
import sys
import threading
import time

MODE = sys.argv[1]

CHUNK = {"id": "x", "object": "chat.completion.chunk", "model": "fake", "choices": [
    {"index": 0, "delta": {"content": " word"}, "finish_reason": None,
     "logprobs": {"content": [{"token": " word", "logprob": -0.5, "bytes": [32, 119, 111, 114, 100],
                               "top_logprobs": [{"token": " word", "logprob": -0.5, "bytes": [32, 119, 111, 114, 100]}]}]}}]}


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        part = conn.recv(65536)
        if not part:
            return
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        part = conn.recv(65536)
        if not part:
            return
        body += part
    return body


def respond(conn, status, body, content_type="application/json"):
    conn.sendall(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                 % (status, content_type.encode(), len(body)) + body)


def serve(conn):
    try:
        request = read_request(conn)
        if MODE == "echo":
            prompt = json.loads(request)["prompt"]
            words = re.findall(r"\s*\S+|\s+", prompt)
            lps = [None] + [-0.25 * (1 + i % 4) for i in range(1, len(words))]
            tops = [None] + [{w: lp, " x": lp - 1.0} for w, lp in zip(words[1:], lps[1:])]
            offsets = [sum(len(w) for w in words[:i]) for i in range(len(words))]
            body = {"id": "cmpl-echo", "object": "text_completion", "model": "fake-vllm", "choices": [
                {"index": 0, "text": prompt + " .", "finish_reason": "length", "logprobs": {
                    "tokens": words + [" ."], "token_logprobs": lps + [-0.1], "top_logprobs": tops + [{" .": -0.1}],
                    "text_offset": offsets + [len(prompt)]}}],
                "usage": {"prompt_tokens": len(words), "completion_tokens": 1, "total_tokens": len(words) + 1}}
            respond(conn, 200, json.dumps(body).encode())
        elif MODE == "silent":
            time.sleep(3600)
        elif MODE == "drip":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
            while True:
                conn.sendall(b" ")
                time.sleep(1)
        elif MODE == "endless":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
            conn.sendall(b'{"choices":[{"message":{"content":"')
            while True:
                conn.sendall(b"a" * 65536)
        elif MODE == "endless-stream":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            event = b"data: " + json.dumps(CHUNK).encode() + b"\n\n"
            while True:
                conn.sendall(event)
        elif MODE == "cut-stream":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            for _ in range(5):
                conn.sendall(b"data: " + json.dumps(CHUNK).encode() + b"\n\n")
        elif MODE == "no-logprobs":
            body = {"id": "x", "object": "chat.completion", "model": "fake", "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "long answer " * 100000},
                 "finish_reason": "stop", "logprobs": {"content": []}}]}
            respond(conn, 200, json.dumps(body).encode())
        elif MODE == "escape":
            respond(conn, 400, json.dumps({"error": {"message": "bad \x1b]0;pwned\x07 \x1b[31mred\x00 request"}}).encode())
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        conn.close()


def main():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    print(server.getsockname()[1], flush=True)
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
