/*
 * Mirrors kernel/locking/mutex.c, spinlock.c, rwlock.c and semaphore.c of Linux 6.x. Ownership, waiting and
 * lockdep's dependency graph are kept in Java; spinlocks also make the context atomic (no sleeping).
 */
enum { LOCK_MUTEX = 0, LOCK_SPIN = 1, LOCK_RW = 2, LOCK_SEM = 3 };

void mutex_init(struct mutex *lock)
{
	lock->owner = NULL;
}

void mutex_lock(struct mutex *lock)
{
	might_sleep();
	__lock_acquire(lock, LOCK_MUTEX, 0);
}

int mutex_lock_interruptible(struct mutex *lock)
{
	might_sleep();
	return __lock_acquire(lock, LOCK_MUTEX, 1);
}

int mutex_lock_killable(struct mutex *lock)
{
	might_sleep();
	return __lock_acquire(lock, LOCK_MUTEX, 1);
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

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
}

void spin_lock(spinlock_t *lock)
{
	__atomic_enter(0);
	__lock_acquire(lock, LOCK_SPIN, 0);
}

void spin_unlock(spinlock_t *lock)
{
	__lock_release(lock, LOCK_SPIN, 0);
	__atomic_exit(0);
}

int spin_trylock(spinlock_t *lock)
{
	__atomic_enter(0);
	if (__lock_try(lock, LOCK_SPIN, 0))
		return 1;
	__atomic_exit(0);
	return 0;
}

void spin_lock_bh(spinlock_t *lock)
{
	spin_lock(lock);
}

void spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock(lock);
}

void spin_lock_irq(spinlock_t *lock)
{
	__atomic_enter(1);
	__lock_acquire(lock, LOCK_SPIN, 2);
}

void spin_unlock_irq(spinlock_t *lock)
{
	__lock_release(lock, LOCK_SPIN, 0);
	__atomic_exit(1);
}

unsigned long _raw_spin_lock_irqsave(spinlock_t *lock)
{
	__atomic_enter(1);
	__lock_acquire(lock, LOCK_SPIN, 2);
	return 0x246;
}

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	__lock_release(lock, LOCK_SPIN, 0);
	__atomic_exit(1);
}

bool spin_is_locked(spinlock_t *lock)
{
	return __lock_is_held(lock);
}

void rwlock_init(rwlock_t *lock)
{
	lock->locked = 0;
}

void read_lock(rwlock_t *lock)
{
	__atomic_enter(0);
	__lock_acquire(lock, LOCK_RW, 4);
}

void read_unlock(rwlock_t *lock)
{
	__lock_release(lock, LOCK_RW, 4);
	__atomic_exit(0);
}

void write_lock(rwlock_t *lock)
{
	__atomic_enter(0);
	__lock_acquire(lock, LOCK_RW, 0);
}

void write_unlock(rwlock_t *lock)
{
	__lock_release(lock, LOCK_RW, 0);
	__atomic_exit(0);
}

unsigned long _raw_read_lock_irqsave(rwlock_t *lock)
{
	__atomic_enter(1);
	__lock_acquire(lock, LOCK_RW, 6);
	return 0x246;
}

void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	__lock_release(lock, LOCK_RW, 4);
	__atomic_exit(1);
}

unsigned long _raw_write_lock_irqsave(rwlock_t *lock)
{
	__atomic_enter(1);
	__lock_acquire(lock, LOCK_RW, 2);
	return 0x246;
}

void write_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	__lock_release(lock, LOCK_RW, 0);
	__atomic_exit(1);
}

unsigned long arch_local_irq_save(void)
{
	__atomic_enter(1);
	return 0x246;
}

void local_irq_restore(unsigned long flags)
{
	__atomic_exit(1);
}

void preempt_disable(void)
{
	__atomic_enter(0);
}

void preempt_enable(void)
{
	__atomic_exit(0);
}

void sema_init(struct semaphore *sem, int val)
{
	sem->count = val;
}

void down(struct semaphore *sem)
{
	might_sleep();
	__lock_acquire(sem, LOCK_SEM, 0);
}

int down_interruptible(struct semaphore *sem)
{
	might_sleep();
	return __lock_acquire(sem, LOCK_SEM, 1);
}

int down_trylock(struct semaphore *sem)
{
	return !__lock_try(sem, LOCK_SEM, 0);
}

void up(struct semaphore *sem)
{
	__lock_release(sem, LOCK_SEM, 0);
}
