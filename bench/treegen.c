/*
 * treegen: a seeded synthetic source-tree generator for ctxpack's
 * benchmarks.  The same seed, profile and size always give the same tree:
 * names, sizes, contents, modes, symlinks and mtimes (integer arithmetic
 * only, one xoshiro256** stream, no dependence on readdir order).
 *
 *   treegen [-p PROFILE] [-n FILES] [-s SEED] [-q] DIR
 *
 * DIR must not exist or be empty.  FILES counts regular files and symlinks
 * (directories not included) and is met exactly, except for `blobs`,
 * whose few large files come with FILES/1000 small ones.
 *
 * Profiles:
 *   webapp  node_modules-heavy JS monorepo: node_modules (with nested
 *           node_modules, scoped packages, .bin symlinks), workspace
 *           packages with dist/ build/ and __pycache__ at every depth, a
 *           Python server, .git, coverage, .next/cache, logs, and three
 *           50 MB blobs (one of them in the context).
 *   pymono  Python monorepo: services/ and libs/ with __pycache__ and .pyc
 *           everywhere, a root .venv and per-service .venv, .tox,
 *           .pytest_cache, .mypy_cache, *.egg-info, build/.
 *   deep    spines 50 to 90 directories deep with side trees (node_modules,
 *           __pycache__, build) hanging off every level.
 *   wide    every file in one directory (assets/).
 *   blobs   eight large files (16-100 MB, 420 MB) and FILES/1000 small ones.
 *
 * Sizes follow a heavy-tailed integer distribution (median ~1 KB, mean
 * ~2.4 KB, at most 128 KB); contents are slices of a seeded text pool.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <dirent.h>
#include <unistd.h>

#define POOL	(8u << 20)		/* text pool */
#define CHUNK	(1u << 20)		/* largest slice written at once */
#define MB	(1024L * 1024L)
#define BASE_TIME 1704067200L		/* 2024-01-01T00:00:00Z */

static const char *progname = "treegen";
static int quiet;

/* ------------------------------------------------------------------ rng */

static uint64_t rs[4];

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rnd64(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* uniform in [0, n) */
static long
rnd(long n)
{
	if (n <= 1)
		return 0;
	return (long)(rnd64() % (uint64_t)n);
}

/* uniform in [lo, hi] */
static long
rrange(long lo, long hi)
{
	return hi <= lo ? lo : lo + rnd(hi - lo + 1);
}

/* 1 with probability pct/100 */
static int
chance(int pct)
{
	return rnd(100) < pct;
}

#define PICK(a)	((a)[rnd((long)(sizeof(a) / sizeof((a)[0])))])

/* ---------------------------------------------------------------- stats */

static long nfiles, nlinks, ndirs;
static long long nbytes;
static char *pool;

static void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static struct timespec
some_time(void)
{
	struct timespec ts;

	ts.tv_sec = BASE_TIME + rnd(365L * 86400);
	ts.tv_nsec = rnd(1000000000L);
	return ts;
}

/* A size: (32..1023) << g, g geometric (p 1/2) capped at 7. */
static long
file_size(void)
{
	long base = rrange(32, 1023);
	int g = 0;

	if (rnd(50) == 0)
		return 0;
	while (g < 7 && (rnd64() & 1))
		g++;
	return base << g;
}

/* ---------------------------------------------------------------- nodes */

/* Insert "-K" before the first dot that is not the leading one. */
static void
variant(char *dst, size_t cap, const char *name, int k)
{
	const char *dot = strchr(name + 1, '.');
	int plen = dot ? (int)(dot - name) : (int)strlen(name);

	snprintf(dst, cap, "%.*s-%d%s", plen, name, k, dot ? dot : "");
}

static void
write_all(int fd, const char *p, size_t n, const char *name)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("write %s: %s", name, strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
}

/* A regular file of SIZE bytes; a taken name gets a "-K" variant. */
static void
mkfile_mode(int dfd, const char *name, long size, mode_t mode)
{
	char buf[512];
	const char *nm = name;
	struct timespec ts[2];
	int fd, k = 1;

	while ((fd = openat(dfd, nm, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode)) < 0) {
		if (errno != EEXIST)
			die("create %s: %s", nm, strerror(errno));
		variant(buf, sizeof buf, name, ++k);
		nm = buf;
	}
	if (fchmod(fd, mode) < 0)	/* umask */
		die("chmod %s: %s", nm, strerror(errno));
	nbytes += size;
	while (size > 0) {
		long n = size < (long)CHUNK ? size : (long)CHUNK;
		long off = rnd((long)(POOL - CHUNK));

		write_all(fd, pool + off, (size_t)n, nm);
		size -= n;
	}
	ts[0] = ts[1] = some_time();
	if (futimens(fd, ts) < 0)
		die("utimens %s: %s", nm, strerror(errno));
	close(fd);
	nfiles++;
}

static void
mkfile(int dfd, const char *name, long size)
{
	mkfile_mode(dfd, name, size, 0644);
}

static void
mklink(int dfd, const char *name, const char *target)
{
	char buf[512];
	const char *nm = name;
	struct timespec ts[2];
	int k = 1;

	while (symlinkat(target, dfd, nm) < 0) {
		if (errno != EEXIST)
			die("symlink %s: %s", nm, strerror(errno));
		variant(buf, sizeof buf, name, ++k);
		nm = buf;
	}
	ts[0] = ts[1] = some_time();
	utimensat(dfd, nm, ts, AT_SYMLINK_NOFOLLOW);
	nlinks++;
}

/* Make and open a directory; a taken name gets a "-K" variant. */
static int
mkd(int dfd, const char *name)
{
	char buf[512];
	const char *nm = name;
	int fd, k = 1;

	while (mkdirat(dfd, nm, 0755) < 0) {
		if (errno != EEXIST)
			die("mkdir %s: %s", nm, strerror(errno));
		variant(buf, sizeof buf, name, ++k);
		nm = buf;
	}
	if ((fd = openat(dfd, nm, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		die("open %s: %s", nm, strerror(errno));
	ndirs++;
	return fd;
}

/* Close a finished directory, its mtime set last. */
static void
done(int fd)
{
	struct timespec ts[2];

	ts[0] = ts[1] = some_time();
	futimens(fd, ts);
	close(fd);
}

/* A large file written in 1 MB slices. */
static void
blob(int dfd, const char *name, long size)
{
	mkfile(dfd, name, size);
}

/* ---------------------------------------------------------------- words */

static const char *jsw[] = {
	"index", "utils", "helpers", "core", "api", "client", "server",
	"config", "types", "constants", "hooks", "store", "reducer", "actions",
	"component", "button", "modal", "form", "input", "table", "list",
	"item", "card", "header", "footer", "layout", "page", "router", "auth",
	"user", "session", "cache", "logger", "parser", "lexer", "compiler",
	"runtime", "stream", "buffer", "events", "errors", "validate",
	"format", "date", "math", "string", "array", "object", "promise",
	"async", "queue", "worker", "plugin", "loader", "transform",
	"polyfill", "shim", "legacy", "browser", "node", "main", "module",
	"common", "shared", "internal", "vendor", "theme", "icons", "styles",
	"context", "provider", "selector", "schema", "query", "mutation",
};
static const char *jsext[] = {
	".js", ".js", ".js", ".js", ".js", ".js", ".ts", ".ts", ".d.ts",
	".d.ts", ".js.map", ".json", ".md", ".cjs", ".mjs", ".tsx", ".css",
};
static const char *srcext[] = {
	".ts", ".ts", ".tsx", ".tsx", ".tsx", ".css", ".scss", ".test.ts",
	".test.tsx", ".json", ".svg", ".md", ".js",
};
static const char *pyw[] = {
	"models", "views", "serializers", "urls", "admin", "apps", "tasks",
	"utils", "schemas", "crud", "deps", "config", "settings", "main", "db",
	"session", "base", "routes", "handlers", "service", "repository",
	"client", "exceptions", "middleware", "auth", "security", "cli",
	"commands", "migrations", "factories", "fixtures", "helpers",
	"validators", "signals", "cache", "storage", "events", "workers",
	"jobs", "metrics", "logging", "types", "enums", "constants", "api",
	"core", "io", "parser", "encoder", "decoder", "compat", "_impl",
};
static const char *syl[] = {
	"re", "act", "lo", "dash", "ex", "press", "web", "pack", "babel",
	"core", "js", "ts", "es", "lint", "pretty", "chalk", "debug", "ms",
	"semver", "glob", "mini", "match", "yargs", "commander", "axios",
	"uuid", "rx", "vue", "jest", "mocha", "chai", "sinon", "ajv", "acorn",
	"terser", "rollup", "vite", "post", "css", "sass", "styled", "emotion",
	"next", "redux", "mobx", "immer", "date", "fns", "luxon", "zod", "yup",
	"ws", "socket", "io", "http", "proxy", "agent", "tough", "cookie",
	"form", "data", "mime", "types", "safe", "buffer", "string", "width",
	"ansi", "regex", "escape", "strip", "color", "convert", "name", "has",
	"flag", "supports", "is", "number", "object", "keys", "assign", "deep",
	"equal", "merge", "clone", "get", "set", "value", "parse", "loader",
};
static const char *scopes[] = {
	"@babel", "@types", "@jest", "@eslint", "@rollup", "@emotion",
	"@testing-library", "@aws-sdk", "@smithy", "@radix-ui", "@sentry",
	"@tanstack", "@vitest", "@swc", "@esbuild", "@octokit",
};
static const char *libdirs[] = {
	"lib", "dist", "src", "build", "cjs", "esm", "es", "umd", "types",
	"internal", "helpers", "utils", "plugins", "modules", "compat",
};
static const char *srcdirs[] = {
	"components", "pages", "hooks", "utils", "features", "store", "api",
	"styles", "assets", "layouts", "widgets", "services", "models",
	"routes", "views", "shared", "common", "lib", "forms", "modals",
	"admin", "dashboard", "settings", "profile", "auth", "billing",
};

static void
pkgname(char *b, size_t n)
{
	if (chance(60))
		snprintf(b, n, "%s-%s", PICK(syl), PICK(syl));
	else if (chance(50))
		snprintf(b, n, "%s%s", PICK(syl), PICK(syl));
	else
		snprintf(b, n, "%s", PICK(syl));
}

/* --------------------------------------------------------------- budget */

/*
 * Generators take a budget (files to create), create at most that many,
 * and return how many they made.
 */

/* A .git directory: loose objects, refs, hooks, an optional pack blob. */
static long
gen_git(int dfd, long budget, long packsize)
{
	static const char *hooks[] = {
		"applypatch-msg", "commit-msg", "post-update", "pre-applypatch",
		"pre-commit", "pre-push", "pre-rebase", "pre-receive",
		"prepare-commit-msg", "update", "fsmonitor-watchman",
	};
	int g = mkd(dfd, ".git"), o, p, h;
	long made = 0, i;
	char b[64];

	if (budget < 30) {
		done(g);
		return 0;
	}
	mkfile(g, "HEAD", 23);
	mkfile(g, "config", 300);
	mkfile(g, "description", 73);
	mkfile(g, "index", budget * 80 + 100);
	mkfile(g, "packed-refs", 2000);
	made += 5;
	h = mkd(g, "hooks");
	for (i = 0; i < (long)(sizeof hooks / sizeof hooks[0]); i++) {
		snprintf(b, sizeof b, "%s.sample", hooks[i]);
		mkfile_mode(h, b, rrange(400, 4000), 0755);
		made++;
	}
	done(h);
	h = mkd(g, "refs");
	p = mkd(h, "heads");
	mkfile(p, "main", 41);
	made++;
	done(p);
	p = mkd(h, "tags");
	done(p);
	done(h);
	o = mkd(g, "objects");
	p = mkd(o, "pack");
	if (packsize > 0) {
		blob(p, "pack-4f2a9c1e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39.pack",
		    packsize);
		mkfile(p, "pack-4f2a9c1e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39.idx",
		    packsize / 500);
		made += 2;
	}
	done(p);
	/* loose objects: 256 fan-out directories filled round-robin */
	{
		int fan[256];
		int nf = 0;

		for (i = 0; made < budget; i++) {
			unsigned slot = (unsigned)rnd(256);
			char hex[40];
			int j;

			if (i < 256) {
				snprintf(b, sizeof b, "%02x", (unsigned)i);
				fan[nf++] = mkd(o, b);
				slot = (unsigned)i;
			}
			for (j = 0; j < 38; j++)
				hex[j] = "0123456789abcdef"[rnd(16)];
			hex[38] = 0;
			mkfile_mode(fan[slot % (unsigned)nf], hex,
			    rrange(60, 4000), 0444);
			made++;
		}
		for (i = 0; i < nf; i++)
			done(fan[i]);
	}
	done(o);
	done(g);
	return made;
}

/* Files of one package-ish directory tree (JS library layout). */
static long
gen_jslib(int dfd, long budget, int depth)
{
	long made = 0, here;
	char b[256];
	int k, i;

	if (budget <= 0)
		return 0;
	here = budget < 12 ? budget : rrange(3, 12);
	if (depth > 3)
		here = budget;
	for (i = 0; i < here; i++) {
		snprintf(b, sizeof b, "%s%s", PICK(jsw), PICK(jsext));
		mkfile(dfd, b, file_size());
	}
	made += here;
	budget -= here;
	k = (int)rrange(1, 3);
	for (i = 0; i < k && budget > 0; i++) {
		long share = i == k - 1 ? budget : rrange(1, budget);
		int sub = mkd(dfd, PICK(libdirs));
		long m = gen_jslib(sub, share, depth + 1);

		done(sub);
		made += m;
		budget -= m;
	}
	return made;
}

static long gen_pkgdir(int dfd, const char *name, long budget, int depth);

/* A node_modules directory holding packages for BUDGET files. */
static long
gen_node_modules(int dfd, long budget, int depth, long cacheblob)
{
	int nm = mkd(dfd, "node_modules"), bin = -1, scope = -1;
	long made = 0;
	char name[128], tgt[300];
	int scoped_left = 0;

	if (depth == 0) {
		bin = mkd(nm, ".bin");
		mkfile(nm, ".package-lock.json", rrange(50000, 500000));
		mkfile(nm, ".yarn-integrity", 800);
		made += 2;
		if (cacheblob > 0) {
			int c = mkd(nm, ".cache"), w = mkd(c, "webpack");

			blob(w, "0.pack", cacheblob);
			mkfile(w, "index.pack", 200000);
			made += 2;
			done(w);
			done(c);
		}
	}
	while (made < budget) {
		long left = budget - made, want, m;

		/* package sizes: mostly small, a few big ones */
		want = rrange(4, 20);
		if (chance(20))
			want = rrange(20, 120);
		if (chance(3))
			want = rrange(200, 900);
		if (want > left)
			want = left;
		pkgname(name, sizeof name);
		if (scoped_left == 0 && scope >= 0) {
			done(scope);
			scope = -1;
		}
		if (scope < 0 && chance(15)) {
			scope = mkd(nm, PICK(scopes));
			scoped_left = (int)rrange(1, 8);
		}
		if (scope >= 0) {
			m = gen_pkgdir(scope, name, want, depth);
			scoped_left--;
		} else {
			m = gen_pkgdir(nm, name, want, depth);
		}
		made += m;
		if (bin >= 0 && made < budget && chance(10)) {
			snprintf(tgt, sizeof tgt, "../%s/bin/cli.js", name);
			mklink(bin, name, tgt);
			made++;
		}
	}
	if (scope >= 0)
		done(scope);
	if (bin >= 0)
		done(bin);
	done(nm);
	return made;
}

/* One npm package: manifest, docs, library tree, maybe nested deps. */
static long
gen_pkgdir(int dfd, const char *name, long budget, int depth)
{
	int p = mkd(dfd, name);
	long made = 0;

	mkfile(p, "package.json", rrange(600, 4000));
	made++;
	if (made < budget) {
		mkfile(p, chance(70) ? "README.md" : "readme.md", file_size());
		made++;
	}
	if (made < budget) {
		mkfile(p, chance(80) ? "LICENSE" : "LICENSE.md", 1075);
		made++;
	}
	if (made < budget && chance(20)) {
		int b = mkd(p, "bin");

		mkfile_mode(b, "cli.js", file_size(), 0755);
		made++;
		done(b);
	}
	if (budget - made > 25 && depth < 3 && chance(15)) {
		long nested = (budget - made) / 3;

		made += gen_node_modules(p, nested, depth + 1, 0);
	}
	made += gen_jslib(p, budget - made, 0);
	done(p);
	return made;
}

/*
 * Source trees.  STYLE: 'j' JS/TS app source, 'p' Python source.  HOOKS
 * adds what tools leave at every depth: __pycache__ (always for Python),
 * dist/ and build/ output, .cache; all excluded by the common ignore file.
 */
struct srcstyle {
	char	style;
	int	hooks;		/* percent chance of an output dir per dir */
	int	fmin, fmax;	/* files per directory */
	int	smax;		/* subdirectories per directory */
};

static long gen_src(int dfd, long budget, int depth, const struct srcstyle *);

static long
gen_pycache(int dfd, char names[][64], int n, long budget)
{
	int c = mkd(dfd, "__pycache__");
	long made = 0;
	char b[128];
	int i;

	for (i = 0; i < n && made < budget; i++) {
		int len = (int)strlen(names[i]);

		if (len > 3 && strcmp(names[i] + len - 3, ".py") == 0) {
			snprintf(b, sizeof b, "%.*s.cpython-311.pyc", len - 3,
			    names[i]);
			mkfile(c, b, file_size() / 2 + 200);
			made++;
		}
	}
	done(c);
	return made;
}

static long
gen_output(int dfd, long budget)
{
	static const char *outs[] = { "dist", "build", "dist", ".cache",
	    "build", "coverage" };
	int o = mkd(dfd, PICK(outs));
	long want = rrange(2, 30), made = 0;
	char b[128];

	if (want > budget)
		want = budget;
	while (made < want) {
		const char *w = PICK(jsw);

		snprintf(b, sizeof b, "%s.%x.js", w, (unsigned)rnd(1 << 20));
		mkfile(o, b, file_size());
		made++;
		if (made < want) {
			snprintf(b, sizeof b, "%s.js.map", w);
			mkfile(o, b, file_size());
			made++;
		}
	}
	done(o);
	return made;
}

static long
gen_src(int dfd, long budget, int depth, const struct srcstyle *st)
{
	char names[64][64];
	long made = 0, here;
	int i, k, n = 0;

	if (budget <= 0)
		return 0;
	here = rrange(st->fmin, st->fmax);
	if (st->style == 'p')
		here = (here + 1) / 2;	/* leaves room for __pycache__ */
	if (here > budget)
		here = budget;
	if (depth >= 12)
		here = budget;
	for (i = 0; i < here; i++) {
		char *b = names[n < 63 ? n : 63];

		if (st->style == 'p')
			snprintf(b, 64, "%s%s", i == 0 && chance(80) ?
			    "__init__" : PICK(pyw), chance(90) ? ".py" :
			    chance(50) ? ".pyi" : ".json");
		else
			snprintf(b, 64, "%s%s", PICK(jsw), PICK(srcext));
		mkfile(dfd, b, file_size());
		if (n < 63)
			n++;
	}
	made += here;
	if (made < budget && (st->style == 'p' || chance(st->hooks / 2)))
		made += gen_pycache(dfd, names, n, budget - made);
	if (made < budget && chance(st->hooks))
		made += gen_output(dfd, budget - made);
	if (made < budget && st->style == 'j' && chance(5)) {
		mkfile(dfd, chance(50) ? "debug.log" : "npm-debug.log",
		    file_size());
		made++;
	}
	if (made < budget && chance(3)) {
		mkfile(dfd, "notes.tmp", file_size());
		made++;
	}
	k = (int)rrange(1, st->smax);
	for (i = 0; i < k && made < budget; i++) {
		long left = budget - made;
		long share = i == k - 1 ? left : rrange(1, left);
		int sub = mkd(dfd, st->style == 'p' ? PICK(pyw) :
		    PICK(srcdirs));

		made += gen_src(sub, share, depth + 1, st);
		done(sub);
	}
	return made;
}

/* Fill exactly BUDGET files of source in DFD (loops until met). */
static long
fill_src(int dfd, long budget, const struct srcstyle *st)
{
	long made = 0;

	while (made < budget)
		made += gen_src(dfd, budget - made, 0, st);
	return made;
}

static void
rootfiles(int r, const char *kind)
{
	mkfile(r, "Dockerfile", 400);
	mkfile(r, "README.md", 6000);
	mkfile(r, "CHANGELOG.md", 30000);
	mkfile(r, ".gitignore", 300);
	mkfile(r, ".env", 200);
	mkfile(r, ".env.example", 200);
	mkfile(r, "docker-compose.yml", 1500);
	if (strcmp(kind, "py") == 0) {
		mkfile(r, "pyproject.toml", 2500);
		mkfile(r, "requirements.txt", 900);
		mkfile(r, "setup.cfg", 600);
	} else {
		mkfile(r, "package.json", 2500);
		mkfile(r, "package-lock.json", 400000);
		mkfile(r, "tsconfig.json", 700);
	}
}
#define NROOT 10

/* ------------------------------------------------------------- profiles */

static void
prof_webapp(int r, long n)
{
	static const struct srcstyle js = { 'j', 12, 3, 14, 4 };
	static const struct srcstyle py = { 'p', 5, 3, 12, 3 };
	long left = n - NROOT, part, m;
	int d, w, p, i, npk;
	char b[64];

	rootfiles(r, "js");
	/* three 50 MB blobs: one in the context (data/), two excluded */
	d = mkd(r, "data");
	blob(d, "seed.sql", 50 * MB);
	left--;
	done(d);
	left -= gen_git(r, n * 4 / 100, 50 * MB);
	left -= gen_node_modules(r, n * 69 / 100, 0, 50 * MB);
	/* workspace packages with their own dist/ and node_modules */
	w = mkd(r, "packages");
	part = n * 13 / 100;
	npk = (int)(part / 400) + 2;
	for (i = 0; i < npk && part > 0; i++) {
		long share = i == npk - 1 ? part : part / (npk - i);

		snprintf(b, sizeof b, "%s", PICK(syl));
		p = mkd(w, b);
		mkfile(p, "package.json", 900);
		m = 1;
		if (share > 40 && chance(50))
			m += gen_node_modules(p, share / 8, 1, 0);
		m += fill_src(p, share - m, &js);
		done(p);
		part -= m;
		left -= m;
	}
	done(w);
	/* a Python server */
	d = mkd(r, "server");
	mkfile(d, "requirements.txt", 800);
	left--;
	left -= fill_src(d, n * 5 / 100, &py);
	done(d);
	/* root output and caches */
	d = mkd(r, "coverage");
	left -= fill_src(d, n * 1 / 100, &js);
	done(d);
	d = mkd(r, ".next");
	p = mkd(d, "cache");
	left -= fill_src(p, n * 2 / 100, &js);
	done(p);
	done(d);
	d = mkd(r, "logs");
	for (i = 0; i < 20 && left > 0; i++, left--) {
		snprintf(b, sizeof b, "app-%02d.log", i);
		mkfile(d, b, file_size() * 4);
	}
	done(d);
	d = mkd(r, "public");
	left -= fill_src(d, n * 1 / 100, &js);
	done(d);
	/* the app's own source takes the rest */
	d = mkd(r, "src");
	fill_src(d, left, &js);
	done(d);
}

static long
gen_site_packages(int dfd, long budget)
{
	static const struct srcstyle lib = { 'p', 8, 4, 16, 4 };
	long made = 0;
	char name[128], b[160];

	while (made < budget) {
		long want = rrange(6, 40), m = 0;
		int p, di;

		if (chance(10))
			want = rrange(100, 1500);
		if (want > budget - made)
			want = budget - made;
		pkgname(name, sizeof name);
		for (char *c = name; *c; c++)
			if (*c == '-')
				*c = '_';
		snprintf(b, sizeof b, "%s-%ld.%ld.%ld.dist-info", name,
		    rrange(0, 9), rrange(0, 40), rrange(0, 20));
		di = mkd(dfd, b);
		mkfile(di, "METADATA", file_size());
		m++;
		if (m < want) { mkfile(di, "RECORD", file_size()); m++; }
		if (m < want) { mkfile(di, "WHEEL", 110); m++; }
		if (m < want) { mkfile(di, "INSTALLER", 4); m++; }
		done(di);
		if (m < want) {
			p = mkd(dfd, name);
			m += fill_src(p, want - m, &lib);
			done(p);
		}
		made += m;
	}
	return made;
}

static long
gen_venv(int dfd, const char *name, long budget)
{
	int v = mkd(dfd, name), a, b, c;
	long made = 0;

	mkfile(v, "pyvenv.cfg", 200);
	made++;
	a = mkd(v, "bin");
	mklink(a, "python", "/usr/bin/python3.11");
	mklink(a, "python3", "python");
	mkfile_mode(a, "activate", 2000, 0644);
	mkfile_mode(a, "pip", 250, 0755);
	made += 4;
	done(a);
	a = mkd(v, "lib");
	b = mkd(a, "python3.11");
	c = mkd(b, "site-packages");
	made += gen_site_packages(c, budget - made);
	done(c);
	done(b);
	done(a);
	done(v);
	return made;
}

static void
prof_pymono(int r, long n)
{
	static const struct srcstyle py = { 'p', 10, 3, 12, 3 };
	long left = n - NROOT, part;
	int d, s, i, nsvc;
	char b[128];

	rootfiles(r, "py");
	left -= gen_git(r, n * 5 / 100, 0);
	left -= gen_venv(r, ".venv", n * 35 / 100);
	d = mkd(r, ".tox");
	s = mkd(d, "py311");
	left -= gen_site_packages(s, n * 3 / 100);
	done(s);
	done(d);
	d = mkd(r, ".mypy_cache");
	left -= fill_src(d, n * 2 / 100, &py);
	done(d);
	d = mkd(r, "docs");
	left -= fill_src(d, n * 2 / 100, &py);
	done(d);
	/* services/ and libs/: each with src/, tests/, caches, some .venv */
	for (int top = 0; top < 2; top++) {
		d = mkd(r, top ? "libs" : "services");
		part = top ? left : n * 35 / 100;
		nsvc = (int)(part / 1500) + 2;
		for (i = 0; i < nsvc && part > 0; i++) {
			long share = i == nsvc - 1 ? part : part / (nsvc - i);
			long m = 0;
			int sv, x, y;

			snprintf(b, sizeof b, "%s-%s", PICK(pyw), PICK(syl));
			sv = mkd(d, b);
			mkfile(sv, "pyproject.toml", 1200);
			m++;
			if (share > 200 && chance(30))
				m += gen_venv(sv, ".venv", share / 3);
			x = mkd(sv, ".pytest_cache");
			mkfile(x, "README.md", 300);
			mkfile(x, "CACHEDIR.TAG", 191);
			m += 2;
			done(x);
			if (chance(50)) {
				x = mkd(sv, "build");
				y = mkd(x, "lib");
				m += fill_src(y, (share - m) / 10, &py);
				done(y);
				done(x);
			}
			x = mkd(sv, "src");
			snprintf(b, sizeof b, "%s.egg-info", PICK(pyw));
			y = mkd(x, b);
			mkfile(y, "PKG-INFO", 1500);
			mkfile(y, "SOURCES.txt", 3000);
			m += 2;
			done(y);
			y = mkd(x, PICK(pyw));
			m += fill_src(y, (share - m) * 2 / 3, &py);
			done(y);
			done(x);
			x = mkd(sv, "tests");
			m += fill_src(x, share - m, &py);
			done(x);
			done(sv);
			part -= m;
			left -= m;
		}
		done(d);
	}
}

static void
prof_deep(int r, long n)
{
	static const struct srcstyle side = { 'j', 10, 2, 8, 2 };
	static const char *sides[] = { "node_modules", "__pycache__", "build",
	    "src", "lib", "test", "assets", "vendor", "docs", "fixtures" };
	long left = n - NROOT;
	long nsp = n / 5000 > 0 ? n / 5000 : 1;
	int sp, i;
	char b[64];

	rootfiles(r, "js");
	for (sp = 0; sp < nsp && left > 0; sp++) {
		long budget = sp == nsp - 1 ? left : left / (nsp - sp);
		int depth = (int)rrange(50, 90), lvl;
		int fds[100];
		long made = 0;

		snprintf(b, sizeof b, "spine%02d", sp);
		fds[0] = mkd(r, b);
		for (lvl = 1; lvl <= depth; lvl++) {
			long per = (budget - made) / (depth - lvl + 1);
			long here = per < 4 ? per : rrange(1, 4), j;

			if (lvl == depth)
				here = budget - made;
			for (j = 0; j < here && made < budget; j++, made++) {
				snprintf(b, sizeof b, "%s%s", PICK(jsw),
				    PICK(jsext));
				mkfile(fds[lvl - 1], b, file_size());
			}
			if (made < budget && per > here) {
				int s = mkd(fds[lvl - 1], PICK(sides));

				made += fill_src(s, per - here, &side);
				done(s);
			}
			if (lvl < depth) {
				snprintf(b, sizeof b, "d%02d", lvl);
				fds[lvl] = mkd(fds[lvl - 1], b);
			}
		}
		for (i = depth - 1; i >= 0; i--)
			done(fds[i]);
		left -= made;
	}
}

static void
prof_wide(int r, long n)
{
	static const char *ext[] = { ".png", ".png", ".jpg", ".svg", ".svg",
	    ".json", ".webp", ".gif", ".css", ".js", ".log", ".tmp" };
	long left = n - NROOT, i;
	int d;
	char b[128];

	rootfiles(r, "js");
	d = mkd(r, "assets");
	for (i = 0; i < left; i++) {
		snprintf(b, sizeof b, "%s-%06lx%s", PICK(jsw),
		    (unsigned long)rnd(1L << 24), PICK(ext));
		mkfile(d, b, file_size() / 2);
	}
	done(d);
}

static void
prof_blobs(int r, long n)
{
	static const struct srcstyle js = { 'j', 12, 3, 14, 4 };
	static const struct { const char *dir, *name; long mb; } bl[] = {
		{ "models", "encoder.onnx", 100 },
		{ "models", "decoder.onnx", 64 },
		{ "data", "fixtures.sql", 50 },
		{ "data", "geo.mbtiles", 50 },
		{ "assets", "intro.mp4", 32 },
		{ "assets", "textures.pak", 16 },
		{ ".cache", "huggingface.bin", 78 },	/* excluded */
		{ "tmp", "dump.tmp", 30 },		/* excluded (*.tmp) */
	};
	int d, i;

	rootfiles(r, "js");
	for (i = 0; i < (int)(sizeof bl / sizeof bl[0]); i++) {
		/* reopen by name: a repeated directory is created once */
		if ((d = openat(r, bl[i].dir, O_RDONLY | O_DIRECTORY)) < 0)
			d = mkd(r, bl[i].dir);
		blob(d, bl[i].name, bl[i].mb * MB);
		done(d);
	}
	d = mkd(r, "src");
	fill_src(d, n / 1000 > 50 ? n / 1000 : 50, &js);
	done(d);
}

/* ----------------------------------------------------------------- main */

static void
usage(void)
{
	fprintf(stderr, "usage: %s [-p webapp|pymono|deep|wide|blobs] "
	    "[-n FILES] [-s SEED] [-q] DIR\n", progname);
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *prof = "webapp", *dir;
	long n = 100000;
	uint64_t seed = 1, x;
	int c, r;
	DIR *dp;
	struct dirent *de;
	size_t i;

	while ((c = getopt(argc, argv, "p:n:s:qh")) != -1) {
		switch (c) {
		case 'p': prof = optarg; break;
		case 'n': n = strtol(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'q': quiet = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1)
		usage();
	dir = argv[optind];
	if (n < 1000)
		die("-n %ld: at least 1000 files", n);

	/* seed: splitmix64 over the seed and the profile name */
	x = seed;
	for (const char *p = prof; *p; p++)
		x = x * 131 + (unsigned char)*p;
	for (i = 0; i < 4; i++)
		rs[i] = splitmix(&x);

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		die("mkdir %s: %s", dir, strerror(errno));
	if ((dp = opendir(dir)) == NULL)
		die("%s: %s", dir, strerror(errno));
	while ((de = readdir(dp)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			die("%s: not empty", dir);
	closedir(dp);
	if ((r = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		die("%s: %s", dir, strerror(errno));

	/* the text pool: JS/Python-looking lines */
	if ((pool = malloc(POOL)) == NULL)
		die("out of memory");
	{
		static const char *tok[] = { "const ", "return ", "function ",
		    "import ", "def ", "self.", "if (", ") {\n", "}\n", "  ",
		    "    ", " = ", "(", ")", ", ", ";\n", "\n", "# ", "// ",
		    "export ", "class ", "async ", "await ", "None", "null",
		    "true", "false", "0", "1", "'", "\"", ".", ":\n" };
		size_t off = 0;

		while (off < POOL) {
			const char *t = rnd(3) ? PICK(jsw) : PICK(tok);
			size_t l = strlen(t);

			if (off + l > POOL)
				l = POOL - off;
			memcpy(pool + off, t, l);
			off += l;
		}
	}

	if (strcmp(prof, "webapp") == 0)
		prof_webapp(r, n);
	else if (strcmp(prof, "pymono") == 0)
		prof_pymono(r, n);
	else if (strcmp(prof, "deep") == 0)
		prof_deep(r, n);
	else if (strcmp(prof, "wide") == 0)
		prof_wide(r, n);
	else if (strcmp(prof, "blobs") == 0)
		prof_blobs(r, n);
	else
		die("unknown profile %s", prof);
	done(r);
	if (!quiet)
		fprintf(stderr, "%s: %s seed %llu: %ld files, %ld symlinks, "
		    "%ld dirs, %.1f MB\n", progname, prof,
		    (unsigned long long)seed, nfiles, nlinks, ndirs,
		    (double)nbytes / MB);
	return 0;
}
