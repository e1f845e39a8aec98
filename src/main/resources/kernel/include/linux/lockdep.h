/*
 * Mirrors include/linux/lockdep.h of Linux 6.1 (CONFIG_LOCKDEP): whether the current task holds a lock. Lock
 * classes are lock instances here, so a lock is its own lockdep_map (lock_is_held takes the lock itself).
 */

/* kernel/locking/lockdep.c: 1 when the current task holds it, or when lockdep is off (debug_locks == 0) */
int lock_is_held(const void *lock);

#define lockdep_is_held(lock) lock_is_held(lock)
