#!/usr/bin/env bash
# What live-page viewers cost the frame path: one run of the real service (`edgeclassifier run`, synthetic camera,
# web view on a free loopback port), in phases with 0, 1 and 3 clients on /api/stream.mjpg. For each phase it prints
# the frame path's p50/p95/p99 (capture to decision, and inference alone) from the service's own stats document,
# misses, the service's CPU use and what each viewer received. A Prometheus (Debian's) scrapes /metrics every second
# throughout; at the end its histogram_quantile of inference time over the first phase is printed beside the stats
# document's and `edgeclassifier bench`'s figures for the same model.
#
#   scripts/web-viewers.sh [SECONDS_PER_PHASE] [VIEWERS...]     defaults: 150, then 0 1 3
#   MODEL=mobilenet_v1_0.5_160_quant FPS=30 BUDGET_MS=100 scripts/web-viewers.sh
#
# The stats document's percentiles cover the last 4096 classified frames, so a phase must classify at least that many
# for its figures to be its own (at 30 fps: 137 s); a shorter phase is flagged in the table. The default budget is
# loose enough that a busy shared machine does not make the service thin frames (which would change what each phase
# measures), yet tight enough for the histogram's buckets (5 % to 10x the budget) to resolve inference times; on an
# idle board use BUDGET_MS=33. Needs curl, python3 and prometheus.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
seconds="${1:-150}"
shift || true
viewers=("$@")
[[ ${#viewers[@]} -gt 0 ]] || viewers=(0 1 3)
model="${MODEL:-mobilenet_v1_0.5_160_quant}"
fps="${FPS:-30}"
budget="${BUDGET_MS:-100}"
window=4096

dotnet build -c Release src/EdgeClassifier/EdgeClassifier.csproj -v q -nologo >/dev/null
exe="$repo_root/src/EdgeClassifier/bin/Release/net10.0/edgeclassifier.dll"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
site="http://127.0.0.1:$port"
service=""
prometheus=""
cleanup() {
  for pid in $service $prometheus; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

STATE_DIRECTORY="$work/state" dotnet "$exe" run --Camera:Source=synthetic "--Camera:Fps=$fps" "--Pipeline:BudgetMs=$budget" \
  "--Model:Path=$repo_root/../shared/models/onnx/$model.onnx" --Mqtt:Enabled=false "--Web:Urls=$site" \
  >"$work/service.log" 2>&1 &
service=$!
for _ in $(seq 120); do
  curl -sf -o /dev/null "$site/readyz" && break
  kill -0 "$service" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
  sleep 1
done
curl -sf -o /dev/null "$site/readyz" || { echo "web-viewers: the service was not ready in 120 s" >&2; exit 1; }

prometheus_site="http://127.0.0.1:$(free_port)"
cat > "$work/prometheus.yml" <<EOF
global: { scrape_interval: 1s }
scrape_configs:
  - { job_name: edgeclassifier, scrape_timeout: 900ms, static_configs: [{ targets: ['127.0.0.1:$port'] }] }
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
  --web.listen-address="${prometheus_site#http://}" >"$work/prometheus.log" 2>&1 &
prometheus=$!

ticks="$(getconf CLK_TCK)"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$service/stat"; }

echo "model $model, synthetic 640x480 at $fps fps, budget $budget ms, stream 5 fps x 640 px, $seconds s per phase, $(nproc) cores"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 10 # warm-up: the first, slower frames fall out of the window during a long enough first phase
printf '%-8s %7s %6s %24s %24s %7s %6s %18s\n' viewers frames fps "total p50/p95/p99 ms" "inference p50/p95/p99" misses cpu% "per viewer"
for n in "${viewers[@]}"; do
  before="$(curl -sf "$site/api/stats")"
  cpu_before="$(cpu_ticks)"
  pids=()
  for v in $(seq "$n"); do
    # Counts the JPEG parts a viewer got; curl stops itself at the end of the phase (exit 28, expected).
    (curl -s -N --max-time "$seconds" "$site/api/stream.mjpg" | grep -ac 'Content-Type: image/jpeg' > "$work/viewer-$v" || true) &
    pids+=($!)
  done
  sleep "$seconds"
  after="$(curl -sf "$site/api/stats")"
  cpu_after="$(cpu_ticks)"
  [[ -n "${first_end:-}" ]] || { first_end="$(date +%s)"; first_stats="$after"; first_viewers=$n; }
  for pid in "${pids[@]}"; do wait "$pid"; done
  received="-"
  if [[ $n -gt 0 ]]; then
    received="$(cat "$work"/viewer-* | python3 -c "import sys; c=[int(l) for l in sys.stdin]; print(f'{sum(c)/len(c)/$seconds:.1f} jpeg/s')")"
    rm -f "$work"/viewer-*
  fi
  python3 - "$n" "$seconds" "$window" "$(( cpu_after - cpu_before ))" "$ticks" "$received" "$before" "$after" <<'EOF'
import json, sys
n, seconds, window, cpu, ticks, received = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
before, after = json.loads(sys.argv[7]), json.loads(sys.argv[8])
frames = after["framesProcessed"] - before["framesProcessed"]
stages = after["stages"]
fmt = lambda s: f'{stages[s]["p50"]:.2f} / {stages[s]["p95"]:.2f} / {stages[s]["p99"]:.2f}'
flag = "" if frames >= window else f"  (window spans phases: {frames} < {window} frames)"
print(f'{n:<8} {frames:>7} {frames / seconds:>6.1f} {fmt("total"):>24} {fmt("inference"):>24} '
      f'{after["misses"] - before["misses"]:>7} {100 * cpu / ticks / seconds:>6.0f} {received:>18}{flag}')
EOF
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "inference time (ms) in the phase with $first_viewers viewers:"
for q in 0.5 0.99; do
  query="histogram_quantile($q, sum by (le) (increase(edgeclassifier_stage_duration_seconds_bucket{stage=\"inference\"}[${seconds}s])))"
  curl -sf -G "$prometheus_site/api/v1/query" --data-urlencode "query=$query" --data-urlencode "time=$first_end" \
    | python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; v = "%.2f" % (1000 * float(r[0]["value"][1])) if r else "no data"; print("  Prometheus histogram_quantile(%s): %s" % (sys.argv[1], v))' "$q"
done
python3 -c 'import json, sys; s = json.loads(sys.argv[1])["stages"]["inference"]; print("  stats document p50 / p99: %.2f / %.2f" % (s["p50"], s["p99"]))' "$first_stats"
kill "$service" 2>/dev/null || true
wait "$service" 2>/dev/null || true
service=""
echo "  edgeclassifier bench, same model, 500 frames back to back after the run:"
dotnet "$exe" bench --model "$repo_root/../shared/models/onnx/$model.onnx" --runs 500 --budget "$budget" 2>/dev/null | grep -E '^(stage|inference|total) ' | sed 's/^/    /'
