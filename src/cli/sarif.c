/*
 * sarif.c: lint findings as a SARIF 2.1.0 log.  One reportingDescriptor
 * per lint code (every code lint knows, found or not, so rule indices
 * stay put between runs), then one result per finding with its level,
 * message and a physical location: the ignore file's line and column
 * when the finding has them; else the file concerned (a secret), else
 * the ignore file the suggested line goes into.  GitHub code scanning
 * wants a region with a startLine in every result, so line 1 stands in
 * for findings about no line.  URIs are relative to the working
 * directory, as the paths lint prints are (the repository root in CI).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "sarif.h"

/* What each code means: short and full description, and how to fix it. */
static const struct rule {
	const char	*code;
	const char	*name;
	const char	*level;		/* its usual level */
	const char	*shortd;
	const char	*fulld;
	const char	*help;
	int		 security;
} rules[] = {
	{ "inline-comment", "InlineComment", "warning",
	    "\"#\" after a pattern is not a comment",
	    "Only a line whose first byte is \"#\" is a comment in "
	    ".dockerignore: \"dist  # output\" is one pattern that matches "
	    "nothing.",
	    "Put the comment on a line of its own.", 0 },
	{ "slash-comment", "SlashComment", "warning",
	    "\"//\" does not start a comment",
	    "A line starting with \"//\" is a pattern, not a comment; "
	    ".dockerignore comments start with \"#\" as the first byte.",
	    "Write the comment with \"#\" at the start of the line.", 0 },
	{ "trailing-slash", "TrailingSlash", "note",
	    "A trailing \"/\" does not mean directories only",
	    "Docker cleans a trailing slash away, so \"docs/\" also "
	    "excludes a file named docs.",
	    "Drop the trailing slash, or name the directory's contents "
	    "(\"docs/**\").", 0 },
	{ "bang-class", "BangClass", "warning",
	    "\"[!...]\" is not negation",
	    "In .dockerignore brackets are a regular-expression class: "
	    "\"[!x]\" matches \"!\" or \"x\"; negation is \"[^x]\".",
	    "Write \"[^...]\" for a negated class.", 0 },
	{ "regex-escape", "RegexEscape", "warning",
	    "A backslash escape is a regular-expression escape",
	    "\"\\d\", \"\\s\", \"\\w\" and the like keep their "
	    "regular-expression meaning (a digit, white space, a word "
	    "character); \"file\\d\" does not match \"filed\".",
	    "Write the letter without the backslash, or a class such as "
	    "\"[0-9]\" when that is meant.", 0 },
	{ "caret", "Caret", "warning",
	    "\"^\" anchors instead of matching itself",
	    "Outside a class \"^\" reaches the regular expression as an "
	    "anchor, so the pattern can hardly match.",
	    "Write \"\\^\" for the character.", 0 },
	{ "regex-meta", "RegexMeta", "warning",
	    "\"|\", \"{\" or \"}\" reach the regular expression unescaped",
	    "In a pattern with wildcards Docker does not escape \"|\", "
	    "\"{\" and \"}\": \"a|*.md\" is an alternation, \"x{2}\" a "
	    "repetition.",
	    "Escape the character with a backslash.", 0 },
	{ "useless-exception", "UselessException", "warning",
	    "An exception before any exclusion does nothing",
	    "The last matching rule wins, so a \"!\" line before every "
	    "exclusion can never re-include anything.",
	    "Move the exception after the exclusion it is meant to undo.", 0 },
	{ "root-only", "RootOnly", "warning",
	    "A pattern anchored at the root that would match deeper",
	    ".dockerignore patterns are anchored at the context root: "
	    "\"*.pyc\" does not match \"sub/a.pyc\".",
	    "Write \"**/\" before the pattern to match at any depth.", 0 },
	{ "dead-rule", "DeadRule", "warning",
	    "The rule matches nothing in the tree",
	    "No path of the context matches this pattern.",
	    "Remove the rule, or fix its spelling or anchoring.", 0 },
	{ "shadowed", "Shadowed", "warning",
	    "The rule matches paths but decides none",
	    "Later rules, or an earlier exclusion of a parent, always win "
	    "over this one.",
	    "Remove the rule or move it after the rules that override it.",
	    0 },
	{ "classic-drops", "ClassicDrops", "warning",
	    "The classic builder drops what this exception re-includes",
	    "The classic builder only enters an excluded directory when an "
	    "exception starts with its path; BuildKit sends these paths.",
	    "Spell the exception from the excluded directory's path, or "
	    "build with BuildKit.", 0 },
	{ "buildkit-walks-all", "BuildkitWalksAll", "warning",
	    "A wildcard exception makes BuildKit walk every excluded "
	    "directory",
	    "BuildKit enters every excluded directory when an exception "
	    "has wildcards, which costs time on large trees.",
	    "Anchor the exception to the directory it is meant for.", 0 },
	{ "buildfile-excluded", "BuildfileExcluded", "error",
	    "The classic docker CLI sends no Dockerfile",
	    "The ignore file excludes the Dockerfile in a way the classic "
	    "CLI does not notice (moby#40090), so the build fails.",
	    "Add the suggested exception for the Dockerfile.", 0 },
	{ "secret", "Secret", "warning",
	    "A file that looks like a secret is in the build context",
	    "Files such as .env, *.pem, id_rsa, .npmrc or kubeconfig are "
	    "sent to the builder and may end up in an image layer.",
	    "Add the suggested line to the ignore file (or use a build "
	    "secret).", 1 },
	{ "heavy", "Heavy", "warning",
	    "A heavy directory is in the build context",
	    "Directories such as .git, node_modules or a virtual "
	    "environment are rarely meant for the context and slow every "
	    "build.",
	    "Add the suggested line to the ignore file.", 0 },
	{ "per-dockerfile-ignore", "PerDockerfileIgnore", "warning",
	    "Two ignore files, each read by one builder",
	    "BuildKit reads only <Dockerfile>.dockerignore, the classic "
	    "builder only .dockerignore; they are never merged.",
	    "Keep one ignore file, or keep both identical.", 0 },
	{ "ignore-outside", "IgnoreOutside", "warning",
	    "The ignore file links outside the context",
	    "The classic builder follows the link; BuildKit looks it up "
	    "inside the context.",
	    "Make the ignore file a regular file in the context.", 0 },
	{ "ignore-link", "IgnoreLink", "note",
	    "The ignore file is a symbolic link",
	    "The builders resolve the link differently; BuildKit looks "
	    "links up inside the context.",
	    "Make the ignore file a regular file in the context.", 0 },
	{ "space-slash", "SpaceSlash", "warning",
	    "buildah keeps the \"/\" after leading white space",
	    "buildah strips the slashes at both ends of a line before it "
	    "trims white space, so \" /data\" keeps its slash and matches "
	    "nothing.",
	    "Drop the white space and the slash.", 0 },
	{ "bang-space", "BangSpace", "warning",
	    "buildah does not trim after \"!\"",
	    "\"! a\" re-includes a name starting with white space, not "
	    "\"a\".",
	    "Write the exception without the space.", 0 },
	{ "bom", "Bom", "warning",
	    "A byte-order mark before \"!\" or \"#\"",
	    "buildah skips a byte-order mark when it compiles a pattern, "
	    "after deciding the line is neither an exception nor a comment.",
	    "Save the file without a byte-order mark.", 0 },
	{ "buildah-drops", "BuildahDrops", "warning",
	    "buildah drops what this exception re-includes",
	    "buildah enters an excluded directory only when an exception's "
	    "text starts with its path; a wildcard before the name never "
	    "does.",
	    "Spell the exception from the excluded directory's path.", 0 },
	{ "containerignore-shadows", "ContainerignoreShadows", "warning",
	    ".containerignore and .dockerignore differ",
	    "Podman and buildah read only .containerignore, Docker only "
	    ".dockerignore: the same tree gives two contexts.",
	    "Keep one ignore file, or keep both identical.", 0 },
	{ "docker-differs", "DockerDiffers", "warning",
	    "Docker reads this line otherwise",
	    "The ignore file is one Docker reads too, and this line puts "
	    "paths in or out of buildah's context and not Docker's.",
	    "Write the line so that both read it alike (escape + ( ) | { } "
	    "^, anchor exceptions at the excluded directory).", 0 },
	{ "syntax", "Syntax", "error",
	    "Docker rejects this pattern",
	    "The build fails on this line of the ignore file.",
	    "Fix the pattern at the column shown.", 0 },
	{ "error", "Error", "error",
	    "lint could not finish",
	    "The context could not be read.",
	    "Fix the error shown and run lint again.", 0 },
	/* what the Dockerfile reads (lintbuild.c), last: indices stay */
	{ "copy-ignored", "CopyIgnored", "error",
	    "The ignore file excludes what the Dockerfile copies",
	    "A COPY or ADD source (or a bind mount's) is in the tree but "
	    "the ignore file keeps it out of the context, so the build "
	    "fails with \"not found\" or copies less than the source holds; "
	    "exceptions and wildcards are taken into account.",
	    "Add the suggested exception to the ignore file, or change the "
	    "source.", 0 },
	{ "copy-missing", "CopyMissing", "error",
	    "A Dockerfile source matches nothing in the tree",
	    "A COPY, ADD or bind source names no path of the context (or a "
	    "wildcard matches nothing where the builder then fails), so the "
	    "build fails.",
	    "Fix the source's spelling, the build arguments, or add the "
	    "file.", 0 },
	{ "secret-copied", "SecretCopied", "error",
	    "The build reads a file that looks like a secret",
	    "A COPY, ADD or bind mount reads a file such as .env, a private "
	    "key or a credentials file from the context, which may end up in "
	    "an image layer.",
	    "Exclude it in the ignore file and narrow the COPY, or pass it as "
	    "a build secret (RUN --mount=type=secret).", 1 },
	{ "dockerfile", "Dockerfile", "error",
	    "The Dockerfile does not parse or evaluate",
	    "The builder stops on this line of the Dockerfile, so what the "
	    "build reads is not checked.",
	    "Fix the Dockerfile at the line and column shown.", 0 },
	/* buildah's COPY below a pruned directory, after: indices stay */
	{ "copy-pruned", "CopyPruned", "warning",
	    "buildah copies what a tar of the context lacks",
	    "A COPY source lies in a directory the ignore file excludes and "
	    "no exception opens; buildah's COPY starts at the source and "
	    "copies it when a pattern re-includes it, but COPY . and a tar "
	    "of the context (buildah build -, podman build -) do not.",
	    "Spell an exception from the excluded directory's path (so that "
	    "buildah enters it), or keep the directory in.", 0 },
	/* a directory .dockerignore, after: indices stay */
	{ "ignore-dir", "IgnoreDir", "warning",
	    "The ignore file is a directory",
	    "BuildKit's frontend ignores the failed read and applies no "
	    "ignore file; the classic docker CLI fails on it.",
	    "Remove or rename the directory, and write the rules in a "
	    "regular .dockerignore file.", 0 },
};

#define NRULES	(sizeof(rules) / sizeof(rules[0]))

struct item {
	char			*code, *file, *path, *msg, *fix;
	enum ctxpack_lint_level	 level;
	unsigned		 line, col;
	size_t			 rule;		/* index in the log's rules */
};

struct sarif {
	struct item	*v;
	size_t		 n, cap;
	char		**extra;	/* codes not in the table */
	size_t		 nextra;
};

struct sarif *
sarif_new(void)
{
	return calloc(1, sizeof(struct sarif));
}

static char *
sdup(const char *s, int *bad)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*bad = 1;
	return d;
}

static void
item_free(struct item *it)
{
	free(it->code);
	free(it->file);
	free(it->path);
	free(it->msg);
	free(it->fix);
}

int
sarif_add(struct sarif *s, const struct ctxpack_finding *f)
{
	struct item *it;
	size_t i;
	int bad = 0;

	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		struct item *nv = realloc(s->v, nc * sizeof(*nv));

		if (nv == NULL)
			return -1;
		s->v = nv;
		s->cap = nc;
	}
	it = &s->v[s->n];
	memset(it, 0, sizeof(*it));
	it->code = sdup(f->code, &bad);
	it->file = sdup(f->file, &bad);
	it->path = sdup(f->path, &bad);
	it->msg = sdup(f->msg, &bad);
	it->fix = sdup(f->fix, &bad);
	it->level = f->level;
	it->line = f->line;
	it->col = f->col;
	if (bad || it->code == NULL) {
		item_free(it);
		return -1;
	}
	for (i = 0; i < NRULES; i++)
		if (strcmp(rules[i].code, it->code) == 0)
			break;
	if (i == NRULES) {	/* a code newer than this table */
		size_t k;

		for (k = 0; k < s->nextra; k++)
			if (strcmp(s->extra[k], it->code) == 0)
				break;
		if (k == s->nextra) {
			char **ne = realloc(s->extra, (k + 1) * sizeof(*ne));

			if (ne == NULL || (ne[k] = strdup(it->code)) == NULL) {
				if (ne != NULL)
					s->extra = ne;
				item_free(it);
				return -1;
			}
			s->extra = ne;
			s->nextra++;
		}
		i = NRULES + k;
	}
	it->rule = i;
	s->n++;
	return 0;
}

void
sarif_free(struct sarif *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		item_free(&s->v[i]);
	for (i = 0; i < s->nextra; i++)
		free(s->extra[i]);
	free(s->extra);
	free(s->v);
	free(s);
}

/* "a/./b", "./a" -> "a/b", "a": the lexical clean lint's paths need. */
static char *
clean_join(const char *dir, const char *rel)
{
	size_t dl = dir ? strlen(dir) : 0, rl = strlen(rel), o = 0, i;
	char *buf = malloc(dl + rl + 2), *out;

	if (buf == NULL)
		return NULL;
	if (dl > 0 && rel[0] != '/') {
		memcpy(buf, dir, dl);
		buf[dl] = '/';
		memcpy(buf + dl + 1, rel, rl + 1);
	} else
		memcpy(buf, rel, rl + 1);
	out = buf;
	for (i = 0; buf[i] != '\0';) {
		if ((i == 0 || buf[i - 1] == '/') && buf[i] == '.' &&
		    (buf[i + 1] == '/' || buf[i + 1] == '\0')) {
			i += buf[i + 1] == '/' ? 2 : 1;
			continue;
		}
		if (buf[i] == '/' && o > 0 && out[o - 1] == '/') {
			i++;
			continue;
		}
		out[o++] = buf[i++];
	}
	while (o > 1 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	if (o == 0)
		strcpy(out, ".");
	return out;
}

/*
 * A path as a URI reference: relative to the working directory when it
 * lies below it, else an absolute file: URI.  Every byte but unreserved
 * ones and '/' is percent-encoded (a ':' in the first segment would read
 * as a scheme; spaces, '#', '%' and bytes that are not ASCII must be).
 */
static void
put_uri(FILE *f, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char cwd[PATH_MAX];
	const unsigned char *p = (const unsigned char *)path;
	size_t cl;

	fputc('"', f);
	if (path[0] == '/') {
		if (getcwd(cwd, sizeof(cwd)) != NULL && (cl = strlen(cwd)) > 1 &&
		    strncmp(path, cwd, cl) == 0 && path[cl] == '/' &&
		    path[cl + 1] != '\0')
			p += cl + 1;
		else
			fputs("file://", f);
	}
	for (; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~' || *p == '/')
			fputc(*p, f);
		else
			fprintf(f, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	fputc('"', f);
}

static int
is_regular(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where a finding is: see the comment at the top. */
static void
put_location(FILE *f, const struct item *it, const char *dir)
{
	char *where = NULL, *p = NULL;
	unsigned line = it->line > 0 ? it->line : 1;

	if (it->path != NULL)
		p = clean_join(dir, it->path);
	if (it->file != NULL && it->line > 0)
		where = clean_join(NULL, it->file);
	else if (p != NULL && is_regular(p)) {
		where = p;
		p = NULL;
	} else if (it->file != NULL)
		where = clean_join(NULL, it->file);
	else
		where = clean_join(dir, ".dockerignore");
	fputs("[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
	if (where != NULL)
		put_uri(f, where);
	else
		fputs("\".dockerignore\"", f);
	fprintf(f, "}, \"region\": {\"startLine\": %u", line);
	if (it->line > 0 && it->col > 0)
		fprintf(f, ", \"startColumn\": %u", it->col);
	fputs("}}", f);
	if (p != NULL && strcmp(p, where ? where : "") != 0) {
		fputs(", \"message\": {\"text\": ", f);
		fmt_json_str(f, it->path);
		fputc('}', f);
	}
	fputs("}]", f);
	free(where);
	free(p);
}

static const char *
level(enum ctxpack_lint_level l)
{
	return l == CTXPACK_LINT_ERROR ? "error" : l == CTXPACK_LINT_WARNING ?
	    "warning" : "note";
}

/* The message, with the suggested line: code scanning shows only text. */
static void
put_message(FILE *f, const struct item *it)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	if (it->fix == NULL || (m = open_memstream(&buf, &len)) == NULL) {
		fmt_json_str(f, it->msg);
		return;
	}
	fprintf(m, "%s (suggested line: %s)", it->msg, it->fix);
	fclose(m);
	fmt_json_str(f, buf);
	free(buf);
}

static void
put_rule(FILE *f, const struct rule *r, const char *code, int first)
{
	fprintf(f, "%s\n            {\"id\": ", first ? "" : ",");
	fmt_json_str(f, code);
	if (r == NULL) {
		fputs(", \"shortDescription\": {\"text\": ", f);
		fmt_json_str(f, code);
		fputs("}, \"fullDescription\": {\"text\": \"A ctxpack lint "
		    "finding.\"}, \"help\": {\"text\": \"See ctxpack(1), "
		    "lint.\"}}", f);
		return;
	}
	fputs(", \"name\": ", f);
	fmt_json_str(f, r->name);
	fputs(",\n             \"shortDescription\": {\"text\": ", f);
	fmt_json_str(f, r->shortd);
	fputs("},\n             \"fullDescription\": {\"text\": ", f);
	fmt_json_str(f, r->fulld);
	fputs("},\n             \"help\": {\"text\": ", f);
	fmt_json_str(f, r->help);
	fputs("},\n             \"defaultConfiguration\": {\"level\": ", f);
	fmt_json_str(f, r->level);
	fputs("},\n             \"properties\": {\"tags\": [", f);
	fputs(r->security ? "\"security\", " : "", f);
	fputs("\"docker\", \"dockerignore\"]", f);
	if (r->security)
		fputs(", \"security-severity\": \"7.5\"", f);
	fputs("}}", f);
}

void
sarif_write(FILE *f, const struct sarif *s, const char *dir, int ok)
{
	size_t i;

	fputs("{\n  \"$schema\": \"https://json.schemastore.org/"
	    "sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n"
	    "    {\n      \"tool\": {\n        \"driver\": {\n"
	    "          \"name\": \"ctxpack\",\n", f);
	fprintf(f, "          \"version\": \"%s\",\n", ctxpack_version());
	fprintf(f, "          \"semanticVersion\": \"%s\",\n",
	    ctxpack_version());
	fputs("          \"rules\": [", f);
	for (i = 0; i < NRULES; i++)
		put_rule(f, &rules[i], rules[i].code, i == 0);
	for (i = 0; i < s->nextra; i++)
		put_rule(f, NULL, s->extra[i], 0);
	fputs("\n          ]\n        }\n      },\n", f);
	fprintf(f, "      \"invocations\": [{\"executionSuccessful\": %s}],\n",
	    ok ? "true" : "false");
	fputs("      \"results\": [", f);
	for (i = 0; i < s->n; i++) {
		const struct item *it = &s->v[i];

		fprintf(f, "%s\n        {\"ruleId\": ", i ? "," : "");
		fmt_json_str(f, it->code);
		fprintf(f, ", \"ruleIndex\": %zu, \"level\": \"%s\",\n"
		    "         \"message\": {\"text\": ", it->rule,
		    level(it->level));
		put_message(f, it);
		fputs("},\n         \"locations\": ", f);
		put_location(f, it, dir);
		if (it->fix != NULL || it->path != NULL) {
			fputs(",\n         \"properties\": {", f);
			if (it->path != NULL) {
				fputs("\"path\": ", f);
				fmt_json_str(f, it->path);
			}
			if (it->fix != NULL) {
				fputs(it->path ? ", " : "", f);
				fputs("\"suggestion\": ", f);
				fmt_json_str(f, it->fix);
			}
			fputc('}', f);
		}
		fputc('}', f);
	}
	fputs(s->n ? "\n      ]\n    }\n  ]\n}\n" : "]\n    }\n  ]\n}\n", f);
}
