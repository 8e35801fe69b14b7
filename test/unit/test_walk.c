/*
 * test_walk.c: the walker.  Pruning must be exact (a pruned BuildKit walk
 * equals the full walk with excluded parents of kept entries added, H5)
 * and minimal (an excluded directory is entered only when an exception
 * could match below it).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctxpack.h"
#include "harness.h"

/* The walk's listing as one string, "path/" for dirs, one a line. */
static char *
listing(const char *dir, enum ctxpack_builder b, unsigned flags,
    int sent_only, unsigned long *entered)
{
	struct ctxpack_opts o;
	struct ctxpack_ctx *c;
	struct ctxpack_walk *w;
	const struct ctxpack_entry *e;
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);

	memset(&o, 0, sizeof(o));
	o.builder = b;
	out[0] = '\0';
	if (ctxpack_ctx_open(dir, &o, &c) != CTXPACK_OK) {
		t_fail(__FILE__, __LINE__, "ctx_open: %s",
		    c && ctxpack_ctx_error(c) ? ctxpack_ctx_error(c)->msg : "?");
		ctxpack_ctx_free(c);
		return out;
	}
	assert_int(ctxpack_walk_new(c, flags, &w), CTXPACK_OK);
	while (ctxpack_walk_next(w, &e) == CTXPACK_OK) {
		/* full walk: each object once with its verdict; or only
		 * what is sent, to compare with a pruned walk */
		if ((flags & CTXPACK_WALK_ALL) && !(sent_only ? e->sent :
		    !e->repeat))
			continue;
		if (sent_only && !e->sent)
			continue;
		if (len + e->pathlen + 8 > cap)
			out = realloc(out, cap = (len + e->pathlen + 8) * 2);
		len += (size_t)sprintf(out + len, "%c %s%s\n",
		    e->excluded ? 'x' : '+', e->path,
		    e->type == CTXPACK_T_DIR ? "/" : "");
	}
	if (entered != NULL)
		*entered = ctxpack_walk_excluded_dirs_entered(w);
	ctxpack_walk_free(w);
	ctxpack_ctx_free(c);
	return out;
}

/*
 * From a full walk (every entry, excluded marked), what the BuildKit walk
 * must send: included entries, and each excluded directory right before
 * the first included entry below it.
 */
static char *
expected_from_full(const char *full)
{
	char *out = calloc(1, strlen(full) + 1), *copy = strdup(full);
	char *pend[256], *line, *save = NULL;
	size_t np = 0, i;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *p = line + 2;
		size_t pl = strlen(p);

		/* drop pending dirs that are not ancestors of p */
		while (np > 0 && strncmp(p, pend[np - 1] + 2,
		    strlen(pend[np - 1] + 2)) != 0)
			np--;
		if (line[0] == 'x') {
			if (p[pl - 1] == '/' && np < 256)
				pend[np++] = line;
			continue;
		}
		for (i = 0; i < np; i++) {
			strcat(out, "x ");
			strcat(out, pend[i] + 2);
			strcat(out, "\n");
		}
		np = 0;
		strcat(out, "+ ");
		strcat(out, p);
		strcat(out, "\n");
	}
	free(copy);
	return out;
}

static const char *names[] = { "a", "b", "node_modules", "keep.txt", "x.log",
    "docs", "README.md", "c.pyc", "build", "a-b", "B", "data", ".env" };
static const char *pats[] = { "node_modules", "**/node_modules", "*.log",
    "!**/keep.txt", "!keep.txt", "docs", "!docs/README.md", "*", "!*/*.txt",
    "**/*.pyc", "a/*", "!a/b", "build/**", "!build/keep.txt", "b?",
    "[a-c]", "!a*/b", "data", "!data/**/keep.txt", "**/build",
    "!node_modules/**/keep.txt", "a/**/x.log", "!**/a" };

static unsigned long
rnd(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

static void
mktree(unsigned long *s, const char *dir, int depth)
{
	int n = (int)(rnd(s) % 5), i;
	char p[512];

	for (i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, names[rnd(s) % 13]);
		if (depth < 4 && rnd(s) % 2) {
			t_put(p, NULL);
			mktree(s, p, depth + 1);
		} else if (access(p, F_OK) != 0)
			t_put(p, "x");
	}
}

DEFINE_TEST(test_prune_equals_full_walk)
{
	unsigned long seed;
	int cases = 0;

	for (seed = 1; seed <= 400; seed++) {
		unsigned long s = seed;
		char dir[64], ign[1024] = "", *full, *want, *got;
		int i, np = 1 + (int)(rnd(&s) % 5);
		enum ctxpack_builder b;

		snprintf(dir, sizeof(dir), "t%lu", seed);
		t_put(dir, NULL);
		mktree(&s, dir, 0);
		for (i = 0; i < np; i++) {
			strcat(ign, pats[rnd(&s) % (sizeof(pats) /
			    sizeof(pats[0]))]);
			strcat(ign, "\n");
		}
		{
			char p[128];

			snprintf(p, sizeof(p), "%s/.dockerignore", dir);
			t_put(p, ign);
			snprintf(p, sizeof(p), "%s/Dockerfile", dir);
			t_put(p, "FROM scratch\n");
		}
		full = listing(dir, CTXPACK_BUILDKIT, CTXPACK_WALK_ALL, 0, NULL);
		want = expected_from_full(full);
		got = listing(dir, CTXPACK_BUILDKIT, 0, 0, NULL);
		if (strcmp(want, got) != 0)
			t_fail(__FILE__, __LINE__, "seed %lu, patterns:\n%s"
			    "full walk gives:\n%spruned walk gives:\n%s", seed,
			    ign, want, got);
		free(full);
		free(want);
		/* a full walk's "sent" entries are the pruned walk's */
		for (b = CTXPACK_BUILDKIT; b <= CTXPACK_CLASSIC; b++) {
			char *a = listing(dir, b, CTXPACK_WALK_ALL, 1, NULL);
			char *p = b == CTXPACK_BUILDKIT ? got :
			    listing(dir, b, 0, 0, NULL);

			if (strcmp(a, p) != 0)
				t_fail(__FILE__, __LINE__, "seed %lu builder "
				    "%d: full walk's sent entries:\n%s"
				    "pruned walk:\n%s", seed, (int)b, a, p);
			if (p != got)
				free(p);
			free(a);
		}
		free(got);
		cases++;
	}
	assert_int(cases, 400);
}

DEFINE_TEST(test_prune_minimal)
{
	unsigned long entered;
	char *l;

	t_put("nm/node_modules/a/b/keep.txt", "k");
	t_put("nm/node_modules/a/x.js", "x");
	t_put("nm/data/keep.csv", "k");
	t_put("nm/Dockerfile", "FROM scratch\n");
	/* a wildcard exception that can match inside: entered */
	t_put("nm/.dockerignore", "node_modules\n!**/keep.txt\n");
	l = listing("nm", CTXPACK_BUILDKIT, 0, 0, &entered);
	assert_true(strstr(l, "+ node_modules/a/b/keep.txt\n") != NULL);
	assert_int(entered, 3);	/* node_modules, a, b */
	free(l);
	/* an exception elsewhere: node_modules never opened */
	t_put("nm/.dockerignore", "node_modules\n!data/keep.csv\n");
	l = listing("nm", CTXPACK_BUILDKIT, 0, 0, &entered);
	assert_int(entered, 0);
	free(l);
	/* an exception before the exclusion cannot re-include */
	t_put("nm/.dockerignore", "!**/keep.txt\nnode_modules\n");
	l = listing("nm", CTXPACK_BUILDKIT, 0, 0, &entered);
	assert_int(entered, 0);
	free(l);
	/* a literal exception: only the directories on its path */
	t_put("nm/node_modules/c/d", "d");
	t_put("nm/.dockerignore", "node_modules\n!node_modules/a/b/keep.txt\n");
	l = listing("nm", CTXPACK_BUILDKIT, 0, 0, &entered);
	assert_int(entered, 3);
	assert_true(strstr(l, "x node_modules/a/b/\n+ node_modules/a/b/keep.txt")
	    != NULL);
	free(l);
	/* classic: the literal-prefix rule (R21) */
	t_put("nm/.dockerignore", "node_modules\n!**/keep.txt\n");
	l = listing("nm", CTXPACK_CLASSIC, 0, 0, &entered);
	assert_int(entered, 0);
	assert_true(strstr(l, "keep.txt") == NULL || strstr(l,
	    "node_modules") == NULL);
	free(l);
}
