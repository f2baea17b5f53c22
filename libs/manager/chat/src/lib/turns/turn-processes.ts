import type { ContainerRuntime } from '@wharf/manager/runtime';

/** Every turn's CLI exec carries `WHARF_TURN_ID=<turn id>`, inherited by all its descendants. */
export const TURN_MARKER_ENV = 'WHARF_TURN_ID';

// bash builtins only: SIGKILL every process whose environment holds the marker, a few rounds to catch
// forks in flight; prints how many were killed. The marker is an argument, never part of the script.
const KILL_SCRIPT = `
exec 2>/dev/null
marker=$1 killed=0
for ((round = 0; round < 5; round++)); do
  victims=()
  for d in /proc/[0-9]*; do
    p=\${d#/proc/}
    [[ $p == "$$" ]] && continue
    while IFS= read -r -d '' e; do
      if [[ $e == "$marker" ]]; then victims+=("$p"); break; fi
    done < "$d/environ"
  done
  ((\${#victims[@]})) || break
  kill -s KILL "\${victims[@]}"
  killed=$((killed + \${#victims[@]}))
done
echo "$killed"
`;

/**
 * Kills what is left of a turn's CLI after the manager lost its exec handle (a crash): the handle's own
 * kill is gone with the process that held it, the marker in the environment is not.
 */
export async function killTurnProcesses(runtime: ContainerRuntime, containerId: string, turnId: string): Promise<number> {
  const r = await runtime.exec(containerId, ['bash', '-c', KILL_SCRIPT, 'wharf-turn-kill', `${TURN_MARKER_ENV}=${turnId}`], {
    timeoutMs: 15_000,
  });
  return Number.parseInt(r.stdout.toString().trim(), 10) || 0;
}
