# Shared by ./meridian, scripts/test and the examples: finds a JDK 21+ and Maven 3.8+.
# Source it, then call meridian_find_jdk (prints a JAVA_HOME) or meridian_find_maven (prints the mvn path);
# meridian_start_cache_opts prints the JVM options of the start-up cache (below).

# Prints the feature version of a java binary (8 for 1.8.0_292, 17 for 17.0.15, 25 for 25).
# The JDK's release file answers without starting a JVM (about 0.1 s saved on every launch); java -version otherwise.
meridian_java_version() {
  local v="" release
  release="$(dirname "$(dirname "$1")")/release"
  [ -f "$release" ] && v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)"
  [ -n "$v" ] || v="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  case "$v" in
    1.*) v="${v#1.}"; echo "${v%%.*}" ;;
    "") echo 0 ;;
    *) v="${v%%[.+-]*}"; echo "${v:-0}" ;;
  esac
}

# JAVA_HOME if it is 21+, then java on the PATH if it is 21+, then the newest 21+ in the usual JDK folders.
meridian_is_jdk21() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(meridian_java_version "$1/bin/java")" -ge 21 ] 2>/dev/null
}

meridian_find_jdk() {
  local c best="" best_v=0 v
  if [ -n "${JAVA_HOME:-}" ] && meridian_is_jdk21 "$JAVA_HOME"; then echo "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    c="$(readlink -f "$(command -v java)")"; c="${c%/bin/java}"
    if meridian_is_jdk21 "$c"; then echo "$c"; return 0; fi
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
           "$HOME"/.sdkman/candidates/java/*; do
    meridian_is_jdk21 "$c" || continue
    v="$(meridian_java_version "$c/bin/java")"
    if [ "$v" -gt "$best_v" ]; then best="$c"; best_v="$v"; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  cat >&2 <<'MSG'
Meridian needs a JDK 21 or newer, and none was found (checked JAVA_HOME, java on the PATH, /usr/lib/jvm,
/opt/java, /Library/Java/JavaVirtualMachines and ~/.sdkman). Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk      (or Eclipse Temurin 21+ from adoptium.net)
  macOS:          brew install openjdk@21
or point JAVA_HOME at an installed JDK 21+.
MSG
  return 3
}

meridian_find_maven() {
  local mvn v major minor
  mvn="$(command -v mvn 2>/dev/null || true)"
  if [ -z "$mvn" ]; then
    cat >&2 <<'MSG'
Meridian builds with Maven 3.8 or newer, and 'mvn' is not on the PATH. Install it, for example:
  Debian/Ubuntu:  sudo apt-get install maven
  macOS:          brew install maven
MSG
    return 3
  fi
  v="$("$mvn" -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9][0-9.]*\).*/\1/p' | head -n 1)"
  major="${v%%.*}"; minor="${v#*.}"; minor="${minor%%.*}"
  if [ -z "$v" ] || [ "$major" -lt 3 ] || { [ "$major" -eq 3 ] && [ "$minor" -lt 8 ]; }; then
    echo "Meridian needs Maven 3.8 or newer; found '${v:-unknown}' at $mvn." >&2
    return 3
  fi
  echo "$mvn"
}

# ---- The start-up cache ------------------------------------------------------------------------------------------
# A fresh JVM spends most of its first seconds loading, linking and interpreting classes. JDK 25+ keeps all of that,
# plus the method profiles of a training run, in an ahead-of-time cache (JEP 483/514/515): the cache is trained once
# per build by `meridian aot-training` (a pipeline run, a server, a worker and 20,000 jobs in one JVM, 15-90 s) and
# stored next to the jar. JDK 21-24 get a dynamic class-data-sharing archive instead, which the JVM writes at the
# first exit and checks against the jars itself. MERIDIAN_AOT=off turns both off.

# Prints what the cache depends on: the JDK, the classpath, and each jar's size and modification time.
meridian_cache_stamp() {
  local java_home="$1" cp="$2" jar
  printf '%s %s' "$java_home" "$(sed -n 's/^JAVA_RUNTIME_VERSION="\([^"]*\)".*/\1/p' "$java_home/release" 2>/dev/null)"
  for jar in ${cp//:/ }; do printf ' %s:%s' "$jar" "$(stat -c '%s.%Y' "$jar" 2>/dev/null || stat -f '%z.%m' "$jar")"; done
  echo
}

# Trains the AOT cache FILE for classpath CP (JDK 25+); on failure leaves a note so that later launches do not retry.
meridian_train_aot() {
  local java_home="$1" cp="$2" file="$3" want="$4" log="$5" tmp
  tmp="$(mktemp -d)"
  echo "Training the JVM start-up cache for this build (once per build, up to a minute or two; log: $log)..." >&2
  # The run makes its own server, token and stores: settings meant for real commands (MERIDIAN_* variables, a
  # meridian.yaml in the current directory) must not reach it, so it runs in an empty directory without them.
  local unset_meridian
  unset_meridian="$(env | sed -n 's/^\(MERIDIAN_[A-Za-z0-9_]*\)=.*/-u \1/p' | tr '\n' ' ')"
  # shellcheck disable=SC2086
  if (cd "$tmp" && env $unset_meridian "$java_home/bin/java" --enable-native-access=ALL-UNNAMED \
      -XX:+ExitOnOutOfMemoryError -XX:AOTCacheOutput="$tmp/cache.aot" -cp "$cp" io.meridian.cli.Main aot-training \
      --data-dir "$tmp/data") >"$log" 2>&1 && [ -s "$tmp/cache.aot" ]; then
    mv -f "$tmp/cache.aot" "$file"
    echo "$want" >"$file.stamp"
  else
    echo "The start-up cache could not be trained (see $log); Meridian runs without it." >&2
    rm -f "$file"
    echo "failed $want" >"$file.stamp"
  fi
  rm -rf "$tmp"
}

# Prints the JVM options that start java_home's JVM on classpath CP from a cache named PREFIX.aot (JDK 25+) or
# PREFIX-jdkN.jsa (JDK 21-24), training the AOT cache first when it is missing or older than the jars.
meridian_start_cache_opts() {
  local java_home="$1" cp="$2" prefix="$3" v want file="$3.aot"
  [ "${MERIDIAN_AOT:-on}" = "off" ] && return 0
  [ -w "$(dirname "$file")" ] || return 0 # a read-only installation runs without it
  v="$(meridian_java_version "$java_home/bin/java")"
  if [ "$v" -lt 25 ]; then
    echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$prefix-jdk$v.jsa -Xlog:cds*=off"
    return 0
  fi
  want="$(meridian_cache_stamp "$java_home" "$cp")"
  if [ ! -f "$file" ] || [ "$(cat "$file.stamp" 2>/dev/null)" != "$want" ]; then
    [ "$(cat "$file.stamp" 2>/dev/null)" = "failed $want" ] && return 0
    # Launchers started together (a server and its workers) wait for one training instead of each running one.
    exec 9>"$file.lock"
    command -v flock >/dev/null 2>&1 && flock 9
    if [ ! -f "$file" ] || [ "$(cat "$file.stamp" 2>/dev/null)" != "$want" ]; then
      meridian_train_aot "$java_home" "$cp" "$file" "$want" "$(dirname "$file")/aot-training.log"
    fi
    exec 9>&-
  fi
  # The cache only saves time: where it cannot be used (MERIDIAN_JAVA_OPTS picks another GC, say) the JVM would
  # print its warnings on stdout, into the command's output. -Xlog:aot=info in MERIDIAN_JAVA_OPTS shows them again.
  [ -f "$file" ] && echo "-XX:AOTCache=$file -Xlog:aot*=off -Xlog:cds*=off"
  return 0
}

# ---- SQLite's native library --------------------------------------------------------------------------------------
# The SQLite driver carries its native library inside the jar and, by default, copies it to a new file in the temp
# directory on every start (and compares it byte by byte with the original): about a tenth of a server's start-up on
# a quiet machine. The launcher copies it once per build, next to the jar, and points the driver at that copy. A
# platform this does not recognise, or a copy that does not load, gets the driver's own extraction as before.

# Prints the folder and name of this machine's library inside the driver's jar (org/sqlite/native/...), or nothing.
meridian_sqlite_native_entry() {
  local os arch
  case "$(uname -s)" in
    Linux) os=Linux; if ls /lib/ld-musl-* >/dev/null 2>&1; then os=Linux-Musl; fi ;;
    Darwin) os=Mac ;;
    *) return 0 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) return 0 ;;
  esac
  [ "$os" = Mac ] && echo "org/sqlite/native/$os/$arch/libsqlitejdbc.dylib" && return 0
  echo "org/sqlite/native/$os/$arch/libsqlitejdbc.so"
}

# Prints the JVM option that loads SQLite's library from DIR (copied there from JAR when missing or older).
meridian_sqlite_native_opts() {
  local jar="$1" dir="$2" entry lib
  [ "${MERIDIAN_SQLITE_NATIVE:-on}" = "off" ] && return 0
  command -v unzip >/dev/null 2>&1 || return 0
  entry="$(meridian_sqlite_native_entry)"
  [ -n "$entry" ] || return 0
  lib="$dir/${entry##*/}"
  if [ ! -s "$lib" ] || [ "$lib" -ot "$jar" ]; then
    mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
    unzip -p "$jar" "$entry" >"$lib.$$" 2>/dev/null && [ -s "$lib.$$" ] && mv -f "$lib.$$" "$lib" || { rm -f "$lib.$$"; return 0; }
  fi
  echo "-Dorg.sqlite.lib.path=$dir"
}
