#!/usr/bin/env bash
# camel-mta and Postfix side by side, on this machine, against the same SMTP sinks.
#
# Sets up a private Postfix instance under a temporary directory (loopback only, its own
# queue, normal fsync), starts Postfix's smtp-sink on 127.0.0.2..(1+SINKS), then:
#   1. injects MESSAGES messages of SIZE octets over SMTP into Postfix (smtp-source, to
#      DOMAINS domains routed statically to the sinks) and times it until all are delivered;
#   2. fills Postfix's queue with as many again while its smtp transport is deferred
#      (defer_transports), then releases it and times the drain;
#   3. runs `camel-mta bench` against the same sinks with the same routes, mix and count, both
#      ways (submitting while delivering, and --prefill: queue filled first, then drained).
# Prints the rates and their ratios. Needs root (to install and run Postfix) and the built jar.
#
# Usage: [WARMUP=N] [BENCH_ARGS="..."] src/bench/postfix-side-by-side.sh [MESSAGES] [DOMAINS] [SIZE]
# BENCH_ARGS go to both bench runs, e.g. BENCH_ARGS="-p 16 -D mta.submit.deliver-directly=true".
set -euo pipefail
cd "$(dirname "$0")/../.."

MESSAGES=${1:-20000}
DOMAINS=${2:-20}
SIZE=${3:-5120}
SINKS=$DOMAINS
PORT=${SINK_PORT:-2599}
SMTPD_PORT=${POSTFIX_PORT:-2598}
JAR=target/camel-mta.jar
# camel-mta's JIT reaches full speed after about 20,000 messages on 2 cores; Postfix needs no warm-up
WARMUP=${WARMUP:-20000}
read -r -a BENCH_EXTRA <<< "${BENCH_ARGS:-}"

[ -f "$JAR" ] || { echo "build the jar first: mvn -B package -DskipTests" >&2; exit 1; }
if ! command -v smtp-sink >/dev/null || ! [ -x /usr/sbin/postfix ]; then
  echo "installing Postfix (Debian package, without configuring a system instance)" >&2
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi
# camel-mta's broker journal runs on Linux AIO when libaio is there (docs/operations.md)
if ! ldconfig -p | grep 'libaio\.so\.1 ' >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libaio1 >/dev/null
fi

W=$(mktemp -d /tmp/postfix-bench.XXXXXX)
chmod 755 "$W"
pids=()
cleanup() {
  /usr/sbin/postfix -c "$W/conf" stop >/dev/null 2>&1 || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$W"
}
trap cleanup EXIT

# --- the sinks: Postfix's own smtp-sink, one per loopback address, counting what it accepts
for i in $(seq 2 $((SINKS + 1))); do
  smtp-sink -c -u postfix -R /tmp 127.0.0.$i:$PORT 1000 > "$W/sink-$i.out" 2>&1 &
  pids+=($!)
done
sleep 1

count_sinks() { # a counter (mesg by default, or sess) as each smtp-sink last printed it ("sess=N quit=N mesg=N"), summed
  local counter=${1:-mesg} total=0 n
  for f in "$W"/sink-*.out; do
    n=$(tr '\r' '\n' < "$f" | grep -oE "$counter=[0-9]+" | tail -n 1 | cut -d= -f2 || true)
    total=$((total + ${n:-0}))
  done
  echo "$total"
}

# --- a private Postfix instance on 127.0.0.1:$SMTPD_PORT, relaying the test domains to the sinks
mkdir -p "$W/conf" "$W/queue" "$W/data"
chown postfix "$W/data"
: > "$W/conf/transport"
for d in $(seq 0 $((DOMAINS - 1))); do
  echo "bench-$d.example smtp:[127.0.0.$((2 + d % SINKS))]:$PORT" >> "$W/conf/transport"
done
cat > "$W/conf/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $W/queue
data_directory = $W/data
myhostname = postfix-bench.invalid
mydestination =
alias_maps =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
transport_maps = hash:$W/conf/transport
maillog_file_prefixes = /tmp
maillog_file = $W/maillog
CF
sed -E "s/^smtp +inet/127.0.0.1:$SMTPD_PORT inet/" /etc/postfix/master.cf > "$W/conf/master.cf"
postmap -c "$W/conf" "$W/conf/transport"
/usr/sbin/postfix -c "$W/conf" check >/dev/null 2>&1 || true
/usr/sbin/postfix -c "$W/conf" start
sleep 2

inject() { # MESSAGES messages over SMTP, spread over the domains; returns when all are accepted
  local sources=() d
  for d in $(seq 0 $((DOMAINS - 1))); do
    smtp-source -s 2 -l "$SIZE" -m "$per" -f bench@postfix-bench.invalid -t "m@bench-$d.example" \
      127.0.0.1:$SMTPD_PORT &
    sources+=($!)
  done
  wait "${sources[@]}" 2>/dev/null || true
}

await_sinks() { # until the sinks have counted $1 messages in all (or 10 minutes have passed)
  local deadline=$(( $(date +%s) + 600 ))
  while [ "$(count_sinks)" -lt "$1" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
}

queued() { # messages in the private Postfix's queue
  find "$W/queue/incoming" "$W/queue/active" "$W/queue/deferred" -type f 2>/dev/null | wc -l
}

per=$((MESSAGES / DOMAINS))
target=$((per * DOMAINS))

echo "== Postfix: $MESSAGES messages of $SIZE octets to $DOMAINS domains, injected over SMTP while delivering"
start=$(date +%s.%N)
inject &
injecting=$!
await_sinks "$target"
end=$(date +%s.%N)
wait "$injecting" 2>/dev/null || true
postfix_delivered=$(count_sinks)
postfix_rate=$(echo "$postfix_delivered / ($end - $start)" | bc -l)
postfix_sessions=$(count_sinks sess)
printf 'Postfix: %d delivered in %.1f s: %.0f msgs/s, %d connections to the sinks (%.1f messages each)\n' \
  "$postfix_delivered" "$(echo "$end - $start" | bc -l)" "$postfix_rate" "$postfix_sessions" \
  "$(echo "$postfix_delivered / $postfix_sessions" | bc -l)"

echo "== Postfix: the same again, queued first with its smtp transport deferred, then drained"
postconf -c "$W/conf" -e defer_transports=smtp
/usr/sbin/postfix -c "$W/conf" reload >/dev/null 2>&1
inject
deadline=$(( $(date +%s) + 600 ))
while [ "$(queued)" -lt "$target" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
before_drain=$(count_sinks)
echo "Postfix: $(queued) messages queued, $((before_drain - postfix_delivered)) delivered meanwhile; draining"
postconf -c "$W/conf" -e defer_transports=
/usr/sbin/postfix -c "$W/conf" reload >/dev/null 2>&1
start=$(date +%s.%N)
postqueue -c "$W/conf" -f
await_sinks $((before_drain + target))
end=$(date +%s.%N)
postfix_drained=$(( $(count_sinks) - before_drain ))
postfix_drain_rate=$(echo "$postfix_drained / ($end - $start)" | bc -l)
printf 'Postfix: %d drained in %.1f s: %.0f msgs/s\n' "$postfix_drained" "$(echo "$end - $start" | bc -l)" \
  "$postfix_drain_rate"
/usr/sbin/postfix -c "$W/conf" stop >/dev/null 2>&1 || true
postfix_total=$(count_sinks)
postfix_total_sessions=$(count_sinks sess)

echo "== camel-mta: the same mix, same sinks, submitted over JMS while delivering (bench, after warm-up)"
java -Djava.library.path=target/native -jar "$JAR" bench --no-progress --messages "$target" --domains "$DOMAINS" --sinks "$SINKS" \
  --size "$SIZE" --warmup "$WARMUP" --external-sinks "$PORT" --static-routes ${BENCH_EXTRA[@]+"${BENCH_EXTRA[@]}"} --json > "$W/camel-mta.json"
cat "$W/camel-mta.json"
camel_messages=$(( $(count_sinks) - postfix_total )) # the bench's warm-up included
camel_sessions=$(( $(count_sinks sess) - postfix_total_sessions ))
printf 'camel-mta: %d connections to the sinks (%.1f messages each, warm-up included)\n' "$camel_sessions" \
  "$(echo "$camel_messages / $camel_sessions" | bc -l)"

echo "== camel-mta: the same, queued first (submit route stopped), then drained (bench --prefill)"
java -Djava.library.path=target/native -jar "$JAR" bench --no-progress --messages "$target" --domains "$DOMAINS" --sinks "$SINKS" \
  --size "$SIZE" --warmup "$WARMUP" --external-sinks "$PORT" --static-routes --prefill ${BENCH_EXTRA[@]+"${BENCH_EXTRA[@]}"} --json > "$W/camel-mta-drain.json"
cat "$W/camel-mta-drain.json"

rate() { grep '"deliveryRate"' "$1" | grep -oE '[0-9.]+'; }
camel_rate=$(rate "$W/camel-mta.json")
camel_drain_rate=$(rate "$W/camel-mta-drain.json")
printf 'while submitting: camel-mta %.0f msgs/s, Postfix %.0f msgs/s, ratio camel-mta/Postfix %.2f\n' \
  "$camel_rate" "$postfix_rate" "$(echo "$camel_rate / $postfix_rate" | bc -l)"
printf 'draining a full queue: camel-mta %.0f msgs/s, Postfix %.0f msgs/s, ratio camel-mta/Postfix %.2f\n' \
  "$camel_drain_rate" "$postfix_drain_rate" "$(echo "$camel_drain_rate / $postfix_drain_rate" | bc -l)"
