/**
 * Killing an exec's whole process tree from another exec (the Docker API has no exec kill).
 *
 * Every exec the adapter starts carries a unique marker in its environment (`WHARF_EXEC_ID=<uuid>`),
 * inherited by all its descendants, including ones that detach with setsid or are re-parented to the
 * container's init. The killer (bash, builtins only, so it still works when a fork bomb has used up
 * the pids limit) signals every process carrying the marker and every process in a session of a marked
 * process (which catches children that cleared their environment). Measured here (runc 1.1): each exec
 * is its own session leader (sid == pid, ppid 0), so a marked process's session is always one of ours,
 * never the container's main session. With SIGKILL it repeats until no marked process is left (forks in
 * flight during one pass are caught by the next).
 */
export const EXEC_MARKER_ENV = 'WHARF_EXEC_ID';

// A plain template literal: every shell `${` is escaped, and the script has no backslashes.
const KILL_SCRIPT = `
exec 2>/dev/null
marker=$1 sig=$2 rounds=1
[[ $sig == KILL ]] && rounds=50
IFS= read -r st < /proc/1/stat; f=(\${st##*) }); initsid=\${f[3]}
for ((round = 0; round < rounds; round++)); do
  declare -A sids=()
  victims=()
  for d in /proc/[0-9]*; do
    p=\${d#/proc/}
    [[ $p == "$$" ]] && continue
    while IFS= read -r -d '' e; do
      if [[ $e == "$marker" ]]; then
        victims+=("$p")
        IFS= read -r st < "$d/stat" && f=(\${st##*) }) && [[ -n \${f[3]} ]] && sids[\${f[3]}]=1
        break
      fi
    done < "$d/environ"
  done
  unset "sids[$$]" "sids[$initsid]" "sids[0]"
  if ((\${#sids[@]})); then
    for d in /proc/[0-9]*; do
      p=\${d#/proc/}
      [[ $p == "$$" ]] && continue
      IFS= read -r st < "$d/stat" && f=(\${st##*) }) && [[ -n \${f[3]} && -n \${sids[\${f[3]}]} ]] && victims+=("$p")
    done
  fi
  ((\${#victims[@]})) || exit 0
  kill -s "$sig" "\${victims[@]}"
done
exit 0
`;

const SIGNALS = new Set(['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT']);

export function isSupportedSignal(signal: string): boolean {
  return SIGNALS.has(signal);
}

/** argv of the killer exec for one marker value and signal (e.g. 'SIGKILL'). */
export function killArgv(marker: string, signal: string): string[] {
  return ['bash', '-c', KILL_SCRIPT, 'wharf-kill', `${EXEC_MARKER_ENV}=${marker}`, signal.replace(/^SIG/, '')];
}
