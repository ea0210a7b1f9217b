#!/usr/bin/env bash
# Issue 12's GPU checks in one command, for a session lent a GPU machine (the device tool):
# the CUDA tests of the GPU fast path, bench/gpu_train.py, the GPU half of bench/job_memory.py
# and bench/concurrent_jobs.py with 30 LeNet jobs at once against one at a time.
#
# Before, on this machine: `bash scripts/gpu_wheels.sh` (the wheels the image lacks, into
# .whl/). Then, from the repository root, through the device tool:
#
#   run(command="bash scripts/gpu_check.sh", carry=[".whl"], timeout_s=540)
#
# Everything goes to $OUT, six files: setup.log (nvidia-smi, the install, versions and
# scripts/gpu_probe.py), cuda_tests.log, gpu_train.log, job_memory.log,
# concurrent_jobs.log and summary.txt (each stage's status and time, and the lines that
# carry its figures), which is also printed at the end. Every stage has its own timeout
# and a failing stage does not stop the next; all of it ends within BUDGET_S (420 s).
#
# Settings (environment), for a dry run on a CPU or a shorter run:
#   PY               the Python that has torch (python3)
#   OUT              where the logs go (the device sets it; /tmp/gpu_check otherwise)
#   WHEELS, SITE     the carried wheels (.whl) and where they are installed (/tmp/site)
#   BUDGET_S         the whole script's seconds (420)
#   CAPS_X           a factor on every stage's cap and floor (1; 4 for a dry run on a slow CPU)
#   GPU_TRAIN_ARGS   bench/gpu_train.py's arguments (--rounds 3)
#   JOB_MEMORY_ARGS  bench/job_memory.py's (--samples lenet,small_vgg,lstm_sine,text_classifier)
#   CONCURRENT_ARGS  bench/concurrent_jobs.py's (--sample lenet --jobs 30 --slots 16 --rounds 1
#                    --baseline-jobs 10: the 1-slot side runs its jobs back to back, 10 give
#                    its rate in a third of the time)
#   STAGES           the stages after setup, by name (all four); on a machine still warm (it
#                    is given back 30 s after a call), STAGES=concurrent_jobs BUDGET_S=200
#                    reruns the last one alone: BUDGET_S at most the device time left less
#                    60 s (status's budget_left_s), timeout_s BUDGET_S + 60
#
# Time on an H100, estimated from the code (no GPU has run it yet): setup 30-40 s (torch's
# first import, the wheels, the probe), cuda_tests 50-90 s (about 40 short training runs),
# gpu_train 50-90 s (6 cases, 12 runs each of 128-192 steps), job_memory 40-60 s (a fresh
# process per sample: imports, CUDA context, one epoch, exports), concurrent_jobs 90-150 s
# (twice a server start and an uncounted job, 30 jobs over 16 slots, 10 one at a time, each
# job a forked child that makes its own CUDA context): 260-430 s in all. The floors below
# keep every stage's share if the first ones run long.
set -u
cd "$(dirname "$0")/.." || exit 1

PY=${PY:-python3}
OUT=${OUT:-/tmp/gpu_check}
WHEELS=${WHEELS:-.whl}
SITE=${SITE:-/tmp/site}
BUDGET_S=${BUDGET_S:-420}
CAPS_X=${CAPS_X:-1}
GPU_TRAIN_ARGS=${GPU_TRAIN_ARGS:---rounds 3}
JOB_MEMORY_ARGS=${JOB_MEMORY_ARGS:---samples lenet,small_vgg,lstm_sine,text_classifier}
CONCURRENT_ARGS=${CONCURRENT_ARGS:---sample lenet --jobs 30 --slots 16 --rounds 1 --baseline-jobs 10}
STAGES=" ${STAGES:-cuda_tests gpu_train job_memory concurrent_jobs} "

mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
STARTED=$(date +%s)
export PYTHONUNBUFFERED=1
: >"$SUMMARY"

note() { echo "$*" | tee -a "$SUMMARY"; }
elapsed() { echo $(($(date +%s) - STARTED)); }

# Seconds each stage keeps for itself from the stages before it: a stage may run until its
# cap, but only so long that every selected stage after it still has its floor.
declare -A FLOOR=([setup]=0 [cuda_tests]=60 [gpu_train]=90 [job_memory]=30 [concurrent_jobs]=150)
ORDER=(setup cuda_tests gpu_train job_memory concurrent_jobs)
selected() { [ "$1" = setup ] || [[ $STAGES == *" $1 "* ]]; }

# stage NAME CAP_S COMMAND: COMMAND (a bash line) into $OUT/NAME.log, stopped after CAP_S
# seconds, or sooner to keep the floors of the selected stages after it.
stage() {
  local name=$1 cap=$(($2 * CAPS_X)) command=$3 reserve=0 later=0 next
  selected "$name" || return 0
  for next in "${ORDER[@]}"; do
    if [ "$later" = 1 ] && selected "$next"; then reserve=$((reserve + FLOOR[$next] * CAPS_X)); fi
    if [ "$next" = "$name" ]; then later=1; fi
  done
  local log="$OUT/$name.log" limit=$((BUDGET_S - $(elapsed) - reserve))
  if [ "$limit" -gt "$cap" ]; then limit=$cap; fi
  if [ "$limit" -lt 20 ]; then
    note "$(printf '%-16s skipped: the budget was spent (%ss)' "$name" "$(elapsed)")"
    return 0
  fi
  echo "== $name, at most ${limit}s: $(echo "$command" | grep -m1 -o "[^ ].*")"
  { echo "\$ $command"; echo "# at most ${limit}s, started $(date -u +%T) UTC"; } >"$log"
  local begun=$SECONDS
  timeout -k 20 "$limit" bash -c "$command" >>"$log" 2>&1
  local code=$? status
  case $code in
    0) status=ok ;;
    124 | 137) status="TIMED OUT after ${limit}s" ;;
    *) status="FAILED (exit $code)" ;;
  esac
  note "$(printf '%-16s %s in %ss' "$name" "$status" $((SECONDS - begun)))"
}

# Setup: the machine, the wheels into $SITE, and the probe (versions, torch APIs, imports).
SERVE_FLAG=
if compgen -G "$WHEELS/fastapi-*.whl" >/dev/null; then SERVE_FLAG=--serve; fi
stage setup 90 "
  set -x; date -u; uname -srm; nproc; free -g | head -2; uptime
  timeout 30 nvidia-smi || echo 'no nvidia-smi'
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
    --target '$SITE' '$WHEELS'/*.whl && echo 'wheels installed:' \$(ls '$WHEELS' | wc -l)
  PYTHONPATH='$SITE' $PY scripts/gpu_probe.py $SERVE_FLAG"
export PYTHONPATH="$SITE:$PWD"

# Issue 12, point 6: the capture on a real GPU, then the tests whose paths change when one
# is there (test_capture.py's runs train on the GPU, captured for real), the memory
# estimates and slots, and the CPU update's direct call of torch's private fused kernels,
# bit for bit against step() in the device's torch.
stage cuda_tests 120 "
  $PY -m pytest -p no:cacheprovider -v --timeout 120 tests/torch/test_capture_cuda.py
  first=\$?
  $PY -m pytest -p no:cacheprovider -q --timeout 120 tests/torch/test_capture.py \
    tests/torch/test_update.py tests/torch/test_memory.py tests/test_memory.py $([ -n "$SERVE_FLAG" ] && echo tests/test_slots.py)
  second=\$?
  exit \$((first || second))"
stage gpu_train 150 "$PY bench/gpu_train.py $GPU_TRAIN_ARGS"

# Point 7: memory estimates against real runs, then many small jobs sharing the GPU.
stage job_memory 75 "$PY bench/job_memory.py $JOB_MEMORY_ARGS"
if [ -n "$SERVE_FLAG" ] || [[ $STAGES != *" concurrent_jobs "* ]]; then
  stage concurrent_jobs 600 "$PY bench/concurrent_jobs.py $CONCURRENT_ARGS"
else
  note "$(printf '%-16s skipped: no serve wheels (scripts/gpu_wheels.sh without --no-serve)' concurrent_jobs)"
fi

# The lines that carry the figures, under the stages' statuses.
{
  echo
  echo "ended after $(elapsed)s, load $(cut -d' ' -f1-3 /proc/loadavg); logs in $OUT"
  grep -h -E '^(python|torch|GPU|probe|PROBLEM)' "$OUT/setup.log"
  [ -f "$OUT/cuda_tests.log" ] &&
    echo "pytest, 1: test_capture_cuda.py, 2: CPU tests run where a GPU is (device auto: cuda)"
  grep -h -E '^(=+ )?[0-9]+ (passed|failed|skipped|errors?|deselected)|^(FAILED|ERROR) ' "$OUT/cuda_tests.log"
  grep -h -v -E '^(\$|#)' "$OUT/gpu_train.log" | grep -E '^(NVIDIA|device|[A-Za-z].*, batch|  )' | grep -v -i 'warn' | head -60
  grep -h -E '^(batch|[a-z_0-9]+ +saved)' "$OUT/job_memory.log"
  [ -f "$OUT/concurrent_jobs.log" ] && grep -h -E '^(  round|[0-9]+ jobs|  [0-9]+ slot|  ratio)' "$OUT/concurrent_jobs.log"
} >>"$SUMMARY" 2>/dev/null
echo "======== summary ($SUMMARY)"
cat "$SUMMARY"
