# Shared by ./meridian, scripts/test and the examples: finds a JDK 21+ and Maven 3.8+.
# Source it, then call meridian_find_jdk (prints a JAVA_HOME) or meridian_find_maven (prints the mvn path).

# Prints the feature version of a java binary (8 for 1.8.0_292, 17 for 17.0.15, 25 for 25).
meridian_java_version() {
  local v
  v="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
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
