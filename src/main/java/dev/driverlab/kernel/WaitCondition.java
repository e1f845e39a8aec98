package dev.driverlab.kernel;

/**
 * Why a context is blocked, as data: the scheduler asks {@link #ready} after every step. A condition whose memory
 * was freed reports ready, so the sleeper re-runs its check and the bad access is reported in its own frame.
 */
public interface WaitCondition {
    boolean ready(KernelState k);

    String describe();

    /** Waits until a bit of a word in memory is clear (tasklet_kill, wait_on_bit). */
    record BitClear(long address, int bit, String why) implements WaitCondition {
        public boolean ready(KernelState k) {
            try {
                return (k.memory().read(address, 8, false) & (1L << bit)) == 0;
            } catch (MemoryFault f) {
                return true;
            }
        }

        public String describe() {
            return why + " (bit " + bit + " of " + Addresses.hex(address) + ")";
        }
    }

    /** Waits until no handler of an IRQ line runs (synchronize_irq, free_irq). */
    record IrqIdle(int irq) implements WaitCondition {
        public boolean ready(KernelState k) {
            IrqLine line = k.irq(irq);
            return line == null || line.running == 0;
        }

        public String describe() {
            return "synchronize_irq: waiting for the handler of IRQ " + irq + " to finish";
        }
    }
}
