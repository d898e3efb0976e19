#!/usr/bin/env bash
# The whole test suite: every module against JUnit 6, then the extension and the examples against JUnit 5.14,
# then the kill matrix's CI subset.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
before=$(ip netns list 2>/dev/null | sort || true)

mvn -B -ntp verify "$@"
mvn -B -ntp -Pjunit5 verify -pl extension,example-tests -am -Dnetlabjunit.fixtureTests.skip=true "$@"
# The kill matrix's representative subset (docs/reliability.md): real mvn builds and JVMs killed at each phase.
mvn -B -ntp verify -pl reliability -am -Dnetlabjunit.libraryTests.skip=true -Dreliability=subset "$@"

after=$(ip netns list 2>/dev/null | sort || true)
if [ "$before" != "$after" ]; then
  echo "run-tests: network namespaces leaked by the test run:" >&2
  diff <(echo "$before") <(echo "$after") >&2 || true
  exit 1
fi
echo "run-tests: no network namespace leaked"
