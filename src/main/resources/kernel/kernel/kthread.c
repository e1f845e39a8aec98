/* Mirrors kernel/kthread.c of Linux 6.x: a kthread runs threadfn(data) in a context of its own. */

void kthread(int (*threadfn)(void *data), void *data)
{
	int ret;

	ret = threadfn(data);
	do_exit(ret);
}

/* kthread_stop: ask it to stop, wake it, and wait for it to exit; returns its exit code. */
int kthread_stop(struct task_struct *k)
{
	__kthread_set_stop(k);
	wake_up_process(k);
	return __kthread_wait_exit(k);
}

void kthread_complete_and_exit(struct completion *comp, long code)
{
	if (comp)
		complete(comp);
	do_exit(code);
}

void complete_and_exit(struct completion *comp, long code)
{
	kthread_complete_and_exit(comp, code);
}

void kthread_exit(long result)
{
	do_exit(result);
}
