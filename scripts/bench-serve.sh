#!/usr/bin/env bash
# Live-preview benchmark: starts `showcase serve` (release build) on a copy of the content,
# edits one report's title again and again, and reports for each edit
#   - the rebuild time the preview prints (check = load+validate+compute, render = pages),
#   - the time from the file write to the reload event on /__showcase/events (includes the
#     change-polling delay).
# It prints every edit's figures and then median, min and max of each.
# With SHOWCASE_TIMINGS=1 the preview's stage timings go to stderr (profiling).
#   - on Linux, the CPU the preview's threads used from the write to the reload event,
#     the background workers (search index, booklets) apart: comparable when the machine
#     is busy and wall times are not.
# --pause S: seconds between edits (default 0.7, typing pace).
# Usage: scripts/bench-serve.sh [--internal] [--edits N] [--pause S] [--synthetic N | --content DIR]...
#   no content option: the sample content/; --synthetic N: the realistic corpus of
#   scripts/bench.sh (scripts/bench/gen.py, jieba vocabulary, 100 groups) with N reports;
#   --content DIR: a copy of DIR (e.g. a corpus generated once with gen.py).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
# SHOWCASE_BENCH_BIN=path: benchmark that binary instead (before/after comparisons).
if [[ -n "${SHOWCASE_BENCH_BIN:-}" ]]; then bin="$SHOWCASE_BENCH_BIN"
else cargo build --release --quiet; bin="$target/release/showcase"; fi
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
extra=(); edits=15; pause=0.7; contents=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --internal) extra+=(--internal); shift ;;
    --edits) edits="$2"; shift 2 ;;
    --pause) pause="$2"; shift 2 ;;
    --synthetic) python3 scripts/bench/gen.py "$2" "$work/synthetic-$2" >/dev/null
                 contents+=("$work/synthetic-$2"); shift 2 ;;
    --content) cp -r "$2" "$work/$(basename "$2")"; contents+=("$work/$(basename "$2")"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ ${#contents[@]} -eq 0 ]]; then cp -r content "$work/sample"; contents=("$work/sample"); fi
# Files saved an hour ago, as in real use (only the edited report is new): the preview's
# caches reuse a file's text by size and time once it is a few seconds old.
for c in "${contents[@]}"; do find "$c" -type f -exec touch -d '1 hour ago' {} +; done
for c in "${contents[@]}"; do
  python3 - "$bin" "$c" "$PWD/themes/default" "$edits" "$pause" "${extra[@]}" <<'PY'
import os, re, socket, statistics, subprocess, sys, threading, time, glob, json
binary, content, theme, edits, pause, extra = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6:]
proc = subprocess.Popen([binary, "--content", content, "serve", "--port", "0", "--no-booklet",
                         "--theme", theme, *extra], stdout=subprocess.PIPE,
                        stderr=None if os.environ.get("SHOWCASE_TIMINGS") else subprocess.DEVNULL,
                        text=True, env={**os.environ, "NO_COLOR": "1"})
import atexit
atexit.register(lambda: proc.poll() is None and proc.kill())  # never leave a preview behind
lines, cond = [], threading.Condition()
def pump():
    for l in proc.stdout:
        with cond:
            lines.append(l.rstrip("\n")); cond.notify_all()
threading.Thread(target=pump, daemon=True).start()
def wait_line(pred, start=0, timeout=120):
    end = time.time() + timeout
    with cond:
        while True:
            for i in range(start, len(lines)):
                if pred(lines[i]): return i, lines[i]
            left = end - time.time()
            if left <= 0: raise SystemExit("timed out; output:\n" + "\n".join(lines))
            cond.wait(left)
_, addr = wait_line(lambda l: l.startswith("预览地址："))
port = int(re.search(r":(\d+)/", addr).group(1))
first = [l for l in lines if l.startswith("已更新预览（首次生成）")][0]
ev = socket.create_connection(("127.0.0.1", port)); ev.settimeout(60)
ev.sendall(f"GET /__showcase/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
buf = b""
def next_generation(after):
    global buf
    while True:
        while b"\n\n" in buf:
            event, buf = buf.split(b"\n\n", 1)
            for l in event.decode().splitlines():
                if l.startswith("data: "):
                    g = json.loads(l[6:])["generation"]
                    if g > after: return g
        got = ev.recv(65536)
        if not got: raise SystemExit("the event stream closed; output:\n" + "\n".join(lines))
        buf += got
def cpu_ms():
    """Run time of the preview's threads but its background workers (Linux schedstat)."""
    total = 0
    for t in glob.glob(f"/proc/{proc.pid}/task/*"):
        try:
            if open(f"{t}/comm").read().startswith("preview-"): continue
            total += int(open(f"{t}/schedstat").read().split()[0])
        except (OSError, ValueError): pass
    return total / 1e6
gen = next_generation(-1)
report = sorted(glob.glob(f"{content}/cohorts/*/reports/*.md"))[-1]
text = open(report, encoding="utf-8").read()
rows, mark = [], len(lines)
for i in range(edits):
    new = re.sub(r"^title: .*$", f"title: 基准测试标题{i}", text, count=1, flags=re.M)
    c0, t0 = cpu_ms(), time.perf_counter()
    with open(report, "w", encoding="utf-8") as f: f.write(new)
    gen = next_generation(gen)
    e2e = (time.perf_counter() - t0) * 1000
    cpu = cpu_ms() - c0
    mark, line = wait_line(lambda l: l.startswith("已更新预览（"), mark)
    mark += 1
    a, r, t = (float(x) for x in re.search(r"检查 ([\d.]+) 毫秒，生成 ([\d.]+) 毫秒(?:（[^）]*）)?，共 ([\d.]+) 毫秒", line).groups())
    rows.append((a, r, t, e2e, cpu))
    print(f"  edit {i + 1:2d}: check {a:7.1f}  render {r:7.1f}  rebuild {t:7.1f}  write → reload {e2e:7.1f}  cpu {cpu:7.1f} ms", flush=True)
    time.sleep(pause)  # typing pace by default
proc.send_signal(2); proc.wait(timeout=10)
def stats(k):
    v = [r[k] for r in rows]
    return f"median {statistics.median(v):6.1f}  min {min(v):6.1f}  max {max(v):6.1f} ms"
n = len(glob.glob(f"{content}/cohorts/*/reports/*.md")) + len(glob.glob(f"{content}/cohorts/*/cases/*.md"))
print(f"content: {os.path.basename(content)} ({n} documents){' with --internal' if extra else ''}; {edits} edits of {os.path.relpath(report, content)}")
print(f"  first build:        {first.split('：', 1)[1]}")
print(f"  check (analyse):    {stats(0)}")
print(f"  render + swap:      {stats(1)}")
print(f"  rebuild total:      {stats(2)}")
print(f"  write → reload evt: {stats(3)}   (includes polling, 20 ms interval)")
print(f"  cpu write → reload: {stats(4)}   (preview threads but search/booklets)")
print(f"  load average:       {open('/proc/loadavg').read().split()[0] if os.path.exists('/proc/loadavg') else '?'}")
PY
done
