#!/bin/sh
# The fake `pulumi` of tests/automation/fakePulumi.ts, installed as <root>/bin/pulumi. POSIX sh, not
# Node: the deploy tests start it about 150 times, and a shell starts in a few milliseconds where
# Node takes 50 to 100 ms of CPU. fakePulumi.ts lays the script out for it under <root>/responses/.
root=${0%/*}/..

# Each call appends to calls.log: argc, the arguments, NAME=value for each variable that matters
# and is set, then an empty field. Every field ends in NUL, so any argument survives.
{
  printf '%s\0' "$#" "$@"
  [ "${PULUMI_BACKEND_URL+set}" ] && printf '%s\0' "PULUMI_BACKEND_URL=$PULUMI_BACKEND_URL"
  [ "${PULUMI_CONFIG_PASSPHRASE+set}" ] && printf '%s\0' "PULUMI_CONFIG_PASSPHRASE=$PULUMI_CONFIG_PASSPHRASE"
  [ "${PULUMI_AUTOMATION_API+set}" ] && printf '%s\0' "PULUMI_AUTOMATION_API=$PULUMI_AUTOMATION_API"
  [ "${PULUMI_SKIP_UPDATE_CHECK+set}" ] && printf '%s\0' "PULUMI_SKIP_UPDATE_CHECK=$PULUMI_SKIP_UPDATE_CHECK"
  printf '\0'
} >> "$root/calls.log"

# responses/<command>/ ("stack select" is stack_select): count, and for response i (0-based)
# i.stdout, i.stderr, i.exit, i.events (event-log lines) and i.stdout.show-secrets, each optional.
# A command without a directory prints nothing and succeeds.
if [ "$1" = stack ]; then key="stack_$2"; else key=$1; fi
dir=$root/responses/$key
[ -d "$dir" ] || exit 0

# Successive calls get successive responses; the last one repeats.
served=0
[ -f "$dir/served" ] && read -r served < "$dir/served"
echo $((served + 1)) > "$dir/served"
read -r count < "$dir/count"
i=$((served < count - 1 ? served : count - 1))

# Prints a file as it is, with the shell's own read instead of starting cat (each process started
# costs several milliseconds).
print_file() {
  while IFS= read -r line; do printf '%s\n' "$line"; done < "$1"
  printf '%s' "$line"
}

event_log='' show_secrets='' prev=''
for arg; do
  [ "$prev" = --event-log ] && event_log=$arg
  [ "$arg" = --show-secrets ] && show_secrets=.show-secrets
  prev=$arg
done

# The Automation API starts tailing the event log as it starts the command, and a command that
# exits before the tail's first poll has run loses its events: the tail's final read then takes
# that first poll's "nothing new" as its own. A real CLI runs for seconds; the fake stays 0.1 s
# (about what a Node start took), which costs no CPU.
if [ -n "$event_log" ]; then
  if [ -f "$dir/$i.events" ]; then print_file "$dir/$i.events" >> "$event_log"; fi
  /bin/sleep 0.1
fi
if [ -f "$dir/$i.stdout$show_secrets" ]; then print_file "$dir/$i.stdout$show_secrets"
elif [ -f "$dir/$i.stdout" ]; then print_file "$dir/$i.stdout"; fi
if [ -f "$dir/$i.stderr" ]; then print_file "$dir/$i.stderr" >&2; fi
code=0
[ -f "$dir/$i.exit" ] && read -r code < "$dir/$i.exit"
exit "$code"
