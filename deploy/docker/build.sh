#!/usr/bin/env bash
# Build a sparkctr image with an immutable tag and OCI labels, from the repository root's build output:
#   mvn -B -DskipTests package            then  deploy/docker/build.sh [--dry-run]
#   mvn -B -Pcuda -DskipTests package     then  deploy/docker/build.sh [--dry-run] --gpu
# Tag: ${SPARKCTR_REGISTRY}sparkctr:<project version>-<commit>[-cuda], e.g.
#   SPARKCTR_REGISTRY=registry.example.com/ml/ deploy/docker/build.sh   ->  registry.example.com/ml/sparkctr:0.1.0-3f2c9a1b7d4e
# Labels: org.opencontainers.image.version, .revision (the full commit), .source (SPARKCTR_SOURCE or git's
# origin URL), .created (now, UTC). A tag names exactly one build: a working tree with uncommitted changes
# is refused, and the registry should refuse to overwrite a tag (ECR/Artifact Registry tag immutability).
# --dry-run prints the docker command (no checks on the tree).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=../common/submit-common.sh
source "$ROOT/deploy/common/submit-common.sh"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=true; shift ;;
    --gpu) GPU=true; shift ;;
    *) echo "usage: $0 [--dry-run] [--gpu]" >&2; exit 2 ;;
  esac
done

if $GPU; then
  DOCKERFILE="deploy/docker/Dockerfile.cuda"; TAG="$(image_tag cuda)"
else
  DOCKERFILE="deploy/docker/Dockerfile.cpu"; TAG="$(image_tag)"
fi
VERSION="$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$ROOT/pom.xml" | head -n 1)"
REVISION="${SPARKCTR_REVISION:-$(git -C "$ROOT" rev-parse HEAD)}"
SOURCE="${SPARKCTR_SOURCE:-$(git -C "$ROOT" config --get remote.origin.url 2>/dev/null || echo unknown)}"
if ! $DRY_RUN && [[ -z "${SPARKCTR_REVISION:-}" ]] && [[ -n "$(git -C "$ROOT" status --porcelain)" ]]; then
  echo "Refusing to tag $TAG: the working tree has uncommitted changes (commit first)" >&2
  exit 2
fi

CMD=(docker build -f "$ROOT/$DOCKERFILE"
  --build-arg "VERSION=$VERSION"
  --build-arg "REVISION=$REVISION"
  --build-arg "SOURCE=$SOURCE"
  --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  -t "${SPARKCTR_REGISTRY:-}sparkctr:$TAG"
  "$ROOT")
run_or_print "${CMD[@]}"
