#!/usr/bin/env bash
# Runs the JMH benchmarks (docs/benchmarks.md, "JMH suite").
#
#   lab/jmh.sh [module ...] [-- jmh-arguments ...]
#
# module          a module directory with benchmarks in its test sources (package *.bench);
#                 default: every module that has some
# jmh-arguments   passed to org.openjdk.jmh.Main, e.g. -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -rf json -rff out.json,
#                 and/or a regex of benchmark names (LearningPath, 'Codec.decode'); -h lists JMH's options
#
# Builds the modules and what they need (mvn package -DskipTests: tests compile, the JMH generator runs, no test
# runs), then runs JMH on each module's test classpath from the repository root, one module after the other.
# A module none of whose benchmarks match the given regexes is skipped. The directory of the -rff file is created;
# with several modules the file gets the module's name before its extension (out.json -> out-southbound.json).
# Environment: MVN_FLAGS (default "-q -B -ntp"; add -o to stay offline), JAVA (default java).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java="${JAVA:-java}"
read -r -a mvn_flags <<< "${MVN_FLAGS:--q -B -ntp}"

say() { printf 'lab/jmh.sh: %s\n' "$*" >&2; }
usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# modules whose test sources hold @Benchmark methods
with_benchmarks() {
    (cd "$root" && grep -rlE --include='*.java' '@Benchmark([^A-Za-z]|$)' -- */src/test/java 2>/dev/null \
        | cut -d/ -f1 | sort -u)
}

modules=()
jmh_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --) shift; jmh_args=("$@"); break ;;
        -h|--help) usage; exit 0 ;;
        -*) say "unknown option $1 (JMH arguments go after --)"; usage >&2; exit 2 ;;
        *) modules+=("${1%/}"); shift ;;
    esac
done

available=($(with_benchmarks))
if [[ ${#available[@]} -eq 0 ]]; then
    say "no module has benchmarks"
    exit 1
fi
if [[ ${#modules[@]} -eq 0 ]]; then
    modules=("${available[@]}")
fi
for m in "${modules[@]}"; do
    if [[ ! " ${available[*]} " =~ " $m " ]]; then
        say "module '$m' has no benchmarks (modules with benchmarks: ${available[*]})"
        exit 2
    fi
done

# 1. build: one reactor run, so each module's classpath points at what was just built
list="$(IFS=,; echo "${modules[*]}")"
say "building $list (mvn package -DskipTests)..."
(cd "$root" && mvn "${mvn_flags[@]}" -pl "$list" -am package -DskipTests \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/jmh.classpath)

# 2. run
status=0
for m in "${modules[@]}"; do
    cp="$root/$m/target/test-classes:$root/$m/target/classes:$(cat "$root/$m/target/jmh.classpath")"
    args=()
    for ((i = 0; i < ${#jmh_args[@]}; i++)); do
        a="${jmh_args[i]}"
        args+=("$a")
        if [[ "$a" == "-rff" && $((i + 1)) -lt ${#jmh_args[@]} ]]; then
            f="${jmh_args[i + 1]}"
            dir="$(dirname "$f")"; base="$(basename "$f")"
            if [[ ${#modules[@]} -gt 1 ]]; then
                if [[ "$base" == *.* ]]; then base="${base%.*}-$m.${base##*.}"; else base="$base-$m"; fi
            fi
            (cd "$root" && mkdir -p "$dir")  # JMH would lose the results at the end of the run
            args+=("$([[ "$dir" == "." && "$f" != ./* ]] && echo "$base" || echo "$dir/$base")")
            i=$((i + 1))
        fi
    done
    # skip a module where the given regexes select nothing (JMH would fail)
    if ! (cd "$root" && "$java" -cp "$cp" org.openjdk.jmh.Main "${args[@]}" -l 2>/dev/null) \
            | grep -q "^io\.skylane\."; then
        say "$m: no benchmark matches, skipped"
        continue
    fi
    say "$m: $java -cp <$m test classpath> org.openjdk.jmh.Main ${args[*]}"
    (cd "$root" && "$java" -cp "$cp" org.openjdk.jmh.Main "${args[@]}") || status=$?
done
exit "$status"
