# Sourced by the other scripts: finds a JDK >= 21 and exports JAVA_HOME and PATH.
# Order: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*. Fails with a clear message if none fits.
_refugium_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
_refugium_find_jdk() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in /usr/lib/jvm/*; do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ]; then
      local major; major=$(_refugium_java_major "$c/bin/java")
      if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
    fi
  done
  return 1
}
if ! REFUGIUM_JDK=$(_refugium_find_jdk); then
  echo "refugium: no JDK 21 or newer found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "refugium: install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME="$REFUGIUM_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# JVM flags every command needs: DJL must never try the network; PyTorch natives need native access on Java 22+;
# Lucene uses the Vector API (SIMD) when the incubator module is readable.
# One PyTorch intra-op thread per request (REFUGIUM_TORCH_THREADS overrides): on a shared or busy host DJL's default
# of 2 busy-waiting OpenMP threads made the forward pass vary from 21 to 700 ms; concurrency comes from requests instead.
REFUGIUM_JVM_FLAGS=(--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true --add-modules jdk.incubator.vector
  "-Dai.djl.pytorch.num_threads=${REFUGIUM_TORCH_THREADS:-1}" "-Dai.djl.pytorch.num_interop_threads=1")
# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which Java 24+ warns about on every build: allow it quietly.
if [ "$(_refugium_java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null; then
  case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
fi
