#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs this
# executor may use as {"name": "gpu", "addresses": ["0", "1", ...]} — device indices, which is
# what sparkctr binds ND4J to. Respects CUDA_VISIBLE_DEVICES / NVIDIA_VISIBLE_DEVICES when set.
set -euo pipefail
visible="${CUDA_VISIBLE_DEVICES:-}"
if [[ -n "$visible" && "$visible" != "all" ]]; then
  count=$(tr ',' '\n' <<< "$visible" | grep -c .)
else
  count=$(nvidia-smi --query-gpu=index --format=csv,noheader | grep -c .)
fi
addresses=""
for ((i = 0; i < count; i++)); do
  addresses+="${addresses:+,}\"$i\""
done
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
