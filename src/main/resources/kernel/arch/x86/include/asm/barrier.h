/*
 * Memory barriers of arch/x86/include/asm/barrier.h and include/asm-generic/barrier.h (Linux 6.1). The simulated
 * machine is sequentially consistent: every access a step makes is seen by every CPU at once, in program order, so
 * a barrier orders nothing that is not already ordered, and each is the compiler barrier. (A bug that only a
 * missing barrier allows cannot be shown here.)
 */

#define mb()		barrier()
#define rmb()		barrier()
#define wmb()		barrier()
#define dma_rmb()	barrier()
#define dma_wmb()	barrier()
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define smp_store_mb(var, value)	do { WRITE_ONCE(var, value); smp_mb(); } while (0)
#define smp_mb__before_atomic()	barrier()
#define smp_mb__after_atomic()	barrier()
