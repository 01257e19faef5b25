# Sourced by make-samples.sh and make-live-samples.sh: sets $server (the llama-server binary),
# $smollm and $gemma (the two models' GGUF files) and $confab, and defines with_server.
# with_server MODEL ALIAS OUT -- CONFAB-ARGS...: serves MODEL on a free port (one slot, two
# threads, named ALIAS), runs `confab CONFAB-ARGS --server URL -o OUT.new`, gzips OUT.new to
# OUT.gz, and stops the server.
paths="$(scripts/llama-server.sh)"
server="$(echo "$paths" | sed -n 1p)"
smollm="$(echo "$paths" | sed -n 2p)"
gemma="$(scripts/gemma-model.sh)"
confab=.build/release/confab

with_server() {
  local model="$1" alias="$2" out="$3"
  shift 4
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  OMP_WAIT_POLICY=passive "$server" -m "$model" --host 127.0.0.1 --port "$port" -t 2 -np 1 --alias "$alias" > "/tmp/confab-samples-$alias.log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  rm -f "$out.new"
  "$confab" "$@" --server "http://127.0.0.1:$port" -o "$out.new" || { kill "$pid"; exit 1; }
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  gzip -9 -n -c "$out.new" > "$out.gz"
  rm -f "$out.new"
}
