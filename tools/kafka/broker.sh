#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft) on 127.0.0.1 for tests and development.
#   tools/kafka/broker.sh start    fetch the jars once (Maven Central), format, start, wait
#   tools/kafka/broker.sh stop     stop the broker this script started (by its process id)
#   tools/kafka/broker.sh status
# KAFKA_PORT (19092) and KAFKA_CONTROLLER_PORT (19093) move it; state lives in .kafka/, or in
# KAFKA_HOME for a second broker (the fault tests stop and restart one of their own).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
home="${KAFKA_HOME:-$root/.kafka}"
# The jars are shared by every broker of this checkout.
lib="$root/.kafka/lib"
data="$home/data"
pidfile="$home/broker.pid"
log="$home/broker.log"
port="${KAFKA_PORT:-19092}"
controller="${KAFKA_CONTROLLER_PORT:-19093}"
java_opts=(-Xms256m -Xmx512m -Dlog4j2.configurationFile="$root/tools/kafka/log4j2.properties")

running() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

fetch() {
  if [[ ! -f "$lib/.complete" ]]; then
    echo "fetching Kafka's jars from Maven Central into $lib"
    mvn -q -f "$root/tools/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib"
    touch "$lib/.complete"
  fi
}

configure() {
  mkdir -p "$data"
  cat > "$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
PROPS
  if [[ ! -f "$data/meta.properties" ]]; then
    local id
    id="$(java -cp "$lib/*" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)"
    java -cp "$lib/*" "${java_opts[@]}" kafka.tools.StorageTool format --standalone \
      -t "$id" -c "$home/server.properties" >/dev/null
  fi
}

start() {
  if running; then echo "Kafka already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return; fi
  mkdir -p "$home"
  fetch
  configure
  : > "$log"
  nohup java -cp "$lib/*" "${java_opts[@]}" kafka.Kafka "$home/server.properties" >>"$log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 120); do
    if grep -q "Kafka Server started" "$log"; then
      echo "Kafka started (pid $(cat "$pidfile")) on 127.0.0.1:$port"
      return
    fi
    if ! running; then echo "Kafka exited; the end of $log:"; tail -n 30 "$log"; exit 1; fi
    sleep 1
  done
  echo "Kafka did not start within 120 s; the end of $log:"; tail -n 30 "$log"; exit 1
}

stop() {
  if ! running; then echo "Kafka is not running"; rm -f "$pidfile"; return; fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "Kafka stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else echo "stopped"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status"; exit 2 ;;
esac
