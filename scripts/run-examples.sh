#!/usr/bin/env bash
# The main job: builds the library and runs the example tests (Surefire and Failsafe) against a real lab.
# netlab is used when installed; otherwise the embedded engine runs the lab as network namespaces (root).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
exec mvn -B -ntp verify -pl example-tests -am -Dnetlabjunit.libraryTests.skip=true "$@"
