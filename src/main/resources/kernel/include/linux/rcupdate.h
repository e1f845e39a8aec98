/*
 * Mirrors include/linux/rcupdate.h of Linux 6.1 with CONFIG_PROVE_RCU (lockdep on, as always here): the RCU
 * pointer accessors. rcu_read_lock()/rcu_read_unlock(), call_rcu() and synchronize_rcu() are declared in sched.h.
 *
 * The real accessors are statement expressions with typeof; here each is an expression of the pointer's own type:
 * RCU_LOCKDEP_WARN's check as a call, then the pointer. RCU_LOCKDEP_WARN's "static bool __warned" (one splat per
 * call site) is kept by __rcu_lockdep_warn per __FILE__:__LINE__. Pointer stores are WRITE_ONCE, as
 * smp_store_release is on a machine without weak ordering.
 */

int rcu_read_lock_held(void);
/* RCU_LOCKDEP_WARN(c, s) as an expression: lockdep_rcu_suspicious(file, line, s) once per site when c holds */
bool __rcu_lockdep_warn(bool c, const char *file, int line, const char *s);

#define RCU_LOCKDEP_WARN(c, s) __rcu_lockdep_warn((c), __FILE__, __LINE__, s)
#define RCU_INITIALIZER(v) (v)

#define rcu_dereference_check(p, c) \
	(RCU_LOCKDEP_WARN(!((c) || rcu_read_lock_held()), "suspicious rcu_dereference_check() usage"), READ_ONCE(p))
#define rcu_dereference(p) rcu_dereference_check(p, 0)
#define rcu_dereference_protected(p, c) \
	(RCU_LOCKDEP_WARN(!(c), "suspicious rcu_dereference_protected() usage"), (p))
#define rcu_dereference_raw(p) READ_ONCE(p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) WRITE_ONCE((p), RCU_INITIALIZER(v))
#define RCU_INIT_POINTER(p, v) WRITE_ONCE((p), RCU_INITIALIZER(v))
