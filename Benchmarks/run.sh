#!/usr/bin/env bash
# Runs one benchmark group side by side with its PyTorch peer and prints the
# JSON figure lines: Benchmarks/run.sh [core|nn|envs|agents]
# Both sides run single-threaded BLAS. The peer script
# Benchmarks/peers/<group>_peer.py runs if a Python with torch is found
# (/work/venv/bin/python, then python3); otherwise figures have no peer.
set -euo pipefail
group="${1:-core}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

swift build -c release --product swiftlet-bench >&2

peer_args=()
peer_script="Benchmarks/peers/${group}_peer.py"
if [[ -f "$peer_script" ]]; then
    python=""
    # The envs peers need Gymnasium (and, for gymnax, jax); the others torch.
    module=torch
    [[ "$group" == envs ]] && module=gymnasium
    for candidate in /work/venv/bin/python /work/venv-env/bin/python python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import $module" >/dev/null 2>&1; then
            python="$candidate"; break
        fi
    done
    if [[ -n "$python" ]]; then
        peer_json="$(mktemp -t "swiftlet-${group}-peer.XXXXXX.json")"
        trap 'rm -f "$peer_json"' EXIT
        echo "running $peer_script with $python" >&2
        "$python" "$peer_script" "$peer_json" >&2
        peer_args=(--peer "$peer_json")
    else
        echo "no Python with $module found: figures without peer" >&2
    fi
fi

"$root/.build/release/swiftlet-bench" "$group" "${peer_args[@]}"
