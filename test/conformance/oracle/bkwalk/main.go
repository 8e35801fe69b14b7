// bkwalk: the BuildKit-mode reference for ctxpack's own tests.  Judges
// every path of DIR with moby/patternmatcher's parent-result matching over
// a full walk (no pruning), keeping the excluded parents of kept paths,
// and prints them in tar order (depth first, names sorted bytewise,
// directories with a trailing '/'), as `ctxpack ls --builder=buildkit`.
// The ignore file is read as patternmatcher/ignorefile.ReadAll reads it;
// KEEP names (the Dockerfile, the ignore file) are appended as exceptions,
// as ctxpack does.
//
// Usage: bkwalk DIR IGNOREFILE [KEEP...]   (exit 2 on a pattern error)
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/moby/patternmatcher"
)

func readAll(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		b := sc.Bytes()
		if line == 0 {
			b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
		}
		line++
		p := string(b)
		if strings.HasPrefix(p, "#") {
			continue
		}
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		inv := p[0] == '!'
		if inv {
			p = strings.TrimSpace(p[1:])
		}
		if len(p) > 0 {
			p = filepath.ToSlash(filepath.Clean(p))
			if len(p) > 1 && p[0] == '/' {
				p = p[1:]
			}
		}
		if inv {
			p = "!" + p
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

type node struct {
	dir  bool
	kids map[string]*node
	kept bool
}

func main() {
	dir, ign := os.Args[1], os.Args[2]
	pats, err := readAll(ign)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for _, k := range os.Args[3:] {
		pats = append(pats, "!"+k)
	}
	pm, err := patternmatcher.New(pats)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Docker compiles a pattern's regexp on its first use only; ctxpack
	// checks them all up front.  Force each one: exit 3 for a pattern
	// Docker would reject only if it ever got to it.
	for _, p := range pats {
		one, err := patternmatcher.New([]string{strings.TrimPrefix(p, "!")})
		if err == nil {
			_, err = one.MatchesOrParentMatches("x")
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "lazy pattern error:", err)
			os.Exit(3)
		}
	}
	root := &node{dir: true, kids: map[string]*node{}}
	infos := map[string]patternmatcher.MatchInfo{".": {}}
	err = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		m, info, err := pm.MatchesUsingParentResults(rel, infos[filepath.Dir(rel)])
		if err != nil {
			return err
		}
		if fi.IsDir() {
			infos[rel] = info
		}
		if fi.Mode()&os.ModeSocket != 0 {
			return nil
		}
		n := root
		parts := strings.Split(rel, "/")
		for i, part := range parts {
			c := n.kids[part]
			if c == nil {
				c = &node{kids: map[string]*node{}, dir: true}
				n.kids[part] = c
			}
			if i == len(parts)-1 {
				c.dir = fi.IsDir()
				if !m {
					c.kept = true
				}
			}
			n = c
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "match error:", err)
		os.Exit(2)
	}
	var emit func(n *node, prefix string) bool
	var out []string
	emit = func(n *node, prefix string) bool {
		names := make([]string, 0, len(n.kids))
		for k := range n.kids {
			names = append(names, k)
		}
		sort.Strings(names)
		any := false
		for _, k := range names {
			c := n.kids[k]
			name := prefix + k
			if c.dir {
				mark := len(out)
				out = append(out, name+"/")
				below := emit(c, name+"/")
				if !c.kept && !below {
					out = out[:mark]
					continue
				}
			} else if c.kept {
				out = append(out, name)
			} else {
				continue
			}
			any = true
		}
		return any
	}
	emit(root, "")
	for _, l := range out {
		fmt.Println(l)
	}
}
