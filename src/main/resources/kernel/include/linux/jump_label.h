/*
 * Static keys (include/linux/jump_label.h of Linux 6.x). x86 builds them with CONFIG_JUMP_LABEL, where a branch is a
 * patched jump; here a branch reads the key's count, as a kernel built without it does, while enabling and
 * disabling take the path of kernel/jump_label.c (under jump_label_mutex, so they may sleep).
 */

struct static_key {
	atomic_t enabled;
};

struct static_key_true {
	struct static_key key;
};

struct static_key_false {
	struct static_key key;
};

#define STATIC_KEY_INIT_TRUE	{ .enabled = { 1 } }
#define STATIC_KEY_INIT_FALSE	{ .enabled = { 0 } }
#define STATIC_KEY_INIT		STATIC_KEY_INIT_FALSE

#define DEFINE_STATIC_KEY_TRUE(name)	\
	struct static_key_true name = { .key = STATIC_KEY_INIT_TRUE }
#define DEFINE_STATIC_KEY_TRUE_RO(name)	\
	struct static_key_true name __ro_after_init = { .key = STATIC_KEY_INIT_TRUE }
#define DECLARE_STATIC_KEY_TRUE(name)	\
	extern struct static_key_true name
#define DEFINE_STATIC_KEY_FALSE(name)	\
	struct static_key_false name = { .key = STATIC_KEY_INIT_FALSE }
#define DEFINE_STATIC_KEY_FALSE_RO(name)	\
	struct static_key_false name __ro_after_init = { .key = STATIC_KEY_INIT_FALSE }
#define DECLARE_STATIC_KEY_FALSE(name)	\
	extern struct static_key_false name

static inline int static_key_count(struct static_key *key)
{
	return atomic_read(&key->enabled);
}

/* Linux also checks with __builtin_types_compatible_p that x is one of the three key types. */
#define static_key_enabled(x) (static_key_count((struct static_key *)(x)) > 0)

#define static_branch_likely(x)		likely(static_key_enabled(&(x)->key))
#define static_branch_unlikely(x)	unlikely(static_key_enabled(&(x)->key))

/* Advanced usage; refcount, branch is enabled when: count != 0 */
#define static_branch_inc(x)		static_key_slow_inc(&(x)->key)
#define static_branch_dec(x)		static_key_slow_dec(&(x)->key)
#define static_branch_inc_cpuslocked(x)	static_key_slow_inc_cpuslocked(&(x)->key)
#define static_branch_dec_cpuslocked(x)	static_key_slow_dec_cpuslocked(&(x)->key)

/* Normal usage; boolean enable/disable. */
#define static_branch_enable(x)			static_key_enable(&(x)->key)
#define static_branch_disable(x)		static_key_disable(&(x)->key)
#define static_branch_enable_cpuslocked(x)	static_key_enable_cpuslocked(&(x)->key)
#define static_branch_disable_cpuslocked(x)	static_key_disable_cpuslocked(&(x)->key)

void static_key_slow_inc(struct static_key *key);
void static_key_slow_dec(struct static_key *key);
void static_key_slow_inc_cpuslocked(struct static_key *key);
void static_key_slow_dec_cpuslocked(struct static_key *key);
void static_key_enable(struct static_key *key);
void static_key_disable(struct static_key *key);
void static_key_enable_cpuslocked(struct static_key *key);
void static_key_disable_cpuslocked(struct static_key *key);
void jump_label_lock(void);
void jump_label_unlock(void);
