/*
 * Mirrors include/linux/rwsem.h of Linux 6.1: reader-writer semaphores, sleeping locks that readers share and a
 * writer holds alone (kernel/locking/rwsem.c). Who holds one is bookkeeping in Java (LockPrimitives, lockdep too).
 */

#define __RWSEM_INITIALIZER(name) { .count = 0 }

#define DECLARE_RWSEM(name) \
	struct rw_semaphore name = __RWSEM_INITIALIZER(name)

void init_rwsem(struct rw_semaphore *sem);
int rwsem_is_locked(struct rw_semaphore *sem);

void down_read(struct rw_semaphore *sem);
int down_read_interruptible(struct rw_semaphore *sem);
int down_read_killable(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
int down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
void downgrade_write(struct rw_semaphore *sem);

/* LockPrimitives: a writer becomes a reader in one step, nobody else getting in between */
void __lock_downgrade(void *lock);
