/**
 * Where a found race's moment happened, in the words every view uses (the dialog, the timeline, the code view): the
 * driver's own line when its call stack has one (a free inside `kfree` called from `my_remove` is `my_remove`'s
 * line), else the kernel function it ran in (the driver core's devres release, a softirq running a tasklet).
 */
export class RaceMoment {
  /** The innermost frame of the driver's own code on the moment's stack, or null. */
  static driverFrame(m) {
    return (m.stack ?? []).find((f) => f.driverFile) ?? null;
  }

  /** "my_remove line 52 (in kfree)", or "release_nodes": for sentences and tooltips. */
  static where(m) {
    const d = RaceMoment.driverFrame(m);
    if (!d) return m.function ?? m.context;
    const inner = m.stack[0];
    return `${d.function} line ${d.line}${inner.driverFile ? '' : ` (in ${inner.function})`}`;
  }

  /** "line 52", or "release_nodes": for a label beside a mark. */
  static short(m) {
    const d = RaceMoment.driverFrame(m);
    return d ? `line ${d.line}` : (m.function ?? m.context);
  }
}
