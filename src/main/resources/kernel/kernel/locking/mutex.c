/*
 * Mirrors kernel/locking/mutex.c of Linux 6.x. Ownership, waiting and lockdep's dependency graph are kept in Java
 * (__lock_acquire and friends).
 *
 * With lockdep (CONFIG_DEBUG_LOCK_ALLOC, always on here) mutex_lock, mutex_lock_interruptible and
 * mutex_lock_killable all go through __mutex_lock_common, whose might_sleep() sits at line 580 of 6.1's file:
 * that is the line a "sleeping function called from invalid context" report names.
 */
#define MUTEX_MIGHT_SLEEP_LINE 580

void mutex_init(struct mutex *lock)
{
	lock->owner = NULL;
}

void mutex_lock(struct mutex *lock)
{
	__might_sleep(__FILE__, MUTEX_MIGHT_SLEEP_LINE);
	__lock_acquire(lock, LOCK_MUTEX, 0);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	__might_sleep(__FILE__, MUTEX_MIGHT_SLEEP_LINE);
	return __lock_acquire(lock, LOCK_MUTEX, LOCK_INTERRUPTIBLE);
}

int mutex_lock_killable(struct mutex *lock)
{
	__might_sleep(__FILE__, MUTEX_MIGHT_SLEEP_LINE);
	return __lock_acquire(lock, LOCK_MUTEX, LOCK_INTERRUPTIBLE);
}

int mutex_trylock(struct mutex *lock)
{
	return __lock_try(lock, LOCK_MUTEX, 0);
}

void mutex_unlock(struct mutex *lock)
{
	__lock_release(lock, LOCK_MUTEX, 0);
}

bool mutex_is_locked(struct mutex *lock)
{
	return __lock_is_held(lock);
}

void mutex_destroy(struct mutex *lock)
{
}
