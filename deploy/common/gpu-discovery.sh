#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# executor may use as {"name": "gpu", "addresses": ["0", "1", ...]} — device indices, which is
# what sparkctr binds ND4J to. Respects CUDA_VISIBLE_DEVICES / NVIDIA_VISIBLE_DEVICES when set.
#   deploy/common/gpu-discovery.sh [--dry-run]   (--dry-run prints the command it would run)
set -euo pipefail
QUERY=(nvidia-smi --query-gpu=index --format=csv,noheader)
if [[ "${1:-}" == "--dry-run" ]]; then
  printf '%q ' "${QUERY[@]}"; echo
  exit 0
fi
visible="${CUDA_VISIBLE_DEVICES:-}"
if [[ -n "$visible" && "$visible" != "all" ]]; then
  count=$(tr ',' '\n' <<< "$visible" | grep -c .)
else
  count=$("${QUERY[@]}" | grep -c .)
fi
addresses=""
for ((i = 0; i < count; i++)); do
  addresses+="${addresses:+,}\"$i\""
done
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
