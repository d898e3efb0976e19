#!/usr/bin/env bash
# The whole test suite: every module against JUnit 6, then the extension and the examples against each older
# JUnit line users run (5.10, 5.12, 5.14), then the kill matrix's CI subset; fails if a lab of this run leaked.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

# Other builds may run labs on this host at the same time: the leak check below counts only namespaces whose
# owner process (a lab key names its owner's pid, docs/embedded-engine.md) belonged to this run. Every process
# of the run inherits this marker; a sampler notes their pids while they live.
export NETLABJUNIT_RUN_ID="run-$$-$(date +%s%N)"
run_dir=$(mktemp -d)
touch "$run_dir/ours" "$run_dir/seen"
(
  declare -A known=()
  while [ -d "$run_dir" ]; do
    # Only pids not seen before are read: a process's environment is what it was given when it started.
    fresh=()
    for proc in /proc/[0-9]*; do
      pid=${proc#/proc/}
      if [ -z "${known[$pid]:-}" ]; then
        known[$pid]=1
        fresh+=("$pid")
      fi
    done
    if [ ${#fresh[@]} -gt 0 ]; then
      printf '%s\n' "${fresh[@]}" >> "$run_dir/seen"
      files=("${fresh[@]/#//proc/}")
      { grep -lszxF "NETLABJUNIT_RUN_ID=$NETLABJUNIT_RUN_ID" "${files[@]/%//environ}" || true; } \
        | sed 's|^/proc/||; s|/.*||' >> "$run_dir/ours"
    fi
    sleep 1
  done
) &
sampler=$!
trap 'rm -rf "$run_dir"; kill "$sampler" 2>/dev/null || true' EXIT
before=$(ip netns list 2>/dev/null | awk '{print $1}' | sort || true)

# The tests against real netlab (RealNetlabTest, NetlabDifferentialTest, FrrDifferentialTest, MainTest's inspect)
# need its executable: setup.sh installs the vendored netlab and sets NETLABJUNIT_TEST_NETLAB; without it they
# are skipped with the reason.
mvn -B -ntp verify ${NETLABJUNIT_TEST_NETLAB:+"-Dnetlabjunit.test.netlab=$NETLABJUNIT_TEST_NETLAB"} "$@"
# The fixtures' tests do not touch JUnit's API: only the extension's and the examples' run on each line.
# Lines without launcher-session store scopes (5.10, 5.12) keep labs in the root context's store.
for junit in 5.10.5 5.12.2 5.14.4; do
  t0=$(date +%s)
  mvn -B -ntp verify -pl extension,example-tests -am -Djunit.version="$junit" \
    -Dnetlabjunit.fixtureTests.skip=true "$@"
  echo "run-tests: JUnit $junit: extension and examples in $(( $(date +%s) - t0 )) s"
done

# Surefire's XML report of an example class names the lab it ran against (docs/junit-extension.md).
report=example-tests/target/surefire-reports/TEST-com.example.network.AddressingTest.xml
if ! grep -q "report entry for com.example.network.AddressingTest: netlabjunit.lab=n" "$report"; then
  echo "run-tests: $report does not name the lab (netlabjunit.lab=...)" >&2
  exit 1
fi

# The kill matrix's representative subset (docs/reliability.md): real mvn builds and JVMs killed at each phase.
mvn -B -ntp verify -pl reliability -am -Dnetlabjunit.libraryTests.skip=true -Dreliability=subset "$@"

after=$(ip netns list 2>/dev/null | awk '{print $1}' | sort || true)
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
# The pid in a namespace nlj-<key>[-<node>], key n<pid base 36>x<4 chars>; empty when the name is not a lab's.
owner_of() {
  local key=${1#nlj-}
  key=${key%%-*}
  if [[ $1 == nlj-* && $key =~ ^n([0-9a-z]{1,6})x[0-9a-z]{4}$ ]]; then
    echo $(( 36#${BASH_REMATCH[1]} ))
  fi
}
# Only namespaces that appeared during the run can be leaks, and only those of this run's processes; an owner
# never seen at all (alive for less than a sample) counts as ours, so a missed sample never hides a leak. Ones
# that were there before and are now gone were orphans of an earlier run, removed by the sweep (which is its
# job), or labs of other builds that ended meanwhile.
leaked=""
foreign=""
for ns in $(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d'); do
  owner=$(owner_of "$ns")
  if [ -z "$owner" ]; then
    foreign+="$ns"$'\n'
  elif grep -qx "$owner" "$run_dir/ours" 2>/dev/null || ! grep -qx "$owner" "$run_dir/seen"; then
    leaked+="$ns"$'\n'
  else
    foreign+="$ns"$'\n'
  fi
done
swept=$(comm -23 <(echo "$before") <(echo "$after") | sed '/^$/d')
if [ -n "$swept" ]; then
  echo "run-tests: namespaces gone since the start (an earlier run's, swept; or other builds' labs that ended):" >&2
  echo "$swept" >&2
fi
if [ -n "$foreign" ]; then
  echo "run-tests: namespaces of other builds on this host (not judged):" >&2
  echo -n "$foreign" >&2
fi
if [ -n "$leaked" ]; then
  echo "run-tests: network namespaces leaked by the test run:" >&2
  echo -n "$leaked" >&2
  exit 1
fi
# FRR routers of embedded labs (docs/routing.md): no pathspace directory (nlj-<key>-<node>, named like the node's
# namespace) and no daemon of this run's labs may outlive them; other builds' are not judged.
frr_left=""
for dir in /var/run/frr/nlj-* /etc/frr/nlj-*; do
  [ -e "$dir" ] || continue
  owner=$(owner_of "$(basename "$dir")")
  if [ -n "$owner" ] && { grep -qx "$owner" "$run_dir/ours" 2>/dev/null || ! grep -qx "$owner" "$run_dir/seen"; }; then
    frr_left+="$dir"$'\n'
  fi
done
for pathspace in $(pgrep -a -f '^/usr/lib/frr/.* -N nlj-' | grep -o -- '-N nlj-[0-9a-z-]*' | sed 's/^-N //' | sort -u || true); do
  owner=$(owner_of "$pathspace")
  if [ -n "$owner" ] && { grep -qx "$owner" "$run_dir/ours" 2>/dev/null || ! grep -qx "$owner" "$run_dir/seen"; }; then
    frr_left+="FRR daemons of $pathspace"$'\n'
  fi
done
if [ -n "$frr_left" ]; then
  echo "run-tests: FRR left by the test run:" >&2
  echo -n "$frr_left" >&2
  exit 1
fi
echo "run-tests: no network namespace leaked"
