/**
 * The events a user can inject now, as toolbar buttons: each is enabled only when it makes sense in the state
 * shown (insmod when the module is not loaded, unbind when the device has a driver, fire IRQ n when line n has a
 * handler, read A when process A is back at user level with its file open, open A again once it exited...), and a
 * disabled one says why. Computed from the scenario, the state (contexts carry a process's system call and whether
 * it holds its file) and the commands so far.
 */
export class ActionList {
  static #users = new Set(['insmod', 'rmmod', 'bind', 'unbind', 'unplug']);

  /**
   * [{key, label, command, enabled, title, process}] in toolbar order. A process's buttons carry its name in
   * `process` and only the verb in `label` (the toolbar shows them together under the process's name).
   */
  static of(scenario, state, history) {
    const machine = state?.machine;
    const crashed = Boolean(state?.stopped);
    const out = [];
    let process = null;
    const add = (key, label, command, enabled, why) => out.push({
      key, label, command, enabled: enabled && !crashed, process,
      title: crashed ? 'the kernel has crashed: step back to go on' : enabled ? command : why,
    });
    const module = scenario.module;
    const mod = machine?.modules?.find((m) => m.name === module && m.state !== 'UNLOADED');
    add('insmod', `insmod`, `insmod ${module}`, !mod, `${module} is loaded`);
    add('rmmod', `rmmod`, `rmmod ${module}`, mod?.state === 'LIVE', `${module} is not live`);
    const irqs = new Map();
    for (const d of machine?.devices ?? []) {
      add(`unbind ${d.name}`, `unbind ${d.name}`, `unbind ${d.name}`, Boolean(d.driver), `${d.name} has no driver`);
      add(`bind ${d.name}`, `bind ${d.name}`, `bind ${d.name}`, !d.driver && Boolean(mod),
        d.driver ? `${d.name} is bound` : `${module} is not loaded`);
      add(`unplug ${d.name}`, `unplug ${d.name}`, `unplug ${d.name}`, true, '');
      if (d.irq) irqs.set(d.irq, false);
    }
    for (const line of machine?.irqs ?? []) irqs.set(line.irq, line.handlers.length > 0);
    for (const [irq, requested] of [...irqs].sort((a, b) => a[0] - b[0])) {
      add(`irq ${irq}`, `fire IRQ ${irq}`, `irq ${irq}`, requested, `nothing has requested IRQ ${irq}`);
    }
    for (const g of machine?.gpio ?? []) {
      if (g.direction !== 'in') continue;
      const level = g.value ? 0 : 1;
      add(`gpio ${g.gpio}`, `GPIO ${g.gpio} ${level ? 'high' : 'low'}`, `gpio ${g.gpio} ${level}`, true, '');
    }
    add('grace-period', 'grace period', 'grace-period', true, '');
    add('tick', 'tick', 'tick', true, '');
    const contexts = new Map((machine?.contexts ?? []).filter((c) => c.status !== 'done').map((c) => [c.name, c]));
    for (const p of ActionList.processes(scenario, history)) {
      // The same buttons for a process whatever it is doing (nothing moves); each says why it cannot act now.
      const c = contexts.get(p.name);
      const busy = c?.syscall ? `${p.name} is in ${c.syscall}`
        + (c.status === 'blocked' ? `, blocked${c.waitingOn ? ` on ${c.waitingOn}` : ''}`
          : c.status === 'paused' ? ', paused' : '') : null;
      const gone = `${p.name} is not running: open it first`;
      const fileWhy = !c ? gone : busy ?? (c.file === false ? `${p.name} has closed its file` : null);
      process = p.name;
      for (const verb of ['read', 'write', 'poll', 'close']) {
        const command = verb === 'write' ? `write ${p.name} hello` : verb === 'poll' ? `poll ${p.name} 1000`
          : `${verb} ${p.name}`;
        add(`${verb} ${p.name}`, verb, command, fileWhy === null, fileWhy);
      }
      if (c) {
        add(`life ${p.name}`, 'exit', `exit ${p.name}`, !busy, busy ?? '');
      } else {
        add(`life ${p.name}`, 'open', `open ${p.path} as ${p.name}`, true, '');
      }
      add(`kill ${p.name}`, 'kill', `kill ${p.name}`, Boolean(c), gone);
      process = null;
    }
    return out;
  }

  /** The processes the scenario's scripts and the session's commands open: [{name, path, open}]. */
  static processes(scenario, history) {
    const found = new Map();
    const lines = [scenario.script ?? '', ...Object.values(scenario.scripts ?? {})].join('\n').split('\n');
    for (const line of [...lines, ...history]) {
      const m = /^\s*open\s+(\S+)(?:\s+nonblock)?\s+as\s+(\S+)/.exec(line.replace(/#.*/, ''));
      if (m && !ActionList.#users.has(m[2]) && !found.has(m[2])) {
        found.set(m[2], { name: m[2], path: m[1], open: m[0].trim() });
      }
    }
    return [...found.values()];
  }

  /** Completions for the command line: every command that could apply, with this scenario's names filled in. */
  static completions(scenario, state, driverFunctions) {
    const out = new Set();
    const machine = state?.machine;
    out.add(`insmod ${scenario.module}`).add(`rmmod ${scenario.module}`);
    for (const d of machine?.devices ?? []) ['bind', 'unbind', 'unplug'].forEach((v) => out.add(`${v} ${d.name}`));
    for (const d of machine?.devices ?? []) if (d.irq) out.add(`irq ${d.irq}`);
    for (const g of machine?.gpio ?? []) out.add(`gpio ${g.gpio} 1`).add(`gpio ${g.gpio} 0`);
    for (const c of machine?.contexts ?? []) {
      out.add(`continue ${c.name}`).add(`step ${c.name}`);
    }
    for (const p of ActionList.processes(scenario, [])) {
      out.add(`open ${p.path} as ${p.name}`).add(`read ${p.name}`).add(`write ${p.name} hello`)
        .add(`poll ${p.name} 1000`).add(`poll ${p.name} -1 POLLIN|POLLOUT`).add(`ioctl ${p.name} _IO('k', 0)`)
        .add(`ioctl ${p.name} _IOR('k', 1, int)`).add(`lseek ${p.name} 0`).add(`close ${p.name}`)
        .add(`kill ${p.name} SIGINT`).add(`exit ${p.name}`);
      out.add(`cat ${p.path}`).add(`echo 1 > ${p.path}`);
    }
    for (const f of driverFunctions) out.add(`break ${f}`);
    ['continue', 'tick', 'grace-period', 'lsmod', 'dmesg', 'schedule manual', 'schedule auto']
      .forEach((c) => out.add(c));
    return [...out];
  }
}
