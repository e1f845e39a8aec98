/*
 * Mirrors fs/select.c of Linux 6.x: poll(2). The first pass calls each file's ->poll with a poll_table whose
 * __pollwait puts an entry on every wait queue the driver hands poll_wait(); then the task sleeps until a wake-up
 * on one of them (pollwake sets triggered and wakes it), a signal or the timeout, and polls again, now without
 * registering. poll_freewait takes the entries off the queues at the end.
 * Differences: time is jiffies, so the timeout is a jiffies deadline where Linux keeps a timespec64 end time and
 * sleeps on an hrtimer; a script's process has one file, fd 3 (fdget), and a poll table holds no reference of its
 * own on it (get_file), as nothing can close it meanwhile; the fds are copied into one list on the stack.
 */

#define POLL_PAGE_ENTRIES ((4096 - 16) / sizeof(struct poll_table_entry))

struct poll_table_page {
	struct poll_table_page *next;
	struct poll_table_entry *entry;
	struct poll_table_entry entries[POLL_PAGE_ENTRIES];
};

#define POLL_TABLE_FULL(table) ((table)->entry == (table)->entries + POLL_PAGE_ENTRIES)

static void __pollwait(struct file *filp, wait_queue_head_t *wait_address, poll_table *p);

void poll_initwait(struct poll_wqueues *pwq)
{
	init_poll_funcptr(&pwq->pt, __pollwait);
	pwq->polling_task = current;
	pwq->triggered = 0;
	pwq->error = 0;
	pwq->table = NULL;
	pwq->inline_index = 0;
}

static void free_poll_entry(struct poll_table_entry *entry)
{
	remove_wait_queue(entry->wait_address, &entry->wait);
}

void poll_freewait(struct poll_wqueues *pwq)
{
	struct poll_table_page *p = pwq->table;
	int i;

	for (i = 0; i < pwq->inline_index; i++)
		free_poll_entry(pwq->inline_entries + i);
	while (p) {
		struct poll_table_entry *entry;
		struct poll_table_page *old;

		entry = p->entry;
		do {
			entry--;
			free_poll_entry(entry);
		} while (entry > p->entries);
		old = p;
		p = p->next;
		kfree(old);
	}
}

/* Linux takes a page (__get_free_page) for the entries past the inline ones; a page-sized kmalloc here. */
static struct poll_table_entry *poll_get_entry(struct poll_wqueues *p)
{
	struct poll_table_page *table = p->table;

	if (p->inline_index < N_INLINE_POLL_ENTRIES)
		return p->inline_entries + p->inline_index++;

	if (!table || POLL_TABLE_FULL(table)) {
		struct poll_table_page *new_table;

		new_table = kmalloc(sizeof(struct poll_table_page), GFP_KERNEL);
		if (!new_table) {
			p->error = -ENOMEM;
			return NULL;
		}
		new_table->entry = new_table->entries;
		new_table->next = table;
		p->table = new_table;
		table = new_table;
	}

	return table->entry++;
}

static int __pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_wqueues *pwq = wait->private;
	DECLARE_WAITQUEUE(dummy_wait, pwq->polling_task);

	/*
	 * Although this function is called under waitqueue lock, LOCK doesn't imply write barrier and the users
	 * expect write barrier semantics on wakeup functions. (Linux has smp_wmb() here.)
	 */
	pwq->triggered = 1;

	/*
	 * Perform the default wake up operation using a dummy waitqueue.
	 */
	return default_wake_function(&dummy_wait, mode, sync, key);
}

static int pollwake(wait_queue_entry_t *wait, unsigned mode, int sync, void *key)
{
	struct poll_table_entry *entry;

	entry = container_of(wait, struct poll_table_entry, wait);
	if (key && !(key_to_poll(key) & entry->key))
		return 0;
	return __pollwake(wait, mode, sync, key);
}

/* Add a new entry */
static void __pollwait(struct file *filp, wait_queue_head_t *wait_address, poll_table *p)
{
	struct poll_wqueues *pwq = container_of(p, struct poll_wqueues, pt);
	struct poll_table_entry *entry = poll_get_entry(pwq);

	if (!entry)
		return;
	entry->filp = filp;
	entry->wait_address = wait_address;
	entry->key = p->_key;
	init_waitqueue_func_entry(&entry->wait, pollwake);
	entry->wait.private = pwq;
	add_wait_queue(wait_address, &entry->wait);
}

/*
 * Sleeps until woken or the deadline (NULL: none); 0 when the time ran out, -EINTR otherwise. A wake-up that came
 * since poll_wait (triggered) means no sleep at all. (Linux: schedule_hrtimeout_range on an absolute hrtimer.)
 */
static int poll_schedule_timeout(struct poll_wqueues *pwq, int state, unsigned long *expires)
{
	int rc = -EINTR;

	set_current_state(state);
	if (!pwq->triggered) {
		if (!expires)
			schedule();
		else if (!schedule_timeout_until(*expires, -1))
			rc = 0;
	}
	__set_current_state(TASK_RUNNING);

	/*
	 * Prepare for the next iteration.
	 *
	 * The following smp_store_mb() serves two purposes. First, it's the counterpart rmb of the wmb in pollwake()
	 * such that data written before wake up is always visible after wake up. Second, the full barrier guarantees
	 * that triggered clearing doesn't pass event check of the next iteration.
	 */
	pwq->triggered = 0;

	return rc;
}

#define N_STACK_PPS ((int)((POLL_STACK_ALLOC - 16) / sizeof(struct pollfd)))

struct poll_list {
	struct poll_list *next;
	int len;
	struct pollfd entries[N_STACK_PPS];
};

/*
 * Fish for pollable events on the pollfd->fd file descriptor. We're only interested in events matching the
 * pollfd->events mask, and the result matching that mask is both recorded in pollfd->revents and returned. The
 * pwait poll_table will be used by the fd-provided poll handler for waiting, if pwait->_qproc is non-NULL.
 */
static __poll_t do_pollfd(struct file *file, struct pollfd *pollfd, poll_table *pwait)
{
	int fd = pollfd->fd;
	__poll_t mask = 0, filter;
	struct file *f;

	if (fd < 0)
		goto out;
	mask = EPOLLNVAL;
	f = fd == 3 ? file : NULL;	/* fdget(fd): the process's one file */
	if (!f)
		goto out;

	/* userland u16 ->events contains POLL... bitmap */
	filter = demangle_poll(pollfd->events) | EPOLLERR | EPOLLHUP;
	pwait->_key = filter;
	mask = vfs_poll(f, pwait);
	mask &= filter;		/* Mask out unneeded events. */

out:
	/* ... and so does ->revents */
	pollfd->revents = mangle_poll(mask);
	return mask;
}

static int do_poll(struct file *file, struct poll_list *list, struct poll_wqueues *wait, unsigned long *end_time)
{
	poll_table *pt = &wait->pt;
	int timed_out = 0, count = 0;

	/* Optimise the no-wait case */
	if (end_time && !*end_time) {
		pt->_qproc = NULL;
		timed_out = 1;
	}

	for (;;) {
		struct poll_list *walk;

		for (walk = list; walk != NULL; walk = walk->next) {
			struct pollfd *pfd, *pfd_end;

			pfd = walk->entries;
			pfd_end = pfd + walk->len;
			for (; pfd != pfd_end; pfd++) {
				/*
				 * Fish for events. If we found one, record it and kill poll_table->_qproc, so we don't
				 * needlessly register any other waiters after this. They'll get immediately deregistered
				 * when we break out and return.
				 */
				if (do_pollfd(file, pfd, pt)) {
					count++;
					pt->_qproc = NULL;
				}
			}
		}
		/*
		 * All waiters have already been registered, so don't provide a poll_table->_qproc to them on the next
		 * loop iteration.
		 */
		pt->_qproc = NULL;
		if (!count) {
			count = wait->error;
			if (signal_pending(current))
				count = -ERESTARTNOHAND;
		}
		if (count || timed_out)
			break;

		if (!poll_schedule_timeout(wait, TASK_INTERRUPTIBLE, end_time))
			timed_out = 1;
	}
	return count;
}

static int do_sys_poll(struct file *file, struct pollfd *ufds, unsigned int nfds, unsigned long *end_time)
{
	struct poll_wqueues table;
	int err = -EFAULT, fdcount, j;
	struct poll_list list;
	struct poll_list *const head = &list;

	if (nfds > N_STACK_PPS)	/* Linux chains kmalloc'd lists past the stack one, up to RLIMIT_NOFILE */
		return -EINVAL;

	head->next = NULL;
	head->len = nfds;
	if (copy_from_user(head->entries, ufds, sizeof(struct pollfd) * nfds))
		goto out_fds;

	poll_initwait(&table);
	fdcount = do_poll(file, head, &table, end_time);
	poll_freewait(&table);

	for (j = 0; j < head->len; j++)
		if (copy_to_user(&ufds[j].revents, &head->entries[j].revents, sizeof(short)))
			goto out_fds;

	err = fdcount;
out_fds:
	return err;
}

/* SYSCALL_DEFINE3(poll, ...): a negative timeout waits for ever, 0 does not wait. */
long ksys_poll(struct file *file, struct pollfd *ufds, unsigned int nfds, int timeout_msecs)
{
	unsigned long end_time, *to = NULL;
	int ret;

	if (timeout_msecs >= 0) {
		to = &end_time;
		/* poll_select_set_timeout(): a zero timeout is a zero end time */
		end_time = timeout_msecs ? jiffies + msecs_to_jiffies(timeout_msecs) : 0;
	}

	ret = do_sys_poll(file, ufds, nfds, to);

	/* Linux saves the call in current->restart_block: it restarts if the signal's handler asks for it */
	if (ret == -ERESTARTNOHAND)
		ret = -ERESTART_RESTARTBLOCK;
	return ret;
}
