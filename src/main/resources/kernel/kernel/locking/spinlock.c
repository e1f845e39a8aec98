/*
 * Mirrors kernel/locking/spinlock.c of Linux 6.x (spinlocks and rwlocks), with the interrupt and preemption
 * switches of arch/x86/include/asm/irqflags.h and include/linux/preempt.h. Ownership and lockdep are kept in Java;
 * a spinlock also makes the context atomic (no sleeping).
 */

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
	__lock_acquire(lock, LOCK_SPIN, LOCK_IRQS_OFF);
}

void spin_unlock_irq(spinlock_t *lock)
{
	__lock_release(lock, LOCK_SPIN, 0);
	__atomic_exit(1);
}

unsigned long _raw_spin_lock_irqsave(spinlock_t *lock)
{
	__atomic_enter(1);
	__lock_acquire(lock, LOCK_SPIN, LOCK_IRQS_OFF);
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
	__lock_acquire(lock, LOCK_RW, LOCK_READ);
}

void read_unlock(rwlock_t *lock)
{
	__lock_release(lock, LOCK_RW, LOCK_READ);
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
	__lock_acquire(lock, LOCK_RW, LOCK_IRQS_OFF | LOCK_READ);
	return 0x246;
}

void read_unlock_irqrestore(rwlock_t *lock, unsigned long flags)
{
	__lock_release(lock, LOCK_RW, LOCK_READ);
	__atomic_exit(1);
}

unsigned long _raw_write_lock_irqsave(rwlock_t *lock)
{
	__atomic_enter(1);
	__lock_acquire(lock, LOCK_RW, LOCK_IRQS_OFF);
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
