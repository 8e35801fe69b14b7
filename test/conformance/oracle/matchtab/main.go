// matchtab: generates test/conformance/match.tab, the ctxpack matcher test table, from
// cases.txt. Every expected verdict comes from the real Go library
// github.com/moby/patternmatcher; the "deciding rule" line numbers come from a
// re-implementation of its loops that uses one single-pattern matcher per
// pattern, and every re-implemented verdict is asserted equal to the
// library's own verdict (generation aborts otherwise).
//
// Build/run (GOPATH mode, Debian packages golang-go and
// golang-github-moby-patternmatcher-dev):
//
//	cd test/conformance/oracle/matchtab
//	GO111MODULE=off GOPATH=/usr/share/gocode go run . [-in cases.txt] [-out ../../match.tab]
//
// Input format (cases.txt), one directive per line:
//
//	# text            ignored
//	## text           copied to the table as a "# text" comment
//	case NAME         start a case
//	note TEXT         copied to the table as "# TEXT" inside the case
//	p LINE            one raw ignore-file line (escapes as in match.tab)
//	t PATH            emit an m row and a w row for PATH
//	t/E PATH          same, and check the verdicts against the expectation E
//	                  taken from the spec doc: x|i (both modes) or two letters
//	                  (m then w, e.g. t/ix); mismatches are reported on
//	                  stderr as DOC-MISMATCH (not fatal)
//	ta PATH           emit m and w rows for every ancestor of PATH and PATH
//	experr LINE       the case must fail to compile at LINE (checked, fatal)
//
// Escapes (LINE and PATH, input and output): \\ \n \t \r \xHH \s (space);
// any other backslash sequence is literal.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/moby/patternmatcher"
)

var realStderr = os.Stderr

func fatalf(format string, a ...interface{}) {
	fmt.Fprintf(realStderr, "matchtab: "+format+"\n", a...)
	os.Exit(1)
}

func warnf(format string, a ...interface{}) {
	fmt.Fprintf(realStderr, format+"\n", a...)
}

// ---------------------------------------------------------------- escapes

func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch s[i+1] {
		case '\\':
			b.WriteByte('\\')
			i++
		case 'n':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'r':
			b.WriteByte('\r')
			i++
		case 's':
			b.WriteByte(' ')
			i++
		case 'x':
			if i+4 > len(s) {
				return "", fmt.Errorf("short \\x escape in %q", s)
			}
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return "", fmt.Errorf("bad \\x escape in %q", s)
			}
			b.WriteByte(byte(v))
			i += 3
		default:
			b.WriteByte(c) // literal backslash; next char handled normally
		}
	}
	return b.String(), nil
}

// escape encodes raw bytes for the table. Spaces become \s unless they are
// single interior spaces; control bytes, invalid UTF-8, U+FFFD, U+FEFF,
// Unicode spaces, non-printable runes and combining marks become \xHH per
// byte. A backslash is written doubled only where a decoder could otherwise
// see an escape: before \ n t r s x, before another escape sequence, and at
// the end of the field; elsewhere it is literal (\d stays \d).
func escape(s string) string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			toks = append(toks, "\\") // decided below
			i++
		case c == '\n':
			toks = append(toks, `\n`)
			i++
		case c == '\t':
			toks = append(toks, `\t`)
			i++
		case c == '\r':
			toks = append(toks, `\r`)
			i++
		case c == ' ':
			if i == 0 || i == len(s)-1 || s[i-1] == ' ' || s[i+1] == ' ' {
				toks = append(toks, `\s`)
			} else {
				toks = append(toks, " ")
			}
			i++
		case c < 0x20 || c == 0x7f:
			toks = append(toks, fmt.Sprintf(`\x%02x`, c))
			i++
		case c < utf8.RuneSelf:
			toks = append(toks, string(c))
			i++
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError || r == 0xFEFF || unicode.IsSpace(r) || !unicode.IsPrint(r) || unicode.Is(unicode.M, r) {
				t := ""
				for k := 0; k < w; k++ {
					t += fmt.Sprintf(`\x%02x`, s[i+k])
				}
				toks = append(toks, t)
			} else {
				toks = append(toks, s[i:i+w])
			}
			i += w
		}
	}
	var b strings.Builder
	for k, t := range toks {
		if t == "\\" {
			if k+1 == len(toks) || toks[k+1][0] == '\\' || strings.IndexByte("ntrsx", toks[k+1][0]) >= 0 {
				t = `\\`
			}
		}
		b.WriteString(t)
	}
	return b.String()
}

// ---------------------------------------------------------------- reading

type rawPat struct {
	line int    // 1-based line in the ignore file
	text string // what ignorefile.ReadAll would return for this line
}

// readIgnore mirrors moby/patternmatcher/ignorefile.ReadAll (v0.6.x), which is
// also what /work/shared/tools/buildkit-oracle.src does: bufio.Scanner lines
// (64 KiB limit, CR before LF dropped), BOM stripped from the first line,
// comment iff the first byte is '#', TrimSpace, '!' + TrimSpace, Clean,
// one leading '/' dropped when len > 1, '!' re-attached.
func readIgnore(data []byte) ([]rawPat, int, error) {
	var out []rawPat
	sc := bufio.NewScanner(bytes.NewReader(data))
	n := 0
	for sc.Scan() {
		b := sc.Bytes()
		if n == 0 {
			b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
		}
		line := string(b)
		n++
		if strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		invert := line[0] == '!'
		if invert {
			line = strings.TrimSpace(line[1:])
		}
		if len(line) > 0 {
			line = filepath.ToSlash(filepath.Clean(line))
			if len(line) > 1 && line[0] == '/' {
				line = line[1:]
			}
		}
		if invert {
			line = "!" + line
		}
		out = append(out, rawPat{n, line})
	}
	return out, n, sc.Err()
}

// ---------------------------------------------------------------- cases

type query struct {
	path   string
	expect string // "" or two letters x/i for m and w
	srcLn  int
}

type tcase struct {
	name    string
	srcLn   int
	lines   []string
	notes   []string
	pre     []string // "## " comments preceding the case
	queries []query
	experr  int
}

func parseInput(r io.Reader) ([]*tcase, []string) {
	var cases []*tcase
	var pending []string
	var trailer []string
	var cur *tcase
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	ln := 0
	for sc.Scan() {
		ln++
		s := sc.Text()
		if strings.HasPrefix(s, "##") {
			pending = append(pending, strings.TrimPrefix(strings.TrimPrefix(s, "##"), " "))
			continue
		}
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		dir, arg := s, ""
		if i := strings.IndexByte(s, ' '); i >= 0 {
			dir, arg = s[:i], s[i+1:]
		}
		if dir == "case" {
			if arg == "" || strings.ContainsAny(arg, " \t") {
				fatalf("cases.txt:%d: bad case name %q", ln, arg)
			}
			for _, c := range cases {
				if c.name == arg {
					fatalf("cases.txt:%d: duplicate case name %q", ln, arg)
				}
			}
			cur = &tcase{name: arg, srcLn: ln, pre: pending}
			pending = nil
			cases = append(cases, cur)
			continue
		}
		if cur == nil {
			fatalf("cases.txt:%d: %q before first case", ln, dir)
		}
		switch {
		case dir == "note":
			cur.notes = append(cur.notes, arg)
		case dir == "p":
			v, err := unescape(arg)
			if err != nil {
				fatalf("cases.txt:%d: %v", ln, err)
			}
			cur.lines = append(cur.lines, v)
		case dir == "experr":
			n, err := strconv.Atoi(arg)
			if err != nil {
				fatalf("cases.txt:%d: bad experr", ln)
			}
			cur.experr = n
		case dir == "t" || strings.HasPrefix(dir, "t/") || dir == "ta":
			exp := ""
			if strings.HasPrefix(dir, "t/") {
				exp = dir[2:]
				if len(exp) == 1 {
					exp += exp
				}
				if len(exp) != 2 || strings.Trim(exp, "xi") != "" {
					fatalf("cases.txt:%d: bad expectation %q", ln, dir)
				}
			}
			p, err := unescape(arg)
			if err != nil {
				fatalf("cases.txt:%d: %v", ln, err)
			}
			if p == "" || p[0] == '/' || strings.HasSuffix(p, "/") || filepath.Clean(p) != p || p == "." {
				fatalf("cases.txt:%d: path %q is not a clean relative path", ln, p)
			}
			if strings.IndexByte(p, 0) >= 0 {
				fatalf("cases.txt:%d: path contains NUL", ln)
			}
			if dir == "ta" {
				parts := strings.Split(p, "/")
				for k := 1; k <= len(parts); k++ {
					cur.queries = append(cur.queries, query{path: strings.Join(parts[:k], "/"), srcLn: ln})
				}
			} else {
				cur.queries = append(cur.queries, query{path: p, expect: exp, srcLn: ln})
			}
		default:
			fatalf("cases.txt:%d: unknown directive %q", ln, dir)
		}
	}
	if err := sc.Err(); err != nil {
		fatalf("reading input: %v", err)
	}
	trailer = pending
	return cases, trailer
}

// ---------------------------------------------------------------- oracle

type entry struct {
	line   int
	text   string // reader output handed to patternmatcher.New
	body   string // cleaned pattern without '!' (Pattern.String())
	excl   bool   // exception ("!") pattern
	single *patternmatcher.PatternMatcher
}

// test reports whether entry e's pattern matches path itself (no parents).
// A 1-pattern matcher evaluated with MatchesUsingParentResult does exactly one
// pattern.match(path): for a normal pattern with parentMatched=false the result
// is the match; for an exception with parentMatched=true it is !match.
func (e *entry) test(path string) bool {
	r, err := e.single.MatchesUsingParentResult(path, e.excl)
	if err != nil {
		fatalf("single-pattern match %q vs %q: %v", e.text, path, err)
	}
	if e.excl {
		return !r
	}
	return r
}

func ancestors(path string) []string {
	parent := filepath.Dir(path)
	if parent == "." {
		return nil
	}
	dirs := strings.Split(parent, "/")
	out := make([]string, len(dirs))
	for i := range dirs {
		out[i] = strings.Join(dirs[:i+1], "/")
	}
	return out
}

// r15: MatchesOrParentMatches re-implemented; returns verdict and deciding line.
func r15(es []*entry, path string) (bool, int) {
	matched, decide := false, 0
	anc := ancestors(path)
	for _, e := range es {
		if e.excl != matched {
			continue
		}
		m := e.test(path)
		if !m {
			for _, a := range anc {
				if e.test(a) {
					m = true
					break
				}
			}
		}
		if m {
			matched, decide = !e.excl, e.line
		}
	}
	return matched, decide
}

// r17: a walk from the top with MatchesUsingParentResults re-implemented.
func r17(es []*entry, path string) (bool, int) {
	parts := strings.Split(path, "/")
	var flags []bool // nil = zero MatchInfo
	matched, decide := false, 0
	for k := 1; k <= len(parts); k++ {
		p := strings.Join(parts[:k], "/")
		nf := make([]bool, len(es))
		matched, decide = false, 0
		for i, e := range es {
			m := false
			if len(flags) != 0 {
				m = flags[i]
			}
			if !m {
				if e.excl != matched {
					continue
				}
				m = e.test(p)
				if !m && len(flags) == 0 {
					for _, a := range ancestors(p) {
						if e.test(a) {
							m = true
							break
						}
					}
				}
			}
			nf[i] = m
			if m {
				matched, decide = !e.excl, e.line
			}
		}
		flags = nf
	}
	return matched, decide
}

func realWalk(pm *patternmatcher.PatternMatcher, path string) (bool, error) {
	parts := strings.Split(path, "/")
	info := patternmatcher.MatchInfo{}
	var m bool
	var err error
	for k := 1; k <= len(parts); k++ {
		m, info, err = pm.MatchesUsingParentResults(strings.Join(parts[:k], "/"), info)
		if err != nil {
			return false, err
		}
	}
	return m, nil
}

func verdict(b bool) string {
	if b {
		return "excl"
	}
	return "incl"
}

// emitted records, in output order, the raw value of every p line and of
// every m/w row's PATH, for the round-trip check in verifyTable.
var emitted []string

// verifyTable re-reads the generated table with the documented decoder and
// checks that every p line and PATH decodes to exactly the raw bytes used.
func verifyTable(tab []byte) {
	var got []string
	for n, line := range strings.Split(string(tab), "\n") {
		var field string
		switch {
		case strings.HasPrefix(line, "p "):
			field = line[2:]
		case strings.HasPrefix(line, "m "), strings.HasPrefix(line, "w "):
			f := strings.SplitN(line, " ", 4)
			if len(f) != 4 || (f[1] != "excl" && f[1] != "incl") {
				fatalf("self-check: bad row at table line %d: %q", n+1, line)
			}
			if _, err := strconv.Atoi(f[2]); err != nil {
				fatalf("self-check: bad line number at table line %d", n+1)
			}
			field = f[3]
		default:
			if strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t") {
				fatalf("self-check: trailing white space at table line %d", n+1)
			}
			continue
		}
		if strings.HasSuffix(field, " ") || strings.HasSuffix(field, "\t") || strings.ContainsAny(field, "\r\x00") {
			fatalf("self-check: raw white space/control byte in field at table line %d", n+1)
		}
		v, err := unescape(field)
		if err != nil {
			fatalf("self-check: table line %d: %v", n+1, err)
		}
		got = append(got, v)
	}
	if len(got) != len(emitted) {
		fatalf("self-check: %d fields decoded, %d emitted", len(got), len(emitted))
	}
	for i := range got {
		if got[i] != emitted[i] {
			fatalf("self-check: field %d decodes to %q, raw value was %q", i, got[i], emitted[i])
		}
	}
}

type counts struct{ m, w, e, cases, mismatches int }

func runCase(c *tcase, out *bytes.Buffer, cnt *counts) {
	data := []byte(strings.Join(c.lines, "\n"))
	if len(c.lines) > 0 {
		data = append(data, '\n')
	}
	raws, nlines, err := readIgnore(data)
	if err != nil {
		fatalf("case %s: reader error %v (not representable in the table)", c.name, err)
	}
	if nlines != len(c.lines) {
		fatalf("case %s: %d p lines but the reader saw %d lines (a p line contains a newline?)", c.name, len(c.lines), nlines)
	}

	// Per-pattern compile, eager and lazy errors.
	var es []*entry
	errLine, errMsg := 0, ""
	firstEagerLine, firstEagerMsg := 0, ""
	for _, r := range raws {
		spm, err := patternmatcher.New([]string{r.text})
		if err != nil {
			if errLine == 0 {
				errLine, errMsg = r.line, err.Error()
			}
			if firstEagerLine == 0 {
				firstEagerLine, firstEagerMsg = r.line, err.Error()
			}
			continue
		}
		ps := spm.Patterns()
		if len(ps) == 0 {
			continue // dropped by New (empty after its own TrimSpace)
		}
		e := &entry{line: r.line, text: r.text, body: ps[0].String(), excl: ps[0].Exclusion(), single: spm}
		// Lazy check: exactly one match on a fresh matcher (v0.5.0 panics on
		// a second match after a failed regexp compile).
		if _, err := spm.MatchesUsingParentResult("x", e.excl); err != nil {
			if errLine == 0 {
				errLine, errMsg = r.line, err.Error()
			}
			continue
		}
		es = append(es, e)
	}

	pm, err := patternmatcher.New(texts(raws))
	if firstEagerLine != 0 {
		if err == nil || err.Error() != firstEagerMsg {
			fatalf("case %s: New(all) error %v, per-pattern eager error %q at line %d", c.name, err, firstEagerMsg, firstEagerLine)
		}
	} else if err != nil {
		fatalf("case %s: New(all) failed unexpectedly: %v", c.name, err)
	}

	fmt.Fprintf(out, "\ncase %s\n", c.name)
	for _, n := range c.notes {
		fmt.Fprintf(out, "# %s\n", n)
	}
	for _, l := range c.lines {
		fmt.Fprintf(out, "p %s\n", escape(l))
		emitted = append(emitted, l)
	}
	cnt.cases++

	if errLine != 0 {
		if c.experr != 0 && c.experr != errLine {
			fatalf("case %s: error at line %d, cases.txt expects %d", c.name, errLine, c.experr)
		}
		if len(c.queries) != 0 {
			fatalf("case %s: has an error (line %d: %s) but also paths to judge", c.name, errLine, errMsg)
		}
		fmt.Fprintf(out, "e %d %s\n", errLine, errMsg)
		cnt.e++
		return
	}
	if c.experr != 0 {
		fatalf("case %s: expected an error at line %d but it compiles", c.name, c.experr)
	}

	ps := pm.Patterns()
	if len(ps) != len(es) {
		fatalf("case %s: %d patterns in matcher, %d re-implemented", c.name, len(ps), len(es))
	}
	for i := range ps {
		if ps[i].String() != es[i].body || ps[i].Exclusion() != es[i].excl {
			fatalf("case %s: pattern %d is %q/%v, re-implemented %q/%v", c.name, i, ps[i].String(), ps[i].Exclusion(), es[i].body, es[i].excl)
		}
	}

	seen := map[string]bool{}
	for _, q := range c.queries {
		if seen[q.path] {
			continue
		}
		seen[q.path] = true
		gm, err := pm.MatchesOrParentMatches(q.path)
		if err != nil {
			fatalf("case %s: MatchesOrParentMatches(%q): %v", c.name, q.path, err)
		}
		gw, err := realWalk(pm, q.path)
		if err != nil {
			fatalf("case %s: MatchesUsingParentResults walk (%q): %v", c.name, q.path, err)
		}
		mm, ml := r15(es, q.path)
		wm, wl := r17(es, q.path)
		if mm != gm {
			fatalf("case %s: path %q: R15 re-implementation %v, library %v", c.name, q.path, mm, gm)
		}
		if wm != gw {
			fatalf("case %s: path %q: R17 re-implementation %v, library %v", c.name, q.path, wm, gw)
		}
		// Consistency of the deciding line: excl needs a normal pattern,
		// incl needs 0 or an exception.
		for _, d := range [][2]interface{}{{mm, ml}, {wm, wl}} {
			ex, l := d[0].(bool), d[1].(int)
			if ex && (l == 0 || isException(es, l)) || !ex && l != 0 && !isException(es, l) {
				fatalf("case %s: path %q: verdict %v with deciding line %d", c.name, q.path, ex, l)
			}
		}
		ep := escape(q.path)
		fmt.Fprintf(out, "m %s %d %s\n", verdict(mm), ml, ep)
		fmt.Fprintf(out, "w %s %d %s\n", verdict(wm), wl, ep)
		emitted = append(emitted, q.path, q.path)
		cnt.m++
		cnt.w++
		if q.expect != "" {
			got := string(verdict(mm)[0]) + string(verdict(wm)[0])
			want := strings.NewReplacer("x", "e", "i", "i").Replace(q.expect)
			if got != want {
				cnt.mismatches++
				warnf("DOC-MISMATCH case %s (cases.txt:%d) path %q: doc expects m=%s w=%s, library says m=%s w=%s",
					c.name, q.srcLn, q.path, name(want[0]), name(want[1]), verdict(mm), verdict(wm))
			}
		}
	}
}

func isException(es []*entry, line int) bool {
	for _, e := range es {
		if e.line == line {
			return e.excl
		}
	}
	return false
}

func name(b byte) string {
	if b == 'e' {
		return "excl"
	}
	return "incl"
}

func texts(rs []rawPat) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.text
	}
	return out
}

func pmVersion() string {
	// Debian package version of golang-github-moby-patternmatcher-dev, from
	// /usr/share/doc/.../changelog.Debian.gz (first line).
	f, err := os.Open("/usr/share/doc/golang-github-moby-patternmatcher-dev/changelog.Debian.gz")
	if err != nil {
		fatalf("cannot read patternmatcher changelog: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		fatalf("changelog: %v", err)
	}
	first, err := bufio.NewReader(zr).ReadString('\n')
	if err != nil {
		fatalf("changelog: %v", err)
	}
	i, j := strings.IndexByte(first, '('), strings.IndexByte(first, ')')
	if i < 0 || j < i {
		fatalf("changelog: unexpected first line %q", first)
	}
	return first[i+1 : j]
}

func main() {
	in := flag.String("in", "cases.txt", "input case file")
	outPath := flag.String("out", "../../match.tab", "output table")
	flag.Parse()

	// text/scanner (used by patternmatcher's compile) prints "invalid
	// character NUL" / "invalid UTF-8 encoding" to os.Stderr; silence it.
	if dn, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		os.Stderr = dn
	}

	f, err := os.Open(*in)
	if err != nil {
		fatalf("%v", err)
	}
	cases, trailer := parseInput(f)
	f.Close()

	deb := pmVersion()
	upstream := deb
	if i := strings.IndexByte(upstream, '-'); i >= 0 {
		upstream = upstream[:i]
	}

	var body bytes.Buffer
	var cnt counts
	for _, c := range cases {
		for _, s := range c.pre {
			if s == "" {
				body.WriteString("#\n")
			} else {
				fmt.Fprintf(&body, "# %s\n", s)
			}
		}
		runCase(c, &body, &cnt)
	}
	for _, s := range trailer {
		fmt.Fprintf(&body, "# %s\n", s)
	}

	var out bytes.Buffer
	fmt.Fprintf(&out, `# ctxpack matcher test table -- GENERATED FILE, DO NOT EDIT.
#
# Expected results come from the real Go library github.com/moby/patternmatcher
# %s (Debian golang-github-moby-patternmatcher-dev %s; matching code identical
# to v0.6.x apart from the v0.6.1 nil-regexp fix), run with %s, by the generator
# test/conformance/oracle/matchtab (input test/conformance/oracle/matchtab/cases.txt). Ignore-file lines
# are read like moby/patternmatcher/ignorefile.ReadAll.
# Regenerate:
#   cd test/conformance/oracle/matchtab && GO111MODULE=off GOPATH=/usr/share/gocode go run .
#
# Rows: %d m, %d w, %d e in %d cases.
#
# Format:
#   case NAME               new case, resets the pattern list
#   p LINE                  raw ignore-file line; lines are numbered 1,2,... in p order
#   m excl|incl LINE PATH   MatchesOrParentMatches (R15); LINE = deciding rule, 0 = none
#   w excl|incl LINE PATH   walk from the top with MatchesUsingParentResults (R17)
#   e LINE MESSAGE          compiling fails; first offending line (eager or lazy error)
# Escapes in LINE/PATH: \\ \n \t \r \xHH \s(space); any other backslash is literal.
`, upstream, deb, runtime.Version(), cnt.m, cnt.w, cnt.e, cnt.cases)
	out.Write(body.Bytes())
	verifyTable(out.Bytes())

	if err := os.WriteFile(*outPath, out.Bytes(), 0o644); err != nil {
		fatalf("%v", err)
	}
	fmt.Fprintf(realStderr, "matchtab: wrote %s: %d cases, %d m rows, %d w rows, %d e rows, %d doc mismatches\n",
		*outPath, cnt.cases, cnt.m, cnt.w, cnt.e, cnt.mismatches)
	if cnt.mismatches != 0 {
		warnf("matchtab: note: DOC-MISMATCH lines are informational; the table follows the library")
	}
}
