#!/usr/bin/env bash
# Installs what the build and the labs need on a fresh Debian/Ubuntu machine: a JDK 17+, Maven,
# iproute2 (the embedded engine), FRR (its routers) and ping (the example tests). Idempotent; installs only what is missing.
# Sourced by run-examples.sh and run-tests.sh; run it alone to prepare a machine.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v ping >/dev/null 2>&1 || need+=(iputils-ping)
command -v setsid >/dev/null 2>&1 || need+=(util-linux)
command -v sysctl >/dev/null 2>&1 || need+=(procps)
# FRR: the embedded engine runs it on routers whose topology uses the ospf or bgp module.
frr_missing=
command -v vtysh >/dev/null 2>&1 || { need+=(frr); frr_missing=1; }

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    sudo=sudo
  else
    sudo=
  fi
  echo "setup: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  if [ -n "$frr_missing" ]; then
    # Debian's postinst starts FRR on the host; labs start their own per node. Stop and disable the host's.
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      $sudo systemctl disable --now frr >/dev/null 2>&1 || true
    fi
    [ -x /usr/lib/frr/frrinit.sh ] && $sudo /usr/lib/frr/frrinit.sh stop >/dev/null 2>&1 || true
  fi
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: note: the embedded engine needs root (or the capabilities in docs/embedded-engine.md);"
  echo "       without it, lab tests are skipped with a reason."
fi

# Real netlab 26.03 for the tests that run the netlab engine against it (RealNetlabTest): installed from the
# vendored copy beside the repository, into target/ (never on PATH, so the examples keep the embedded engine).
# run-tests.sh passes it to Maven as -Dnetlabjunit.test.netlab; without it those tests are skipped.
netlab_installer="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/../shared/netlab/install.sh"
if [ -f "$netlab_installer" ]; then
  if NETLABJUNIT_TEST_NETLAB=$(bash "$netlab_installer" "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/real-netlab" | tail -n 1); then
    export NETLABJUNIT_TEST_NETLAB
  else
    unset NETLABJUNIT_TEST_NETLAB
    if [ "${CI:-}" = true ]; then
      # CI must judge the netlab engine against the real tool: a missing netlab is a failed run, not a skip.
      echo "setup: installing real netlab from $netlab_installer failed" >&2
      exit 1
    fi
    echo "setup: installing real netlab failed; the tests against it will be skipped" >&2
  fi
fi
