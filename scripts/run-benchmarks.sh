#!/bin/sh
# Runs every benchmark of docs/performance.md and writes benchmarks/target/benchmarks.md.
# As root (items 3-8 build embedded labs). About 8 minutes. Arguments pick items: scripts/run-benchmarks.sh 1 2
# (6r: only the 5-router routed lab of item 6, about 1 minute).
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests -Dnetlabjunit.libraryTests.skip=true
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    dev.netlabjunit.bench.AllBenchmarks "$@"
