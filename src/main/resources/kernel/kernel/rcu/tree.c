/*
 * Mirrors kernel/rcu/tree.c of Linux 6.x, simplified: callbacks queued by call_rcu() become ready when a grace
 * period that started after them completes ("grace-period", or whenever the system is otherwise idle while
 * someone waits for one) and are invoked from the RCU softirq of their CPU. Unloading a module waits for none
 * of this: rcu_barrier() in its exit is what waits until the callbacks have run.
 */

void rcu_core(void)
{
	struct rcu_head *rhp;

	while ((rhp = __rcu_next_ready()) != NULL) {
		rcu_callback_t f = rhp->func;

		f(rhp);
		__rcu_invoked(rhp);	/* bookkeeping only: rhp may be freed by now; rcu_barrier waits for this */
	}
}

void init_rcu_head(struct rcu_head *head)
{
}
