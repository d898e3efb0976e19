#!/bin/sh
# Runs every benchmark of docs/performance.md and writes benchmarks/target/benchmarks.md.
# As root (items 3-5 build embedded labs). About 8 minutes. Arguments pick items: scripts/run-benchmarks.sh 1 2
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -pl benchmarks -am package -DskipTests -Dnetlabjunit.libraryTests.skip=true
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
    dev.netlabjunit.bench.AllBenchmarks "$@"
