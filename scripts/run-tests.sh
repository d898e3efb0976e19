#!/usr/bin/env bash
# The whole test suite: every module against JUnit 6, then the extension and the examples against JUnit 5.14,
# then the kill matrix's CI subset.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
before=$(ip netns list 2>/dev/null | awk '{print $1}' | sort || true)

mvn -B -ntp verify ${NETLABJUNIT_TEST_NETLAB:+"-Dnetlabjunit.test.netlab=$NETLABJUNIT_TEST_NETLAB"} "$@"
mvn -B -ntp -Pjunit5 verify -pl extension,example-tests -am -Dnetlabjunit.fixtureTests.skip=true "$@"

# Surefire's XML report of an example class names the lab it ran against (docs/junit-extension.md).
report=example-tests/target/surefire-reports/TEST-com.example.network.AddressingTest.xml
if ! grep -q "report entry for com.example.network.AddressingTest: netlabjunit.lab=n" "$report"; then
  echo "run-tests: $report does not name the lab (netlabjunit.lab=...)" >&2
  exit 1
fi

# The kill matrix's representative subset (docs/reliability.md): real mvn builds and JVMs killed at each phase.
mvn -B -ntp verify -pl reliability -am -Dnetlabjunit.libraryTests.skip=true -Dreliability=subset "$@"

after=$(ip netns list 2>/dev/null | awk '{print $1}' | sort || true)
# Only namespaces that appeared during the run are leaks; ones that were there before and are now gone were
# orphans of an earlier run, removed by the sweep (which is its job).
leaked=$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')
swept=$(comm -23 <(echo "$before") <(echo "$after") | sed '/^$/d')
if [ -n "$swept" ]; then
  echo "run-tests: namespaces left by an earlier run were swept:" >&2
  echo "$swept" >&2
fi
if [ -n "$leaked" ]; then
  echo "run-tests: network namespaces leaked by the test run:" >&2
  echo "$leaked" >&2
  exit 1
fi
echo "run-tests: no network namespace leaked"
