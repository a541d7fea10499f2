#!/usr/bin/env python3
"""How soon `catlint lsp` publishes diagnostics after the debounce window (issue 8).

Copies a site (default: the bundled example) to a scratch folder, makes one term page about
2,000 lines long (a long Instructions block and a long body), opens it in the server, then
sends full-text changes and times each publishDiagnostics from the change, less the debounce
window. The server's own measure (`--verbose`: from the window's end to the publish) is
printed beside it.

    cargo build --release -p catlint
    python3 bench/lsp_latency.py [--catlint target/release/catlint] [--site DIR] [--page REL]
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, threading, time, queue, re

ap = argparse.ArgumentParser()
ap.add_argument("--catlint", default="target/release/catlint")
ap.add_argument("--site", default="fixtures/sites/example")
ap.add_argument("--page", default="content/categories/lean/_index.md")
ap.add_argument("--lines", type=int, default=2000)
ap.add_argument("--runs", type=int, default=20)
ap.add_argument("--debounce-ms", type=int, default=200)
args = ap.parse_args()

work = tempfile.mkdtemp()
site = os.path.join(work, "site")
shutil.copytree(args.site, site)
page = os.path.join(site, args.page)
text = open(page, encoding="utf-8").read()
half = args.lines // 2
text = text.replace("Instructions: |-\n", "Instructions: |-\n" + "  - a line of instructions about Lean.\n" * half, 1)
text += "Body text about Lean, ünïcødé.\n" * half
open(page, "w", encoding="utf-8").write(text)

server = subprocess.Popen([os.path.abspath(args.catlint), "lsp", "--verbose", "--debounce-ms", str(args.debounce_ms)],
                          cwd=site, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
messages, logs = queue.Queue(), queue.Queue()

def read_stdout():
    while True:
        length = None
        while True:
            line = server.stdout.readline()
            if not line:
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        messages.put((time.perf_counter(), json.loads(server.stdout.read(length))))

def read_stderr():
    for line in server.stderr:
        logs.put(line.decode("utf-8", "replace"))

threading.Thread(target=read_stdout, daemon=True).start()
threading.Thread(target=read_stderr, daemon=True).start()

def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()

def wait(pred):
    while True:
        at, m = messages.get(timeout=60)
        if pred(m):
            return at, m

uri = "file://" + page
send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": "file://" + site, "capabilities": {}}})
wait(lambda m: m.get("id") == 1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")

current = text

def edit(version):
    """Even versions change the title (the index changes: the cross-file rules run again);
    odd ones add a body line (the index stays: their results are reused)."""
    global current
    if version % 2 == 0:
        current = re.sub(r"(?m)^title: (.*)$", lambda m: "title: %s%d" % (m.group(1), version % 10), current, count=1)
    else:
        current += "edit %d\n" % version
    return current

client_ms = []
for version in range(2, 2 + args.runs):
    edited = edit(version)
    sent = time.perf_counter()
    send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": edited}]}})
    at, m = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version)
    client_ms.append((at - sent) * 1000 - args.debounce_ms)

send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
wait(lambda m: m.get("id") == 2)
send({"jsonrpc": "2.0", "method": "exit"})
server.wait(timeout=30)
time.sleep(0.1)
server_ms = []
while not logs.empty():
    found = re.search(r"published .* ([0-9.]+) ms after the debounce window", logs.get())
    if found:
        server_ms.append(float(found.group(1)))
shutil.rmtree(work)

lines = text.count("\n")
print("page: %d lines, %d bytes; debounce %d ms; %d changes" % (lines, len(text.encode()), args.debounce_ms, args.runs))
def show(who, values):
    title, body = values[0::2], values[1::2]
    print("%s: title edits median %.1f ms (max %.1f), body edits median %.1f ms (max %.1f)" % (
        who, statistics.median(title), max(title), statistics.median(body), max(body)))

show("client, publish after the window", client_ms)
if len(server_ms) == len(client_ms):
    show("server, check + publish after the window", server_ms)
