/*
 * Mirrors kernel/locking/rwsem.c of Linux 6.1: readers share the lock, a writer has it alone, a taker that cannot
 * have it sleeps until it can (uninterruptibly, or until a signal for the _interruptible and _killable forms, which
 * then return -EINTR). Waiting, ownership and lockdep are kept in Java; might_sleep is checked where 6.1 checks it.
 */

void init_rwsem(struct rw_semaphore *sem)
{
	sem->count = 0;
}

int rwsem_is_locked(struct rw_semaphore *sem)
{
	return __lock_is_held(sem);
}

void __sched down_read(struct rw_semaphore *sem)
{
	__might_sleep(__FILE__, 1519);	/* 6.1's might_sleep() in down_read() */
	__lock_acquire(sem, LOCK_RWSEM, LOCK_READ);
}

int __sched down_read_interruptible(struct rw_semaphore *sem)
{
	__might_sleep(__FILE__, 1528);
	return __lock_acquire(sem, LOCK_RWSEM, LOCK_READ | LOCK_INTERRUPTIBLE);
}

int __sched down_read_killable(struct rw_semaphore *sem)
{
	__might_sleep(__FILE__, 1542);
	return __lock_acquire(sem, LOCK_RWSEM, LOCK_READ | LOCK_INTERRUPTIBLE);
}

/* trylock for reading -- returns 1 if successful, 0 if contention */
int down_read_trylock(struct rw_semaphore *sem)
{
	return __lock_try(sem, LOCK_RWSEM, LOCK_READ);
}

void __sched down_write(struct rw_semaphore *sem)
{
	__might_sleep(__FILE__, 1572);
	__lock_acquire(sem, LOCK_RWSEM, 0);
}

int __sched down_write_killable(struct rw_semaphore *sem)
{
	__might_sleep(__FILE__, 1583);
	return __lock_acquire(sem, LOCK_RWSEM, LOCK_INTERRUPTIBLE);
}

/* trylock for writing -- returns 1 if successful, 0 if contention */
int down_write_trylock(struct rw_semaphore *sem)
{
	return __lock_try(sem, LOCK_RWSEM, 0);
}

void up_read(struct rw_semaphore *sem)
{
	__lock_release(sem, LOCK_RWSEM, LOCK_READ);
}

void up_write(struct rw_semaphore *sem)
{
	__lock_release(sem, LOCK_RWSEM, 0);
}

/* downgrade write lock to read lock */
void downgrade_write(struct rw_semaphore *sem)
{
	__lock_downgrade(sem);
}
