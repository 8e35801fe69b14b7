/*
 * html.c: report --html: one self-contained page.  A squarified treemap
 * of the whole tree (areas by file bytes, sent or not) drawn as inline
 * SVG, with the totals, a legend, the flagged directories and the lines
 * to add beside it.  Nothing is loaded: the styles and the few lines of
 * script (a tooltip) are inline and a Content-Security-Policy forbids
 * the rest.  Every name is escaped twice over: control bytes as C
 * escapes (fmt_text), then &, <, >, " and ' as HTML entities.
 *
 * Every rectangle carries data-n (its node), data-p (its parent) and
 * data-b (its bytes), so a test can check that the areas add up and
 * follow the bytes.  A leaf both sent and excluded is split in two
 * parts (data-part) that tile it.
 *
 * How a node is coloured is decided in node_state() alone: that is the
 * place for more states (what the Dockerfile reads, say).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "treemap.h"

#define MAP_W	960.0
#define MAP_H	590.0

struct page {
	FILE			*f;
	const struct options	*o;
	unsigned		 next;		/* node ids */
};

/* Control bytes escaped, then HTML's five. */
static void
put_html(FILE *f, const char *s)
{
	char *buf = NULL, *p;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (m == NULL)
		return;
	fmt_text(m, s, strlen(s));
	if (fclose(m) != 0) {
		free(buf);
		return;
	}
	for (p = buf; *p != '\0'; p++)
		switch (*p) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*p, f);
		}
	free(buf);
}

static uint64_t
total(const struct ctxpack_tree_node *n)
{
	return n->bytes + n->excluded_bytes;
}

/*
 * The state a node is drawn in.  INHERITED holds the flags of its
 * ancestors (everything inside a heavy directory is heavy).
 */
static const char *
node_state(const struct ctxpack_tree_node *n, unsigned inherited)
{
	unsigned fl = n->flags | inherited;

	if (n->bytes == 0 && n->excluded_bytes > 0)
		return "excl";
	if (fl & CTXPACK_TREE_HEAVY)
		return "heavy";
	if (fl & CTXPACK_TREE_LARGE)
		return "large";
	if (n->kind == CTXPACK_TREE_MORE)
		return "more";
	if (n->bytes > 0 && n->read_bytes == n->bytes)
		return "used";		/* all of it read by the Dockerfile */
	return "sent";
}

/* "name", "name/", or "N more" for a fold. */
static char *
label(const struct ctxpack_tree_node *n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	if (m == NULL)
		return NULL;
	if (n->kind == CTXPACK_TREE_MORE)
		fprintf(m, "%llu more", (unsigned long long)n->folded);
	else
		fprintf(m, "%s%s", n->name ? n->name : "",
		    n->kind == CTXPACK_TREE_DIR ? "/" : "");
	fclose(m);
	return s;
}

/* The tooltip: path, what is sent, what is left out. */
static void
put_title(struct page *pg, const char *path, const struct ctxpack_tree_node *n)
{
	char a[32], b[32];
	FILE *f = pg->f;

	fputs("<title>", f);
	put_html(f, path);
	fprintf(f, "\n%s in the context (%llu file%s)",
	    fmt_iec(n->bytes, a, sizeof(a)), (unsigned long long)n->files,
	    n->files == 1 ? "" : "s");
	if (n->excluded_bytes > 0 || n->excluded_files > 0)
		fprintf(f, "\n%s excluded (%llu file%s)",
		    fmt_iec(n->excluded_bytes, b, sizeof(b)),
		    (unsigned long long)n->excluded_files,
		    n->excluded_files == 1 ? "" : "s");
	if (n->read_bytes > 0)
		fprintf(f, "\n%s read by the Dockerfile",
		    fmt_iec(n->read_bytes, b, sizeof(b)));
	if (n->flags & CTXPACK_TREE_HEAVY)
		fputs("\nheavy directory: add the suggested line", f);
	if (n->flags & CTXPACK_TREE_LARGE)
		fputs("\nlarge directory", f);
	fputs("</title>", f);
}

static void
put_rect(FILE *f, const struct tm_rect *r)
{
	fprintf(f, " x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"",
	    r->x, r->y, r->w, r->h);
}

/* The advance of a character of the label fonts, in em, about. */
#define EM_ADV	0.6

/* A label clipped to WIDTH pixels. */
static void
put_fit(FILE *f, const char *s, double width, double em)
{
	size_t max = (size_t)(width / (em * EM_ADV)), n = strlen(s);
	char *t;

	if (n <= max) {
		put_html(f, s);
		return;
	}
	if (max < 2 || (t = strdup(s)) == NULL)
		return;
	/* cut at a character boundary, then an ellipsis */
	n = max - 1;
	while (n > 0 && ((unsigned char)t[n] & 0xc0) == 0x80)
		n--;
	t[n] = '\0';
	put_html(f, t);
	fputs("\xe2\x80\xa6", f);
	free(t);
}

/*
 * Labels sit at the top left; directory labels stack there, so a label
 * in the corner (x < rx, y < ry) that they cover starts below them.
 */
static double
label_top(const struct tm_rect *r, double rx, double ry)
{
	return r->x < rx && r->y < ry ? ry : r->y;
}

static void
leaf_text(struct page *pg, const struct ctxpack_tree_node *n,
    const struct tm_rect *r, const char *state, double top)
{
	char *l, sz[32];
	FILE *f = pg->f;
	double cx = r->x + 6, cy, h = r->h - (top - r->y);
	int two;

	if (r->w < 44 || h < 17 || (l = label(n)) == NULL)
		return;
	two = h >= 34;
	cy = top + (two ? 16 : h / 2 + 4);
	fprintf(f, "<text class=\"t %s\" x=\"%.2f\" y=\"%.2f\">", state, cx,
	    cy);
	put_fit(f, l, r->w - 10, 11.5);
	fputs("</text>", f);
	if (two) {
		fprintf(f, "<text class=\"s %s\" x=\"%.2f\" y=\"%.2f\">%s"
		    "</text>", state, cx, cy + 14,
		    fmt_iec(total(n), sz, sizeof(sz)));
	}
	fputc('\n', f);
	free(l);
}

/* Does a directory get a label, and how wide is it? 0: none. */
static double
dir_label_width(const struct ctxpack_tree_node *n, const struct tm_rect *r,
    unsigned depth, double top)
{
	char *l, sz[32];
	double w, name;

	if (depth == 0 || r->w < 64 || r->h - (top - r->y) < 40 ||
	    (l = label(n)) == NULL)
		return 0;
	fmt_iec(total(n), sz, sizeof(sz));
	name = (double)strlen(l) * 11 * EM_ADV;
	w = name + (double)(strlen(sz) + 1) * 11 * EM_ADV + 14;
	free(l);
	if (w > r->w - 6)
		w = r->w - 6;
	/* at least four characters of the name, or no label */
	return w - 14 - (double)(strlen(sz) + 1) * 11 * EM_ADV <
	    (name < 4 * 11 * EM_ADV ? name : 4 * 11 * EM_ADV) ? 0 : w;
}

static void
dir_label(struct page *pg, const struct ctxpack_tree_node *n,
    const struct tm_rect *r, double top, double w)
{
	char *l, sz[32];
	FILE *f = pg->f;

	if (w <= 0 || (l = label(n)) == NULL)
		return;
	fmt_iec(total(n), sz, sizeof(sz));
	fprintf(f, "<g class=\"dl\"><rect x=\"%.2f\" y=\"%.2f\" "
	    "width=\"%.2f\" height=\"18\" rx=\"4\"/><text x=\"%.2f\" "
	    "y=\"%.2f\">", r->x + 3, top + 3, w, r->x + 9, top + 15.5);
	put_fit(f, l, w - 14 - (double)(strlen(sz) + 1) * 11 * EM_ADV + 1,
	    11);
	fprintf(f, " <tspan>%s</tspan></text></g>\n", sz);
	free(l);
}

static void draw(struct page *, const struct ctxpack_tree_node *,
    struct tm_rect, const char *, unsigned, unsigned, unsigned, double,
    double);

/* A leaf: one rectangle, or two parts (sent, excluded) that tile it. */
static void
draw_leaf(struct page *pg, const struct ctxpack_tree_node *n,
    struct tm_rect r, const char *path, unsigned id, unsigned pid,
    unsigned inherited, double top)
{
	const char *st = node_state(n, inherited);
	FILE *f = pg->f;

	if (n->bytes > 0 && n->excluded_bytes > 0) {
		struct tm_rect a = r, b = r;
		double k = (double)n->bytes / (double)total(n);

		if (r.w >= r.h) {
			a.w = r.w * k;
			b.x = r.x + a.w;
			b.w = r.w - a.w;
		} else {
			a.h = r.h * k;
			b.y = r.y + a.h;
			b.h = r.h - a.h;
		}
		fprintf(f, "<g class=\"leaf\">");
		fprintf(f, "<rect class=\"n %s\" data-part=\"sent\" "
		    "data-p=\"%u\" data-b=\"%llu\"", st, id,
		    (unsigned long long)n->bytes);
		put_rect(f, &a);
		fputs("/>", f);
		fprintf(f, "<rect class=\"n excl\" data-part=\"excluded\" "
		    "data-p=\"%u\" data-b=\"%llu\"", id,
		    (unsigned long long)n->excluded_bytes);
		put_rect(f, &b);
		fputs("/>", f);
		fprintf(f, "<rect class=\"hit\" data-n=\"%u\" data-p=\"%u\" "
		    "data-b=\"%llu\"", id, pid, (unsigned long long)total(n));
		put_rect(f, &r);
		fputc('>', f);
		put_title(pg, path, n);
		fputs("</rect></g>\n", f);
	} else {
		fprintf(f, "<rect class=\"n %s%s\" data-n=\"%u\" data-p=\"%u\" "
		    "data-b=\"%llu\"", st, n->kind == CTXPACK_TREE_MORE ?
		    " fold" : "", id, pid, (unsigned long long)total(n));
		put_rect(f, &r);
		fputc('>', f);
		put_title(pg, path, n);
		fputs("</rect>\n", f);
	}
	leaf_text(pg, n, &r, st, top);
}

static void
draw(struct page *pg, const struct ctxpack_tree_node *n, struct tm_rect r,
    const char *path, unsigned pid, unsigned depth, unsigned inherited,
    double rx, double ry)
{
	unsigned id = pg->next++;
	FILE *f = pg->f;
	struct tm_rect *cr;
	double *w, top = label_top(&r, rx, ry), lw;
	size_t i;

	if (n->nchild == 0 || total(n) == 0) {
		draw_leaf(pg, n, r, path, id, pid, inherited, top);
		return;
	}
	/* this directory's label joins the stack in the corner */
	if ((lw = dir_label_width(n, &r, depth, top)) > 0) {
		if (top == r.y)
			rx = r.x + 3 + lw;
		else if (r.x + 3 + lw > rx)
			rx = r.x + 3 + lw;
		ry = top + 22;
	}
	if ((w = calloc(n->nchild, sizeof(*w))) == NULL ||
	    (cr = calloc(n->nchild, sizeof(*cr))) == NULL) {
		free(w);
		return;
	}
	for (i = 0; i < n->nchild; i++)
		w[i] = (double)total(&n->child[i]);
	treemap_layout(w, n->nchild, r, cr);
	fprintf(f, "<g class=\"dir d%u\">\n", depth > 3 ? 3 : depth);
	for (i = 0; i < n->nchild; i++) {
		const struct ctxpack_tree_node *c = &n->child[i];
		char *cp = NULL;
		size_t cl = 0;
		FILE *m;

		if (total(c) == 0)
			continue;
		if ((m = open_memstream(&cp, &cl)) == NULL)
			continue;
		if (c->kind == CTXPACK_TREE_MORE)
			fprintf(m, "%s%s%llu more entries", path,
			    *path ? "/" : "", (unsigned long long)c->folded);
		else
			fprintf(m, "%s%s%s%s", path, *path ? "/" : "",
			    c->name, c->kind == CTXPACK_TREE_DIR ? "/" : "");
		fclose(m);
		if (cp != NULL && cl > 0 && cp[cl - 1] == '/' &&
		    c->nchild > 0)
			cp[cl - 1] = '\0';	/* the children add the slash */
		draw(pg, c, cr[i], cp ? cp : "", id, depth + 1,
		    inherited | (n->flags & (CTXPACK_TREE_HEAVY |
		    CTXPACK_TREE_LARGE)), rx, ry);
		free(cp);
	}
	/* the directory itself: an outline over its children */
	fprintf(f, "<rect class=\"o\" data-n=\"%u\" data-p=\"%u\" "
	    "data-b=\"%llu\"", id, pid, (unsigned long long)total(n));
	put_rect(f, &r);
	fputc('>', f);
	put_title(pg, *path ? path : ".", n);
	fputs("</rect>\n", f);
	dir_label(pg, n, &r, top, lw);
	fputs("</g>\n", f);
	free(w);
	free(cr);
}

static const char style[] =
"<style>\n"
":root{--ink:#1c2430;--muted:#5b6675;--line:#e3e7ee;--bg:#f6f7fb;"
"--card:#fff;--sent:#3b73d9;--sent2:#5a8be3;--excl:#e4e7ec;"
"--exclink:#c5cbd5;--heavy:#e0532b;--large:#f2a531;--more:#9fb9ea;"
"--used:#2f9e62}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 "
"system-ui,-apple-system,\"Segoe UI\",\"Helvetica Neue\",\"Liberation Sans\","
"Arial,sans-serif}\n"
"code,pre,.mono{font-family:ui-monospace,\"SFMono-Regular\",Menlo,"
"\"DejaVu Sans Mono\",Consolas,monospace;font-size:12.5px}\n"
"header{padding:22px 32px 8px}\n"
"h1{font-size:21px;margin:0 0 4px;font-weight:650;letter-spacing:-.01em}\n"
"h1 code{font-size:19px;background:#e9edf5;padding:1px 7px;"
"border-radius:5px}\n"
".sub{color:var(--muted);margin:0}\n"
".cards{display:flex;gap:14px;padding:12px 32px 4px;flex-wrap:wrap}\n"
".card{background:var(--card);border:1px solid var(--line);"
"border-radius:10px;padding:10px 16px;min-width:170px}\n"
".card .k{color:var(--muted);font-size:12px;text-transform:uppercase;"
"letter-spacing:.06em}\n"
".card .v{font-size:22px;font-weight:650;margin-top:2px}\n"
".card .d{color:var(--muted);font-size:12.5px}\n"
".card.warn .v{color:var(--heavy)}\n"
"main{display:grid;grid-template-columns:minmax(0,1fr) 330px;gap:20px;"
"padding:14px 32px 28px;align-items:start}\n"
".map{background:var(--card);border:1px solid var(--line);"
"border-radius:10px;padding:10px}\n"
"svg{display:block;width:100%;height:auto}\n"
"rect.n{stroke:#fff;stroke-width:1}\n"
"rect.sent{fill:var(--sent)}\n"
".d2 rect.sent,.d3 rect.sent{fill:var(--sent2)}\n"
"rect.excl{fill:url(#hatch)}\n"
"rect.heavy{fill:var(--heavy)}\n"
".d2 rect.heavy,.d3 rect.heavy{fill:#e86a45}\n"
"rect.large{fill:var(--large)}\n"
"rect.more{fill:var(--more)}\n"
"rect.used{fill:var(--used)}\n"
"rect.hit{fill:transparent}\n"
"rect.o{fill:none;stroke:#fff;stroke-width:2}\n"
".d1>rect.o{stroke-width:3.5}\n"
"rect:hover{filter:brightness(1.12)}\n"
"rect.o:hover{filter:none}\n"
"text{font-size:11.5px;pointer-events:none}\n"
"text.t{font-weight:600}\n"
"text.s{font-size:10.5px;opacity:.85}\n"
"text.sent,text.heavy,text.more{fill:#fff}\n"
"text.more{fill:#1c2a48}\n"
"text.excl{fill:#4b5563}\n"
"text.large{fill:#3b2600}\n"
".dl rect{fill:rgba(18,24,38,.72)}\n"
".dl text{fill:#fff;font-size:11px;font-weight:650}\n"
".dl tspan{font-weight:400;opacity:.8}\n"
"aside section{background:var(--card);border:1px solid var(--line);"
"border-radius:10px;padding:12px 16px;margin-bottom:14px}\n"
"aside h2{font-size:13px;margin:0 0 8px;text-transform:uppercase;"
"letter-spacing:.06em;color:var(--muted)}\n"
".legend div{display:flex;align-items:center;gap:9px;margin:5px 0}\n"
".sw{width:16px;height:16px;border-radius:4px;flex:none}\n"
".sw.sent{background:var(--sent)}.sw.heavy{background:var(--heavy)}\n"
".sw.used{background:var(--used)}\n"
"text.used{fill:#fff}\n"
".sw.large{background:var(--large)}.sw.more{background:var(--more)}\n"
".sw.excl{background:repeating-linear-gradient(135deg,var(--excl) 0 3px,"
"var(--exclink) 3px 4.5px)}\n"
"pre{background:#101722;color:#e8edf6;border-radius:8px;padding:10px 12px;"
"margin:6px 0 0;overflow:auto;line-height:1.55;white-space:pre-wrap;"
"overflow-wrap:anywhere}\n"
"pre .c{color:#8c99ad}\n"
"table{border-collapse:collapse;width:100%}\n"
"td{padding:3px 0;vertical-align:top}\n"
"td.r{text-align:right;white-space:nowrap;padding-left:10px;"
"color:var(--muted)}\n"
"td code{word-break:break-all}\n"
".none{color:var(--muted)}\n"
"#tip{position:fixed;pointer-events:none;background:rgba(16,23,34,.94);"
"color:#fff;padding:7px 10px;border-radius:7px;font-size:12.5px;"
"white-space:pre;display:none;box-shadow:0 4px 14px rgba(0,0,0,.25);"
"max-width:520px;overflow:hidden}\n"
"#tip b{font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;"
"font-weight:600}\n"
"footer{color:var(--muted);font-size:12px;padding:0 32px 24px}\n"
"</style>\n";

/* The tooltip: the <title> texts move to data-t, a box follows. */
static const char script[] =
"<script>\n"
"(function(){\n"
"var tip=document.getElementById('tip');\n"
"document.querySelectorAll('svg rect > title').forEach(function(t){\n"
"t.parentNode.setAttribute('data-t',t.textContent);t.remove();});\n"
"var svg=document.querySelector('svg');\n"
"if(svg){svg.addEventListener('mousemove',function(e){\n"
"var r=e.target.closest('[data-t]');\n"
"if(!r){tip.style.display='none';return;}\n"
"var s=r.getAttribute('data-t').split('\\n');\n"
"tip.textContent='';var b=document.createElement('b');b.textContent=s[0];\n"
"tip.appendChild(b);tip.appendChild(document.createTextNode('\\n'+"
"s.slice(1).join('\\n')));\n"
"tip.style.display='block';\n"
"var x=e.clientX+14,y=e.clientY+14;\n"
"if(x+tip.offsetWidth>innerWidth-8)x=e.clientX-tip.offsetWidth-14;\n"
"if(y+tip.offsetHeight>innerHeight-8)y=e.clientY-tip.offsetHeight-14;\n"
"tip.style.left=x+'px';tip.style.top=y+'px';});\n"
"svg.addEventListener('mouseleave',function(){tip.style.display='none';});}\n"
"document.documentElement.setAttribute('data-ready','1');\n"
"})();\n"
"</script>\n";

static void
card(FILE *f, const char *cls, const char *k, const char *v, const char *d)
{
	fprintf(f, "<div class=\"card%s%s\"><div class=\"k\">%s</div>"
	    "<div class=\"v\">%s</div><div class=\"d\">%s</div></div>\n",
	    *cls ? " " : "", cls, k, v, d);
}

static void
cards(FILE *f, const struct options *o, const struct ctxpack_report *r)
{
	char a[32], b[32], d[128];
	size_t i, nh = 0, nl = 0;

	for (i = 0; i < r->nflags; i++) {
		if (r->flags[i].flag == CTXPACK_FLAG_HEAVY)
			nh++;
		else
			nl++;
	}
	fputs("<section class=\"cards\">\n", f);
	snprintf(d, sizeof(d), "%s files, %s of file data",
	    fmt_grouped(r->after_files, a, sizeof(a)),
	    fmt_iec(r->after_bytes, b, sizeof(b)));
	card(f, "", "Sent to the builder", fmt_iec(r->tar_bytes, a,
	    sizeof(a)), d);
	snprintf(d, sizeof(d), "%s files, %.1f%% of the bytes",
	    fmt_grouped(r->excluded_files, a, sizeof(a)),
	    r->before_bytes ? 100.0 * (double)r->excluded_bytes /
	    (double)r->before_bytes : 0.0);
	card(f, "", "Left out", fmt_iec(r->excluded_bytes, b, sizeof(b)), d);
	snprintf(d, sizeof(d), "%s files in %s directories",
	    fmt_grouped(r->before_files, a, sizeof(a)),
	    fmt_grouped(r->before_dirs, b, sizeof(b)));
	card(f, "", "Whole tree", fmt_iec(r->before_bytes, a, sizeof(a)), d);
	snprintf(a, sizeof(a), "%zu", r->nflags);
	snprintf(d, sizeof(d), "%zu heavy, %zu over %s", nh, nl,
	    fmt_iec(o->large, b, sizeof(b)));
	card(f, r->nflags ? "warn" : "", "Flagged directories", a, d);
	fputs("</section>\n", f);
}

static void
sidebar(FILE *f, struct ctxpack_ctx *ctx, const struct options *o,
    const struct ctxpack_report *r)
{
	const char *ign = ctxpack_ctx_ignore_file(ctx);
	char a[32];
	size_t i, nsug = 0;

	fputs("<aside>\n<section class=\"legend\"><h2>Legend</h2>\n"
	    "<div><span class=\"sw sent\"></span>In the context</div>\n", f);
	if (r->has_build)
		fputs("<div><span class=\"sw used\"></span>In the context and "
		    "read by the Dockerfile</div>\n", f);
	fputs(
	    "<div><span class=\"sw excl\"></span>Excluded by the ignore file"
	    "</div>\n"
	    "<div><span class=\"sw heavy\"></span>Heavy directory in the "
	    "context</div>\n", f);
	fprintf(f, "<div><span class=\"sw large\"></span>Directory over %s"
	    "</div>\n", fmt_iec(o->large, a, sizeof(a)));
	fputs("<div><span class=\"sw more\"></span>Smaller entries, "
	    "folded</div>\n<p class=\"none\" style=\"margin:8px 0 0\">"
	    "Areas are file bytes. Hover for paths and sizes.</p>"
	    "</section>\n", f);
	/* the suggestion engine's lines, each under its comment line (a
	 * comment after a pattern would be part of it) */
	nsug = r->suggestions != NULL ? r->suggestions->n : 0;
	fputs("<section><h2>Add to ", f);
	put_html(f, ign ? ign : ".dockerignore");
	fputs("</h2>\n", f);
	if (nsug == 0)
		fputs("<p class=\"none\">Nothing to add: no line would leave "
		    "out more without leaving out what the build reads.</p>\n",
		    f);
	else {
		fputs("<pre>", f);
		for (i = 0; i < nsug; i++) {
			char *buf = NULL;
			size_t len = 0;
			FILE *m = open_memstream(&buf, &len);

			if (m == NULL)
				break;
			sug_comment(m, &r->suggestions->v[i]);
			if (fclose(m) == 0) {
				fputs("<span class=\"c\">", f);
				put_html(f, buf);
				fputs("</span>\n", f);
			}
			free(buf);
			put_html(f, r->suggestions->v[i].line);
			fputc('\n', f);
		}
		fputs("</pre>\n", f);
	}
	fputs("</section>\n", f);
	if (r->nlargest > 0) {
		fputs("<section><h2>Largest directories</h2><table>\n", f);
		for (i = 0; i < r->nlargest && i < 8; i++) {
			fputs("<tr><td><code>", f);
			put_html(f, r->largest[i].path);
			fprintf(f, "/</code></td><td class=\"r\">%s</td></tr>\n",
			    fmt_iec(r->largest[i].bytes, a, sizeof(a)));
		}
		fputs("</table></section>\n", f);
	}
	if (r->nfiles > 0) {
		fputs("<section><h2>Largest files</h2><table>\n", f);
		for (i = 0; i < r->nfiles && i < 8; i++) {
			fputs("<tr><td><code>", f);
			put_html(f, r->files[i].path);
			fprintf(f, "</code></td><td class=\"r\">%s</td></tr>\n",
			    fmt_iec(r->files[i].bytes, a, sizeof(a)));
		}
		fputs("</table></section>\n", f);
	}
	fputs("</aside>\n", f);
}

static void
page(FILE *f, const struct options *o, struct ctxpack_ctx *ctx,
    const struct ctxpack_report *r)
{
	const char *ign = ctxpack_ctx_ignore_file(ctx);
	const char *df = ctxpack_ctx_dockerfile(ctx);
	struct page pg = { f, o, 1 };
	struct tm_rect all = { 0, 0, MAP_W, MAP_H };
	char *real;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'unsafe-inline'; img-src data:\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>ctxpack report: ", f);
	put_html(f, o->dir);
	fputs("</title>\n", f);
	fputs(style, f);
	fputs("</head>\n<body>\n<header><h1>Build context of <code>", f);
	if ((real = realpath(o->dir, NULL)) != NULL) {
		const char *b = strrchr(real, '/');

		put_html(f, b != NULL && b[1] != '\0' ? b + 1 : real);
		free(real);
	} else
		put_html(f, o->dir);
	fprintf(f, "</code></h1>\n<p class=\"sub\">builder %s \xc2\xb7 "
	    "ignore file ", o->lib.builder == CTXPACK_CLASSIC ? "classic" :
	    "buildkit");
	put_html(f, ign ? ign : "none");
	fputs(" \xc2\xb7 Dockerfile ", f);
	put_html(f, df ? df : "none");
	fputs("</p></header>\n", f);
	cards(f, o, r);
	fputs("<main>\n<div class=\"map\">\n", f);
	fprintf(f, "<svg viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/"
	    "2000/svg\" role=\"img\" aria-label=\"treemap of the context\">\n"
	    "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"#e4e7ec\"/>"
	    "<rect width=\"2\" height=\"6\" fill=\"#c9cfd9\"/></pattern>"
	    "</defs>\n", MAP_W, MAP_H);
	if (r->tree == NULL || total(r->tree) == 0)
		fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#eef1f6\""
		    "/><text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" "
		    "style=\"font-size:16px;fill:#5b6675\">No file data in "
		    "this tree</text>\n", MAP_W, MAP_H, MAP_W / 2, MAP_H / 2);
	else
		draw(&pg, r->tree, all, "", 0, 0, 0, 0, 0);
	fputs("</svg>\n</div>\n", f);
	sidebar(f, ctx, o, r);
	fprintf(f, "</main>\n<footer>Made by ctxpack %s: <code>ctxpack report "
	    "--html</code>. Sizes are file bytes; the tar adds headers "
	    "(%llu entries).</footer>\n<div id=\"tip\"></div>\n",
	    ctxpack_version(), (unsigned long long)r->after_entries);
	fputs(script, f);
	fputs("</body>\n</html>\n", f);
}

int
html_write(const struct options *o, struct ctxpack_ctx *ctx,
    const struct ctxpack_report *r)
{
	FILE *f;

	if (strcmp(o->html, "-") == 0) {
		page(stdout, o, ctx, r);
		return 0;
	}
	if ((f = fopen(o->html, "w")) == NULL) {
		msg_error("%s: %s", o->html, strerror(errno));
		return -1;
	}
	page(f, o, ctx, r);
	if (ferror(f) | (fclose(f) != 0)) {
		msg_error("%s: write error: %s", o->html, strerror(errno));
		return -1;
	}
	return 0;
}
