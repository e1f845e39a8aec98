/*
 * Mirrors kernel/jump_label.c of Linux 6.x: enabling, disabling and counting static keys. The count is the key's
 * state (a negative count while the first enable is in progress); Linux then patches every branch site in
 * jump_label_update(). The model's branches read the count, so there is nothing to patch and no update step.
 * cpus_read_lock() (CPU hotplug) is not modelled: there is no hotplug.
 */

static DEFINE_MUTEX(jump_label_mutex);

void jump_label_lock(void)
{
	mutex_lock(&jump_label_mutex);
}

void jump_label_unlock(void)
{
	mutex_unlock(&jump_label_mutex);
}

void static_key_slow_inc_cpuslocked(struct static_key *key)
{
	int v, v1;

	/*
	 * Careful if we get concurrent static_key_slow_inc() calls; later calls must wait for the first one to
	 * _finish_ the jump_label_update() process. A negative key->enabled sends them down the slow path.
	 */
	for (v = atomic_read(&key->enabled); v > 0; v = v1) {
		v1 = atomic_cmpxchg(&key->enabled, v, v + 1);
		if (likely(v1 == v))
			return;
	}

	jump_label_lock();
	if (atomic_read(&key->enabled) == 0) {
		atomic_set(&key->enabled, -1);
		/* jump_label_update(key): Linux patches the branch sites here */
		atomic_set(&key->enabled, 1);
	} else {
		atomic_inc(&key->enabled);
	}
	jump_label_unlock();
}

void static_key_slow_inc(struct static_key *key)
{
	static_key_slow_inc_cpuslocked(key);
}

void static_key_enable_cpuslocked(struct static_key *key)
{
	if (atomic_read(&key->enabled) > 0) {
		WARN_ON_ONCE(atomic_read(&key->enabled) != 1);
		return;
	}

	jump_label_lock();
	if (atomic_read(&key->enabled) == 0) {
		atomic_set(&key->enabled, -1);
		/* jump_label_update(key): Linux patches the branch sites here */
		atomic_set(&key->enabled, 1);
	}
	jump_label_unlock();
}

void static_key_enable(struct static_key *key)
{
	static_key_enable_cpuslocked(key);
}

void static_key_disable_cpuslocked(struct static_key *key)
{
	if (atomic_read(&key->enabled) != 1) {
		WARN_ON_ONCE(atomic_read(&key->enabled) != 0);
		return;
	}

	jump_label_lock();
	atomic_cmpxchg(&key->enabled, 1, 0);
	jump_label_unlock();
}

void static_key_disable(struct static_key *key)
{
	static_key_disable_cpuslocked(key);
}

static bool static_key_slow_try_dec(struct static_key *key)
{
	int val, old;

	/* val = atomic_fetch_add_unless(&key->enabled, -1, 1) */
	val = atomic_read(&key->enabled);
	while (val != 1) {
		old = atomic_cmpxchg(&key->enabled, val, val - 1);
		if (old == val)
			break;
		val = old;
	}
	if (val == 1)
		return false;

	/*
	 * The negative count check is valid even when a negative key->enabled is in use by static_key_slow_inc(); a
	 * __static_key_slow_dec() before the first static_key_slow_inc() returns is unbalanced, because all other
	 * static_key_slow_inc() instances block while the update is in progress.
	 */
	WARN(val < 0, "jump label: negative count!\n");
	return true;
}

void static_key_slow_dec_cpuslocked(struct static_key *key)
{
	if (static_key_slow_try_dec(key))
		return;

	jump_label_lock();
	atomic_dec_and_test(&key->enabled);
	jump_label_unlock();
}

void static_key_slow_dec(struct static_key *key)
{
	static_key_slow_dec_cpuslocked(key);
}
