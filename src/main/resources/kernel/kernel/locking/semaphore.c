/* Mirrors kernel/locking/semaphore.c of Linux 6.x; the count is the semaphore's own, waiting is kept in Java. */

void sema_init(struct semaphore *sem, int val)
{
	sem->count = val;
}

void down(struct semaphore *sem)
{
	__might_sleep(__FILE__, 59);	/* 6.1's might_sleep() in down() */
	__lock_acquire(sem, LOCK_SEM, 0);
}

int down_interruptible(struct semaphore *sem)
{
	__might_sleep(__FILE__, 83);	/* 6.1's might_sleep() in down_interruptible() */
	return __lock_acquire(sem, LOCK_SEM, LOCK_INTERRUPTIBLE);
}

int down_trylock(struct semaphore *sem)
{
	return !__lock_try(sem, LOCK_SEM, 0);
}

void up(struct semaphore *sem)
{
	__lock_release(sem, LOCK_SEM, 0);
}
