/*
 * Mirrors include/linux/seqlock.h of Linux 6.1: sequence counters and sequential locks. A writer makes the count odd
 * while it writes; a reader takes the count before and checks it after, and reads again if a writer came between.
 * The real reader spins (cpu_relax) while the count is odd; here it sleeps until the writer ends
 * (__seqcount_wait), so a reader and a writer on one CPU do not spin for ever. The lock-associated counters
 * (seqcount_spinlock_t and friends) are plain seqcount_t here.
 */

typedef struct seqcount {
	unsigned sequence;
} seqcount_t;

typedef seqcount_t seqcount_spinlock_t;
typedef seqcount_t seqcount_raw_spinlock_t;
typedef seqcount_t seqcount_mutex_t;

#define SEQCNT_ZERO(name) { .sequence = 0 }

static inline void seqcount_init(seqcount_t *s)
{
	s->sequence = 0;
}

#define seqcount_spinlock_init(s, lock)	seqcount_init(s)
#define seqcount_mutex_init(s, lock)	seqcount_init(s)

/* LockPrimitives: sleeps until the count at s is even (a writer ended) */
void __seqcount_wait(const seqcount_t *s);

static inline unsigned raw_read_seqcount_begin(const seqcount_t *s)
{
	unsigned seq;

	while ((seq = READ_ONCE(s->sequence)) & 1)
		__seqcount_wait(s);
	smp_rmb();
	return seq;
}

#define read_seqcount_begin(s)	raw_read_seqcount_begin(s)

static inline int read_seqcount_retry(const seqcount_t *s, unsigned start)
{
	smp_rmb();
	return READ_ONCE(s->sequence) != start;
}

static inline void write_seqcount_begin(seqcount_t *s)
{
	s->sequence++;
	smp_wmb();
}

static inline void write_seqcount_end(seqcount_t *s)
{
	smp_wmb();
	s->sequence++;
}

#define raw_write_seqcount_begin(s)	write_seqcount_begin(s)
#define raw_write_seqcount_end(s)	write_seqcount_end(s)

typedef struct {
	seqcount_spinlock_t seqcount;
	spinlock_t lock;
} seqlock_t;

#define __SEQLOCK_UNLOCKED(lockname)			\
	{						\
		.seqcount = SEQCNT_ZERO(lockname),	\
		.lock = { 0 }				\
	}

#define DEFINE_SEQLOCK(sl) \
		seqlock_t sl = __SEQLOCK_UNLOCKED(sl)

static inline void seqlock_init(seqlock_t *sl)
{
	spin_lock_init(&sl->lock);
	seqcount_init(&sl->seqcount);
}

static inline unsigned read_seqbegin(const seqlock_t *sl)
{
	return read_seqcount_begin(&sl->seqcount);
}

static inline unsigned read_seqretry(const seqlock_t *sl, unsigned start)
{
	return read_seqcount_retry(&sl->seqcount, start);
}

static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock(seqlock_t *sl)
{
	write_seqcount_end(&sl->seqcount);
	spin_unlock(&sl->lock);
}

static inline void write_seqlock_bh(seqlock_t *sl)
{
	spin_lock_bh(&sl->lock);
	write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock_bh(seqlock_t *sl)
{
	write_seqcount_end(&sl->seqcount);
	spin_unlock_bh(&sl->lock);
}

static inline void write_seqlock_irq(seqlock_t *sl)
{
	spin_lock_irq(&sl->lock);
	write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock_irq(seqlock_t *sl)
{
	write_seqcount_end(&sl->seqcount);
	spin_unlock_irq(&sl->lock);
}

/* A reader that must not retry: it excludes writers (and other such readers) with the lock itself. */
static inline void read_seqlock_excl(seqlock_t *sl)
{
	spin_lock(&sl->lock);
}

static inline void read_sequnlock_excl(seqlock_t *sl)
{
	spin_unlock(&sl->lock);
}
